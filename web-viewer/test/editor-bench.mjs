// Editor benchmark behind BENCHMARKS.md ("The planners' editor in the browser"): against a running
// server, per run in a fresh headless Chromium: the editor's first view (sign-in to the district's
// villages drawn), a village opened from the picker (click to its grids and validation shown), and
// the live validation while a vertex is dragged. A drag moves the vertex in 12 steps, one mouse event
// every --step-ms (16 ms: a 60 Hz mouse). Measured: while dragging, each validation shown, from the
// first outline change it covers to the result drawn (the editor's own record, live-validation.js:
// one request in flight, the changes made meanwhile sent together when it returns); after the drop,
// the time from releasing the mouse to the snapped outline validated and shown (two requests: snap,
// then validation); and every validation request's own time (Resource Timing). Nothing is saved: the
// drags stay local edits.
// Usage: node test/editor-bench.mjs --url http://127.0.0.1:8080/ --user PLANNER --password P
//          --village 12-DIGIT-CODE [--runs 3] [--drags 10] [--step-ms 16]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, village: { type: 'string' },
    runs: { type: 'string', default: '3' }, drags: { type: 'string', default: '10' },
    'step-ms': { type: 'string', default: '16' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
for (const required of ['url', 'user', 'password', 'village']) {
  if (!opts[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const all = { firstViewMs: [], villageOpenMs: [], whileDraggingMs: [], dropToValidationMs: [],
  validationRequestMs: [] };

for (let run = 1; run <= Number(opts.runs); run++) {
  const browser = await chromium.launch({ executablePath: opts.chromium,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(new URL('/editor', opts.url).href);
    await page.waitForSelector('#login:not([hidden]) .signin-card');
    await page.fill('#login input[name=username]', opts.user);
    await page.fill('#login input[name=password]', opts.password);
    const signIn = Date.now();
    await page.click('#login button[type=submit]');
    await page.waitForFunction(() => window.gridEditor?.state.overview?.features?.length > 0);
    const firstView = Date.now() - signIn;

    const open = Date.now();
    await page.evaluate((code) => { location.hash = `village=${code}`; }, opts.village);
    await page.waitForFunction((code) => window.gridEditor.state.village === code && window.gridEditor.state.validation
      && !window.gridEditor.state.busy, opts.village);
    const villageOpen = Date.now() - open;

    // The largest grid, in vertex mode; each drag moves one of its corners a little and back.
    const corner = await page.evaluate(() => {
      const s = window.gridEditor.state;
      const area = (g) => { const b = g.geometry.coordinates[0]; let a = 0;
        for (let i = 1; i < b.length; i++) a += b[i - 1][0] * b[i][1] - b[i][0] * b[i - 1][1]; return Math.abs(a); };
      const g = [...s.grids].sort((a, b) => area(b) - area(a))[0];
      return { key: g.key, code: g.code, ring: g.geometry.coordinates[0] };
    });
    await page.click(`#grid-list li[data-code="${corner.code}"]`);
    await page.click('#toolbar [data-tool="vertices"]');
    await page.waitForFunction(() => window.gridEditor.state.editing && window.gridEditor.draw.getMode() === 'select');
    const pixel = (lng, lat) => page.evaluate(([x, y]) => {
      const at = window.gridEditor.project(x, y);
      const box = document.getElementById('map').getBoundingClientRect();
      return { x: at.x + box.left, y: at.y + box.top };
    }, [lng, lat]);
    let [vx, vy] = corner.ring[0];
    const drags = [];
    const requests = [];
    const whileDragging = [];
    await page.evaluate(() => performance.clearResourceTimings());
    for (let i = 0; i < Number(opts.drags); i++) {
      const a = await pixel(vx, vy);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      const to = { x: a.x + (i % 2 ? -12 : 12), y: a.y + (i % 2 ? -8 : 8) };
      const shownBefore = await page.evaluate(() => window.gridEditor.validationLatencies.length);
      for (let step = 1; step <= 12; step++) {
        await page.mouse.move(a.x + ((to.x - a.x) * step) / 12, a.y + ((to.y - a.y) * step) / 12);
        await page.waitForTimeout(Number(opts['step-ms']));
      }
      // the last outline of the drag validated before the drop
      await page.waitForFunction((n) => window.gridEditor.validationLatencies.length > n, shownBefore);
      await page.waitForTimeout(150);
      whileDragging.push(...await page.evaluate((n) => window.gridEditor.validationLatencies.slice(n), shownBefore));
      const before = await page.evaluate(() => window.gridEditor.state.validations);
      const released = await page.evaluate(() => performance.now());
      await page.mouse.up();
      const shown = await page.waitForFunction((n) => window.gridEditor.state.validations > n
        && performance.now(), before).then((h) => h.jsonValue());
      drags.push(shown - released);
      requests.push(...await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => e.name.includes('/validation')).map((e) => e.duration)));
      await page.evaluate(() => performance.clearResourceTimings());
      const moved = await page.evaluate(({ x, y }) => window.gridEditor.map.unproject([x, y]).toArray(),
        { x: to.x - (await page.evaluate(() => document.getElementById('map').getBoundingClientRect().left)),
          y: to.y - (await page.evaluate(() => document.getElementById('map').getBoundingClientRect().top)) });
      [vx, vy] = moved;
    }
    all.firstViewMs.push(firstView);
    all.villageOpenMs.push(villageOpen);
    all.dropToValidationMs.push(...drags);
    all.whileDraggingMs.push(...whileDragging);
    all.validationRequestMs.push(...requests);
    const grids = await page.evaluate(() => window.gridEditor.state.grids.length);
    console.log(`run ${run}: first view ${firstView} ms, village open ${villageOpen} ms (${grids} grids); `
      + `while dragging ${whileDragging.map(Math.round).join(', ')} ms; `
      + `drop to validation shown ${drags.map(Math.round).join(', ')} ms; `
      + `validation request ${requests.map(Math.round).join(', ')} ms`);
  } finally {
    await browser.close();
  }
}
for (const [key, values] of Object.entries(all)) {
  if (!values.length) continue;
  const sorted = [...values].sort((a, b) => a - b);
  console.log(`${key}: median ${Math.round(median(values))} ms, p90 ${Math.round(sorted[Math.floor(0.9 * (sorted.length - 1))])}`
    + ` ms, max ${Math.round(sorted[sorted.length - 1])} ms (${values.length} samples)`);
}
