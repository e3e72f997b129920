/**
 * @module worker/register-sw — registers the offline cache (sw.js, written by the build:
 * web/sw-plugin.ts) after the page has loaded.
 */
export function registerServiceWorker(): void {
  // Built apps only: the dev server (where vite's `import.meta.hot` exists) has no sw.js. Not
  // `import.meta.env.PROD`, which follows NODE_ENV (a build run by the tests has NODE_ENV=test and
  // must register all the same).
  if ((import.meta as ImportMeta & { hot?: unknown }).hot || !('serviceWorker' in navigator))
    return;
  const register = () =>
    void navigator.serviceWorker
      .register('/sw.js')
      .catch((e: unknown) => console.warn(`No offline cache: ${String(e)}`));
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
