/**
 * @module economics — per-MW unit economics of one case of a scenario (docs/model.md, "Unit
 * economics"): mining margins and ASIC prices by month, the merchant tail, and each HPC option's
 * cohort profiles.
 */
import type { CaseSpec } from './cases';
import { casesOf, pathMonths } from './cases';
import { powerMarketOf, type PowerMarketEconomics } from './power-market';
import { cloudProfile } from './parts/cloud';
import { leaseProfile } from './parts/lease';
import { residualEvents, residualPerMW, type ResidualEvent } from './parts/residual';
import { optionRate, streamRates, type StreamRates } from './rates';
import type { HpcOption, SiteScenario } from './schema';
import {
  DAYS_PER_MONTH,
  HOURS_PER_MONTH,
  discountFactor,
  monthIndex,
  monthLabel,
  monthNumber,
} from './time';
import { USD_PER_MODEL_UNIT } from './units';

/**
 * The money unit, re-exported for the modules that import it from here (its home is units.ts).
 */
export { USD_PER_MODEL_UNIT };

/** A mining fleet's economics per grid MW. */
export interface FleetEconomics {
  /** TH/s per grid MW: 1e6 / (J/TH × PUE). */
  readonly thPerMW: number;
  /**
   * Operating margin per grid MW running in month t (t < T + tail), $M (revenue − power − opex).
   */
  readonly marginPerMW: readonly number[];
  /** Revenue per grid MW running in month t, $M. */
  readonly revenuePerMW: readonly number[];
  /** Cost per grid MW running in a month, $M (power × uptime + opex). */
  readonly costPerMW: number;
  /**
   * Resale value per grid MW of machines sold in month t, $M (indexed to hashprice unless flat).
   */
  readonly resalePerMW: readonly number[];
  /**
   * Purchase price per grid MW of machines bought in month t, $M (refresh only; 0 for the installed
   * fleet).
   */
  readonly pricePerMW: readonly number[];
  /**
   * Present value, $M per MW kept running after the horizon: Σ_{t=T}^{T+L−1} df_t × max(0,
   * margin_t); with price bins Σ_t df_t × Σ_b max(0, binMargin_{t,b}).
   */
  readonly tailValuePerMW: number;
  /**
   * With price bins (else null): margin per MW running in bin b of month t (t < T + tail), $M: h_b
   * × (revenue_t − 730.5 × uptime × p_b − opex) + the demand-response credit (first bin) − the
   * transmission charge (last bin).
   */
  readonly binMarginPerMW: readonly (readonly number[])[] | null;
  /**
   * With price bins (else null): power and opex per MW running in bin b of month t, $M (h_b ×
   * (730.5 u p_b + o)).
   */
  readonly binCostPerMW: readonly (readonly number[])[] | null;
}

/**
 * An HPC option's economics per grid MW of a cohort, as profiles over months j since the cohort's
 * start.
 */
