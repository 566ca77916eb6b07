// The planners' grid editor. It opens on the district (villages coloured by the state of their
// grids, a picker and the region tree: district.js); a village is then edited on a 2D map over the
// server's base map and our own vector tiles: grids in distinct fills (colouring.js) with labels
// (labels.js), drawing and vertex editing with terra-draw, local edits with undo, live validation
// of the unsaved set through POST /villages/{code}/validation drawn on the map, and saving with
// If-Match. The URL hash holds the village and the selected grid (#village=...&grid=...).
// The map's layers are map-layers.js, the legend legend.js, the selected grid's side panel
// grid-panel.js (its workers grid-workers.js).
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { api, bearer, login, me, ApiError } from './api.js';
import { t, language, setLanguage } from './i18n.js';
import { followChanges } from '../js/live.js';
import { renderSignIn } from '../js/signin.js';
import { PALETTE, colourIndices, contains } from './colouring.js';
import { drawLabelsOn, labelId } from './labels.js';
import { renderTree, searchVillages, stateOf, stateText, villageItem } from './district.js';
import { createHistory } from './history.js';
import { createCompare } from './compare.js';
import { createImportPreview } from './import-preview.js';
import { createPresence } from './presence.js';
import { createGridPanel } from './grid-panel.js';
import { renderLegend } from './legend.js';
import { addBaseMap, addEditorLayers } from './map-layers.js';
import { createLiveValidation } from './live-validation.js';

const $ = (id) => document.getElementById(id);
const state = {
  village: null, boundary: null, grids: [], selected: [], mode: null, editing: null,
  undo: [], replaceSet: false, validation: null, validations: 0, nextKey: 1, busy: false,
  overview: null, villageInfo: null, plan: null, colours: {}, figures: {},
};
/** The change-feed position of the last write seen: vector tile URLs carry it, so a refresh skips the browser's cache. */
let tilesVersion = 0;

// ---- map: the server's base map and our vector tiles underneath, the district's villages, the
// village's (unsaved) grids, labels and the validation on top

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0f1720' } }] },
  center: [118.78, 24.95], zoom: 10.5, attributionControl: false, doubleClickZoom: false,
  // Tiles and TileJSON are same-origin: the session cookie goes along; the bearer token too when there is one.
  transformRequest: (raw) => {
    const url = tilesVersion && raw.startsWith(`${location.origin}/tiles/`) && raw.endsWith('.mvt') ? `${raw}?v=${tilesVersion}` : raw;
    return bearer() && url.startsWith(location.origin) ? { url, headers: { Authorization: `Bearer ${bearer()}` } } : { url };
  },
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
drawLabelsOn(map);
const mapReady = new Promise((resolve) => map.on('load', resolve));
const EMPTY = { type: 'FeatureCollection', features: [] };
map.on('error', (e) => status(t('loadingMap', e.error?.message || e.error || '')));

mapReady.then(() => addEditorLayers(map));
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

// While a vertex is dragged, or a new grid drawn, the grid set is validated as it is at each moment
// (the drop, or the finished polygon, is snapped and validated again).
draw.on('change', (ids, type) => {
  if (state.mode === 'draw') {
    sketchChanged(ids);
    return;
  }
  const editing = state.editing;
  if (type !== 'update' || !editing || !ids.includes(editing.id)) return;
  const feature = draw.getSnapshotFeature(editing.id);
  const g = byKey(editing.key);
  if (feature?.geometry.type !== 'Polygon' || !g) return;
  // selecting updates the feature too: only a new outline is a drag
  const outline = JSON.stringify(feature.geometry.coordinates);
  if (outline === JSON.stringify((editing.dragged ?? rounded(g.geometry)).coordinates)) return;
  editing.dragged = feature.geometry;
  scheduleValidation();
});

/** The polygon being drawn, once it has three corners, joins the validated set as a new grid. */
function sketchChanged(ids) {
  const feature = ids.map((id) => draw.getSnapshotFeature(id))
    .find((f) => f?.geometry.type === 'Polygon' && f.properties.mode === 'polygon');
  if (!feature || new Set(feature.geometry.coordinates[0].map(String)).size < 3) return;
  state.sketch = feature.geometry;
  scheduleValidation();
}

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

// ---- clicks on the map: a village in the district view, grids in a village (outside the drawing modes)

