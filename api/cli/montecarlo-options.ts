/**
 * @module cli/montecarlo-options — the policy simulator's options of `switchyard montecarlo`
 * (docs/montecarlo.md): the mode, the policy, the risks and the BTC treasury, put into the request
 * body as the Monte Carlo request schema names them, and the lines the answer adds to the print.
 */
import { UsageError } from './types';

/** The `parseArgs` options this module reads (all strings; absent = not asked for). */
export const SIMULATOR_OPTIONS = {
  mode: { type: 'string' },
  'sell-after-idle': { type: 'string' },
  'slip-probability': { type: 'string' },
  'slip-months': { type: 'string' },
  'capex-overrun-vol': { type: 'string' },
  'hold-share': { type: 'string' },
  'loan-max-ltv': { type: 'string' },
  'loan-rate': { type: 'string' },
  'margin-call-ltv': { type: 'string' },
} as const;

export const SIMULATOR_USAGE =
  '[--mode policy|hindsight] [--sell-after-idle N] [--slip-probability P --slip-months N] ' +
  '[--capex-overrun-vol V] [--hold-share S [--loan-max-ltv L --loan-rate R --margin-call-ltv M]]';

type Values = Partial<Record<keyof typeof SIMULATOR_OPTIONS, string>>;

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** All of `names` or none of them; otherwise a usage error that names the missing ones. */
function together(values: Values, names: (keyof Values)[]): boolean {
  const given = names.filter((n) => values[n] !== undefined);
  if (given.length && given.length < names.length)
    throw new UsageError(
      `--${given.join(', --')} needs --${names.filter((n) => !given.includes(n)).join(', --')}`,
    );
  return given.length > 0;
}

/** The request fields the options ask for (none when no option is given: the API's defaults). */
export function simulatorBody(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.mode !== undefined) body.mode = values.mode;
  if (values['sell-after-idle'] !== undefined)
    body.policy = { sellAfterIdleMonths: num(values['sell-after-idle']) };
  const risks: Record<string, unknown> = {};
  if (together(values, ['slip-probability', 'slip-months']))
    risks.slip = {
      probability: num(values['slip-probability']),
      months: num(values['slip-months']),
    };
  if (values['capex-overrun-vol'] !== undefined)
    risks.capexOverrun = { volatility: num(values['capex-overrun-vol']) };
  if (Object.keys(risks).length) body.risks = risks;
  const loan = together(values, ['loan-max-ltv', 'loan-rate', 'margin-call-ltv']);
  if (loan && values['hold-share'] === undefined)
    throw new UsageError('--loan-max-ltv, --loan-rate and --margin-call-ltv need --hold-share');
  if (values['hold-share'] !== undefined)
    body.treasury = {
      holdShare: num(values['hold-share']),
      ...(loan
        ? {
            loan: {
              maxLtv: num(values['loan-max-ltv']),
              ratePerYear: num(values['loan-rate']),
              marginCallLtv: num(values['margin-call-ltv']),
            },
          }
        : {}),
    };
  return body;
}

const share = (v: number) => `${(v * 100).toFixed(1)} %`;
const btc = (v: number) => `${v.toFixed(1)} BTC`;

/** The lines the simulator's answer fields add to the human output. */
export function simulatorLines(answer: any, treasury: boolean): string[] {
  const lines: string[] = [];
  const sim = answer.simulation;
  if (sim)
    lines.push(
      `mode             ${sim.mode}` +
        (sim.mode === 'hindsight'
          ? ' (an LP per path that sees the whole path: the perfect-foresight bound)'
          : ' (a rule that knows only the past, docs/montecarlo.md)') +
        (sim.pathsPerSecond ? ` · ${Math.round(sim.pathsPerSecond)} paths/s per thread` : ''),
    );
  const r = answer.plan.riskShares;
  if (r)
    lines.push(
      `paths hit        tenant default ${share(r.tenantDefault)} · slip ${share(r.slip)} · ` +
        `capex overrun ${share(r.capexOverrun)}`,
    );
  const b = answer.plan.btcHeldPercentiles;
  if (treasury && b)
    lines.push(
      `BTC held at end  p5 ${btc(b.p5)} · p50 ${btc(b.p50)} · p95 ${btc(b.p95)}; margin calls ` +
        `on ${share(answer.plan.marginCallShare ?? 0)} of paths`,
    );
  return lines;
}
