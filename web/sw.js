// Switchyard's offline cache: the service worker. The build (vite.config.ts) writes it to sw.js
// with the cache's name and the list of the build's files in place of the two placeholders below.
// See docs/web.md.
const CACHE = '__CACHE_NAME__';
const PRECACHE = ['__PRECACHE__'];
// The shipped presets too (their list and each one), so that the app can start and switch presets
// offline; the network's copies replace these whenever there is one. A server without them does not
// stop the install.
const cachePresets = (cache) =>
  fetch('/api/presets')
    .then((res) =>
      res.ok
        ? res
            .clone()
            .json()
            .then((list) =>
              cache
                .put('/api/presets', res)
                .then(() =>
                  cache.addAll(list.map((p) => `/api/presets/${encodeURIComponent(p.id)}`)),
                ),
            )
        : undefined,
    )
    .catch(() => undefined);
self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all([c.addAll(PRECACHE), cachePresets(c)]))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith('switchyard-') && k !== CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // The shipped presets: the network's, kept for a start without one. No other answer of the API is
  // kept (offline, the app solves in its own workers).
  if (url.pathname === '/api/presets' || url.pathname.startsWith('/api/presets/')) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            event.waitUntil(caches.open(CACHE).then((c) => c.put(req, copy)));
          }
          return res;
        })
        .catch(() =>
          caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? Response.error()),
        ),
    );
    return;
  }
  if (url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // The page: the network's when there is one (a new build shows at once), else the cached one.
    event.respondWith(fetch(req).catch(() => caches.match('/index.html', { cacheName: CACHE })));
    return;
  }
  // Build files are content-hashed: the cached copy is the right one.
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
});
