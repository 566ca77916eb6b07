// The viewer's entry point: sign-in, then the shell (top bar, hierarchy, 3D map, card, layers,
// dashboard) wired together, plus the small window.gridscape hook the browser test drives.
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, language, setLanguage, onLanguageChange, describeError, formatNumber } from './i18n.js';
import { HierarchyTree } from './tree.js';
import { SelectionCard } from './card.js';
import { Dashboard } from './dashboard.js';
import { LayerPanel } from './layers.js';
import { theme } from './themes.js';
import { followChanges, touches } from './live.js';
import { openSession, renderSignIn } from './signin.js';
import { PatrolPicker, mayReadTracks } from './patrol-picker.js';

const params = new URLSearchParams(location.search);
const testMode = params.get('test') === '1';

const hook = {
  testMode,
  ready: false,
  signedInAt: null,
  firstTilesLoadedAt: null,
  errors: [],
  flownTo: null,
  get tilesLoaded() { return Boolean(state.sceneView?.tilesLoaded) && !state.sceneView.flying; },
  changes: { batches: 0, lastSeq: null, sceneReloads: 0 },
};
window.gridscape = hook;
if (testMode) Object.defineProperty(hook, 'state', { get: () => state });

const state = { firstTiles: null, user: null, mode: 'peacetime', modeSince: null, sceneView: null, overlays: null, tree: null, card: null, dashboard: null };

window.addEventListener('error', (e) => hook.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => hook.errors.push(String(e.reason?.message ?? e.reason)));

api.onUnauthorized(() => {
  if (state.user) showSignIn(t('error.session'));
});

openSession(api.me, enterApp, showSignIn);

function showSignIn(message) {
  state.user = null;
  // A session that expired mid-use: free the old WebGL context before the form replaces the page.
  if (state.sceneView && !state.sceneView.viewer.isDestroyed()) state.sceneView.viewer.destroy();
  state.sceneView = null;
  document.body.className = 'signin-page';
  renderSignIn(document.body, {
    message,
    login: api.login,
    onSignedIn: (session) => {
      hook.signedInAt = performance.now();
      enterApp(session.user);
    },
  });
}

