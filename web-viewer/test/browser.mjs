// What the viewer's browser tests share: headless Chromium with software WebGL, a page that records
// its errors and every request leaving the server under test, and signing in through the form.
import { chromium } from 'playwright-core';

/** Headless Chromium rendering WebGL in software (SwiftShader), no background traffic. */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu-sandbox'],
  });
}

/**
 * A new 800 x 600 page that pushes its errors to {@code browserErrors}; returns it with the list of
 * requests that went anywhere but {@code origin}.
 */
export async function openPage(browser, { origin, timeout, browserErrors }) {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => browserErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') browserErrors.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => browserErrors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
  });
  return { page, foreign };
}

/** Opens the viewer in test mode and signs in through its form, as a user would; throws when refused. */
export async function signIn(page, { url, user, password, lang = 'zh' }) {
  const start = new URL(url);
  start.searchParams.set('test', '1');
  start.searchParams.set('lang', lang);
  await page.goto(start.href);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('form.signin-card button[type=submit]');
  await page.waitForFunction(() => window.gridscape?.ready === true || document.querySelector('.signin-error')?.textContent);
  const refused = await page.evaluate(() => (window.gridscape?.ready ? null : document.querySelector('.signin-error')?.textContent));
  if (refused) throw new Error(`sign-in failed: ${refused}`);
}
