/**
 * @module simulate/tax-after — a path's machines held at the end of T−1 and its tax after the
 * horizon (docs/montecarlo.md, "Tax"; docs/model.md, "Tax"): each fleet kept for the tail when that
 * gains after tax, the rest sold in T−1 and taxed in full; the cohorts' taxable income, the ASICs'
 * straight line running on, the loss left at T−1 and the residuals taxed as sales.
 */
import type { HpcFlows } from './hpc-flows';
import { tailValue, type FleetState } from './site-step';
import type { SitePlan } from './site-plan';
import { lineAfter, tailTaxable, taxAfterHorizon } from './tax-path';
import type { PlanTax } from './tax-plan';

/**
 * Σ over sites of the tail's value (before tax, at the mining rate) − every tax after the horizon
 * (PV at d), $M. `hpLast` and `index` are month T−1's hashprice and ASIC price index.
 */
export function tailsAfterTax(
  px: PlanTax,
  sites: readonly SitePlan[],
  fleets: readonly FleetState[],
  hpc: readonly HpcFlows[],
  hpLast: number,
  index: number,
  dfm: Float64Array,
): number {
  const st = px.terms;
  const { years, tail0, tail1, onKeep, kept } = px.scratch;
  const T = st.T;
  const last = T - 1;
  const dl = st.df[last];
  years.fill(0);
  let pv = 0;
  let residual = 0;
  let value = 0;
  for (let i = 0; i < sites.length; i++) {
    const sp = sites[i];
    const rf = sp.refresh;
    // Per MW kept: the tail's margins taxed in their months instead of the sale in T−1.
    const pv0 = tailTaxable(st, sp.existing, hpLast, tail0);
    const pv1 = rf ? tailTaxable(st, rf, hpLast, tail1) : 0;
    const sale0 = sp.existing.resalePerMW * index;
    const sale1 = rf ? rf.resalePerMW * index : 0;
    onKeep[0] = st.rate * (pv0 - dl * sale0);
    onKeep[1] = st.rate * (pv1 - dl * sale1);
    value += tailValue(sp, fleets[i], T, hpLast, index, dfm, onKeep, kept);
    const k0 = kept[0];
    const k1 = rf ? kept[1] : 0;
    const sold = (fleets[i].held0 - k0) * sale0 + (fleets[i].avail1 + sp.buys[last] - k1) * sale1;
    years[0] += sold;
    pv += dl * sold + k0 * pv0 + k1 * pv1;
    const h = hpc[i].tax;
    for (let y = 0; y < years.length; y++)
      years[y] += k0 * tail0[y] + k1 * (rf ? tail1[y] : 0) + (h ? h.years[y] : 0);
    if (h) {
      pv += h.pv;
      residual += h.residual;
    }
  }
  pv += lineAfter(st, px.state, years);
  return value - taxAfterHorizon(st, years, pv, px.state.nol) - residual;
}
