// The selected grid's side panel: its figures (kind, residents, households, buildings, area, its
// workers and Party branches) and its name, kind (and a new grid's code) edited in place, which go
// into the editor's local edits like any other. The workers' ticks are grid-workers.js.
import { api } from './api.js';
import { t } from './i18n.js';
import { contains } from './colouring.js';
import { createGridWorkers } from './grid-workers.js';

const $ = (id) => document.getElementById(id);
const FIGURES = ['kind', 'residents', 'households', 'buildings', 'area', 'workers', 'partyBranches'];

/**
 * state: the editor's state (read; figures are cached in state.figures); byKey, residentsOf: the
 * editor's lookups; snapshot, markChanged, changed: an attribute edit as one undo step.
 */
export function createGridPanel({ state, byKey, residentsOf, snapshot, markChanged, changed, fail }) {
  const gridWorkers = createGridWorkers({ host: $('grid-workers'), refresh: () => renderForm(), fail,
    draftOnly: (code) => Boolean(state.draft?.exists && state.draft.grids?.created?.includes(code)) });

  /** The selected grid's side panel: its figures (read) and name, kind (and a new grid's code) to edit in place. */
  function renderForm() {
    const form = $('grid-form');
    const g = state.selected.length === 1 ? byKey(state.selected[0]) : null;
    form.hidden = !g;
    gridWorkers.render(g);
    if (!g) { form.dataset.key = ''; return; }
    renderFigures(g);
    // Re-renders come with every validation answer: keep what the planner is typing into this grid's form.
    const snapshotOfGrid = `${g.key}|${g.code}|${g.name}|${g.kind}`;
    if (form.dataset.key === snapshotOfGrid) return;
    form.dataset.key = snapshotOfGrid;
    form.code.value = g.code;
    form.code.disabled = g.change !== 'new' && !state.replaceSet;
    form.name.value = g.name;
    form.kind.value = g.kind;
    $('code-check').textContent = g.code ? (codeOk(g.code, g) ? t('codeOk') : t('codeBad')) : t('codeAuto');
  }

  function renderFigures(g) {
    $('grid-title').textContent = `${g.code || t('new')} ${g.name || ''}`;
    // Published figures only exist for a published grid (a draft-only code is unknown to /regions).
    const published = g.code && !g.change && g.status === 'published';
    const stats = published ? state.figures[g.code] : null;
    if (published && stats === undefined) {
      // Published figures of a saved grid (households), asked once per grid.
      state.figures[g.code] = null;
      api.stats(g.code).then((s) => { state.figures[g.code] = s; renderFigures(g); }).catch(() => {});
    }
    // Workers by type and name and the Party branches' names (grid-workers.js; published grids only).
    const people = gridWorkers.figures(g);
    const values = {
      kind: t(`kind_${g.kind}`),
      residents: residentsOf(g),
      households: stats?.households ?? '–',
      buildings: buildingsIn(g),
      area: areaText(g.geometry),
      workers: people.workers,
      partyBranches: people.partyBranches,
    };
    $('grid-figures').replaceChildren(...FIGURES.flatMap((key) => {
      const dt = document.createElement('dt');
      dt.textContent = t(`figure_${key}`);
      const dd = document.createElement('dd');
      dd.dataset.figure = key;
      dd.textContent = String(values[key]);
      return [dt, dd];
    }));
  }

  /** Buildings of the plan whose first corner lies in the grid (the plan's buildings sit inside one grid each). */
  function buildingsIn(g) {
    const buildings = (state.draftPlan || state.plan)?.features.filter((f) => f.properties.layer === 'building') || [];
    if (!buildings.length) return '–';
    return buildings.filter((b) => {
      const ring = b.geometry.type === 'Polygon' ? b.geometry.coordinates[0] : b.geometry.coordinates[0]?.[0];
      return ring && contains(ring[0], g.geometry);
    }).length;
  }

  /** Area in m² (or hectares) on a local equirectangular projection: planar enough for a village. */
  function areaText(geometry) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    const lat0 = (polygons[0]?.[0]?.[0]?.[1] ?? 0) * Math.PI / 180;
    const mx = 111320 * Math.cos(lat0);
    const my = 110540;
    let area = 0;
    for (const rings of polygons) {
      rings.forEach((ring, r) => {
        let a = 0;
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] * mx) * (ring[i][1] * my) - (ring[i][0] * mx) * (ring[j][1] * my);
        area += (r === 0 ? 1 : -1) * Math.abs(a / 2);
      });
    }
    return area >= 10000 ? `${(area / 10000).toFixed(2)} ${t('hectares')}` : `${Math.round(area)} m²`;
  }

  function codeOk(code, self) {
    return /^\d{15}$/.test(code) && code.startsWith(state.village) && !state.grids.some((g) => g !== self && g.code === code);
  }

  $('grid-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const g = byKey(state.selected[0]);
    const form = e.target;
    const code = form.code.value.trim();
    if (!form.code.disabled && code && !codeOk(code, g)) { $('code-check').textContent = t('codeBad'); return; }
    snapshot();
    if (!form.code.disabled) g.code = code;
    g.name = form.name.value.trim();
    g.kind = form.kind.value;
    markChanged(g);
    changed();
  });
  $('grid-form').code.addEventListener('input', (e) => {
    const code = e.target.value.trim();
    $('code-check').textContent = code ? (codeOk(code, byKey(state.selected[0])) ? t('codeOk') : t('codeBad')) : t('codeAuto');
  });

  return { render: renderForm, forget: () => gridWorkers.forget(), reload: () => gridWorkers.reload() };
}
