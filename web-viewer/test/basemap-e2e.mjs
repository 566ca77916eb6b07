// Browser test of the ground under the 3D map: signs in through the UI with headless Chromium,
// looks straight down at district, village and grid zoom and, for each screenshot, counts how much
// of the map area the most common colour covers; at village zoom it reads the pixels under a pond
// and an arterial road the JUnit test (BaseMapBrowserTest) found in the sample's plan files.
// Prints one JSON line (the last line of stdout):
//   {"result":"ok","views":[{"name","file","topColour","topShare"}],"water":[[r,g,b]..],"road":[[r,g,b]..],
//    "imagery":[...],"foreignRequests":[...],"browserErrors":[...]}
// Usage: node test/basemap-e2e.mjs --url U --user U --password P --out DIR --views JSON --water JSON --road JSON
//   views: [{"name":"district","lon":..,"lat":..,"height":..}, ...]; water: [lon,lat,height];
//   road: {"height":..,"points":[[lon,lat],..]}
import { launchChromium, openPage, signIn } from './browser.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodePng } from './png.mjs';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, out: { type: 'string' },
    views: { type: 'string' }, water: { type: 'string' }, road: { type: 'string' },
    'timeout-seconds': { type: 'string', default: '180' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
for (const required of ['url', 'user', 'password', 'out', 'views', 'water', 'road']) {
  if (!opts[required]) fail(`--${required} is required`);
}
const timeout = Number(opts['timeout-seconds']) * 1000;
mkdirSync(opts.out, { recursive: true });

const log = (...args) => console.error('[basemap-e2e]', ...args);
const browserErrors = [];
let browser;
let page;

try {
  browser = await launchChromium(opts.chromium);
  let foreign;
  ({ page, foreign } = await openPage(browser, { origin: new URL(opts.url).origin, timeout, browserErrors }));
  await signIn(page, { url: opts.url, user: opts.user, password: opts.password });
  await page.waitForFunction(() => window.gridscape.firstTilesLoadedAt !== null || window.gridscape.errors.some((e) => e.startsWith('tileset')));
  await page.waitForFunction(() => window.gridscape.imagery().length > 0);
  const imagery = await page.evaluate(() => window.gridscape.imagery());
  log('signed in; imagery', JSON.stringify(imagery));

  const views = [];
  for (const view of JSON.parse(opts.views)) {
    await page.evaluate(([lon, lat, h, ms]) => window.gridscape.lookDown(lon, lat, h, ms), [view.lon, view.lat, view.height, timeout]);
    const file = join(opts.out, `ground-${view.name}.png`);
    const png = await page.screenshot({ path: file });
    const rect = await page.evaluate(() => window.gridscape.visibleMapRect());
    const { colour, share } = topColour(decodePng(png), rect);
    log(`${view.name}: most common colour ${colour} covers ${(share * 100).toFixed(1)}% of the map`);
    views.push({ name: view.name, file, topColour: colour, topShare: share });
  }

  const [wLon, wLat, wHeight] = JSON.parse(opts.water);
  await page.evaluate(([lon, lat, h, ms]) => window.gridscape.lookDown(lon, lat, h, ms), [wLon, wLat, wHeight, timeout]);
  const waterPng = await page.screenshot({ path: join(opts.out, 'ground-water.png') });
  const water = [await pixelAt(decodePng(waterPng), wLon, wLat)];

  const road = JSON.parse(opts.road);
  const [rLon, rLat] = road.points[Math.floor(road.points.length / 2)];
  await page.evaluate(([lon, lat, h, ms]) => window.gridscape.lookDown(lon, lat, h, ms), [rLon, rLat, road.height, timeout]);
  const roadImage = decodePng(await page.screenshot({ path: join(opts.out, 'ground-road.png') }));
  const roadPixels = [];
  for (const [lon, lat] of road.points) roadPixels.push(await pixelAt(roadImage, lon, lat));

  const result = { result: 'ok', views, water, road: roadPixels, imagery, foreignRequests: foreign, browserErrors };
  writeFileSync(join(opts.out, 'result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  await browser.close();
} catch (e) {
  if (page) await page.screenshot({ path: join(opts.out, 'failure.png') }).catch(() => {});
  if (browser) await browser.close().catch(() => {});
  fail(e.message ?? String(e));
}

/** The most common exact colour inside [left, top, right, bottom] and the share of pixels it has. */
function topColour(image, [left, top, right, bottom]) {
  const counts = new Map();
  let total = 0;
  for (let y = Math.max(0, top); y < Math.min(image.height, bottom); y++) {
    for (let x = Math.max(0, left); x < Math.min(image.width, right); x++) {
      const [r, g, b] = image.pixel(x, y);
      const key = (r << 16) | (g << 8) | b;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total++;
    }
  }
  let best = 0; let bestKey = 0;
  for (const [key, n] of counts) if (n > best) { best = n; bestKey = key; }
  return { colour: `#${bestKey.toString(16).padStart(6, '0')}`, share: total ? best / total : 1 };
}

/** Mean colour of the 3x3 pixels under a lon/lat, or null when it is off screen. */
async function pixelAt(image, lon, lat) {
  const at = await page.evaluate(([x, y]) => window.gridscape.toWindow(x, y), [lon, lat]);
  if (!at) return null;
  const [x, y] = at.map(Math.round);
  const sum = [0, 0, 0];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) image.pixel(x + dx, y + dy).forEach((v, i) => { sum[i] += v; });
  }
  return sum.map((v) => Math.round(v / 9));
}

function fail(message) {
  console.log(JSON.stringify({ result: 'error', message, browserErrors }));
  process.exit(1);
}
