/**
 * @module aside.test — the earlier-commencement marginal value solved beside the request
 * (`startAside`, an `AsideSolve` on another engine): the same values as the request solving it
 * itself, on every single-site preset with seeded moves; the other thread's answer is the one
 * used; a thread that fails leaves the request to solve it; nothing is sent where no value is
 * computed, nor when the request says not to.
 */
import { describe, expect, it } from 'vitest';
import { loadPreset, presetIds } from '../../data/load';
import {
  createEngine,
  ScenarioSchema,
  type AsideSolve,
  type Scenario,
  type SolveResult,
} from '../../model';
import { startAside } from '../../model/analyses';
import { USD_PER_MODEL_UNIT as M } from '../../model/units';
import { movePrice } from '../../scripts/lib/offers';
import { rng } from '../helpers/rng';

/** Seeded moves of every single-site preset (at most 60 months), three per preset. */
function scenarios(): Scenario[] {
  const rand = rng(7).next;
  const out: Scenario[] = [];
  for (const id of presetIds()) {
    const raw = loadPreset(id) as any;
    if (raw.sites) continue;
    for (let i = 0; i < 3; i++) {
      const s = structuredClone(raw);
      s.horizonMonths = Math.min(60, s.horizonMonths);
      s.hpcOptions.forEach((o: any) => movePrice(o, 0.8 + 0.4 * rand()));
      s.site.energyUsdPerMWh *= 0.9 + 0.2 * rand();
      out.push(ScenarioSchema.parse(s));
    }
  }
  return out;
}

const earlier = (r: SolveResult) => r.marginalValues?.earlierCommencementUsd ?? null;

describe('the earlier-commencement marginal value beside the request', () => {
  it('is the value the request finds itself, solved on the other thread', async () => {
    const alone = createEngine();
    const beside = createEngine();
    const sent: Scenario[] = [];
    const aside: AsideSolve = (s) => {
      sent.push(s);
      return beside.aside(s);
    };
    const paired = createEngine({ aside });
    let compared = 0;
    for (const s of scenarios()) {
      const before = sent.length;
      const [a, b] = [await alone.optimize(s), await paired.optimize(s)];
      expect(b.status).toBe(a.status);
      expect(b.npvUsd).toBe(a.npvUsd);
      const v = earlier(a);
      if (v === null) {
        expect(earlier(b)).toBeNull();
        continue;
      }
      // One scenario sent, each offer's build a month shorter.
      expect(sent.length).toBe(before + 1);
      const shorter = sent[before].hpcOptions!.map((o) => o.buildMonths);
      expect(shorter).toEqual(s.hpcOptions!.map((o) => Math.max(1, o.buildMonths - 1)));
      // The same LP's optimum from another start: equal within the solver's accuracy.
      expect(Math.abs(earlier(b)! - v)).toBeLessThanOrEqual(1e-7 * Math.abs(a.npvUsd!) + 1);
      expect(b.marginalValues!.methods.earlierCommencementUsd).toBe('resolve');
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
  }, 300_000);

  it("takes the other thread's answer, and solves it itself when the thread fails", async () => {
    const s = scenarios()[0];
    const beside = createEngine();
    const own = await createEngine().optimize(s);
    const v = earlier(own)!;
    expect(v).not.toBeNull();
    // An answer one model unit higher moves the value by as much: it is the one used.
    const shifted = await createEngine({
      aside: async (x) => {
        const a = await beside.aside(x);
        return { objective: a!.objective! + 1 };
      },
    }).optimize(s);
    expect(Math.abs(earlier(shifted)! - (v + M))).toBeLessThanOrEqual(
      1e-7 * Math.abs(own.npvUsd!) + 1,
    );
    // A thread that throws, or answers null (not solved there): the request's own re-solve.
    for (const aside of [
      () => Promise.reject(new Error('thread gone')),
      () => Promise.resolve(null),
    ] satisfies AsideSolve[]) {
      const r = await createEngine({ aside }).optimize(s);
      expect(Math.abs(earlier(r)! - v)).toBeLessThanOrEqual(1e-7 * Math.abs(own.npvUsd!) + 1);
    }
  }, 120_000);

  it('sends nothing where no such value is computed', () => {
    const s = scenarios()[0];
    const calls: Scenario[] = [];
    const aside: AsideSolve = async (x) => {
      calls.push(x);
      return null;
    };
    expect(startAside(s, aside)).toBeDefined();
    expect(startAside(s, undefined)).toBeUndefined();
    const off = ScenarioSchema.parse({ ...s, solve: { ...s.solve, marginalValues: 'off' } });
    expect(startAside(off, aside)).toBeUndefined();
    const jslp = ScenarioSchema.parse({ ...s, solve: { ...s.solve, solver: 'jslp' } });
    expect(startAside(jslp, aside)).toBeUndefined();
    const noShorter = ScenarioSchema.parse({
      ...s,
      hpcOptions: s.hpcOptions!.map((o) => ({ ...o, buildMonths: 1, switchoverMonths: 0 })),
    });
    expect(startAside(noShorter, aside)).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('is not sent when the request says so (a busy pool: `beside: false`)', async () => {
    const s = scenarios()[0];
    let calls = 0;
    const engine = createEngine({
      aside: async () => {
        calls++;
        return null;
      },
    });
    const here = await engine.optimize(s, { beside: false });
    expect(calls).toBe(0);
    expect(here.marginalValues!.earlierCommencementUsd).not.toBeNull();
    await engine.optimize(s);
    expect(calls).toBe(1);
  }, 60_000);
});