export interface OptionEconomics {
  readonly option: HpcOption;
  /**
   * Building capex per grid MW, $M, paid in equal parts over months 0 … b−1 of the cohort (project
   * debt's base).
   */
  readonly capexPerMW: number;
  /** Planned build months b (the window, capex and "under construction" use it). */
  readonly buildMonths: number;
  /** Months from start to actual commencement: b + the case's extra build months. */
  readonly commencementOffset: number;
  /** Months after start when the MW stop mining and occupy power: b − switchover. */
  readonly occupyOffset: number;
  /**
   * Capex paid in month j of the cohort, $M per MW: the building's (j = 0 … b−1) and a cloud's GPU
   * purchases.
   */
  capexAt(j: number): number;
  /** Expected lease margin in month j of the cohort, $M per MW (0 before commencement). */
  marginAt(j: number): number;
  /** Lease revenue (before opex and power) in month j, $M per MW, expected (renewal × p). */
  revenueAt(j: number): number;
  /**
   * Expected share of the cohort's MW earning on power the operator pays in month j (with price
   * bins only; 0 otherwise): its power is then not in `marginAt` but costs
   * `Economics.market.hpcPowerAt(t)` per MW.
   */
  poweredAt(j: number): number;
  /**
   * Monthly survival ratio q = (1 − defaultProbabilityPerYear)^(1/12) of a lease with a default
   * hazard and a backstop below 1; 1 otherwise (no decaying part).
   */
  readonly decay: number;
  /**
   * The part of `netAt` whose LP recursion is plain: −capex + (β or 1) × margin (the rest decays by
   * q a month).
   */
  steadyNetAt(j: number): number;
  /**
   * The part of `marginAt` that decays with survival: (1 − β) × q^k × the margin without the credit
   * factor.
   */
  decayingMarginAt(j: number): number;
  /** Likewise for `poweredAt`: its steady and decaying parts. */
  steadyPoweredAt(j: number): number;
  decayingPoweredAt(j: number): number;
  /** Net cash flow in month j of the cohort: margin − capex, $M per MW. */
  netAt(j: number): number;
  /**
   * Project-debt ceiling per MW at month j: advanceRate × capex paid by then × f_j (docs/model.md).
   */
  advanceAt(j: number): number;
  /** Kinks of `advanceAt`: [j, second difference] (it is piecewise linear). */
  readonly advanceKinks: readonly (readonly [number, number])[];
  /** Last month (exclusive) of the cohort with any cash flow. */
  readonly lastMonth: number;
  /**
   * Start months allowed: the window, commencement within the horizon, decision months for blocks.
   */
  readonly starts: readonly number[];
  /**
   * Discounted value, $M per MW, of the cohort's flows after the horizon (months ≥ T), if started
   * in month s.
   */
  postHorizonValue(s: number): number;
  /** The option's discount rate r_o, per year (docs/model.md, "Rates by risk class"). */
  readonly rate: number;
  /** Its discount factor of month t: (1 + r_o)^(−(t+1)/12), t < T + its reach. */
  dfAt(t: number): number;
  /**
   * Σ_{t=s}^{T−1} (df^o_t − df_t) × the cohort's net flow of month t, $M per MW: what the value of
   * its in-horizon flows gains when they are discounted at r_o instead of d (0 when r_o = d).
   */
  rateCorrection(s: number): number;
  /** The residual's present value at r_o, $M per MW, of a cohort started in month s. */
  residualValue(s: number): number;
  /** The residual's events of a cohort started in month s: [month t, $M per MW, weighted]. */
  residualFlows(s: number): readonly (readonly [number, number])[];
  /**
   * The value flow of month t ≥ T of a cohort started in month s, $M per MW: its net flow with
   * power charged by bins, a cloud's purchases × the share of life the tail covers; 0 past its end.
   */
  flowAfterHorizon(s: number, t: number): number;
  /** First month (exclusive) with a value flow of a cohort started in month s. */
  valueEnd(s: number): number;
  /** Equipment (a cloud's GPUs) bought in month j of the cohort, $M per MW. */
  equipmentAt(j: number): number;
  /**
   * The share of a purchase falling in month t of a cohort started in s that its value counts: 1
   * within the horizon, a cloud tail's share of life after it, 0 past the value's end.
   */
  equipmentWeight(s: number, t: number): number;
  /** The residual's sales: month j of the cohort and the share sold (docs/model.md, "Tax"). */
  readonly residualSales: readonly { readonly j: number; readonly weight: number }[];
}

/** Everything the model parts need that is fixed by the scenario and the case. */
export interface Economics {
  readonly T: number;
  /** Merchant tail months L. */
  readonly tail: number;
  readonly labels: readonly string[];
  /** Discount factor of month t's flows at d, t < T + L. */
  readonly df: readonly number[];
  /** Discount factor of month t's mining flows at r_m, t < T + L. */
  readonly dfMining: readonly number[];
  /** The rates by class, resolved (docs/model.md, "Rates by risk class"). */
  readonly rates: StreamRates;
  /** Hashprice of month t, t < T + L. */
  readonly hashprice: readonly number[];
  /** Grid MW available in month t. */
  readonly gridMW: readonly number[];
  readonly existing: FleetEconomics;
  readonly refresh: FleetEconomics | null;
  readonly options: readonly OptionEconomics[];
  readonly case: CaseSpec;
  /** The site's power market (null without `site.powerMarket`). */
  readonly market: PowerMarketEconomics | null;
}

/**
 * The margin per MW of a fleet kept running in month t ≥ T for the merchant tail, $M: its margin
 * when positive (else it idles), with price bins the sum of its positive bin margins.
 */
export function tailMarginPerMW(fe: FleetEconomics, t: number): number {
  return fe.binMarginPerMW
    ? fe.binMarginPerMW[t].reduce((a, v) => a + Math.max(0, v), 0)
    : Math.max(0, fe.marginPerMW[t]);
}

