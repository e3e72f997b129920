/**
 * @module outcome — what the KPIs read of a solution: the (expected) months, the NPV, the value of
 * the assets after the horizon (TV_assets) and the MW kept running for the merchant tail.
 */
import type { BuiltModel, CaseModel, SiteModel } from './build';
import { taxOutcome } from './parts/tax';
import { clean, extractMonths } from './results';
import type { MonthRow } from './schema';
import { USD_PER_MODEL_UNIT as M } from './units';
import { valueParts, type ValueParts } from './value';

/**
 * TV_assets of one case, USD: a present value (docs/model.md, "Value after the horizon") — each
 * cohort's lease margin after the horizon and its residual, the ASICs kept running for the merchant
 * tail, the rest sold at the end of T−1; each at its stream's rate.
 */
export function terminalValuePv(c: CaseModel, x: ArrayLike<number>): number {
  return c.sites.reduce((a, site) => a + siteTerminalValuePv(site, x), 0);
}

/** One site's part of TV_assets, USD (present value). */
export function siteTerminalValuePv(site: SiteModel, x: ArrayLike<number>): number {
  const { econ, index } = site;
  const last = econ.T - 1;
  const dfEnd = econ.dfMining[last];
  let tv = x[index.existingHeld[last]] * econ.existing.resalePerMW[last] * dfEnd;
  if (index.keepExisting !== undefined)
    tv +=
      x[index.keepExisting] *
      (econ.existing.tailValuePerMW - dfEnd * econ.existing.resalePerMW[last]);
  const rf = econ.refresh;
  if (rf && index.refreshBuy.length) {
    tv +=
      (x[index.refreshRunnable[last]] + x[index.refreshBuy[last]]) * rf.resalePerMW[last] * dfEnd;
    if (index.keepRefresh !== undefined)
      tv += x[index.keepRefresh] * (rf.tailValuePerMW - dfEnd * rf.resalePerMW[last]);
  }
  for (const b of index.builds) {
    const oe = econ.options[b.option];
    tv += x[b.col] * b.mwPerUnit * (oe.postHorizonValue(b.start) + oe.residualValue(b.start));
  }
  return tv * M;
}

/** MW kept running after the horizon (both fleets, every site) in one case. */
function keptMW(c: CaseModel, x: ArrayLike<number>): number {
  let kept = 0;
  for (const { index } of c.sites)
    kept +=
      (index.keepExisting !== undefined ? x[index.keepExisting] : 0) +
      (index.keepRefresh !== undefined ? x[index.keepRefresh] : 0);
  return clean(kept);
}

/**
 * What the KPIs read of a solution: the (expected) months, NPV, TV_assets and MW kept for the tail.
 */
export interface Outcome {
  readonly months: readonly MonthRow[];
  readonly npvUsd: number;
  /** TV_assets, present value, USD (probability-weighted over cases). */
  readonly terminalValuePvUsd: number;
  readonly tailKeptMW: number;
  /** The value by part and by month (docs/model.md, "Baseline and KPIs"). */
  readonly value: ValueParts;
}

/** The outcome of a solution: probability-weighted over the cases. */
export function outcomeOf(
  model: BuiltModel,
  x: ArrayLike<number>,
  npvUsd: number,
): Outcome & { perCase: MonthRow[][] } {
  // Each case's tax is worked out once, for its months and for the value's parts.
  const d = model.scenario.financing.discountRatePerYear;
  const taxes = model.cases.map((c) => (c.tax ? taxOutcome(c.tax, d, x) : null));
  const perCase = model.cases.map((c, k) => extractMonths(model, c, x, taxes[k]));
  const p = model.cases.map((c) => c.probability);
  return {
    months: perCase.length === 1 ? perCase[0] : expectedMonths(perCase, p),
    perCase,
    npvUsd,
    terminalValuePvUsd: model.cases.reduce((a, c) => a + c.probability * terminalValuePv(c, x), 0),
    tailKeptMW: model.cases.reduce((a, c) => a + c.probability * keptMW(c, x), 0),
    value: valueParts(model, x, perCase, taxes),
  };
}

/**
 * The probability-weighted average of the cases' monthly rows (every numeric field all cases
 * have).
 */
export function expectedMonths(
  perCase: readonly MonthRow[][],
  probabilities: readonly number[],
): MonthRow[] {
  return perCase[0].map((row, t) => {
    const out: Record<string, unknown> = { month: row.month };
    for (const [k, v] of Object.entries(row)) {
      // A field some case leaves out (networkEhs where a case's own series is 0) is left out.
      if (typeof v === 'number' && perCase.every((rows) => k in rows[t]))
        out[k] = perCase.reduce(
          (a, rows, i) => a + probabilities[i] * (rows[t][k as keyof MonthRow] as number),
          0,
        );
    }
    const byOption: Record<string, number> = {};
    for (const id of Object.keys(row.hpcOnlineByOption)) {
      byOption[id] = perCase.reduce(
        (a, rows, i) => a + probabilities[i] * rows[t].hpcOnlineByOption[id],
        0,
      );
    }
    out.hpcOnlineByOption = byOption;
    if (row.miningMWByBin)
      out.miningMWByBin = row.miningMWByBin.map((_, b) =>
        perCase.reduce((a, rows, i) => a + probabilities[i] * (rows[t].miningMWByBin?.[b] ?? 0), 0),
      );
    return out as MonthRow;
  });
}
