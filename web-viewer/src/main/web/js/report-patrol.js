// The grid worker's patrol (巡查) on the report page: start it in one of the worker's grids, record
// the phone's position (watchPosition, filtered), draw the track over the grid on the base map, send
// the positions in batches through the outbox (so nothing is lost without a network), end it and
// show the summary the server computes (distance, duration, share of the grid's roads covered).

import { enqueue, getState, setState } from './report-outbox.js';
import { t } from './report-i18n.js';

/** Positions less accurate than this (metres) are left out. */
export const MAX_ACCURACY_M = 50;
/** A position this far from the last one (metres) ... */
export const JUMP_M = 100;
/** ... at a speed above this (m/s) is a jump of the fix, not a walk, and is left out. */
export const JUMP_SPEED = 10;
/** Positions closer than this to the last one, less than MIN_INTERVAL_MS later, add nothing. */
const MIN_MOVE_M = 2;
const MIN_INTERVAL_MS = 10_000;
/** A batch goes to the outbox at this many positions, or this long after its first. */
const BATCH_POINTS = 10;
const BATCH_MS = 15_000;

const $ = (id) => document.getElementById(id);

/** Metres between two positions (equirectangular, as the server measures). */
export function metres(a, b) {
  const r = 6371008.8;
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * r * Math.cos(a.lat * rad);
  const y = (b.lat - a.lat) * rad * r;
  return Math.hypot(x, y);
}

/**
 * Whether a fix should join the track after {@code last}: accurate enough, not a jump, not a repeat.
 * Returns null when it should, else the reason.
 */
export function rejectReason(fix, last) {
  if (!(fix.accuracy <= MAX_ACCURACY_M)) return 'accuracy';
  if (!last) return null;
  const d = metres(last, fix);
  const seconds = Math.max(0.001, (Date.parse(fix.t) - Date.parse(last.t)) / 1000);
  if (d > JUMP_M && d / seconds > JUMP_SPEED) return 'jump';
  if (d < MIN_MOVE_M && Date.parse(fix.t) - Date.parse(last.t) < MIN_INTERVAL_MS) return 'repeat';
  return null;
}

function newId(prefix) {
  const random = crypto.randomUUID ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `${prefix}${random}`;
}

