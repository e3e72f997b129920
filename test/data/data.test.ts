/**
 * @module data.test — presets parse, ids are safe, CSV rows and JSON reference figures carry
 * sources and units, lease rents and NOI margins recompute, derived reference figures recompute.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, isLease } from '../../model/schema';
import { sitesOf } from '../../model/sites';
import { leaseOf } from '../helpers/lease';
import { DEFAULT_PRESET_ID, listPresets, loadPreset, loadPresetFile } from '../../data/load';
import {
  ercotPriceBinsByMonth,
  impliedRentUsdPerKwMonth,
  loadAsics,
  loadFinancing,
  loadHashpriceHistory,
  loadLeaseDeals,
  loadReference,
  parseCsv,
  REFERENCE_FILES,
  sourcedEntries,
  type SourcedFigure,
} from './tables';

const PRESET_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../data/presets');
const presetFiles = readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json'));

describe('presets', () => {
  it('ships the five named presets, the default first', () => {
    const ids = listPresets().map((p) => p.id);
    expect(ids[0]).toBe(DEFAULT_PRESET_ID);
    expect(ids).toEqual(
      expect.arrayContaining([
        'texas-100mw',
        'texas-blocks',
        'river-bend',
        'barber-lake',
        'ercot-flex',
      ]),
    );
  });

  it('ids are unique and match the file names', () => {
    const ids = listPresets().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(presetFiles.map((f) => f.replace(/\.json$/, '')).sort());
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it.each(presetFiles)('%s parses with ScenarioSchema and has a name and description', (file) => {
    const id = file.replace(/\.json$/, '');
    const raw = loadPreset(id);
    const parsed = ScenarioSchema.safeParse(raw);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(raw?.description?.length ?? 0).toBeGreaterThan(50);
  });

  it.each(presetFiles)('%s keeps MW caps within the site and stays conservative', (file) => {
    const s = ScenarioSchema.parse(loadPreset(file.replace(/\.json$/, '')));
    for (const { scenario: v } of sitesOf(s)) {
      const totalGrid = v.site.gridMW + v.site.gridAdditions.reduce((a, g) => a + g.mw, 0);
      expect(v.site.hpcEligibleMW).toBeLessThanOrEqual(totalGrid);
      expect(v.fleet.installedMW).toBeLessThanOrEqual(v.site.gridMW);
      for (const o of v.hpcOptions) expect(o.maxMW).toBeLessThanOrEqual(v.site.hpcEligibleMW);
    }
    const f = s.financing;
    // Doing nothing must keep the covenant: overhead alone (every site's) never eats the cash
    // cushion.
    const overhead = sitesOf(s).reduce((a, v) => a + v.scenario.site.overheadUsdPerMonth, 0);
    expect(f.cashUsd - f.minCashUsd).toBeGreaterThan(2 * overhead * s.horizonMonths);
    if (f.facility) expect(f.facility.ratePerYear).toBeGreaterThanOrEqual(f.discountRatePerYear);
    const debt = f.existingDebt;
    if (debt && debt.balanceUsd > 0) expect(debt.balanceUsd).toBeLessThan(f.cashUsd - f.minCashUsd);
  });

  it('texas-blocks is texas-100mw built in 10 MW blocks', () => {
    const a = loadPreset('texas-100mw');
    const b = loadPreset('texas-blocks');
    expect(b?.hpcOptions[0]?.blockMW).toBe(10);
    expect(a?.hpcOptions[0]?.blockMW).toBe(0);
    expect(b?.site).toEqual(a?.site);
    expect(b?.fleet).toEqual(a?.fleet);
    expect(b?.financing).toEqual(a?.financing);
  });

  it('returns a fresh object on each call', () => {
    const a = loadPreset(DEFAULT_PRESET_ID);
    a!.horizonMonths = 12;
    expect(loadPreset(DEFAULT_PRESET_ID)?.horizonMonths).toBe(60);
  });

  it.each([
    '../package',
    '..',
    '../data/presets/texas-100mw',
    'Texas-100mw',
    'texas-100mw.json',
    '',
    'a/b',
    '%2e%2e',
    'nope',
  ])('loadPreset rejects %j', (id) => {
    expect(loadPreset(id)).toBeUndefined();
  });

  it('loadPresetFile names the file and the field of an invalid preset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-data-'));
    const path = join(dir, 'bad.json');
    const bad = { ...loadPreset(DEFAULT_PRESET_ID)!, horizonMonths: 5 };
    writeFileSync(path, JSON.stringify(bad));
    expect(() => loadPresetFile(path)).toThrow(/bad\.json.*horizonMonths/);
    writeFileSync(path, '{ not json');
    expect(() => loadPresetFile(path)).toThrow(/invalid preset .*bad\.json/);
  });
});

describe('CSV tables', () => {
  it('parseCsv handles quotes, doubled quotes, commas and CRLF', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['', ''],
    ]);
  });

  const tables: Record<string, () => ReadonlyArray<{ source: string }>> = {
    asics: loadAsics,
    'hashprice-history': loadHashpriceHistory,
    'lease-deals': loadLeaseDeals,
    financing: loadFinancing,
  };
  it.each(Object.keys(tables))('every %s row has a source', (name) => {
    const rows = tables[name]!();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.source.trim()).not.toBe('');
  });

  it('lists exactly the ASICs that data/README.md names', () => {
    const byModel = Object.fromEntries(loadAsics().map((a) => [a.model, a.efficiencyJPerTH]));
    expect(byModel).toEqual({
      'Antminer S21': 17.5,
      'Antminer S21 Pro': 15,
      'Antminer S21 XP': 13.5,
      'Antminer S21+ Hydro': 15,
      'Antminer S19j Pro': 30.5,
    });
  });

  it('hashprice ranges have a high end and bounds are marked', () => {
    for (const h of loadHashpriceHistory()) {
      expect(h.usdPerPhDayHigh !== null).toBe(h.qualifier === 'range');
      if (h.usdPerPhDayHigh !== null) expect(h.usdPerPhDayHigh).toBeGreaterThan(h.usdPerPhDay);
    }
    expect(loadHashpriceHistory().find((h) => h.date === '2026-01-12')?.usdPerPhDay).toBe(39.53);
  });

  it('lease-deal implied rents recompute from value ÷ years ÷ kW ÷ 12', () => {
    const deals = loadLeaseDeals();
    expect(deals.length).toBeGreaterThanOrEqual(8);
    for (const d of deals) {
      const implied = impliedRentUsdPerKwMonth(d.contractValueUsd, d.termYears, d.mwIt);
      expect(Math.abs(implied - d.impliedUsdPerKwMonth), d.deal).toBeLessThanOrEqual(0.005 + 1e-9);
      // The reference rounds to whole dollars (data/README.md, lease-deals.csv).
      if (d.reportedUsdPerKwMonth !== null)
        expect(Math.abs(implied - d.reportedUsdPerKwMonth), d.deal).toBeLessThan(0.5);
    }
    expect(impliedRentUsdPerKwMonth(7e9, 15, 245)).toBeCloseTo(158.73, 2);
  });

  it('lists the 2025–26 deals, each with its kind, backstop, capex and dated source', () => {
    const deals = loadLeaseDeals();
    for (const name of [
      'Hut 8 River Bend',
      'TeraWulf Lake Mariner',
      'Cipher Barber Lake',
      'Cipher – AWS',
      'Core Scientific – CoreWeave',
      'Galaxy Helios – CoreWeave',
      'Applied Digital – CoreWeave',
      'IREN – Microsoft',
    ])
      expect(
        deals.some((d) => d.deal.startsWith(name)),
        name,
      ).toBe(true);
    for (const d of deals) {
      expect(d.backstop, d.deal).not.toBe('');
      expect(d.sourceDate, d.deal).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      // A row without an address says why in its notes.
      if (d.sourceUrl === null) expect(d.notes, d.deal).toMatch(/no URL/);
      else expect(d.sourceUrl, d.deal).toMatch(/^https?:\/\//);
      expect(d.capexUsdPerMWItLow === null, d.deal).toBe(d.capexUsdPerMWItHigh === null);
      if (d.capexUsdPerMWItLow !== null)
        expect(d.capexUsdPerMWItLow).toBeLessThanOrEqual(d.capexUsdPerMWItHigh!);
      if (d.backstopUsd !== null) expect(d.backstopUsd).toBeLessThanOrEqual(d.contractValueUsd);
      expect(d.monthsToFirstPower === null, d.deal).toBe(d.monthsToFirstPowerQualifier === null);
      if (d.utilityMW !== null) expect(d.mwIt / d.utilityMW, d.deal).toBeLessThanOrEqual(1);
    }
    // IREN – Microsoft sells compute on its own GPUs: a GPU cloud, not a lease.
    const iren = deals.find((d) => d.deal.startsWith('IREN'))!;
    expect(iren.kind).toBe('cloud');
    expect(deals.filter((d) => d.kind === 'cloud')).toEqual([iren]);
  });

  it('the deal-shaped presets use their deal terms', () => {
    const deal = (name: string) => loadLeaseDeals().find((d) => d.deal.startsWith(name))!;
    const rb = leaseOf(loadPreset('river-bend')!.hpcOptions[0]!);
    // River Bend's $7.0B / 15 y / 245 MW IT is the term average of an escalating rent
    // (data/README.md, "River Bend's starting rent"): month k pays rent × (1 + e)^floor(k/12).
    let paid = 0;
    for (let k = 0; k < rb.termMonths; k++)
      paid += rb.leaseUsdPerKwMonth * (1 + rb.escalatorPerYear) ** Math.floor(k / 12);
    const target = 7e9 / (180 * 245_000);
    expect(Math.abs(paid / rb.termMonths / target - 1)).toBeLessThan(0.005);
    expect(Math.abs(deal('Hut 8 River Bend').impliedUsdPerKwMonth - target)).toBeLessThan(0.005);
    expect(rb.itMWPerGridMW).toBeCloseTo(245 / 330, 3);
    expect(rb.termMonths).toBe(deal('Hut 8 River Bend').termYears * 12);
    const bl = leaseOf(loadPreset('barber-lake')!.hpcOptions[0]!);
    expect(bl.leaseUsdPerKwMonth).toBe(Math.round(deal('Cipher Barber Lake').impliedUsdPerKwMonth));
    expect(bl.itMWPerGridMW).toBeCloseTo(168 / 244, 3);
    expect(bl.termMonths).toBe(deal('Cipher Barber Lake').termYears * 12);
  });
});

/**
 * Published NOI margins (data/README.md, "Lease presets: opex from the published NOI margins").
 * NOI margin = (rent − opex − power the owner pays) / rent, per MW of IT in the first lease year.
 * Every preset with a lease option must be listed here, so a new lease preset names its deal.
 */
