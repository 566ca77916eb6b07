// Browser test of the grid editor with headless Chromium: open /editor without a session (no console
// error, no failed request before sign-in), sign in through the shared sign-in card, see the
// district's villages coloured by state, find a village by its pinyin initials and open it (the URL
// holds it), draw a grid by mouse clicks in it (terra-draw's polygon mode) and save it, drag one of
// its vertices (terra-draw's select mode) and save again, draw two overlapping grids and see the
// overlap on the map and in the list, undo them, rename a grid in the side panel, reload and come
// back to the village and grid, use Back, check that the base map draws our vector tiles, split
// a grid along a clicked line and merge the parts again, provoke a conflicting save (the grid is changed behind the editor's back) and read
// the explanation, and auto-partition a village and read the live validation. Prints one JSON line
// (last line of stdout) that EditorBrowserTest checks against the API.
// The adjacent grids' fills are read from the rendered map after the auto-partition; screenshots go
// to --out.
// Usage: node test/editor-e2e.mjs --url http://127.0.0.1:8080/ --user U --password P --token T
//        --empty-village CODE --search INITIALS --village CODE --split-grid CODE --out DIR [--chromium /usr/bin/chromium]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, token: { type: 'string' },
    'empty-village': { type: 'string' }, village: { type: 'string' }, 'split-grid': { type: 'string' },
    search: { type: 'string' }, out: { type: 'string', default: 'target' },
    'review-village': { type: 'string' }, 'second-user': { type: 'string' }, 'second-password': { type: 'string' },
    'assign-worker': { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, 'timeout-seconds': { type: 'string', default: '60' },
  },
});
const log = (...args) => console.error('[editor-e2e]', ...args);
const errors = [];
const result = { result: 'ok' };
let browser;
let page;
/** Which step of reviewSteps (below) is running, for the log when one fails. */
let reviewStep = null;

