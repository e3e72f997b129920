/**
 * @module static — the built web app (dist/web), compressed and cached (docs/web.md, "Static
 * files"). Every file is sent as the build's brotli or gzip copy when the browser accepts one
 * (scripts/precompress.mjs writes them; `Vary: Accept-Encoding`). Files under /assets/ are named by
 * a hash of their content, so a new build has new names: they are cached for a year as immutable,
 * and a repeat visit fetches none of them (nor does a second solver worker fetch HiGHS' .wasm
 * again). Everything else — the page (every path the app routes itself), sw.js — is revalidated on
 * every use (`no-cache` with an ETag: an unchanged file answers 304 without a body).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { serveStatic } from '@hono/node-server/serve-static';

/** The cache policy of a content-hashed build file. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The cache policy of the page and the other files whose names do not change. */
export const REVALIDATE = 'no-cache';

/** Serves the file of the path under `root` (or `path`) with `cacheControl`. */
function files(root: string, cacheControl: string, path?: string): MiddlewareHandler {
  const serve = serveStatic({
    root,
    ...(path ? { path } : {}),
    precompressed: true,
    // A missing file is not cached: what answers instead (the page, a 404) has its own policy.
    onNotFound: (_path: string, c: Context) => void c.header('Cache-Control', undefined),
  });
  return (c, next) => {
    c.header('Cache-Control', cacheControl);
    return serve(c, next);
  };
}

/**
 * The routes of the web app built into `root`: the build's files, and the page at every other GET
 * path (the app routes itself). Mount after the API.
 */
export function webAppRoutes(root: string): Hono {
  return new Hono()
    .use('/assets/*', files(root, IMMUTABLE))
    .use('/*', etag())
    .use('/*', files(root, REVALIDATE))
    .get('/*', files(root, REVALIDATE, 'index.html'));
}
