// Browser test of how the 3D map looks and what an imported mesh does (issue 18): signs in with
// headless Chromium and
//  1. at the district's first view, records which content was drawn (village overviews, grid tiles)
//     and when first, and how many grid tilesets were requested;
//  2. flies to a grid through the search box and measures the share of the map in the terracotta
//     of pitched roofs (flat roofs are concrete grey, so a map of flat roofs has none);
//  3. looks straight down on a building under the imported mesh, clicks it, and reports what the
//     pick found (and from where: the mesh's building volume or an extruded feature) and the card.
// Prints one JSON line (the last line of stdout):
//   {"result":"ok","district":{drawn, gridTilesetRequests, contentRequests},"grid":{"file","terracottaShare"},
//    "mesh":{"picked","source","cardTitle","meshes"},"screenshots":[...],"foreignRequests":[],"browserErrors":[]}
// Usage: node test/scene-look-e2e.mjs --url U --user U --password P --out DIR --grid CODE
//          --mesh-point '[lon,lat]'
import { launchChromium, openPage, signIn } from './browser.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodePng } from './png.mjs';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, out: { type: 'string' },
    grid: { type: 'string' }, 'mesh-point': { type: 'string' },
    'timeout-seconds': { type: 'string', default: '240' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
for (const required of ['url', 'user', 'password', 'out', 'grid', 'mesh-point']) {
  if (!opts[required]) fail(`--${required} is required`);
}
const timeout = Number(opts['timeout-seconds']) * 1000;
mkdirSync(opts.out, { recursive: true });

const log = (...args) => console.error('[scene-look-e2e]', ...args);
const browserErrors = [];
const screenshots = [];
let browser;
let page;

try {
  browser = await launchChromium(opts.chromium);
  let foreign;
  ({ page, foreign } = await openPage(browser, { origin: new URL(opts.url).origin, timeout, browserErrors }));
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await signIn(page, { url: opts.url, user: opts.user, password: opts.password });

  // 1. The district's first view.
  await page.waitForFunction(() => window.gridscape.firstTilesLoadedAt !== null
    || window.gridscape.errors.some((e) => e.startsWith('tileset')));
  const drawn = await page.evaluate(() => window.gridscape.drawn());
  const district = {
    drawn,
    gridTilesetRequests: requests.filter((p) => p.startsWith('/3dtiles/g/')).length,
    contentRequests: requests.filter((p) => p.startsWith('/3dtiles/content/')).length,
    errors: await page.evaluate(() => window.gridscape.errors),
  };
  screenshots.push(await shot('district.png'));
  log('district view', JSON.stringify(district));

  // 2. A grid at grid zoom, as the search box flies there.
  await page.fill('.tree-search', opts.grid);
  await page.press('.tree-search', 'Enter');
  await page.waitForFunction((code) => window.gridscape.flownTo === code, opts.grid);
  await page.evaluate((ms) => window.gridscape.waitForTiles(ms), timeout);
  const gridFile = await shot('grid.png');
  screenshots.push(gridFile);
  const rect = await page.evaluate(() => window.gridscape.visibleMapRect());
  const terracottaShare = share(decodePng(gridFile.png), rect, isTerracotta);
  log(`grid ${opts.grid}: terracotta roofs cover ${(terracottaShare * 100).toFixed(2)}% of the map`);

  // 3. A building under the imported mesh, picked by a click on the mesh.
  await page.waitForFunction(() => ['ready', 'error'].includes(window.gridscape.meshes()?.status));
  const meshes = await page.evaluate(() => window.gridscape.meshes());
  if (meshes.status !== 'ready') throw new Error(`meshes did not load: ${meshes.error}`);
  const [lon, lat] = JSON.parse(opts['mesh-point']);
  await page.evaluate(([x, y, ms]) => window.gridscape.lookDown(x, y, 180, ms), [lon, lat, timeout]);
  // The building volumes are built by workers: let a few frames pass after the tiles are in.
  await page.waitForTimeout(1500);
  await page.evaluate((ms) => window.gridscape.waitForTiles(ms), timeout);
  const at = await page.evaluate(([x, y]) => window.gridscape.toWindow(x, y), [lon, lat]);
  if (!at) throw new Error('the building is not in view');
  screenshots.push(await shot('mesh-before.png'));
  let picked = null;
  for (let attempt = 0; attempt < 10 && !picked; attempt++) {
    await page.evaluate(() => { window.gridscape.lastPick = undefined; });
    await page.mouse.click(Math.round(at[0]), Math.round(at[1]));
    await page.waitForFunction(() => window.gridscape.lastPick !== undefined);
    picked = await page.evaluate(() => window.gridscape.lastPick);
    if (!picked) await page.waitForTimeout(1000); // volumes not ready yet
  }
  await page.waitForTimeout(500);
  const cardTitle = await page.evaluate(() => window.gridscape.cardTitle());
  screenshots.push(await shot('mesh-picked.png'));
  const mesh = { picked: picked?.buildingId ?? null, source: picked?.source ?? 'tiles', featureKind: picked?.featureKind,
    cardTitle, meshes };
  log('mesh pick', JSON.stringify(mesh));

  const result = { result: 'ok', district, grid: { file: gridFile.path, terracottaShare }, mesh,
    screenshots: screenshots.map((s) => s.path), foreignRequests: foreign, browserErrors };
  writeFileSync(join(opts.out, 'result.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result));
  await browser.close();
} catch (e) {
  if (page) await page.screenshot({ path: join(opts.out, 'failure.png') }).catch(() => {});
  if (browser) await browser.close().catch(() => {});
  fail(e.message ?? String(e));
}

async function shot(name) {
  const path = join(opts.out, name);
  const png = await page.screenshot({ path });
  return { path, png };
}

/** Tiled pitched roofs (sRGB #A4493D, lit): a warm red, darker than the Party-arc red of the overlays. */
function isTerracotta([r, g, b]) {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max !== r || max < 70 || max > 215) return false;
  const saturation = (max - min) / max;
  const hue = ((g - b) / (max - min)) * 60; // red sector: -60..60 degrees
  return saturation > 0.35 && hue > -5 && hue < 30;
}

function share(image, [left, top, right, bottom], test) {
  let hits = 0; let total = 0;
  for (let y = Math.max(0, top); y < Math.min(image.height, bottom); y += 2) {
    for (let x = Math.max(0, left); x < Math.min(image.width, right); x += 2) {
      total++;
      if (test(image.pixel(x, y))) hits++;
    }
  }
  return total ? hits / total : 0;
}

function fail(message) {
  console.log(JSON.stringify({ result: 'error', message, browserErrors }));
  process.exit(1);
}
