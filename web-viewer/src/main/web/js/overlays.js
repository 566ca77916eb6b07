// Overlays drawn over the buildings, each switched on and off independently of the building
// theme: grid boundaries with names, Party member -> household arcs, event markers by status and
// neighbourhood centres. Each keeps its own Cesium data source so toggling is cheap.
import { Cesium, labelPoint, outerRings } from './scene.js';
import * as api from './api.js';

export const EVENT_STATUS_COLORS = {
  open: '#3d9cff',
  supervised: '#f2a23a',
  overdue: '#ff4d4f',
  closed: '#39c47a',
};

/** The display status of an event from whatever fields the events API gives. */
export function eventStatus(event) {
  const p = event.properties ?? event;
  const status = String(p.status ?? '').toLowerCase();
  if (status === 'closed' || p.step === 'closed' || p.closedAt || p.closed_at) return 'closed';
  if (status === 'overdue' || p.overdue === true || p.overdue === 1) return 'overdue';
  const deadline = p.deadline ? Date.parse(p.deadline) : NaN;
  if (!Number.isNaN(deadline) && deadline < Date.now()) return 'overdue';
  if (status === 'supervised' || p.supervised === true || p.supervised === 1) return 'supervised';
  return 'open';
}

function lonLatOf(item) {
  if (item.geometry?.type === 'Point') return item.geometry.coordinates;
  const p = item.properties ?? item;
  if (typeof p.lon === 'number' && typeof p.lat === 'number') return [p.lon, p.lat];
  return null;
}

/** Grid labels show within 4.5 km; they are created a little before the camera gets there. */
const GRID_LABEL_REACH_METRES = 6000;

export class Overlays {
  constructor(sceneView) {
    this.scene = sceneView;
    this.sources = {};
    for (const id of ['grids', 'partyArcs', 'events', 'centres']) {
      this.sources[id] = new Cesium.CustomDataSource(id);
      sceneView.viewer.dataSources.add(this.sources[id]);
    }
    this.enabled = { grids: true, partyArcs: false, events: false, centres: true };
    this.gridCodesDrawn = new Set();
    this.gridLines = sceneView.scene.primitives.add(new Cesium.PolylineCollection());
    this.gridLabels = sceneView.scene.primitives.add(new Cesium.LabelCollection());
    this.pendingLabels = [];
    sceneView.scene.camera.percentageChanged = 0.1;
    sceneView.scene.camera.changed.addEventListener(() => this.addNearbyLabels());
    this.currentGrid = null;
    this.focusGrids = [];
    this.centresByGrid = new Map();
    this.statusListeners = new Set();
    this.status = {};
  }

  onStatus(fn) {
    this.statusListeners.add(fn);
  }

  report(id, state, count) {
    if (state === 'ready') this.scene.nudge();
    this.status[id] = { state, count };
    this.statusListeners.forEach((fn) => fn(id, this.status[id]));
  }

  setEnabled(id, on) {
    this.enabled[id] = on;
    this.sources[id].show = on;
    if (id === 'grids') {
      this.gridLines.show = on;
      this.gridLabels.show = on;
      this.scene.setBoundariesVisible(on);
    }
    if (on) this.refresh(id);
    this.scene.scene.requestRender();
  }

  /**
   * Adds the boundary lines and name labels of grids (GeoJSON-normalized regions). The lines go
   * into one polyline collection (a few draw calls, no geometry workers); a label is created only
   * once the camera comes near its grid, since hundreds of outlined CJK labels cost seconds of
   * main-thread time in the first view, where they would be too far away to show anyway.
   */
  addGrids(grids) {
    const color = Cesium.Color.fromCssColorString('#35d0ff').withAlpha(0.55);
    for (const grid of grids) {
      if (!grid.geometry || this.gridCodesDrawn.has(grid.code)) continue;
      this.gridCodesDrawn.add(grid.code);
      for (const ring of outerRings(grid.geometry)) {
        this.gridLines.add({
          positions: Cesium.Cartesian3.fromDegreesArrayHeights(ring.flatMap(([lon, lat]) => [lon, lat, 1])),
          width: 1.5,
          material: Cesium.Material.fromType('Color', { color }),
        });
      }
      const at = labelPoint(grid.geometry);
      if (at) this.pendingLabels.push({ name: grid.name, position: Cesium.Cartesian3.fromDegrees(at[0], at[1], 50) });
    }
    this.addNearbyLabels();
    this.report('grids', 'ready', this.gridCodesDrawn.size);
    this.scene.scene.requestRender();
  }

