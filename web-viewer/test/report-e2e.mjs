// Browser test of the grid worker's report page (report.html) on a phone-sized screen: signs in,
// switches to English and back, takes the location from navigator.geolocation (granted and set by
// the browser context), waits for the grid the report lands in, picks photos (one too big, refused
// before upload; one small generated PNG, previewed), sends it and reads the receipt.
// Prints one JSON line (the last line of stdout) that ReportPageBrowserTest checks:
//   {"result":"ok","titles":{"zh":..,"en":..},"grid":"...","receipt":{...},
//    "photo":{"size":..,"sha256":..,"previews":1,"tooBig":"..."},"foreign":[],"errors":[]}
// Usage: node test/report-e2e.mjs --url http://127.0.0.1:8080/report.html --user U --password P
//        --lon 118.7 --lat 24.96 --description TEXT [--chromium /usr/bin/chromium] [--timeout-seconds 60]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

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
  // blob: URLs are the photo previews, local to the page
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
  // a photo over 10 MB is refused in the page, before any upload; a small PNG is previewed
  const big = Buffer.alloc(10 * 1024 * 1024 + 1);
  big.set([0xff, 0xd8, 0xff]);
  await page.setInputFiles('#photos', { name: 'IMG_BIG.jpg', mimeType: 'image/jpeg', buffer: big });
  const tooBig = await page.textContent('#photo-error');
  const previewsAfterBig = await page.locator('#previews li').count();
  const png = makePng(16, 12);
  await page.setInputFiles('#photos', { name: 'IMG_0001.png', mimeType: 'image/png', buffer: png });
  await page.locator('#previews li img').first().waitFor({ state: 'visible' });
  const previewLoaded = await page.evaluate(() => document.querySelector('#previews img').naturalWidth);
  const photo = { size: png.length, sha256: createHash('sha256').update(png).digest('hex'), tooBig, previewsAfterBig,
    previews: await page.locator('#previews li').count(), previewWidth: previewLoaded };
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
  finish({ result: 'ok', titles, grid, receipt, photo, foreign, errors });
} catch (e) {
  finish({ result: 'error', message: String(e?.message ?? e), foreign, errors });
}

/** A small RGB PNG with a diagonal stripe, written here so the test needs no image file. */
function makePng(width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw.set(x === y ? [255, 77, 79] : [16, 36, 58], at);
    }
  }
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), data.length + 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

async function finish(json) {
  if (browser) await browser.close().catch(() => {});
  console.log(JSON.stringify(json));
  process.exit(0);
}
