/** @module routes/presets — GET /api/presets and /api/presets/:id, from the shipped data. */
import { Hono } from 'hono';
import { listPresets, loadPreset } from '../../data/load';
import { errorResponse } from '../errors';

/** The preset routes. */
export function presetRoutes() {
  const app = new Hono();
  app.get('/presets', (c) => c.json(listPresets()));
  app.get('/presets/:id', (c) => {
    const id = c.req.param('id');
    const preset = loadPreset(id);
    if (!preset) {
      const known = listPresets().map((p) => p.id).join(', ');
      return errorResponse(c, 404, 'not_found', `no preset "${id}"; known presets: ${known}`, [{ path: 'id', message: `unknown preset; known: ${known}` }]);
    }
    return c.json(preset);
  });
  return app;
}
