/**
 * @module runner — how the API runs solves: in-process, or in a pool of worker threads (see
 * pool.ts).
 */
import { createEngine, type Plan, type Scenario, type SolveResult } from '../model';
import type { QueueLoad } from './admission';
import { runJslpThread } from './jslp-thread';

/** Runs the model's entry points; the API never calls the model's solvers directly. */
export interface SolveRunner {
  optimize(scenario: Scenario): Promise<SolveResult>;
  evaluate(scenario: Scenario, plan: Plan): Promise<SolveResult>;
  /**
   * Busy/queued counts for /api/health and the admission check (`maxQueue`: the queue limit, if
   * any).
   */
  stats(): QueueLoad;
  close(): Promise<void>;
  /**
   * `optimize`'s answer as JSON text, written where it was solved (the solve process,
   * solve-process.ts): /api/optimize sends it as is, so the event loop neither copies nor
   * serialises a 50 kB answer. Absent: the route serialises `optimize`'s.
   */
  optimizeJson?(scenario: Scenario): Promise<string>;
  /** `evaluate`'s answer as JSON text (see `optimizeJson`). */
  evaluateJson?(scenario: Scenario, plan: Plan): Promise<string>;
}

/**
 * Solves on the calling thread, with one engine (its warm starts; javascript-lp-solver in a thread
 * killed at the time limit, as the pool's threads run it): for tests and scripts.
 */
export function inProcessRunner(): SolveRunner {
  const engine = createEngine({ jslp: runJslpThread });
  let busy = 0;
  const track = async <T>(p: () => Promise<T>) => {
    busy++;
    try {
      return await p();
    } finally {
      busy--;
    }
  };
  return {
    optimize: (s) => track(() => engine.optimize(s)),
    evaluate: (s, p) => track(() => engine.evaluate(s, p)),
    stats: () => ({ size: 0, busy, queued: 0 }),
    close: async () => {},
  };
}
