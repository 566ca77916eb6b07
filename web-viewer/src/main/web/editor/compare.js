// Compare before publishing: GET /api/v1/villages/{code}/draft/diff drawn on the map (fill by kind
// of change, the published outline of a reshaped grid dashed) and listed (added, removed, reshaped
// with the area change, recoded, renamed), with the residents that would move between grids. The
// planner publishes from here, or closes it and goes on editing.
import { call } from './api.js';
import { t } from './i18n.js';
import { clock, element, panel, toolbarButton } from './review-ui.js';

const COLOURS = ['match', ['get', 'change'], 'added', '#3fb950', 'removed', '#f85149', 'reshaped', '#d29922',
  'recoded', '#a371f7', 'renamed', '#58a6ff', '#9fb3c8'];
const EMPTY = { type: 'FeatureCollection', features: [] };

/**
 * @param {object} hooks map; village(): the open village; dirty(): unsaved local edits;
 *   publish(): the editor's publish; zoomTo(geometry); fail(error)
 */
export function createCompare({ map, village, dirty, publish, zoomTo, fail }) {
  const ui = panel('compare', 'compareTitle');
  ui.onClose = () => map.getSource('compare')?.setData(EMPTY);
  toolbarButton('compare', 'publish', () => open(false));

  function layers() {
    if (map.getSource('compare')) return;
    map.addSource('compare', { type: 'geojson', data: EMPTY });
    map.addLayer({ id: 'compare-fill', type: 'fill', source: 'compare', filter: ['!=', ['get', 'change'], 'before'],
      paint: { 'fill-color': COLOURS, 'fill-opacity': 0.35 } });
    map.addLayer({ id: 'compare-line', type: 'line', source: 'compare', filter: ['!=', ['get', 'change'], 'before'],
      paint: { 'line-color': COLOURS, 'line-width': 2.5 } });
    // The published outline of a reshaped grid, dashed under the new one.
    map.addLayer({ id: 'compare-before', type: 'line', source: 'compare', filter: ['==', ['get', 'change'], 'before'],
      paint: { 'line-color': '#f0f6fc', 'line-width': 1.5, 'line-dasharray': [2, 2] } });
  }

  function describe(c) {
    const area = (n) => `${Math.round(n).toLocaleString()} m²`;
    switch (c.change) {
      case 'added': return t('cmpAdded', c.code, c.name, area(c.areaAfter));
      case 'removed': return t('cmpRemoved', c.code, c.name);
      case 'reshaped': return t('cmpReshaped', c.code, c.name, area(c.areaBefore), area(c.areaAfter),
        `${c.areaChange > 0 ? '+' : ''}${Math.round(c.areaChange).toLocaleString()}`);
      case 'recoded': return t('cmpRecoded', c.previousCode, c.code, c.name);
      default: return t('cmpRenamed', c.code, c.previousName || '', c.name);
    }
  }

  /** Fetches and shows the comparison; with {@code forPublish} the publish button is offered. */
  async function open(forPublish) {
    const code = village();
    if (!code) return;
    let diff;
    try {
      diff = (await call('GET', `/api/v1/villages/${code}/draft/diff`)).json;
    } catch (e) {
      fail(e);
      return;
    }
    layers();
    map.getSource('compare').setData(diff.features);
    const byCode = new Map(diff.features.features.filter((f) => f.properties.change !== 'before')
      .map((f) => [f.properties.code, f.geometry]));
    const n = diff.counts;
    const body = [element('p', t('cmpSummary', n.added, n.removed, n.reshaped, n.recoded, n.renamed), { class: 'summary' })];
    if (dirty()) body.push(element('p', t('cmpUnsaved'), { class: 'bad' }));
    const list = element('ul', null, { id: 'compare-list' });
    for (const c of diff.changes) {
      const li = element('li', describe(c), { 'data-change': c.change, 'data-code': c.code });
      li.addEventListener('click', () => zoomTo(byCode.get(c.code)));
      list.append(li);
    }
    if (!diff.changes.length) list.append(element('li', t('cmpNothing')));
    body.push(list);
    body.push(element('h3', t('cmpMoves', diff.residentsMoving)));
    const moves = element('ul', null, { id: 'compare-moves' });
    for (const m of diff.moves) {
      moves.append(element('li', t('cmpMove', m.from || t('cmpNoGrid'), m.to || t('cmpNoGrid'), m.residents, m.buildings)));
    }
    body.push(moves);
    const actions = element('div', null, { class: 'actions' });
    if (forPublish) {
      const go = element('button', t('cmpPublish'), { class: 'primary', 'data-action': 'publish' });
      go.disabled = !diff.draft || dirty();
      go.addEventListener('click', async () => { ui.hide(); await publish(); });
      actions.append(go);
    }
    const close = element('button', t('close'));
    close.addEventListener('click', () => ui.hide());
    actions.append(close);
    body.push(actions, element('p', t('cmpAt', clock(new Date().toISOString())), { class: 'muted' }));
    ui.body.replaceChildren(...body);
    ui.show();
  }

  return { open, close: () => ui.hide() };
}
