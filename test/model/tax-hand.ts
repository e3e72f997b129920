/**
 * @module tax-hand — docs/model.md's "Tax (v3, optional `tax`)" rules written out as plain loops,
 * for the hand-worked tax cases (tax.test.ts) and the reference's own check of them. Shares no code
 * with model/ or with the reference LP: here the loss carry-forward is the rule in order
 * (used_t = min(n_{t−1} + neg_t, λ · pos_t)), not an LP.
 */

/** The tax block's figures a hand case uses: h, λ and the opening loss. */
export interface TaxRule {
  /** h, `ratePerYear`. */
  readonly rate: number;
  /** λ, `nolLimitShare` (docs/model.md default 0.8). */
  readonly nolLimitShare: number;
  /** n_{−1}, `openingNolUsd`. */
  readonly openingNolUsd: number;
}

/** Discount factor of a flow at the end of month t: (1 + d)^(−(t+1)/12). */
export const dfAt = (d: number, t: number): number => Math.pow(1 + d, -(t + 1) / 12);

/** One month of the loss carry-forward, USD. */
export interface TaxMonth {
  /** taxable_t = pos_t − neg_t. */
  readonly taxable: number;
  /** used_t = min(n_{t−1} + neg_t, λ · pos_t). */
  readonly used: number;
  /** tax_t = h · (pos_t − used_t). */
  readonly tax: number;
  /** n_t = n_{t−1} + neg_t − used_t. */
  readonly nol: number;
}

/**
 * The loss carry-forward month by month (docs/model.md, "Loss carry-forward, month by month"): a
 * month's positive part pos_t = max(0, taxable_t) and negative part neg_t = max(0, −taxable_t)
 * (never both), the loss used as early as allowed.
 */
export function carryForward(taxable: readonly number[], rule: TaxRule): TaxMonth[] {
  let nol = rule.openingNolUsd;
  return taxable.map((x) => {
    const pos = Math.max(0, x);
    const neg = Math.max(0, -x);
    const used = Math.min(nol + neg, rule.nolLimitShare * pos);
    nol += neg - used;
    return { taxable: x, used, tax: rule.rate * (pos - used), nol };
  });
}

/** One year's bucket after the horizon, USD: P_y − N_y its taxable income, U_y used, n_y left. */
export interface TaxBucket {
  readonly first: number;
  readonly last: number;
  readonly pos: number;
  readonly neg: number;
  readonly used: number;
  readonly nol: number;
}

/** What the tax after the horizon is worth. */
export interface AfterHorizon {
  /** Its value at d (what npvUsd loses to it), USD. */
  readonly valueUsd: number;
  readonly buckets: readonly TaxBucket[];
}

/**
 * The tax after the horizon (docs/model.md, "After the horizon"): taxable income of months T on
 * from `taxableAt` (flows that count less the depreciation still running), and `saleUsd` (the
 * ASICs sold at the end of T−1, in full) in month T−1. Bucket y holds months T + 12y … T + 12y
 * + 11, bucket 0 also the sale. The buckets run to the one holding `lastEarningMonth`, the last
 * month in which any cohort of the scenario could earn: later years hold only depreciation, a loss
 * that can never be used, and are left out (nothing there taxed or relieved); bucket 0 is always
 * there. P_y − N_y = the bucket's taxable income, U_y = min(n_{y−1}, λ · P_y) with
 * n_{−1} = `nolAtHorizonUsd`. Its value is h · Σ_t df_t · taxable_t + h · Σ_y df_{e(y)} ·
 * (N_y − U_y), e(y) = T + 12y + 11, the bucket's last month.
 */
export function afterHorizon(
  T: number,
  lastEarningMonth: number,
  taxableAt: (t: number) => number,
  saleUsd: number,
  nolAtHorizonUsd: number,
  rule: TaxRule,
  d: number,
): AfterHorizon {
  let monthly = saleUsd * dfAt(d, T - 1);
  let relief = 0;
  let nol = nolAtHorizonUsd;
  const buckets: TaxBucket[] = [];
  for (let first = T; first <= Math.max(T, lastEarningMonth); first += 12) {
    const last = first + 11;
    let sum = first === T ? saleUsd : 0;
    for (let t = first; t <= last; t++) {
      const x = taxableAt(t);
      sum += x;
      monthly += x * dfAt(d, t);
    }
    const pos = Math.max(0, sum);
    const neg = Math.max(0, -sum);
    const used = Math.min(nol, rule.nolLimitShare * pos);
    nol += neg - used;
    relief += dfAt(d, last) * (neg - used);
    buckets.push({ first, last, pos, neg, used, nol });
  }
  return { valueUsd: rule.rate * (monthly + relief), buckets };
}

/**
 * Depreciation of month t of a building whose operator-paid capex is C, commencing in month c
 * (docs/model.md, "Depreciation"): β·σ·C in month c, (1 − β)·σ·C/180 in each month c … c+179 and
 * (1 − σ)·C/468 in each month c … c+467 (the building kept: no residual).
 */
export function buildingDepreciation(
  capexUsd: number,
  c: number,
  bonusShare: number,
  shortLifeShare: number,
  t: number,
): number {
  const k = t - c;
  if (k < 0) return 0;
  const short = shortLifeShare * capexUsd;
  return (
    (k === 0 ? bonusShare * short : 0) +
    (k < 180 ? ((1 - bonusShare) * short) / 180 : 0) +
    (k < 468 ? ((1 - shortLifeShare) * capexUsd) / 468 : 0)
  );
}
