// Browser test of the Content Security Policy: opens the 3D viewer (/), the grid editor (/editor)
// the report page (/report.html) and 领导通 (/leader) in headless Chromium, signs in, lets each load (Cesium tiles
// and WebAssembly, the ECharts dashboard, MapLibre and its blob: worker) and collects every CSP
// violation three ways: the page's securitypolicyviolation events, console errors that mention the
// Content Security Policy, and Chromium's ContentSecurityPolicyIssue reports (which also cover
// workers). Last, a probe makes the report page run an injected inline script and a string timer
// (eval): both must be refused and the refusals seen, which shows the policy is enforced and the
// detection works.
// Prints one JSON line (the last line of stdout) that ContentSecurityPolicyBrowserTest checks:
//   {"result":"ok","violations":[],"pages":{...},"probe":{"evalBlocked":true,"detected":true},"errors":[]}
// Usage: node test/csp-e2e.mjs --url http://127.0.0.1:8080/ --user U --password P --village CODE
//        [--chromium /usr/bin/chromium] [--timeout-seconds 120]
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, village: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' }, 'timeout-seconds': { type: 'string', default: '120' },
  },
});
for (const required of ['url', 'user', 'password', 'village']) {
  if (!opts[required]) finish({ result: 'error', message: `--${required} is required` });
}

const log = (...args) => console.error('[csp-e2e]', ...args);
const violations = [];
const errors = [];
const pages = {};
let current = 'start';
let browser;
try {
  browser = await chromium.launch({
    executablePath: opts.chromium,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu-sandbox'],
  });
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, locale: 'zh-CN' });
  await context.exposeBinding('__cspViolation', (_source, v) => violations.push({ page: current, via: 'event', ...v }));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
        line: e.lineNumber, sample: e.sample });
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(Number(opts['timeout-seconds']) * 1000);
  page.on('pageerror', (e) => errors.push(`${current} pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) {
      violations.push({ page: current, via: 'console', text });
    }
  });
  page.on('worker', (w) => log(`${current}: worker ${w.url().slice(0, 80)}`));
  const cdp = await context.newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') {
      const d = issue.details.contentSecurityPolicyIssueDetails ?? {};
      violations.push({ page: current, via: 'issue', directive: d.violatedDirective, blocked: d.blockedURL,
        type: d.contentSecurityPolicyViolationType, source: d.sourceCodeLocation?.url });
    }
  });
  await cdp.send('Audits.enable');

  // 1. The viewer: sign in through the form, wait for the first tiles, open the dashboard (ECharts).
  current = 'viewer';
  const viewer = new URL('/', opts.url);
  viewer.searchParams.set('test', '1');
  await page.goto(viewer.href);
  await page.fill('input[name=username]', opts.user);
  await page.fill('input[name=password]', opts.password);
  await page.click('form.signin-card button[type=submit]');
  await page.waitForFunction(() => window.gridscape?.ready === true || document.querySelector('.signin-error')?.textContent);
  if (!(await page.evaluate(() => window.gridscape?.ready === true))) throw new Error('viewer sign-in failed');
  await page.waitForFunction(() => window.gridscape.firstTilesLoadedAt !== null
    || window.gridscape.errors.some((e) => e.startsWith('tileset')));
  const tilesetError = await page.evaluate(() => window.gridscape.errors.find((e) => e.startsWith('tileset')));
  if (tilesetError) throw new Error(tilesetError);
  if (await page.isVisible('#dashboard-button')) {
    await page.click('#dashboard-button');
    await page.waitForFunction(() => document.querySelector('#dashboard canvas, #dashboard svg') !== null);
  }
  await page.waitForTimeout(1500);
  pages.viewer = { tiles: true, dashboardCharts: await page.locator('#dashboard canvas, #dashboard svg').count() };
  log('viewer loaded', JSON.stringify(pages.viewer));

  // 2. The editor (the viewer's session cookie signs it in; else its own form).
  current = 'editor';
  await page.goto(new URL(`/editor?village=${opts.village}`, opts.url).href);
  await page.waitForFunction((v) => !document.getElementById('login').hidden || window.gridEditor?.state.village === v,
    opts.village);
  if (await page.isVisible('#login')) {
    await page.fill('#login input[name=username]', opts.user);
    await page.fill('#login input[name=password]', opts.password);
    await page.click('#login button[type=submit]');
  }
  await page.waitForFunction((v) => window.gridEditor?.state.village === v && window.gridEditor.state.validation,
    opts.village);
  await page.waitForFunction(() => window.gridEditor.map?.loaded?.() ?? true);
  await page.waitForTimeout(1500);
  pages.editor = { grids: await page.evaluate(() => window.gridEditor.state.grids.length) };
  log('editor loaded', JSON.stringify(pages.editor));

  // 3. The report page.
  current = 'report';
  await page.goto(new URL('/report.html', opts.url).href);
  await page.waitForFunction(() => !document.getElementById('signin').hidden || !document.getElementById('report').hidden);
  if (await page.isVisible('#signin')) {
    await page.fill('#signin input[name=username]', opts.user);
    await page.fill('#signin input[name=password]', opts.password);
    await page.click('#signin button[type=submit]');
  }
  await page.locator('#report').waitFor({ state: 'visible' });
  await page.waitForTimeout(1000);
  pages.report = { form: true };
  log('report page loaded');

  // 3b. 领导通 (the viewer's session cookie signs it in): figures, events and the ranking drawn.
  current = 'leader';
  await page.goto(new URL('/leader', opts.url).href);
  await page.waitForFunction(() => window.leader?.ready === true);
  pages.leader = { figures: await page.locator('#figures .fig').count() };
  log('leader page loaded', JSON.stringify(pages.leader));

  // 4. The probe: an injected inline script and a string timer (eval) must both be refused, and the
  // refusals must reach the collectors above. (page.evaluate itself runs as DevTools code, which
  // the policy does not govern, so the probe makes the page itself try.)
  current = 'probe';
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__cspInlineRan = true;';
    document.head.appendChild(s);
    setTimeout('window.__cspEvalRan = true;', 0);
  });
  await page.waitForTimeout(500);
  const ran = await page.evaluate(() => ({ inline: window.__cspInlineRan === true, eval: window.__cspEvalRan === true }));
  const evalBlocked = !ran.inline && !ran.eval;
  const detected = violations.some((v) => v.page === 'probe');
  finish({ result: 'ok', violations: violations.filter((v) => v.page !== 'probe'), pages,
    probe: { evalBlocked, detected }, errors });
} catch (e) {
  finish({ result: 'error', message: `${current}: ${e.message}`, violations, pages, errors });
}

async function finish(out) {
  try {
    await browser?.close();
  } finally {
    console.log(JSON.stringify(out));
    process.exit(0);
  }
}
