/**
 * Shared inputs of the Monte Carlo and batch tests: a 24-month scenario and a request with
 * volatility.
 */
import { loadPreset } from '../../data/load';

/** The Texas preset cut to 24 months (fast evaluations). */
export const scenario24 = () =>
  ({ ...(loadPreset('texas-100mw') as object), horizonMonths: 24 }) as Record<string, any>;

/**
 * A Monte Carlo request over `scenario24` with BTC 70 %/√year, hashrate 30 %/√year, correlation
 * 0.5.
 */
export const monteCarloRequest = (paths: number, seed = 11) => ({
  scenario: scenario24(),
  paths,
  seed,
  btc: { volatilityPerYear: 0.7 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
});

/** A batch of three scenarios, the middle one not valid (a negative grid). */
export const poisonedBatch = () => {
  const bad = scenario24();
  bad.site = { ...bad.site, gridMW: -5 };
  return { scenarios: [scenario24(), bad, { ...scenario24(), name: 'third' }] };
};

/** Reads a streamed (SSE) answer: its events in order. */
export async function sseEvents(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((b) => {
      const event = b.match(/^event: (.*)$/m)?.[1] ?? 'message';
      const data = b
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

/**
 * Two answers agree: every count exactly, every USD figure to 1e-9 relative (the solver warm-starts
 * from the basis of its previous solve, so an NPV's last bits depend on which path a thread solved
 * before it). `pathsPerSecond` is a measured speed, not a figure of the answer: it is not compared.
 */
export function expectSameAnswer(a: unknown, b: unknown, at = 'answer'): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))
      throw new Error(`${at}: ${a} ≠ ${b}`);
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) throw new Error(`${at}: keys ${ka} ≠ ${kb}`);
    for (const k of ka)
      if (k !== 'pathsPerSecond') expectSameAnswer((a as any)[k], (b as any)[k], `${at}.${k}`);
    return;
  }
  if (a !== b) throw new Error(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
}
