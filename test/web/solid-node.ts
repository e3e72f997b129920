/**
 * @module test/web/solid-node — web modules loaded in Node through Vite with Solid's browser build,
 * so stores' effects run as in the app (Solid's server build only renders once); plus a reactive
 * root, a wait for a condition, and a way to see what timers would do later without waiting.
 */
import { vi } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import solid from 'vite-plugin-solid';
import { ROOT } from './harness';

/**
 * A Vite server that loads `/web/src/…` modules with Solid's browser build; `close()` it after the
 * tests.
 */
export async function solidModules(): Promise<{
  load: <T>(path: string) => Promise<T>;
  solid: typeof import('solid-js');
  close: () => Promise<void>;
}> {
  const vite: ViteDevServer = await createServer({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    plugins: [solid()],
    resolve: { conditions: ['browser'] },
    ssr: {
      noExternal: ['solid-js'],
      resolve: { conditions: ['browser'], externalConditions: ['browser'] },
    },
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  return {
    load: async <T>(path: string) => (await vite.ssrLoadModule(path)) as T,
    solid: (await vite.ssrLoadModule('solid-js')) as typeof import('solid-js'),
    close: () => vite.close(),
  };
}

/** Runs `body` inside a reactive root of `solidJs` and disposes the root afterwards. */
export async function inRoot(
  solidJs: typeof import('solid-js'),
  body: () => Promise<void>,
): Promise<void> {
  let dispose!: () => void;
  const done = solidJs.createRoot((d) => {
    dispose = d;
    return body();
  });
  try {
    await done;
  } finally {
    dispose();
  }
}

/**
 * Resolves when `cond()` holds (checked every 2 ms); rejects after `ms`. The default allows a busy
 * machine (a clean clone under load must pass too): a passing test returns as soon as it holds.
 */
export async function until(cond: () => boolean, ms = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Runs `act` with fake timers, then runs every timer it (and what those start) set within `ms` of
 * fake time, and restores the real timers. A test that asserts "nothing more was sent" checks it
 * after this instead of sleeping: a debounce or a retry that would fire later has fired.
 */
export async function afterTimers(act: () => void, ms = 5_000): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  try {
    act();
    await vi.advanceTimersByTimeAsync(ms);
  } finally {
    vi.useRealTimers();
  }
}
