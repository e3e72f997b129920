/**
 * @module load — reads the shipped scenario presets, validated, for the API and the CLI (the
 * sourced CSV and JSON tables are read by their test, test/data/tables.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema, type ScenarioInput } from '../model/schema';

// Resolved from this module, not the cwd, so the API and the tests find the files from anywhere.
const DATA_DIR = dirname(fileURLToPath(import.meta.url));
const PRESET_DIR = join(DATA_DIR, 'presets');
const PRESET_ID = /^[a-z0-9-]+$/;

/** Id of the preset the app opens with (`data/presets/texas-100mw.json`). */
export const DEFAULT_PRESET_ID = 'texas-100mw';

/** One entry of `GET /api/presets`. `description` is '' when the preset has none. */
export interface PresetSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/**
 * Reads a scenario JSON file and validates it with `ScenarioSchema`.
 * Returns the object as written (the input form: optional fields may be missing), not the parsed
 * one.
 * @throws Error `invalid preset <file>: <field>: <message>; …` when the file is not JSON or not a
 * valid scenario.
 */
export function loadPresetFile(path: string): ScenarioInput {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`invalid preset ${path}: ${(e as Error).message}`);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid preset ${path}: ${issues.join('; ')}`);
  }
  return raw as ScenarioInput;
}

/** Ids of the shipped presets (file names without `.json`): the default first, then A–Z. */
export function presetIds(): string[] {
  const ids = readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((id) => PRESET_ID.test(id))
    .sort();
  return [
    ...ids.filter((id) => id === DEFAULT_PRESET_ID),
    ...ids.filter((id) => id !== DEFAULT_PRESET_ID),
  ];
}

/**
 * A shipped preset by id, validated; a fresh object on every call.
 * Returns undefined for an unknown id and for any id that is not `^[a-z0-9-]+$`, so no path can
 * escape `data/presets/`.
 * @throws Error naming the file and field when a shipped preset is invalid.
 * @example loadPreset('texas-100mw')?.horizonMonths // 60
 */
export function loadPreset(id: string): ScenarioInput | undefined {
  if (typeof id !== 'string' || !PRESET_ID.test(id) || !presetIds().includes(id)) return undefined;
  return loadPresetFile(join(PRESET_DIR, `${id}.json`));
}

/**
 * Every shipped preset as `{ id, name, description }`, the default first. @throws as loadPreset.
 */
export function listPresets(): PresetSummary[] {
  return presetIds().map((id) => {
    const s = loadPresetFile(join(PRESET_DIR, `${id}.json`));
    return { id, name: s.name, description: s.description ?? '' };
  });
}

/** data/calibration.json as `npm run calibrate` wrote it. */
function readCalibration() {
  return JSON.parse(readFileSync(join(DATA_DIR, 'calibration.json'), 'utf8'));
}

/**
 * The Monte Carlo process fitted to the market history (`data/calibration.json`, written by `npm
 * run calibrate`; method in docs/market.md): volatilities per √year and their correlation, and the
 * months it was fitted on. The default of `switchyard montecarlo`, as of the app.
 */
export function calibratedProcess(): {
  readonly btcVolatilityPerYear: number;
  readonly networkVolatilityPerYear: number;
  readonly correlation: number;
  readonly from: string;
  readonly to: string;
} {
  const c = readCalibration();
  return {
    btcVolatilityPerYear: c.monteCarlo.btc.volatilityPerYear,
    networkVolatilityPerYear: c.monteCarlo.network.volatilityPerYear,
    correlation: c.monteCarlo.network.correlation,
    from: c.calibratedOn.from,
    to: c.calibratedOn.to,
  };
}

/** When the market history behind the calibration runs (`data/calibration.json`). */
export interface MarketCalibrationDates {
  /** First and last month of the monthly history fitted, `YYYY-MM`. */
  readonly calibratedOn: { readonly from: string; readonly to: string };
  /** The last day of the history (`YYYY-MM-DD`): the date of the latest market figure used. */
  readonly historyEnds: string;
}

/**
 * The dates of the market calibration, as `npm run calibrate` wrote them in data/calibration.json
 * (docs/market.md, "Calibration").
 * @example loadMarketCalibrationDates().historyEnds // '2025-12-29'
 */
export function loadMarketCalibrationDates(): MarketCalibrationDates {
  const doc = readCalibration();
  return { calibratedOn: doc.calibratedOn, historyEnds: doc.historyEnds };
}
