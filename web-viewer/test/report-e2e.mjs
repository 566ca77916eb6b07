// Browser test of the grid worker's report page (report.html) on a phone-sized screen: signs in,
// switches to English and back, takes the location from navigator.geolocation (granted and set by
// the browser context), waits for the grid the report lands in, sends it and reads the receipt.
// Prints one JSON line (the last line of stdout) that ReportPageBrowserTest checks:
//   {"result":"ok","titles":{"zh":..,"en":..},"grid":"...","receipt":{...},"foreign":[],"errors":[]}
// Usage: node test/report-e2e.mjs --url http://127.0.0.1:8080/report.html --user U --password P
//        --lon 118.7 --lat 24.96 --description TEXT [--chromium /usr/bin/chromium] [--timeout-seconds 60]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, lon: { type: 'string' },
    lat: { type: 'string' }, description: { type: 'string', default: '电动车在楼道内充电' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, 'timeout-seconds': { type: 'string', default: '60' },
  },
});
for (const required of ['url', 'user', 'password', 'lon', 'lat']) {
  if (!opts[required]) finish({ result: 'error', message: `--${required} is required` });
}

const errors = [];
const foreign = [];
let browser;
try {
  browser = await chromium.launch({ executablePath: opts.chromium, args: ['--headless', '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const origin = new URL(opts.url).origin;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
    geolocation: { longitude: Number(opts.lon), latitude: Number(opts.lat), accuracy: 8 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Before sign-in the page asks /api/v1/auth/me whether a session exists: that 401 is expected.
  let signedIn = false;
  page.on('console', (m) => {
    if (m.type() === 'error' && (signedIn || !m.text().includes('401'))) errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });

  await page.goto(opts.url);
  await page.locator('#signin').waitFor({ state: 'visible' });
  await page.fill('input[name=username]', opts.user);
  await page.fill('input[name=password]', opts.password);
  await page.click('#signin button[type=submit]');
  await page.locator('#report').waitFor({ state: 'visible' });
  signedIn = true;

  const titles = { zh: await page.textContent('h1') };
  await page.click('#lang');
  titles.en = await page.textContent('h1');
  titles.enCategory = await page.locator('#category option').first().textContent();
  await page.click('#lang');
  titles.back = await page.textContent('h1');

  await page.selectOption('#category', 'fire_hazard');
  await page.selectOption('#level', 'prominent');
  await page.fill('textarea[name=description]', opts.description);
  await page.fill('input[name=photos]', 'IMG_0001.jpg IMG_0002.jpg');
  await page.click('#gps');
  await page.waitForFunction(() => /\d{15}/.test(document.getElementById('grid').textContent));
  const grid = (await page.textContent('#grid')).match(/\d{15}/)[0];
  await page.click('#submit');
  await page.locator('#done').waitFor({ state: 'visible' });
  const receipt = await page.evaluate(() => {
    const out = {};
    const dts = [...document.querySelectorAll('#done-details dt')];
    dts.forEach((dt) => { out[dt.textContent] = dt.nextElementSibling.textContent; });
    return out;
  });
  finish({ result: 'ok', titles, grid, receipt, foreign, errors });
} catch (e) {
  finish({ result: 'error', message: String(e?.message ?? e), foreign, errors });
}

async function finish(json) {
  if (browser) await browser.close().catch(() => {});
  console.log(JSON.stringify(json));
  process.exit(0);
}
