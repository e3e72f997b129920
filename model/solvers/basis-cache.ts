/**
 * @module solvers/basis-cache — warm starts across solves: the optimal basis of the last LP of each
 * shape is kept and the next LP of that shape starts from it. A slider move changes coefficients,
 * not the shape, so the next solve needs a handful of simplex iterations instead of hundreds. The
 * cache is the one warm-start object its owner creates and passes in (an engine keeps one for the
 * optimum, the analyses' points and the remembered answers alike); the answer is verified either
 * way.
 */
import type { Lp } from '../lp';
import type { WarmBasis } from './highs-warm';
import { liveModels, type LiveModels } from './live-models';
import { shape } from './lp-shape';

/** Shapes remembered (least recently used dropped first). */
const MAX_SHAPES = 32;

/**
 * Optimal bases by LP shape and role, least recently used first. The role keeps apart LPs of one
 * shape that are far apart in solution (an optimum and its mining-only baseline have the same
 * columns and rows).
 */
export interface WarmStarts {
  get(lp: Lp, role?: string): WarmBasis | null;
  set(lp: Lp, basis: WarmBasis | null, role?: string): void;
  /**
   * The basis last set under `role`, whatever its shape: consecutive points of a map or a scan are
   * neighbours, and a basis that does not fit is dropped by the solve (`solveWarm`).
   */
  latest(role: string): WarmBasis | null;
  /**
   * Answers remembered by key (least recently used dropped first), e.g. a mining-only plan that no
   * offer moves.
   */
  recall<T>(key: string): T | undefined;
  remember<T>(key: string, value: T): void;
  /**
   * The owner's live HiGHS models (`warmStarts({ live: true })`): LPs of a kept shape are updated in
   * place and re-solved hot (solvers/live-models.ts).
   */
  readonly live?: LiveModels;
}

/**
 * A new, empty warm-start cache; with `live`, one that also keeps live models (for a long-lived
 * owner: an engine of a thread or a worker — their HiGHS memory lives as long as the owner).
 *
 * @example
 * const warm = warmStarts(); await optimize(scenario, { warm }); // the next optimize of a similar
 * scenario starts from this one's basis
 */
export function warmStarts(options: { readonly live?: boolean } = {}): WarmStarts {
  const cache = new Map<string, WarmBasis>();
  const memo = new Map<string, unknown>();
  const latest = new Map<string, WarmBasis>();
  return {
    ...(options.live ? { live: liveModels() } : {}),
    recall<T>(key: string) {
      const v = memo.get(key);
      if (v !== undefined) {
        memo.delete(key);
        memo.set(key, v);
      }
      return v as T | undefined;
    },
    remember(key, value) {
      memo.delete(key);
      memo.set(key, value);
      while (memo.size > MAX_SHAPES) memo.delete(memo.keys().next().value!);
    },
    get: (lp, role = '') => cache.get(`${role}|${shape(lp)}`) ?? null,
    latest: (role) => latest.get(role) ?? null,
    set(lp, basis, role = '') {
      const key = `${role}|${shape(lp)}`;
      cache.delete(key);
      if (basis) cache.set(key, basis);
      if (basis) latest.set(role, basis);
      while (cache.size > MAX_SHAPES) cache.delete(cache.keys().next().value!);
    },
  };
}
