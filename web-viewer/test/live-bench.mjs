// Benchmark: how long open viewers take to show a write made elsewhere. Two viewers (two browser
// contexts, two sessions, 800 x 600, Cesium's costly effects off) show an event's grid and the
// dashboard; each round closes or reopens an event through the API (rounds alternate, a new event
// and grid every two rounds, each event left reopened) and measures, per viewer, the ms from the API
// response to the change feed's batch, the grid card's "events in progress" and the dashboard's
// "events closed" showing the new numbers (page clock, performance.timeOrigin + now()). Prints every
// round and p50/max of the later of card and dashboard; the target is 1,000 ms.
// The server's data changes: each event used moves from the supervision step to handling.
// Usage: node test/live-bench.mjs --url http://127.0.0.1:8080/ --user U --password P [--runs 10]
//        [--viewers 2] [--chromium /usr/bin/chromium] [--out result.json]
import { launchChromium, openPage, signIn } from './browser.mjs';
import { apiClient, closableEvents, followOneWrite, showGridAndDashboard, stepEvent } from './live-viewers.mjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
    runs: { type: 'string', default: '10' }, viewers: { type: 'string', default: '2' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, out: { type: 'string' },
  },
});
for (const required of ['url', 'user', 'password']) {
  if (!opts[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}
const runs = Number(opts.runs);
const browserErrors = [];
const browser = await launchChromium(opts.chromium);
let open = null; // an event closed and not reopened yet: reopened whatever happens
let client;
try {
  client = await apiClient(opts.url, opts.user, opts.password);
  const events = await closableEvents(client, Math.ceil(runs / 2));
  if (events.length < Math.ceil(runs / 2)) throw new Error(`only ${events.length} events at the supervision step in distinct grids`);
  const pages = [];
  for (let i = 0; i < Number(opts.viewers); i++) {
    const { page } = await openPage(browser, { origin: new URL(opts.url).origin, timeout: 120000, browserErrors });
    await signIn(page, { url: opts.url, user: opts.user, password: opts.password });
    pages.push(page);
  }
  const rounds = [];
  for (let r = 0; r < runs; r++) {
    const event = events[Math.floor(r / 2)];
    const action = r % 2 === 0 ? 'close' : 'reopen';
    if (action === 'close') await Promise.all(pages.map((p) => showGridAndDashboard(p, event.grid)));
    open = event;
    const round = await followOneWrite(pages, client, event, action, 30000);
    open = action === 'close' ? event : null;
    rounds.push(round);
    if (round.viewers.some((v) => v.reloaded)) throw new Error(`round ${r + 1}: a viewer was reloaded`);
    console.log(`round ${r + 1}: ${action} ${event.id} (grid ${event.grid}), API ${round.requestMs} ms; `
      + round.viewers.map((v, i) => `viewer ${i + 1}: batch ${v.batchMs}, card ${v.cardMs}, dashboard ${v.dashboardMs} ms`).join('; '));
  }
  if (open) {
    await stepEvent(client, open.id, 'reopen');
    open = null;
  }
  const shown = rounds.flatMap((round) => round.viewers.map((v) => v.shownMs)).sort((a, b) => a - b);
  const p50 = shown[Math.floor((shown.length - 1) / 2)];
  const max = shown[shown.length - 1];
  console.log(`shown (later of card and dashboard) over ${rounds.length} rounds x ${pages.length} viewers: p50 ${p50} ms, max ${max} ms (target 1000 ms)`);
  if (opts.out) writeFileSync(opts.out, JSON.stringify({ rounds, p50, max, browserErrors }, null, 2));
  await browser.close();
} catch (e) {
  console.error(e.message ?? e, browserErrors);
  if (open) await stepEvent(client, open.id, 'reopen').catch(() => {});
  await browser.close().catch(() => {});
  process.exit(1);
}
