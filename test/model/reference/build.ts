/**
 * @module reference/build — an independent LP of the v2 single-site deterministic model (with v3's
 * rates by class, residual and tax), for tests.
 * It follows docs/model.md literally and shares no code with model/: its own sparse form, its own
 * variables (stock-and-sale fleets, one column per cohort written straight into every row it
 * touches, no recursions), money in $M, MW.
 *
 * Variables (t = 0 … T−1) and the rule each block follows (docs/model.md):
 *   Mining ("Unit economics", "Constraints"):  own⁰_t ∈ [0, installed], sell⁰_t, run⁰_t;
 *     buy¹_t ∈ [0, maxMW], sell¹_t, own¹_t, run¹_t.  own_t = own_{t−1} + buy_t − sell_t
 *     (own⁰_{−1} = installedMW, own¹_{−1} = 0);  run⁰_t ≤ own⁰_t;  run¹_t + sell¹_t ≤ own¹_{t−1}
 *     (bought in t runs from t+1, sold in t does not run);  Σ buy¹ ≤ refresh.maxMW.
 *     Cash: margin·run + resale_t·sell − price_t·buy (ASIC prices indexed).
 *   HPC ("Unit economics", v2 start window):  x_{o,s} ≥ 0 for each allowed start (integer blocks
 *     × blockMW when blockMW > 0); Σ_s x ≤ maxMW_o;  Σ_{o,s} x ≤ hpcEligibleMW.
 *     Cash: (margin − capex)(t)·x.
 *     v3 "Plans a person can read": a build is 0 or ≥ solve.minBuildMW (default 1; blocks of at
 *     least that excepted), by a binary z_{o,s} per column — the whole MILP, every column.
 *   Power ("Constraints"): run⁰_t + run¹_t + Σ_{occupiesFrom ≤ t} x ≤ grid_t (occupied to the
 *     horizon's end).
 *   Cash ("Cash and debt"): cash_t = (1+y)·cash_{t−1} + FCF_t − r_f·fac_{t−1} − r_p·pd_{t−1}
 *     − coupon_t − repayment_t + (fac_t − fac_{t−1}) + (pd_t − pd_{t−1}) + (1 − issuance)·eq_t
 *     − dist_t − tax_t, cash_{−1} = cashUsd;  cash_t ≥ minCash;  fac_t ≤ limit;  Σ eq ≤ limit;
 *     pd_t ≤ Σ advanceRate·paidThrough_t·f_t·x (pooled).
 *   Merchant tail (v2 "Value after the horizon"): keep_f ≤ own_f,T−1; keep⁰ + keep¹ + HPC occupying
 *     in T−1 ≤ grid_{T−1};  value keep_f·Σ_{t=T}^{T+L−1} df_t·max(0, margin_f,t)
 *     + (own_f,T−1 − keep_f)·df_{T−1}·resale_{T−1}.
 *   HPC terminal value: x·Σ_{t ≥ T} df_t·margin(t).
 *   v3 ("Rates by risk class", "Residual value"): mining terms (margins, sales, purchases, the
 *     tail, the resale at T−1) at r_m; a lease's net flows, terminal value and residual at r_o; the
 *     rest at d.
 *   v3 "Tax" (with a tax block whose rate h is not 0): taxpos_t, taxneg_t, taxused_t, taxnol_t ≥ 0;
 *     taxpos_t − taxneg_t = EBITDA_t − dep_t (− r_f·fac_{t−1} − r_p·pd_{t−1} − coupon_t in
 *     "equity"), EBITDA_t = margins·run + resale·sell (in full) + lease margin·x − overhead;
 *     taxnol_t = taxnol_{t−1} + taxneg_t − taxused_t (taxnol_{−1} = openingNolUsd);
 *     taxused_t ≤ λ·taxpos_t;  tax_t = h·(taxpos_t − taxused_t) in the cash row (and at df_t in the
 *     "firm" objective). dep_t from the columns: a refresh bought in u, price_u·buy¹_u · (β at u,
 *     (1 − β)/60 in u … u+59); a cohort's operator-paid capex C·x from commencement c,
 *     (β·σ at c, (1 − β)·σ/180 in c … c+179, (1 − σ)/468 in c … c+467) × the share still held.
 *     After the horizon, by year y (months T + 12y … T + 12y + 11; bucket 0 also the ASICs sold at
 *     the end of T−1; none after the year of the last month any cohort could earn):
 *     taxP_y − taxN_y = Σ (tail margins, lease margins, the sale − dep) of the year;
 *     taxn_y = taxn_{y−1} + taxN_y − taxU_y (taxn_{−1} = taxnol_{T−1});  taxU_y ≤ λ·taxP_y;
 *     value − h·Σ_t df_t·taxable_t − h·Σ_y df_{T+12y+11}·(taxN_y − taxU_y). A residual is taxed on
 *     its own: − h·w·(value − the basis left at its month)·df.
 *   Objective ("Value"): "firm" Σ df_t FCF_t + TV + cashUsd − existing balance
 *     − Σ df_t·issuance·eq_t − Σ_{t=1}^{T−1} df_t·(s_f·fac_{t−1} + s_p·pd_{t−1}) − tax values,
 *     distributions 0;
 *     "equity" Σ df_t (dist_t − eq_t) + df_{T−1}·(cash − fac − pd − existing balance
 *     outstanding)_{T−1} + TV − the tax values after the horizon and on residuals.
 */
