// The grid worker's report page: sign in, describe the event, take the location from the phone
// (navigator.geolocation) or a map pick, see which grid it lands in, send it to /api/v1/events.
// The session cookie set at sign-in carries the calls; the token is also kept in memory only.
// Photos are checked here (type, size, count) before anything is sent, previewed, and uploaded one
// by one to /api/v1/events/{id}/attachments once the event exists.
// Patrols (report-patrol.js) and reports go through the outbox (report-outbox.js): kept in IndexedDB
// and sent in order when the network is there, each with the phone's own ids so that nothing is
// stored twice. A service worker (/report-sw.js) keeps the page itself for a reload without a network.

import { CATEGORIES, LEVELS, language, setLanguage, t } from './report-i18n.js';
import { enqueue, flush, getState, pending, setState } from './report-outbox.js';
import { createField } from './report-field.js';
import { createPatrol } from './report-patrol.js';
import { renderSignIn } from './signin.js';

const $ = (id) => document.getElementById(id);
const DISTRICT_BOX = [118.55, 24.80, 118.95, 25.12];
const state = { token: null, user: null, at: null, grid: null, map: null, marker: null, photos: [], grids: null,
  patrolMap: null, waitingFor: null };
// As the server takes them (EventAttachments): the report has no other attachments, so up to 9 fit.
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_PHOTOS = 9;

async function call(method, path, body, contentType = 'application/json') {
  const headers = { Accept: 'application/json' };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin',
      body: body === undefined || body instanceof Blob ? body : JSON.stringify(body) });
  } catch {
    throw Object.assign(new Error(t('error.network')), { status: 0 });
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(json?.message ?? `HTTP ${response.status}`), { status: response.status });
  return json;
}

function translate() {
  document.querySelectorAll('[data-t]').forEach((node) => { node.textContent = t(node.dataset.t); });
  document.title = `${t('title')} · GridScape`;
  fillSelect($('category'), CATEGORIES, 'cat');
  fillSelect($('level'), LEVELS, 'level', 'general');
  showLocation();
  patrol?.translate();
  field?.translate();
  showOutbox();
}

function fillSelect(select, codes, prefix, fallback) {
  const current = select.value || fallback || codes[0];
  select.replaceChildren(...codes.map((code) => new Option(t(`${prefix}.${code}`), code)));
  select.value = current;
}

function show(id) {
  for (const section of ['signin', 'report', 'done']) $(section).hidden = section !== id;
  if (id === 'signin') showSignIn(); else $('signin').replaceChildren();
  $('patrol').hidden = id === 'signin';
  $('field').hidden = id === 'signin';
  $('collect').hidden = id === 'signin';
  $('outbox').hidden = id === 'signin';
}

// ---- sign-in ----

async function start() {
  setLanguage(language());
  translate();
  $('lang').addEventListener('click', () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); translate(); });
  $('signout').addEventListener('click', signOut);
  $('gps').addEventListener('click', locate);
  $('pick').addEventListener('click', openMap);
  $('report').addEventListener('submit', send);
  $('photos').addEventListener('change', addPhotos);
  $('again').addEventListener('click', () => {
    $('report').reset();
    $('submit').disabled = true;
    clearPhotos();
    translate();
    setLocation(null);
    show('report');
  });
  $('patrol-start').addEventListener('click', () => patrol.start($('patrol-grid').value));
  $('patrol-end').addEventListener('click', () => patrol.end());
  field.bind();
  window.addEventListener('online', flushSoon);
  window.addEventListener('offline', showOutbox);
  setInterval(flushSoon, 5000);
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/report-sw.js', { scope: '/report.html' }).catch(() => {});
  try {
    const user = await call('GET', '/api/v1/auth/me');
    if (!user?.signedIn) {
      show('signin');
      return;
    }
    state.user = user;
    await setState('user', state.user);
    ready();
  } catch (err) {
    // without a network, whoever was signed in on this phone goes on recording (the session cookie
    // signs the outbox's requests in once the network is back)
    const saved = err.status === 0 ? await getState('user') : null;
    if (saved) {
      state.user = saved;
      ready();
    } else {
      show('signin');
    }
  }
}

