// The planners' grid editor: one village at a time on a 2D map over our own vector tiles, drawing
// and vertex editing with terra-draw, local edits with undo, live validation of the unsaved set
// through POST /villages/{code}/validation, and saving with If-Match.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { api, bearer, login, me, ApiError } from './api.js';
import { t, language, setLanguage } from './i18n.js';
import { followChanges } from '../js/live.js';
import { createHistory } from './history.js';
import { createCompare } from './compare.js';
import { createImportPreview } from './import-preview.js';
import { createPresence } from './presence.js';

const $ = (id) => document.getElementById(id);
const state = {
  village: null, boundary: null, grids: [], selected: [], mode: null, editing: null,
  undo: [], replaceSet: false, validation: null, validations: 0, nextKey: 1, busy: false,
};
let validateTimer = null;
let validationRun = 0;
/** The change-feed position of the last write seen: vector tile URLs carry it, so a refresh skips the browser's cache. */
let tilesVersion = 0;

// ---- map: our vector tiles underneath, the village's (unsaved) grids and the validation on top

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0f1720' } }] },
  center: [118.9, 25.0], zoom: 13, attributionControl: false, doubleClickZoom: false,
  // Tiles and TileJSON are same-origin: the session cookie goes along; the bearer token too when there is one.
  transformRequest: (raw) => {
    const url = tilesVersion && raw.startsWith(`${location.origin}/tiles/`) && raw.endsWith('.mvt') ? `${raw}?v=${tilesVersion}` : raw;
    return bearer() && url.startsWith(location.origin) ? { url, headers: { Authorization: `Bearer ${bearer()}` } } : { url };
  },
});
const mapReady = new Promise((resolve) => map.on('load', resolve));
const EMPTY = { type: 'FeatureCollection', features: [] };
map.on('error', (e) => status(t('loadingMap', e.error?.message || e.error || '')));

