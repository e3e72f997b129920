/**
 * @module parts/tax — income tax, depreciation and loss carry-forwards (docs/model.md, "Tax"):
 * absent a `tax` block nothing here is built.
 *
 * Each site adds to its case's `TaxBook` (one tax payer for every site of a case):
 *   adjustments to month t's taxable income beyond its operating cash terms (EBITDA_t = FCF_t +
 *   capex_t): purchases added back, depreciation taken off — an ASIC purchase's straight line by a
 *   state sl_t − sl_{t−1} = (1 − β)/60 · (price_t·buy_t − price_{t−60}·buy_{t−60}), the cohorts'
 *   capex − depreciation by a sparse recursion over their profiles (like `parts/hpc`);
 *   the taxable income after the horizon, as sources (a column and its taxable income per unit by
 *   month, t ≥ T − 1), and each residual's tax as a sale (a value item, on the objective here).
 * `addTaxRows` (called by `parts/finance` in each month) and `addTaxAfterHorizon` build the rows:
 *   pos_t − neg_t = taxable_t;  nol_t = nol_{t−1} + neg_t − used_t ≥ 0 (nol_{−1} = openingNolUsd);
 *   used_t ≤ λ · pos_t;  tax_t = h · (pos_t − used_t) in the cash row, a value item at d;
 *   after the horizon, by year y: P_y − N_y = Σ its months' taxable income, n_y = n_{y−1} + N_y −
 *   U_y ≥ 0 (n_{−1} = nol_{T−1}), U_y ≤ λ · P_y; value −h · Σ_t df_t · taxable_t − h · df_{e(y)} ·
 *   (N_y − U_y).
 */
import type { Term } from '../lp';
import { tailMarginPerMW, type FleetEconomics, type OptionEconomics } from '../economics';
import type { Tax } from '../schema';
import { discountFactor } from '../time';
import { USD_PER_MODEL_UNIT as M } from '../units';
import type { BuildContext } from './context';
import type { TaxBook } from './tax-book';
import { differences } from './profile';

/** Months of straight-line depreciation: ASICs and GPUs, site works, the building's shell. */
export const EQUIPMENT_MONTHS = 60;
export const SHORT_LIFE_MONTHS = 180;
export const SHELL_MONTHS = 468;

/** Straight-line and bonus depreciation of a purchase of 1 in month 0, in month k ≥ 0. */
function equipmentDepreciation(bonus: number, k: number): number {
  return (
    (k === 0 ? bonus : 0) + (k >= 0 && k < EQUIPMENT_MONTHS ? (1 - bonus) / EQUIPMENT_MONTHS : 0)
  );
}

/** A cohort option's tax profile per grid MW (docs/model.md, "Tax"). */
export interface OptionTax {
  /** In-horizon: capex paid − depreciation in month j of the cohort, $M per MW. */
  adjustmentAt(j: number): number;
  /** The building's depreciation in month j of the cohort (its share still held), $M per MW. */
  buildingDepreciationAt(j: number): number;
  /** Taxable income of month t ≥ T of a cohort started in s, $M per MW. */
  afterAt(s: number, t: number): number;
  /** Last month (exclusive) with taxable income of a cohort started in s. */
  end(s: number): number;
  /** Each residual's tax as a sale: [month, $M per MW]. */
  residualTaxes(s: number): [number, number][];
  /**
   * Prefix sums of the taxable income after the horizon by month j of the cohort, when it does not
   * depend on the calendar (a lease without price bins), and the profile itself (g(j), the same
   * number as `afterAt(s, s + j)`): see `TaxSource.shifted`.
   */
  readonly shifted: {
    readonly sum: Float64Array;
    readonly discounted: Float64Array;
    readonly monthly: Float64Array;
  } | null;
}

