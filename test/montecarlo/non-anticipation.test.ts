/**
 * Non-anticipation (docs/montecarlo.md, "The policy"): two paths identical up to month m and
 * different after it get identical decisions — MW mining, ASIC sales, draws, BTC kept and sold — in
 * months 0 … m, whatever comes later.
 */
import { describe, expect, it } from 'vitest';
import { samplePath, simulatePlan, type PathMonth, type Scenario } from '../../model';
import { preparedOptimum, preset } from './sim-helpers';

const volatile = {
  btc: { volatilityPerYear: 0.7 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
};

async function check(s: Scenario, m: number) {
  const { p } = await preparedOptimum(s, {
    seed: 5,
    process: volatile,
    treasury: { holdShare: 0.5, loan: { maxLtv: 0.5, ratePerYear: 0.08, marginCallLtv: 0.7 } },
  });
  for (let pair = 0; pair < 10; pair++) {
    const a = samplePath(s, volatile, 5, 2 * pair);
    const other = samplePath(s, volatile, 5, 2 * pair + 1);
    // The same path up to month m, then another one (scaled to join it), crashed or doubled.
    const k = pair % 2 ? 0.3 : 2;
    const join = (x: readonly number[], y: readonly number[]) =>
      x.map((v, t) => (t <= m ? v : (k * y[t] * x[m]) / y[m]));
    const hpB = join(a.usdPerPhDay, other.usdPerPhDay);
    const btcB = join(a.btcUsd, other.btcUsd);
    const ra: PathMonth[] = [];
    const rb: PathMonth[] = [];
    simulatePlan(p.plan, a.usdPerPhDay, a.btcUsd, null, (x) => ra.push(x));
    simulatePlan(p.plan, hpB, btcB, null, (x) => rb.push(x));
    expect(hpB.slice(m + 1)).not.toEqual(a.usdPerPhDay.slice(m + 1));
    for (let t = 0; t <= m; t++) expect(rb[t], `pair ${pair}, month ${t}`).toEqual(ra[t]);
  }
}

describe('non-anticipation: decisions up to month m do not see the path after it', () => {
  it('texas-100mw with a treasury, m = 20', { timeout: 120_000 }, () =>
    check(preset('texas-100mw'), 20),
  );
  it('ercot-flex (price bins), m = 35', { timeout: 120_000 }, () =>
    check(preset('ercot-flex'), 35),
  );
  it('a two-site portfolio, m = 10', { timeout: 120_000 }, () =>
    check({ ...preset('riot-portfolio'), tax: undefined }, 10),
  );
});
