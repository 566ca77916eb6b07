// Emergency resources (平战转换): shelter spaces, supply depots and the Party service and
// neighbourhood centres that become support bases, from /api/v1/district/resources. An overlay of
// icons by kind with names nearby, shown by itself in wartime and switchable in peacetime (the
// server gives them to leaders and admins in peacetime, to everyone in wartime), a section of the
// layer panel with its legend, and the card of a resource picked on the map.
import { Cesium } from './scene.js';
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, tOr, formatNumber, onLanguageChange } from './i18n.js';

/** Kinds as drawn: shelter spaces, supply depots, centres that serve as support bases. */
export const RESOURCE_KINDS = {
  shelter: { color: '#39c47a', glyph: '避', labelKey: 'resource.kind.shelter' },
  depot: { color: '#f2a23a', glyph: '资', labelKey: 'resource.kind.depot' },
  base: { color: '#b48cff', glyph: '站', labelKey: 'resource.kind.base' },
};

/** The drawn kind of a resource feature of the API. */
export function resourceKind(feature) {
  const p = feature.properties ?? {};
  if (p.kind === 'supply') return 'depot';
  return p.source === 'resource' ? 'shelter' : 'base';
}

const icons = new Map();

/** A round icon with the kind's colour and character, drawn once per kind. */
function icon(kind) {
  if (!icons.has(kind)) {
    const { color, glyph } = RESOURCE_KINDS[kind];
    const canvas = document.createElement('canvas');
    canvas.width = 36;
    canvas.height = 36;
    const g = canvas.getContext('2d');
    g.beginPath();
    g.arc(18, 18, 16, 0, Math.PI * 2);
    g.fillStyle = color;
    g.fill();
    g.lineWidth = 2.5;
    g.strokeStyle = '#06121f';
    g.stroke();
    g.fillStyle = '#06121f';
    g.font = 'bold 19px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(glyph, 18, 19);
    icons.set(kind, canvas);
  }
  return icons.get(kind);
}