/** The option's tax profile in a case (its commencement offset is the case's). */
export function optionTax(
  tax: Tax,
  oe: OptionEconomics,
  d: number,
  calendarFree: boolean,
): OptionTax {
  const bonus = tax.bonusShare;
  const short = tax.hpcShortLifeShare;
  const C = oe.capexPerMW;
  const c = oe.commencementOffset;
  const sales = oe.residualSales;
  // The share of the building still held in month j: less each share sold at the end of an
  // earlier month.
  const held = (j: number) => sales.reduce((w, e) => (e.j < j ? w - e.weight : w), 1);
  const building = (j: number) => {
    const k = j - c;
    if (k < 0 || C === 0) return 0;
    return (
      (k === 0 ? bonus * short * C : 0) +
      (k < SHORT_LIFE_MONTHS ? ((1 - bonus) * short * C) / SHORT_LIFE_MONTHS : 0) +
      (k < SHELL_MONTHS ? ((1 - short) * C) / SHELL_MONTHS : 0)
    );
  };
  const lastBuilding = C > 0 ? c + SHELL_MONTHS : 0;
  const purchases: number[] = [];
  for (let j = 0; j < oe.lastMonth; j++) if (oe.equipmentAt(j) > 0) purchases.push(j);
  const lastPurchase = purchases.length ? purchases[purchases.length - 1] + EQUIPMENT_MONTHS : 0;
  const gpuDepreciation = (s: number, j: number) => {
    let d = 0;
    for (const p of purchases) {
      if (p > j) break;
      if (j - p < EQUIPMENT_MONTHS)
        d += oe.equipmentAt(p) * oe.equipmentWeight(s, s + p) * equipmentDepreciation(bonus, j - p);
    }
    return d;
  };
  const span = Math.max(oe.lastMonth, lastBuilding, lastPurchase);
  const depreciation = new Float64Array(span);
  for (let j = 0; j < span; j++) depreciation[j] = held(j) * building(j);
  let shifted: OptionTax['shifted'] = null;
  if (calendarFree && purchases.length === 0 && oe.option.kind !== 'cloud') {
    const sum = new Float64Array(span + 1);
    const discounted = new Float64Array(span + 1);
    const monthly = new Float64Array(span);
    for (let j = 0; j < span; j++) {
      const g = (j < oe.lastMonth ? oe.netAt(j) : 0) - depreciation[j];
      monthly[j] = g;
      sum[j + 1] = sum[j] + g;
      discounted[j + 1] = discounted[j] + discountFactor(d, j) * g;
    }
    shifted = { sum, discounted, monthly };
  }
  return {
    shifted,
    adjustmentAt: (j) => oe.capexAt(j) - held(j) * building(j) - gpuDepreciation(0, j),
    buildingDepreciationAt: (j) => (j >= 0 && j < span ? depreciation[j] : 0),
    afterAt(s, t) {
      const j = t - s;
      // Its value flow (margin − the counted share of a purchase), the purchase added back.
      const flow = oe.flowAfterHorizon(s, t) + oe.equipmentAt(j) * oe.equipmentWeight(s, t);
      return flow - (j < span ? depreciation[j] : 0) - gpuDepreciation(s, j);
    },
    end: (s) => s + Math.max(oe.valueEnd(s) - s, lastBuilding, lastPurchase),
    residualTaxes(s) {
      return oe.residualFlows(s).map(([t, amount], i): [number, number] => {
        let basis = C;
        for (let j = 0; j <= t - s; j++) basis -= building(j);
        return [t, tax.ratePerYear * (amount - sales[i].weight * basis)];
      });
    },
  };
}

/**
 * A running balance over months 0 … T−1 (a depreciation line, the cohorts' adjustments): b_t =
 * b_{t−1} + Σ step_t. Returns, for month t, the terms that stand for b_t. With a tax rate it is a
 * free column per month (bounded below by `lb`) and an equality row (`name`, `rowName`), so each month's taxable income
 * stays a few terms; with rate 0 no tax row reads it (taxable income is only reported), so it is
 * the running sum of the steps itself and the LP is the pre-tax LP, column for column
 * (docs/model.md, "Tax": with `ratePerYear` 0 the tax rows are not built).
 */
function stateOf(
  ctx: BuildContext,
  name: string,
  rowName: string,
  lb = 0,
): (t: number, step: readonly Term[]) => Term[] {
  const { lp, econ } = ctx;
  if (ctx.tax?.tax.ratePerYear === 0) {
    const sum = new Map<number, number>();
    return (_t, step) => {
      for (const [c, v] of step) sum.set(c, (sum.get(c) ?? 0) + v);
      return [...sum];
    };
  }
  let prev: number | undefined;
  return (t, step) => {
    const col = lp.addColumn(ctx.key(name, econ.labels[t]), lb === 0 ? undefined : { lb });
    ctx.tax?.cols.push(col);
    const terms: Term[] = [[col, 1], ...step.map(([c, v]): Term => [c, -v])];
    if (prev !== undefined) terms.push([prev, -1]);
    lp.addRow(ctx.key(rowName, econ.labels[t]), terms, 0, 0);
    prev = col;
    return [[col, 1]];
  };
}

/**
 * Adds one site's part of its case's tax: the adjustments of months 0 … T−1, its sources of
 * taxable income after the horizon and its residuals' tax. Call after `addTail`.
 */
