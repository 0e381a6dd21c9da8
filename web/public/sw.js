// rekindle's service worker: keeps the app shell (the page, its script and style, the
// icons) so that opening rekindle without a connection shows the app's own "we can't
// reach rekindle" screen instead of the browser's error page. It never stores what the
// API returns: nothing private is written to this device (docs/architecture.md).
const SHELL = 'rk-shell-v1';

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const page = await fetch('/', { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.clone().text();
  await cache.put('/', page);
  const assets = [...html.matchAll(/(?:src|href)="(\/(?:assets\/[^"]+|icon[^"]*|manifest\.webmanifest))"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(assets)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (event.request.mode === 'navigate') {
    // The network first, so a new version arrives at once; the kept page when it fails.
    event.respondWith(
      fetch(event.request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(SHELL).then((c) => c.put('/', copy));
        }
        return response;
      }).catch(async () => (await caches.match('/')) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed: a kept copy is always right.
    event.respondWith(
      caches.match(event.request).then((hit) => hit ?? fetch(event.request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(SHELL).then((c) => c.put(event.request, copy));
        }
        return response;
      })),
    );
  }
});
