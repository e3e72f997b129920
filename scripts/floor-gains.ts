/**
 * @module scripts/floor-gains — the mining-only plan of texas-100mw after its halving for several
 * floor gains: the months whose margin at the floor is positive, the months the fleet runs, those
 * positive but idle, the mining-only NPV and the uplift of the full answer; docs/market.md, "The
 * presets' floor".
 *
 * Usage: npx tsx scripts/floor-gains.ts [0.05 0.1 0.2 …]   (default: the gains of docs/market.md)
 */
import { loadPreset } from '../data/load';
import { optimize } from '../model';
import { ScenarioSchema, type ScenarioInput } from '../model/schema';

/** texas-100mw starts 2027-01; the halving of 2028-04 is month 15. */
const HALVING = 15;
const args = process.argv.slice(2).map(Number);
const gains = args.length ? args : [0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.127, 0.15, 0.2];
if (gains.some((g) => !(g >= 0 && g < 1)))
  throw new Error(`invalid gains: ${process.argv.slice(2)}`);

const span = (months: string[]) =>
  months.length ? `${months[0]} … ${months[months.length - 1]} (${months.length})` : 'none';
const usdM = (x: number | null | undefined) => (x == null ? '—' : `$${(x / 1e6).toFixed(1)}M`);

console.log(
  '| gain | margin at the floor > 0 | fleet running | > 0 but idle | mining-only NPV | uplift |',
);
console.log('|---|---|---|---|---|---|');
for (const gain of gains) {
  const raw = structuredClone(loadPreset('texas-100mw')) as ScenarioInput;
  const hp = raw.market.hashprice;
  if (hp.kind !== 'projection' || !hp.floor) throw new Error('texas-100mw has no floor');
  hp.floor.efficiencyGainPerYear = gain;
  const s = ScenarioSchema.parse(raw);
  const [full, mining] = [await optimize(s), await optimize({ ...s, hpcOptions: [] })];
  const breakeven = mining.breakevens?.existingUsdPerPhDay ?? Number.POSITIVE_INFINITY;
  const after = mining.months.slice(HALVING);
  const paid = after.filter((m) => m.hashpriceUsdPerPhDay > breakeven).map((m) => m.month);
  const running = after.filter((m) => m.miningMW > 1e-6).map((m) => m.month);
  const idle = paid.filter((m) => !running.includes(m)).length;
  console.log(
    `| ${gain} | ${span(paid)} | ${span(running)} | ${idle} | ${usdM(mining.npvUsd)} | ` +
      `${usdM(full.kpis?.npvVsMiningOnlyUsd)} |`,
  );
}