map.on('click', (e) => {
  // A village of the district map opens like one picked from the list (a new history entry, the URL
  // names it); in a village, another village is opened by a click outside this village's grids.
  const village = () => map.queryRenderedFeatures(e.point, { layers: ['district-fill'] })
    .find((f) => f.properties.code !== state.village);
  if (!state.village) {
    const other = village();
    if (other) openVillage(other.properties.code);
    return;
  }
  if (state.mode && state.mode !== 'merge') return;
  const hit = map.queryRenderedFeatures(e.point, { layers: ['grids-fill'] })[0];
  if (!hit) {
    const other = !state.mode && village();
    if (other && !(state.boundary && contains([e.lngLat.lng, e.lngLat.lat], state.boundary))) { openVillage(other.properties.code); return; }
    select([]);
    return;
  }
  const key = hit.properties.key;
  if (state.mode === 'merge' || e.originalEvent.ctrlKey || e.originalEvent.metaKey) toggle(key); else select([key]);
});
let hovered = null;
map.on('mousemove', 'district-fill', (e) => {
  // The drawing tools keep their own cursor.
  if (state.mode) return;
  const code = e.features.find((f) => f.properties.code !== state.village)?.properties.code;
  if (hovered !== code) {
    if (hovered) map.setFeatureState({ source: 'district', id: hovered }, { hover: false });
    hovered = code;
    if (code) map.setFeatureState({ source: 'district', id: code }, { hover: true });
  }
  map.getCanvas().style.cursor = code ? 'pointer' : '';
});
map.on('mouseleave', 'district-fill', () => {
  if (hovered) map.setFeatureState({ source: 'district', id: hovered }, { hover: false });
  hovered = null;
  map.getCanvas().style.cursor = '';
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
const panel = createGridPanel({ state, byKey, residentsOf: (g) => residentsOf(g), snapshot: () => snapshot(),
  markChanged: (g) => markChanged(g), changed: () => changed(), fail: (e) => fail(e) });

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

// ---- the district view and the URL (#village=CODE&grid=CODE)

/** The villages and their states (GET /api/v1/villages): drawn on the map, searched, listed in the tree. */
async function loadOverview() {
  const overview = await api.villages();
  state.overview = overview;
  renderTree($('region-tree'), overview, openVillage);
  renderDistrict();
  renderSearch();
  return overview;
}

function renderDistrict() {
  const overview = state.overview;
  if (!overview || !map.getSource('district')) return;
  map.getSource('district').setData({ type: 'FeatureCollection', features: overview.features.filter((f) => f.geometry)
    .map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { ...f.properties,
      colourState: stateOf(f.properties), open: f.id === state.village, label: labelId(f.properties.name) } })) });
}

function renderSearch() {
  const typed = $('village-search').value;
  const found = state.overview ? searchVillages(state.overview.features, typed) : [];
  $('village-results').replaceChildren(...found.map((f) => villageItem(f, openVillage)));
  $('village-results').hidden = !typed.trim();
  $('region-tree').hidden = Boolean(typed.trim());
  if (typed.trim() && !found.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('noVillageFound');
    $('village-results').append(li);
  }
}

function hashState() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { village: params.get('village'), grid: params.get('grid') };
}

function hashOf(village, grid) {
  if (!village) return `${location.pathname}${location.search}`;
  return `${location.pathname}${location.search}#village=${village}${grid ? `&grid=${grid}` : ''}`;
}

/** Opens a village from the picker, the tree or the map: a new history entry, so Back returns. */
function openVillage(code) {
  if (code === state.village) { showTab('grids'); return; }
  if (dirty() && !window.confirm(t('leaveUnsaved'))) return;
  history.pushState(null, '', hashOf(code, null));
  route();
}

/** The district view again (no village). */
function showDistrict() {
  if (state.village && dirty() && !window.confirm(t('leaveUnsaved'))) return;
  history.pushState(null, '', hashOf(null));
  route();
}

/** Follows the URL: loads the village it names (or shows the district) and selects its grid. */
async function route() {
  const wanted = hashState();
  if (!wanted.village) {
    leaveVillage();
    return;
  }
  if (wanted.village !== state.village) await loadVillage(wanted.village);
  if (state.village !== wanted.village) return;
  const g = wanted.grid && live().find((x) => x.code === wanted.grid);
  if (g && !(state.selected.length === 1 && state.selected[0] === g.key)) select([g.key], true);
}

