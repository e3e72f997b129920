/**
 * @module report — the board report's content from a scenario and its answer (pure): the decision,
 * the figures, the assumptions with their sources and the formats they are written in. The API
 * renders it as a page to print (api/report/page.ts), the app as its Report view.
 */
export * from './format';
export { decisionOf, type Decision } from './decision';
export {
  assumptionRows,
  usesShippedMarket,
  MARKET_FIGURES_DATE,
  type AssumptionRow,
} from './assumptions';
export * from './text';
