// Open viewers following a write made elsewhere: what the viewer test (viewer-e2e.mjs) and the
// benchmark (live-bench.mjs) share. The write closes an event at the supervision step through the
// API, or reopens it; every viewer shows that event's grid in its card and has the dashboard open,
// so the write must change the card's "events in progress" figure and the dashboard's "events
// closed" figure, without a page load. Times are taken in the page
// (performance.timeOrigin + performance.now()) and compared with the Node clock at the API response.

/** A signed-in API client (bearer token) for writes made outside the viewers. */
export async function apiClient(url, user, password) {
  const base = new URL(url).origin;
  const call = async (method, path, body) => {
    const response = await fetch(base + path, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(client.token ? { Authorization: `Bearer ${client.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const client = { token: null, call };
  client.token = (await call('POST', '/api/v1/auth/login', { username: user, password })).token;
  return client;
}

/**
 * Events at the supervision step (the leader's next action is close), at most {@code count}, each
 * in a different grid so that one round's refresh cannot be mistaken for another's.
 */
export async function closableEvents(client, count) {
  const list = await client.call('GET', '/api/v1/events?step=supervision&limit=500');
  const byGrid = new Map();
  for (const f of list.features ?? []) {
    const p = f.properties;
    if (p.step === 'supervision' && !byGrid.has(p.gridCode)) byGrid.set(p.gridCode, { id: p.id ?? f.id, grid: p.gridCode });
  }
  return [...byGrid.values()].slice(0, count);
}

/** Closes or reopens the event; returns the Node clock when the API answered. */
export async function stepEvent(client, eventId, action) {
  await client.call('POST', `/api/v1/events/${encodeURIComponent(eventId)}/transitions`,
    { action, note: `viewer live ${action}` });
  return Date.now();
}

/**
 * Puts an open viewer in place: the grid selected through the search box (its card shown with
 * figures), the dashboard drawer open with its figures, and a marker on window that a page load
 * would wipe.
 */
export async function showGridAndDashboard(page, grid) {
  await page.keyboard.press('Escape');
  await page.click('#left-panel .tab[data-tab=tree]');
  await page.fill('.tree-search', grid);
  await page.press('.tree-search', 'Enter');
  await page.waitForFunction((code) => document.querySelector('#card .card-code')?.textContent.includes(code)
    && document.querySelector('#card [data-figure=openEvents] .figure-value'), grid);
  if (!(await page.evaluate(() => document.getElementById('dashboard').classList.contains('open')))) {
    await page.click('#dashboard-button');
  }
  await page.waitForSelector('#dashboard .kpi[data-kpi=eventsClosed]');
  // An open viewer at rest: flown to the grid with its tiles in (a viewer still compiling shaders and
  // loading its first tiles in software WebGL answers nothing for seconds; that is not the feed's delay).
  await page.waitForFunction((code) => window.gridscape.flownTo === code, grid);
  await page.evaluate(() => window.gridscape.waitForTiles(120000));
  await page.evaluate(() => { window.liveMarker ??= Math.random(); });
}

/** The figures the write changes, as numbers (separators stripped), and what says the page was not reloaded. */
export function readFigures(page) {
  return page.evaluate(() => {
    const number = (selector) => {
      const text = document.querySelector(selector)?.textContent;
      return text && /\d/.test(text) ? Number(text.replace(/[^0-9]/g, '')) : null;
    };
    return {
      cardOpenEvents: number('#card [data-figure=openEvents] .figure-value'),
      dashboardClosed: number('#dashboard .kpi[data-kpi=eventsClosed] .kpi-value'),
      navigations: performance.getEntriesByType('navigation').length,
      marker: window.liveMarker ?? null,
      batches: window.gridscape.changes.batches,
    };
  });
}

/**
 * Starts watching the page for both figures to show the expected values: a MutationObserver stamps
 * the first moment each does (page clock), and the moment the change feed handed over its batch.
 */
export function watchFor(page, expected) {
  return page.evaluate((want) => {
    const now = () => performance.timeOrigin + performance.now();
    const number = (selector) => {
      const text = document.querySelector(selector)?.textContent;
      return text && /\d/.test(text) ? Number(text.replace(/[^0-9]/g, '')) : null;
    };
    const batches = window.gridscape.changes.batches;
    const watch = { card: null, dashboard: null, batch: null };
    const check = () => {
      if (watch.batch === null && window.gridscape.changes.batches > batches) watch.batch = now();
      if (watch.card === null && number('#card [data-figure=openEvents] .figure-value') === want.cardOpenEvents) watch.card = now();
      if (watch.dashboard === null && number('#dashboard .kpi[data-kpi=eventsClosed] .kpi-value') === want.dashboardClosed) watch.dashboard = now();
      if (watch.card !== null && watch.dashboard !== null) observer.disconnect();
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    window.liveWatch = watch;
  }, expected);
}

/** Waits until the watched page shows both figures; returns the page-clock stamps. */
export async function shown(page, timeout) {
  await page.waitForFunction(() => window.liveWatch.card !== null && window.liveWatch.dashboard !== null, null, { timeout });
  return page.evaluate(() => window.liveWatch);
}

/**
 * One round: every viewer watches for the figures after the write, the write is made, and each
 * viewer's delays (ms from the API response to the batch, the card and the dashboard shown) are
 * returned with the page-load evidence.
 */
export async function followOneWrite(pages, client, event, action, timeout) {
  const before = await Promise.all(pages.map(readFigures));
  const delta = action === 'close' ? 1 : -1;
  await Promise.all(pages.map((page, i) => watchFor(page, {
    cardOpenEvents: before[i].cardOpenEvents - delta, dashboardClosed: before[i].dashboardClosed + delta })));
  const requestedAt = Date.now();
  const answeredAt = await stepEvent(client, event.id, action);
  const viewers = [];
  for (const [i, page] of pages.entries()) {
    const stamps = await shown(page, timeout);
    const after = await readFigures(page);
    const ms = (t) => (t === null ? null : Math.round(t - answeredAt));
    viewers.push({
      batchMs: ms(stamps.batch), cardMs: ms(stamps.card), dashboardMs: ms(stamps.dashboard),
      shownMs: Math.max(ms(stamps.card), ms(stamps.dashboard)),
      before: before[i], after, reloaded: after.navigations !== before[i].navigations || after.marker !== before[i].marker,
    });
  }
  return { event: event.id, grid: event.grid, action, requestMs: answeredAt - requestedAt, viewers };
}