function fleetEconomics(
  s: SiteScenario,
  kase: CaseSpec,
  index: readonly number[],
  df: readonly number[],
  efficiencyJPerTH: number,
  resaleUsdPerTH: number,
  priceUsdPerTH: number,
  market: PowerMarketEconomics | null,
): FleetEconomics {
  const f = s.fleet;
  const T = s.horizonMonths;
  const thPerMW = 1e6 / (efficiencyJPerTH * s.site.miningPue);
  const phPerMW = thPerMW / 1000;
  const revenuePerMW = kase.hashprice.map(
    (hp) => (hp * phPerMW * DAYS_PER_MONTH * f.uptime * (1 - f.poolFee)) / USD_PER_MODEL_UNIT,
  );
  const costPerMW =
    (HOURS_PER_MONTH * f.uptime * s.site.energyUsdPerMWh + f.opexUsdPerMWMonth) /
    USD_PER_MODEL_UNIT;
  const marginPerMW = revenuePerMW.map((r) => r - costPerMW);
  let binCostPerMW: number[][] | null = null;
  let binMarginPerMW: number[][] | null = null;
  if (market) {
    binCostPerMW = revenuePerMW.map((_, t) => {
      const m = market.binsAt(t);
      return m.share.map(
        (h, b) =>
          (h * (HOURS_PER_MONTH * f.uptime * m.price[b] + f.opexUsdPerMWMonth)) /
          USD_PER_MODEL_UNIT,
      );
    });
    binMarginPerMW = binCostPerMW.map((costs, t) => {
      const m = market.binsAt(t);
      const last = costs.length - 1;
      return costs.map(
        (c, b) =>
          m.share[b] * revenuePerMW[t] -
          c +
          (b === 0 ? market.demandResponsePerMW : 0) -
          (b === last ? market.transmissionPerMW : 0),
      );
    });
  }
  let tailValuePerMW = 0;
  for (let t = T; t < marginPerMW.length; t++) {
    tailValuePerMW +=
      df[t] *
      (binMarginPerMW
        ? binMarginPerMW[t].reduce((a, v) => a + Math.max(0, v), 0)
        : Math.max(0, marginPerMW[t]));
  }
  return {
    binMarginPerMW,
    binCostPerMW,
    thPerMW,
    revenuePerMW,
    marginPerMW,
    costPerMW,
    resalePerMW: index.map((k) => (resaleUsdPerTH * thPerMW * k) / USD_PER_MODEL_UNIT),
    pricePerMW: index.map((k) => (priceUsdPerTH * thPerMW * k) / USD_PER_MODEL_UNIT),
    tailValuePerMW,
  };
}

/**
 * Start months of an option: earliest ≤ s ≤ latest, s + buildMonths ≤ T − 1, decision months when
 * blockMW > 0.
 */
export function startWindow(
  s: Pick<SiteScenario, 'horizonMonths' | 'startMonth'>,
  o: HpcOption,
): number[] {
  const T = s.horizonMonths;
  const earliest = o.earliestStartMonth
    ? Math.max(0, monthIndex(s.startMonth, o.earliestStartMonth))
    : 0;
  const latest = Math.min(
    T - 1 - o.buildMonths,
    o.latestStartMonth ? monthIndex(s.startMonth, o.latestStartMonth) : Infinity,
  );
  const starts: number[] = [];
  for (let t = earliest; t <= latest; t++) {
    if (o.blockMW > 0 && t % o.decisionIntervalMonths !== 0) continue;
    starts.push(t);
  }
  return starts;
}

