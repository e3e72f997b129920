/**
 * @module test/web/kpis — each KPI says what its number is: the NPV's valuation method and basis,
 * the conversion IRR as unlevered against mining only, the terminal value's parts; the v3 figures
 * (min liquidity, value per MW of IT, the value bridge) show only when the answer has them; with a
 * tax block the NPV is labelled after tax, the tax's PV and the loss left are shown, and the bridge
 * gets a tax bar.
 */
import { describe, expect, it } from 'vitest';
import type { Kpis } from '../../model/schema';
import {
  BRIDGE_PARTS,
  bridgeParts,
  bridgeStep,
  bridgeSteps,
  bridgeSum,
  makeBridgeScale,
  TAX_BRIDGE_PART,
} from '../../web/src/charts/bridge-scales';
import {
  FLEX_KPI_DEFS,
  KPI_DEFS,
  kpiHint,
  kpiLabel,
  MORE_KPI_DEFS,
  optionValueLines,
  shownKpis,
  tableKpis,
  type KpisV3,
} from '../../web/src/lib/kpis';

const base = {
  npvUsd: 575e6,
  npvVsMiningOnlyUsd: 331e6,
  conversionIrrPerYear: 0.245,
  irrPerYear: 0.245,
  paybackMonth: '2030-03',
  peakDebtUsd: 0,
  peakDebtMonth: null,
  minCovenantHeadroomUsd: 0,
  minCovenantHeadroomMonth: '2027-06',
  hpcCommittedMW: 850.0000000000007,
  hpcOnlineAtHorizonMW: 850.0000000000007,
  hpcShareByYear: [],
  terminalValueUsd: 900e6,
  distributionsUsd: 0,
  equityRaisedUsd: 0,
  npvBasis: {
    method: 'firm',
    discountRatePerYear: 0.12,
    asOfMonth: '2027-01',
    label: 'at 12 %/yr, as of 2027-01',
  },
} as Kpis;
const def = (key: string) =>
  [...KPI_DEFS, ...MORE_KPI_DEFS, ...FLEX_KPI_DEFS].find((d) => d.key === key)!;

describe('the KPIs say what each number is', () => {
  it('labels the NPV by its valuation method, with its basis', () => {
    expect(kpiLabel(def('npv'), base)).toBe('NPV (firm value)');
    expect(def('npv').sub?.(base)).toBe('at 12 %/yr, as of 2027-01');
    expect(kpiHint(def('npv'), base)).toMatch(/distributions are 0 in firm value/);
    const equity = { ...base, npvBasis: { ...base.npvBasis!, method: 'equity' } } as Kpis;
    expect(kpiLabel(def('npv'), equity)).toBe('NPV (equity value)');
    expect(kpiHint(def('npv'), equity)).toMatch(/^Equity value/);
    // Without an answer (a comparison table's row header) the label is generic.
    expect(kpiLabel(def('npv'))).toBe('NPV');
  });

  it('calls the IRR the unlevered conversion IRR against mining only', () => {
    expect(kpiLabel(def('irr'), base)).toBe('Conversion IRR');
    expect(def('irr').sub?.(base)).toBe('unlevered, vs mining only');
    expect(def('irr').value(base)).toBe('24.5 %');
    for (const d of [...KPI_DEFS, ...MORE_KPI_DEFS, ...FLEX_KPI_DEFS]) {
      const words = [kpiLabel(d, base), kpiHint(d, base) ?? '', d.sub?.(base) ?? ''].join(' ');
      expect(words, d.key).not.toMatch(/equity flows|Equity NPV/);
    }
  });

  it('lists the terminal value’s parts and not cash less debt', () => {
    const hint = kpiHint(def('terminal'), base)!;
    expect(hint).toMatch(/lease and cloud flows/);
    expect(hint).toMatch(/ASICs/);
    expect(hint).toMatch(/not cash, not debt/);
    expect(hint).not.toMatch(/less debt/);
  });

  it('prints no float noise', () => {
    expect(def('hpc-mw').value(base)).toBe('850 MW');
    expect(def('hpc-mw').sub?.(base)).toBe('850 MW committed');
    for (const d of shownKpis(KPI_DEFS, base)) {
      const text = `${d.value(base)} ${d.sub?.(base) ?? ''}`;
      expect(text, d.key).not.toMatch(/\d\.\d{4,}/);
    }
  });

  it('shows min liquidity only when the answer has it', () => {
    expect(shownKpis(KPI_DEFS, base).map((d) => d.key)).not.toContain('liquidity');
    const v3: KpisV3 = { ...base, minLiquidityUsd: 112.4e6, minLiquidityMonth: '2028-03' };
    expect(shownKpis(KPI_DEFS, v3).map((d) => d.key)).toContain('liquidity');
    expect(def('liquidity').value(v3)).toBe('$112M');
    expect(def('liquidity').sub?.(v3)).toBe('lowest, Mar 2028');
    expect(kpiHint(def('liquidity'), v3)).toMatch(/cash above minimum \+ undrawn facility/);
  });

  it('with a tax block: the NPV is after tax, the tax PV and the loss left at the horizon shown', () => {
    const plain = shownKpis(KPI_DEFS, base).map((d) => d.key);
    expect(plain).not.toContain('tax-pv');
    expect(plain).not.toContain('nol');
    const taxed: Kpis = {
      ...base,
      taxPvUsd: 123.4e6,
      npvBeforeTaxUsd: 698.4e6,
      nolAtHorizonUsd: 0.5e6,
    };
    expect(shownKpis(KPI_DEFS, taxed).map((d) => d.key)).toEqual(
      expect.arrayContaining(['tax-pv', 'nol']),
    );
    expect(kpiLabel(def('npv'), taxed)).toBe('NPV after tax (firm value)');
    expect(def('tax-pv').value(taxed)).toBe('$123M');
    expect(def('tax-pv').sub?.(taxed)).toBe('NPV before tax $698M');
    expect(kpiHint(def('tax-pv'), taxed)).toMatch(/NPV before tax = NPV \+ this/);
    expect(def('tax-pv').better).toBe('down');
    expect(def('nol').value(taxed)).toBe('$500k');
    expect(def('nol').delta(taxed, { ...taxed, nolAtHorizonUsd: 2e6 })).toBe('−$1.5M');
    // Just added: no change to state against the answer before tax.
    expect(def('tax-pv').delta(taxed, base)).toBeUndefined();
  });

  it('gives a comparison table the tax rows only when some column has a tax block', () => {
    const keys = (answers: (Kpis | null)[]) => tableKpis(KPI_DEFS, answers).map((d) => d.key);
    expect(keys([base, null])).not.toContain('tax-pv');
    expect(keys([base, null])).toContain('npv');
    const taxed: Kpis = { ...base, taxPvUsd: 1e6, npvBeforeTaxUsd: 576e6, nolAtHorizonUsd: 0 };
    expect(keys([base, taxed])).toEqual(expect.arrayContaining(['tax-pv', 'nol']));
    // The column without one reads "—", not $0.
    expect(def('tax-pv').value(base)).toBe('—');
  });

  it('writes the value per MW of IT of each option built', () => {
    expect(optionValueLines(base)).toEqual([]);
    const v3: KpisV3 = {
      ...base,
      options: [{ optionId: 'ai-lease', mwIt: 75.00000000000001, valuePerMWItUsd: 12.34e6 }],
    };
    expect(optionValueLines(v3, (id) => (id === 'ai-lease' ? 'AI lease' : id))).toEqual([
      'AI lease: $12.3M per MW of IT (75 MW IT)',
    ]);
  });
});