/** The sign-in card every GridScape app shares (same look, session cookie and language switch). */
function showSignIn() {
  renderSignIn($('signin'), {
    subtitle: t('signin.title'),
    login: async (username, password) => {
      const session = await call('POST', '/api/v1/auth/login', { username, password });
      state.token = session.token;
      return session;
    },
    onSignedIn: async (session) => {
      state.user = session.user;
      await setState('user', state.user);
      ready();
    },
    onLanguage: (lang) => { setLanguage(lang); translate(); },
  });
}

async function signOut() {
  await call('POST', '/api/v1/auth/logout').catch(() => null);
  state.token = null;
  state.user = null;
  await setState('user', undefined);
  show('signin');
}

async function ready() {
  $('who').textContent = state.user?.username ?? '';
  show('report');
  await loadGrids();
  await patrol.restore();
  await field.restore();
  showPatrolLink();
  flushSoon();
  field.showMine(state.user.username);
}

// ---- patrols and the outbox ----

const patrol = createPatrol({ page: { showTrack }, flushSoon: () => flushSoon() });
const field = createField({ call, flushSoon: () => flushSoon(), patrolId: () => patrol.current()?.id ?? null });

/** The published grids (kept for a reload without a network) and the worker's own among them. */
async function loadGrids() {
  let grids = await call('GET', `/api/v1/grids?bbox=${DISTRICT_BOX.join(',')}`).catch(() => null);
  if (grids?.features) await setState('grids', grids);
  else grids = await getState('grids');
  state.grids = grids?.features ? grids : { type: 'FeatureCollection', features: [] };
  const mine = state.grids.features.filter((f) => covers(f.properties?.code));
  const select = $('patrol-grid');
  const current = select.value;
  select.replaceChildren(...mine.map((f) => new Option(`${f.properties.code} ${f.properties.name ?? ''}`.trim(),
    f.properties.code)));
  if (current) select.value = current;
  $('patrol-start').disabled = mine.length === 0;
}

/** Draws the grid and the track on the patrol map over the district's base map (the map is optional). */
function showTrack(p) {
  return drawTrack(p).catch(() => {
    // no WebGL or no map library without a network: the figures above still say where the patrol stands
  }).finally(showPatrolLink);
}

async function drawTrack(p) {
  $('patrol-map').hidden = false;
  const grid = state.grids?.features.find((f) => f.properties?.code === p.grid);
  const line = { type: 'Feature', properties: {}, geometry: { type: 'LineString',
    coordinates: p.track.map((q) => [q.lon, q.lat]) } };
  const last = p.track[p.track.length - 1];
  if (!state.patrolMap) {
    const maplibregl = (await import('/vendor/maplibre-gl/maplibre-gl.mjs')).default;
    state.maplibre = maplibregl;
    const map = new maplibregl.Map({
      container: 'patrol-map',
      style: { version: 8, sources: { base: { type: 'raster', url: '/imagery/base.json', tileSize: 256 } },
        layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#10243a' } },
          { id: 'base', type: 'raster', source: 'base' }] },
      bounds: grid ? boundsOf([grid]) : DISTRICT_BOX, fitBoundsOptions: { padding: 20 }, attributionControl: false,
    });
    map.on('error', () => {}); // tiles missing without a network: the track still draws
    state.patrolMap = map;
    await new Promise((resolve) => map.once('load', resolve));
    map.addSource('patrol-grid', { type: 'geojson', data: grid ?? { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'patrol-grid-line', type: 'line', source: 'patrol-grid', paint: { 'line-color': '#35d0ff', 'line-width': 2 } });
    map.addSource('track', { type: 'geojson', data: line });
    map.addLayer({ id: 'track', type: 'line', source: 'track', paint: { 'line-color': '#ffb020', 'line-width': 4 } });
  }
  const map = state.patrolMap;
  map.getSource('patrol-grid')?.setData(grid ?? { type: 'FeatureCollection', features: [] });
  map.getSource('track')?.setData(line);
  if (last) {
    state.here ??= new state.maplibre.Marker({ color: '#ff4d4f' });
    state.here.setLngLat([last.lon, last.lat]).addTo(map);
  }
}