async function enterApp(user) {
  state.user = user;
  document.body.className = 'app';
  const map = el('div', { id: 'map', class: 'map' });
  const loading = el('div', { class: 'map-status', role: 'status' }, t('loading.scene'));
  const treeBox = el('div', { class: 'tab-body', id: 'tree' });
  const layersBox = el('div', { class: 'tab-body', id: 'layers', hidden: true });
  const cardBox = el('div', { class: 'card', id: 'card' });
  const drawer = el('section', { class: 'drawer', id: 'dashboard' });
  const legend = el('div', { class: 'map-legend', id: 'map-legend' });
  // a worker's patrol tracks of a day: the chip over the map, the day picker over the dashboard
  const trackChip = el('div', { class: 'patrol-chip', id: 'patrol-chip', hidden: true });
  const picker = el('section', { class: 'patrol-picker', id: 'patrol-picker', hidden: true });
  const left = el('aside', { class: 'panel left', id: 'left-panel' },
    el('div', { class: 'tabs' },
      el('button', { class: 'tab active', dataset: { tab: 'tree' }, onclick: (e) => switchTab(e, treeBox, layersBox) }, t('tree.title')),
      el('button', { class: 'tab', dataset: { tab: 'layers' }, onclick: (e) => switchTab(e, layersBox, treeBox) }, t('layers.title')),
      el('button', { class: 'collapse', title: t('tree.collapse'), 'aria-label': t('tree.collapse'), onclick: () => left.classList.toggle('collapsed') }, '⟨')),
    treeBox, layersBox);
  const right = el('aside', { class: 'panel right hidden', id: 'right-panel' },
    el('button', { class: 'close', title: t('card.close'), 'aria-label': t('card.close'), onclick: () => deselect() }, '×'), cardBox);
  fill(document.body, topBar(user), el('main', { class: 'stage' }, map, loading, left, right, legend, trackChip, drawer,
    picker));

  loadMode(user);
  state.picker = mayReadTracks(user) ? new PatrolPicker(picker, { onDay: showTracks }) : null;
  state.dashboard = new Dashboard(drawer, {
    onWorkerTracks: state.picker ? (worker, name) => state.picker.open(worker, name) : undefined,
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') state.dashboard.close(); });
  state.card = new SelectionCard(cardBox, { onSelectCode: (code) => state.tree.select(code), user,
    onTracks: state.picker ? showTracks : undefined });
  state.tree = new HierarchyTree(treeBox, {
    onSelect: (node) => selectNode(node),
    onGrids: (grids) => state.overlays?.addGrids(grids),
  });

  followChanges((changes) => applyChanges(user, changes));
  await startScene(map, loading, layersBox, legend);
  renderLegend(legend);
  onLanguageChange(() => renderLegend(legend));
  const treeLoaded = state.tree.load();
  hook.ready = true;
  await treeLoaded;
  // The background walk of the tree (for search) waits for the first view: its requests and the
  // tiles would otherwise share the browser's few connections and the main thread.
  await state.firstTiles;
  state.tree.preloadAll().catch((e) => hook.errors.push(String(e)));
}

async function startScene(map, loading, layersBox, legend) {
  const { SceneView } = await import('./scene.js').catch((e) => {
    loading.textContent = t('error.tileset', e.message);
    return {};
  });
  if (!SceneView) return;
  try {
    state.sceneView = new SceneView(map, { testMode });
  } catch (e) {
    loading.textContent = t('error.webgl');
    loading.classList.add('error');
    layersBox.append(el('p', { class: 'notice' }, t('error.webgl')));
    hook.errors.push(`webgl: ${e.message}`);
    return;
  }
  const { Overlays } = await import('./overlays.js');
  state.overlays = new Overlays(state.sceneView);
  // Emergency resources: shown in wartime, switchable in peacetime (resources.js).
  const resources = await import('./resources.js');
  state.resources = new resources.ResourceOverlay(state.sceneView, { onSelect: (feature) => {
    document.getElementById('right-panel')?.classList.remove('hidden');
    state.sceneView.selectBuilding(null);
    resources.renderResourceCard(document.getElementById('card'), feature);
  } });
  state.resources.onChange(() => renderLegend(legend));
  state.resources.setMode(state.mode);
  if (state.picker) {
    const { PatrolTracks } = await import('./patrol-tracks.js');
    state.tracks = new PatrolTracks(state.sceneView, document.getElementById('patrol-chip'), {
      onPickDay: (worker, name) => state.picker.open(worker, name),
    });
  }
  const { MeshLayer } = await import('./meshes.js');
  state.meshes = new MeshLayer(state.sceneView);
  new LayerPanel(layersBox, {
    sceneView: state.sceneView, overlays: state.overlays, onThemeChange: () => renderLegend(legend),
    resources: state.resources, meshes: state.meshes,
  });
  state.sceneView.on('progress', (pending, processing) => {
    const left = pending + processing;
    loading.hidden = left === 0;
    loading.textContent = t('loading.tiles', left ? `(${formatNumber(left)})` : '');
  });
  state.sceneView.on('tilesLoaded', () => { loading.hidden = true; });
  state.sceneView.on('pick', (props) => onMapPick(props));
  state.sceneView.loadImagery().catch((e) => hook.errors.push(`imagery: ${e.message ?? e}`));
  try {
    await state.sceneView.loadTileset();
  } catch (e) {
    // Cesium reports HTTP failures as RequestErrorEvent with statusCode.
    const status = e.statusCode ?? e.status;
    loading.textContent = status === 404 ? t('error.sceneMissing')
      : t('error.tileset', status ? describeError({ status, message: e.message }) : (e.message ?? e));
    loading.classList.add('error');
    hook.errors.push(`tileset: ${status ?? ''} ${e.message ?? e}`);
  }
  state.meshes.load().then(() => { hook.meshesReady = true; })
    .catch((e) => hook.errors.push(`meshes: ${e.message ?? e}`));
  await showDistrict();
  // The first view is ready when the district is framed and every tile it needs is in.
  state.firstTiles = state.sceneView.waitForTiles().then(() => { hook.firstTilesLoadedAt = performance.now(); })
    .catch((e) => hook.errors.push(`tileset: ${e.message}`));
}

/** Wider than this (about 30 km) the first view is a city's, and grid outlines come simplified. */
const CITY_WIDTH_DEGREES = 0.3;

/** Frames the district and draws every grid outline (one bbox query, else village by village). */
async function showDistrict() {
  const district = await api.region(api.DISTRICT_CODE).catch(() => ({ level: 'district', code: api.DISTRICT_CODE }));
  const bounds = await state.sceneView.boundsOf(district);
  if (!bounds) return;
  // A tilted view: the near townships come close enough for their buildings to load.
  await state.sceneView.flyToBbox(bounds, { duration: 0, range: 1.3, pitch: -42 });
  try {
    // Over a whole city a pixel spans tens of metres: outlines simplified to about a pixel are
    // a tenth of the exact ones to send and draw. A district is drawn exactly.
    const width = bounds[2] - bounds[0];
    state.overlays.addGrids(await api.gridsInBox(bounds, width > CITY_WIDTH_DEGREES ? width / 1500 : 0));
  } catch (e) {
    hook.errors.push(`grid outlines: ${e.message}`);
  }
}

function topBar(user) {
  const wartime = state.mode === 'wartime';
  const roles = (user.roles ?? []).map((r) => t(`role.${r}`)).join('、');
  const mayChange = (user.roles ?? []).some((r) => r === 'admin' || r === 'leader');
  return el('header', { class: 'topbar' },
    el('div', { class: 'brand' }, el('span', { class: 'logo' }, '◆'), el('b', {}, t('app.name')),
      language() === 'zh' ? el('span', { class: 'muted' }, 'GridScape') : null),
    el('div', { class: 'district' }, t('app.district')),
    el('button', {
      class: `mode-pill ${wartime ? 'war' : 'peace'}`, id: 'mode-pill', disabled: !mayChange,
      title: state.modeSince ? `${t('mode.since')} ${state.modeSince}` : t('mode.toggle'),
      onclick: () => changeMode(user),
    }, t(wartime ? 'mode.war' : 'mode.peace')),
    el('div', { class: 'spacer' }),
    el('button', { class: 'ghost', id: 'dashboard-button', onclick: () => toggleDashboard() }, '▦ ', t('dash.open')),
    el('div', { class: 'user' }, el('span', { class: 'user-name' }, user.username), roles ? el('span', { class: 'role' }, roles) : null),
    el('button', { class: 'ghost', id: 'lang-button', onclick: () => { setLanguage(language() === 'zh' ? 'en' : 'zh'); relabel(user); } }, t('lang.switch')),
    el('button', { class: 'ghost', id: 'signout-button', onclick: async () => { await api.logout().catch(() => {}); location.reload(); } }, t('signout')));
}

/** Reads the district's peacetime/wartime state; without the API the bar shows peacetime. */
async function loadMode(user) {
  try {
    const mode = await api.districtMode();
    state.mode = mode.mode;
    state.modeSince = mode.since ? new Date(mode.since).toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB') : null;
  } catch {
    state.mode = 'peacetime';
  }
  applyMode(user);
}

function applyMode(user) {
  document.body.classList.toggle('wartime', state.mode === 'wartime');
  state.resources?.setMode(state.mode);
  document.querySelector('.topbar')?.replaceWith(topBar(user));
}

/** 平战转换 by a leader or administrator, after a confirmation that says what changes. */
async function changeMode(user) {
  const next = state.mode === 'wartime' ? 'peacetime' : 'wartime';
  const reason = window.prompt(t(next === 'wartime' ? 'mode.confirmWar' : 'mode.confirmPeace'));
  if (reason === null) return;
  try {
    const mode = await api.setDistrictMode(next, reason || undefined);
    state.mode = mode.mode;
    state.modeSince = mode.since ? new Date(mode.since).toLocaleString(language() === 'zh' ? 'zh-CN' : 'en-GB') : null;
    applyMode(user);
  } catch (e) {
    window.alert(describeError(e));
  }
}

/**
 * A batch of the change feed: the scene tree reloads after a scene publish, the mode pill after a
 * switch, and the card, dashboard figures and event markers when what they show was touched.
 */
function applyChanges(user, changes) {
  hook.changes.batches++;
  hook.changes.lastSeq = changes.lastSeq;
  if (changes.scene && state.sceneView?.tileset) {
    state.sceneView.reloadTileset().then(() => { hook.changes.sceneReloads++; })
      .catch((e) => hook.errors.push(`tileset reload: ${e.message ?? e}`));
  }
  if (changes.mode) loadMode(user);
  if (!changes.figures) return;
  const selection = state.card?.selection;
  const code = selection?.kind === 'region' ? selection.node.code : selection?.props?.gridCode;
  if (changes.grids.size && state.tree) {
    // The villages' grid lists again (names, kinds, outlines), then the card from the fresh nodes.
    const villages = new Set([...changes.grids].map((grid) => grid.slice(0, 12)));
    state.tree.refreshVillages(villages)
      .then(() => { if (selection && touches(changes, code)) state.card.show(selection); })
      .catch((e) => hook.errors.push(`grid refresh: ${e.message ?? e}`));
  } else if (selection && touches(changes, code)) {
    state.card.show(selection);
  }
  if (state.dashboard?.data) {
    if (state.dashboard.drawer.classList.contains('open')) state.dashboard.load({ refresh: true });
    else state.dashboard.data = null; // loaded afresh when next opened
  }
  if (changes.events && state.overlays?.enabled.events) state.overlays.refresh('events');
}

/** Language switch: the panels re-render themselves; the shell's own labels are rebuilt here. */
function relabel(user) {
  document.querySelector('.topbar').replaceWith(topBar(user));
  const [treeTab, layersTab, collapse] = document.querySelectorAll('#left-panel .tabs button');
  treeTab.textContent = t('tree.title');
  layersTab.textContent = t('layers.title');
  collapse.title = t('tree.collapse');
}

function switchTab(event, show, hide) {
  document.querySelectorAll('#left-panel .tab').forEach((b) => b.classList.toggle('active', b === event.currentTarget));
  show.hidden = false;
  hide.hidden = true;
}

/** A worker's patrols of a day on the map: the dashboard steps aside so the map shows them. */
function showTracks(worker, name, day) {
  state.dashboard.close();
  if (!state.tracks) return;
  state.tracks.show(worker, name, day).catch((e) => hook.errors.push(`tracks: ${e.message ?? e}`));
}

function toggleDashboard() {
  if (state.dashboard.drawer.classList.contains('open')) state.dashboard.close();
  else state.dashboard.open();
}

function renderLegend(box) {
  const view = state.sceneView;
  if (!view) return;
  const active = theme(view.themeId);
  fill(box, el('b', {}, t(active.labelKey)), ...active.legend.map((entry) => el('span', { class: 'legend-item' },
    el('i', { style: { background: entry.color } }), t(entry.labelKey))),
  ...(state.resources?.legendItems() ?? []));
}

async function selectNode(node) {
  document.getElementById('right-panel')?.classList.remove('hidden');
  state.card.show({ kind: 'region', node });
  state.overlays?.setFocus(node.level === 'grid' ? node.code : null, await villageGridCodes(node));
  const view = state.sceneView;
  if (!view) return;
  view.selectBuilding(null);
  const bbox = await view.boundsOf(node);
  if (!bbox) return;
  view.showHighlight(node, bbox);
  await view.flyToBbox(bbox);
  hook.flownTo = node.code;
}

async function onMapPick(props) {
  hook.lastPick = props;
  if (!props) return;
  if (props.featureKind === 'GRID_BOUNDARY' || props.featureKind === 'GRID_BLOCKS') {
    state.tree.select(props.gridCode);
    return;
  }
  document.getElementById('right-panel')?.classList.remove('hidden');
  state.sceneView.selectBuilding(props.buildingId);
  state.card.show({ kind: 'building', props });
  state.overlays?.setFocus(props.gridCode, await villageGridCodes(state.tree.nodes.get(props.gridCode)));
}

/** Codes of the grids of the village a node belongs to (empty above village level). */
async function villageGridCodes(node) {
  const village = node?.level === 'grid' ? state.tree.nodes.get(node.parent) : node?.level === 'village' ? node : null;
  if (!village) return [];
  const grids = await state.tree.loadChildren(village);
  return grids.map((g) => g.code);
}

function deselect() {
  document.getElementById('right-panel')?.classList.add('hidden');
  state.sceneView?.selectBuilding(null);
  state.sceneView?.clearHighlight();
  state.card.renderEmpty();
}

// ---- test hook: what the browser test needs and nothing the UI depends on ----

/** Properties of the 3D feature under a window pixel, or null. */
hook.pick = (x, y) => {
  const rect = state.sceneView?.scene.canvas.getBoundingClientRect();
  return rect ? state.sceneView.pick(x - rect.left, y - rect.top) : null;
};

/** The part of the window where the map is not covered by a panel, as [left, top, right, bottom]. */
hook.visibleMapRect = () => {
  const stage = document.querySelector('.stage').getBoundingClientRect();
  let left = stage.left; let right = stage.right;
  const leftPanel = document.getElementById('left-panel');
  const rightPanel = document.getElementById('right-panel');
  if (leftPanel && !leftPanel.classList.contains('collapsed')) left = leftPanel.getBoundingClientRect().right;
  if (rightPanel && !rightPanel.classList.contains('hidden')) right = rightPanel.getBoundingClientRect().left;
  const legend = document.getElementById('map-legend')?.getBoundingClientRect();
  return [Math.ceil(left), Math.ceil(stage.top), Math.floor(right), Math.floor(legend ? legend.top : stage.bottom)];
};

hook.waitForTiles = (timeoutMs) => state.sceneView.waitForTiles(timeoutMs);
/** Looks straight down on a lon/lat from a height in metres; resolves once imagery and tiles are in. */
hook.lookDown = async (lon, lat, height, timeoutMs = 120000) => {
  state.sceneView.lookDown(lon, lat, height);
  await state.sceneView.waitForImagery(timeoutMs);
  await state.sceneView.waitForTiles(timeoutMs);
};
/** Window position (CSS pixels) of a lon/lat on the ground, or null when it is not in view. */
hook.toWindow = (lon, lat) => state.sceneView?.toWindow(lon, lat) ?? null;
hook.imagery = () => [...(state.sceneView?.imagery.values() ?? [])].map((l) => ({ id: l.id, kind: l.kind,
  visible: l.visible, error: l.error ?? null }));
hook.anyGridCode = () => state.tree.anyGridCode();
/** Village overviews and grid tiles drawn so far (distinct contents) and when each kind first was. */
hook.drawn = () => {
  const d = state.sceneView?.drawn;
  return d ? { overviews: d.overview.size, grids: d.grid.size, firstOverviewAt: d.firstOverviewAt,
    firstGridAt: d.firstGridAt } : null;
};
/** Imported meshes and the buildings made selectable over them. */
hook.meshes = () => (state.meshes ? { status: state.meshes.status, meshes: state.meshes.meshes.length,
  buildings: state.meshes.buildings.size, hidden: state.meshes.hideCovered, error: state.meshes.error ?? null } : null);
/** The card's heading (what is selected), for the browser test. */
hook.cardTitle = () => document.querySelector('#card h2, #card .card-title')?.textContent ?? null;
hook.theme = () => state.sceneView?.themeId;
// Emergency resources, for the browser test.
hook.resources = () => (state.resources ? { enabled: state.resources.enabled, mode: state.resources.mode,
  state: state.resources.status?.state ?? null, count: state.resources.count() } : null);
hook.lookAtResource = (i) => state.resources?.lookAt(i) ?? false;
/** The patrol tracks drawn (state, worker, day, each line's positions and markers from the map's entities), or null. */
hook.patrolTracks = () => state.tracks?.snapshot() ?? null;
hook.resourcePosition = (i) => state.resources?.windowPosition(i) ?? null;
