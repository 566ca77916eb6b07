// Follows the server's change feed (Server-Sent Events from /api/v1/changes/stream, signed in by
// the session cookie) and hands the viewer what changed, in batches: the burst of entries of one
// import or publish becomes one refresh. EventSource reconnects by itself and resumes after the
// last entry it received (Last-Event-ID), so nothing is missed across a dropped connection.

// A burst is handed over once no entry came for QUIET_MS (the entries of one commit arrive together,
// so a single write waits only that long), or MAX_WAIT_MS after its first entry when they keep coming.
const QUIET_MS = 30;
const MAX_WAIT_MS = 150;

/**
 * What a batch of entries touched: kinds, region/grid codes, the published grids that changed (created,
 * renamed, reshaped, retired), and whether the scene or the mode changed.
 */
export function summarize(entries) {
  const regions = new Set();
  const kinds = new Set();
  const grids = new Set();
  for (const entry of entries) {
    kinds.add(entry.kind);
    if (entry.region) regions.add(entry.region);
    if (entry.kind === 'grid') grids.add(entry.id);
  }
  return {
    kinds, regions, grids, count: entries.length, lastSeq: entries.length ? entries[entries.length - 1].seq : null,
    scene: kinds.has('scene'), mode: kinds.has('mode'),
    // whether figures a card or the dashboard shows may have changed
    figures: kinds.has('layer') || kinds.has('event') || kinds.has('grid'),
    events: kinds.has('event'),
  };
}

/** Whether a batch concerns a region or grid code: its own changes, those below it, or district-wide ones. */
export function touches(changes, code) {
  if (!code) return changes.figures;
  for (const region of changes.regions) {
    if (region.startsWith(significant(code)) || code.startsWith(region)) return true;
  }
  return false;
}

function significant(code) {
  let s = code;
  while (s.length > 6 && s.length <= 12 && s.endsWith('000')) s = s.slice(0, -3);
  return s;
}

/** Starts following; {@code onBatch} gets summaries. Returns a function that stops. */
export function followChanges(onBatch) {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('/api/v1/changes/stream');
  let pending = [];
  let timer = null;
  let firstAt = 0;
  const flush = () => {
    const entries = pending;
    pending = [];
    timer = null;
    onBatch(summarize(entries));
  };
  source.onmessage = (message) => {
    try {
      pending.push(JSON.parse(message.data));
    } catch {
      return;
    }
    const now = performance.now();
    if (pending.length === 1) firstAt = now;
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(QUIET_MS, firstAt + MAX_WAIT_MS - now)));
  };
  return () => source.close();
}