  /** Creates the labels of grids within reach of the camera (they show from 4.5 km). */
  addNearbyLabels() {
    if (!this.pendingLabels.length) return;
    const camera = this.scene.scene.camera.positionWC;
    const far = [];
    for (const item of this.pendingLabels) {
      if (Cesium.Cartesian3.distance(camera, item.position) > GRID_LABEL_REACH_METRES) {
        far.push(item);
        continue;
      }
      this.gridLabels.add({
        position: item.position,
        text: item.name,
        font: '13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        fillColor: Cesium.Color.fromCssColorString('#e8f6ff'),
        outlineColor: Cesium.Color.fromCssColorString('#06121f'),
        outlineWidth: 3,
        style: Cesium.LabelStyle.FILL_AND_OUTLINE,
        distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, 4500),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      });
    }
    this.pendingLabels = far;
  }

  /**
   * What is in focus: the grid whose arcs and events are shown (null at region level) and the
   * grids of the village in view, whose neighbourhood centres are shown (the points API answers
   * per grid).
   */
  setFocus(gridCode, villageGridCodes = []) {
    const gridsChanged = villageGridCodes.join() !== this.focusGrids.join();
    this.currentGrid = gridCode;
    this.focusGrids = villageGridCodes;
    for (const id of ['partyArcs', 'events']) {
      if (this.enabled[id]) this.refresh(id);
    }
    if (gridsChanged && this.enabled.centres) this.refresh('centres');
  }

  async refresh(id) {
    try {
      if (id === 'partyArcs') await this.loadPartyArcs();
      if (id === 'events') await this.loadEvents();
      if (id === 'centres') await this.loadCentres();
    } catch (e) {
      this.sources[id].entities.removeAll();
      this.report(id, e.status === 404 || e.status === 405 ? 'unavailable' : 'error', 0);
    }
    this.scene.scene.requestRender();
  }

  async loadPartyArcs() {
    const source = this.sources.partyArcs;
    source.entities.removeAll();
    if (!this.currentGrid) return this.report('partyArcs', 'needsGrid', 0);
    this.report('partyArcs', 'loading', 0);
    const lines = await api.partyLinks(this.currentGrid);
    const color = Cesium.Color.fromCssColorString('#ff5a4e').withAlpha(0.85);
    for (const line of lines) {
      const coords = line.geometry?.coordinates;
      if (!coords || coords.length < 2) continue;
      source.entities.add({
        polyline: {
          positions: arc(coords[0], coords[coords.length - 1]),
          width: Math.min(5, 1.5 + (line.properties?.links ?? 1) * 0.5), material: color,
        },
      });
    }
    this.report('partyArcs', 'ready', lines.length);
  }

  async loadEvents() {
    const source = this.sources.events;
    source.entities.removeAll();
    this.report('events', 'loading', 0);
    const list = await api.events(this.currentGrid ? { grid: this.currentGrid } : { status: 'open', limit: 2000 });
    let shown = 0;
    for (const event of list) {
      const at = lonLatOf(event);
      if (!at) continue;
      const status = eventStatus(event);
      source.entities.add({
        position: Cesium.Cartesian3.fromDegrees(at[0], at[1], 3),
        point: {
          pixelSize: status === 'closed' ? 6 : 9,
          color: Cesium.Color.fromCssColorString(EVENT_STATUS_COLORS[status]),
          outlineColor: Cesium.Color.fromCssColorString('#06121f'),
          outlineWidth: 1.5,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
      });
      shown++;
    }
    this.report('events', 'ready', shown);
  }

  async loadCentres() {
    const source = this.sources.centres;
    source.entities.removeAll();
    if (!this.focusGrids.length) return this.report('centres', 'needsGrid', 0);
    this.report('centres', 'loading', 0);
    const lists = await Promise.all(this.focusGrids.map(async (code) => {
      if (!this.centresByGrid.has(code)) {
        this.centresByGrid.set(code, await api.points('neighbourhood_centre', code).catch((e) => {
          if (e.status === 404 || e.status === 403) return [];
          throw e;
        }));
      }
      return this.centresByGrid.get(code);
    }));
    const list = lists.flat();
    for (const point of list) {
      const at = lonLatOf(point);
      if (!at) continue;
      const name = (point.properties ?? point).name ?? '';
      source.entities.add({
        position: Cesium.Cartesian3.fromDegrees(at[0], at[1], 20),
        point: {
          pixelSize: 12,
          color: Cesium.Color.fromCssColorString('#ffd54a'),
          outlineColor: Cesium.Color.fromCssColorString('#7a4b00'),
          outlineWidth: 2,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        },
        label: name ? {
          text: name,
          font: '12px "Noto Sans CJK SC", sans-serif',
          fillColor: Cesium.Color.fromCssColorString('#ffe8a3'),
          outlineColor: Cesium.Color.BLACK,
          outlineWidth: 3,
          style: Cesium.LabelStyle.FILL_AND_OUTLINE,
          pixelOffset: new Cesium.Cartesian2(0, -18),
          distanceDisplayCondition: new Cesium.DistanceDisplayCondition(0, 12000),
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        } : undefined,
      });
    }
    this.report('centres', 'ready', list.length);
  }
}

/** A raised arc between two lon/lat points, higher for longer links so they stay readable. */
function arc(from, to) {
  const a = Cesium.Cartesian3.fromDegrees(from[0], from[1]);
  const b = Cesium.Cartesian3.fromDegrees(to[0], to[1]);
  const peak = Math.min(120, 15 + Cesium.Cartesian3.distance(a, b) * 0.3);
  const positions = [];
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const f = i / steps;
    const lon = from[0] + (to[0] - from[0]) * f;
    const lat = from[1] + (to[1] - from[1]) * f;
    positions.push(Cesium.Cartesian3.fromDegrees(lon, lat, 4 * peak * f * (1 - f) + 2));
  }
  return positions;
}
