/**
 * A batch with a Monte Carlo per item (docs/montecarlo.md, "POST /api/batches"): each item's
 * figures are POST /api/montecarlo's on its scenario with the same seed, to the last bit, however
 * the paths are cut into blocks; the CSV carries them; a batch over the Monte Carlo limit is a 400
 * naming the field.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { analysisPool } from '../../api/analysis-pool';
import { jobStore, runService } from '../../api/jobs';
import { BatchRequestSchema, batchInput, type BatchItem } from '../../api/jobs/batch';
import { embeddedEngine } from '../../api/jobs/engine';
import { sqliteStorage } from '../../api/storage';
import { MonteCarloSummarySchema, type Percentiles } from '../../model';
import { scenario24 } from '../montecarlo/fixture';

const post = (app: ReturnType<typeof createApp>, path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  });

async function waitForBatch(app: ReturnType<typeof createApp>, id: string) {
  for (;;) {
    const body = (await (await app.request(`/api/batches/${id}`)).json()) as any;
    if (body.status !== 'running') return body;
    await new Promise((r) => setImmediate(r));
  }
}

/** The Monte Carlo every item runs: slips, and a treasury with a loan (so margin calls count). */
const montecarlo = {
  paths: 120,
  seed: 7,
  btc: { volatilityPerYear: 0.7 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
  risks: { slip: { probability: 0.3, months: 6 } },
  treasury: { holdShare: 0.5, loan: { maxLtv: 0.5, ratePerYear: 0.08, marginCallLtv: 0.6 } },
};

/** p5, p50 and p95 of a Monte Carlo answer's percentiles. */
const band = (p: Percentiles) => ({ p5: p!.p5, p50: p!.p50, p95: p!.p95 });

/** Two scenarios with different optima. */
const scenarios = () => {
  const cheap = scenario24();
  cheap.site = { ...cheap.site, energyUsdPerMWh: 30 };
  return [scenario24(), { ...cheap, name: 'cheap power' }];
};

describe('POST /api/batches with montecarlo', () => {
  const app = createApp();

  it("gives each item POST /api/montecarlo's figures for its scenario and seed, exactly, and CSV columns", async () => {
    const res = await post(app, '/api/batches', { scenarios: scenarios(), montecarlo });
    expect(res.status).toBe(202);
    const { id, total } = (await res.json()) as any;
    expect(total).toBe(2);
    const batch = await waitForBatch(app, id);
    expect(batch).toMatchObject({ status: 'done', done: 2, total: 2 });
    const items = batch.results as BatchItem[];
    expect(items.map((i) => i.status)).toEqual(['optimal', 'optimal']);
    for (const [k, scenario] of scenarios().entries()) {
      const direct = MonteCarloSummarySchema.parse(
        await (await post(app, '/api/montecarlo', { scenario, ...montecarlo })).json(),
      );
      const mc = items[k].montecarlo!;
      expect(mc).toEqual({
        paths: 120,
        seed: 7,
        mode: 'policy',
        probabilityConversionBeatsMining: direct.probabilityConversionBeatsMining,
        plan: {
          npvPercentilesUsd: band(direct.plan.npvPercentilesUsd),
          meanNpvUsd: direct.plan.meanNpvUsd,
          unfundedShare: direct.plan.unfundedShare,
          riskShares: direct.plan.riskShares,
          marginCallShare: direct.plan.marginCallShare,
        },
        miningOnly: {
          npvPercentilesUsd: band(direct.miningOnly.npvPercentilesUsd),
          meanNpvUsd: direct.miningOnly.meanNpvUsd,
        },
      });
      // The figures say something: slips hit some paths, not all.
      expect(mc.plan.riskShares!.slip).toBeGreaterThan(0);
      expect(mc.plan.riskShares!.slip).toBeLessThan(1);
    }
    expect(items[0].montecarlo!.plan.npvPercentilesUsd).not.toEqual(
      items[1].montecarlo!.plan.npvPercentilesUsd,
    );

    const lines = (await (await app.request(`/api/batches/${id}.csv`)).text()).trim().split('\r\n');
    const header = lines[0].split(',');
    for (const column of [
      'mcPaths',
      'mcProbabilityConversionBeatsMiningShare',
      'mcPlanNpvP5Usd',
      'mcPlanNpvP50Usd',
      'mcPlanNpvP95Usd',
      'mcMiningOnlyNpvP5Usd',
      'mcMiningOnlyNpvP50Usd',
      'mcMiningOnlyNpvP95Usd',
      'mcUnfundedShare',
      'mcTenantDefaultShare',
      'mcSlipShare',
      'mcCapexOverrunShare',
      'mcMarginCallShare',
    ])
      expect(header).toContain(column);
    const row = lines[2].split(',');
    const at = (column: string) => Number(row[header.indexOf(column)]);
    const second = items[1].montecarlo!;
    expect(at('mcPlanNpvP50Usd')).toBe(second.plan.npvPercentilesUsd!.p50);
    expect(at('mcMiningOnlyNpvP5Usd')).toBe(second.miningOnly.npvPercentilesUsd!.p5);
    expect(at('mcSlipShare')).toBe(second.plan.riskShares!.slip);
    expect(at('mcMarginCallShare')).toBe(second.plan.marginCallShare);
    // The workbook is the same table, numbers as numbers.
    const book = XLSX.read(
      new Uint8Array(await (await app.request(`/api/batches/${id}.xlsx`)).arrayBuffer()),
      { type: 'array' },
    );
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets.Results, { header: 1 });
    expect(sheet[0]).toEqual(header);
    expect(sheet[2][header.indexOf('mcPlanNpvP5Usd')]).toBe(second.plan.npvPercentilesUsd!.p5);
  }, 300_000);

  it('gives the same figures whatever the blocks, chunks and threads', async () => {
    const input = batchInput(BatchRequestSchema.parse({ scenarios: scenarios(), montecarlo }));
    // Blocks of 7 paths: 18 per item, each finding the optimum again, four to a chunk.
    const small = { ...input, montecarlo: { ...input.montecarlo!, blockPaths: 7 } };
    const threads = analysisPool({ size: 2 });
    const here = jobStore(sqliteStorage(':memory:'));
    const there = jobStore(sqliteStorage(':memory:'));
    const engines = [
      runService(here, embeddedEngine(here), { pollMs: 5 }),
      runService(there, embeddedEngine(there, { compute: (w) => threads.items(w), parallel: 2 }), {
        pollMs: 5,
      }),
    ];
    try {
      const answers = [];
      for (const [runs, i] of [
        [engines[0], input],
        [engines[0], small],
        [engines[1], small],
      ] as const) {
        const id = await runs.startBatch(i);
        expect((await runs.wait(id, 'batch')).status).toBe('done');
        answers.push(await runs.batchItems(id));
      }
      expect(answers[0].map((i) => i.status)).toEqual(['optimal', 'optimal']);
      expect(answers[0][0].montecarlo!.paths).toBe(120);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
      expect(threads.stats().completed).toBeGreaterThanOrEqual(2);
    } finally {
      await Promise.all(engines.map((r) => r.close()));
      await threads.close();
    }
  }, 300_000);

  it('is a 400 too_large naming montecarlo.paths when items × paths pass the Monte Carlo limit', async () => {
    const res = await post(app, '/api/batches', {
      scenarios: scenarios(),
      montecarlo: { ...montecarlo, paths: 60_000 },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as any;
    expect(error.code).toBe('too_large');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].path).toBe('montecarlo.paths');
    expect(error.issues[0].message).toContain('2 items × 60000 paths = 120000 paths');
    expect(error.issues[0].message).toContain('at most 100000');
  });

  it('is a 400 naming montecarlo.risks for risks in hindsight mode', async () => {
    const res = await post(app, '/api/batches', {
      scenario: scenario24(),
      sweep: [{ parameter: 'site.energyUsdPerMWh', from: 30, to: 50, steps: 2 }],
      montecarlo: { ...montecarlo, mode: 'hindsight' },
    });
    expect(res.status).toBe(400);
    const paths = ((await res.json()) as any).error.issues.map((i: any) => i.path);
    expect(paths).toContain('montecarlo.risks');
  });

  it('keeps the optimum of an item whose Monte Carlo cannot run, with why', async () => {
    const series = scenario24();
    series.market = {
      ...series.market,
      hashprice: { kind: 'series', usdPerPhDay: Array(24).fill(45) },
    };
    const res = await post(app, '/api/batches', {
      scenarios: [series],
      montecarlo: { ...montecarlo, paths: 10 },
    });
    const batch = await waitForBatch(app, ((await res.json()) as any).id);
    const [item] = batch.results as BatchItem[];
    expect(item.status).toBe('optimal');
    expect(item.npvUsd).not.toBeNull();
    expect(item.montecarlo).toBeNull();
    expect(item.message).toContain('scenario.market.hashprice');
  }, 120_000);
});