function leaveVillage() {
  if (state.mode) setMode(null);
  liveValidation.reset();
  Object.assign(state, { village: null, boundary: null, grids: [], selected: [], undo: [], replaceSet: false,
    validation: null, villageInfo: null, plan: null, draft: null });
  document.body.dataset.view = 'district';
  if (map.getLayer('base-grids')) map.setFilter('base-grids', otherVillages());
  for (const id of ['village', 'grids', 'issues', 'draft-plan', 'centres']) map.getSource(id)?.setData(EMPTY);
  $('crumb-village').textContent = '';
  $('draft-state').textContent = '';
  showTab('villages');
  render();
  renderValidation();
  renderDistrict();
  renderLegend($('legend'), Boolean(state.village));
  const box = state.overview?.features.map((f) => f.bbox).filter(Boolean);
  if (box?.length) {
    map.fitBounds([[Math.min(...box.map((b) => b[0])), Math.min(...box.map((b) => b[1]))],
      [Math.max(...box.map((b) => b[2])), Math.max(...box.map((b) => b[3]))]], { padding: 30, duration: 0 });
  }
  status(state.overview ? t('districtHint', state.overview.features.length) : '');
}

function showTab(tab) {
  document.querySelectorAll('#side .tab').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  $('villages-tab').hidden = tab !== 'villages';
  $('grids-tab').hidden = tab !== 'grids';
}

// ---- loading a village

