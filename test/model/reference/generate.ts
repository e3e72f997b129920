/**
 * @module reference/generate — a seeded generator of valid single-site v2 scenarios (plain JSON
 * with the SPEC's field names) for the reference tests, and the transform that turns one into a
 * scenario on which v1 and v2 coincide. Deterministic: a mulberry32 PRNG from a fixed seed; no
 * clock.
 *
 * Coverage (docs/model.md, "Conventions" and "Cash and debt"): horizons 24–120 months, projection
 * (halving month before, in or after the horizon; some with a floor) and series hashprice (some
 * longer than the horizon), both ASIC price indices, both valuation methods and the defaults,
 * merchant tails 0–36 months, 0–3 lease options (blocks off: LPs only) with and without start
 * windows, and each financing source (facility, project debt, equity, existing debt) on and off,
 * rates both below and above the discount rate.
 */
import type { RefOption, RefScenario } from './scenario';

/** mulberry32: a small seeded PRNG returning [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `YYYY-MM` n months after `start`. */
export function monthAfter(start: string, n: number): string {
  const [y, m] = start.split('-').map(Number);
  const k = y * 12 + m - 1 + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** `count` scenarios from `seed`. Mutable plain objects: tests may edit copies. */
export function generateScenarios(count = 32, seed = 20261201): RefScenario[] {
  const rnd = prng(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * rnd();
  const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
  const round = (v: number, step: number) => Math.round(v / step) * step;
  const chance = (p: number) => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const out: RefScenario[] = [];
  for (let i = 0; i < count; i++) {
    const T = i === 0 ? 24 : i === 1 ? 120 : int(24, 120);
    const startMonth = `${int(2026, 2028)}-${String(int(1, 12)).padStart(2, '0')}`;
    const gridMW = round(between(20, 300), 5);
    const additions = Array.from({ length: int(0, 2) }, () => ({
      month: monthAfter(startMonth, int(1, T - 1)),
      mw: round(between(5, 60), 5),
    }));
    const installedMW = round(gridMW * between(0.5, 1), 1);
    const series = i % 3 === 2;
    let level = between(28, 60);
    const hashprice: RefScenario['market']['hashprice'] = series
      ? {
          kind: 'series',
          usdPerPhDay: Array.from(
            { length: T + (chance(0.3) ? int(1, 12) : 0) },
            () => +(level = Math.max(5, level * between(0.93, 1.06))).toFixed(3),
          ),
        }
      : {
          kind: 'projection',
          btcUsd: round(between(60_000, 130_000), 1000),
          btcGrowthPerYear: +between(-0.1, 0.35).toFixed(3),
          networkEhs: round(between(800, 1400), 10),
          networkGrowthPerYear: +between(0.05, 0.4).toFixed(3),
          feesBtcPerBlock: +between(0, 0.08).toFixed(3),
          halvingMonth: monthAfter(startMonth, int(-45, 60)),
          // v3: every fourth scenario's projection has a floor (drawing no number, so the rest of
          // each scenario is as before); one leaves the gain to its default.
          ...(i % 4 === 1
            ? {
                floor: {
                  marginalJPerTH: 21.5,
                  powerUsdPerMWh: 40 + i,
                  ...(i === 25 ? {} : { efficiencyGainPerYear: 0.1 }),
                  ...(i % 8 === 5 ? { otherCostUsdPerPhDay: 2 } : {}),
                },
              }
            : {}),
        };
    const options: RefOption[] = Array.from({ length: i % 4 === 0 ? 0 : int(1, 3) }, (_, k) => {
      const buildMonths = int(6, 24);
      const earliest = chance(0.4) ? int(0, 24) : null;
      return {
        id: `lease-${k + 1}`,
        name: `lease offer ${k + 1}`,
        leaseUsdPerKwMonth: round(between(90, 175), 1),
        escalatorPerYear: +between(0, 0.04).toFixed(3),
        termMonths: pick([60, 84, 120, 180]),
        itMWPerGridMW: +between(0.65, 0.8).toFixed(3),
        capexUsdPerMWIt: round(between(7e6, 11e6), 1e5),
        tenantCapexShare: chance(0.3) ? +between(0, 0.3).toFixed(2) : 0,
        buildMonths,
        switchoverMonths: int(0, Math.min(6, buildMonths)),
        opexUsdPerMWItMonth: round(between(10_000, 30_000), 500),
        // v3: every third scenario's first offer escalates its opex (drawing no number, so the
        // rest of each scenario is as before).
        ...(i % 3 === 1 && k === 0 ? { opexEscalatorPerYear: 0.03 } : {}),
        tenantPaysPower: chance(0.6),
        blockMW: 0,
        maxMW: round(between(10, gridMW), 5),
        ...(earliest !== null ? { earliestStartMonth: monthAfter(startMonth, earliest) } : {}),
        ...(chance(0.3)
          ? { latestStartMonth: monthAfter(startMonth, (earliest ?? 0) + int(0, 30)) }
          : {}),
        ...(chance(0.6) ? { renewalProbability: +between(0, 0.7).toFixed(2) } : {}),
      };
    });
    const discountRatePerYear = +between(0.08, 0.15).toFixed(3);
    const cashUsd = round(between(30e6, 400e6), 1e6);
    const method = pick(['firm', 'equity', undefined] as const);
    const tail = pick([0, 12, 24, 36, undefined] as const);
    const valuation =
      method === undefined && tail === undefined
        ? undefined
        : {
            ...(method ? { method } : {}),
            ...(tail !== undefined ? { merchantTailMonths: tail } : {}),
          };
    const index = pick(['hashprice', 'flat', undefined] as const);
    const s: RefScenario = {
      name: `generated ${i + 1}`,
      startMonth,
      horizonMonths: T,
      site: {
        gridMW,
        gridAdditions: additions,
        hpcEligibleMW: round(gridMW * between(0.3, 1), 5),
        energyUsdPerMWh: round(between(25, 70), 0.5),
        miningPue: +between(1.02, 1.15).toFixed(3),
        overheadUsdPerMonth: round(between(0, 500_000), 10_000),
      },
      fleet: {
        installedMW,
        efficiencyJPerTH: +between(13, 28).toFixed(1),
        uptime: +between(0.9, 0.98).toFixed(3),
        poolFee: +between(0, 0.03).toFixed(3),
        opexUsdPerMWMonth: round(between(2000, 6000), 100),
        resaleUsdPerTH: +between(1, 6).toFixed(2),
        ...(chance(0.5)
          ? {
              refresh: {
                efficiencyJPerTH: +between(9, 14).toFixed(1),
                priceUsdPerTH: +between(10, 22).toFixed(1),
                resaleUsdPerTH: +between(3, 8).toFixed(1),
                maxMW: round(between(0, 100), 5),
              },
            }
          : {}),
      },
      market: { hashprice, ...(index ? { asicPriceIndex: index } : {}) },
      ...(valuation ? { valuation } : {}),
      hpcOptions: options,
      financing: {
        cashUsd,
        minCashUsd: round(between(0, Math.min(30e6, cashUsd * 0.3)), 1e6),
        cashYieldPerYear: +between(0, 0.05).toFixed(3),
        discountRatePerYear,
        ...(chance(0.4)
          ? {
              existingDebt: {
                balanceUsd: round(between(0, cashUsd * 0.6), 1e6),
                couponPerYear: +between(0, 0.08).toFixed(3),
                maturityMonth: monthAfter(startMonth, int(0, T + 24)),
              },
            }
          : {}),
        ...(chance(0.6)
          ? {
              facility: {
                limitUsd: round(between(0, 200e6), 1e6),
                ratePerYear: +between(0.05, 0.16).toFixed(3),
              },
            }
          : {}),
        ...(chance(0.6)
          ? {
              projectDebt: {
                advanceRate: +between(0.5, 0.85).toFixed(2),
                ratePerYear: +between(0.05, 0.14).toFixed(3),
                amortizationMonths: int(60, 180),
              },
            }
          : {}),
        ...(chance(0.5)
          ? {
              equity: {
                limitUsd: round(between(0, 300e6), 1e6),
                issuanceCost: +between(0, 0.08).toFixed(3),
              },
            }
          : {}),
      },
    };
    out.push(s);
  }
  return out;
}

/**
 * The same site as a scenario on which v1 and v2 coincide, as a pair: `v1` without v2-only fields
 * (valuation, asicPriceIndex, latestStartMonth), `v2` = `v1` with "equity" valuation, no merchant
 * tail and flat ASIC prices. The halving is moved so that no second one falls in the horizon, a
 * series gets exactly T values, and each option is built in blocks on decision months chosen so
 * that every build v1 allows commences within the horizon (the largest decision month s < T has s +
 * buildMonths ≤ T − 1); an option for which no interval up to 24 months does that has its build
 * shortened until one does.
 */
export function coincident(s: RefScenario): { v1: Record<string, unknown>; v2: RefScenario } {
  const T = s.horizonMonths;
  const hp = s.market.hashprice;
  const hashprice =
    hp.kind === 'series'
      ? { ...hp, usdPerPhDay: hp.usdPerPhDay.slice(0, T) }
      : { ...hp, halvingMonth: monthAfter(s.startMonth, T - 40) };
  const hpcOptions = s.hpcOptions.map((o) => {
    const { latestStartMonth: _latest, ...rest } = o;
    const intervals = Array.from({ length: 23 }, (_, k) => 24 - k); // 24 … 2
    const fits = intervals.find((d) => (T - 1) % d >= o.buildMonths);
    const widest = intervals.reduce((a, d) => ((T - 1) % d > (T - 1) % a ? d : a));
    const interval = fits ?? widest;
    const buildMonths = fits ? o.buildMonths : (T - 1) % widest;
    const block = 5;
    return {
      ...rest,
      buildMonths,
      switchoverMonths: Math.min(o.switchoverMonths, buildMonths),
      blockMW: block,
      decisionIntervalMonths: interval,
      maxMW: Math.max(block, Math.floor(o.maxMW / block) * block),
    };
  });
  const { valuation: _valuation, ...base } = s;
  const v1 = { ...base, market: { hashprice }, hpcOptions, solve: { mipRelGap: 1e-9 } };
  const v2: RefScenario = {
    ...v1,
    market: { hashprice, asicPriceIndex: 'flat' },
    valuation: { method: 'equity', merchantTailMonths: 0 },
  };
  return { v1, v2 };
}

/**
 * A scenario whose funding is tight: cash $5M above its floor and $60M of existing debt (6 %
 * coupon) due in month 3 + (i mod 20). Many such scenarios cannot be funded at all: they check that
 * infeasibility is agreed.
 */
export function tightFunding(s: RefScenario, i: number): RefScenario {
  const f = s.financing;
  return {
    ...s,
    name: `${s.name}, tight funding`,
    financing: {
      ...f,
      cashUsd: f.minCashUsd + 5e6,
      existingDebt: {
        balanceUsd: 60e6,
        couponPerYear: 0.06,
        maturityMonth: monthAfter(s.startMonth, 3 + (i % 20)),
      },
    },
  };
}