const NOI_MARGIN: Record<string, { low: number; high: number; basis: string }> = {
  // Cipher (Sep 25 2025): NOI margin 80–85 %.
  'barber-lake': { low: 0.8, high: 0.85, basis: 'Cipher Barber Lake, 80–85 %' },
  // Hut 8 (Dec 17 2025): cumulative NOI ≈ $6.9B of $7.0B over the base term, both rounded to $0.1B.
  'river-bend': { low: 6.85 / 7.05, high: 1, basis: 'Hut 8 River Bend, $6.9B / $7.0B' },
  // Generic presets: within the span of the published margins, Cipher's low end to River Bend's.
  // ercot-flex: Cipher Barber Lake's lease terms (the Google backstop's deal).
  'ercot-flex': { low: 0.8, high: 0.85, basis: 'Cipher Barber Lake, 80–85 %' },
  'texas-100mw': { low: 0.8, high: 6.9 / 7.0, basis: 'published span 80 %–98.6 %' },
  'texas-blocks': { low: 0.8, high: 6.9 / 7.0, basis: 'published span 80 %–98.6 %' },
  // Riot – AMD (Jan 16 2026): ~$25M NOI a year of ~$311M / 10 years ≈ 0.80; Corsicana's offer is
  // generic.
  'riot-portfolio': {
    low: 0.8,
    high: 6.9 / 7.0,
    basis: 'Riot Rockdale – AMD ≈ 80 %; Corsicana in the published span',
  },
};

