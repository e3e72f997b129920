/** @module routes/presets — GET /api/presets and /api/presets/:id, from the shipped data. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { listPresets, loadPreset } from '../../data/load';
import { ScenarioSchema } from '../../model';
import { errorResponse } from '../errors';
import { documented, errorResponses, jsonResponse, named } from '../openapi';

/** One entry of the preset list. */
export const PresetSummarySchema = named(
  z.object({
    id: z.string().describe('preset id, for GET /api/presets/{id}'),
    name: z.string(),
    description: z.string().describe("'' when the preset has none"),
  }),
  'PresetSummary',
);

export const presetListRoute = createRoute({
  method: 'get',
  path: '/presets',
  operationId: 'listPresets',
  tags: ['presets'],
  summary: 'List the shipped scenarios',
  responses: { 200: jsonResponse(z.array(PresetSummarySchema), 'the presets, the default first') },
});

export const presetRoute = createRoute({
  method: 'get',
  path: '/presets/{id}',
  operationId: 'getPreset',
  tags: ['presets'],
  summary: 'A shipped scenario',
  request: {
    params: z.object({ id: z.string().describe('preset id, lower-case letters, digits and -') }),
  },
  responses: {
    200: jsonResponse(ScenarioSchema, 'the scenario as shipped (optional fields may be absent)'),
    ...errorResponses(404),
  },
});

/** The preset routes. */
export function presetRoutes() {
  return documented(new OpenAPIHono(), presetListRoute, presetRoute)
    .get('/presets', (c) => c.json(listPresets(), 200))
    .get('/presets/:id', (c) => {
      const id = c.req.param('id');
      const preset = loadPreset(id);
      if (!preset) {
        const known = listPresets()
          .map((p) => p.id)
          .join(', ');
        return errorResponse(c, 404, 'not_found', `no preset "${id}"; known presets: ${known}`, [
          { path: 'id', message: `unknown preset; known: ${known}` },
        ]);
      }
      return c.json(preset, 200);
    });
}