async function loadVillage(code) {
  status(t('loading'));
  try {
    const [village, grids, draft, plan] = await Promise.all([api.village(code), api.grids(code), api.draft(code),
      api.plan(code, 'draft').catch(() => null)]);
    await mapReady;
    if (state.mode) setMode(null);
    const reloading = state.village === code;
    if (!reloading) liveValidation.reset();
    const keep = reloading ? state.selected.map((k) => byKey(k)?.code).filter(Boolean) : [hashState().grid].filter(Boolean);
    state.village = code;
    state.villageInfo = village;
    state.plan = plan;
    state.figures = reloading ? state.figures : {};
    // Publishing (a reload) may have made a draft-only grid one that takes workers.
    panel.forget();
    document.body.dataset.view = 'village';
    if (map.getLayer('base-grids')) map.setFilter('base-grids', otherVillages());
    state.boundary = village.geometry;
    state.grids = grids.features.map((f) => gridOf(f, null));
    edits.reset();
    state.replaceSet = false;
    state.selected = state.grids.filter((g) => keep.includes(g.code)).map((g) => g.key);
    map.getSource('village').setData(village.geometry ? { type: 'Feature', properties: {}, geometry: village.geometry } : EMPTY);
    map.getSource('centres').setData({ type: 'FeatureCollection', features: (plan?.features || [])
      .filter((f) => f.properties.layer === 'centre')
      .map((f) => ({ ...f, properties: { ...f.properties, label: labelId(f.properties.name) } })) });
    if (!reloading && village.bbox) map.fitBounds([[village.bbox[0], village.bbox[1]], [village.bbox[2], village.bbox[3]]], { padding: 40, duration: 0 });
    $('crumb-village').textContent = `${village.name || code} · ${code}`;
    showTab('grids');
    showDraft(draft);
    await showDraftPlan(code, draft);
    renderDistrict();
    renderLegend($('legend'), Boolean(state.village));
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
  const plan = draft?.exists && draft.plan ? (state.plan?.revision === 'draft' ? state.plan : await api.plan(code, 'draft')) : null;
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

/** Palette colours of the live grids, recomputed when a grid or an outline changed (colouring.js). */
function gridColours() {
  const grids = live();
  const known = state.colours.of || {};
  if (grids.length !== Object.keys(known).length || grids.some((g) => known[g.key] !== g.geometry)) {
    const { colour } = colourIndices(grids.map((g) => g.geometry), grids.map((g) => g.code || `~${g.key}`));
    state.colours = { byKey: {}, of: {} };
    grids.forEach((g, i) => {
      state.colours.byKey[g.key] = PALETTE[colour[i] % PALETTE.length];
      state.colours.of[g.key] = g.geometry;
    });
  }
  return state.colours.byKey;
}

function render() {
  if (!map.getSource('grids')) return;
  const fills = gridColours();
  map.getSource('grids').setData({ type: 'FeatureCollection', features: live().map((g) => ({ type: 'Feature',
    properties: { key: g.key, code: g.code, fill: fills[g.key], health: healthOf(g), selected: state.selected.includes(g.key),
      label: labelId(g.code ? g.code.slice(-3) : t('new'), g.name) }, geometry: g.geometry })) });
  const list = $('grid-list');
  list.replaceChildren(...live().map((g) => {
    const li = document.createElement('li');
    li.dataset.key = g.key;
    li.dataset.code = g.code;
    li.className = state.selected.includes(g.key) ? 'selected' : '';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = fills[g.key];
    const dot = document.createElement('span');
    dot.className = `dot ${healthOf(g)}`;
    const tag = g.change ? ` [${t(g.change)}]` : '';
    li.append(swatch, dot, `${g.code || '—'} ${g.name || ''}`);
    const small = document.createElement('div');
    small.className = 'muted';
    small.textContent = `${t(`kind_${g.kind}`)} · ${t('residents')} ${residentsOf(g)} · ${t(`status_${g.status}`)}${tag}`;
    li.append(small);
    li.addEventListener('click', (e) => (state.mode === 'merge' || e.ctrlKey || e.metaKey ? toggle(g.key) : select([g.key], true)));
    return li;
  }));
  panel.render();
  $('toolbar').querySelector('[data-tool="save"]').disabled = !dirty();
}

/** The geometry a finding is drawn with: its own (gap, overlap, cut building ...) or its grid's outline. */
function issueGeometry(i) {
  if (i.geometry) return i.geometry;
  const g = i.gridCode ? live().find((x) => x.code === i.gridCode) : Number.isInteger(i.featureIndex) ? live()[i.featureIndex] : null;
  return g?.geometry ?? null;
}

function renderValidation() {
  const v = state.validation;
  const issues = v ? [...v.errors, ...v.warnings] : [];
  map.getSource('issues')?.setData({ type: 'FeatureCollection', features: issues.map((i, n) => ({ i, n, geometry: issueGeometry(i) }))
    .filter((x) => x.geometry)
    .map(({ i, n, geometry }) => ({ type: 'Feature', id: n, geometry,
      // gaps, overlaps and parts outside are filled; a grid's outline (size, roads) is only outlined
      properties: { severity: i.severity, rule: i.rule, area: Boolean(i.geometry) && /^(coverage\.gap|grid\.overlap|grid\.outside_village)$/.test(i.rule) } })) });
  $('validation-summary').textContent = !v ? '' : v.ok && !v.warnings.length ? t('ok')
    : `${v.ok ? t('ok') + ' · ' : ''}${v.errors.length} ${t('errors')} · ${v.warnings.length} ${t('warnings')}`;
  $('validation-summary').dataset.ok = v ? String(v.ok) : '';
  $('issues').replaceChildren(...issues.map((i) => {
    const li = document.createElement('li');
    li.className = i.severity;
    li.dataset.rule = i.rule;
    li.textContent = `${t(`rule_${i.rule}`) !== `rule_${i.rule}` ? t(`rule_${i.rule}`) + ' · ' : ''}${i.gridCode ? i.gridCode + ': ' : ''}${i.message}`;
    li.title = t('zoomToIssue');
    li.addEventListener('click', () => zoomTo(issueGeometry(i)));
    return li;
  }));
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
  // an edit made (or undone) replaces what a drag showed
  if (state.editing) state.editing.dragged = null;
  render();
  scheduleValidation();
}

const liveValidation = createLiveValidation({
  request: () => api.validate(state.village, collection(proposal())),
  show: (result) => {
    state.validation = result;
    state.validations += 1;
    renderValidation();
    render();
  },
  fail: (e) => fail(e),
});

function scheduleValidation() {
  if (state.village) liveValidation.changed();
}

/** The live grids as they are at this moment: the one whose vertex is dragged, the one being drawn. */
function proposal() {
  const dragged = state.editing?.dragged;
  const grids = dragged ? live().map((g) => (g.key === state.editing.key ? { ...g, geometry: dragged } : g)) : live();
  return state.sketch ? [...grids, { code: null, name: null, kind: 'standard', geometry: state.sketch }] : grids;
}

function select(keys, zoom) {
  state.selected = keys;
  // The URL names the selected grid (replacing the entry: selecting is not a step for Back).
  const code = keys.length === 1 ? byKey(keys[0])?.code : null;
  if (state.village && hashState().grid !== (code || null)) history.replaceState(null, '', hashOf(state.village, code));
  render();
  if (zoom && keys.length === 1) zoomTo(byKey(keys[0]).geometry);
}

function toggle(key) {
  select(state.selected.includes(key) ? state.selected.filter((k) => k !== key) : [...state.selected, key]);
}

const DRAW_MODES = { draw: 'polygon', split: 'linestring', vertices: 'select' };
const HINTS = { draw: 'drawHint', split: 'splitHint', merge: 'mergeHint', vertices: 'verticesHint' };

/** Switches the tool; the same tool again (or Esc) ends it. terra-draw only runs while a drawing tool is on. */
function setMode(mode) {
  const next = state.mode === mode ? null : mode;
  // a polygon half drawn or a vertex mid-drag was validated with the set: validate without it again
  const transient = Boolean(state.sketch || state.editing?.dragged);
  state.mode = null;
  state.editing = null;
  state.sketch = null;
  draw.setMode('static');
  draw.clear();
  const refusal = next === 'split' ? splitRefusal() : next === 'vertices' ? startVertexEditing() : null;
  state.mode = refusal ? null : next;
  if (state.mode && state.mode !== 'vertices' && DRAW_MODES[state.mode]) draw.setMode(DRAW_MODES[state.mode]);
  document.querySelectorAll('#toolbar [data-tool]').forEach((b) => b.classList.toggle('active', b.dataset.tool === state.mode));
  status(refusal || (state.mode ? t(HINTS[state.mode]) : ''));
  render();
  if (transient) scheduleValidation();
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
      state.selected = [];
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
    state.selected = [];
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
$('lang').addEventListener('click', () => {
  setLanguage(language() === 'en' ? 'zh' : 'en');
  relabel();
});
$('crumb-district').addEventListener('click', (e) => { e.preventDefault(); showDistrict(); });
$('village-search').addEventListener('input', renderSearch);
$('village-search').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') $('village-results').querySelector('li.village')?.click();
});
document.querySelectorAll('#side .tab').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
window.addEventListener('popstate', () => route().catch(fail));
window.addEventListener('beforeunload', (e) => { if (dirty()) { e.preventDefault(); e.returnValue = ''; } });

/** Texts of the page in the current language (the switch in the top bar or on the sign-in card). */
function relabel() {
  setLanguage(language());
  $('lang').textContent = t('switchTo');
  document.querySelector('[data-tool="print"]').title = t('printTitle');
  if (state.overview) renderTree($('region-tree'), state.overview, openVillage);
  renderSearch();
  renderLegend($('legend'), Boolean(state.village));
  render();
  renderValidation();
  if (state.draft) showDraft(state.draft);
}

/** The shared sign-in card (js/signin.js): the viewer's look, session cookie and language switch. */
function showSignIn() {
  $('login').hidden = false;
  renderSignIn($('login'), {
    subtitle: t('signInSubtitle'),
    login,
    onLanguage: (lang) => { setLanguage(lang); relabel(); },
    onSignedIn: async () => {
      $('login').hidden = true;
      $('login').replaceChildren();
      await start();
    },
  });
}

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
  // Another planner assigned workers in this village: ask again for what the panel shows.
  if (state.village && changes.kinds.has('layer') && [...changes.regions].some((r) => r?.startsWith(state.village))) {
    panel.reload();
  }
  // Village states move with drafts and publishing (here or by another planner).
  if (changes.kinds.has('grid') || changes.kinds.has('draft')) {
    clearTimeout(overviewTimer);
    overviewTimer = setTimeout(() => loadOverview().catch(() => {}), 500);
  }
}
let overviewTimer = null;

async function start() {
  const user = await me();
  if (!user) { showSignIn(); return; }
  $('user').textContent = `${user.username || ''}`;
  presence.user = user.username;
  await mapReady;
  addBaseMap(map, otherVillages());
  followChanges(applyChanges);
  // Old links (?village=CODE) become the hash form.
  const legacy = new URLSearchParams(location.search).get('village');
  if (legacy && !hashState().village) {
    const search = new URLSearchParams(location.search);
    search.delete('village');
    const rest = search.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}#village=${legacy}`);
  }
  await loadOverview();
  await route();
}

// A small surface for the browser tests: map projection and the editor state, read-only by convention.
window.gridEditor = { state, map, draw, mapReady, edits, project: (lng, lat) => map.project([lng, lat]),
  validationLatencies: liveValidation.latencies };

document.body.dataset.view = 'district';
relabel();
start().catch(fail);