describe('lease presets: opex from the published NOI margins', () => {
  const margin = (id: string) => {
    const s = ScenarioSchema.parse(loadPreset(id));
    return sitesOf(s).flatMap(({ scenario: v }) =>
      v.hpcOptions.filter(isLease).map((o) => {
        const rent = o.leaseUsdPerKwMonth * 1000;
        const power = o.tenantPaysPower ? 0 : (730.5 * v.site.energyUsdPerMWh) / o.itMWPerGridMW;
        return (rent - o.opexUsdPerMWItMonth - power) / rent;
      }),
    );
  };

  it.each(presetFiles.map((f) => f.replace(/\.json$/, '')))(
    "%s: implied NOI margin lies in its deal's published range",
    (id) => {
      const range = NOI_MARGIN[id];
      expect(range, `${id} has a lease option but no published NOI margin`).toBeDefined();
      for (const m of margin(id)) {
        expect(m, `${id} (${range!.basis})`).toBeGreaterThanOrEqual(range!.low - 1e-12);
        expect(m, `${id} (${range!.basis})`).toBeLessThanOrEqual(range!.high + 1e-12);
      }
    },
  );

  it('river-bend is triple-net: the tenant pays power, the landlord keeps about 1.4 % of rent', () => {
    const o = leaseOf(loadPreset('river-bend')!.hpcOptions[0]!);
    expect(o.tenantPaysPower).toBe(true);
    // ($7.0B − $6.9B) / 15 years / 12 months / 245 MW IT = $2,268 per MW IT-month.
    expect(o.opexUsdPerMWItMonth).toBeGreaterThan(0);
    expect(Math.abs(o.opexUsdPerMWItMonth - 0.1e9 / 15 / 12 / 245)).toBeLessThan(100);
    expect(margin('river-bend')[0]).toBeCloseTo(6.9 / 7.0, 2);
  });

  it("barber-lake sits inside Cipher's 80–85 %, near its midpoint", () => {
    expect(Math.abs(margin('barber-lake')[0]! - 0.825)).toBeLessThan(0.005);
  });
});