async function api(method, path, body, headers = {}) {
  const response = await fetch(new URL(path, opts.url), { method, body: body ? JSON.stringify(body) : undefined,
    headers: { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json', ...headers } });
  return { status: response.status, json: await response.json().catch(() => null) };
}

try {
  browser = await chromium.launch({ executablePath: opts.chromium,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  page = await context.newPage();
  page.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Before sign-in nothing may fail: no console error, no failed request (the /auth/me probe answers 200).
  // Later the provoked 412 is an expected answer, which Chromium logs as an error.
  let signedIn = false;
  const beforeSignIn = { consoleErrors: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (!signedIn) beforeSignIn.consoleErrors.push(m.text());
    else if (!/status of 412/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => { if (!signedIn && r.status() >= 400) beforeSignIn.failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => { if (!signedIn) beforeSignIn.failed.push(`failed ${r.url()}`); });
  result.beforeSignIn = beforeSignIn;
  const origin = new URL(opts.url).origin;
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url())) errors.push(`foreign request: ${r.url()}`); });
  const tileAnswers = { tileJson: 0, tiles: 0, failed: [] };
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith('/tiles/')) return;
    if (r.status() >= 400) tileAnswers.failed.push(`${r.status()} ${path}`);
    else if (path.endsWith('.json')) tileAnswers.tileJson += 1;
    else tileAnswers.tiles += 1;
  });

  const open = async (village) => {
    await page.goto(new URL(`/editor?village=${village}`, opts.url).href);
    // Either the sign-in form appears (no session yet) or the village loads (cookie session).
    await page.waitForFunction((v) => !document.getElementById('login').hidden || window.gridEditor?.state.village === v, village);
    if (await page.isVisible('#login .signin-card')) {
      await page.fill('#login input[name=username]', opts.user);
      await page.fill('#login input[name=password]', opts.password);
      await page.click('#login button[type=submit]');
    }
    await page.waitForFunction((v) => window.gridEditor?.state.village === v && window.gridEditor.state.validation, village);
  };
  // map.project gives container pixels; the map sits right of the side list and below the toolbars.
  const pixel = (lng, lat) => page.evaluate(([x, y]) => {
    const at = window.gridEditor.project(x, y);
    const box = document.getElementById('map').getBoundingClientRect();
    return { x: at.x + box.left, y: at.y + box.top };
  }, [lng, lat]);
  const click = async (lng, lat) => {
    const p = await pixel(lng, lat);
    await page.mouse.click(p.x, p.y);
  };
  const drag = async (from, to) => {
    const a = await pixel(...from);
    const b = await pixel(...to);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 12 });
    await page.mouse.up();
  };
  const tool = (name) => page.click(`#toolbar [data-tool="${name}"]`);

  // 1. /editor without a session: the shared sign-in card, in Chinese; then the district view.
  const started = Date.now();
  await page.goto(new URL('/editor', opts.url).href);
  await page.waitForSelector('#login:not([hidden]) .signin-card');
  await page.waitForTimeout(300);
  result.signInCard = await page.evaluate(() => ({
    title: document.querySelector('.signin-card h1')?.textContent,
    backdrop: getComputedStyle(document.querySelector('.signin-backdrop')).backgroundImage.includes('gradient'),
  }));
  await page.screenshot({ path: `${opts.out}/editor-signin.png` });
  await page.fill('#login input[name=username]', opts.user);
  await page.fill('#login input[name=password]', opts.password);
  signedIn = true;
  await page.click('#login button[type=submit]');
  result.chineseTitle = await page.textContent('#topbar strong');
  // The district: every village drawn, coloured by the state of its grids.
  await page.waitForFunction(() => window.gridEditor.state.overview
    && window.gridEditor.map.queryRenderedFeatures({ layers: ['district-fill'] }).length > 0);
  result.district = await page.evaluate(() => {
    const { map, state } = window.gridEditor;
    const drawn = {};
    for (const f of map.queryRenderedFeatures({ layers: ['district-fill'] })) {
      drawn[f.properties.code] = { state: f.properties.colourState, fill: f.layer.paint['fill-color']?.toString() };
    }
    return { drawn, legend: document.getElementById('legend').textContent, villages: state.overview.features.length,
      view: document.body.dataset.view };
  });
  result.timings = { districtMs: Date.now() - started };

  // 1b. Find the empty village by its pinyin initials and open it from the list: the URL holds it.
  await page.fill('#village-search', opts.search);
  await page.waitForSelector('#village-results li.village');
  result.search = { typed: opts.search, found: await page.$$eval('#village-results li.village', (l) => l.map((x) => x.dataset.code)) };
  await page.click('#village-results li.village');
  await page.waitForFunction((v) => window.gridEditor?.state.village === v && window.gridEditor.state.validation, opts['empty-village']);
  result.search.url = await page.evaluate(() => location.hash);
  result.timings.signInToVillageMs = Date.now() - started;
  // The empty village's plan is only in its draft: the editor draws it (orange) and says so.
  await page.waitForFunction(() => document.querySelector('#draft-state')?.dataset.plan === 'draft');
  result.draftPlan = {
    state: await page.textContent('#draft-state'),
    features: await page.evaluate(() => window.gridEditor.state.draftPlan?.features.length ?? null),
  };

  // 2. Draw a grid in the empty village: a quadrilateral inside its bounding box, near its centre.
  const bbox = await page.evaluate(async (v) => (await (await fetch(`/api/v1/regions/${v}`)).json()).bbox, opts['empty-village']);
  const cx = (bbox[0] + bbox[2]) / 2;
  const cy = (bbox[1] + bbox[3]) / 2;
  const dx = (bbox[2] - bbox[0]) / 10;
  const dy = (bbox[3] - bbox[1]) / 10;
  await tool('draw');
  for (const [x, y] of [[cx - dx, cy - dy], [cx + dx, cy - dy], [cx + dx, cy + dy], [cx - dx, cy + dy]]) await click(x, y);
  await tool('finish');
  await page.waitForFunction(() => window.gridEditor.state.grids.length === 1);
  await page.fill('#grid-form input[name=name]', 'E2E网格');
  await page.click('#grid-form button[type=submit]');
  await tool('save');
  // Saving ends by reloading the village (which resets the selection and tool): wait until it is done.
  await page.waitForFunction(() => !window.gridEditor.state.busy && window.gridEditor.state.grids.length === 1
    && window.gridEditor.state.grids[0].version != null);
  result.drawn = { centre: [cx, cy], halfSize: [dx, dy] };

  // 2b. Drag the grid's north-east vertex further out (terra-draw select mode) and save the edit.
  await page.click('#grid-list li');
  await tool('vertices');
  await page.waitForFunction(() => window.gridEditor.state.editing && window.gridEditor.draw.getMode() === 'select');
  // Selecting zoomed in on the grid; show the whole village so that the drag stays on the map.
  await page.evaluate((b) => window.gridEditor.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, duration: 0 }), bbox);
  await drag([cx + dx, cy + dy], [cx + 2 * dx, cy + 2 * dy]);
  await page.waitForFunction(() => window.gridEditor.state.grids[0].change === 'changed');
  const version = await page.evaluate(() => window.gridEditor.state.grids[0].version);
  await tool('save');
  await page.waitForFunction((v) => !window.gridEditor.state.busy && window.gridEditor.state.grids[0]?.version > v
    && !window.gridEditor.state.grids[0].change, version);
  result.edited = { movedTo: [cx + 2 * dx, cy + 2 * dy], inside: [cx + 1.4 * dx, cy + 1.4 * dy] };

  const newSteps = Date.now();
  // 2c. Two new grids drawn over each other in the free west part: the overlap is drawn on the map and
  // listed; clicking it zooms there; undo takes both away again.
  await page.evaluate((b) => window.gridEditor.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, duration: 0 }), bbox);
  const w = bbox[2] - bbox[0];
  const hh = bbox[3] - bbox[1];
  const square = (x0, y0, x1, y1) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  for (const corners of [square(bbox[0] + 0.05 * w, bbox[1] + 0.1 * hh, bbox[0] + 0.25 * w, bbox[1] + 0.3 * hh),
    square(bbox[0] + 0.15 * w, bbox[1] + 0.2 * hh, bbox[0] + 0.35 * w, bbox[1] + 0.4 * hh)]) {
    const n = await page.evaluate(() => window.gridEditor.state.grids.length);
    await tool('draw');
    for (const [x, y] of corners) await click(x, y);
    await tool('finish');
    await page.waitForFunction((k) => window.gridEditor.state.grids.length === k + 1, n);
  }
  await page.waitForSelector('#issues li[data-rule="grid.overlap"]');
  await page.waitForFunction(() => window.gridEditor.map.queryRenderedFeatures({ layers: ['issues-fill'] })
    .some((f) => f.properties.rule === 'grid.overlap'));
  const zoomBefore = await page.evaluate(() => window.gridEditor.map.getZoom());
  await page.click('#issues li[data-rule="grid.overlap"]');
  result.overlap = {
    listed: await page.$$eval('#issues li[data-rule="grid.overlap"]', (l) => l.map((x) => x.textContent)),
    onMap: await page.evaluate(() => window.gridEditor.map.queryRenderedFeatures({ layers: ['issues-fill'] })
      .filter((f) => f.properties.rule === 'grid.overlap').length),
    zoomBefore, zoomAfter: await page.evaluate(() => window.gridEditor.map.getZoom()),
  };
  await page.screenshot({ path: `${opts.out}/editor-overlap.png` });
  await tool('undo');
  await tool('undo');
  await page.waitForFunction(() => window.gridEditor.state.grids.length === 1);
  await page.waitForFunction(() => !document.querySelector('#issues li[data-rule="grid.overlap"]'));

  // 2d. The side panel: the grid's figures, and a rename in place that goes into the draft on Save.
  await page.click('#grid-list li');
  await page.waitForSelector('#grid-form:not([hidden])');
  result.panel = await page.$$eval('#grid-figures dd', (l) => Object.fromEntries(l.map((x) => [x.dataset.figure, x.textContent])));
  await page.fill('#grid-form input[name=name]', 'E2E改名');
  await page.click('#grid-form button[type=submit]');
  await page.waitForFunction(() => window.gridEditor.state.grids[0].change === 'changed');
  await tool('save');
  await page.waitForFunction(() => !window.gridEditor.state.busy && window.gridEditor.state.grids[0]?.name === 'E2E改名'
    && !window.gridEditor.state.grids[0].change && window.gridEditor.state.grids[0].version != null);

  // 2e. The URL holds village and grid: a reload comes back to both; Back leaves the district view again.
  await page.click('#grid-list li');
  const selectedCode = await page.evaluate(() => window.gridEditor.state.grids[0].code);
  await page.waitForFunction((c) => location.hash.includes(`grid=${c}`), selectedCode);
  const url = await page.evaluate(() => location.href);
  await page.reload();
  await page.waitForFunction((c) => window.gridEditor?.state.validation
    && window.gridEditor.state.selected.length === 1 && window.gridEditor.state.grids.find((g) => g.key === window.gridEditor.state.selected[0])?.code === c, selectedCode);
  result.reload = { url, village: await page.evaluate(() => window.gridEditor.state.village), grid: selectedCode,
    title: await page.textContent('#grid-title') };
  await page.click('#crumb-district');
  await page.waitForFunction(() => window.gridEditor.state.village === null && document.body.dataset.view === 'district');
  await page.goBack();
  await page.waitForFunction((v) => window.gridEditor.state.village === v && window.gridEditor.state.validation, opts['empty-village']);
  result.back = { village: await page.evaluate(() => window.gridEditor.state.village) };
  result.timings.overlapRenameReloadBackMs = Date.now() - newSteps;

  // 3. Split a grid of the sample village along a vertical line through its middle, then merge back.
  await open(opts.village);
  // The base map draws the village's buildings and roads from /tiles (our vector tiles).
  await page.waitForFunction(() => {
    const { map } = window.gridEditor;
    return map.getLayer('base-buildings') && map.queryRenderedFeatures({ layers: ['base-buildings'] }).length > 0
      && map.queryRenderedFeatures({ layers: ['base-roads'] }).length > 0;
  });
  result.baseMap = await page.evaluate(() => {
    const { map } = window.gridEditor;
    const count = (layer) => map.queryRenderedFeatures({ layers: [layer] }).length;
    return { buildings: count('base-buildings'), roads: count('base-roads'), villages: count('base-villages-fill') };
  });
  result.baseMap.requests = tileAnswers;
  // The village's grids as the map renders them: neighbours in different fills (the test checks the
  // adjacency itself on the outlines fetched here).
  await page.waitForFunction(() => window.gridEditor.map.queryRenderedFeatures({ layers: ['grids-fill'] }).length > 0);
  result.fills = await page.evaluate(async (v) => {
    const fill = {};
    for (const f of window.gridEditor.map.queryRenderedFeatures({ layers: ['grids-fill'] })) fill[f.properties.code] = f.properties.fill;
    const grids = (await (await fetch(`/api/v1/grids?village=${v}&revision=draft`)).json()).features;
    return { fill, grids };
  }, opts.village);
  // Labels are canvas images added when the symbol layer first asks for them: placed a frame later.
  await page.waitForFunction(() => window.gridEditor.map.queryRenderedFeatures({ layers: ['grids-label'] }).length > 0);
  result.labels = await page.evaluate(() => window.gridEditor.map.queryRenderedFeatures({ layers: ['grids-label'] }).length);
  const before = await page.evaluate(() => window.gridEditor.state.grids.length);
  const codesBefore = await page.evaluate(() => window.gridEditor.state.grids.map((x) => x.code));
  const split = opts['split-grid'];
  await page.click(`#grid-list li[data-code="${split}"]`);
  const g = await page.evaluate(async (c) => (await (await fetch(`/api/v1/grids/${c}`)).json()).geometry, split);
  const xs = g.coordinates[0].map((c) => c[0]);
  const ys = g.coordinates[0].map((c) => c[1]);
  const mx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const h = Math.max(...ys) - Math.min(...ys);
  await tool('split');
  await click(mx, Math.max(...ys) + h * 0.05);
  await click(mx, Math.min(...ys) - h * 0.05);
  await tool('finish');
  await page.waitForFunction((n) => window.gridEditor.state.grids.length === n + 1, before);
  const parts = await page.evaluate(([c, known]) => window.gridEditor.state.grids
    .filter((x) => x.code === c || !known.includes(x.code)).map((x) => x.code), [split, codesBefore]);
  result.split = { before, after: before + 1, parts };
  await tool('merge');
  for (const code of parts) await page.click(`#grid-list li[data-code="${code}"]`);
  await tool('finish');
  await page.waitForFunction((n) => window.gridEditor.state.grids.length === n, before);
  result.merged = { after: await page.evaluate(() => window.gridEditor.state.grids.length), codes: parts };

  // 4. Conflict: rename in the editor, meanwhile someone else saves the same grid.
  await page.click(`#grid-list li[data-code="${split}"]`);
  await page.fill('#grid-form input[name=name]', '冲突测试');
  await page.click('#grid-form button[type=submit]');
  const current = await api('GET', `/api/v1/grids/${split}?revision=draft`);
  const other = await api('PUT', `/api/v1/grids/${split}`, { type: 'Feature', properties: { name: '别人改的' } },
    { 'If-Match': `"${current.json.properties.version}"` });
  result.otherSave = other.status;
  await tool('save');
  await page.waitForSelector('#dialog:not([hidden])');
  result.conflictText = await page.textContent('#dialog-text');
  await page.click('#dialog-buttons button:first-child');
  await page.waitForFunction((c) => window.gridEditor.state.grids.find((x) => x.code === c)?.name === '别人改的', split);
  // The editor shows the draft; what officials and other systems read is still the published grid.
  const published = await api('GET', `/api/v1/grids/${split}`);
  result.draftVsPublished = {
    editorName: await page.evaluate((c) => window.gridEditor.state.grids.find((x) => x.code === c)?.name, split),
    publishedName: published.json?.properties?.name,
    draftState: await page.textContent('#draft-state'),
  };

  // 5. Auto-partition the village; the live validation of the proposal must pass; save it.
  const validations = await page.evaluate(() => window.gridEditor.state.validations);
  await tool('auto');
  await page.waitForFunction((n) => window.gridEditor.state.replaceSet && window.gridEditor.state.validations > n, validations);
  result.autoPartition = await page.evaluate(() => ({
    grids: window.gridEditor.state.grids.length, ok: window.gridEditor.state.validation.ok,
    errors: window.gridEditor.state.validation.errors.map((e) => e.message).slice(0, 5) }));
  await tool('save');
  await page.waitForFunction(() => !window.gridEditor.state.busy && !window.gridEditor.state.replaceSet
    && window.gridEditor.state.grids.every((x) => x.version != null));

  await page.click('#grid-list li');
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${opts.out}/editor-village.png` });

  // 5b. Working safely (review village): undo/redo, compare before publish, versions, a second planner, import preview.
  if (opts['review-village']) result.review = await reviewSteps({ browser, page, open, click, tool, api });

  // 6. English switch.
  await page.click('#lang');
  result.englishTitle = await page.textContent('#topbar strong');
} catch (e) {
  result.result = 'failed';
  result.reviewStep = reviewStep;
  result.message = String(e.stack || e);
  // What the editor was doing when the step timed out, for the log.
  result.editor = await page?.evaluate(() => {
    const { state, draw } = window.gridEditor || {};
    return state && { mode: state.mode, editing: state.editing, selected: state.selected, status: document.getElementById('status').textContent,
      grids: state.grids.map((g) => ({ code: g.code, change: g.change, version: g.version })), drawMode: draw.getMode(), drawState: draw.getModeState(),
      drawFeatures: draw.getSnapshot().map((f) => ({ mode: f.properties.mode, type: f.geometry.type })),
      view: { zoom: window.gridEditor.map.getZoom(), center: window.gridEditor.map.getCenter().toArray(),
        hash: location.hash, villagesDrawn: window.gridEditor.map.queryRenderedFeatures({ layers: ['district-fill'] })
          .map((f) => f.properties.code) } };
  }).catch((err) => String(err));
} finally {
  result.browserErrors = errors;
  if (browser) await browser.close();
  console.log(JSON.stringify(result));
}

// ---- Working safely: every step of it in the review village, so the steps above stay as they are.

async function reviewSteps({ browser, page, open, click, tool, api }) {
  const village = opts['review-village'];
  const out = {};
  const editor = (fn, arg) => page.evaluate(fn, arg);
  const count = () => editor(() => window.gridEditor.state.grids.filter((g) => g.change !== 'deleted').length);
  const blur = () => editor(() => document.activeElement?.blur());
  const started = Date.now();

  reviewStep = 'a village opened by a click on the district map';
  // From the village open before, back to the district and a click inside the review village's outline.
  await page.click('#crumb-district');
  await page.waitForFunction(() => window.gridEditor.state.village === null
    && window.gridEditor.map.queryRenderedFeatures({ layers: ['district-fill'] }).length > 0);
  const outline = (await api('GET', `/api/v1/regions/${village}`)).json.bbox;
  const clickedAt = Date.now();
  await click((outline[0] + outline[2]) / 2, (outline[1] + outline[3]) / 2);
  await page.waitForFunction((v) => window.gridEditor.state.village === v && window.gridEditor.state.validation, village);
  out.mapOpen = { hash: await editor(() => location.hash), crumb: await page.textContent('#crumb-village'), ms: Date.now() - clickedAt };
  const first = `${village}001`;

  reviewStep = 'a grid worker assigned in the side panel';
  // The first grid's worker and Party branch by name; ticking another of the village's workers assigns them at once.
  const workersShown = Date.now();
  await page.click(`#grid-list li[data-code="${first}"]`);
  const tick = `#grid-workers:not([hidden]) input[value="${opts['assign-worker']}"]`;
  await page.waitForSelector(tick);
  const figures = () => page.$$eval('#grid-figures dd', (l) => Object.fromEntries(l.map((x) => [x.dataset.figure, x.textContent])));
  out.workers = { before: await figures(), ticks: await editor(() => [...document.querySelectorAll('#grid-workers label')].map((l) => l.textContent.trim())) };
  await page.check(tick);
  await page.waitForFunction((sel) => !document.querySelector(sel).disabled
    && window.gridEditor.state.selected.length === 1, tick);
  await page.waitForFunction(() => document.querySelector('#grid-figures dd[data-figure="workers"]').textContent.includes('、'));
  out.workers.after = await figures();
  out.workers.ms = Date.now() - workersShown;

  reviewStep = 'undo/redo of a split';
  const g = (await api('GET', `/api/v1/grids/${first}`)).json.geometry;
  const xs = g.coordinates[0].map((c) => c[0]);
  const ys = g.coordinates[0].map((c) => c[1]);
  const mx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const h = Math.max(...ys) - Math.min(...ys);
  const before = await count();
  out.undoDisabledAtStart = await page.isDisabled('#toolbar [data-tool="undo"]');
  await page.click(`#grid-list li[data-code="${first}"]`);
  await tool('split');
  await click(mx, Math.max(...ys) + h * 0.05);
  await click(mx, Math.min(...ys) - h * 0.05);
  await tool('finish');
  await page.waitForFunction((n) => window.gridEditor.state.grids.length === n + 1, before);
  await blur();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((n) => window.gridEditor.state.grids.length === n && window.gridEditor.state.replaceSet, before);
  out.afterUndo = { grids: await count(), redoEnabled: !(await page.isDisabled('#toolbar [data-tool="redo"]')) };
  await page.keyboard.press('Control+Shift+z');
  await page.waitForFunction((n) => window.gridEditor.state.grids.length === n + 1 && !window.gridEditor.state.replaceSet, before);
  out.afterRedo = { grids: await count() };

  reviewStep = 'undo/redo of an attribute edit';
  const second = `${village}002`;
  await page.click(`#grid-list li[data-code="${second}"]`);
  const oldName = await page.inputValue('#grid-form input[name=name]');
  await page.fill('#grid-form input[name=name]', '复核改名');
  await page.click('#grid-form button[type=submit]');
  const nameOf = (code) => editor((c) => window.gridEditor.state.grids.find((x) => x.code === c)?.name, code);
  await blur();
  await page.keyboard.press('Control+z');
  out.nameAfterUndo = await nameOf(second);
  await page.keyboard.press('Control+y');
  out.nameAfterRedo = await nameOf(second);
  out.oldName = oldName;
  await tool('save');
  await page.waitForFunction(() => !window.gridEditor.state.busy && window.gridEditor.state.grids.every((x) => !x.change));

  reviewStep = 'compare before publish';
  await tool('publish');
  await page.waitForSelector('#compare:not([hidden]) #compare-list li');
  out.compare = await editor(() => [...document.querySelectorAll('#compare-list li')]
    .map((li) => ({ change: li.dataset.change, code: li.dataset.code, text: li.textContent })));
  out.compareDrawn = await editor(() => window.gridEditor.map.getSource('compare')?.serialize().data?.features?.length ?? null);
  await page.screenshot({ path: 'target/editor-e2e-compare.png' }).catch(() => {});
  await page.click('#compare [data-action="publish"]');
  await page.waitForFunction(() => document.getElementById('draft-state').dataset.draft === 'none');
  await page.click('[data-review="versions"]');
  await page.waitForSelector('#versions:not([hidden]) #version-list li[data-version]');
  out.versions = await editor(() => [...document.querySelectorAll('#version-list li')].map((li) => li.textContent));
  await page.click('#versions button.close');

  reviewStep = 'print the village map';
  // 一村一图 of what was just published: the print button opens the PDF in a new tab.
  const printed = page.context().waitForEvent('response', (r) => r.url().includes(`/villages/${village}/map.pdf`));
  await tool('print');
  const pdf = await printed;
  out.printed = { status: pdf.status(), type: pdf.headers()['content-type'], bytes: (await pdf.body().catch(() => null))?.length ?? null };

  reviewStep = 'a second planner';
  // The first planner opens a draft (a rename, saved); the second, in a session of their own, sees it.
  await page.click(`#grid-list li[data-code="${second}"]`);
  await page.fill('#grid-form input[name=name]', '第一人改');
  await page.click('#grid-form button[type=submit]');
  await tool('save');
  await page.waitForFunction(() => !window.gridEditor.state.busy && document.getElementById('draft-state').dataset.draft === 'open');
  const context2 = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const page2 = await context2.newPage();
  page2.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page2.on('pageerror', (e) => errors.push(`pageerror (second planner): ${e.message}`));
  page2.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|412)/.test(m.text())) errors.push(`console (second planner): ${m.text()}`);
  });
  await page2.goto(new URL(`/editor?village=${village}`, opts.url).href);
  await page2.waitForSelector('#login:not([hidden]) .signin-card');
  await page2.fill('#login input[name=username]', opts['second-user']);
  await page2.fill('#login input[name=password]', opts['second-password']);
  await page2.click('#login button[type=submit]');
  await page2.waitForFunction((v) => window.gridEditor?.state.village === v && window.gridEditor.state.validation, village);
  await page2.waitForSelector('#presence:not([hidden])');
  out.presence = await page2.textContent('#presence');
  // Both rename the same grid; the first saves first, the second's save is stale.
  await page2.click(`#grid-list li[data-code="${second}"]`);
  await page2.fill('#grid-form input[name=name]', '第二人改');
  await page2.click('#grid-form button[type=submit]');
  await page.click(`#grid-list li[data-code="${second}"]`);
  await page.fill('#grid-form input[name=name]', '第一人再改');
  await page.click('#grid-form button[type=submit]');
  await tool('save');
  await page.waitForFunction(() => !window.gridEditor.state.busy && window.gridEditor.state.grids.every((x) => !x.change));
  await page2.click('#toolbar [data-tool="save"]');
  await page2.waitForSelector('#dialog:not([hidden])');
  out.staleSave = { text: await page2.textContent('#dialog-text'),
    buttons: await page2.evaluate(() => [...document.querySelectorAll('#dialog-buttons button')].map((b) => b.textContent)) };
  await page2.click('#dialog-buttons button:first-child');
  await page2.waitForFunction((c) => window.gridEditor.state.grids.find((x) => x.code === c)?.name === '第一人再改', second);
  out.reloadedName = '第一人再改';
  await context2.close();

  reviewStep = 'import preview with a field mapping';
  const bbox = (await api('GET', `/api/v1/regions/${village}`)).json.bbox;
  const xm = (bbox[0] + bbox[2]) / 2;
  const box = (x0, x1) => [[[x0, bbox[1]], [x1, bbox[1]], [x1, bbox[3]], [x0, bbox[3]], [x0, bbox[1]]]];
  const upload = { type: 'FeatureCollection', features: [
    { type: 'Feature', properties: { BM: `${village}021`, MC: '西片', LX: '普通网格', BZ: '旧西' }, geometry: { type: 'Polygon', coordinates: box(bbox[0], xm) } },
    { type: 'Feature', properties: { BM: `${village}022`, MC: '东片', LX: '安置小区', BZ: '旧东' }, geometry: { type: 'Polygon', coordinates: box(xm, bbox[2]) } }] };
  await page.setInputFiles('#import-file', { name: 'grids.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(upload)) });
  await page.waitForSelector('#import-preview:not([hidden]) #preview-result');
  const mapping = () => editor(() => Object.fromEntries(['code', 'name', 'kind']
    .map((f) => [f, document.querySelector(`#import-preview select[name=${f}]`).value])));
  out.preview = { suggested: await mapping(), facts: await editor(() => Object.fromEntries([...document.querySelectorAll('#import-preview [data-fact]')]
    .map((el) => [el.dataset.fact, el.textContent]))), drawn: await editor(() => window.gridEditor.map.getSource('import-preview')?.serialize().data?.features?.length ?? null) };
  await page.selectOption('#import-preview select[name=name]', 'BZ');
  await page.waitForFunction(() => [...document.querySelectorAll('#preview-grids li')].some((li) => li.textContent.includes('旧西')));
  out.preview.chosen = await mapping();
  out.preview.result = await page.textContent('#preview-result');
  await page.screenshot({ path: 'target/editor-e2e-import-preview.png' }).catch(() => {});
  await page.click('#import-preview [data-action="import"]');
  await page.waitForFunction((c) => window.gridEditor.state.grids.some((x) => x.code === c), `${village}021`);
  out.imported = await editor(() => window.gridEditor.state.grids.map((x) => ({ code: x.code, name: x.name, kind: x.kind })));
  out.seconds = (Date.now() - started) / 1000;
  reviewStep = null;
  return out;
}

