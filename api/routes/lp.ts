/** @module routes/lp — POST /api/lp: the scenario's model in CPLEX LP format ($M and MW). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { REQUESTS, ScenarioSchema, buildModel, toLpText } from '../../model';
import { documented, errorResponses, jsonBodyOf } from '../openapi';
import { requestBody } from '../validate';

export const lpRoute = createRoute({
  method: 'post',
  path: '/lp',
  operationId: 'exportLp',
  tags: ['solve'],
  summary: 'The model as an LP file',
  description:
    'The scenario’s LP/MILP in CPLEX LP format, in $M and MW; its optimal ' +
    'objective equals the optimum’s (`npvUsd` + `kpis.minBuildCostUsd`) / 1e6: `npvUsd` / 1e6 ' +
    'unless the minimum build (`solve.minBuildMW`) changed the optimum, whose binaries the file ' +
    'leaves out (docs/model.md, "Plans a person can read"). Any LP reader (GLPK’s too) accepts it.',
  request: jsonBodyOf(ScenarioSchema, 'a scenario'),
  responses: {
    200: { description: 'the LP file', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(400, 413),
  },
});

/** The LP export route. */
export function lpRoutes() {
  return documented(new OpenAPIHono(), lpRoute).post('/lp', requestBody(REQUESTS.optimize), (c) =>
    c.text(toLpText(buildModel(c.req.valid('json')).lp), 200, {
      'Content-Type': 'text/plain; charset=utf-8',
    }),
  );
}
