/**
 * @module solve-warm-up — a solve thread's warm-up: optimizes of the default preset on an engine of
 * its own, run when the thread starts and stopped by its first job, so that the JIT has compiled
 * the model's code and HiGHS' WebAssembly is at its optimised tier before real requests come.
 */
import { createEngine, ScenarioSchema, sitesOf, type Scenario } from '../model';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';
import type { AsideThread } from './aside-thread';
import { warmUpPowerFactor } from './limits';

/** What the pool passes each solve thread (`workerData`). */
export interface SolveThreadData {
  /** Optimizes to warm up with (0: none). */
  readonly warmUpSolves: number;
}

/**
 * The warm-up the server gives each solve thread. Measured in one process on the 60-month default
 * preset (a slider's moves, marginal values on): a fresh thread's optimizes took p50 148 ms over
 * the first 5, 40 over the next 10, 23 up to the 30th, 14 up to the 60th and 9.6 from then on
 * (docs/solvers.md, "A solve thread's warm-up").
 */
export const SOLVE_WARM_UP_SOLVES = 80;

/** The default preset with its power price moved by −10 … +10 % (the `i`-th of 20 steps). */
function moved(base: Scenario, i: number): Scenario {
  const s = structuredClone(base);
  for (const v of sitesOf(s)) v.scenario.site.energyUsdPerMWh *= warmUpPowerFactor(i);
  return s;
}

/**
 * Runs up to `solves` optimizes of the default preset, its power price moved a little each time,
 * on an engine of its own (whose live models are disposed at the end: the thread's own engine
 * starts as it would have, and its answers are the same), then their answers as JSON, as a job's.
 * With `aside` (the thread beside the solve thread) the optimizes send it their earlier-commencement
 * LPs, so that it is started and warmed too, and it is reset at the end (its warm starts dropped,
 * as the engine's). Between two it yields to the thread's event loop and stops once `stop()` is
 * true — a job has come: a job waits at most for the one optimize under way, never for the warm-up.
 */
export async function warmUpSolves(
  solves: number,
  stop: () => boolean,
  aside?: AsideThread,
): Promise<number> {
  if (solves <= 0) return 0;
  const engine = createEngine({ aside });
  const base = ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID));
  let done = 0;
  try {
    for (; done < solves; done++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (stop()) break;
      JSON.stringify(await engine.optimize(moved(base, done)));
    }
  } finally {
    engine.warm.live?.clear();
    aside?.reset();
  }
  return done;
}
