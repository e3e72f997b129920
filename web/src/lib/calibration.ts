/**
 * @module lib/calibration — the Monte Carlo process fitted to the market history, as
 * data/calibration.json holds it (method: docs/market.md, "Calibration"). Written by
 * `npm run calibrate`; not edited by hand.
 */

/** The history's first and last month. */
export const CALIBRATED_ON = { from: '2016-01', to: '2025-12' } as const;

/** The history's last day: the date of the latest market figure fitted. */
export const HISTORY_ENDS = '2025-12-29';

/** Volatilities per √year and their correlation. */
export const CALIBRATED_PROCESS = {
  btcVolatilityPerYear: 0.7398597079461823,
  networkVolatilityPerYear: 0.35430092741068364,
  correlation: 0.2215472752487797,
} as const;
