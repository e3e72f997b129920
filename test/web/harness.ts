/**
 * @module test/web/harness — for browser tests and the web benchmark: build the app, serve it with
 * the real API, drive Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { type AppOptions, createApp } from '../../api/app';
import { precompress } from '../../scripts/precompress.mjs';
import type { SolveRunner } from '../../api/runner';

/** The repository root (tests and scripts run from it, but do not rely on that). */
export const ROOT = resolve(import.meta.dirname, '../..');
/** Where the built app goes (the same folder `npm start` serves). */
export const WEB_DIST = join(ROOT, 'dist/web');

/**
 * Builds the web app with the project's vite config (and its compressed copies) into dist/web, or
 * into `outDir` (test files that run in parallel each build into their own folder, so that one
 * build never empties the folder another one serves).
 */
export async function buildWeb(outDir?: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    root: join(ROOT, 'web'),
    logLevel: 'warn',
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  });
  // The compressed copies the server sends, as `npm run build` writes them.
  await precompress(outDir ?? WEB_DIST);
}

/** A running server: its base URL and how to stop it. */
export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the real API with the built app on 127.0.0.1 and a free port. Solves run in-process
 * unless a `runner` (e.g. the worker pool `npm start` uses) is given; it is closed with the server.
 */
export async function startServer(
  staticDir = WEB_DIST,
  runner?: SolveRunner,
  options: AppOptions = {},
): Promise<RunningServer> {
  const app = createApp({ ...options, staticDir, runner });
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => void (runner?.close() ?? Promise.resolve()).then(() => ok()));
      }),
  };
}

/**
 * The app built into a temporary folder of its own and served by the real API (`buildWeb`,
 * `startServer`); `close()` stops the server and removes the folder.
 */
export async function servedBuild(): Promise<RunningServer> {
  const dist = await mkdtemp(join(tmpdir(), 'switchyard-web-'));
  await buildWeb(dist);
  const server = await startServer(dist);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await rm(dist, { recursive: true, force: true });
    },
  };
}

/** The Chromium the tests drive (Debian's package). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium with a throw-away profile; `close()` also deletes the profile. */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'switchyard-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