export function addSiteTax(ctx: BuildContext): void {
  const book = ctx.tax;
  if (!book) return;
  const { lp, econ, index } = ctx;
  const T = econ.T;
  const last = T - 1;
  const bonus = book.tax.bonusShare;
  const d = ctx.scenario.financing.discountRatePerYear;
  // Refresh purchases: added back, their bonus share deducted at once, the rest by a state.
  const rf = econ.refresh;
  if (rf && index.refreshBuy.length) {
    const line = (1 - bonus) / EQUIPMENT_MONTHS;
    const state = stateOf(ctx, 'tax.asicdep', 'tax.asicdepstep');
    for (let t = 0; t < T; t++) {
      const buy = index.refreshBuy[t];
      book.terms[t].push([buy, (1 - bonus) * rf.pricePerMW[t]]);
      if (line === 0) continue;
      // The straight line's balance: this month's purchase added, the one 60 months back run off.
      const step: Term[] = [[buy, line * rf.pricePerMW[t]]];
      if (t >= EQUIPMENT_MONTHS)
        step.push([
          index.refreshBuy[t - EQUIPMENT_MONTHS],
          -line * rf.pricePerMW[t - EQUIPMENT_MONTHS],
        ]);
      for (const [c, v] of state(t, step)) book.terms[t].push([c, -v]);
    }
    // After the horizon: the straight line of the last 60 months' purchases runs on.
    for (let u = Math.max(0, T - EQUIPMENT_MONTHS); u < T; u++) {
      const amount = -line * rf.pricePerMW[u];
      if (amount !== 0)
        book.after.push({
          col: index.refreshBuy[u],
          from: T,
          to: u + EQUIPMENT_MONTHS,
          coef: () => amount,
        });
    }
  }
  // Cohorts: capex added back and depreciation taken off, by a recursion over their profiles.
  const profiles = econ.options.map((oe) => optionTax(book.tax, oe, d, econ.market === null));
  const jumps = profiles.map((p) => differences(T, (j) => p.adjustmentAt(j)));
  if (index.builds.length && jumps.some((j) => j.length > 0)) {
    const byMonth: Term[][] = Array.from({ length: T }, () => []);
    for (const b of index.builds)
      for (const [j, v] of jumps[b.option])
        if (b.start + j < T) byMonth[b.start + j].push([b.col, -v * b.mwPerUnit]);
    const state = stateOf(ctx, 'tax.hpcadj', 'tax.hpcadjstep', -Infinity);
    for (let t = 0; t < T; t++)
      book.terms[t].push(
        ...state(
          t,
          byMonth[t].map(([c, v]): Term => [c, -v]),
        ),
      );
  }
  for (const b of index.builds) {
    const p = profiles[b.option];
    const s = b.start;
    const u = b.mwPerUnit;
    const table = p.shifted?.monthly;
    book.after.push({
      col: b.col,
      from: T,
      to: p.end(s),
      // A shifted profile's month from its table: the same number as afterAt's, without working
      // out the cohort's flow and depreciation again.
      coef: table ? (t) => u * table[t - s] : (t) => u * p.afterAt(s, t),
      earnsUntil: econ.options[b.option].valueEnd(s),
      ...(p.shifted ? { shifted: { start: s, scale: u, ...p.shifted } } : {}),
    });
    for (const [t, perMW] of p.residualTaxes(s)) {
      book.residuals.push({ col: b.col, month: t, perUnit: u * perMW });
      lp.addObjective(b.col, -discountFactor(d, t) * u * perMW);
    }
  }
  // The ASICs held at the end: sold in T−1 (in full) or kept for the tail's margins.
  const fleets: { fe: FleetEconomics; held: number[]; keep: number | undefined }[] = [
    { fe: econ.existing, held: [index.existingHeld[last]], keep: index.keepExisting },
  ];
  if (rf && index.refreshBuy.length)
    fleets.push({
      fe: rf,
      held: [index.refreshRunnable[last], index.refreshBuy[last]],
      keep: index.keepRefresh,
    });
  for (const { fe, held, keep } of fleets) {
    const sale = fe.resalePerMW[last];
    for (const col of held) book.after.push({ col, from: last, to: T, coef: () => sale });
    if (keep !== undefined)
      book.after.push({
        col: keep,
        from: last,
        to: T + econ.tail,
        coef: (t) => (t === last ? -sale : tailMarginPerMW(fe, t)),
      });
  }
}

/**
 * The tax rows of month t < T (called by `parts/finance` with the month's deductible interest:
 * none in "firm" value). Returns the cash row's terms of the tax paid (an outflow), after adding
 * its value at d in "firm" value; empty when the rate is 0 (no rows: taxable income only).
 */
