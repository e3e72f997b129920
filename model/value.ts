/**
 * @module value — a solution's value by stream and by month (docs/model.md, "Rates by risk class",
 * "Baseline and KPIs"): what the value bridge, the value per MW of IT and the v3 conversion IRR
 * read. Each part is a present value at its stream's rate; `flows` are the value flows month by
 * month, undiscounted, to the last month any flow falls.
 */
import type { BuiltModel, SiteModel } from './build';
import { tailMarginPerMW } from './economics';
import { financingTerms } from './parts/finance';
import type { TaxOutcome } from './parts/tax';
import { siteMonths } from './results';
import type { MonthRow } from './schema';
import { monthlyRate } from './time';
import { USD_PER_MODEL_UNIT as M } from './units';

/** An option's gross value: PV of its margins and residual, USD, and its MW of IT. */
export interface OptionValue {
  readonly optionId: string;
  readonly mwIt: number;
  /** Σ over its cohorts of the PV at r_o, as of the end of each one's commencement month, USD. */
  readonly valueUsd: number;
}

/** The parts of a solution's value, USD (probability-weighted over its cases). */
export interface ValueParts {
  /** Operating flows of months 0 … T−1, each at its stream's rate. */
  readonly inHorizonUsd: number;
  /** The HPC cohorts' flows after the horizon (contract term and extension, a cloud's tail). */
  readonly postHorizonUsd: number;
  /** The leased buildings' residuals. */
  readonly residualUsd: number;
  /** The ASICs held at the end: sold then, or kept for the merchant tail. */
  readonly asicTailUsd: number;
  /** "firm" value: issuance cost and lender spreads at d (a cost, ≥ 0); 0 in "equity" value. */
  readonly frictionsUsd: number;
  /** Every tax's PV at d, USD (0 without a tax block; docs/model.md, "Tax"). */
  readonly taxUsd: number;
  /** The loss carried forward at the end of T−1, USD (probability-weighted). */
  readonly nolAtHorizonUsd: number;
  /** Value flows of month t (USD, undiscounted), t = 0 … the last month with a flow. */
  readonly flows: readonly number[];
  readonly options: readonly OptionValue[];
}

/** Adds `v` to month t of a growing list of flows. */
const addAt = (flows: number[], t: number, v: number) => {
  while (flows.length <= t) flows.push(0);
  flows[t] += v;
};

/** One site's parts in one case (frictions excluded), flows in $M. */
function siteParts(site: SiteModel, x: ArrayLike<number>) {
  const { econ, index } = site;
  const T = econ.T;
  const last = T - 1;
  const rows = siteMonths(site, x);
  const flows: number[] = [];
  let inHorizon = 0;
  rows.forEach((r, t) => {
    const fcf = r.freeCashFlowUsd! / M;
    const hedge = (r.contractHedgeUsd ?? 0) / M;
    const mining = fcf - (r.hpcMarginUsd - r.hpcCapexUsd) / M + r.overheadUsd / M - hedge;
    inHorizon += econ.df[t] * fcf + (econ.dfMining[t] - econ.df[t]) * mining;
    addAt(flows, t, fcf);
  });
  // ASICs held at the end of T−1: the kept MW earn their positive margin in T … T+L−1, the rest
  // are sold at the end of T−1.
  let asicTail = 0;
  const fleets = [
    { fe: econ.existing, held: x[index.existingHeld[last]], keep: index.keepExisting },
    ...(econ.refresh && index.refreshBuy.length
      ? [
          {
            fe: econ.refresh,
            held: x[index.refreshRunnable[last]] + x[index.refreshBuy[last]],
            keep: index.keepRefresh,
          },
        ]
      : []),
  ];
  for (const { fe, held, keep } of fleets) {
    const kept = keep === undefined ? 0 : x[keep];
    const sold = (held - kept) * fe.resalePerMW[last];
    asicTail += econ.dfMining[last] * sold;
    addAt(flows, last, sold);
    for (let t = T; t < T + econ.tail && kept !== 0; t++) {
      asicTail += econ.dfMining[t] * kept * tailMarginPerMW(fe, t);
      addAt(flows, t, kept * tailMarginPerMW(fe, t));
    }
  }
  let postHorizon = 0;
  let residual = 0;
  const options = new Map<string, { mwIt: number; value: number }>();
  for (const b of index.builds) {
    const mw = x[b.col] * b.mwPerUnit;
    if (Math.abs(mw) < 1e-9) continue;
    const oe = econ.options[b.option];
    const s = b.start;
    inHorizon += mw * oe.rateCorrection(s);
    postHorizon += mw * oe.postHorizonValue(s);
    residual += mw * oe.residualValue(s);
    const end = oe.valueEnd(s);
    for (let t = T; t < end; t++) addAt(flows, t, mw * oe.flowAfterHorizon(s, t));
    for (const [t, v] of oe.residualFlows(s)) addAt(flows, t, mw * v);
    // Its margins as the value counts them, and its residual, as of the end of commencement.
    let pv = oe.residualValue(s);
    for (let t = s + oe.commencementOffset; t < end; t++) {
      const j = t - s;
      const power = econ.market ? oe.poweredAt(j) * econ.market.hpcPowerAt(t) : 0;
      pv += (oe.marginAt(j) - power) * oe.dfAt(t);
    }
    const id = oe.option.id;
    const o = options.get(id) ?? { mwIt: 0, value: 0 };
    o.mwIt += mw * oe.option.itMWPerGridMW;
    o.value += (mw * pv) / oe.dfAt(s + oe.commencementOffset);
    options.set(id, o);
  }
  return { inHorizon, postHorizon, residual, asicTail, flows, options };
}