mapReady.then(() => {
  for (const id of ['village', 'grids', 'issues', 'draft-plan']) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'village-fill', type: 'fill', source: 'village', paint: { 'fill-color': '#3d5a78', 'fill-opacity': 0.12 } });
  // A new village plan in the draft: its roads and buildings, in orange, instead of the published ones.
  map.addLayer({ id: 'draft-plan-roads', type: 'line', source: 'draft-plan', filter: ['==', ['get', 'layer'], 'road'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#b07a3a', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.5, 15, 2, 18, 6] } });
  map.addLayer({ id: 'draft-plan-buildings', type: 'fill', source: 'draft-plan', filter: ['==', ['get', 'layer'], 'building'],
    paint: { 'fill-color': '#d9822b', 'fill-opacity': 0.55, 'fill-outline-color': '#ffb86b' } });
  map.addLayer({ id: 'grids-fill', type: 'fill', source: 'grids', paint: {
    'fill-color': ['match', ['get', 'health'], 'error', '#f85149', 'warning', '#d29922', '#3fb950'],
    'fill-opacity': ['case', ['get', 'selected'], 0.4, 0.16] } });
  map.addLayer({ id: 'grids-line', type: 'line', source: 'grids', paint: {
    'line-color': ['case', ['get', 'selected'], '#58a6ff', '#9fb3c8'], 'line-width': ['case', ['get', 'selected'], 3, 1.2] } });
  map.addLayer({ id: 'village-line', type: 'line', source: 'village', paint: { 'line-color': '#f0f6fc', 'line-width': 2, 'line-dasharray': [3, 2] } });
  map.addLayer({ id: 'issues-fill', type: 'fill', source: 'issues', filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': ['match', ['get', 'severity'], 'error', '#ff0033', '#ffbf00'], 'fill-opacity': 0.6 } });
  map.addLayer({ id: 'issues-line', type: 'line', source: 'issues', paint: { 'line-color': '#ff7b72', 'line-width': 2 } });
});

/** The base map from /tiles (TileJSON + MVT): villages, roads, buildings and other villages' saved grids. */
function addBaseMap() {
  if (map.getSource('base-villages')) return;
  const tiles = (layer) => ({ type: 'vector', url: `${location.origin}/tiles/${layer}.json` });
  for (const layer of ['villages', 'roads', 'buildings', 'grids']) map.addSource(`base-${layer}`, tiles(layer));
  const below = 'village-fill';
  map.addLayer({ id: 'base-villages-fill', type: 'fill', source: 'base-villages', 'source-layer': 'villages',
    paint: { 'fill-color': '#142030' } }, below);
  map.addLayer({ id: 'base-villages-line', type: 'line', source: 'base-villages', 'source-layer': 'villages',
    paint: { 'line-color': '#2f4255', 'line-width': 1 } }, below);
  map.addLayer({ id: 'base-buildings', type: 'fill', source: 'base-buildings', 'source-layer': 'buildings', minzoom: 13,
    paint: { 'fill-color': '#2a3a4b', 'fill-outline-color': '#3a5068' } }, below);
  map.addLayer({ id: 'base-roads', type: 'line', source: 'base-roads', 'source-layer': 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#56687a', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.5, 15, 2, 18, 6] } }, below);
  map.addLayer({ id: 'base-grids', type: 'line', source: 'base-grids', 'source-layer': 'grids', filter: otherVillages(),
    paint: { 'line-color': '#6b7f93', 'line-width': 1, 'line-dasharray': [2, 2] } }, below);
}

/** Saved grids of the current village are drawn from the editor's own (possibly unsaved) set instead. */
function otherVillages() {
  return ['!=', ['get', 'village_code'], state.village || ''];
}

// ---- drawing and vertex editing (terra-draw)

const DRAWN = { fillColor: '#ffa657', fillOpacity: 0.15, outlineColor: '#ffa657', outlineWidth: 2,
  closingPointColor: '#ffa657', closingPointWidth: 5, closingPointOutlineColor: '#ffffff', closingPointOutlineWidth: 1 };
const draw = new TerraDraw({
  adapter: new TerraDrawMapLibreGLAdapter({ map }),
  modes: [
    new TerraDrawPolygonMode({ styles: DRAWN }),
    new TerraDrawLineStringMode({ styles: { lineStringColor: '#ffa657', lineStringWidth: 2, closingPointColor: '#ffa657',
      closingPointWidth: 5 } }),
    new TerraDrawSelectMode({
      allowManualDeselection: false,
      keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
      flags: { polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true } } } },
      styles: { selectedPolygonColor: '#58a6ff', selectedPolygonFillOpacity: 0.2, selectedPolygonOutlineColor: '#58a6ff',
        selectedPolygonOutlineWidth: 2, selectionPointColor: '#58a6ff', selectionPointWidth: 5,
        selectionPointOutlineColor: '#ffffff', selectionPointOutlineWidth: 1, midPointColor: '#9fb3c8', midPointWidth: 3 },
    }),
  ],
});
mapReady.then(() => draw.start());

draw.on('finish', (id, context) => {
  const feature = draw.getSnapshotFeature(id);
  if (!feature) return;
  if (context.mode === 'polygon') drawn(feature.geometry);
  else if (context.mode === 'linestring') splitAlong(feature.geometry);
  else if (context.mode === 'select') vertexMoved(feature.geometry);
});

/** terra-draw keeps at most 9 decimals (about 0.1 mm) and rejects features with more. */
function rounded(geometry) {
  const r = (c) => [Math.round(c[0] * 1e9) / 1e9, Math.round(c[1] * 1e9) / 1e9];
  return { type: 'Polygon', coordinates: geometry.coordinates.map((ring) => ring.map(r)) };
}

/** Puts the one selected grid into terra-draw's select mode (draggable vertices, midpoints); returns why not, or null. */
function startVertexEditing() {
  const g = state.selected.length === 1 ? byKey(state.selected[0]) : null;
  if (!g || g.geometry.type !== 'Polygon') return t('selectFirst');
  const [result] = draw.addFeatures([{ type: 'Feature', geometry: rounded(g.geometry), properties: { mode: 'polygon' } }]);
  if (!result?.valid) return t('error', result?.reason || 'invalid polygon');
  state.editing = { key: g.key, id: result.id };
  draw.setMode('select');
  draw.selectFeature(result.id);
  return null;
}

// ---- grid selection on the map (outside the drawing modes)

map.on('click', (e) => {
  if (state.mode && state.mode !== 'merge') return;
  const hit = map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0];
  if (!hit) { select([]); return; }
  const key = hit.properties.key;
  if (state.mode === 'merge' || e.originalEvent.ctrlKey || e.originalEvent.metaKey) toggle(key); else select([key]);
});

// ---- state helpers

const live = () => state.grids.filter((g) => g.change !== 'deleted');
const byKey = (key) => state.grids.find((g) => g.key === key);
const dirty = () => state.replaceSet || state.grids.some((g) => g.change);

// Undo/redo (history.js), compare before publish, import preview, draft presence: modules of their own.
const edits = createHistory({
  capture: () => ({ grids: state.grids, replaceSet: state.replaceSet }),
  restore: (restored) => {
    if (state.mode) setMode(null);
    state.grids = restored.grids;
    state.replaceSet = restored.replaceSet;
    state.selected = state.selected.filter((k) => byKey(k));
    changed();
  },
  remove: () => { if (!state.mode && state.village) removeSelected(); },
  status,
});
const review = createCompare({ map, village: () => state.village, dirty, publish: () => publish(), zoomTo: (g) => zoomTo(g), fail: (e) => fail(e) });
const imports = createImportPreview({ map, village: () => state.village, imported: () => loadVillage(state.village), fail: (e) => fail(e) });
const presence = createPresence({ village: () => state.village, fail: (e) => fail(e) });

function snapshot() {
  edits.record();
}

function undo() {
  edits.undo();
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
    const [village, grids, draft] = await Promise.all([api.village(code), api.grids(code), api.draft(code)]);
    await mapReady;
    if (state.mode) setMode(null);
    state.village = code;
    if (map.getLayer('base-grids')) map.setFilter('base-grids', otherVillages());
    state.boundary = village.geometry;
    state.grids = grids.features.map((f) => gridOf(f, null));
    edits.reset();
    state.replaceSet = false;
    state.selected = [];
    map.getSource('village').setData(village.geometry ? { type: 'Feature', properties: {}, geometry: village.geometry } : EMPTY);
    if (village.bbox) map.fitBounds([[village.bbox[0], village.bbox[1]], [village.bbox[2], village.bbox[3]]], { padding: 30, duration: 0 });
    history.replaceState(null, '', `?village=${code}${language() === 'en' ? '&lang=en' : ''}`);
    showDraft(draft);
    await showDraftPlan(code, draft);
    changed();
    status(village.name || code);
  } catch (e) {
    fail(e);
  }
}

