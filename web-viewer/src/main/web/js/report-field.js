// Visits (走访) and information collection (信息采集) on the report page (docs/FIELD.md): the worker
// finds the buildings of their grids nearest to where they stand, checks in at one (optionally one
// household, a note and a photo) and proposes changes to the records of their grid. Both go through
// the outbox with the phone's own ids, so a check-in made without a network is sent once when it is
// back; the list of nearby buildings is kept, so the choice works offline too.

import { enqueue, getState, setState } from './report-outbox.js';
import { t } from './report-i18n.js';

const $ = (id) => document.getElementById(id);
const PHOTO_TYPES = ['image/jpeg', 'image/png'];
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const KINDS = ['resident_in', 'resident_out', 'assistance', 'safety_grade', 'illegal_case'];
const CATEGORIES = ['dibao', 'tekun', 'dibao_edge', 'disabled', 'elderly_alone', 'left_behind_child'];

function newId(prefix) {
  const random = crypto.randomUUID ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  return `${prefix}${random}`;
}

function position() {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) reject(new Error(t('report.gpsUnavailable')));
    else navigator.geolocation.getCurrentPosition((p) => resolve({ lon: p.coords.longitude, lat: p.coords.latitude,
      accuracy: Math.round(p.coords.accuracy) }), (e) => reject(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 10_000 });
  });
}

/**
 * @param call      (method, path, body?) -> the answer, as the page calls the API
 * @param flushSoon sends what waits in the outbox
 * @param patrolId  () -> the id of the patrol under way, or null
 */