function optionEconomics(
  s: SiteScenario,
  o: HpcOption,
  slip: number,
  dfFar: readonly number[],
  dfBase: readonly number[],
  rate: number,
  market: PowerMarketEconomics | null,
): OptionEconomics {
  const T = s.horizonMonths;
  const b = o.buildMonths;
  const c = b + slip;
  const it = o.itMWPerGridMW;
  // Building capex: the part the operator funds (a cloud has no tenant); project debt advances
  // against it alone.
  const capexPerMW =
    (o.capexUsdPerMWIt * it * (o.kind === 'cloud' ? 1 : 1 - o.tenantCapexShare)) /
    USD_PER_MODEL_UNIT;
  const profile =
    o.kind === 'cloud' ? cloudProfile(s, o, c, market) : leaseProfile(s, o, c, market);
  const { lastMonth, revenue, margin, powered, steady, decaying, equipment, decay: q } = profile;
  const dfAt = (t: number) => dfFar[t];
  const inRange = (j: number) => j >= 0 && j < lastMonth;
  const revenueAt = (j: number) => (inRange(j) ? revenue[j] : 0);
  const marginAt = (j: number) => (inRange(j) ? margin[j] : 0);
  const poweredAt = (j: number) => (inRange(j) ? powered[j] : 0);
  const at = (a: Float64Array) => (j: number) => (inRange(j) ? a[j] : 0);
  const buildingAt = (j: number) => (j >= 0 && j < b ? capexPerMW / b : 0);
  const capexAt = (j: number) => buildingAt(j) + (inRange(j) ? equipment[j] : 0);
  const netAt = (j: number) => marginAt(j) - capexAt(j);
  const pd = s.financing.projectDebt;
  const full = pd ? pd.advanceRate * capexPerMW : 0;
  const A = pd?.amortizationMonths ?? 1;
  const advanceAt = (j: number) => {
    if (full === 0 || j < 0) return 0;
    if (j < b) return (full * (j + 1)) / b;
    if (j < c) return full;
    return full * Math.max(0, 1 - (j - c + 1) / A);
  };
  // a(j) rises by full/b a month over the build, holds until commencement, then falls by full/A a
  // month to zero.
  const kinks = new Map<number, number>();
  if (full > 0) {
    for (const [j, v] of [
      [0, full / b],
      [b, -full / b],
      [c, -full / A],
      [c + A, full / A],
    ] as const)
      kinks.set(j, (kinks.get(j) ?? 0) + v);
  }
  const starts = startWindow(s, o);
  const tail = profile.tail;
  const valueEnd = (start: number) => Math.min(start + lastMonth, tail ? tail.end : Infinity);
  // Tables of the per-month values the value sums below read T × lastMonth times (hot: every build
  // computes them): each entry is the very expression it stands for, so the sums are unchanged.
  const span = Math.max(lastMonth, T);
  const net = new Float64Array(span);
  const marginLessBuilding = new Float64Array(span);
  const poweredAll = new Float64Array(span);
  for (let j = 0; j < span; j++) {
    net[j] = netAt(j);
    marginLessBuilding[j] = marginAt(j) - buildingAt(j);
    poweredAll[j] = poweredAt(j);
  }
  const reach = T - 1 + lastMonth;
  const hpcPower = market ? Array.from({ length: reach }, (_, t) => market.hpcPowerAt(t)) : [];
  const hpcPowerAt = (t: number) =>
    market === null ? 0 : t >= 0 && t < reach ? hpcPower[t] : market.hpcPowerAt(t);
  const weight = tail ? Array.from({ length: tail.end }, (_, t) => tail.equipmentWeight(t)) : [];
  const weightAt = (t: number) =>
    tail === null ? 1 : t >= 0 && t < tail.end ? weight[t] : tail.equipmentWeight(t);
  const charged = (j: number, t: number) => (market ? poweredAt(j) * hpcPowerAt(t) : 0);
  // Month t ≥ T's value flow of a cohort started in `start`, month j = t − start of the cohort.
  const flowAt = (j: number, t: number) => {
    const flow = tail ? marginLessBuilding[j] - equipment[j] * weightAt(t) : net[j];
    return market ? flow - powered[j] * hpcPowerAt(t) : flow;
  };
  const flowAfterHorizon = (start: number, t: number) => {
    const j = t - start;
    if (t < T || t >= valueEnd(start)) return 0;
    if (j >= 0 && j < lastMonth) return flowAt(j, t);
    const equip = inRange(j) ? equipment[j] : 0;
    const flow = tail ? marginAt(j) - buildingAt(j) - equip * weightAt(t) : netAt(j);
    return flow - charged(j, t);
  };
  const events = residualEvents(o, c, profile);
  // With price bins and operator power the building's margin pays the power of its calendar month.
  const binnedPower = market !== null && (o.kind === 'cloud' || !o.tenantPaysPower);
  const residualAt = (e: ResidualEvent, t: number) =>
    e.weight * residualPerMW(o, e.margin - (binnedPower ? hpcPowerAt(t) : 0));
  const residualFlows = (start: number): [number, number][] =>
    events.map((e) => [start + e.j, residualAt(e, start + e.j)]);
  const postHorizon = new Float64Array(T);
  const correction = new Float64Array(T);
  const residual = new Float64Array(T);
  const own = rate !== s.financing.discountRatePerYear;
  for (let start = 0; start < T; start++) {
    let v = 0;
    const end = valueEnd(start);
    // t − start lies in 1 … lastMonth − 1 here: flowAfterHorizon's own case (a lease without
    // price bins: net[t − start]).
    if (tail || market) for (let t = T; t < end; t++) v += flowAt(t - start, t) * dfFar[t];
    else for (let t = T; t < end; t++) v += net[t - start] * dfFar[t];
    postHorizon[start] = v;
    for (const e of events) residual[start] += residualAt(e, start + e.j) * dfFar[start + e.j];
    if (!own) continue;
    let k = 0;
    for (let t = start; t < T; t++) {
      const j = t - start;
      k += (dfFar[t] - dfBase[t]) * (market ? net[j] - poweredAll[j] * hpcPowerAt(t) : net[j]);
    }
    correction[start] = k;
  }
  const within = (a: Float64Array) => (start: number) => (start >= 0 && start < T ? a[start] : 0);
  const postHorizonValue = within(postHorizon);
  const steadyMarginAt = at(steady.margin);
  return {
    option: o,
    capexPerMW,
    buildMonths: b,
    commencementOffset: c,
    occupyOffset: b - o.switchoverMonths,
    capexAt,
    marginAt,
    revenueAt,
    poweredAt,
    decay: q,
    steadyNetAt: (j) => steadyMarginAt(j) - capexAt(j),
    decayingMarginAt: at(decaying.margin),
    steadyPoweredAt: at(steady.powered),
    decayingPoweredAt: at(decaying.powered),
    netAt,
    advanceAt,
    advanceKinks: [...kinks].filter(([, v]) => v !== 0).sort((x, y) => x[0] - y[0]),
    lastMonth,
    starts,
    postHorizonValue,
    rate,
    dfAt,
    rateCorrection: within(correction),
    residualValue: within(residual),
    residualFlows,
    flowAfterHorizon,
    valueEnd,
    equipmentAt: (j) => (inRange(j) ? equipment[j] : 0),
    equipmentWeight: (start, t) => (t < T ? 1 : t >= valueEnd(start) ? 0 : weightAt(t)),
    residualSales: events.map((e) => ({ j: e.j, weight: e.weight })),
  };
}

