// The planners' grid editor: one village at a time on a 2D map, local edits with undo, live
// validation of the unsaved set through POST /villages/{code}/validation, and saving with If-Match.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, login, me, ApiError } from './api.js';
import { t, language, setLanguage } from './i18n.js';

const $ = (id) => document.getElementById(id);
const state = {
  village: null, boundary: null, grids: [], selected: [], mode: null, sketch: [],
  undo: [], replaceSet: false, validation: null, validations: 0, nextKey: 1, busy: false,
};
let markers = [];
let validateTimer = null;
let validationRun = 0;

// ---- map

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0f1720' } }] },
  center: [118.9, 25.0], zoom: 13, attributionControl: false, doubleClickZoom: false,
});
const mapReady = new Promise((resolve) => map.on('load', resolve));
const EMPTY = { type: 'FeatureCollection', features: [] };

mapReady.then(() => {
  for (const id of ['village', 'grids', 'issues', 'sketch']) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'village-fill', type: 'fill', source: 'village', paint: { 'fill-color': '#1c2b3a' } });
  map.addLayer({ id: 'grids-fill', type: 'fill', source: 'grids', paint: {
    'fill-color': ['match', ['get', 'health'], 'error', '#f85149', 'warning', '#d29922', '#3fb950'],
    'fill-opacity': ['case', ['get', 'selected'], 0.45, 0.18] } });
  map.addLayer({ id: 'grids-line', type: 'line', source: 'grids', paint: {
    'line-color': ['case', ['get', 'selected'], '#58a6ff', '#9fb3c8'], 'line-width': ['case', ['get', 'selected'], 3, 1.2] } });
  map.addLayer({ id: 'village-line', type: 'line', source: 'village', paint: { 'line-color': '#f0f6fc', 'line-width': 2, 'line-dasharray': [3, 2] } });
  map.addLayer({ id: 'issues-fill', type: 'fill', source: 'issues', filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': ['match', ['get', 'severity'], 'error', '#ff0033', '#ffbf00'], 'fill-opacity': 0.6 } });
  map.addLayer({ id: 'issues-line', type: 'line', source: 'issues', paint: { 'line-color': '#ff7b72', 'line-width': 2 } });
  map.addLayer({ id: 'sketch-line', type: 'line', source: 'sketch', paint: { 'line-color': '#ffa657', 'line-width': 2 } });
  map.addLayer({ id: 'sketch-points', type: 'circle', source: 'sketch', filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': '#ffa657', 'circle-radius': 4 } });
});

map.on('click', (e) => {
  if (state.mode === 'draw' || state.mode === 'split') {
    state.sketch.push([e.lngLat.lng, e.lngLat.lat]);
    renderSketch();
    return;
  }
  const hit = map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0];
  if (!hit) { select([]); return; }
  const key = hit.properties.key;
  if (state.mode === 'merge' || e.originalEvent.ctrlKey || e.originalEvent.metaKey) toggle(key); else select([key]);
});

// ---- state helpers

const live = () => state.grids.filter((g) => g.change !== 'deleted');
const byKey = (key) => state.grids.find((g) => g.key === key);
const dirty = () => state.replaceSet || state.grids.some((g) => g.change);

function snapshot() {
  state.undo.push(JSON.stringify({ grids: state.grids, replaceSet: state.replaceSet }));
  if (state.undo.length > 100) state.undo.shift();
}

function undo() {
  const last = state.undo.pop();
  if (!last) { status(t('nothingToUndo')); return; }
  const restored = JSON.parse(last);
  state.grids = restored.grids;
  state.replaceSet = restored.replaceSet;
  state.selected = state.selected.filter((k) => byKey(k));
  changed();
}

function gridOf(feature, change) {
  const p = feature.properties || {};
  return { key: state.nextKey++, code: p.code || '', name: p.name || '', kind: p.kind || 'standard', status: p.status || 'draft',
    version: p.version ?? null, residents: p.residents ?? null, geometry: feature.geometry, change };
}

function collection(grids) {
  return { type: 'FeatureCollection', features: grids.map((g) => ({ type: 'Feature',
    properties: { code: g.code || null, name: g.name || null, kind: g.kind }, geometry: g.geometry })) };
}

// ---- loading

async function loadVillage(code) {
  status(t('loading'));
  try {
    const [village, grids] = await Promise.all([api.village(code), api.grids(code)]);
    await mapReady;
    state.village = code;
    state.boundary = village.geometry;
    state.grids = grids.features.map((f) => gridOf(f, null));
    state.undo = [];
    state.replaceSet = false;
    state.selected = [];
    map.getSource('village').setData(village.geometry ? { type: 'Feature', properties: {}, geometry: village.geometry } : EMPTY);
    if (village.bbox) map.fitBounds([[village.bbox[0], village.bbox[1]], [village.bbox[2], village.bbox[3]]], { padding: 30, duration: 0 });
    history.replaceState(null, '', `?village=${code}${language() === 'en' ? '&lang=en' : ''}`);
    changed();
    status(village.name || code);
  } catch (e) {
    fail(e);
  }
}

// ---- rendering

function healthOf(g) {
  const v = state.validation;
  if (!v) return 'ok';
  const index = live().indexOf(g);
  const mine = (i) => (g.code && i.gridCode === g.code) || i.featureIndex === index;
  if (v.errors.some(mine)) return 'error';
  if (v.warnings.some(mine)) return 'warning';
  return 'ok';
}

function residentsOf(g) {
  const per = state.validation?.metrics?.residentsPerGrid || {};
  const index = live().indexOf(g);
  return per[g.code] ?? per[`#${index}`] ?? g.residents ?? '–';
}

function render() {
  if (!map.getSource('grids')) return;
  map.getSource('grids').setData({ type: 'FeatureCollection', features: live().map((g) => ({ type: 'Feature',
    properties: { key: g.key, code: g.code, health: healthOf(g), selected: state.selected.includes(g.key) }, geometry: g.geometry })) });
  const list = $('grid-list');
  list.replaceChildren(...live().map((g) => {
    const li = document.createElement('li');
    li.dataset.key = g.key;
    li.dataset.code = g.code;
    li.className = state.selected.includes(g.key) ? 'selected' : '';
    const dot = document.createElement('span');
    dot.className = `dot ${healthOf(g)}`;
    const tag = g.change ? ` [${t(g.change)}]` : '';
    li.append(dot, `${g.code || '—'} ${g.name || ''}`);
    const small = document.createElement('div');
    small.className = 'muted';
    small.textContent = `${t(`kind_${g.kind}`)} · ${t('residents')} ${residentsOf(g)} · ${t(`status_${g.status}`)}${tag}`;
    li.append(small);
    li.addEventListener('click', (e) => (state.mode === 'merge' || e.ctrlKey || e.metaKey ? toggle(g.key) : select([g.key], true)));
    return li;
  }));
  renderForm();
  renderMarkers();
  $('toolbar').querySelector('[data-tool="save"]').disabled = !dirty();
}

function renderValidation() {
  const v = state.validation;
  const issues = v ? [...v.errors, ...v.warnings] : [];
  map.getSource('issues')?.setData({ type: 'FeatureCollection', features: issues.filter((i) => i.geometry)
    .map((i) => ({ type: 'Feature', properties: { severity: i.severity, rule: i.rule }, geometry: i.geometry })) });
  $('validation-summary').textContent = !v ? '' : v.ok && !v.warnings.length ? t('ok')
    : `${v.ok ? t('ok') + ' · ' : ''}${v.errors.length} ${t('errors')} · ${v.warnings.length} ${t('warnings')}`;
  $('validation-summary').dataset.ok = v ? String(v.ok) : '';
  $('issues').replaceChildren(...issues.map((i) => {
    const li = document.createElement('li');
    li.className = i.severity;
    li.textContent = `${i.gridCode ? i.gridCode + ': ' : ''}${i.message}`;
    li.addEventListener('click', () => zoomTo(i.geometry || live().find((g) => g.code === i.gridCode)?.geometry));
    return li;
  }));
}

function renderSketch() {
  const pts = state.sketch;
  const features = pts.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
  if (pts.length > 1) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: pts } });
  map.getSource('sketch')?.setData({ type: 'FeatureCollection', features });
}