export function createPatrol({ page, flushSoon }) {
  // the patrol under way: {id, grid, startedAt, track: [{id,t,lon,lat,accuracy}], batch: [...], seq, rejected}
  let patrol = null;
  let watch = null;
  let batchTimer = null;
  let clock = null;

  async function save() {
    await setState('patrol', patrol ?? undefined);
  }

  /** Picks up a patrol that was under way before a reload. */
  async function restore() {
    patrol = (await getState('patrol')) ?? null;
    if (patrol) {
      startWatching();
      show();
      await page.showTrack(patrol);
    } else {
      show();
    }
  }

  async function start(grid) {
    const startedAt = new Date().toISOString();
    patrol = { id: newId('p-'), grid, startedAt, track: [], batch: [], seq: 0, rejected: { accuracy: 0, jump: 0, repeat: 0 } };
    await enqueue({ kind: 'patrol-start', path: '/api/v1/patrols', body: { id: patrol.id, grid, startedAt } });
    await save();
    startWatching();
    show();
    await page.showTrack(patrol);
    flushSoon();
  }

  function startWatching() {
    if (!navigator.geolocation) {
      $('patrol-status').textContent = t('report.gpsUnavailable');
      return;
    }
    watch = navigator.geolocation.watchPosition(onFix,
      (err) => { $('patrol-gps').textContent = t('patrol.gpsError', err.message); },
      { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 });
    clock = setInterval(show, 1000);
  }

  async function onFix(pos) {
    if (!patrol) return;
    const fix = { t: new Date(pos.timestamp || Date.now()).toISOString(), lon: pos.coords.longitude,
      lat: pos.coords.latitude, accuracy: Math.round(pos.coords.accuracy * 10) / 10 };
    const last = patrol.track[patrol.track.length - 1];
    const reason = rejectReason(fix, last);
    if (reason) {
      patrol.rejected[reason] += 1;
      $('patrol-gps').textContent = t(`patrol.rejected.${reason}`, Math.round(fix.accuracy));
      await save();
      return;
    }
    patrol.seq += 1;
    const point = { id: String(patrol.seq), ...fix };
    patrol.track.push(point);
    patrol.batch.push(point);
    $('patrol-gps').textContent = t('patrol.fix', Math.round(fix.accuracy));
    if (patrol.batch.length >= BATCH_POINTS) await sendBatch();
    else {
      await save();
      batchTimer ??= setTimeout(() => { batchTimer = null; sendBatch(); }, BATCH_MS);
    }
    show();
    page.showTrack(patrol);
  }

  /** Moves the positions recorded since the last batch to the outbox. */
  async function sendBatch() {
    if (!patrol || !patrol.batch.length) return;
    const points = patrol.batch;
    patrol.batch = [];
    await enqueue({ kind: 'patrol-points', path: `/api/v1/patrols/${encodeURIComponent(patrol.id)}/points`, body: { points } });
    await save();
    flushSoon();
  }

  async function end() {
    if (!patrol) return;
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
    clearInterval(clock);
    clearTimeout(batchTimer);
    batchTimer = null;
    await sendBatch();
    const ended = patrol;
    await enqueue({ kind: 'patrol-end', path: `/api/v1/patrols/${encodeURIComponent(ended.id)}/end`,
      body: { endedAt: new Date().toISOString() }, patrol: ended.id });
    patrol = null;
    await setState('lastPatrol', { id: ended.id, grid: ended.grid, points: ended.track.length,
      pointIds: ended.track.map((p) => p.id), rejected: ended.rejected });
    await save();
    show();
    $('patrol-summary').hidden = false;
    $('patrol-summary').replaceChildren(line(t('patrol.ending')));
    flushSoon();
  }

  function line(text) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = text;
    return p;
  }

  /** Shows the summary the server answered to the end. */
  function showSummary(feature) {
    const p = feature.properties;
    const rows = [['patrol.distance', `${(p.distanceM / 1000).toFixed(2)} km`],
      ['patrol.duration', duration(p.durationS)], ['patrol.points', String(p.points)],
      ['patrol.coverage', p.coverage?.roads == null ? '—' : `${(p.coverage.roads * 100).toFixed(1)}%`],
      ['patrol.events', String(p.events.length)]];
    const dl = document.createElement('dl');
    dl.id = 'patrol-figures';
    for (const [key, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = t(key);
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.key = key;
      dl.append(dt, dd);
    }
    const title = document.createElement('h3');
    title.textContent = t('patrol.summary');
    const nodes = [title, dl];
    if (p.flagged) nodes.push(line(t('patrol.flagged', p.outsidePoints)));
    $('patrol-summary').hidden = false;
    $('patrol-summary').replaceChildren(...nodes);
    page.showTrack({ grid: p.grid, track: feature.geometry?.type === 'LineString'
      ? feature.geometry.coordinates.map(([lon, lat]) => ({ lon, lat })) : [] });
  }

  function duration(seconds) {
    const m = Math.floor(seconds / 60);
    const s = Math.floor(seconds % 60);
    return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  }

  function distance(track) {
    let sum = 0;
    for (let i = 1; i < track.length; i++) sum += metres(track[i - 1], track[i]);
    return sum;
  }

  function show() {
    $('patrol-start').hidden = Boolean(patrol);
    $('patrol-grid-row').hidden = Boolean(patrol);
    $('patrol-end').hidden = !patrol;
    $('patrol-status').textContent = patrol
      ? t('patrol.underWay', patrol.grid, patrol.track.length, (distance(patrol.track) / 1000).toFixed(2),
        duration((Date.now() - Date.parse(patrol.startedAt)) / 1000))
      : t('patrol.idle');
    if (patrol) $('patrol-summary').hidden = true;
  }

  return {
    restore, start, end, showSummary, sendBatch,
    /** The patrol under way (its id links reports), or null. */
    current: () => patrol,
    translate: show,
  };
}
