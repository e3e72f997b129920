/**
 * @module analyses — sensitivity (tornado), breakeven, decision map and marginal values over the
 * optimiser.
 */
export * from './schema';
export {
  HASHPRICE_MULTIPLIER,
  AnalysisInputError,
  ParameterError,
  applyParameters,
  defaultParameters,
  parameterSpec,
  readParameter,
  setParameters,
  type ParameterChange,
  type ParameterSpec,
} from './paths';
export {
  AnalysisCancelledError,
  inProcessPoints,
  solvePoint,
  type PointJob,
  type PointOptions,
  type PointResult,
  type PointRunner,
  type RunPointsOptions,
} from './point';
export { sensitivity } from './tornado';
export { breakeven } from './breakeven';
export { decisionMap, planMap, runMap, type MapOptions, type MapPlan } from './map';
export {
  marginalValues,
  solvedObjective,
  startAside,
  type AsideAnswer,
  type AsideSolve,
  type MarginalMode,
} from './marginal';
