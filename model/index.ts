/**
 * @module model — Switchyard's engine: schemas, hashprice, the LP/MILP, solvers, the evaluator.
 * Pure: no I/O.
 */
export * from './schema';
export { floorPath, hashpriceFloorAt, hashpricePath } from './hashprice';
export { economics } from './economics';
export { treeChanges, type TreeChange } from './tree-diff';
export { buildModel, type BuiltModel, type BuildOptions } from './build';
export { casesOf, revealIndex } from './cases';
export { optimize, evaluate, type RunOptions } from './solve';
export { reasonOf, type Reason, type ReasonFacts } from './reason';
export { ReasonSchema, ReasonFactsSchema } from './reason-schema';
export { sitesOf, isPortfolio, allOptions, type SiteView } from './sites';
export { deadlineIn, type Deadline } from './lp-runner';
export { warmStarts, type WarmStarts } from './solvers/basis-cache';
export { planIssues, planCapDiagnosis, type PlanIssue } from './plan-check';
export { Lp, ModelError, key, primalViolation } from './lp';
export { toLpText } from './lp-text';
export { monthIndex, labelAt, monthlyRate, discountFactor } from './time';
export {
  createEngine,
  engineError,
  planError,
  EngineError,
  parseRequest,
  REQUESTS,
  type AnalysisOptions,
  type AsideAnswer,
  type AsideSolve,
  type Engine,
  type EngineOptions,
  type RequestKind,
  type RequestOf,
} from './engine';
export { listIssues, MAX_ISSUE_CHARS, MAX_ISSUES } from './issues';
export {
  jslpSolverWith,
  type JslpOutcome,
  type JslpReply,
  type JslpRequest,
  type JslpRun,
} from './solvers';
export { solveJslp } from './solvers/jslp-solve';
export * from './analyses';
export * from './montecarlo';
export * from './montecarlo-run';
export * from './montecarlo-stats';
export * from './montecarlo-fan';
export * from './simulate';
