/**
 * @module test/model/reason — the plain-words reason (model/reason.ts) on every shipped preset, the
 * $65 lease that leaves the site idle, a site whose mining never pays and an infeasible scenario:
 * the answer carries it, it names what the months show, and nothing it says is contradicted by the
 * months (read by test/helpers/reason-check.ts, which shares no code with the model).
 */
import { describe, expect, it } from 'vitest';
import { loadPreset, presetIds } from '../../data/load';
import {
  optimize,
  reasonOf,
  ReasonSchema,
  ScenarioSchema,
  type ScenarioInput,
  type SolveResult,
} from '../../model';
import { lease65, monthOf, reasonContradictions } from '../helpers/reason-check';

const TIMEOUT = 180_000;

/** texas-100mw edited, solved. */
function texasWith(edit: (s: any) => void): Promise<SolveResult> {
  const s = structuredClone(loadPreset('texas-100mw')) as any;
  edit(s);
  return solved(s);
}

async function solved(input: ScenarioInput): Promise<SolveResult> {
  const scenario = ScenarioSchema.parse(input);
  const r = await optimize(scenario);
  // The engine's answer carries the reason, and it is the one the pure function gives.
  expect(ReasonSchema.parse(r.reason)).toEqual(reasonOf(scenario, r));
  return r;
}

const allWords = (r: SolveResult) => [r.reason!.decision, ...r.reason!.because];

describe('the reason in plain words', () => {
  it.each(presetIds())(
    'never contradicts the months on preset %s',
    async (id) => {
      const r = await solved(loadPreset(id)!);
      expect(r.status).toBe('optimal');
      expect(r.reason!.decision.length).toBeGreaterThan(20);
      expect(r.reason!.because.length).toBeGreaterThan(0);
      expect(reasonContradictions(r, allWords(r))).toEqual([]);
      // The facts are the months': mining stops where the rows show it.
      for (const f of r.reason!.facts) {
        const rows = f.siteId ? r.sites!.find((x) => x.id === f.siteId)!.months : r.months;
        if (f.miningStopsMonth)
          expect(
            rows.filter((x) => x.month >= f.miningStopsMonth!).every((x) => x.miningMW < 1e-3),
          ).toBe(true);
        const built = r.plan.builds
          .filter((b) => b.siteId === f.siteId)
          .reduce((a, b) => a + b.mw, 0);
        expect(f.convertedMW).toBeCloseTo(built, 6);
      }
    },
    TIMEOUT,
  );

  it(
    'at a $65 lease says the fleet is sold and the site idles, in the months the rows show',
    async () => {
      const r = await solved(lease65());
      expect(r.plan.builds).toEqual([]);
      const d = r.reason!.decision;
      const sold = /fleet is sold in (\w{3} \d{4})/.exec(d)?.[1];
      const idle = /site stands idle from (\w{3} \d{4})/.exec(d)?.[1];
      expect(sold).toBeDefined();
      expect(idle).toBeDefined();
      // The months: mining MW drop to 0 in the month named and stay there; nothing is held after.
      const k = r.months.findIndex((x) => x.month === monthOf(sold!));
      expect(r.months[k - 1].miningMW).toBeGreaterThan(1);
      expect(
        r.months.slice(k).every((x) => x.miningMW < 1e-3 && x.fleetExistingHeldMW < 1e-3),
      ).toBe(true);
      expect(d).not.toMatch(/keep the site mining/i);
      expect(r.reason!.because.join(' ')).toMatch(
        /does not pay under these inputs \(\$65\/kW-month/,
      );
      expect(reasonContradictions(r, allWords(r))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'on texas-100mw names the cap that leaves MW idle and the breakeven mining would not cover',
    async () => {
      const r = await solved(loadPreset('texas-100mw')!);
      const idle = r.reason!.because.find((b) => /stand idle/.test(b))!;
      expect(idle).toMatch(/^50 MW stand idle from Jul 2028 because only 100 MW may convert/);
      const last = r.months.at(-1)!;
      const hp = /breakeven \(hashprice \$([\d.]+)\/PH\/day/.exec(idle)?.[1];
      expect(Math.abs(Number(hp) - last.hashpriceUsdPerPhDay)).toBeLessThanOrEqual(0.5);
      expect(idle).toContain(`$${Math.round(r.breakevens!.refreshUsdPerPhDay!)}/PH/day breakeven`);
    },
    TIMEOUT,
  );

  it(
    'on a site whose mining never pays says it stands idle from the first month',
    async () => {
      const r = await texasWith((s) => {
        s.hpcOptions[0].leaseUsdPerKwMonth = 20;
        s.market.hashprice = { kind: 'series', usdPerPhDay: Array(s.horizonMonths).fill(5) };
      });
      expect(r.status).toBe('optimal');
      expect(r.reason!.decision).toBe(
        'Convert nothing: the fleet is sold in Jan 2027 without mining; the site stands idle ' +
          'from Jan 2027 (150 MW from Jul 2028)',
      );
      expect(r.months.every((x) => x.miningMW < 1e-3)).toBe(true);
      expect(reasonContradictions(r, allWords(r))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'on an infeasible scenario gives the diagnosis and no facts',
    async () => {
      const r = await texasWith((s) => {
        s.financing.minCashUsd = 1e12;
      });
      expect(r.status).toBe('infeasible');
      expect(r.reason!.decision).toBe('No plan meets every constraint');
      expect(r.reason!.because[0]).toBe(r.diagnosis![0].message);
      expect(r.reason!.facts).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'the check is not vacuous: "keep the site mining" on the $65 months is a contradiction',
    async () => {
      const r = await solved(lease65());
      const words = ['Keep the site mining: no conversion pays under these inputs.'];
      expect(reasonContradictions(r, words)).not.toEqual([]);
      expect(reasonContradictions(r, ['Convert nothing: mining stops in Jan 2029'])).not.toEqual(
        [],
      );
    },
    TIMEOUT,
  );
});
