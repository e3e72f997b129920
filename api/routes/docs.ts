/**
 * @module routes/docs — GET /api/openapi.json (the OpenAPI 3.1 document) and /api/docs (it, as a
 * page).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { renderDocsPage } from '../docs-page';
import { documented } from '../openapi';

export const openApiRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tags: ['meta'],
  summary: 'This document',
  responses: {
    200: {
      description: 'the OpenAPI 3.1 document of every route',
      content: { 'application/json': { schema: z.object({}).passthrough() } },
    },
  },
});

export const docsRoute = createRoute({
  method: 'get',
  path: '/docs',
  operationId: 'getDocsPage',
  tags: ['meta'],
  summary: 'This document as a page',
  responses: {
    200: { description: 'HTML, self-contained', content: { 'text/html': { schema: z.string() } } },
  },
});

/**
 * The document routes; `document` is called once, on the first request, when every route is
 * mounted.
 */
export function docsRoutes(document: () => object) {
  let doc: Record<string, unknown> | undefined;
  let page: string | undefined;
  const get = () => (doc ??= document() as Record<string, unknown>);
  return documented(new OpenAPIHono(), openApiRoute, docsRoute)
    .get('/openapi.json', (c) => c.json(get(), 200))
    .get('/docs', (c) => c.html((page ??= renderDocsPage(get())), 200));
}