describe('value bridge steps', () => {
  const bridge = {
    inHorizonUsd: 120e6,
    postHorizonContractedUsd: 180e6,
    residualUsd: 60e6,
    asicTailUsd: -20e6,
    financingFrictionsUsd: -9e6,
  };
  it('runs each part from where the last ended and ends on the uplift', () => {
    const steps = bridgeSteps(bridge, 331e6);
    expect(steps.map((s) => s.key)).toEqual([...BRIDGE_PARTS.map((p) => p.key), 'uplift']);
    for (let i = 1; i < BRIDGE_PARTS.length; i++) expect(steps[i].start).toBe(steps[i - 1].end);
    expect(steps[BRIDGE_PARTS.length - 1].end).toBeCloseTo(331e6, 6);
    expect(steps.at(-1)).toMatchObject({ start: 0, end: 331e6, total: true });
    expect(bridgeSum(bridge)).toBeCloseTo(331e6, 6);
  });
  it('adds a tax bar before the uplift when the answer has one, so the bars still add up', () => {
    expect(bridgeParts(bridge)).toBe(BRIDGE_PARTS);
    const taxed = { ...bridge, taxUsd: -40e6 };
    expect(bridgeParts(taxed).at(-1)).toBe(TAX_BRIDGE_PART);
    expect(TAX_BRIDGE_PART.label).toBe('Tax');
    const steps = bridgeSteps(taxed, 291e6);
    expect(steps.map((s) => s.key)).toEqual([
      ...BRIDGE_PARTS.map((p) => p.key),
      'taxUsd',
      'uplift',
    ]);
    expect(steps.at(-2)).toMatchObject({ start: 331e6, value: -40e6, total: false });
    expect(steps.at(-2)!.end).toBeCloseTo(291e6, 6);
    expect(bridgeSum(taxed)).toBeCloseTo(291e6, 6);
    // A tax of 0 (a loss carried forward shelters both plans alike) is still a bar.
    expect(bridgeSteps({ ...bridge, taxUsd: 0 }, 331e6)).toHaveLength(BRIDGE_PARTS.length + 2);
  });
  it('scales over every bar with 0 inside and keeps a zero part visible', () => {
    const steps = bridgeSteps({ ...bridge, residualUsd: 0 }, 271e6);
    const x = makeBridgeScale(steps, 150, 300);
    const [lo, hi] = x.domain();
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(300e6);
    expect(bridgeStep(steps[2], x, 0, 22).width).toBe(1);
    const fall = bridgeStep(steps[3], x, 22, 22);
    expect(fall.x).toBeCloseTo(x(steps[3].end), 0);
  });
});
