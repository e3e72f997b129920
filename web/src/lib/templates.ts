/**
 * @module templates — what the editor's new objects start as: an HPC offer of either kind (and an
 * offer switched to the other kind), a grid addition, a power market, a contract, an ASIC refresh
 * and a tax block. The catalogue of the fields they fill is lib/fields.ts.
 */
import { CLOUD_FIELDS, LEASE_FIELDS, type ScenarioInput } from '../../../model/schema';

/**
 * A power market to start from: the site's flat price in 90 % of the hours and a peak at 3× it in
 * the rest.
 */
export function newPowerMarket(energyUsdPerMWh: number): Record<string, unknown> {
  return {
    priceBins: [
      { hoursShare: 0.9, priceUsdPerMWh: energyUsdPerMWh },
      { hoursShare: 0.1, priceUsdPerMWh: Math.round(3 * energyUsdPerMWh) },
    ],
    demandResponseUsdPerMWMonth: 0,
    transmissionUsdPerKwYear: 0,
  };
}

/** Defaults of the optional contract. */
export const CONTRACT_DEFAULTS = { mw: 50, priceUsdPerMWh: 45 };

/** A site's own inputs: its site and fleet blocks. */
interface SiteParts {
  readonly site: NonNullable<ScenarioInput['site']>;
  readonly fleet: NonNullable<ScenarioInput['fleet']>;
}

/**
 * A new portfolio site's inputs: 50 MW of grid, all of it eligible, $100k a month of overhead and
 * 50 MW of ASICs, with `like`'s power price, PUE and fleet figures (every one a required field,
 * read as it is).
 */
export function newSite(like: SiteParts): SiteParts {
  return {
    site: {
      gridMW: 50,
      hpcEligibleMW: 50,
      energyUsdPerMWh: like.site.energyUsdPerMWh,
      miningPue: like.site.miningPue,
      overheadUsdPerMonth: 100_000,
    },
    fleet: {
      installedMW: 50,
      efficiencyJPerTH: like.fleet.efficiencyJPerTH,
      uptime: like.fleet.uptime,
      poolFee: like.fleet.poolFee,
      opexUsdPerMWMonth: like.fleet.opexUsdPerMWMonth,
      resaleUsdPerTH: like.fleet.resaleUsdPerTH,
    },
  };
}

/** A new grid addition: 10 MW from the scenario's first month (`startMonth`). */
export function newGridAddition(startMonth: string): { month: string; mw: number } {
  return { month: startMonth, mw: 10 };
}

/** Defaults of the optional ASIC refresh. */
export const REFRESH_DEFAULTS = {
  efficiencyJPerTH: 13.5,
  priceUsdPerTH: 16,
  resaleUsdPerTH: 6,
  maxMW: 50,
};

/**
 * Defaults of the optional tax block: 25 % (21 % federal and a state rate), 100 % bonus, half of a
 * building short-life, no opening loss, the post-2017 80 % limit (docs/model.md "Tax").
 */
export const TAX_DEFAULTS = {
  ratePerYear: 0.25,
  bonusShare: 1,
  hpcShortLifeShare: 0.5,
  openingNolUsd: 0,
  nolLimitShare: 0.8,
};

/**
 * Defaults of the optional hashprice floor: the presets' (S19 XP-class machines at $60/MWh, their
 * J/TH falling 20 %/yr; data/README.md).
 */
export const FLOOR_DEFAULTS = {
  marginalJPerTH: 21.5,
  powerUsdPerMWh: 60,
  efficiencyGainPerYear: 0.2,
};

/**
 * The own fields of a new offer of each kind (a cloud's shaped on IREN – Microsoft:
 * data/gpu-cloud.json).
 */
export const KIND_DEFAULTS = {
  lease: {
    leaseUsdPerKwMonth: 130,
    escalatorPerYear: 0.03,
    termMonths: 120,
    tenantCapexShare: 0,
    tenantPaysPower: true,
    renewalProbability: 0,
  },
  cloud: {
    computeUsdPerMWItMonth: 808_333,
    utilisation: 0.9,
    gpuCapexUsdPerMWIt: 29_000_000,
    gpuLifeMonths: 60,
    computePriceChangePerYear: 0,
  },
} as const;

/** A new HPC offer of `kind`, with an id not yet taken. */
export function newOffer(
  takenIds: readonly string[],
  startMonth: string,
  kind: 'lease' | 'cloud' = 'lease',
): Record<string, unknown> {
  let n = takenIds.length + 1;
  while (takenIds.includes(`offer-${n}`)) n++;
  return {
    ...(kind === 'cloud' ? { kind } : {}),
    id: `offer-${n}`,
    name: kind === 'cloud' ? `GPU cloud ${n}` : `HPC offer ${n}`,
    itMWPerGridMW: 0.75,
    capexUsdPerMWIt: 9_000_000,
    buildMonths: 18,
    switchoverMonths: 3,
    opexUsdPerMWItMonth: 15_000,
    blockMW: 0,
    maxMW: 50,
    earliestStartMonth: startMonth,
    decisionIntervalMonths: 3,
    ...KIND_DEFAULTS[kind],
  };
}

/**
 * The offer as the other kind (a lease without `kind`): its common fields kept, the old kind's own
 * fields dropped (a cloud option given lease fields is refused), the new kind's set to their
 * defaults.
 */
export function withKind(
  offer: Record<string, unknown>,
  kind: 'lease' | 'cloud',
): Record<string, unknown> {
  // `residual` (a leased building's value, docs/model.md) is a lease's own, listed here until the
  // model's LEASE_FIELDS names it: a cloud given one is refused.
  const own = new Set<string>([...LEASE_FIELDS, ...CLOUD_FIELDS, 'residual']);
  const common = Object.entries(offer).filter(([k]) => !own.has(k) && k !== 'kind');
  // A lease is the default kind: it is written without `kind`, as v1 offers are.
  return {
    ...Object.fromEntries(common),
    ...(kind === 'cloud' ? { kind } : {}),
    ...KIND_DEFAULTS[kind],
  };
}
