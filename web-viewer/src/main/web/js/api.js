// All HTTP calls of the viewer live here, so paths and response shapes can be adjusted in one
// place. The server sets an HttpOnly session cookie on sign-in; the bearer token is also kept in
// memory (never in storage) and sent explicitly, which keeps working if the cookie is refused.

export const DISTRICT_CODE = '350521000000';

let token = null;
const unauthorizedListeners = new Set();

/** A failed call: status 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(status, code, message, path) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

/** Called with the error when any call answers 401 (session expired or signed out elsewhere). */
export function onUnauthorized(fn) {
  unauthorizedListeners.add(fn);
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message, path);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json?.error, json?.message, path);
    if (response.status === 401 && !path.endsWith('/auth/login')) {
      unauthorizedListeners.forEach((fn) => fn(error));
    }
    throw error;
  }
  return json;
}

const get = (path) => request('GET', path);

function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

// ---- sign-in ----

export async function login(username, password) {
  const session = await request('POST', '/api/v1/auth/login', { username, password });
  token = session.token;
  return session;
}

export async function logout() {
  try {
    await request('POST', '/api/v1/auth/logout');
  } finally {
    token = null;
  }
}

/** The signed-in user, or null when there is no valid session (the probe answers {signedIn: false}). */
export async function me() {
  try {
    const user = await get('/api/v1/auth/me');
    return user?.signedIn ? user : null;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export function bearerToken() {
  return token;
}

// ---- regions and grids ----

/** Accepts an array, {items|children|regions|grids|features: [...]} or a FeatureCollection. */
function listOf(json) {
  if (Array.isArray(json)) return json;
  if (!json || typeof json !== 'object') return [];
  for (const key of ['items', 'children', 'regions', 'grids', 'features', 'households', 'events', 'data']) {
    if (Array.isArray(json[key])) return json[key];
  }
  return [];
}

const LEVELS = { district: 'district', township: 'township', workarea: 'workarea', work_area: 'workarea',
  village: 'village', community: 'village', grid: 'grid', unit_grid: 'grid' };

/** One region or grid in the shape the panels use: {code, name, level, parent, bbox, geometry, ...}. */
export function normalizeRegion(raw) {
  const props = raw?.type === 'Feature' ? { ...raw.properties, geometry: raw.geometry, bbox: raw.bbox } : raw || {};
  const code = String(props.code ?? props.id ?? '');
  const level = LEVELS[String(props.level ?? '').toLowerCase()] ?? (code.length === 15 ? 'grid' : levelFromCode(code));
  return {
    ...props,
    code,
    name: props.name ?? props.fullName ?? code,
    level,
    parent: props.parent ?? props.parentCode ?? props.parent_code ?? null,
    bbox: props.bbox ?? envelope(props),
    geometry: props.geometry ?? props.geom ?? null,
    gridCount: props.gridCount ?? props.grids ?? props.stats?.grids ?? null,
    childCount: props.childCount ?? props.childrenCount ?? null,
  };
}

function envelope(p) {
  const keys = ['minx', 'miny', 'maxx', 'maxy'];
  return keys.every((k) => typeof p[k] === 'number') ? keys.map((k) => p[k]) : null;
}

/** Statistical division codes: 350521 000 000 district, xxx 000 township, xxx yyy village. */
function levelFromCode(code) {
  if (code.length !== 12) return 'workarea';
  if (code.endsWith('000000')) return 'district';
  if (code.endsWith('000')) return 'township';
  return 'village';
}

export async function region(code) {
  return normalizeRegion(await get(`/api/v1/regions/${encodeURIComponent(code)}`));
}

export async function regionChildren(code) {
  return listOf(await get(`/api/v1/regions/${encodeURIComponent(code)}/children`)).map(normalizeRegion);
}

export async function regionStats(code) {
  return get(`/api/v1/regions/${encodeURIComponent(code)}/stats`);
}

/** The grids of a village as normalized regions that keep their GeoJSON geometry. */
export async function villageGrids(villageCode) {
  return listOf(await get(`/api/v1/grids${query({ village: villageCode })}`)).map(normalizeRegion);
}

/**
 * Grids (GeoJSON, normalized) whose boxes meet [w, s, e, n], e.g. all grids of the district; with a
 * tolerance (degrees) their outlines come simplified, for a view over a whole city.
 */
export async function gridsInBox(bbox, tolerance) {
  const box = bbox.map((v) => v.toFixed(6)).join(',');
  return listOf(await get(`/api/v1/grids${query({ bbox: box, tolerance: tolerance ? tolerance.toPrecision(3) : undefined })}`))
    .map(normalizeRegion);
}

export async function grid(code) {
  return normalizeRegion(await get(`/api/v1/grids/${encodeURIComponent(code)}`));
}

// ---- figures, people, layers, events ----

export function districtStats() {
  return get('/api/v1/stats');
}

/** {households: [...], disclosure: 'masked'|'full'|null} of a building; people masked by the server. */
export async function buildingHouseholds(buildingId) {
  const json = await get(`/api/v1/buildings/${encodeURIComponent(buildingId)}/households`);
  return { households: listOf(json), disclosure: Array.isArray(json) ? null : json?.disclosure ?? null };
}

/** Party member -> linked household lines of a grid (GeoJSON LineStrings, no personal data). */
export async function partyLinks(gridCode) {
  return listOf(await get(`/api/v1/layers/party-links${query({ grid: gridCode })}`));
}

/** Points of a kind (e.g. centre) of a grid, or of the whole district without a grid. */
export async function points(kind, gridCode) {
  return listOf(await get(`/api/v1/layers/points${query({ grid: gridCode, kind })}`));
}

export async function events({ grid: gridCode, status, limit } = {}) {
  return listOf(await get(`/api/v1/events${query({ grid: gridCode, status, limit })}`));
}

/** Grid workers' proposals (信息采集, docs/FIELD.md) the caller may see; personal data masked. */
export async function fieldCollections({ grid: gridCode, state: status, limit } = {}) {
  return (await get(`/api/v1/field-collections${query({ grid: gridCode, state: status, limit })}`)).collections ?? [];
}

/** Approves or rejects a proposal: {decision: 'approve'|'reject', reason}. */
export function reviewFieldCollection(id, decision, reason) {
  return request('POST', `/api/v1/field-collections/${encodeURIComponent(id)}/review`, { decision, reason });
}

/** {mode: 'peacetime'|'wartime', since, changedBy, ...} of the district (平战转换). */
export function districtMode() {
  return get('/api/v1/district/mode');
}

/** Emergency resources (shelter spaces, supply depots, support bases) as a GeoJSON FeatureCollection. */
export function districtResources() {
  return get('/api/v1/district/resources');
}

export function setDistrictMode(mode, reason) {
  return request('PUT', '/api/v1/district/mode', { mode, reason });
}

/** Event KPIs and breakdowns of the district, or of one region or grid with its code. */
export function eventStats(regionCode) {
  return get(`/api/v1/events/stats${query({ region: regionCode })}`);
}

/** Event KPIs of a region for [from, to] (dates, to inclusive). */
export function eventStatsBetween(regionCode, from, to) {
  return get(`/api/v1/events/stats${query({ region: regionCode, from, to })}`);
}

/** One event with its steps (drill-down). */
export function eventDetail(id) {
  return get(`/api/v1/events/${encodeURIComponent(id)}`);
}

/** 效能督导: {rows: [{level, code, name, coverage, score, rank, ...}], weights} of a region and month. */
export function appraisal({ region, period, level } = {}) {
  return get(`/api/v1/appraisal${query({ region, period, level })}`);
}

/** Patrol summaries, newest first (docs/PATROLS.md): of a worker, a grid, between dates (China time, to inclusive). */
export async function patrols({ worker, grid: gridCode, from, to, limit } = {}) {
  return (await get(`/api/v1/patrols${query({ worker, grid: gridCode, from, to, limit })}`)).patrols ?? [];
}

/**
 * One patrol as a GeoJSON Feature: its track (LineString) with the positions' times in
 * properties.times; without its coverage figure (which the server would compute) unless asked.
 */
export function patrol(id, { coverage = false } = {}) {
  return get(`/api/v1/patrols/${encodeURIComponent(id)}${coverage ? '' : '?coverage=false'}`);
}

export const TILESET_URL = '/3dtiles/tileset.json';
export const BASEMAP_TILEJSON = '/imagery/base.json';

/**
 * The imagery layers to drape on the globe, bottom first, each with its TileJSON URL: online base
 * maps (when configured), the district's own base map, then its orthophotos.
 */
export async function imageryLayers() {
  const listed = await request('GET', '/imagery');
  const layers = Array.isArray(listed?.layers) ? listed.layers : [];
  return layers.length ? layers : [{ id: 'base', name: null, kind: 'basemap', tilejson: BASEMAP_TILEJSON, visible: true }];
}

/** A TileJSON document (raster layers). */
export function tileJson(url) {
  return request('GET', url);
}

/** Headers for requests Cesium makes itself (the tileset tree), the same credentials as ours. */
export function tileRequestHeaders() {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// ---- imported 3D Tiles (a district's photogrammetry) ----

/** Imported tilesets: [{id, name, region, bounds [w, s, e, n], minHeight, maxHeight, uri}]. */
export async function importedTilesets() {
  const body = await get('/api/v1/tilesets');
  return body?.tilesets ?? [];
}

/** Building footprints (OGC API features) whose boxes meet [w, s, e, n], every page. */
export async function buildingsInBox(bbox, { pageSize = 1000, maxPages = 20 } = {}) {
  const features = [];
  const box = bbox.map((v) => v.toFixed(7)).join(',');
  for (let page = 0; page < maxPages; page++) {
    const body = await get(`/ogc/collections/buildings/items${query({ bbox: box, limit: pageSize, offset: page * pageSize })}`);
    const batch = body?.features ?? [];
    features.push(...batch);
    if (batch.length < pageSize) break;
  }
  return features;
}
