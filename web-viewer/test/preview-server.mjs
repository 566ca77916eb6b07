// Preview server for UI work only (not used by any test): serves the viewer from src/main/web,
// the vendor libraries from node_modules, a 3D Tiles tree from a directory (e.g. one written by
// scene-builder's SceneBenchmark --out DIR), and a stand-in for the /api/v1 routes whose
// figures are derived from that tree with a fixed seed. The real server replaces all of it.
//
//   node test/preview-server.mjs --tiles /tmp/viewer-dev-tiles --port 18112
// With --api http://host:port, /api and /3dtiles go to a real server instead (live UI edits
// against real data without rebuilding the server's jar).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({ options: { tiles: { type: 'string' }, api: { type: 'string' }, port: { type: 'string', default: '18112' } } });
const here = resolve(new URL('..', import.meta.url).pathname);
const mounts = [
  ['/vendor/cesium/', join(here, 'node_modules/cesium/Build/Cesium')],
  ['/vendor/echarts/', join(here, 'node_modules/echarts/dist')],
  ['/3dtiles/', resolve(opts.tiles ?? '/tmp/viewer-dev-tiles')],
  ['/', join(here, 'src/main/web')],
];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.glb': 'model/gltf-binary', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };

let seed = 7;
const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
const int = (n) => Math.floor(random() * n);

// ---- a hierarchy read from the tileset tree ----
const regions = new Map();
async function tileset(path) { return JSON.parse(await readFile(join(mounts[2][1], path), 'utf8')); }
const LEVEL = { d: 'district', t: 'township', w: 'workarea', v: 'village', g: 'grid' };
const bboxOf = (region) => region.slice(0, 4).map((r) => r * 180 / Math.PI);
async function walk(path, code, level, parent, name) {
  const json = await tileset(path);
  const node = { code, name, level, parent, bbox: bboxOf(json.root.boundingVolume.region), children: [] };
  regions.set(code, node);
  const base = path.split('/').slice(0, -1).join('/');
  for (const child of json.root.children ?? []) {
    const uri = child.content?.uri;
    const m = uri && /([dtwvg])\/([^/]+)\/tileset\.json$/.exec(uri);
    if (!m) continue;
    const childPath = normalize(join(base, uri));
    const childName = { t: '乡镇', w: '工作片', v: '村', g: '网格' }[m[1]] + m[2].slice(-3);
    node.children.push(m[2]);
    await walk(childPath, m[2], LEVEL[m[1]], code, childName);
  }
  if (level === 'grid') {
    Object.assign(node, { kind: 'standard', status: 'published', residents: 500 + int(500) });
    node.households = Math.round(node.residents / 3.3);
  }
}
await walk('tileset.json', '350521000000', 'district', null, '台商投资区');

function gridsUnder(code) {
  const node = regions.get(code);
  return node.level === 'grid' ? [node] : node.children.flatMap(gridsUnder);
}
function statsOf(code) {
  const grids = gridsUnder(code);
  const residents = grids.reduce((s, g) => s + g.residents, 0);
  const households = grids.reduce((s, g) => s + g.households, 0);
  return { code, grids: grids.length, residents, households, partyBranches: grids.length, partyMembers: Math.round(households / 11.5),
    linkedHouseholds: households, assistanceHouseholds: { dibao: Math.round(households * 0.012), tekun: Math.round(households * 0.004) },
    safetyGrades: { A: Math.round(households * 0.2), B: Math.round(households * 0.08), C: Math.round(households * 0.02), D: Math.round(households * 0.005), unknown: Math.round(households * 0.01) },
    workers: { comprehensive: Math.ceil(grids.length * 0.55), police: Math.ceil(grids.length * 0.4), community: grids.length, parttime: Math.ceil(grids.length * 0.08) },
    openEvents: Math.round(grids.length * 1.7) };
}
const feature = (g) => ({ type: 'Feature', properties: { code: g.code, name: g.name, kind: g.kind, status: g.status, residents: g.residents, households: g.households },
  geometry: { type: 'Polygon', coordinates: [[[g.bbox[0], g.bbox[1]], [g.bbox[2], g.bbox[1]], [g.bbox[2], g.bbox[3]], [g.bbox[0], g.bbox[3]], [g.bbox[0], g.bbox[1]]]] } });
const CATS = ['disputes', 'fire_hazards', 'housing_safety', 'illegal_construction', 'sanitation', 'public_requests'];
const STEPS = ['handling', 'dispatch', 'verification', 'closed', 'closed', 'closed', 'closed', 'closed'];
function eventsFor(g) {
  return Array.from({ length: 6 }, (_, i) => ({ id: `${g.code}-e${i}`, category: CATS[(i + g.code.length) % CATS.length], title: `事件 ${i + 1}`,
    lon: g.bbox[0] + (g.bbox[2] - g.bbox[0]) * ((i * 37) % 100) / 100, lat: g.bbox[1] + (g.bbox[3] - g.bbox[1]) * ((i * 61) % 100) / 100,
    grid_code: g.code, step: STEPS[i], supervised: i === 1 ? 1 : 0, deadline: i === 2 ? '2026-01-01T00:00:00+08:00' : '2027-01-01T00:00:00+08:00' }));
}

