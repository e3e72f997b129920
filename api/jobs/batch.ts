/**
 * @module jobs/batch — a batch request (a list of scenarios, or one scenario and a sweep over
 * parameter paths), its items, what each item gives, and the results as CSV. A Monte Carlo per
 * item (`montecarlo`) is jobs/batch-montecarlo.ts.
 */
import { z } from '@hono/zod-openapi';
import {
  listIssues,
  MAX_ISSUE_CHARS,
  MapAxisSchema,
  ParameterError,
  RunDeadlineSchema,
  ScenarioSchema,
  optimize,
  parameterSpec,
  setParameters,
  zodIssues,
  type Engine,
  type Kpis,
  type ParameterChange,
  type Plan,
  type Scenario,
} from '../../model';
import { toCsv } from '../../model/csv';
import {
  BatchMonteCarloRequestSchema,
  BatchMonteCarloSchema,
  batchMonteCarloInput,
  monteCarloColumns,
  type BatchMonteCarloInput,
} from './batch-montecarlo';

/** Most items one batch may hold. */
export const MAX_BATCH_ITEMS = 10_000;
/** Most axes of a sweep. */
export const MAX_SWEEP_AXES = 3;

export const BatchRequestSchema = z.union([
  z.strictObject({
    scenarios: z
      .array(z.unknown())
      .min(1, 'must hold at least one scenario')
      .max(MAX_BATCH_ITEMS, `must hold at most ${MAX_BATCH_ITEMS} scenarios`)
      .describe(
        'scenarios, each optimised on its own; one that is not valid fails alone, with its error',
      ),
    deadlineSeconds: RunDeadlineSchema,
    montecarlo: BatchMonteCarloRequestSchema,
  }),
  z.strictObject({
    scenario: ScenarioSchema,
    sweep: z
      .array(MapAxisSchema)
      .min(1, 'must have at least one axis')
      .max(MAX_SWEEP_AXES, `must have at most ${MAX_SWEEP_AXES} axes`)
      .describe(
        'axes { parameter, from, to, steps } as /api/map takes them; the grid ' +
          'is every combination, first axis outermost',
      ),
    deadlineSeconds: RunDeadlineSchema,
    montecarlo: BatchMonteCarloRequestSchema,
  }),
]);
export type BatchRequest = z.infer<typeof BatchRequestSchema>;

/**
 * A batch as its chunks read it: the items' scenarios as posted, or the base and each item's
 * changes; with `montecarlo`, the Monte Carlo every item runs and the paths of one block of it.
 */
export type BatchInput = (
  | { readonly scenarios: readonly unknown[] }
  | { readonly base: Scenario; readonly changes: readonly ParameterChange[][] }
) & { readonly montecarlo?: BatchMonteCarloInput };

export const BatchItemSchema = z.object({
  index: z.number().int(),
  status: z
    .string()
    .describe('the optimum\'s status, or "error" when the item could not be solved (see message)'),
  npvUsd: z.number().nullable(),
  plan: z.unknown().nullable().describe('the optimal plan { builds, refreshes }'),
  kpis: z.unknown().nullable(),
  parameters: z.record(z.string(), z.number()).optional().describe('the sweep values of this item'),
  message: z
    .string()
    .optional()
    .describe('why the item failed (or, with an optimum, why its Monte Carlo could not run)'),
  montecarlo: BatchMonteCarloSchema.nullable()
    .optional()
    .describe(
      'with `montecarlo` in the request: the Monte Carlo of the optimum (null when the item has ' +
        'no optimum, or its Monte Carlo could not run: see message)',
    ),
});
export type BatchItem = z.infer<typeof BatchItemSchema>;

/** Grid values of one axis, both ends included; whole-number fields rounded. */
function axisValues(base: Scenario, axis: z.infer<typeof MapAxisSchema>): number[] {
  const integer = parameterSpec(base, axis.parameter).integer;
  return Array.from({ length: axis.steps }, (_, k) => {
    const v = axis.from + ((axis.to - axis.from) * k) / (axis.steps - 1);
    return integer ? Math.round(v) : v;
  });
}

/**
 * The items of a request. A sweep's parameter that does not name a numeric input is a 400
 * (`sweep.k.parameter`); values outside a field's bounds fail their own items.
 * @throws BatchInputError for a bad parameter path or too many items.
 */
export function batchInput(req: BatchRequest): BatchInput {
  const mc = req.montecarlo ? { montecarlo: batchMonteCarloInput(req.montecarlo) } : {};
  if ('scenarios' in req) return { scenarios: req.scenarios, ...mc };
  const grids = req.sweep.map((axis, k) => {
    try {
      return axisValues(req.scenario, axis).map((value) => ({ path: axis.parameter, value }));
    } catch (e) {
      if (e instanceof ParameterError) throw new BatchInputError(`sweep.${k}.parameter`, e.message);
      throw e;
    }
  });
  const total = grids.reduce((n, g) => n * g.length, 1);
  if (total > MAX_BATCH_ITEMS)
    throw new BatchInputError('sweep', `the grid has ${total} points; at most ${MAX_BATCH_ITEMS}`);
  let changes: ParameterChange[][] = [[]];
  for (const g of grids) changes = changes.flatMap((c) => g.map((x) => [...c, x]));
  return { base: req.scenario, changes, ...mc };
}

/** A batch request that names a field it cannot use: the API answers 400 naming `path`. */
export class BatchInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Items of a batch input. */
export const batchTotal = (input: BatchInput) =>
  'scenarios' in input ? input.scenarios.length : input.changes.length;