function renderForm() {
  const form = $('grid-form');
  const g = state.selected.length === 1 ? byKey(state.selected[0]) : null;
  form.hidden = !g;
  if (!g) { form.dataset.key = ''; return; }
  // Re-renders come with every validation answer: keep what the planner is typing into this grid's form.
  const snapshotOfGrid = `${g.key}|${g.code}|${g.name}|${g.kind}`;
  if (form.dataset.key === snapshotOfGrid) return;
  form.dataset.key = snapshotOfGrid;
  form.code.value = g.code;
  form.code.disabled = g.change !== 'new' && !state.replaceSet;
  form.name.value = g.name;
  form.kind.value = g.kind;
  $('code-check').textContent = g.code ? (codeOk(g.code, g) ? t('codeOk') : t('codeBad')) : t('codeAuto');
}

/** Draggable vertex handles of the one selected grid (moving a vertex is an edit). */
function renderMarkers() {
  markers.forEach((m) => m.remove());
  markers = [];
  const g = state.selected.length === 1 && !state.mode ? byKey(state.selected[0]) : null;
  if (!g || g.geometry.type !== 'Polygon') return;
  const ring = g.geometry.coordinates[0];
  ring.slice(0, -1).slice(0, 300).forEach((c, i) => {
    const node = document.createElement('div');
    node.style.cssText = 'width:10px;height:10px;background:#58a6ff;border:1px solid #fff;border-radius:2px;cursor:move';
    const marker = new maplibregl.Marker({ element: node, draggable: true }).setLngLat(c).addTo(map);
    marker.on('dragend', () => {
      snapshot();
      const p = marker.getLngLat();
      const coords = g.geometry.coordinates[0].map((x) => [...x]);
      coords[i] = [p.lng, p.lat];
      if (i === 0) coords[coords.length - 1] = [p.lng, p.lat];
      g.geometry = { type: 'Polygon', coordinates: [coords, ...g.geometry.coordinates.slice(1)] };
      markChanged(g);
      changed();
    });
    markers.push(marker);
  });
}