export function createField({ call, flushSoon, patrolId }) {
  let nearby = [];

  function fill(select, options, keep) {
    const current = keep ? select.value : '';
    select.replaceChildren(...options);
    if (current && [...select.options].some((o) => o.value === current)) select.value = current;
  }

  function showBuildings() {
    const options = nearby.map((b) => new Option(t('visit.buildingOption', b.id, Math.round(b.distanceM)), b.id));
    fill($('visit-building'), options, true);
    fill($('collect-building'), nearby.map((b) => new Option(b.id, b.id)), true);
    $('visit-submit').disabled = nearby.length === 0;
    $('collect-submit').disabled = nearby.length === 0;
  }

  /** Where the phone is, and the buildings of the worker's grids around it (the last list without a network). */
  async function findNearby() {
    $('visit-status').textContent = t('report.locating');
    try {
      const at = await position();
      await setState('fieldAt', at);
      try {
        const answer = await call('GET', `/api/v1/visits/nearby?lon=${at.lon}&lat=${at.lat}&limit=10`);
        nearby = answer.buildings;
        await setState('nearby', nearby);
        $('visit-status').textContent = nearby.length ? t('visit.found', nearby.length) : t('visit.none');
      } catch (err) {
        if (err.status !== 0) throw err;
        nearby = (await getState('nearby')) ?? [];
        $('visit-status').textContent = t('visit.offlineList', nearby.length);
      }
      showBuildings();
      await households();
    } catch (err) {
      $('visit-status').textContent = t('visit.failed', err.message);
    }
  }

  /** The households of the chosen building (masked), kept per building for use without a network. */
  async function households() {
    const building = $('visit-building').value;
    const cache = (await getState('households')) ?? {};
    let list = cache[building];
    if (building) {
      try {
        const answer = await call('GET', `/api/v1/buildings/${encodeURIComponent(building)}/households`);
        list = (answer.households ?? []).map((h) => h.id);
        cache[building] = list;
        await setState('households', cache);
      } catch {
        // offline or not allowed: the kept list, or none
      }
    }
    fill($('visit-household'), [new Option(t('visit.noHousehold'), ''), ...(list ?? []).map((id) => new Option(id, id))]);
  }

  /** The check-in and its photo go to the outbox; the phone's id makes a resend harmless. */
  async function checkIn() {
    const building = $('visit-building').value;
    if (!building) return;
    const file = $('visit-photo').files?.[0];
    if (file && (!PHOTO_TYPES.includes(file.type) || file.size > MAX_PHOTO_BYTES)) {
      $('visit-status').textContent = t('visit.badPhoto');
      return;
    }
    let at = null;
    try {
      at = await position();
    } catch {
      at = await getState('fieldAt');
    }
    if (!at) {
      $('visit-status').textContent = t('visit.failed', t('report.gpsUnavailable'));
      return;
    }
    const id = newId('v-');
    const body = { id, building, lon: at.lon, lat: at.lat, accuracy: at.accuracy, t: new Date().toISOString() };
    if ($('visit-household').value) body.household = $('visit-household').value;
    if ($('visit-note').value.trim()) body.note = $('visit-note').value.trim();
    if (patrolId()) body.patrol = patrolId();
    await enqueue({ kind: 'visit', path: '/api/v1/visits', body });
    if (file) await enqueue({ kind: 'visit-photo', visitId: id, file });
    await setState('lastVisit', { id, building });
    $('visit-note').value = '';
    $('visit-photo').value = '';
    $('visit-status').textContent = t('visit.queued', building);
    flushSoon();
  }

  /** What the chosen kind needs: the rows marked with data-kinds show only for their kinds. */
  function showKind() {
    const kind = $('collect-kind').value;
    document.querySelectorAll('#collect [data-kinds]').forEach((row) => {
      row.hidden = !row.dataset.kinds.split(' ').includes(kind);
    });
  }

  async function propose(e) {
    e.preventDefault();
    const kind = $('collect-kind').value;
    const v = (id) => $(id).value.trim();
    const body = { id: newId('c-'), kind };
    if (kind === 'resident_in') {
      body.household = v('collect-household');
      body.resident = { name: v('collect-name') };
      if (v('collect-idnumber')) body.resident.idNumber = v('collect-idnumber');
      if (v('collect-phone')) body.resident.phone = v('collect-phone');
    } else if (kind === 'resident_out') {
      body.resident = v('collect-resident');
    } else if (kind === 'assistance') {
      body.household = v('collect-household');
      body.category = $('collect-category').value;
      body.action = $('collect-action').value;
    } else {
      body.building = $('collect-building').value;
      if (kind === 'safety_grade') body.grade = $('collect-grade').value;
    }
    if (v('collect-note')) body.note = v('collect-note');
    await enqueue({ kind: 'collection', path: '/api/v1/field-collections', body });
    $('collect').reset();
    showKind();
    $('collect-status').textContent = t('collect.queued');
    flushSoon();
  }

  /** The worker's own proposals with their states and the reviewers' reasons. */
  async function showMine(user) {
    let list;
    try {
      list = (await call('GET', `/api/v1/field-collections?worker=${encodeURIComponent(user)}&limit=20`)).collections;
      await setState('myCollections', list);
    } catch {
      list = (await getState('myCollections')) ?? [];
    }
    $('collect-mine').replaceChildren(...list.map((c) => {
      const li = document.createElement('li');
      li.dataset.state = c.state;
      li.textContent = `${t(`collect.kind.${c.kind}`)} · ${c.building} · ${t(`collect.state.${c.state}`)}`
        + (c.reason ? ` · ${t('collect.reason', c.reason)}` : '');
      return li;
    }));
  }

  function translate() {
    fill($('collect-kind'), KINDS.map((k) => new Option(t(`collect.kind.${k}`), k)), true);
    fill($('collect-category'), CATEGORIES.map((c) => new Option(t(`collect.category.${c}`), c)), true);
    fill($('collect-action'), ['open', 'close'].map((a) => new Option(t(`collect.action.${a}`), a)), true);
    showBuildings();
    showKind();
  }

  async function restore() {
    nearby = (await getState('nearby')) ?? [];
    translate();
  }

  function bind() {
    $('visit-nearby').addEventListener('click', findNearby);
    $('visit-building').addEventListener('change', households);
    $('visit-submit').addEventListener('click', checkIn);
    $('collect-kind').addEventListener('change', showKind);
    $('collect').addEventListener('submit', propose);
  }

  return { bind, translate, restore, showMine, findNearby };
}
