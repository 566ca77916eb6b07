// The layer switcher: one building theme at a time (radio buttons) with its legend, and the
// overlays as independent switches that say when they are loading or not available.
import { el, fill } from './dom.js';
import { t, onLanguageChange, formatNumber } from './i18n.js';
import { THEMES, theme } from './themes.js';
import { EVENT_STATUS_COLORS } from './overlays.js';

const OVERLAYS = [
  { id: 'grids', labelKey: 'overlay.grids', swatch: '#35d0ff' },
  { id: 'partyArcs', labelKey: 'overlay.partyArcs', swatch: '#ff5a4e' },
  { id: 'events', labelKey: 'overlay.events', swatch: EVENT_STATUS_COLORS.open },
  { id: 'centres', labelKey: 'overlay.centres', swatch: '#ffd54a' },
];

export class LayerPanel {
  constructor(container, { sceneView, overlays, onThemeChange, resources }) {
    this.onThemeChange = onThemeChange;
    this.resources = resources; // emergency resources: resources.js draws its own section
    resources?.onChange(() => this.render());
    this.container = container;
    this.sceneView = sceneView;
    this.overlays = overlays;
    this.render();
    onLanguageChange(() => this.render());
    overlays.onStatus(() => this.render());
  }

  setTheme(themeId) {
    this.sceneView.setTheme(themeId);
    this.render();
    this.onThemeChange?.(themeId);
  }

  render() {
    const active = this.sceneView.themeId;
    fill(this.container,
      el('h3', {}, t('layers.thematic')),
      el('div', { class: 'theme-list', role: 'radiogroup' }, THEMES.map((th) => el('label', { class: `theme-option${th.id === active ? ' active' : ''}` },
        el('input', {
          type: 'radio', name: 'theme', value: th.id, checked: th.id === active, 'data-theme': th.id,
          onchange: () => this.setTheme(th.id),
        }), t(th.labelKey)))),
      el('div', { class: 'legend', 'aria-live': 'polite' }, theme(active).legend.map((entry) => el('div', { class: 'legend-item' },
        el('i', { style: { background: entry.color } }), t(entry.labelKey)))),
      el('h3', {}, t('layers.overlays')),
      el('div', { class: 'overlay-list' }, OVERLAYS.map((o) => {
        const status = this.overlays.status[o.id];
        return el('label', { class: 'overlay-option' },
          el('input', {
            type: 'checkbox', checked: this.overlays.enabled[o.id], 'data-overlay': o.id,
            onchange: (e) => this.overlays.setEnabled(o.id, e.target.checked),
          }),
          el('i', { class: 'swatch', style: { background: o.swatch } }), t(o.labelKey),
          this.overlays.enabled[o.id] && status ? el('span', { class: 'overlay-status' }, statusText(status)) : null);
      })),
      this.overlays.enabled.events ? el('div', { class: 'legend small' }, Object.entries(EVENT_STATUS_COLORS).map(([key, color]) => el('div', { class: 'legend-item' },
        el('i', { class: 'dot', style: { background: color } }), t(`event.status.${key}`)))) : null,
      this.resources?.panelSection() ?? null);
  }
}

function statusText({ state, count }) {
  if (state === 'loading') return t('overlay.loading');
  if (state === 'unavailable' || state === 'error') return t('overlay.unavailable');
  if (state === 'needsGrid') return t('overlay.needsGrid');
  return t('overlay.count', formatNumber(count));
}
