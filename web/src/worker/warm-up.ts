/**
 * @module worker/warm-up — the interactive worker's warm-up before it answers its first request: a
 * run of slider previews of the scenario on screen, so that a drag's first steps find the model's
 * code and HiGHS' WebAssembly compiled by the engine's optimising tiers rather than run by their
 * first, slow ones (docs/web.md, "A slider's preview").
 */
import type { Engine } from '../../../model/engine';

/**
 * Previews solved at most. Measured in Chromium on the default preset (2 shared cores): the first
 * takes 0.2–1 s, the next ones 60–80 ms, the tenth 20 ms, and from about the fortieth on 5–10 ms,
 * the time of a drag's step once warm.
 */
export const WARM_UP_SOLVES = 60;

/**
 * Longest the warm-up may hold back the worker's readiness after its first preview, ms (the server
 * answers meanwhile).
 */
export const WARM_UP_MS = 2000;

/**
 * Largest scenario warmed up on, in site-months (months × sites; the default preset has 60): a
 * larger one's first preview alone could outlast the pool's start time-out, and its drags are not
 * a frame's work anyway.
 */
export const WARM_UP_MAX_SITE_MONTHS = 240;

/**
 * Solves up to {@link WARM_UP_SOLVES} previews of `body` (an optimize request body), each with the
 * discount rate a little apart as a dragged slider moves it, within {@link WARM_UP_MS} after the
 * first; none for a scenario over {@link WARM_UP_MAX_SITE_MONTHS}. A body the engine refuses, or a
 * failed solve, ends the warm-up: it is only ever a head start.
 */
export async function warmUp(engine: Engine, body: unknown): Promise<void> {
  if (!isScenarioBody(body)) return;
  const siteMonths = body.horizonMonths * (Array.isArray(body.sites) ? body.sites.length : 1);
  if (!(siteMonths <= WARM_UP_MAX_SITE_MONTHS)) return;
  const rate = body.financing.discountRatePerYear;
  let t0 = Number.POSITIVE_INFINITY;
  for (let k = 0; k < WARM_UP_SOLVES && performance.now() - t0 < WARM_UP_MS; k++) {
    try {
      await engine.preview({
        ...body,
        financing: { ...body.financing, discountRatePerYear: rate * (1 + k * 1e-4) },
        solve: { ...body.solve, marginalValues: 'off' },
      });
    } catch {
      return;
    }
    // The first preview also loads and compiles what it needs: the time counts from its end.
    if (k === 0) t0 = performance.now();
  }
}

/** A body with the fields the warm-up reads and varies (the engine checks the rest). */
function isScenarioBody(body: unknown): body is {
  horizonMonths: number;
  sites?: unknown;
  financing: { discountRatePerYear: number };
  solve?: Record<string, unknown>;
} {
  const b = body as {
    horizonMonths?: unknown;
    financing?: { discountRatePerYear?: unknown };
  } | null;
  return (
    typeof b?.horizonMonths === 'number' && typeof b.financing?.discountRatePerYear === 'number'
  );
}