/** The sweep values of item `index` (none for a list of scenarios). */
export const parametersOf = (input: BatchInput, index: number) =>
  'changes' in input
    ? Object.fromEntries(input.changes[index].map((c) => [c.path, c.value]))
    : undefined;

/**
 * The scenario of item `index`, parsed (a sweep's point with its values set), or why it has none:
 * the message of a scenario that is not valid, or of a value outside a field's bounds.
 */
export function batchItemScenario(input: BatchInput, index: number): Scenario | { error: string } {
  try {
    if ('changes' in input) return setParameters(input.base, input.changes[index]);
    const parsed = ScenarioSchema.safeParse(input.scenarios[index]);
    return parsed.success
      ? parsed.data
      : { error: issuesMessage('invalid scenario', parsed.error) };
  } catch (e) {
    return { error: cutMessage(e instanceof Error ? e.message : String(e)) };
  }
}

/**
 * `what: path: message; …` of a zod error, its issues capped as the API's error bodies are
 * (`listIssues`).
 */
export function issuesMessage(what: string, error: z.ZodError): string {
  const listed = listIssues(what, zodIssues(error));
  return `${listed.message}: ${listed.issues!.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}

/**
 * Item `index` failed, with `message`: no optimum. The message is stored and served as it is, so
 * its callers cap it as the API caps its error bodies (api/errors.ts): at most MAX_ISSUES issues,
 * each cut to MAX_ISSUE_CHARS, and any other message cut to MAX_ISSUE_CHARS (`cutMessage`).
 */
export function failedItem(input: BatchInput, index: number, message: string): BatchItem {
  const parameters = parametersOf(input, index);
  return {
    index,
    status: 'error',
    npvUsd: null,
    plan: null,
    kpis: null,
    ...(parameters && { parameters }),
    message,
  };
}

/**
 * Optimises item `index`; never throws: a scenario that is not valid, or a solve that throws, is
 * its own error.
 */
export async function runBatchItem(
  input: BatchInput,
  index: number,
  engine?: Pick<Engine, 'runOptions'>,
): Promise<BatchItem> {
  const scenario = batchItemScenario(input, index);
  if ('error' in scenario) return failedItem(input, index, scenario.error);
  try {
    const r = await optimize(scenario, engine?.runOptions(scenario));
    const parameters = parametersOf(input, index);
    return {
      index,
      status: r.status,
      npvUsd: r.npvUsd,
      plan: r.plan,
      kpis: r.kpis,
      ...(parameters && { parameters }),
    };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return failedItem(input, index, cutMessage(`the solve failed: ${why}`));
  }
}

/** `message` cut to `MAX_ISSUE_CHARS` characters, ending with `…` when cut. */
export function cutMessage(message: string): string {
  return message.length > MAX_ISSUE_CHARS ? `${message.slice(0, MAX_ISSUE_CHARS - 1)}…` : message;
}

/** A cell of the results table: a number or text as it is, a plan as JSON, nothing as empty. */
export type BatchCell = string | number | null;

/**
 * The results as a table, one row per item in input order: the sweep's parameters as columns, then
 * the status, NPV ($), the main KPIs (units in the headers), the plan's MW built, and the plan
 * itself as JSON; a batch with a Monte Carlo per item adds its figures (`monteCarloColumns`) before
 * the plan. The CSV and the XLSX are this table.
 */
export function batchTable(items: readonly BatchItem[]): BatchCell[][] {
  const params = [...new Set(items.flatMap((i) => Object.keys(i.parameters ?? {})))];
  const mc = items.some((i) => i.montecarlo !== undefined) ? monteCarloColumns : [];
  const header = [
    'index',
    ...params,
    'status',
    'npvUsd',
    'npvVsMiningOnlyUsd',
    'hpcCommittedMW',
    'peakDebtUsd',
    'minCovenantHeadroomUsd',
    'builtMW',
    ...mc.map((c) => c.header),
    'plan',
    'message',
  ];
  const cell = (v: unknown): BatchCell =>
    v === null || v === undefined
      ? null
      : typeof v === 'number' || typeof v === 'string'
        ? v
        : JSON.stringify(v);
  const rows = items.map((i) => {
    const k = (i.kpis ?? {}) as Partial<Kpis> & { npvVsMiningOnlyUsd?: number | null };
    const plan = i.plan as Plan | null;
    const built = plan ? plan.builds.reduce((a, b) => a + b.mw, 0) : null;
    return [
      i.index,
      ...params.map((p) => i.parameters?.[p]),
      i.status,
      i.npvUsd,
      k.npvVsMiningOnlyUsd,
      k.hpcCommittedMW,
      k.peakDebtUsd,
      k.minCovenantHeadroomUsd,
      built,
      ...mc.map((c) => (i.montecarlo ? c.value(i.montecarlo) : null)),
      plan,
      i.message,
    ].map(cell);
  });
  return [header, ...rows];
}

/**
 * The results as CSV (RFC 4180, `\r\n` line ends): `batchTable`'s rows, numbers unrounded (a
 * spreadsheet gets every digit the solve gave).
 */
export function batchCsv(items: readonly BatchItem[]): string {
  return toCsv(batchTable(items), { eol: '\r\n' });
}

/**
 * The results as an .xlsx workbook (ExcelJS, loaded on first use): one sheet "Results",
 * `batchTable`'s rows.
 */
export async function batchXlsx(items: readonly BatchItem[]): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  const ExcelJS = ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Switchyard';
  const ws = wb.addWorksheet('Results');
  ws.addRows(batchTable(items));
  ws.getRow(1).font = { bold: true };
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