export class ResourceOverlay {
  /**
   * @param sceneView the SceneView (its viewer, scene and pick events)
   * @param onSelect called with the GeoJSON feature of a resource clicked on the map
   */
  constructor(sceneView, { onSelect } = {}) {
    this.view = sceneView;
    this.onSelect = onSelect;
    this.source = new Cesium.CustomDataSource('resources');
    this.source.show = false;
    sceneView.viewer.dataSources.add(this.source);
    this.enabled = false;
    this.mode = 'peacetime';
    this.status = null;
    this.features = new Map();
    this.listeners = new Set();
    sceneView.on('pick', (props, position) => this.pick(position));
    onLanguageChange(() => this.notify());
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  notify() {
    this.listeners.forEach((fn) => fn());
  }

  /** Follows the district mode: wartime shows the resources, the return to peacetime hides them. */
  setMode(mode) {
    const before = this.mode;
    this.mode = mode;
    if (mode === 'wartime' && before !== 'wartime') this.setEnabled(true);
    else if (mode !== 'wartime' && before === 'wartime') this.setEnabled(false);
    else this.notify();
  }

  setEnabled(on) {
    this.enabled = on;
    this.source.show = on;
    if (on) this.load();
    this.notify();
    this.view.scene.requestRender();
  }

  /** How many resources are drawn. */
  count() {
    return this.source.entities.values.length;
  }

  async load() {
    this.status = { state: 'loading', count: 0 };
    this.notify();
    try {
      const collection = await api.districtResources();
      this.source.entities.removeAll();
      this.features.clear();
      if (!collection.exposed) {
        this.status = { state: 'restricted', count: 0 };
      } else {
        for (const feature of collection.features ?? []) this.add(feature);
        this.status = { state: 'ready', count: this.count() };
      }
    } catch (e) {
      this.source.entities.removeAll();
      this.status = { state: 'error', count: 0, message: e.message };
    }
    this.notify();
    this.view.nudge?.();
    this.view.scene.requestRender();
  }

  add(feature) {
    const [lon, lat] = feature.geometry?.coordinates ?? [];
    if (typeof lon !== 'number' || typeof lat !== 'number') return;
    const kind = resourceKind(feature);
    const entity = this.source.entities.add({
      id: `resource:${feature.id}`,
      position: Cesium.Cartesian3.fromDegrees(lon, lat, 25),
      billboard: {
        image: icon(kind),
        width: 26,
        height: 26,
        scaleByDistance: new Cesium.NearFarScalar(2000, 1.0, 60000, 0.6),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
      label: {
        text: feature.properties?.name ?? '',
        font: '12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        fillColor: Cesium.Color.fromCssColorString(RESOURCE_KINDS[kind].color).brighten(0.4, new Cesium.Color()),
        outlineColor: Cesium.Color.fromCssColorString('#06121f'),
        outlineWidth: 3,
        style: Cesium.LabelStyle.FILL_AND_OUTLINE,
        pixelOffset: new Cesium.Cartesian2(0, -22),
        distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, 8000),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
    });
    this.features.set(entity.id, feature);
  }

  /** A click on the map: when it hits one of the icons, its card opens. */
  pick(position) {
    if (!this.enabled || !position) return;
    const picked = this.view.scene.pick(new Cesium.Cartesian2(position.x, position.y));
    const feature = picked?.id?.id ? this.features.get(picked.id.id) : null;
    if (feature) this.onSelect?.(feature);
  }

  /** The window position of a drawn resource, for the browser test; null when off screen. */
  windowPosition(index = 0) {
    const entity = this.source.entities.values[index];
    if (!entity) return null;
    const at = Cesium.SceneTransforms.worldToWindowCoordinates(this.view.scene,
      entity.position.getValue(Cesium.JulianDate.now()));
    if (!at) return null;
    const rect = this.view.scene.canvas.getBoundingClientRect();
    return [Math.round(rect.left + at.x), Math.round(rect.top + at.y)];
  }

  /** Looks straight down at a resource from 1.5 km, for the browser test to click it. */
  lookAt(index = 0) {
    const feature = [...this.features.values()][index];
    if (!feature) return false;
    const [lon, lat] = feature.geometry.coordinates;
    this.view.scene.camera.setView({ destination: Cesium.Cartesian3.fromDegrees(lon, lat, 1500) });
    this.view.scene.requestRender();
    return true;
  }

  /** The layer panel's section: the switch, what it shows now, and the legend of kinds. */
  panelSection() {
    const status = this.status;
    const note = !this.enabled ? (this.mode === 'wartime' ? null : t('resource.peaceNote'))
      : !status || status.state === 'loading' ? t('overlay.loading')
        : status.state === 'restricted' ? t('resource.restricted')
          : status.state === 'error' ? t('overlay.unavailable')
            : t('overlay.count', formatNumber(status.count));
    return el('div', { class: 'resource-section' },
      el('h3', {}, t('resource.title')),
      el('label', { class: 'overlay-option' },
        el('input', {
          type: 'checkbox', checked: this.enabled, 'data-overlay': 'resources',
          onchange: (e) => this.setEnabled(e.target.checked),
        }),
        el('i', { class: 'swatch', style: { background: RESOURCE_KINDS.shelter.color } }),
        t(this.mode === 'wartime' ? 'resource.toggleWar' : 'resource.toggle'),
        note ? el('span', { class: 'overlay-status' }, note) : null),
      this.enabled ? el('div', { class: 'legend small' }, legendEntries(() => 'div')) : null);
  }

  /** Entries for the map legend while the resources are shown. */
  legendItems() {
    return this.enabled ? legendEntries(() => 'span') : [];
  }
}

function legendEntries(tag) {
  return Object.entries(RESOURCE_KINDS).map(([, kind]) => el(tag(), { class: 'legend-item' },
    el('i', { class: 'dot', style: { background: kind.color } }), t(kind.labelKey)));
}

/** The card of a resource: what it is, how many it holds or what it stocks, where. */
export function renderResourceCard(box, feature) {
  const p = feature.properties ?? {};
  const kind = resourceKind(feature);
  const rows = [[t('resource.kindLabel'), t(RESOURCE_KINDS[kind].labelKey)]];
  if (typeof p.capacity === 'number') rows.push([t('resource.capacity'), t('resource.people', formatNumber(p.capacity))]);
  if (p.gridCode) rows.push([t('card.grid'), p.gridCode]);
  if (p.villageCode) rows.push([t('resource.village'), p.villageCode]);
  const [lon, lat] = feature.geometry?.coordinates ?? [];
  if (typeof lon === 'number') rows.push([t('resource.location'), `${lon.toFixed(5)}, ${lat.toFixed(5)}`]);
  const supplies = Object.entries(p.supplies ?? {});
  fill(box,
    el('header', { class: 'card-header resource-card', dataset: { resource: feature.id } },
      el('span', { class: 'badge', style: { background: RESOURCE_KINDS[kind].color } }, t(RESOURCE_KINDS[kind].labelKey)),
      el('h2', {}, p.name ?? feature.id),
      el('div', { class: 'card-code' }, `${t('card.code')} ${feature.id}`)),
    el('section', {}, el('h3', {}, t('resource.title')),
      el('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]))),
    supplies.length ? el('section', {}, el('h3', {}, t('resource.supplies')),
      el('ul', { class: 'card-list' }, supplies.map(([item, quantity]) => el('li', {},
        el('span', { class: 'grow' }, tOr(`resource.item.${item}`, item)), el('b', {}, formatNumber(quantity)))))) : null,
    el('p', { class: 'muted' }, t(p.source === 'resource' ? 'resource.sourceImported' : 'resource.sourceCentre')));
}
