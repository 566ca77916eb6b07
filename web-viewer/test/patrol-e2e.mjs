// Browser test of a grid worker's patrol on the report page (report.html) with the network cut
// halfway: signs in, starts a patrol, walks (the browser context's geolocation moves along --walk,
// with one inaccurate fix and one jump that the page must leave out), loses the network
// (context.setOffline), walks on, reports an event on the patrol, reloads the page without a network
// (the service worker serves it, the outbox and the patrol survive in IndexedDB), walks on, gets the
// network back, waits until the outbox is empty, ends the patrol and reads the summary. Before the
// network goes it looks up the buildings nearby; without a network it checks in at one (走访).
// Prints one JSON line (the last line of stdout) that ReportPageBrowserTest checks:
//   {"result":"ok","patrol":"p-...","pointIds":[...],"rejected":{...},"summary":{...},
//    "offline":{"waiting":n,"text":...},"reloadedOffline":true,"report":{...},"foreign":[],"errors":[]}
// Usage: node test/patrol-e2e.mjs --url http://127.0.0.1:8080/report.html --user U --password P
//        --grid CODE --walk "lon,lat;lon,lat;..." [--chromium /usr/bin/chromium] [--timeout-seconds 60]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, grid: { type: 'string' },
    walk: { type: 'string' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
    'timeout-seconds': { type: 'string', default: '60' },
  },
});
for (const required of ['url', 'user', 'password', 'grid', 'walk']) {
  if (!opts[required]) finish({ result: 'error', message: `--${required} is required` });
}
const walk = opts.walk.split(';').map((p) => p.split(',').map(Number));

const errors = [];
const foreign = [];
let browser;
try {
  browser = await chromium.launch({ executablePath: opts.chromium, args: ['--headless', '--no-sandbox',
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-sandbox',
    '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const origin = new URL(opts.url).origin;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
    geolocation: { longitude: walk[0][0], latitude: walk[0][1], accuracy: 6 }, permissions: ['geolocation'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  let signedIn = false;
  let offline = false;
  page.on('console', (m) => {
    const text = m.text();
    // without a network the browser reports each failed request; those are expected then
    const expected = (!signedIn && text.includes('401')) || (offline && /ERR_INTERNET_DISCONNECTED|Failed to (load|fetch)/.test(text));
    if (m.type() === 'error' && !expected) errors.push(`console: ${text}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith(`blob:${origin}/`)) {
      foreign.push(r.url());
    }
  });

  await page.goto(opts.url);
  await page.locator('#signin').waitFor({ state: 'visible' });
  await page.fill('input[name=username]', opts.user);
  await page.fill('input[name=password]', opts.password);
  await page.click('#signin button[type=submit]');
  await page.locator('#patrol').waitFor({ state: 'visible' });
  signedIn = true;
  // the page's copy for a reload without a network
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });

  // the buildings of the worker's grids near the phone, fetched while there is a network
  await page.click('#visit-nearby');
  await page.waitForFunction(() => document.querySelectorAll('#visit-building option').length > 0);
  const visitBuilding = await page.inputValue('#visit-building');

  await page.selectOption('#patrol-grid', opts.grid);
  await page.click('#patrol-start');
  await page.locator('#patrol-end').waitFor({ state: 'visible' });
  const points = async () => Number((await page.textContent('#patrol-status')).match(/(\d+) 个点/)?.[1] ?? -1);
  await page.waitForFunction(() => /1 个点/.test(document.getElementById('patrol-status').textContent));

  /** Moves the phone and waits until the page has counted the position. */
  async function step(i) {
    const before = await points();
    await context.setGeolocation({ longitude: walk[i][0], latitude: walk[i][1], accuracy: 6 });
    await page.waitForFunction((n) => {
      const m = document.getElementById('patrol-status').textContent.match(/(\d+) 个点/);
      return m && Number(m[1]) > n;
    }, before);
  }

  const half = Math.floor(walk.length / 2);
  for (let i = 1; i < half; i++) await step(i);
  // an inaccurate fix and a jump of a kilometre: left out
  await context.setGeolocation({ longitude: walk[half][0], latitude: walk[half][1], accuracy: 250 });
  await page.waitForFunction(() => /精度/.test(document.getElementById('patrol-gps').textContent));
  await context.setGeolocation({ longitude: walk[half][0] + 0.01, latitude: walk[half][1], accuracy: 6 });
  await page.waitForFunction(() => /跳变/.test(document.getElementById('patrol-gps').textContent));

  // the network goes; the walk goes on
  offline = true;
  await context.setOffline(true);
  const quarter = half + Math.floor((walk.length - half) / 2);
  for (let i = half; i < quarter; i++) await step(i);

  // a check-in without a network: kept on the phone, from the list fetched before
  const visitNote = `走访-e2e-${Date.now()}`;
  await page.fill('#visit-note', visitNote);
  await page.click('#visit-submit');
  await page.waitForFunction(() => /已签到/.test(document.getElementById('visit-status').textContent));

  // a report on the patrol without a network: kept on the phone
  await page.selectOption('#category', 'sanitation');
  await page.fill('textarea[name=description]', '巡查发现垃圾堆放');
  await page.click('#gps');
  await page.waitForFunction(() => !document.getElementById('submit').disabled);
  const linkedText = await page.textContent('#report-patrol');
  await page.click('#submit');
  await page.locator('#done').waitFor({ state: 'visible' });
  const queuedReceipt = await page.textContent('#done-details');
  const waitingOffline = Number(await page.getAttribute('#outbox', 'data-waiting'));
  const offlineText = await page.textContent('#outbox');

  // a reload without a network: the page comes from the service worker, the patrol from IndexedDB
  await page.reload();
  await page.locator('#patrol-end').waitFor({ state: 'visible' });
  const afterReload = await points();
  for (let i = quarter; i < walk.length; i++) await step(i);

  // the network is back: the outbox empties in order
  await context.setOffline(false);
  offline = false;
  await page.waitForFunction(() => document.getElementById('outbox').dataset.waiting === '0', null, { timeout: 30_000 });

  await page.click('#patrol-end');
  await page.locator('#patrol-figures').waitFor({ state: 'visible' });
  const summary = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#patrol-figures dd')]
    .map((dd) => [dd.dataset.key, dd.textContent])));
  const stored = (key) => page.evaluate((k) => new Promise((resolve, reject) => {
    const open = indexedDB.open('gridscape-report');
    open.onsuccess = () => {
      const get = open.result.transaction('state').objectStore('state').get(k);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    };
    open.onerror = () => reject(open.error);
  }), key);
  const visit = { ...(await stored('lastVisit')), sent: await stored('lastVisitSent'), note: visitNote, chosen: visitBuilding };
  const last = await stored('lastPatrol');
  finish({ result: 'ok', patrol: last.id, pointIds: last.pointIds, rejected: last.rejected, summary,
    offline: { waiting: waitingOffline, text: offlineText }, reloadedOffline: afterReload > 0,
    report: { linkedText, queuedReceipt }, visit, foreign, errors });
} catch (e) {
  finish({ result: 'error', message: String(e?.message ?? e), foreign, errors });
}

async function finish(json) {
  if (browser) await browser.close().catch(() => {});
  console.log(JSON.stringify(json));
  process.exit(0);
}
