// HTTP calls of the editor. The session cookie set at sign-in authenticates same-origin calls; the
// bearer token is kept in memory as well in case the cookie is refused.
let token = null;

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

export async function call(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ApiError(response.status, json?.error, json?.message, json?.details);
  return { json, etag: response.headers.get('ETag') };
}

/** The bearer token of this page's sign-in, if any (the map's tile requests send it too). */
export function bearer() {
  return token;
}

/** Signs in (the server also sets the session cookie every GridScape app sends); resolves to the session. */
export async function login(username, password) {
  const { json } = await call('POST', '/api/v1/auth/login', { username, password });
  token = json.token;
  return json;
}

/** The signed-in user, or null: the probe answers {signedIn: false} without a session. */
export async function me() {
  try {
    const user = (await call('GET', '/api/v1/auth/me')).json;
    return user?.signedIn ? user : null;
  } catch (e) {
    if (e.status === 401) return null;
    throw e;
  }
}

export const api = {
  villages: () => call('GET', '/api/v1/villages').then((r) => r.json),
  stats: (code) => call('GET', `/api/v1/regions/${code}/stats`).then((r) => r.json),
  village: (code) => call('GET', `/api/v1/regions/${code}`).then((r) => r.json),
  // The editor works on the village's draft (the published set where there is none).
  grids: (village) => call('GET', `/api/v1/grids?village=${village}&revision=draft`).then((r) => r.json),
  draft: (village) => call('GET', `/api/v1/villages/${village}/draft`).then((r) => r.json),
  plan: (village, revision) => call('GET', `/api/v1/villages/${village}/plan?revision=${revision}`).then((r) => r.json),
  discard: (village) => call('DELETE', `/api/v1/villages/${village}/draft`).then((r) => r.json),
  validate: (village, collection) => call('POST', `/api/v1/villages/${village}/validation`, collection).then((r) => r.json),
  snap: (village, geometry, except) => call('POST', `/api/v1/villages/${village}/snap`, { geometry, except }).then((r) => r.json),
  create: (feature) => call('POST', '/api/v1/grids', feature).then((r) => r.json),
  update: (code, version, feature) => call('PUT', `/api/v1/grids/${code}`, feature, { 'If-Match': `"${version}"` }).then((r) => r.json),
  remove: (code, version) => call('DELETE', `/api/v1/grids/${code}`, undefined, { 'If-Match': `"${version}"` }).then((r) => r.json),
  split: (code, version, line) => call('POST', `/api/v1/grids/${code}/split`, { line }, { 'If-Match': `"${version}"` }).then((r) => r.json),
  merge: (codes, versions) => call('POST', '/api/v1/grids/merge', { codes, versions }).then((r) => r.json),
  autoPartition: (village) => call('POST', `/api/v1/villages/${village}/auto-partition`, {}).then((r) => r.json),
  replaceSet: (village, body, type) => call('POST', `/api/v1/imports/grids?village=${village}`, body, { 'Content-Type': type }).then((r) => r.json),
  // A published grid's workers (layer data, not in the draft): read, and set as a whole.
  gridWorkers: (code) => call('GET', `/api/v1/grids/${code}/workers`).then((r) => r.json),
  setGridWorkers: (code, workers) => call('PUT', `/api/v1/grids/${code}/workers`, { workers }).then((r) => r.json),
  publish: (village) => call('POST', `/api/v1/villages/${village}/publish`, {}).then((r) => r.json),
};
