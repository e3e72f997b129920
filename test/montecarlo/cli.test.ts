/**
 * `switchyard montecarlo` draws from the process fitted to the market history unless told
 * otherwise: its answer equals the API's for the calibrated volatilities and correlation
 * (data/calibration.json), and says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { montecarloCommand } from '../../api/cli/jobs';
import { simulatorBody } from '../../api/cli/montecarlo-options';
import { UsageError } from '../../api/cli/types';
import { createApp } from '../../api/app';
import { memoryRuns } from '../../api/jobs';
import { calibratedProcess, loadPreset } from '../../data/load';

async function printed(args: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
  try {
    expect(await montecarloCommand.run(args)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

describe('switchyard montecarlo', () => {
  afterEach(() => vi.restoreAllMocks());

  it('defaults to the calibrated process: the same paths as the API given it', async () => {
    const fitted = calibratedProcess();
    const cli = JSON.parse(await printed(['texas-100mw', '--paths', '3', '--seed', '5', '--json']));
    const runs = memoryRuns();
    const res = await createApp({ runs }).request('/api/montecarlo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: loadPreset('texas-100mw'),
        paths: 3,
        seed: 5,
        btc: { volatilityPerYear: fitted.btcVolatilityPerYear },
        network: {
          volatilityPerYear: fitted.networkVolatilityPerYear,
          correlation: fitted.correlation,
        },
      }),
    });
    const api = (await res.json()) as any;
    await runs.close();
    expect(res.status).toBe(200);
    expect(cli.plan.npvPercentilesUsd).toEqual(api.plan.npvPercentilesUsd);
    expect(cli.miningOnly.meanNpvUsd).toBe(api.miningOnly.meanNpvUsd);
  }, 240_000);

  it('names the process it drew from, and where it came from', async () => {
    const fitted = calibratedProcess();
    const out = await printed(['texas-100mw', '--paths', '2']);
    expect(out).toContain(`BTC σ ${(fitted.btcVolatilityPerYear * 100).toFixed(1)} %/yr`);
    expect(out).toContain(`fitted to ${fitted.from} … ${fitted.to}`);
    const given = await printed(['texas-100mw', '--paths', '2', '--btc-vol', '0.5']);
    expect(given).toContain('BTC σ 50.0 %/yr');
    expect(given).toContain('(as given)');
  }, 240_000);

  it('puts the simulator options into the request as the schema names them', () => {
    expect(
      simulatorBody({
        mode: 'policy',
        'sell-after-idle': '4',
        'slip-probability': '0.3',
        'slip-months': '6',
        'capex-overrun-vol': '0.2',
        'hold-share': '0.5',
        'loan-max-ltv': '0.5',
        'loan-rate': '0.1',
        'margin-call-ltv': '0.7',
      }),
    ).toEqual({
      mode: 'policy',
      policy: { sellAfterIdleMonths: 4 },
      risks: { slip: { probability: 0.3, months: 6 }, capexOverrun: { volatility: 0.2 } },
      treasury: { holdShare: 0.5, loan: { maxLtv: 0.5, ratePerYear: 0.1, marginCallLtv: 0.7 } },
    });
    expect(simulatorBody({})).toEqual({});
    expect(() => simulatorBody({ 'slip-probability': '0.3' })).toThrow(/--slip-months/);
    expect(() => simulatorBody({ 'loan-max-ltv': '0.5' })).toThrow(UsageError);
  });

  it('prints the mode, the risk shares, the BTC held and the margin calls', async () => {
    const out = await printed([
      'texas-100mw',
      '--paths',
      '6',
      '--seed',
      '3',
      '--slip-probability',
      '1',
      '--slip-months',
      '3',
      '--hold-share',
      '0.5',
      '--loan-max-ltv',
      '0.5',
      '--loan-rate',
      '0.1',
      '--margin-call-ltv',
      '0.7',
    ]);
    expect(out).toMatch(/mode {13}policy/);
    expect(out).toContain('slip 100.0 %');
    expect(out).toMatch(/BTC held at end {2}p5 [\d.]+ BTC/);
    expect(out).toMatch(/margin calls on [\d.]+ % of paths/);
    const bare = await printed(['texas-100mw', '--paths', '2']);
    expect(bare).toContain('slip 0.0 %');
    expect(bare).not.toContain('BTC held');
  }, 240_000);

  it('runs the hindsight bound when asked, and says which it ran', async () => {
    const out = await printed(['texas-100mw', '--paths', '2', '--mode', 'hindsight']);
    expect(out).toMatch(/mode {13}hindsight \(an LP per path/);
    expect(out).not.toContain('paths hit');
    await expect(
      montecarloCommand.run([
        'texas-100mw',
        '--paths',
        '2',
        '--mode',
        'hindsight',
        '--hold-share',
        '0.5',
      ]),
    ).rejects.toThrow(/treasury/);
  }, 240_000);
});