/** Issuance cost and lender spreads of a case's months, $M by month (a cost, ≥ 0; "firm" only). */
function frictionFlows(model: BuiltModel, months: readonly MonthRow[]): number[] {
  const s = model.scenario;
  if (s.valuation.method !== 'firm') return months.map(() => 0);
  const fin = financingTerms(s.financing);
  const rd = monthlyRate(s.financing.discountRatePerYear);
  const sf = Math.max(0, fin.facilityRate - rd);
  const sp = Math.max(0, fin.projectDebtRate - rd);
  return months.map(
    (m, t) =>
      (fin.issuanceCost * m.equityRaisedUsd +
        (t > 0 ? sf * months[t - 1].facilityUsd + sp * months[t - 1].projectDebtUsd : 0)) /
      M,
  );
}

/** The value parts of a solution whose case months are `perCase`, weighted by probability. */
export function valueParts(
  model: BuiltModel,
  x: ArrayLike<number>,
  perCase: readonly (readonly MonthRow[])[],
  taxes: readonly (TaxOutcome | null)[],
): ValueParts {
  let inHorizon = 0,
    postHorizon = 0,
    residual = 0,
    asicTail = 0,
    frictions = 0,
    tax = 0,
    nol = 0;
  const flows: number[] = [];
  const options = new Map<string, { mwIt: number; value: number }>();
  model.cases.forEach((c, k) => {
    const p = c.probability;
    for (const site of c.sites) {
      const v = siteParts(site, x);
      inHorizon += p * v.inHorizon;
      postHorizon += p * v.postHorizon;
      residual += p * v.residual;
      asicTail += p * v.asicTail;
      v.flows.forEach((f, t) => addAt(flows, t, p * f));
      for (const [id, o] of v.options) {
        const sum = options.get(id) ?? { mwIt: 0, value: 0 };
        sum.mwIt += p * o.mwIt;
        sum.value += p * o.value;
        options.set(id, sum);
      }
    }
    const paid = taxes[k];
    if (paid) {
      tax += (p * paid.pvUsd) / M;
      nol += (p * paid.nolAtHorizonUsd) / M;
      paid.flowsUsd.forEach((f, t) => addAt(flows, t, (-p * f) / M));
    }
    frictionFlows(model, perCase[k]).forEach((f, t) => {
      frictions += p * c.econ.df[t] * f;
      addAt(flows, t, -p * f);
    });
  });
  return {
    inHorizonUsd: inHorizon * M,
    postHorizonUsd: postHorizon * M,
    residualUsd: residual * M,
    asicTailUsd: asicTail * M,
    frictionsUsd: frictions * M,
    taxUsd: tax * M,
    nolAtHorizonUsd: nol * M,
    flows: flows.map((f) => f * M),
    options: [...options].map(([optionId, o]) => ({
      optionId,
      mwIt: o.mwIt,
      valueUsd: o.value * M,
    })),
  };
}

/** A site's value in one case, USD: its operating flows, cohorts and ASICs at their rates. */
export function siteValueUsd(site: SiteModel, x: ArrayLike<number>): number {
  const v = siteParts(site, x);
  return (v.inHorizon + v.postHorizon + v.residual + v.asicTail) * M;
}
