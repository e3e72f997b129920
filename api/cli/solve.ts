/**
 * @module cli/solve — `switchyard optimize` and `switchyard lp`: a preset id or a scenario file in,
 * a plan or an LP out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScenarioSchema, buildModel, createEngine, toLpText, type Scenario } from '../../model';
import { DEFAULT_PRESET_ID, listPresets, loadPreset } from '../../data/load';
import { runJslpThread } from '../jslp-thread';
import { printAnswer } from './print';
import { UsageError, type Command } from './types';

const presets = () =>
  `presets: ${listPresets()
    .map((p) => p.id)
    .join(', ')} (default ${DEFAULT_PRESET_ID})`;

/**
 * Reads a preset id or a `.json` scenario file and validates it; a `UsageError` says what is wrong.
 */
export function readScenario(source: string | undefined): Scenario {
  const from = source ?? DEFAULT_PRESET_ID;
  let raw: unknown;
  try {
    raw = /\.json$/i.test(from) ? JSON.parse(readFileSync(from, 'utf8')) : loadPreset(from);
  } catch (e) {
    throw new UsageError(`cannot read ${from}: ${e instanceof Error ? e.message : e}`);
  }
  if (raw === undefined) throw new UsageError(`no preset or file "${from}"\n${presets()}`);
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    throw new UsageError(`the scenario is not valid:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/**
 * `optimize <preset|file> [--out answer.json] [--lp model.lp] [--json]`: exit 0 when optimal, 1
 * otherwise.
 */
export const optimizeCommand: Command = {
  summary: 'optimise a preset or a scenario file and print the plan, the KPIs and a schedule',
  usage: `optimize <preset id | scenario.json> [--out answer.json] [--lp model.lp] [--json]\n  ${presets()}`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        lp: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const scenario = readScenario(positionals[0]);
    if (values.lp) {
      writeFileSync(values.lp, toLpText(buildModel(scenario).lp));
      console.log(`LP written to ${values.lp} ($M and MW)`);
    }
    // javascript-lp-solver runs in a thread stopped at the time limit, as on the server.
    const answer = await createEngine({ jslp: runJslpThread }).optimize(scenario);
    if (values.json) console.log(JSON.stringify(answer, null, 2));
    else printAnswer(scenario.name, answer);
    if (values.out) {
      writeFileSync(values.out, JSON.stringify(answer, null, 2));
      console.log(`\nanswer written to ${values.out}`);
    }
    return answer.status === 'optimal' ? 0 : 1;
  },
};

/** `lp <preset|file>`: the CPLEX LP file of the scenario's model on stdout ($M and MW). */
export const lpCommand: Command = {
  summary: 'print the LP file of a preset or a scenario file (CPLEX LP format, $M and MW)',
  usage: `lp <preset id | scenario.json>\n  ${presets()}`,
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    process.stdout.write(toLpText(buildModel(readScenario(positionals[0])).lp));
    return 0;
  },
};