function zoomTo(geometry) {
  if (!geometry) return;
  const flat = JSON.stringify(geometry.coordinates).match(/-?\d+\.?\d*(e-?\d+)?/g).map(Number);
  const xs = flat.filter((_, i) => i % 2 === 0);
  const ys = flat.filter((_, i) => i % 2 === 1);
  map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 60, maxZoom: 18, duration: 0 });
}

// ---- edits

function markChanged(g) {
  if (!g.change) g.change = 'changed';
}

function changed() {
  render();
  scheduleValidation();
}

function scheduleValidation() {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(validateNow, 120);
}

async function validateNow() {
  if (!state.village) return;
  const run = ++validationRun;
  try {
    const result = await api.validate(state.village, collection(live()));
    if (run !== validationRun) return;
    state.validation = result;
    state.validations += 1;
    renderValidation();
    render();
  } catch (e) {
    if (run === validationRun) fail(e);
  }
}

function select(keys, zoom) {
  state.selected = keys;
  render();
  if (zoom && keys.length === 1) zoomTo(byKey(keys[0]).geometry);
}

function toggle(key) {
  select(state.selected.includes(key) ? state.selected.filter((k) => k !== key) : [...state.selected, key]);
}

function codeOk(code, self) {
  return /^\d{15}$/.test(code) && code.startsWith(state.village) && !state.grids.some((g) => g !== self && g.code === code);
}

function setMode(mode) {
  state.mode = state.mode === mode ? null : mode;
  state.sketch = [];
  renderSketch();
  document.querySelectorAll('#toolbar [data-tool]').forEach((b) => b.classList.toggle('active', b.dataset.tool === state.mode));
  status(state.mode === 'draw' ? t('drawHint') : state.mode === 'split' ? t('splitHint') : state.mode === 'merge' ? t('mergeHint') : '');
  render();
}

async function finish() {
  const mode = state.mode;
  const pts = state.sketch;
  try {
    if (mode === 'draw' && pts.length >= 3) {
      const ring = [...pts, pts[0]];
      const snapped = await api.snap(state.village, { type: 'Polygon', coordinates: [ring] }, []);
      snapshot();
      const g = gridOf({ properties: { kind: 'standard' }, geometry: snapped.geometry }, 'new');
      state.grids.push(g);
      state.selected = [g.key];
    } else if (mode === 'split' && pts.length >= 2) {
      const g = state.selected.length === 1 ? byKey(state.selected[0]) : null;
      if (!g || g.change) { status(t('selectFirst')); return; }
      await api.split(g.code, g.version, { type: 'LineString', coordinates: pts });
      setMode(null);
      await loadVillage(state.village);
      return;
    } else if (mode === 'merge' && state.selected.length >= 2) {
      const codes = state.selected.map((k) => byKey(k)).map((g) => g.code);
      await api.merge(codes);
      setMode(null);
      await loadVillage(state.village);
      return;
    } else {
      return;
    }
    setMode(null);
    changed();
  } catch (e) {
    fail(e);
  }
}

function removeSelected() {
  if (!state.selected.length) { status(t('selectFirst')); return; }
  snapshot();
  for (const key of state.selected) {
    const g = byKey(key);
    if (g.change === 'new') state.grids = state.grids.filter((x) => x !== g); else g.change = 'deleted';
  }
  state.selected = [];
  changed();
}

async function autoPartition() {
  try {
    const proposal = await api.autoPartition(state.village);
    snapshot();
    state.grids = proposal.features.map((f) => gridOf(f, 'new'));
    state.replaceSet = true;
    state.selected = [];
    changed();
    status(t('proposal', proposal.features.length));
  } catch (e) {
    fail(e);
  }
}