export function addTaxMonth(
  ctx: BuildContext,
  t: number,
  interest: readonly Term[],
  coupon: number,
): Term[] {
  const book = ctx.tax;
  if (!book) return [];
  const { lp, econ } = ctx;
  const taxable: Term[] = [
    ...ctx.cashTerms[t],
    ...book.terms[t],
    ...interest.map(([c, v]): Term => [c, -v]),
  ];
  const constant = ctx.cashConst[t] - coupon;
  book.taxable.push({ terms: taxable, constant });
  const h = book.tax.ratePerYear;
  if (h === 0) return [];
  const label = econ.labels[t];
  const pos = lp.addColumn(ctx.key('tax.pos', label));
  const neg = lp.addColumn(ctx.key('tax.neg', label));
  const used = lp.addColumn(ctx.key('tax.used', label));
  const nol = lp.addColumn(ctx.key('tax.nol', label));
  book.cols.push(pos, neg, used, nol);
  // The taxable terms negated, then pos and neg: the newest columns last, where `addRow` keeps
  // them without moving the others.
  const income: Term[] = new Array(taxable.length + 2);
  for (let k = 0; k < taxable.length; k++) income[k] = [taxable[k][0], -taxable[k][1]];
  income[taxable.length] = [pos, 1];
  income[taxable.length + 1] = [neg, -1];
  lp.addRow(ctx.key('tax.income', label), income, constant, constant);
  const opening = book.tax.openingNolUsd / M;
  const carry: Term[] = [
    [nol, 1],
    [neg, -1],
    [used, 1],
  ];
  if (t > 0) carry.push([book.nol[t - 1], -1]);
  const rhs = t === 0 ? opening : 0;
  lp.addRow(ctx.key('tax.nolstep', label), carry, rhs, rhs);
  lp.addRow(
    ctx.key('tax.nollimit', label),
    [
      [used, 1],
      [pos, -book.tax.nolLimitShare],
    ],
    -Infinity,
    0,
  );
  book.pos.push(pos);
  book.used.push(used);
  book.nol.push(nol);
  if (ctx.scenario.valuation.method === 'firm') {
    lp.addObjective(pos, -econ.df[t] * h);
    lp.addObjective(used, econ.df[t] * h);
  }
  return [
    [pos, h],
    [used, -h],
  ];
}

/**
 * The tax after the horizon (a value item at d, in both valuation methods): each source's taxable
 * income at h, month by month, and the loss carried from T−1 by yearly buckets.
 */
export function addTaxAfterHorizon(ctx: BuildContext): void {
  const book = ctx.tax;
  if (!book || book.tax.ratePerYear === 0 || book.after.length === 0) return;
  const { lp, econ } = ctx;
  const T = econ.T;
  const h = book.tax.ratePerYear;
  const d = ctx.scenario.financing.discountRatePerYear;
  const end = book.after.reduce((a, src) => Math.max(a, src.to), T);
  const years = Math.max(1, Math.ceil((end - T) / 12));
  const bucketOf = (t: number) => (t < T ? 0 : Math.floor((t - T) / 12));
  const df: number[] = [];
  const dfAt = (t: number) => {
    while (df.length <= t) df.push(discountFactor(d, df.length));
    return df[t];
  };
  // Years after the last month in which any cohort of the scenario could earn (its options' start
  // windows, whatever is built, so that an evaluated plan has the optimum's rows) hold only
  // depreciation: a loss made there can never be used, so nothing there is taxed or relieved.
  let earns = T + econ.tail;
  for (const oe of econ.options)
    for (const st of oe.starts) earns = Math.max(earns, oe.valueEnd(st));
  for (const src of book.after)
    if (src.earnsUntil !== undefined) earns = Math.max(earns, src.earnsUntil);
  const years2 = Math.min(years, Math.max(1, Math.ceil((earns - T) / 12)));
  const stop = T + 12 * years2;
  book.afterEnd = stop;
  dfAt(stop);
  const rows: Term[][] = Array.from({ length: years2 }, () => []);
  const sums = new Float64Array(years2);
  for (const src of book.after) {
    // The source's taxable income by year and its PV, to `stop`: two lookups per year for a
    // shifted profile, else one pass over its months.
    sums.fill(0);
    const to = Math.min(src.to, stop);
    let pv = 0;
    const sh = src.shifted;
    if (sh) {
      const at = (t: number) => Math.min(Math.max(0, t - sh.start), sh.sum.length - 1);
      for (let y = 0; y < years2; y++) {
        const lo = Math.max(src.from, T + 12 * y);
        const hi = Math.min(src.to, T + 12 * y + 12);
        if (hi > lo) sums[y] = sh.scale * (sh.sum[at(hi)] - sh.sum[at(lo)]);
      }
      if (to > src.from)
        pv =
          sh.scale *
          Math.pow(1 + d, -sh.start / 12) *
          (sh.discounted[at(to)] - sh.discounted[at(src.from)]);
    } else {
      for (let t = src.from; t < to; t++) {
        const v = src.coef(t);
        sums[bucketOf(t)] += v;
        pv += df[t] * v;
      }
    }
    if (pv !== 0) lp.addObjective(src.col, -h * pv);
    for (let y = 0; y < years2; y++) if (sums[y] !== 0) rows[y].push([src.col, -sums[y]]);
  }
  let prev = book.nol[T - 1];
  for (let y = 0; y < years2; y++) {
    const label = `after${y}`;
    const month = T + 12 * y + 11;
    const pos = lp.addColumn(ctx.key('tax.pos', label));
    const neg = lp.addColumn(ctx.key('tax.neg', label), { obj: -h * dfAt(month) });
    const used = lp.addColumn(ctx.key('tax.used', label), { obj: h * dfAt(month) });
    const nol = lp.addColumn(ctx.key('tax.nol', label));
    book.cols.push(pos, neg, used, nol);
    // pos and neg (the newest columns) last: `addRow` keeps the sources' terms where they are.
    lp.addRow(ctx.key('tax.income', label), [...rows[y], [pos, 1], [neg, -1]], 0, 0);
    lp.addRow(
      ctx.key('tax.nolstep', label),
      [
        [nol, 1],
        [prev, -1],
        [neg, -1],
        [used, 1],
      ],
      0,
      0,
    );
    lp.addRow(
      ctx.key('tax.nollimit', label),
      [
        [used, 1],
        [pos, -book.tax.nolLimitShare],
      ],
      -Infinity,
      0,
    );
    book.buckets.push({ neg, used, nol, month });
    prev = nol;
  }
}

