/** @module routes/presets — GET /api/presets and /api/presets/:id, from the shipped data. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
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

/** The 404 of an unknown preset id, naming the known ones; `path` is where the id was given. */
export function unknownPreset(c: Context, id: string, path: string) {
  const known = listPresets()
    .map((p) => p.id)
    .join(', ');
  return errorResponse(c, 404, 'not_found', `no preset "${id}"; known presets: ${known}`, [
    { path, message: `unknown preset; known: ${known}` },
  ]);
}

/** The preset routes. */
export function presetRoutes() {
  return documented(new OpenAPIHono(), presetListRoute, presetRoute)
    .get('/presets', (c) => c.json(listPresets(), 200))
    .get('/presets/:id', (c) => {
      const id = c.req.param('id');
      const preset = loadPreset(id);
      if (!preset) return unknownPreset(c, id, 'id');
      return c.json(preset, 200);
    });
}
