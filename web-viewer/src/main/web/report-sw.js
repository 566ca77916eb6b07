// The report page's service worker: keeps the page and its scripts so that it opens again without a
// network (a reload in the field). Network first, so an upgraded server is never mixed with old
// files; the copy is used only when the network fails. API calls are not touched: the page's outbox
// (js/report-outbox.js) keeps what waits to be sent.
const CACHE = 'gridscape-report-v2';
const SHELL = ['/report.html', '/css/report-page.css', '/js/report-app.js', '/js/report-i18n.js', '/js/report-outbox.js',
  '/js/report-patrol.js', '/js/report-field.js', '/css/signin.css', '/js/signin.js', '/js/i18n.js', '/js/dom.js', '/vendor/maplibre-gl/maplibre-gl.css', '/vendor/maplibre-gl/maplibre-gl.mjs',
  '/vendor/maplibre-gl/maplibre-gl-worker.mjs', '/vendor/maplibre-gl/maplibre-gl-shared.mjs'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
    }
    return response;
  }).catch(() => caches.match(url.pathname).then((hit) => hit ?? Response.error())));
});
