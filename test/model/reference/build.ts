/**
 * @module reference/build — an independent LP of the v2 single-site deterministic model (with v3's
 * rates by class and residual), for tests.
 * It follows docs/model.md literally and shares no code with model/: its own sparse form, its own
 * variables (stock-and-sale fleets, one column per cohort written straight into every row it
 * touches, no recursions), money in $M, MW.
 *
 * Variables (t = 0 … T−1) and the rule each block follows (docs/model.md):
 *   Mining ("Unit economics", "Constraints"):  own⁰_t ∈ [0, installed], sell⁰_t, run⁰_t;  buy¹_t ∈ [0, maxMW],
 *     sell¹_t, own¹_t, run¹_t.  own_t = own_{t−1} + buy_t − sell_t (own⁰_{−1} = installedMW, own¹_{−1} = 0);
 *     run⁰_t ≤ own⁰_t;  run¹_t + sell¹_t ≤ own¹_{t−1} (bought in t runs from t+1, sold in t does not run);
 *     Σ buy¹ ≤ refresh.maxMW.  Cash: margin·run + resale_t·sell − price_t·buy (ASIC prices indexed).
 *   HPC ("Unit economics", v2 start window):  x_{o,s} ≥ 0 for each allowed start (integer blocks × blockMW
 *     when blockMW > 0); Σ_s x ≤ maxMW_o;  Σ_{o,s} x ≤ hpcEligibleMW.  Cash: (margin − capex)(t)·x.
 *     v3 "Plans a person can read": a build is 0 or ≥ solve.minBuildMW (default 1; blocks of at least
 *     that excepted), by a binary z_{o,s} per column — the whole MILP, every column.
 *   Power ("Constraints"): run⁰_t + run¹_t + Σ_{occupiesFrom ≤ t} x ≤ grid_t (occupied to the horizon's end).
 *   Cash ("Cash and debt"): cash_t = (1+y)·cash_{t−1} + FCF_t − r_f·fac_{t−1} − r_p·pd_{t−1} − coupon_t
 *     − repayment_t + (fac_t − fac_{t−1}) + (pd_t − pd_{t−1}) + (1 − issuance)·eq_t − dist_t, cash_{−1} = cashUsd;
 *     cash_t ≥ minCash;  fac_t ≤ limit;  Σ eq ≤ limit;  pd_t ≤ Σ advanceRate·paidThrough_t·f_t·x (pooled).
 *   Merchant tail (v2 "Value after the horizon"): keep_f ≤ own_f,T−1; keep⁰ + keep¹ + HPC occupying in T−1
 *     ≤ grid_{T−1};  value keep_f·Σ_{t=T}^{T+L−1} df_t·max(0, margin_f,t) + (own_f,T−1 − keep_f)·df_{T−1}·resale_{T−1}.
 *   HPC terminal value: x·Σ_{t ≥ T} df_t·margin(t).
 *   v3 ("Rates by risk class", "Residual value"): mining terms (margins, sales, purchases, the tail, the
 *     resale at T−1) at r_m; a lease's net flows, terminal value and residual at r_o; the rest at d.
 *   Objective ("Value"): "firm" Σ df_t FCF_t + TV + cashUsd − existing balance − Σ df_t·issuance·eq_t
 *     − Σ_{t=1}^{T−1} df_t·(s_f·fac_{t−1} + s_p·pd_{t−1}), distributions 0;  "equity" Σ df_t (dist_t − eq_t)
 *     + df_{T−1}·(cash − fac − pd − existing balance outstanding)_{T−1} + TV.
 */
import {
  checkSupported,
  cohort,
  discount,
  fleetFigures,
  gridAt,
  hashpriceMonths,
  indexOf,
  perMonth,
  startMonths,
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
        }
      }
      const x = col(`x${i}_${st}`, {
        ub: ub * mwPer < minBuild ? 0 : ub,
        integer: o.blockMW > 0,
        obj: (mwPer * tv) / M,
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
    const coupon = E > 0 && t <= maturity ? rE * E : 0;
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
