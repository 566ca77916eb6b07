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
  constructor(container, { sceneView, overlays, onThemeChange, resources, meshes }) {
    this.meshes = meshes; // imported photogrammetry (meshes.js)
    meshes?.onChange(() => this.render());
    this.onThemeChange = onThemeChange;
    this.resources = resources; // emergency resources: resources.js draws its own section
    resources?.onChange(() => this.render());
    this.container = container;
    this.sceneView = sceneView;
    this.overlays = overlays;
    this.render();
    onLanguageChange(() => this.render());
    overlays.onStatus(() => this.render());
    sceneView.on('imagery', () => this.render());
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
      this.resources?.panelSection() ?? null,
      this.meshSection(),
      this.imagerySection());
  }

  /** Imported photogrammetry: the meshes, and whether extruded buildings under them are drawn. */
  meshSection() {
    const layer = this.meshes;
    if (!layer || !layer.meshes.length) return null;
    return el('div', { class: 'mesh-section' },
      el('h3', {}, t('layers.meshes')),
      el('ul', { class: 'mesh-list' }, layer.meshes.map((m) => el('li', { 'data-mesh': m.id },
        m.name, el('span', { class: 'overlay-status' }, m.region?.name ?? '')))),
      layer.status === 'loading' ? el('p', { class: 'overlay-status' }, t('overlay.loading')) : null,
      layer.status === 'error' ? el('p', { class: 'overlay-status' }, t('overlay.unavailable')) : null,
      el('label', { class: 'overlay-option' },
        el('input', {
          type: 'checkbox', checked: layer.hideCovered, 'data-mesh-hide': 'covered',
          onchange: (e) => layer.setHideCovered(e.target.checked),
        }), t('meshes.hideExtruded'),
        el('span', { class: 'overlay-status' }, t('meshes.selectable', formatNumber(layer.buildings.size)))));
  }

  /** Base map and orthophotos: a switch and an opacity slider each. */
  imagerySection() {
    const layers = [...this.sceneView.imagery.values()];
    if (!layers.length) return null;
    return el('div', { class: 'imagery-section' },
      el('h3', {}, t('layers.imagery')),
      el('div', { class: 'imagery-list' }, layers.map((l) => el('div', { class: 'imagery-option', 'data-imagery': l.id },
        el('label', {},
          el('input', {
            type: 'checkbox', checked: l.visible, disabled: !l.layer,
            onchange: (e) => { this.sceneView.setImageryVisible(l.id, e.target.checked); this.render(); },
          }),
          l.kind === 'basemap' ? t('imagery.base') : l.kind === 'orthophoto' ? `${t('imagery.ortho')} ${l.name}` : l.name),
        l.layer ? el('input', {
          type: 'range', min: 0, max: 100, step: 5, value: Math.round(l.opacity * 100), disabled: !l.visible,
          'aria-label': t('imagery.opacity'), title: t('imagery.opacity'),
          oninput: (e) => this.sceneView.setImageryOpacity(l.id, Number(e.target.value) / 100),
        }) : el('span', { class: 'overlay-status' }, t('imagery.failed'))))));
  }
}

function statusText({ state, count }) {
  if (state === 'loading') return t('overlay.loading');
  if (state === 'unavailable' || state === 'error') return t('overlay.unavailable');
  if (state === 'needsGrid') return t('overlay.needsGrid');
  return t('overlay.count', formatNumber(count));
}