/** What a solution pays in tax in one case (docs/model.md, "Tax"), USD. */
export interface TaxOutcome {
  /** Taxable income of months 0 … T−1. */
  readonly taxableUsd: readonly number[];
  /** Tax paid in months 0 … T−1. */
  readonly taxUsd: readonly number[];
  /** The loss carried forward at the end of T−1. */
  readonly nolAtHorizonUsd: number;
  /** Every tax by month, t = 0 … the last (after the horizon and on residuals too), undiscounted. */
  readonly flowsUsd: readonly number[];
  /** Their present value at d. */
  readonly pvUsd: number;
}

/**
 * A case's taxes at a solution. With rows the LP's own (pos_t − used_t); with a rate of 0 (no
 * rows) the loss carried forward follows the rule in order from the taxable income.
 */
export function taxOutcome(book: TaxBook, d: number, x: ArrayLike<number>): TaxOutcome {
  const h = book.tax.ratePerYear;
  const val = (terms: readonly Term[]) => terms.reduce((a, [c, v]) => a + v * x[c], 0);
  const taxable = book.taxable.map((r) => val(r.terms) + r.constant);
  const flows: number[] = [];
  const add = (t: number, v: number) => {
    while (flows.length <= t) flows.push(0);
    flows[t] += v;
  };
  let nol = book.tax.openingNolUsd / M;
  const tax = taxable.map((income, t) => {
    if (book.pos.length) {
      nol = x[book.nol[t]];
      return h * (x[book.pos[t]] - x[book.used[t]]);
    }
    const used = Math.min(nol, book.tax.nolLimitShare * Math.max(0, income));
    nol += Math.max(0, -income) - used;
    return 0;
  });
  tax.forEach((v, t) => add(t, v));
  if (h > 0) {
    for (const src of book.after) {
      const units = x[src.col];
      if (units === 0) continue;
      const to = Math.min(src.to, book.afterEnd);
      for (let t = src.from; t < to; t++) add(t, h * units * src.coef(t));
    }
    for (const b of book.buckets) add(b.month, h * (x[b.neg] - x[b.used]));
    for (const r of book.residuals) add(r.month, x[r.col] * r.perUnit);
  }
  const pv = flows.reduce((a, v, t) => a + v * discountFactor(d, t), 0);
  return {
    taxableUsd: taxable.map((v) => v * M),
    taxUsd: tax.map((v) => v * M),
    nolAtHorizonUsd: nol * M,
    flowsUsd: flows.map((v) => v * M),
    pvUsd: pv * M,
  };
}
