/**
 * @module plans/schema — zod schemas of saved plans: the request bodies, the stored record and its
 * list summary.
 */
import { z } from 'zod';
import { PlanSchema, ScenarioSchema, SolveResultSchema } from '../../model';

/**
 * A saved plan's name: 1–200 characters, no control characters (they would break lists and file
 * names).
 */
export const PlanNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'must not contain control characters')
  .describe('name of the saved plan, shown in lists');

/**
 * A UTF-16 surrogate without its partner: JSON can carry one (`"\ud800"`), but it is not Unicode
 * text.
 */
export const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Adds an issue for every string in `value` (at any depth) that is not Unicode text: a UTF-16
 * surrogate without its partner, which JSON can carry (`"\ud800"`) but neither store can hold as
 * text. Refused, not replaced, so that what is saved is what was sent.
 */
function refuseLoneSurrogates(
  value: unknown,
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
): void {
  if (typeof value === 'string') {
    const at = value.search(LONE_SURROGATE);
    if (at >= 0)
      ctx.addIssue({
        code: 'custom',
        path,
        message: `must be Unicode text: a lone UTF-16 surrogate at character ${at}`,
      });
  } else if (Array.isArray(value))
    value.forEach((v, i) => refuseLoneSurrogates(v, ctx, [...path, i]));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) refuseLoneSurrogates(v, ctx, [...path, k]);
}

/**
 * A saved plan's version: 1 when it is created, one more with each write; the `ETag` of its answers
 * (`"3"`) and what `If-Match` names to change or delete it.
 */
export const PlanVersionSchema = z
  .number()
  .int()
  .min(1)
  .describe('version of the saved plan: 1 when created, one more with each write; its ETag');

/** A saved plan's id: a UUID made by the server. */
export const PlanIdSchema = z.uuid('must be a plan id (a UUID)').describe('saved plan id (UUID)');

/**
 * `POST /api/plans`: a name, a scenario, and optionally a fixed capital plan. Without `plan` the
 * server optimises the scenario; with it, the server evaluates that plan. Either answer is stored
 * with the plan.
 */
export const CreatePlanRequestSchema = z
  .strictObject({
    name: PlanNameSchema,
    scenario: ScenarioSchema,
    plan: PlanSchema.optional().describe('fixed capital plan to evaluate; omit to optimise'),
  })
  .superRefine((b, ctx) => refuseLoneSurrogates(b, ctx));
export type CreatePlanRequest = z.infer<typeof CreatePlanRequestSchema>;

/**
 * `PUT /api/plans/:id`: any of name, scenario and plan. A new scenario or plan is solved again;
 * `plan: null` goes back to optimising. A body with none of the three is refused.
 */
export const UpdatePlanRequestSchema = z
  .strictObject({
    name: PlanNameSchema.optional(),
    scenario: ScenarioSchema.optional(),
    plan: PlanSchema.nullable()
      .optional()
      .describe('fixed capital plan to evaluate; null to optimise instead'),
  })
  .refine((b) => b.name !== undefined || b.scenario !== undefined || b.plan !== undefined, {
    message: 'send at least one of name, scenario, plan',
  })
  .superRefine((b, ctx) => refuseLoneSurrogates(b, ctx));
export type UpdatePlanRequest = z.infer<typeof UpdatePlanRequestSchema>;

/** Who first saved a plan (its owner); absent when nobody was signed in (docs/security.md). */
const CreatedBySchema = z
  .string()
  .optional()
  .describe('who first saved it (its owner); absent when saved with sign-in off');

/** Who saved a plan last; absent when nobody was signed in. */
const SavedBySchema = z
  .string()
  .optional()
  .describe('who saved it last; absent when saved with sign-in off');

/**
 * A stored plan as `GET /api/plans/:id` answers it. `plan` is null when the answer is an optimum.
 */
export const SavedPlanSchema = z.object({
  id: PlanIdSchema,
  name: PlanNameSchema,
  scenario: ScenarioSchema,
  plan: PlanSchema.nullable().describe(
    'the fixed capital plan evaluated; null when the scenario was optimised',
  ),
  answer: SolveResultSchema,
  savedAt: z.iso.datetime().describe('when it was last saved, ISO 8601 UTC'),
  createdBy: CreatedBySchema,
  savedBy: SavedBySchema,
  version: PlanVersionSchema,
});
export type SavedPlan = z.infer<typeof SavedPlanSchema>;