import {
  BUILDING_LIFE_MONTHS,
  buildingDepreciation,
  checkSupported,
  cohort,
  discount,
  fleetFigures,
  gridAt,
  hashpriceMonths,
  heldShare,
  indexOf,
  PURCHASE_LIFE_MONTHS,
  perMonth,
  purchaseDepreciation,
  startMonths,
  taxOf,
  type FleetFigures,
  type RefScenario,
} from './scenario';

/** A column of the reference LP: bounds, objective coefficient ($M per unit), integrality. */
export interface RefColumn {
  readonly name: string;
  readonly lb: number;
  readonly ub: number;
  obj: number;
  readonly integer: boolean;
}

/** A row lo ≤ Σ coef·x ≤ hi (terms by column index; duplicates are summed when written). */
export interface RefRow {
  readonly name: string;
  readonly terms: [number, number][];
  readonly lo: number;
  readonly hi: number;
}

/** The reference LP, maximised: objective = Σ obj·x + constant, in $M. */
export interface RefLp {
  readonly columns: RefColumn[];
  readonly rows: RefRow[];
  constant: number;
  /** Remarks, e.g. an option that cannot commence within the horizon. */
  readonly notes: string[];
  /** Allowed start months of each option, by option id (for tests). */
  readonly starts: Record<string, number[]>;
}

const M = 1e6;

/**
 * Builds the reference LP of a v2 scenario (JSON with the SPEC's field names; defaults applied
 * here).
 */