function api(method, url, cookie = '') {
  const p = url.pathname;
  if (p === '/api/v1/auth/login' && method === 'POST') return [200, { token: 'preview-token', expiresAt: '2099-01-01T00:00:00Z', user: { username: 'leader', roles: ['leader'], scopes: [] } }, { 'Set-Cookie': 'gridscape_session=preview; HttpOnly; Path=/; SameSite=Strict' }];
  if (p === '/api/v1/auth/logout') return [200, { signedOut: true }, { 'Set-Cookie': 'gridscape_session=; Path=/; Max-Age=0' }];
  if (p === '/api/v1/auth/me') return !/gridscape_session=preview/.test(cookie) ? [401, { error: 'unauthorized' }] : [200, { username: 'leader', roles: ['leader'], scopes: [] }];
  if (p === '/api/v1/stats') return [200, { ...statsOf('350521000000'), townships: regions.get('350521000000').children.length, events: { received: 6052, closed: 5419, closureRate: 0.8954 } }];
  if (p === '/api/v1/events/stats') return [200, { received: 6052, closed: 5419, closureRate: 0.8954,
    byStatus: { open: 402, supervised: 120, overdue: 111, closed: 5419 }, byCategory: Object.fromEntries(CATS.map((c, i) => [c, 400 + i * 230])),
    monthly: ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11'].map((m, i) => ({ month: m, received: 1000 + i * 90, closed: 900 + i * 95 })) }];
  let m = /^\/api\/v1\/regions\/([^/]+)(\/children|\/stats)?$/.exec(p);
  if (m) {
    const node = regions.get(m[1]);
    if (!node) return [404, { error: 'not_found', message: `no region ${m[1]}` }];
    if (m[2] === '/stats') return [200, statsOf(m[1])];
    const view = (n) => ({ code: n.code, name: n.name, level: n.level, parent: n.parent, bbox: n.bbox, gridCount: gridsUnder(n.code).length });
    return [200, m[2] ? node.children.map((c) => view(regions.get(c))) : view(node)];
  }
  if (p === '/api/v1/grids') return [200, { type: 'FeatureCollection', features: gridsUnder(url.searchParams.get('village') ?? '350521000000').map(feature) }];
  if (p === '/api/v1/events') {
    const grid = url.searchParams.get('grid');
    return [200, (grid ? [regions.get(grid)] : gridsUnder('350521000000')).filter(Boolean).flatMap(eventsFor)];
  }
  if (p === '/api/v1/layers/points') {
    const villages = [...regions.values()].filter((r) => r.level === 'village').slice(0, 12);
    return [200, { type: 'FeatureCollection', features: villages.map((v, i) => ({ type: 'Feature', properties: { kind: 'centre', name: `邻里中心${i + 1}` },
      geometry: { type: 'Point', coordinates: [(v.bbox[0] + v.bbox[2]) / 2, (v.bbox[1] + v.bbox[3]) / 2] } })) }];
  }
  if (p === '/api/v1/layers/party-links') {
    const g = regions.get(url.searchParams.get('grid'));
    if (!g) return [404, { error: 'not_found' }];
    const at = (f) => [g.bbox[0] + (g.bbox[2] - g.bbox[0]) * f[0], g.bbox[1] + (g.bbox[3] - g.bbox[1]) * f[1]];
    return [200, { type: 'FeatureCollection', features: Array.from({ length: 24 }, (_, i) => ({ type: 'Feature', properties: {},
      geometry: { type: 'LineString', coordinates: [at([0.3 + (i % 3) * 0.2, 0.5]), at([(i * 0.13) % 1, (i * 0.29) % 1])] } })) }];
  }
  m = /^\/api\/v1\/buildings\/([^/]+)\/households$/.exec(p);
  if (m) return [200, Array.from({ length: 3 }, (_, i) => ({ id: `${m[1]}-h${i}`, size: 3, residents: [
    { name: '张*', phone: '138****5678' }, { name: '李*', phone: '139****1234', tags: ['***'] }, { name: '王*' }] }))];
  return [404, { error: 'not_found', message: `no route ${p}` }];
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (opts.api && (url.pathname.startsWith('/api/') || url.pathname.startsWith('/3dtiles/'))) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = await fetch(new URL(req.url, opts.api), {
      method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const out = {};
    upstream.headers.forEach((v, k) => { if (!['content-encoding', 'content-length', 'transfer-encoding'].includes(k)) out[k] = v; });
    res.writeHead(upstream.status, out);
    return res.end(Buffer.from(await upstream.arrayBuffer()));
  }
  if (url.pathname.startsWith('/api/')) {
    const [status, body, headers] = api(req.method, url, req.headers.cookie);
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    return res.end(JSON.stringify(body));
  }
  for (const [prefix, dir] of mounts) {
    if (!url.pathname.startsWith(prefix)) continue;
    let file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html'));
    if (!file.startsWith(dir)) break;
    if (existsSync(file) && (await stat(file)).isDirectory()) file = join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return res.end(body);
    } catch {
      break;
    }
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ error: 'not_found' }));
}).listen(Number(opts.port), '127.0.0.1', () => console.log(`preview on http://127.0.0.1:${opts.port}/ (${regions.size} regions)`));
