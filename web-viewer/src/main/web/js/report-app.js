// The grid worker's report page: sign in, describe the event, take the location from the phone
// (navigator.geolocation) or a map pick, see which grid it lands in, send it to /api/v1/events.
// The session cookie set at sign-in carries the calls; the token is also kept in memory only.
// Photos are checked here (type, size, count) before anything is sent, previewed, and uploaded one
// by one to /api/v1/events/{id}/attachments once the event exists.

import { CATEGORIES, LEVELS, language, setLanguage, t } from './report-i18n.js';

const $ = (id) => document.getElementById(id);
const DISTRICT_BOX = [118.55, 24.80, 118.95, 25.12];
const state = { token: null, user: null, at: null, grid: null, map: null, marker: null, photos: [] };
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
}

function fillSelect(select, codes, prefix, fallback) {
  const current = select.value || fallback || codes[0];
  select.replaceChildren(...codes.map((code) => new Option(t(`${prefix}.${code}`), code)));
  select.value = current;
}

function show(id) {
  for (const section of ['signin', 'report', 'done']) $(section).hidden = section !== id;
}

// ---- sign-in ----

async function start() {
  setLanguage(language());
  translate();
  $('lang').addEventListener('click', () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); translate(); });
  $('signin').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  $('gps').addEventListener('click', locate);
  $('pick').addEventListener('click', openMap);
  $('report').addEventListener('submit', send);
  $('photos').addEventListener('change', addPhotos);
  $('again').addEventListener('click', () => {
    $('report').reset();
    clearPhotos();
    translate();
    setLocation(null);
    show('report');
  });
  try {
    state.user = await call('GET', '/api/v1/auth/me');
    ready();
  } catch {
    show('signin');
  }
}

async function signIn(e) {
  e.preventDefault();
  const form = new FormData($('signin'));
  $('signin-error').textContent = '';
  try {
    const session = await call('POST', '/api/v1/auth/login', { username: form.get('username'), password: form.get('password') });
    state.token = session.token;
    state.user = session.user;
    ready();
  } catch (err) {
    $('signin-error').textContent = err.status === 401 ? t('signin.failed') : err.message;
  }
}

async function signOut() {
  await call('POST', '/api/v1/auth/logout').catch(() => null);
  state.token = null;
  state.user = null;
  show('signin');
}

function ready() {
  $('who').textContent = state.user?.username ?? '';
  show('report');
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
    state.grid = { error: err.status === 404 ? t('report.outside') : err.message };
  }
  showLocation();
}

function showLocation() {
  const at = state.at;
  $('location').textContent = !at ? t('report.noLocation') : at.picked
    ? t('report.atPicked', at.lon.toFixed(6), at.lat.toFixed(6))
    : t('report.at', at.lon.toFixed(6), at.lat.toFixed(6), at.accuracy);
  const g = state.grid;
  $('grid').textContent = !g ? '' : g.error ?? (g.yours ? t('report.grid', g.gridCode) : t('report.notYours'));
  $('grid').className = `grid-line${g && (g.error || !g.yours) ? ' error' : ''}`;
  $('submit').disabled = !(g && g.gridCode && g.yours);
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

/** Uploads the photos one by one; returns how many arrived and the messages of those that did not. */
async function uploadPhotos(id) {
  const failed = [];
  let sent = 0;
  for (const [i, photo] of state.photos.entries()) {
    $('report-error').textContent = t('photo.uploading', i + 1, state.photos.length);
    try {
      await call('POST', `/api/v1/events/${encodeURIComponent(id)}/attachments`, photo.file, photo.file.type);
      sent += 1;
    } catch (err) {
      failed.push(`${photo.file.name}: ${err.message}`);
    }
  }
  return { sent, failed };
}

// ---- sending ----

async function send(e) {
  e.preventDefault();
  const form = new FormData($('report'));
  $('submit').disabled = true;
  $('report-error').textContent = t('report.sending');
  try {
    const event = await call('POST', '/api/v1/events', {
      category: form.get('category'), level: form.get('level'), title: form.get('title') || undefined,
      description: form.get('description'), lon: state.at.lon, lat: state.at.lat,
      // the worker has patrolled, collected and found the problem: it goes up for dispatch
      step: 'dispatch',
    });
    // the event exists now: photos that fail are reported on the receipt, the report stands
    const photos = await uploadPhotos(event.properties.id);
    $('report-error').textContent = '';
    done(event.properties, photos);
    clearPhotos();
  } catch (err) {
    $('report-error').textContent = t('report.failed', err.message);
    $('submit').disabled = false;
  }
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