export function buildReference(s: RefScenario): RefLp {
  checkSupported(s);
  const T = s.horizonMonths;
  const method = s.valuation?.method ?? 'firm';
  const L = s.valuation?.merchantTailMonths ?? 24;
  const fin = s.financing;
  const d = fin.discountRatePerYear;
  const df = (t: number) => discount(d, t);
  // v3 rates by risk class: mining at r_m, each lease at r_o, the rest at d.
  const rm = s.valuation?.discountRates?.mining ?? d;
  const rateOf = (o: RefScenario['hpcOptions'][number]) =>
    o.discountRatePerYear ?? s.valuation?.discountRates?.lease ?? d;
  const lp: RefLp = { columns: [], rows: [], constant: 0, notes: [], starts: {} };
  const col = (
    name: string,
    o: { lb?: number; ub?: number; obj?: number; integer?: boolean } = {},
  ) => {
    lp.columns.push({
      name,
      lb: o.lb ?? 0,
      ub: o.ub ?? Infinity,
      obj: o.obj ?? 0,
      integer: o.integer ?? false,
    });
    return lp.columns.length - 1;
  };
  const row = (name: string, terms: [number, number][], lo: number, hi: number) =>
    lp.rows.push({ name, terms, lo, hi });

  const hp = hashpriceMonths(s, T + L);
  // FCF_t as terms [column, $M, the annual rate its value is discounted at] and a constant ($M, at
  // d); the objective's firm part and the cash rows both read it.
  const fcf: [number, number, number][][] = Array.from({ length: T }, () => []);
  const fcfConst = new Array<number>(T).fill(-s.site.overheadUsdPerMonth / M);
  const power: [number, number][][] = Array.from({ length: T }, () => []);
  // v3 "Tax": taxable income as terms [column, $M] — of each month of the horizon in `taxable`
  // (EBITDA − depreciation; its constant is fcfConst, − overhead), of each month after it in
  // `taxableAfter` (its key T − 1 holds only the ASICs sold at the end of T−1). Filled only with a
  // tax block whose rate is not 0.
  const tax = taxOf(s);
  const taxable: [number, number][][] = Array.from({ length: T }, () => []);
  const taxableAfter = new Map<number, [number, number][]>();
  const taxed = (t: number, j: number, v: number, after = t >= T) => {
    if (!tax || v === 0) return;
    if (!after) return void taxable[t].push([j, v]);
    const terms = taxableAfter.get(t);
    if (terms) terms.push([j, v]);
    else taxableAfter.set(t, [[j, v]]);
  };
  // A purchase of `usd` ($M per unit of column j) in month u: its depreciation, month by month.
  const depreciatePurchase = (j: number, u: number, usd: number) => {
    if (tax)
      for (let k = 0; k < PURCHASE_LIFE_MONTHS; k++)
        taxed(u + k, j, -usd * purchaseDepreciation(tax, k));
  };

  // --- Mining: both fleets as stocks with sales. ---
  interface Fleet {
    fig: FleetFigures;
    own: number[];
  }
  const fleets: Fleet[] = [];
  const f0 = fleetFigures(s, hp, s.fleet.efficiencyJPerTH, s.fleet.resaleUsdPerTH, 0);
  const own0: number[] = [];
  for (let t = 0; t < T; t++) {
    const own = col(`own0_${t}`, { ub: s.fleet.installedMW });
    const sell = col(`sell0_${t}`);
    const run = col(`run0_${t}`);
    own0.push(own);
    row(
      `stock0_${t}`,
      t === 0
        ? [
            [own, 1],
            [sell, 1],
          ]
        : [
            [own, 1],
            [own0[t - 1], -1],
            [sell, 1],
          ],
      t === 0 ? s.fleet.installedMW : 0,
      t === 0 ? s.fleet.installedMW : 0,
    );
    row(
      `runcap0_${t}`,
      [
        [run, 1],
        [own, -1],
      ],
      -Infinity,
      0,
    );
    fcf[t].push([run, f0.marginUsd[t] / M, rm], [sell, f0.resaleUsd[t] / M, rm]);
    // EBITDA: the margin and the sale in full (the installed fleet has no basis left).
    taxed(t, run, f0.marginUsd[t] / M);
    taxed(t, sell, f0.resaleUsd[t] / M);
    power[t].push([run, 1]);
  }
  fleets.push({ fig: f0, own: own0 });
  const rf = s.fleet.refresh;
  if (rf) {
    const f1 = fleetFigures(s, hp, rf.efficiencyJPerTH, rf.resaleUsdPerTH, rf.priceUsdPerTH);
    const own1: number[] = [];
    const buys: number[] = [];
    for (let t = 0; t < T; t++) {
      const buy = col(`buy1_${t}`, { ub: rf.maxMW });
      const sell = col(`sell1_${t}`);
      const own = col(`own1_${t}`);
      const run = col(`run1_${t}`);
      own1.push(own);
      buys.push(buy);
      const stock: [number, number][] = [
        [own, 1],
        [buy, -1],
        [sell, 1],
      ];
      if (t > 0) stock.push([own1[t - 1], -1]);
      row(`stock1_${t}`, stock, 0, 0);
      row(
        `runcap1_${t}`,
        t > 0
          ? [
              [run, 1],
              [sell, 1],
              [own1[t - 1], -1],
            ]
          : [
              [run, 1],
              [sell, 1],
            ],
        -Infinity,
        0,
      );
      fcf[t].push(
        [run, f1.marginUsd[t] / M, rm],
        [sell, f1.resaleUsd[t] / M, rm],
        [buy, -f1.priceUsd[t] / M, rm],
      );
      // EBITDA: the margin and the sale in full; the purchase is left out and depreciated.
      taxed(t, run, f1.marginUsd[t] / M);
      taxed(t, sell, f1.resaleUsd[t] / M);
      depreciatePurchase(buy, t, f1.priceUsd[t] / M);
      power[t].push([run, 1]);
    }
    row(
      'buymax1',
      buys.map((b) => [b, 1]),
      -Infinity,
      rf.maxMW,
    );
    fleets.push({ fig: f1, own: own1 });
  }

  // --- HPC cohorts: one column per option and allowed start. ---
  const pd = fin.projectDebt;
  const advance: [number, number][][] = Array.from({ length: T }, () => []);
  const allBuilds: [number, number][] = [];
  const minBuild = s.solve?.minBuildMW ?? 1;
  let anyCapex = false;
  s.hpcOptions.forEach((o, i) => {
    const starts = startMonths(s, o);
    lp.starts[o.id] = starts;
    if (starts.length === 0)
      lp.notes.push(`option ${o.id} cannot commence within the horizon: no build columns`);
    const mwPer = o.blockMW > 0 ? o.blockMW : 1;
    const own: [number, number][] = [];
    for (const st of starts) {
      const c = cohort(s, o, st);
      const ub = o.blockMW > 0 ? Math.floor(o.maxMW / o.blockMW + 1e-9) : o.maxMW;
      const ro = rateOf(o);
      let tv = 0;
      for (let t = T; t < c.end; t++) tv += discount(ro, t) * c.marginAt(t);
      // v3 residual: at the end of the term (weight 1 − p) and of the extension (weight p), 12 ×
      // that month's margin (at full renewal) / cap rate − refit × IT MW, discounted at r_o.
      const p = o.renewalProbability ?? 0;
      // v3 "Tax": a residual is taxed as a sale on its own, at d: h · w · (value − the remaining
      // basis), the basis C less the whole building's depreciation to the end of the sale month.
      let residualTax = 0;
      if (o.residual) {
        for (const [end, w] of [
          [c.commencement + o.termMonths - 1, 1 - p],
          [c.commencement + 2 * o.termMonths - 1, p],
        ]) {
          if (w === 0) continue;
          const margin = c.marginAt(end) / (end < c.commencement + o.termMonths ? 1 : p);
          const value =
            (12 * margin) / o.residual.capRatePerYear -
            (o.residual.refitCapexUsdPerMWIt ?? 0) * o.itMWPerGridMW;
          tv += w * value * discount(ro, end);
          if (tax) {
            let depreciated = 0;
            for (let k = 0; k <= end - c.commencement; k++)
              depreciated += buildingDepreciation(tax, k);
            const basis = c.capexUsd * (1 - depreciated);
            residualTax += tax.rate * w * (value - basis) * df(end);
          }
        }
      }
      const x = col(`x${i}_${st}`, {
        ub: ub * mwPer < minBuild ? 0 : ub,
        integer: o.blockMW > 0,
        obj: (mwPer * (tv - residualTax)) / M,
      });
      own.push([x, mwPer]);
      // v3 minimum build: mwPer·x is 0 or ≥ minBuildMW, by a binary z: x ≤ ub·z, mwPer·x ≥ m·z.
      if (minBuild > 0 && mwPer * ub >= minBuild && !(o.blockMW > 0 && o.blockMW >= minBuild)) {
        const z = col(`z${i}_${st}`, { ub: 1, integer: true });
        row(
          `zup${i}_${st}`,
          [
            [x, 1],
            [z, -ub],
          ],
          -Infinity,
          0,
        );
        row(
          `zlow${i}_${st}`,
          [
            [x, mwPer],
            [z, -minBuild],
          ],
          0,
          Infinity,
        );
      }
      // Taxable: the lease margin in every month it falls (the capex left out) less the building's
      // depreciation from commencement, × the share still held.
      for (let t = c.commencement; t < c.end; t++) taxed(t, x, (mwPer * c.marginAt(t)) / M);
      if (tax)
        for (let k = 0; k < BUILDING_LIFE_MONTHS; k++) {
          const t = c.commencement + k;
          const share = buildingDepreciation(tax, k) * heldShare(o, c, t);
          taxed(t, x, (-mwPer * c.capexUsd * share) / M);
        }
      for (let t = st; t < T; t++) {
        const net = (c.marginAt(t) - c.capexAt(t)) / M;
        if (net !== 0) fcf[t].push([x, mwPer * net, ro]);
        if (t >= c.occupiesFrom) power[t].push([x, mwPer]);
        if (pd && c.capexUsd > 0) {
          const f =
            t < c.commencement
              ? 1
              : Math.max(0, 1 - (t - c.commencement + 1) / pd.amortizationMonths);
          const a = (pd.advanceRate * c.paidThrough(t) * f) / M;
          if (a !== 0) advance[t].push([x, mwPer * a]);
        }
      }
      if (c.capexUsd > 0) anyCapex = true;
    }
    if (own.length) row(`maxmw${i}`, own, -Infinity, o.maxMW);
    allBuilds.push(...own);
  });
  if (allBuilds.length) row('eligible', allBuilds, -Infinity, s.site.hpcEligibleMW);
  for (let t = 0; t < T; t++) row(`power_${t}`, power[t], -Infinity, gridAt(s, t));

  // --- Value after the horizon: the merchant tail of each fleet (HPC terminal values are on the x
  // columns). ---
  const dfEnd = df(T - 1);
  const dfEndMining = discount(rm, T - 1);
  const keeps: [number, number][] = [];
  for (const [f, fleet] of fleets.entries()) {
    const resaleEnd = fleet.fig.resaleUsd[T - 1] / M;
    lp.columns[fleet.own[T - 1]].obj += dfEndMining * resaleEnd;
    // Taxed after the horizon: the MW held at the end of T−1 less those kept, sold in full.
    taxed(T - 1, fleet.own[T - 1], resaleEnd, true);
    if (L === 0) continue;
    let tail = 0;
    for (let t = T; t < T + L; t++)
      tail += discount(rm, t) * Math.max(0, fleet.fig.marginUsd[t] / M);
    const keep = col(`keep${f}`, { obj: tail - dfEndMining * resaleEnd });
    row(
      `keepcap${f}`,
      [
        [keep, 1],
        [fleet.own[T - 1], -1],
      ],
      -Infinity,
      0,
    );
    keeps.push([keep, 1]);
    taxed(T - 1, keep, -resaleEnd, true);
    for (let t = T; t < T + L; t++) taxed(t, keep, Math.max(0, fleet.fig.marginUsd[t] / M));
  }
  if (keeps.length) row('tailpower', [...keeps, ...allBuilds], -Infinity, gridAt(s, T - 1));

  // --- Cash and debt. ---
  const y = perMonth(fin.cashYieldPerYear);
  const rd = perMonth(d);
  const fac = fin.facility;
  const rFac = fac ? perMonth(fac.ratePerYear) : 0;
  const rPd = pd ? perMonth(pd.ratePerYear) : 0;
  const sFac = Math.max(0, rFac - rd);
  const sPd = Math.max(0, rPd - rd);
  const eqLimit = fin.equity?.limitUsd ?? 0;
  const issuance = fin.equity?.issuanceCost ?? 0;
  const debt = fin.existingDebt;
  const E = debt ? debt.balanceUsd / M : 0;
  const maturity = debt ? indexOf(s.startMonth, debt.maturityMonth) : -1;
  if (E > 0 && maturity < 0) throw new Error('reference: existing debt matured before startMonth');
  const rE = debt ? perMonth(debt.couponPerYear) : 0;
  const cash: number[] = [];
  const facs: number[] = [];
  const pds: number[] = [];
  const eqs: number[] = [];
  const couponAt = (t: number) => (E > 0 && t <= maturity ? rE * E : 0);
  // v3 "Tax", month by month: taxable_t = pos_t − neg_t; the loss n_t; used_t offsets pos_t.
  const taxCols = Array.from({ length: tax ? T : 0 }, (_, t) => ({
    pos: col(`taxpos_${t}`),
    neg: col(`taxneg_${t}`),
    used: col(`taxused_${t}`),
    nol: col(`taxnol_${t}`),
  }));
  for (let t = 0; t < T; t++) {
    const c = col(`cash_${t}`, { lb: fin.minCashUsd / M });
    cash.push(c);
    const terms: [number, number][] = [[c, 1]];
    if (t > 0) terms.push([cash[t - 1], -(1 + y)]);
    for (const [j, v] of fcf[t]) terms.push([j, -v]);
    if (fac) {
      facs.push(col(`fac_${t}`, { ub: fac.limitUsd / M }));
      terms.push([facs[t], -1]);
      if (t > 0) terms.push([facs[t - 1], 1 + rFac]);
    }
    if (pd && anyCapex) {
      pds.push(col(`pd_${t}`));
      terms.push([pds[t], -1]);
      if (t > 0) terms.push([pds[t - 1], 1 + rPd]);
      row(
        `pdcap_${t}`,
        [[pds[t], 1], ...advance[t].map(([j, a]) => [j, -a] as [number, number])],
        -Infinity,
        0,
      );
    }
    if (eqLimit > 0) {
      eqs.push(col(`eq_${t}`));
      terms.push([eqs[t], -(1 - issuance)]);
    }
    if (method === 'equity') terms.push([col(`dist_${t}`, { obj: df(t) }), 1]);
    // tax_t = h · (pos_t − used_t), paid in month t.
    if (tax) terms.push([taxCols[t].pos, tax.rate], [taxCols[t].used, -tax.rate]);
    const coupon = couponAt(t);
    const repayment = E > 0 && t === maturity ? E : 0;
    const rhs = fcfConst[t] - coupon - repayment + (t === 0 ? (1 + y) * (fin.cashUsd / M) : 0);
    row(`cash_${t}`, terms, rhs, rhs);
  }
  if (eqs.length)
    row(
      'eqmax',
      eqs.map((e) => [e, 1]),
      -Infinity,
      eqLimit / M,
    );

  // --- Tax (v3): the loss carried forward month by month, then by year after the horizon. ---
  if (tax) {
    const h = tax.rate;
    taxCols.forEach(({ pos, neg, used, nol }, t) => {
      // pos − neg = EBITDA − depreciation (− interest in "equity": r_f·fac_{t−1} + r_p·pd_{t−1}
      // + the coupon), EBITDA's constant being − overhead.
      const terms: [number, number][] = [
        [pos, 1],
        [neg, -1],
        ...taxable[t].map(([j, v]) => [j, -v] as [number, number]),
      ];
      let rhs = fcfConst[t];
      if (method === 'equity') {
        if (t > 0 && facs.length) terms.push([facs[t - 1], rFac]);
        if (t > 0 && pds.length) terms.push([pds[t - 1], rPd]);
        rhs -= couponAt(t);
      }
      row(`taxable_${t}`, terms, rhs, rhs);
      // n_t = n_{t−1} + neg_t − used_t, n_{−1} = openingNolUsd; used_t ≤ λ · pos_t.
      const carried: [number, number][] = [
        [nol, 1],
        [neg, -1],
        [used, 1],
      ];
      if (t > 0) carried.push([taxCols[t - 1].nol, -1]);
      const opening = t === 0 ? tax.openingNolUsd / M : 0;
      row(`taxnol_${t}`, carried, opening, opening);
      row(
        `taxlimit_${t}`,
        [
          [used, 1],
          [pos, -tax.limit],
        ],
        -Infinity,
        0,
      );
      // "firm": the tax is a value item at d ("equity": it reaches the value through the cash).
      if (method === 'firm') {
        lp.columns[pos].obj -= df(t) * h;
        lp.columns[used].obj += df(t) * h;
      }
    });
    // After the horizon, by year: bucket y holds months T + 12y … T + 12y + 11 (bucket 0 also the
    // sale at the end of T−1). Value: − h · Σ_t df_t · taxable_t − h · Σ_y df_{e(y)} · (N_y − U_y).
    // The years after the last month in which any cohort of the scenario could earn (the end of
    // the merchant tail; of each option's latest possible extension from its start window) hold
    // only depreciation: they are left out, nothing there taxed or relieved (bucket 0 stays).
    let earns = T + L;
    for (const o of s.hpcOptions)
      for (const st of lp.starts[o.id]) {
        const lasts = (o.renewalProbability ?? 0) > 0 ? 2 : 1;
        earns = Math.max(earns, cohort(s, o, st).commencement + lasts * o.termMonths);
      }
    const buckets = taxableAfter.size ? Math.max(1, Math.ceil((earns - T) / 12)) : 0;
    const inBucket: [number, number][][] = Array.from({ length: buckets }, () => []);
    for (const [t, terms] of taxableAfter) {
      if (t >= T + 12 * buckets) continue;
      inBucket[t < T ? 0 : Math.floor((t - T) / 12)].push(...terms);
      for (const [j, v] of terms) lp.columns[j].obj -= h * df(t) * v;
    }
    let nolBefore = taxCols[T - 1].nol;
    inBucket.forEach((terms, b) => {
      const P = col(`taxP_${b}`);
      const N = col(`taxN_${b}`);
      const U = col(`taxU_${b}`);
      const n = col(`taxn_${b}`);
      const dfEndOfYear = df(T + 12 * b + 11);
      lp.columns[N].obj -= h * dfEndOfYear;
      lp.columns[U].obj += h * dfEndOfYear;
      const sum: [number, number][] = [
        [P, 1],
        [N, -1],
        ...terms.map(([j, v]) => [j, -v] as [number, number]),
      ];
      row(`taxyear_${b}`, sum, 0, 0);
      row(
        `taxyearnol_${b}`,
        [
          [n, 1],
          [nolBefore, -1],
          [N, -1],
          [U, 1],
        ],
        0,
        0,
      );
      row(
        `taxyearlimit_${b}`,
        [
          [U, 1],
          [P, -tax.limit],
        ],
        -Infinity,
        0,
      );
      nolBefore = n;
    });
  }

  // --- Objective. ---
  if (method === 'firm') {
    for (let t = 0; t < T; t++) {
      for (const [j, v, r] of fcf[t]) lp.columns[j].obj += discount(r, t) * v;
      lp.constant += df(t) * fcfConst[t];
      if (eqs.length) lp.columns[eqs[t]].obj -= df(t) * issuance;
      // Σ_{t≥1} df_t·s·balance_{t−1}: the balance of month t−1 carries month t's spread.
      if (t >= 1 && facs.length) lp.columns[facs[t - 1]].obj -= df(t) * sFac;
      if (t >= 1 && pds.length) lp.columns[pds[t - 1]].obj -= df(t) * sPd;
    }
    lp.constant += fin.cashUsd / M - E;
  } else {
    eqs.forEach((e, t) => (lp.columns[e].obj -= df(t)));
    lp.columns[cash[T - 1]].obj += dfEnd;
    if (facs.length) lp.columns[facs[T - 1]].obj -= dfEnd;
    if (pds.length) lp.columns[pds[T - 1]].obj -= dfEnd;
    if (E > 0 && maturity > T - 1) lp.constant -= dfEnd * E;
  }
  return lp;
}