function showPatrolLink() {
  const p = patrol.current();
  $('report-patrol').hidden = !p;
  $('report-patrol').textContent = p ? t('patrol.linked', p.grid) : '';
}

let flushTimer = null;

/** Sends what waits in the outbox soon (a burst of changes goes in one pass). */
function flushSoon() {
  clearTimeout(flushTimer);
  flushTimer = setTimeout(flushNow, 50);
}

async function flushNow() {
  if (!state.user) return 0;
  const left = await flush(sendItem, { onSent, onRefused });
  await showOutbox();
  return left;
}

async function sendItem(item) {
  if (item.kind === 'photo') return sendPhoto(item);
  // a visit's photo replaces itself when sent again
  if (item.kind === 'visit-photo') {
    return call('POST', `/api/v1/visits/${encodeURIComponent(item.visitId)}/photo`, item.file, item.file.type);
  }
  return call('POST', item.path, item.body);
}

/** A photo of a report: to its event once that exists, unless an earlier sending of it arrived. */
async function sendPhoto(item) {
  const sent = (await getState('sent')) ?? {};
  const id = sent[item.clientId]?.id;
  if (!id) throw Object.assign(new Error(t('photo.noEvent')), { status: 422 });
  const event = await call('GET', `/api/v1/events/${encodeURIComponent(id)}`);
  const hash = await sha256(item.file);
  if ((event.properties.photos ?? []).some((p) => (hash ? p.sha256 === hash : p.size === item.file.size))) return { skipped: true };
  return call('POST', `/api/v1/events/${encodeURIComponent(id)}/attachments`, item.file, item.file.type);
}

