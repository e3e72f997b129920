/**
 * @module test/montecarlo/calibrated — the Monte Carlo on the default preset with the calibrated
 * process (data/calibration.json; docs/market.md, "The Monte Carlo's spread"): every path's
 * hashprice is at or above floor_t, and the floor narrows the month-48 P90 / P10 from below only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRESET_ID, loadPreset } from '../../data/load';
import { hashpriceFloorAt } from '../../model/hashprice';
import { projectionOf, samplePath } from '../../model/montecarlo';
import { ScenarioSchema } from '../../model/schema';
import type { Calibration } from '../../scripts/lib/calibrate';
import { hashpriceSpread, withoutFloor } from '../../scripts/lib/spread';

const calibration = JSON.parse(
  readFileSync(new URL('../../data/calibration.json', import.meta.url), 'utf8'),
) as Calibration;
const process = calibration.monteCarlo;
const scenario = ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID));
const floor = projectionOf(scenario).floor;

describe('the calibrated process on the default preset', () => {
  it('has a floor, and every path of it lies at or above floor_t in every month', () => {
    expect(floor).toBeDefined();
    if (!floor) return;
    let bound = 0;
    for (let i = 0; i < 500; i++) {
      const p = samplePath(scenario, process, 11, i);
      expect(p.usdPerPhDay).toHaveLength(scenario.horizonMonths);
      p.usdPerPhDay.forEach((v, t) => {
        const f = hashpriceFloorAt(floor, t);
        expect(v).toBeGreaterThanOrEqual(f);
        if (v === f) bound++;
      });
    }
    // The floor binds on a good share of the path-months (the check is not vacuous).
    expect(bound).toBeGreaterThan(500 * scenario.horizonMonths * 0.1);
  });

  it('narrows the month-48 P90 / P10 from below: v3 P10 = max(v2 P10, floor), the P90 as v2', () => {
    if (!floor) return;
    const { v2, v3 } = hashpriceSpread(scenario, process, { paths: 2000, seed: 1, month: 48 });
    const f = hashpriceFloorAt(floor, 48);
    expect(v3.p10).toBeCloseTo(Math.max(v2.p10, f), 9);
    expect(v3.p90).toBeCloseTo(Math.max(v2.p90, f), 9);
    expect(v3.ratio).toBeLessThan(v2.ratio);
    // v2 is the same scenario without its floor, which its P10 lies far below.
    expect(projectionOf(withoutFloor(scenario)).floor).toBeUndefined();
    expect(v2.p10).toBeLessThan(f);
  });
});
