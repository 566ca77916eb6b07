// Browser test of 领导通 (/leader) on a 390 px phone screen: signs in through the viewer's sign-in
// form, waits for today's and this month's figures and the appraisal ranking, drills down one level
// of the region tree and back, opens a key event when there is one, switches to English and back,
// and takes a screenshot. Prints one JSON line (the last line of stdout) that ReportPageBrowserTest checks:
//   {"result":"ok","title":..,"figures":{..},"ranking":[..],"drill":[..],"event":..,"en":..,"errors":[],"foreign":[]}
// Usage: node test/leader-e2e.mjs --url http://127.0.0.1:8080/leader --user U --password P --out DIR
//        [--chromium /usr/bin/chromium] [--timeout-seconds 60]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';
import { join } from 'node:path';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, out: { type: 'string', default: '.' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, 'timeout-seconds': { type: 'string', default: '60' },
  },
});
for (const required of ['url', 'user', 'password']) {
  if (!opts[required]) finish({ result: 'error', message: `--${required} is required` });
}

const errors = [];
const foreign = [];
let browser;
try {
  browser = await chromium.launch({ executablePath: opts.chromium, args: ['--headless', '--no-sandbox',
    '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const origin = new URL(opts.url).origin;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
    locale: 'zh-CN', deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Before sign-in the page asks /api/v1/auth/me whether a session exists: that 401 is expected.
  let signedIn = false;
  page.on('console', (m) => {
    if (m.type() === 'error' && (signedIn || !m.text().includes('401'))) errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url());
  });

  await page.goto(opts.url);
  await page.locator('form.signin-card').waitFor({ state: 'visible' });
  await page.fill('input[name=username]', opts.user);
  await page.fill('input[name=password]', opts.password);
  await page.click('form.signin-card button[type=submit]');
  await page.waitForFunction(() => window.leader?.ready === true);
  signedIn = true;
  const title = await page.textContent('.leader-bar h1');
  const figures = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#figures .figs')]
    .map((box, i) => [i === 0 ? 'today' : 'month', Object.fromEntries([...box.querySelectorAll('.fig')]
      .map((f) => [f.dataset.fig, f.querySelector('b').textContent]))])));
  const rankRows = () => page.evaluate(() => [...document.querySelectorAll('#ranking-list .rank-row')]
    .map((b) => ({ code: b.dataset.code, level: b.dataset.level, text: b.textContent })));
  const ranking = await rankRows();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: join(opts.out, 'leader-390.png'), fullPage: true });

  // down one level of the region tree, and back up
  let drill = [];
  if (ranking.length && ranking[0].level !== 'grid') {
    await page.click(`#ranking-list .rank-row[data-code="${ranking[0].code}"]`);
    await page.locator('#ranking-up').waitFor({ state: 'visible' });
    await page.locator('#ranking-list, #ranking p.muted').first().waitFor({ state: 'visible' });
    drill = await rankRows();
    await page.click('#ranking-up');
    await page.locator('#ranking-up').waitFor({ state: 'detached' });
  }

  // a key event, when there is one in progress
  let event = null;
  const first = page.locator('#event-list button.event').first();
  if (await first.count()) {
    const id = await first.getAttribute('data-id');
    await first.click();
    await page.locator('#event-detail').waitFor({ state: 'visible' });
    event = { id, shown: await page.getAttribute('#event-detail', 'data-id'),
      steps: await page.locator('#event-detail .steps li').count() };
    await page.click('#event-back');
    await page.locator('#event-list, #events p.muted').first().waitFor({ state: 'visible' });
  }

  await page.click('#lang');
  await page.waitForFunction(() => window.leader?.ready === true && document.querySelector('.leader-bar h1'));
  await page.waitForFunction((zh) => document.querySelector('.leader-bar h1')?.textContent !== zh, title);
  const en = await page.textContent('.leader-bar h1');
  await page.click('#lang');
  await page.waitForFunction((zh) => document.querySelector('.leader-bar h1')?.textContent === zh, title);
  finish({ result: 'ok', title, en, figures, ranking, drill, event, width, errors, foreign });
} catch (e) {
  finish({ result: 'error', message: String(e?.stack ?? e), errors, foreign });
}

async function finish(result) {
  await browser?.close().catch(() => {});
  console.log(JSON.stringify(result));
  process.exit(0);
}
