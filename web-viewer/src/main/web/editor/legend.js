// The map's legend: what the colours of the current view mean, the villages' states on the district
// view, the grids, problems and the plan's layers in a village.
import { t } from './i18n.js';
import { PALETTE } from './colouring.js';
import { STATE_COLOURS } from './district.js';

/** Draws the legend into host: the district's (no village open) or a village's. */
export function renderLegend(host, villageOpen) {
  const row = (swatch, text, cls = 'swatch') => {
    const div = document.createElement('div');
    const s = document.createElement('span');
    s.className = cls;
    s.style.background = swatch;
    div.append(s, text);
    return div;
  };
  const title = document.createElement('b');
  const items = [];
  if (!villageOpen) {
    title.textContent = t('legendVillages');
    for (const key of ['published', 'draft', 'draftErrors', 'none']) items.push(row(STATE_COLOURS[key], t(`legend_${key}`)));
  } else {
    title.textContent = t('legendVillage');
    items.push(row(`linear-gradient(90deg, ${PALETTE.slice(0, 4).join(', ')})`, t('legend_grids')));
    items.push(row('#ffffff', t('legend_selected'), 'swatch line'));
    items.push(row('#ff2d55', t('legend_problem')));
    items.push(row('#ffbf00', t('legend_warning')));
    items.push(row('#e9d8a6', t('legend_roads'), 'swatch line'));
    items.push(row('#1d4566', t('legend_water')));
    items.push(row('#3a4b5e', t('legend_buildings')));
    items.push(row('#35d0ff', t('legend_centre'), 'swatch round'));
    items.push(row('#ff4d4f', t('legend_partyCentre'), 'swatch round'));
  }
  host.replaceChildren(title, ...items);
}