/** One row of `GET /api/plans`: the plan without its scenario and answer. */
export const PlanSummarySchema = z.object({
  id: PlanIdSchema,
  name: PlanNameSchema,
  scenarioName: z.string(),
  startMonth: z.string(),
  horizonMonths: z.number(),
  evaluated: z.boolean().describe('true when a fixed plan was evaluated, false when optimised'),
  status: SolveResultSchema.shape.status,
  npvUsd: z
    .number()
    .nullable()
    .describe(
      "the answer's npvUsd (firm or equity value, as its valuation.method), USD; null when there is none",
    ),
  savedAt: z.iso.datetime(),
  createdBy: CreatedBySchema,
  savedBy: SavedBySchema,
  version: PlanVersionSchema,
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

/** Plans per page of `GET /api/plans`: `limit`'s default and its largest value. */
export const PLAN_PAGE = { defaultLimit: 100, maxLimit: 500 } as const;

/**
 * `GET /api/plans` query: a page size and where the page starts (the previous page's
 * `X-Next-Cursor`).
 */
export const PlanListQuerySchema = z.strictObject({
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be ≥ 1')
    .max(PLAN_PAGE.maxLimit, `must be ≤ ${PLAN_PAGE.maxLimit}`)
    .default(PLAN_PAGE.defaultLimit)
    .describe(
      `most plans in the answer, 1–${PLAN_PAGE.maxLimit}; default ${PLAN_PAGE.defaultLimit}`,
    ),
  cursor: z
    .string()
    .max(200, 'must be at most 200 characters')
    .optional()
    .describe(
      "where the page starts: the previous page's X-Next-Cursor header; omit for the first page",
    ),
  owner: z
    .string()
    .max(200, 'must be at most 200 characters')
    .optional()
    .describe('only the plans this user first saved (`createdBy`)'),
});
export type PlanListQuery = z.infer<typeof PlanListQuerySchema>;

/**
 * A page of the list: `limit` plans, starting after the plan saved at `after.savedAt` with id
 * `after.id`.
 */
export interface PlanPage {
  readonly limit: number;
  readonly after?: { readonly savedAt: string; readonly id: string };
  /** Only the plans first saved by this user. */
  readonly owner?: string;
}

/** What the routes hand a repository to store: everything but the id and the time. */
export interface PlanFields {
  readonly name: string;
  readonly scenario: SavedPlan['scenario'];
  readonly plan: SavedPlan['plan'];
  readonly answer: SavedPlan['answer'];
  /**
   * Who saves it (the signed-in user; null with sign-in off): `savedBy`, and `createdBy` too when
   * the plan is new. Left out, an update keeps the stored value.
   */
  readonly savedBy?: string | null;
}

/**
 * One field a version changed: its path in the plan (`scenario.site.energyUsdPerMWh`, `name`,
 * `plan`), the value before and after (absent: not set), and what the value is, with its unit (the
 * schema's own description of the field) where the field is a number.
 */
export const PlanChangeSchema = z.object({
  path: z.string().describe('dot path of the field: scenario.<path>, name or plan'),
  from: z.unknown().optional().describe('the value in the version before; absent when not set'),
  to: z.unknown().optional().describe('the value in this version; absent when not set'),
  unit: z
    .string()
    .optional()
    .describe("the field's description from the scenario schema, which states its unit"),
});
export type PlanChange = z.infer<typeof PlanChangeSchema>;

/** One version of a saved plan in its history: who saved it, when, what changed, its NPV. */
export const PlanVersionSummarySchema = z.object({
  version: PlanVersionSchema,
  name: PlanNameSchema,
  savedAt: z.iso.datetime().describe('when this version was saved, ISO 8601 UTC'),
  savedBy: SavedBySchema.describe('who saved this version; absent when saved with sign-in off'),
  evaluated: z.boolean().describe('true when a fixed plan was evaluated, false when optimised'),
  status: SolveResultSchema.shape.status,
  npvUsd: z
    .number()
    .nullable()
    .describe("this version's answer's npvUsd, USD; null when there is none"),
  changes: z
    .array(PlanChangeSchema)
    .describe(
      'what this version changed from the version before it; empty for the first version kept',
    ),
});
export type PlanVersionSummary = z.infer<typeof PlanVersionSummarySchema>;

/** `GET /api/plans/:id/versions`: a plan's versions, newest first. */
export const PlanHistorySchema = z.object({
  id: PlanIdSchema,
  versions: z.array(PlanVersionSummarySchema).describe('every version kept, newest first'),
});
export type PlanHistory = z.infer<typeof PlanHistorySchema>;

/** A version as a store reads it for the history (its answer left out). */
export interface StoredVersion {
  readonly version: number;
  readonly name: string;
  readonly scenario: SavedPlan['scenario'];
  readonly plan: SavedPlan['plan'];
  readonly status: SavedPlan['answer']['status'];
  readonly npvUsd: number | null;
  readonly savedAt: string;
  readonly savedBy?: string;
}
