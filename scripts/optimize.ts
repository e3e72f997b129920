/**
 * @module optimize — command line: `npm run optimize -- <preset id | scenario.json> [--out
 * answer.json] [--lp model.lp]`, the same as `switchyard optimize` (api/cli): prints the plan, the
 * KPIs and a yearly schedule as readable tables.
 */
import { main } from '../api/cli';

const code = await main(['optimize', ...process.argv.slice(2)]);
process.exit(code === 'running' ? 0 : code);
