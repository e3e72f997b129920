/** @module test/web/format — how money, MW, months and shares are written. */
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  formatHashprice,
  formatMonth,
  formatMonths,
  formatMW,
  formatMWDelta,
  formatPct,
  formatPpDelta,
  formatUsd,
  formatUsdDelta,
  formatUsdMillions,
  monthsBetween,
} from '../../web/src/lib/format';

describe('formatUsd', () => {
  it('writes compact money with B/M/k and fewer decimals for bigger figures', () => {
    expect(formatUsd(1_234_000_000)).toBe('$1.23B');
    expect(formatUsd(123_456_789)).toBe('$123M');
    expect(formatUsd(12_345_678)).toBe('$12.3M');
    expect(formatUsd(1_500_000)).toBe('$1.5M');
    expect(formatUsd(850_000)).toBe('$850k');
    expect(formatUsd(95)).toBe('$95');
    expect(formatUsd(0)).toBe('$0');
  });
  it('uses a true minus sign and never shows -0', () => {
    expect(formatUsd(-4_200_000)).toBe('−$4.2M');
    expect(formatUsd(-0.2)).toBe('$0');
  });
  it('rounds up across a unit boundary', () => {
    expect(formatUsd(999_800)).toBe('$1M');
  });
  it('shows a dash for missing values', () => {
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(Number.NaN)).toBe('—');
  });
  it('writes signed changes', () => {
    expect(formatUsdDelta(1_200_000)).toBe('+$1.2M');
    expect(formatUsdDelta(-450_000)).toBe('−$450k');
    expect(formatUsdDelta(0.1)).toBe('±$0');
  });
  it('writes axis ticks in $M', () => {
    expect(formatUsdMillions(12_500_000)).toBe('12.5');
    expect(formatUsdMillions(-20_000_000, 0)).toBe('−20');
  });
});

describe('formatMW', () => {
  it('writes MW with decimals for small figures only', () => {
    expect(formatMW(150)).toBe('150 MW');
    expect(formatMW(42.5)).toBe('42.5 MW');
    expect(formatMW(0.25)).toBe('0.25 MW');
    expect(formatMW(50)).toBe('50 MW');
  });
  it('reads solver noise as zero', () => {
    expect(formatMW(1e-9)).toBe('0 MW');
    expect(formatMW(-1e-9)).toBe('0 MW');
  });
  it('prints no solver noise and groups thousands', () => {
    expect(formatMW(850.0000000000007)).toBe('850 MW');
    expect(formatMW(849.9999999999993)).toBe('850 MW');
    expect(formatMW(1100.0000000001)).toBe('1,100 MW');
    expect(formatMW(12.300000000000001)).toBe('12.3 MW');
    expect(formatMWDelta(-0.30000000000000004)).toBe('−0.3 MW');
    expect(formatUsd(331_000_000.00000006)).toBe('$331M');
    expect(formatPct(0.18000000000000002)).toBe('18.0 %');
    expect(formatPct(0.245, 0)).toBe('25 %');
  });
  it('writes signed changes', () => {
    expect(formatMWDelta(12)).toBe('+12 MW');
    expect(formatMWDelta(-5.5)).toBe('−5.5 MW');
    expect(formatMWDelta(0)).toBe('±0 MW');
  });
});

describe('months', () => {
  it('writes YYYY-MM for people', () => {
    expect(formatMonth('2027-01')).toBe('Jan 2027');
    expect(formatMonth('2028-12')).toBe('Dec 2028');
    expect(formatMonth(null)).toBe('—');
    expect(formatMonth('soon')).toBe('soon');
  });
  it('writes durations', () => {
    expect(formatMonths(1)).toBe('1 month');
    expect(formatMonths(15)).toBe('15 months');
    expect(formatMonths(24)).toBe('2 yr');
    expect(formatMonths(27)).toBe('2 yr 3 mo');
  });
  it('adds and counts months across years', () => {
    expect(addMonths('2027-11', 3)).toBe('2028-02');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2027-01', 59)).toBe('2031-12');
    expect(monthsBetween('2027-01', '2028-04')).toBe(15);
    expect(monthsBetween('2028-04', '2027-01')).toBe(-15);
  });
});

describe('shares and hashprice', () => {
  it('writes percentages and percentage-point changes', () => {
    expect(formatPct(0.125)).toBe('12.5 %');
    expect(formatPct(0.07, 0)).toBe('7 %');
    expect(formatPct(null)).toBe('—');
    expect(formatPpDelta(0.015)).toBe('+1.5 pp');
    expect(formatPpDelta(-0.002)).toBe('−0.2 pp');
    expect(formatPpDelta(0)).toBe('±0 pp');
  });
  it('writes hashprice per PH/s per day', () => {
    expect(formatHashprice(38.24)).toBe('$38.2/PH/day');
  });
});