async function save() {
  if (state.busy || !dirty()) return;
  state.busy = true;
  try {
    if (state.replaceSet) {
      await api.replaceSet(state.village, JSON.stringify(collection(live())), 'application/geo+json');
    } else {
      for (const g of state.grids.filter((x) => x.change === 'deleted' && x.version != null)) await api.remove(g.code, g.version);
      for (const g of state.grids.filter((x) => x.change === 'changed')) {
        const saved = await api.update(g.code, g.version, { type: 'Feature', properties: { name: g.name, kind: g.kind }, geometry: g.geometry });
        Object.assign(g, { version: saved.properties.version, change: null });
      }
      for (const g of state.grids.filter((x) => x.change === 'new')) {
        const saved = await api.create({ type: 'Feature', properties: { village: state.village, code: g.code || null, name: g.name || null, kind: g.kind }, geometry: g.geometry });
        Object.assign(g, { code: saved.properties.code, version: saved.properties.version, change: null });
      }
    }
    await loadVillage(state.village);
    status(t('saved'));
  } catch (e) {
    if (e.status === 412) {
      const detail = e.details?.[0] || {};
      dialog(t('conflict', detail.code || '', detail.currentVersion ?? '?'), [[t('reload'), () => loadVillage(state.village)], [t('close'), null]]);
    } else {
      fail(e);
    }
  } finally {
    state.busy = false;
  }
}

async function publish() {
  try {
    await api.publish(state.village);
    await loadVillage(state.village);
    status(t('published'));
  } catch (e) {
    fail(e);
  }
}

async function importFile(file) {
  const type = file.name.endsWith('.zip') ? 'application/zip' : file.name.endsWith('.gpkg') ? 'application/geopackage+sqlite3' : 'application/geo+json';
  try {
    await api.replaceSet(state.village, file, type);
    await loadVillage(state.village);
  } catch (e) {
    fail(e);
  }
}

// ---- chrome

function status(text) {
  $('status').textContent = text;
}

function fail(e) {
  const text = e instanceof ApiError ? `${e.message}${e.status ? ` (${e.status})` : ''}` : String(e.message || e);
  status(t('error', text));
  $('status').dataset.error = text;
}

function dialog(text, buttons) {
  $('dialog-text').textContent = text;
  $('dialog-buttons').replaceChildren(...buttons.map(([label, action]) => {
    const b = document.createElement('button');
    b.textContent = label;
    b.addEventListener('click', () => { $('dialog').hidden = true; if (action) action(); });
    return b;
  }));
  $('dialog').hidden = false;
}

$('grid-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const g = byKey(state.selected[0]);
  const form = e.target;
  const code = form.code.value.trim();
  if (!form.code.disabled && code && !codeOk(code, g)) { $('code-check').textContent = t('codeBad'); return; }
  snapshot();
  if (!form.code.disabled) g.code = code;
  g.name = form.name.value.trim();
  g.kind = form.kind.value;
  markChanged(g);
  changed();
});
$('grid-form').code.addEventListener('input', (e) => {
  const code = e.target.value.trim();
  $('code-check').textContent = code ? (codeOk(code, byKey(state.selected[0])) ? t('codeOk') : t('codeBad')) : t('codeAuto');
});

const TOOLS = {
  draw: () => setMode('draw'), split: () => setMode('split'), merge: () => setMode('merge'), finish,
  delete: removeSelected, auto: autoPartition, undo, save, publish,
  'export-geojson': () => { location.href = `/api/v1/grids/export?village=${state.village}&format=geojson`; },
  'export-gpkg': () => { location.href = `/api/v1/grids/export?village=${state.village}&format=gpkg`; },
};
$('toolbar').addEventListener('click', (e) => {
  const tool = e.target.closest('[data-tool]')?.dataset.tool;
  if (tool && state.village) TOOLS[tool]();
});
$('import-file').addEventListener('change', (e) => e.target.files[0] && importFile(e.target.files[0]));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && state.mode) finish();
  if (e.key === 'Escape') setMode(null);
  if ((e.ctrlKey || e.metaKey) && e.key === 'z') undo();
});
$('load-village').addEventListener('click', () => loadVillage($('village-code').value.trim()));
$('lang').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh' : 'en');
  $('lang').textContent = language() === 'en' ? '中文' : 'English';
  render();
  renderValidation();
});
window.addEventListener('beforeunload', (e) => { if (dirty()) e.preventDefault(); });

$('login').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await login(e.target.username.value, e.target.password.value);
    $('login').hidden = true;
    start();
  } catch (err) {
    $('login-error').textContent = t('error', err.message);
  }
});

async function start() {
  const user = await me();
  if (!user) { $('login').hidden = false; return; }
  $('user').textContent = `${user.username || ''}`;
  const village = new URLSearchParams(location.search).get('village');
  if (village) {
    $('village-code').value = village;
    await loadVillage(village);
  }
}

// A small surface for the browser tests: map projection and the editor state, read-only by convention.
window.gridEditor = { state, map, mapReady, project: (lng, lat) => map.project([lng, lat]) };

setLanguage(language());
$('lang').textContent = language() === 'en' ? '中文' : 'English';
start().catch(fail);
