/**
 * @module runner — how the API runs solves: in-process, or in a pool of worker threads (see
 * pool.ts).
 */
import { evaluate, optimize, type Plan, type Scenario, type SolveResult } from '../model';
import type { QueueLoad } from './admission';

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
}

/** Solves on the calling thread: for tests and scripts. */
export function inProcessRunner(): SolveRunner {
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
    optimize: (s) => track(() => optimize(s)),
    evaluate: (s, p) => track(() => evaluate(s, p)),
    stats: () => ({ size: 0, busy, queued: 0 }),
    close: async () => {},
  };
}