/**
 * Derives every scenario- and case-fixed quantity the model needs. Pure. Without a case, the
 * scenario's first (for a deterministic scenario, only) case.
 */
export function economics(s: SiteScenario, kase: CaseSpec = casesOf(s)[0]): Economics {
  const T = s.horizonMonths;
  const L = s.valuation.merchantTailMonths;
  const d = s.financing.discountRatePerYear;
  const first = monthNumber(s.startMonth);
  const labels = Array.from({ length: T }, (_, t) => monthLabel(first + t));
  const df = Array.from({ length: pathMonths(s) }, (_, t) => discountFactor(d, t));
  const rates = streamRates(s);
  const dfMining = rates.mining === d ? df : df.map((_, t) => discountFactor(rates.mining, t));
  const additions = s.site.gridAdditions.map((a) => ({
    t: monthNumber(a.month) - first,
    mw: a.mw,
  }));
  const gridMW = labels.map((_, t) => {
    let g = s.site.gridMW;
    for (const a of additions) if (a.t <= t) g += a.mw;
    return g;
  });
  // ASIC prices of month t: × hashprice_t / hashprice_0 of the base path (the same in every case:
  // the reveal is ≥ 1).
  const hp0 = kase.hashprice[0];
  const index = labels.map((_, t) =>
    s.market.asicPriceIndex === 'hashprice' && hp0 > 0 ? kase.hashprice[t] / hp0 : 1,
  );
  const f = s.fleet;
  const market = powerMarketOf(s);
  const existing = fleetEconomics(
    s,
    kase,
    index,
    dfMining,
    f.efficiencyJPerTH,
    f.resaleUsdPerTH,
    0,
    market,
  );
  const refresh = f.refresh
    ? fleetEconomics(
        s,
        kase,
        index,
        dfMining,
        f.refresh.efficiencyJPerTH,
        f.refresh.resaleUsdPerTH,
        f.refresh.priceUsdPerTH,
        market,
      )
    : null;
  // Discount factors far enough past the horizon for every cohort's last month.
  const reach =
    T +
    Math.max(
      L,
      ...s.hpcOptions.map((o) =>
        o.kind === 'cloud' ? 0 : o.buildMonths + kase.extraBuildMonths + 2 * o.termMonths,
      ),
    );
  const options = s.hpcOptions.map((o) => {
    const r = optionRate(s, o);
    const dfFar = new Array<number>(reach);
    for (let t = 0; t < reach; t++) dfFar[t] = discountFactor(r, t);
    return optionEconomics(s, o, kase.extraBuildMonths, dfFar, df, r, market);
  });
  return {
    T,
    tail: L,
    labels,
    df,
    dfMining,
    rates,
    hashprice: kase.hashprice,
    gridMW,
    existing,
    refresh,
    options,
    case: kase,
    market,
  };
}