describe('JSON reference files', () => {
  it.each(REFERENCE_FILES)(
    '%s: every figure has a unit, a qualifier, a date and a source',
    (name) => {
      const { figures, texts, problems } = sourcedEntries(loadReference(name));
      expect(problems).toEqual([]);
      expect(figures.length).toBeGreaterThanOrEqual(8);
      for (const { path, figure } of [...figures]) {
        expect(figure.source.trim(), path).not.toBe('');
        expect(figure.unit.trim(), path).not.toBe('');
      }
      for (const { path, text } of texts) expect(text.source.trim(), path).not.toBe('');
    },
  );

  it('sourcedEntries names a figure without a unit, source or known qualifier', () => {
    const { problems } = sourcedEntries({
      a: { value: 1, unit: '', qualifier: 'reported', date: '2025', source: 'x' },
      b: [{ value: 2, unit: 'MW', qualifier: 'guess', date: '2025-13x', source: '' }],
      c: { value: 3, unit: 'MW', qualifier: 'range', date: 'undated', source: 'x' },
      d: { text: 'rule', date: '2025', source: ' ' },
    });
    expect(problems).toEqual([
      'a: unit',
      'b[0]: source',
      'b[0]: date',
      'b[0]: qualifier',
      'c: valueHigh goes with qualifier range',
      'd: source',
    ]);
  });

  const fig = (doc: unknown, path: string): SourcedFigure => {
    const hit = sourcedEntries(doc).figures.find((f) => f.path === path);
    expect(hit, path).toBeDefined();
    return hit!.figure;
  };

  it('ercot-price-bins: 12 months of 2–3 bins, shares sum to 1, mean recomputes to $32/MWh', () => {
    const months = ercotPriceBinsByMonth();
    expect(months).toHaveLength(12);
    months.forEach((bins, i) => {
      expect(bins.length, `month ${i + 1}`).toBeGreaterThanOrEqual(2);
      expect(bins.length, `month ${i + 1}`).toBeLessThanOrEqual(3);
      expect(bins.reduce((a, b) => a + b.hoursShare, 0)).toBeCloseTo(1, 9);
      for (const b of bins) expect(b.priceUsdPerMWh).toBeGreaterThanOrEqual(0);
      const mean = bins.reduce((a, b) => a + b.hoursShare * b.priceUsdPerMWh, 0);
      expect(Math.abs(mean - 32), `month ${i + 1}`).toBeLessThan(0.01);
    });
    // June–September end with the 4CP curtailment window: 10 hours of a 730.5-hour month.
    for (const m of [5, 6, 7, 8]) expect(months[m]!.at(-1)!.hoursShare).toBeCloseTo(10 / 730.5, 4);
    for (const m of [0, 1, 2, 3, 4, 9, 10, 11]) expect(months[m]).toHaveLength(2);
    // The derivation: 1,200 of 8,760 hours carry half of the cost of a $32/MWh year.
    const doc = loadReference('ercot-price-bins');
    const p = fig(doc, 'inputs.realTimeAveragePrice2024').value;
    const h = fig(doc, 'inputs.highCostHours2024').value / 8760;
    const half = fig(doc, 'inputs.highCostHoursCostShare2024').value;
    expect(months[0]![1]!.hoursShare).toBeCloseTo(h, 3);
    expect(months[0]![1]!.priceUsdPerMWh).toBeCloseTo((half * p) / 0.137, 2);
    expect(months[0]![0]!.priceUsdPerMWh).toBeCloseTo(((1 - half) * p) / 0.863, 2);
  });

  it('gpu-cloud: capex and compute rate recompute from the IREN – Microsoft figures', () => {
    const doc = loadReference('gpu-cloud');
    const value = fig(doc, 'deal.contractValueUsd').value;
    const years = fig(doc, 'deal.termYears').value;
    const gpus = fig(doc, 'deal.gpuEquipmentUsd').value;
    const mw = fig(doc, 'deal.criticalItMW').value;
    expect(fig(doc, 'option.gpuCapexUsdPerMWIt').value).toBe(gpus / mw);
    const compute = fig(doc, 'option.computeUsdPerMWItMonth').value;
    expect(Math.abs(compute - value / years / 12 / mw)).toBeLessThan(1);
    expect(fig(doc, 'option.gpuLifeMonths').value).toBe(years * 12);
    const h100 = (date: string) =>
      fig(
        doc,
        `h100RentalPriceHistory[${(doc.h100RentalPriceHistory as { date: string }[]).findIndex(
          (x) => x.date === date,
        )}]`,
      ).value;
    expect([h100('2023'), h100('2025-10'), h100('2026-03')]).toEqual([8, 1.7, 2.35]);
    const change = fig(doc, 'option.computePriceChangePerYear').value;
    expect(change).toBeCloseTo((2.35 / 8) ** (1 / 2.75) - 1, 2);
  });

  it('tenant-credit: backstop shares recompute from the published dollar amounts', () => {
    const doc = loadReference('tenant-credit');
    const share = (deal: string, num: string) =>
      fig(doc, `backstops.${deal}.${num}`).value /
      fig(doc, `backstops.${deal}.contractValueUsd`).value;
    expect(fig(doc, 'backstops.cipherBarberLake.backstopShare').value).toBeCloseTo(
      share('cipherBarberLake', 'backstopUsd'),
      3,
    );
    expect(fig(doc, 'backstops.teraWulfLakeMariner.backstopShare').value).toBeCloseTo(
      share('teraWulfLakeMariner', 'totalBackstopUsd'),
      3,
    );
    expect(fig(doc, 'backstops.hut8RiverBend.backstopShare').value).toBe(1);
    expect(fig(doc, 'backstops.cipherBarberLake.warrantsEquityShare').value).toBe(0.054);
    expect(fig(doc, 'backstops.teraWulfLakeMariner.warrantsEquityShare').value).toBe(0.14);
    const cds = fig(doc, 'defaultProbability.coreWeaveCdsSpread').value;
    expect(fig(doc, 'defaultProbability.cdsImpliedHazard').value).toBeCloseTo(cds / (1 - 0.4), 3);
    const d = fig(doc, 'defaultProbability.suggestedNeocloudDefaultProbabilityPerYear');
    expect(d.qualifier).toBe('assumption');
    expect(d.value).toBeGreaterThan(0);
    expect(d.value).toBeLessThan(1);
  });

  it('portfolio-sites: two Riot-like Texas sites with MW, power price and fleet efficiency', () => {
    const doc = loadReference('portfolio-sites');
    expect(fig(doc, 'sites.rockdale.capacityMW').value).toBe(700);
    expect(fig(doc, 'sites.corsicana.securedPowerMW').value).toBe(1000);
    expect(fig(doc, 'sites.corsicana.operatingMW').value).toBe(400);
    expect(fig(doc, 'company.fleetEfficiencyJPerTH').value).toBe(21);
    expect(fig(doc, 'company.allInPowerCostUsdPerMWh').value).toBe(38);
    const amd = 'sites.rockdale.amdLease';
    const noiMargin =
      fig(doc, `${amd}.averageAnnualNoiUsd`).value /
      (fig(doc, `${amd}.contractValueUsd`).value / 10);
    expect(noiMargin).toBeGreaterThan(0.75);
    expect(noiMargin).toBeLessThan(0.85);
  });
});