async function sha256(blob) {
  if (!crypto.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function onSent(item, answer) {
  if (item.kind === 'event') {
    const sent = (await getState('sent')) ?? {};
    sent[item.body.clientId] = { id: answer.properties.id, photos: 0, failed: [] };
    await setState('sent', sent);
  } else if (item.kind === 'photo') {
    const sent = (await getState('sent')) ?? {};
    if (sent[item.clientId]) sent[item.clientId].photos += 1;
    await setState('sent', sent);
  } else if (item.kind === 'patrol-end') {
    patrol.showSummary(answer);
  } else if (item.kind === 'visit') {
    await setState('lastVisitSent', answer.id);
  } else if (item.kind === 'collection' && state.user) {
    field.showMine(state.user.username);
  }
}

async function onRefused(item, err) {
  const refused = (await getState('refused')) ?? [];
  refused.push({ kind: item.kind, message: err.message, at: new Date().toISOString() });
  await setState('refused', refused.slice(-20));
  if (item.kind === 'photo') {
    const sent = (await getState('sent')) ?? {};
    if (sent[item.clientId]) sent[item.clientId].failed.push(`${item.file.name}: ${err.message}`);
    await setState('sent', sent);
  }
  $('report-error').textContent = t('outbox.refused', err.message);
}

async function showOutbox() {
  const items = state.user ? await pending().catch(() => []) : [];
  const box = $('outbox');
  box.classList.toggle('empty', items.length === 0);
  box.textContent = items.length === 0 ? t('outbox.empty')
    : t(navigator.onLine ? 'outbox.waiting' : 'outbox.offline', items.length);
  box.dataset.waiting = String(items.length);
}

// ---- location ----

function locate() {
  if (!navigator.geolocation) {
    $('location').textContent = t('report.gpsUnavailable');
    return;
  }
  $('location').textContent = t('report.locating');
  navigator.geolocation.getCurrentPosition(
    (pos) => setLocation({ lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: Math.round(pos.coords.accuracy) }),
    (err) => { $('location').textContent = t('report.gpsFailed', err.message); openMap(); },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
}

async function openMap() {
  $('map').hidden = false;
  if (state.map) return;
  const maplibregl = (await import('/vendor/maplibre-gl/maplibre-gl.mjs')).default;
  state.maplibre = maplibregl;
  state.map = new maplibregl.Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#10243a' } }] },
    bounds: DISTRICT_BOX,
    attributionControl: false,
  });
  state.map.on('load', async () => {
    const grids = await call('GET', `/api/v1/grids?bbox=${DISTRICT_BOX.join(',')}`).catch(() => null);
    if (grids?.features) {
      state.map.addSource('grids', { type: 'geojson', data: grids });
      state.map.addLayer({ id: 'grid-fill', type: 'fill', source: 'grids', paint: { 'fill-color': '#35d0ff', 'fill-opacity': 0.12 } });
      state.map.addLayer({ id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': '#35d0ff', 'line-width': 1 } });
      const mine = grids.features.filter((f) => covers(f.properties?.code));
      if (mine.length && mine.length < grids.features.length) state.map.fitBounds(boundsOf(mine), { padding: 24, duration: 0 });
    }
  });
  state.map.on('click', (e) => setLocation({ lon: e.lngLat.lng, lat: e.lngLat.lat, picked: true }));
  $('location').textContent = t('report.pickHint');
}

/** Whether the signed-in user's scopes cover a grid code (scopes without trailing zero groups are prefixes). */
function covers(code) {
  const scopes = state.user?.scopes ?? [];
  if (!code || !scopes.length) return true;
  return scopes.some((s) => code.startsWith(s.length <= 12 ? s.replace(/(000)+$/, '').padEnd(6, '0') : s));
}

function boundsOf(features) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => (typeof c[0] === 'number'
    ? (box[0] = Math.min(box[0], c[0]), box[1] = Math.min(box[1], c[1]), box[2] = Math.max(box[2], c[0]), box[3] = Math.max(box[3], c[1]))
    : c.forEach(visit));
  features.forEach((f) => visit(f.geometry.coordinates));
  return [[box[0], box[1]], [box[2], box[3]]];
}

async function setLocation(at) {
  state.at = at;
  state.grid = null;
  showLocation();
  if (!at) return;
  if (state.map) {
    if (!state.marker) state.marker = new state.maplibre.Marker({ color: '#ff4d4f' });
    state.marker.setLngLat([at.lon, at.lat]).addTo(state.map);
  }
  try {
    state.grid = await call('GET', `/api/v1/events/locate?lon=${at.lon.toFixed(7)}&lat=${at.lat.toFixed(7)}`);
  } catch (err) {
    // without a network the server places the report when it arrives
    state.grid = err.status === 0 ? { offline: true } : { error: err.status === 404 ? t('report.outside') : err.message };
  }
  showLocation();
}

function showLocation() {
  const at = state.at;
  $('location').textContent = !at ? t('report.noLocation') : at.picked
    ? t('report.atPicked', at.lon.toFixed(6), at.lat.toFixed(6))
    : t('report.at', at.lon.toFixed(6), at.lat.toFixed(6), at.accuracy);
  const g = state.grid;
  $('grid').textContent = !g ? '' : g.offline ? t('report.gridLater') : g.error
    ?? (g.yours ? t('report.grid', g.gridCode) : t('report.notYours'));
  $('grid').className = `grid-line${g && !g.offline && (g.error || !g.yours) ? ' error' : ''}`;
  $('submit').disabled = !(g && (g.offline || g.gridCode && g.yours));
}

// ---- photos ----

/** Takes the picked files that fit (type, size, count), previews them and says why others were left out. */
function addPhotos() {
  const input = $('photos');
  const problems = [];
  for (const file of input.files) {
    if (!PHOTO_TYPES.includes(file.type)) problems.push(t('photo.badType', file.name));
    else if (file.size > MAX_PHOTO_BYTES) problems.push(t('photo.tooBig', file.name, (file.size / 1048576).toFixed(1)));
    else if (state.photos.length >= MAX_PHOTOS) problems.push(t('photo.tooMany', MAX_PHOTOS));
    else state.photos.push({ file, url: URL.createObjectURL(file) });
  }
  input.value = '';
  $('photo-error').textContent = problems.join(' ');
  showPhotos();
}

function showPhotos() {
  $('previews').replaceChildren(...state.photos.map((photo, i) => {
    const li = document.createElement('li');
    const img = document.createElement('img');
    img.src = photo.url;
    img.alt = photo.file.name;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.textContent = '×';
    remove.title = t('photo.remove');
    remove.setAttribute('aria-label', t('photo.remove'));
    remove.addEventListener('click', () => {
      URL.revokeObjectURL(photo.url);
      state.photos.splice(i, 1);
      showPhotos();
    });
    li.append(img, remove);
    return li;
  }));
}

function clearPhotos() {
  state.photos.forEach((photo) => URL.revokeObjectURL(photo.url));
  state.photos = [];
  $('photo-error').textContent = '';
  showPhotos();
}

// ---- sending ----

async function send(e) {
  e.preventDefault();
  const form = new FormData($('report'));
  $('submit').disabled = true;
  $('report-error').textContent = t('report.sending');
  const clientId = `r-${crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`}`;
  const body = {
    category: form.get('category'), level: form.get('level'), title: form.get('title') || undefined,
    description: form.get('description'), lon: state.at.lon, lat: state.at.lat,
    // the worker has patrolled, collected and found the problem: it goes up for dispatch
    step: 'dispatch', clientId, patrol: patrol.current()?.id,
  };
  // the report and its photos wait in the outbox until they are sent; positions recorded so far go first
  await patrol.sendBatch();
  await enqueue({ kind: 'event', path: '/api/v1/events', body });
  for (const photo of state.photos) await enqueue({ kind: 'photo', clientId, file: photo.file });
  clearPhotos();
  await flushNow();
  const sent = ((await getState('sent')) ?? {})[clientId];
  $('report-error').textContent = '';
  if (sent) {
    const event = await call('GET', `/api/v1/events/${encodeURIComponent(sent.id)}`).catch(() => null);
    if (event) {
      done(event.properties, { sent: sent.photos, failed: sent.failed });
      return;
    }
  }
  queued(body);
}

/** The receipt of a report that waits in the outbox (no network). */
function queued(body) {
  $('done-details').replaceChildren(...[['done.queued', t('done.queuedText')], ['done.clientId', body.clientId]]
    .flatMap(([key, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = t(key);
      const dd = document.createElement('dd');
      dd.textContent = value;
      return [dt, dd];
    }));
  show('done');
}

function done(p, photos) {
  const rows = [['done.id', p.id], ['done.grid', p.gridCode], ['done.step', p.stepName], ['done.deadline',
    new Date(p.deadline).toLocaleString(language() === 'en' ? 'en-GB' : 'zh-CN')], ['done.photos', String(photos.sent)]];
  $('done-details').replaceChildren(...rows.flatMap(([key, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = t(key);
    const dd = document.createElement('dd');
    dd.textContent = value;
    return [dt, dd];
  }));
  if (p.escalation === 'district') {
    const note = document.createElement('p');
    note.className = 'routed';
    note.textContent = t('done.routed');
    $('done-details').append(note);
  }
  if (photos.failed.length) {
    const note = document.createElement('p');
    note.className = 'error photo-failed';
    note.textContent = t('photo.failed', photos.failed.join('; '));
    $('done-details').append(note);
  }
  show('done');
}

start();
