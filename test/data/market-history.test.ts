/**
 * @module market-history.test — the monthly market history (data/README.md, "market-history.csv"):
 * its hashprice column recomputes from the others by the formula of docs/model.md, its hashrate
 * from its difficulty, months run on from 2016-01 without a gap, the figures are plausible, and the
 * history agrees with the reported hashprices of data/hashprice-history.csv.
 */
import { describe, expect, it } from 'vitest';
import { monthIndex } from '../../model/time';
import { loadHashpriceHistory, loadMarketHistory } from './tables';

const history = loadMarketHistory();
const byMonth = new Map(history.map((m) => [m.month, m]));

/** Relative difference |a/b − 1|. */
const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('market-history.csv', () => {
  it('runs month by month from 2016-01 without a gap or a repeat', () => {
    expect(history[0].month).toBe('2016-01');
    history.forEach((m, i) => expect(monthIndex('2016-01', m.month), m.month).toBe(i));
    expect(history.length).toBeGreaterThanOrEqual(119);
  });

  it('recomputes the hashprice: 144 × (subsidy + fees) × BTC price / (EH/s × 1000)', () => {
    for (const m of history) {
      const hp =
        (144 * (m.subsidyBtcPerBlock + m.feesBtcPerBlock) * m.btcUsd) / (m.networkEhs * 1000);
      expect(rel(m.usdPerPhDay, hp), m.month).toBeLessThan(1e-9);
    }
  });

  it('recomputes the hashrate from the difficulty: difficulty × 2^32 / 600 H/s', () => {
    for (const m of history)
      expect(rel(m.networkEhs, (m.difficulty * 2 ** 32) / 600 / 1e18), m.month).toBeLessThan(1e-9);
  });

  it('has plausible figures', () => {
    history.forEach((m, i) => {
      const last = i === history.length - 1;
      const daysInMonth = new Date(Date.UTC(+m.month.slice(0, 4), +m.month.slice(5, 7), 0));
      // Every month is whole but the last, which the source may end early.
      if (!last) expect(m.days, m.month).toBe(daysInMonth.getUTCDate());
      expect(m.days, m.month).toBeGreaterThanOrEqual(last ? 1 : 28);
      // About 144 blocks a day (118 in June 2021, when China's miners were switched off).
      expect(m.blocks / m.days, m.month).toBeGreaterThan(100);
      expect(m.blocks / m.days, m.month).toBeLessThan(175);
      expect(m.networkEhs, m.month).toBeGreaterThan(0.5);
      expect(m.networkEhs, m.month).toBeLessThan(2000);
      expect(m.btcUsd, m.month).toBeGreaterThan(300);
      expect(m.btcUsd, m.month).toBeLessThan(200_000);
      expect(m.feesBtcPerBlock, m.month).toBeGreaterThan(0);
      expect(m.feesBtcPerBlock, m.month).toBeLessThan(5);
      expect(m.usdPerPhDay, m.month).toBeGreaterThan(20);
      expect(m.usdPerPhDay, m.month).toBeLessThan(5000);
    });
  });

  it('follows the subsidy schedule: 25 → 12.5 (2016-07), 6.25 (2020-05), 3.125 (2024-04)', () => {
    const halvings = ['2016-07', '2020-05', '2024-04'];
    for (const m of history) {
      const k = halvings.filter((h) => h < m.month).length;
      const before = 25 / 2 ** k;
      if (halvings.includes(m.month)) {
        // Blended in the halving month: between the two subsidies.
        expect(m.subsidyBtcPerBlock, m.month).toBeLessThan(before);
        expect(m.subsidyBtcPerBlock, m.month).toBeGreaterThan(before / 2);
      } else expect(m.subsidyBtcPerBlock, m.month).toBe(before);
    }
  });

  it('agrees with the reported monthly hashprices within 15 %', () => {
    const months = (from: string, to: string) =>
      history.filter((m) => m.month >= from && m.month <= to);
    let checked = 0;
    for (const p of loadHashpriceHistory()) {
      // A single day says little about a month mean (2024-04-29 lies in a halving month): only
      // reported months and periods are compared.
      if (p.date.length !== 7) continue;
      const span = months(p.date, p.dateEnd ?? p.date);
      if (span.length === 0) continue;
      const mean = span.reduce((s, m) => s + m.usdPerPhDay, 0) / span.length;
      const reported =
        p.qualifier === 'range' ? (p.usdPerPhDay + p.usdPerPhDayHigh!) / 2 : p.usdPerPhDay;
      // "Below X" reports the month's low: its mean may sit above X, by less than 15 %.
      if (p.qualifier === 'below') expect(mean, p.date).toBeLessThan(reported * 1.15);
      else expect(rel(mean, reported), p.date).toBeLessThan(0.15);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(byMonth.get('2025-08')!.usdPerPhDay).toBeCloseTo(56.44, 0);
  });
});
