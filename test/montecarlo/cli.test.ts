/**
 * `switchyard montecarlo` draws from the process fitted to the market history unless told
 * otherwise: its answer equals the API's for the calibrated volatilities and correlation
 * (data/calibration.json), and says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { montecarloCommand } from '../../api/cli/jobs';
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
});