/** Says whether the village has an unpublished draft and what it changes; officials still see the published set. */
function showDraft(draft) {
  state.draft = draft;
  const el = $('draft-state');
  if (!draft?.exists) {
    presence.show(draft);
    el.textContent = t('noDraft');
    el.dataset.draft = 'none';
    return;
  }
  presence.show(draft);
  const g = draft.grids || { created: [], changed: [], retired: [] };
  el.textContent = t('draftState', g.created.length, g.changed.length, g.retired.length);
  el.dataset.draft = 'open';
}

/**
 * Where the draft holds a new village plan, draws its boundary, roads and buildings (the checks
 * already use it) and hides the published ones of this village; otherwise shows the published plan.
 */
async function showDraftPlan(code, draft) {
  const plan = draft?.exists && draft.plan ? await api.plan(code, 'draft') : null;
  state.draftPlan = plan;
  const own = plan ? otherVillages() : null;
  for (const id of ['base-buildings', 'base-roads']) if (map.getLayer(id)) map.setFilter(id, own);
  map.getSource('draft-plan').setData(plan ?? EMPTY);
  const boundary = plan?.features.find((f) => f.properties.layer === 'boundary');
  if (boundary) {
    state.boundary = boundary.geometry;
    map.getSource('village').setData({ type: 'Feature', properties: {}, geometry: boundary.geometry });
  }
  if (plan) {
    const b = draft.plan.buildings;
    $('draft-state').textContent += t('draftPlan', b.total, b.added, b.removed);
    $('draft-state').dataset.plan = 'draft';
  } else {
    delete $('draft-state').dataset.plan;
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

const DRAW_MODES = { draw: 'polygon', split: 'linestring', vertices: 'select' };
const HINTS = { draw: 'drawHint', split: 'splitHint', merge: 'mergeHint', vertices: 'verticesHint' };

/** Switches the tool; the same tool again (or Esc) ends it. terra-draw only runs while a drawing tool is on. */
function setMode(mode) {
  const next = state.mode === mode ? null : mode;
  state.mode = null;
  state.editing = null;
  draw.setMode('static');
  draw.clear();
  const refusal = next === 'split' ? splitRefusal() : next === 'vertices' ? startVertexEditing() : null;
  state.mode = refusal ? null : next;
  if (state.mode && state.mode !== 'vertices' && DRAW_MODES[state.mode]) draw.setMode(DRAW_MODES[state.mode]);
  document.querySelectorAll('#toolbar [data-tool]').forEach((b) => b.classList.toggle('active', b.dataset.tool === state.mode));
  status(refusal || (state.mode ? t(HINTS[state.mode]) : ''));
  render();
}

/** Why the split tool cannot start, or null: it needs one saved grid without local changes. */
function splitRefusal() {
  const g = state.selected.length === 1 ? byKey(state.selected[0]) : null;
  return !g || g.change || state.replaceSet ? t('selectFirst') : null;
}

/** Finish: closes the polygon or line being drawn (as Enter does in terra-draw), or merges the selection. */
async function finish() {
  if ((state.mode === 'draw' || state.mode === 'split') && draw.getModeState() === 'drawing') {
    map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
  } else if (state.mode === 'merge' && state.selected.length >= 2) {
    const chosen = state.selected.map((k) => byKey(k));
    if (chosen.some((g) => g.change) || state.replaceSet) { status(t('selectFirst')); return; }
    try {
      const before = edits.capture();
      await api.merge(chosen.map((g) => g.code), chosen.map((g) => g.version));
      setMode(null);
      await loadVillage(state.village);
      edits.serverStep(before);
    } catch (e) {
      failOrConflict(e);
    }
  } else if (state.mode === 'vertices') {
    setMode(null);
  }
}

/** A polygon closed in terra-draw: fitted by the server (snap) and added as a new, unsaved grid. */
async function drawn(geometry) {
  try {
    const snapped = await api.snap(state.village, geometry, []);
    snapshot();
    const g = gridOf({ properties: { kind: 'standard' }, geometry: snapped.geometry }, 'new');
    state.grids.push(g);
    state.selected = [g.key];
    setMode(null);
    changed();
  } catch (e) {
    setMode(null);
    fail(e);
  }
}

/** A split line finished in terra-draw: the server splits the selected saved grid at once. */
async function splitAlong(line) {
  const g = byKey(state.selected[0]);
  try {
    const before = edits.capture();
    await api.split(g.code, g.version, line);
    setMode(null);
    await loadVillage(state.village);
    edits.serverStep(before);
  } catch (e) {
    setMode(null);
    failOrConflict(e);
  }
}

/**
 * A vertex was dragged, added or removed: the new outline is fitted like a drawn one (vertices
 * within 5 m move onto boundary, roads and neighbours; it is cut to the free space), ignoring the
 * grid itself and the grids changed locally, and becomes an undoable edit.
 */
async function vertexMoved(geometry) {
  const editing = state.editing;
  const g = editing && byKey(editing.key);
  if (!g) return;
  const except = state.grids.filter((x) => x.code && (x === g || x.change)).map((x) => x.code);
  let fitted = geometry;
  try {
    fitted = (await api.snap(state.village, geometry, except)).geometry;
  } catch (e) {
    fail(e);
  }
  if (state.editing !== editing) return;
  snapshot();
  g.geometry = fitted;
  markChanged(g);
  if (fitted.type === 'Polygon' && draw.hasFeature(editing.id)) draw.updateFeatureGeometry(editing.id, rounded(fitted));
  changed();
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
    failOrConflict(e);
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

/** Saves the edits to the draft and publishes it in one step, when validation passes (else the publish is refused and the draft kept). */
async function saveAndPublish() {
  if (dirty()) await save();
  if (!dirty()) await review.open(true);
}

async function discard() {
  if (!state.draft?.exists && !dirty()) { status(t('noDraft')); return; }
  if (!window.confirm(t('discardConfirm'))) return;
  try {
    await api.discard(state.village);
    await loadVillage(state.village);
    status(t('discarded'));
  } catch (e) {
    fail(e);
  }
}

/** A chosen file is previewed first (import-preview.js); nothing is stored until the planner imports it. */
async function importFile(file) {
  await imports.open(file);
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

/** A 412 (someone else saved first) is explained in a dialog that offers to reload; anything else goes to the status line. */
function failOrConflict(e) {
  if (e.status === 412) {
    const detail = e.details?.[0] || {};
    dialog(t('conflict', detail.code || '', detail.currentVersion ?? '?'), [[t('reload'), () => loadVillage(state.village)], [t('close'), null]]);
  } else {
    fail(e);
  }
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
  draw: () => setMode('draw'), split: () => setMode('split'), merge: () => setMode('merge'),
  vertices: () => setMode('vertices'), finish,
  delete: removeSelected, auto: autoPartition, undo, redo: () => edits.redo(), save, saveAndPublish, discard,
  publish: () => review.open(true),
  'export-geojson': () => { location.href = `/api/v1/grids/export?village=${state.village}&format=geojson&revision=draft`; },
  'export-gpkg': () => { location.href = `/api/v1/grids/export?village=${state.village}&format=gpkg&revision=draft`; },
  // 一村一图: the printed map of the published grids, in a new tab (the session cookie signs it in).
  print: () => window.open(`/api/v1/villages/${state.village}/map.pdf?size=A3&orientation=landscape`, '_blank', 'noopener'),
};
$('toolbar').addEventListener('click', (e) => {
  const tool = e.target.closest('[data-tool]')?.dataset.tool;
  if (tool && state.village) TOOLS[tool]();
});
$('import-file').addEventListener('change', (e) => e.target.files[0] && importFile(e.target.files[0]));
document.addEventListener('keydown', (e) => {
  // On the map canvas terra-draw handles Enter (close) itself.
  if (e.key === 'Enter' && state.mode && e.target !== map.getCanvas() && !e.target.closest?.('form')) finish();
  if (e.key === 'Escape' && state.mode) setMode(null);
});
$('load-village').addEventListener('click', () => loadVillage($('village-code').value.trim()));
$('lang').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh' : 'en');
  $('lang').textContent = language() === 'en' ? '中文' : 'English';
  document.querySelector('[data-tool="print"]').title = t('printTitle');
  render();
  renderValidation();
});
window.addEventListener('beforeunload', (e) => { if (dirty()) { e.preventDefault(); e.returnValue = ''; } });

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

/**
 * Writes anywhere (the change feed): published grids and plans redraw the base map's vector tiles;
 * a change to this village's draft (another planner's save) updates the draft line. The editor's
 * own unsaved grids are never replaced.
 */
function applyChanges(changes) {
  if (changes.kinds.has('grid') || changes.kinds.has('draft') || changes.kinds.has('scene')) {
    tilesVersion = changes.lastSeq;
    for (const id of ['base-grids', 'base-buildings', 'base-roads']) if (map.getSource(id)) map.refreshTiles(id);
  }
  if (state.village && changes.kinds.has('draft') && changes.regions.has(state.village)) {
    api.draft(state.village).then(showDraft).catch(() => {});
  }
}

async function start() {
  const user = await me();
  if (!user) { $('login').hidden = false; return; }
  $('user').textContent = `${user.username || ''}`;
  presence.user = user.username;
  await mapReady;
  addBaseMap();
  followChanges(applyChanges);
  const village = new URLSearchParams(location.search).get('village');
  if (village) {
    $('village-code').value = village;
    await loadVillage(village);
  }
}

// A small surface for the browser tests: map projection and the editor state, read-only by convention.
window.gridEditor = { state, map, draw, mapReady, edits, project: (lng, lat) => map.project([lng, lat]) };

setLanguage(language());
$('lang').textContent = language() === 'en' ? '中文' : 'English';
start().catch(fail);
