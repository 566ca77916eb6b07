// A grid worker's patrol tracks of one day on the 3D map (docs/PATROLS.md "Reading tracks"): drawn
// as lines on the ground with their start and end marked and timed, the camera flies to them, and a
// chip at the top of the map is their legend, steps to the day before or after and clears them.
// The day is chosen in the picker (patrol-picker.js).
import { Cesium } from './scene.js';
import * as api from './api.js';
import { el, fill } from './dom.js';
import { t, formatNumber, describeError, onLanguageChange } from './i18n.js';
import { chinaTime, dayLabel, shiftDay, km } from './patrol-picker.js';

/** One colour per patrol of the day, none of them the grid lines' cyan or the highlight's yellow. */
const COLOURS = ['#ff7a45', '#b37feb', '#5cdbd3', '#ff85c0', '#95de64', '#ffc069'];
const START = '#2fbf71';
const END = '#e0413a';

export class PatrolTracks {
  /**
   * @param sceneView the map
   * @param chip the element that shows what is drawn (legend, day steps, clear)
   * @param onPickDay called with (worker, name) by the chip's day button (the picker)
   */
  constructor(sceneView, chip, { onPickDay } = {}) {
    this.view = sceneView;
    this.chip = chip;
    this.onPickDay = onPickDay;
    this.source = new Cesium.CustomDataSource('patrol-tracks');
    sceneView.viewer.dataSources.add(this.source);
    /**
     * What is shown, or null: {state, worker, name, day, patrols, drawn, message}; state 'loading',
     * 'flying' (drawn, the camera on its way and the ground lines being built), 'ready', 'empty' (no
     * patrols that day) or 'error'.
     */
    this.current = null;
    this.ground = Cesium.GroundPolylinePrimitive.isSupported(sceneView.scene);
    // the heights ground lines are placed by (a 300 KB asset, fetched once): now, not when first drawn
    if (this.ground) Cesium.GroundPolylinePrimitive.initializeTerrainHeights().catch(() => {});
    onLanguageChange(() => {
      this.relabel();
      this.renderChip();
    });
    this.renderChip();
  }

  /** The markers' words in the current language. */
  relabel() {
    for (const p of this.current?.patrols ?? []) {
      const start = this.source.entities.getById(`patrol:${p.id}:start`);
      const end = this.source.entities.getById(`patrol:${p.id}:end`);
      if (start) start.label.text = `${t('tracks.start')} ${chinaTime(p.start)}`;
      if (end) end.label.text = `${t('tracks.end')} ${chinaTime(p.end)}`;
    }
    this.view.scene.requestRender();
  }

  /**
   * Draws the worker's patrols of the day (China time) and flies to them; resolves when the flight
   * has ended and the lines are on the map (state 'ready').
   */
  async show(worker, name, day) {
    const token = Symbol('tracks');
    this.token = token;
    this.stopWaiting?.();
    this.source.entities.removeAll();
    this.current = { state: 'loading', worker, name, day, patrols: [] };
    this.renderChip();
    try {
      const list = await api.patrols({ worker, from: day, to: day, limit: 1000 });
      const features = await Promise.all(list.map((p) => api.patrol(p.id)));
      if (this.token !== token) return;
      features.sort((a, b) => String(a.properties.startedAt).localeCompare(String(b.properties.startedAt)));
      if (!features.length) {
        this.current = { ...this.current, state: 'empty' };
        this.renderChip();
        this.view.scene.requestRender();
        return;
      }
      const patrols = features.map((f, i) => this.draw(f, COLOURS[i % COLOURS.length]));
      this.current = { ...this.current, state: 'flying', patrols };
      this.renderChip();
      const bbox = bounds(features);
      if (bbox) await this.view.flyToBbox(bbox, { range: 1.8, pitch: -60 });
      if (this.token !== token) return;
      const drawn = await this.whenDrawn();
      if (this.token !== token) return;
      this.current = { ...this.current, state: 'ready', drawn };
    } catch (e) {
      if (this.token !== token) return;
      this.source.entities.removeAll();
      this.current = { ...this.current, state: 'error', message: describeError(e) };
    }
    this.renderChip();
  }

  /**
   * Resolves once the tracks are on the map. Ground lines are built by web workers (after Cesium has
   * fetched its terrain heights, on first use) and show only in a frame drawn after that; in
   * request-render mode frames are asked for until the map can say where each line is (its
   * visualization is done, as a zoom to an entity waits for), at most 5 s, and one more is drawn: not
   * for a fixed while, so a slow (software) renderer is not kept busy.
   *
   * @return whether the lines were drawn (false: still being built after the time allowed)
   */
  whenDrawn(timeoutMs = 5000) {
    this.stopWaiting?.();
    const scene = this.view.scene;
    const display = this.view.viewer.dataSourceDisplay;
    const lines = this.source.entities.values.filter((e) => e.polyline);
    const sphere = new Cesium.BoundingSphere();
    return new Promise((resolve) => {
      let timer = null;
      let done = false;
      const finish = () => {
        clearTimeout(timer);
        scene.postRender.removeEventListener(finish);
        this.stopWaiting = null;
        resolve(done);
      };
      this.stopWaiting = finish;
      const until = performance.now() + timeoutMs;
      const check = () => {
        done = lines.every((e) => {
          try {
            return display.getBoundingSphere(e, false, sphere) === Cesium.BoundingSphereState.DONE;
          } catch {
            return false; // not taken in by the display yet (its next update)
          }
        });
        if (done || performance.now() > until) {
          scene.postRender.addEventListener(finish);
          scene.requestRender();
          return;
        }
        scene.requestRender();
        timer = setTimeout(check, 50);
      };
      check();
    });
  }

  /** Adds one patrol's line and its start and end markers; answers its legend entry. */
  draw(feature, colour) {
    const p = feature.properties;
    const coordinates = feature.geometry?.type === 'LineString' ? feature.geometry.coordinates
      : feature.geometry?.type === 'Point' ? [feature.geometry.coordinates] : [];
    const times = p.times ?? [];
    const start = times[0] ?? p.startedAt;
    const end = times[times.length - 1] ?? p.endedAt ?? start;
    if (coordinates.length > 1) {
      this.source.entities.add({
        id: `patrol:${feature.id}`,
        polyline: {
          positions: this.ground ? Cesium.Cartesian3.fromDegreesArray(coordinates.flat())
            : Cesium.Cartesian3.fromDegreesArrayHeights(coordinates.flatMap(([lon, lat]) => [lon, lat, 1])),
          clampToGround: this.ground,
          // on the ground, not over the roofs: a track is walked along the streets
          classificationType: Cesium.ClassificationType.TERRAIN,
          width: 4,
          material: Cesium.Color.fromCssColorString(colour),
        },
      });
    }
    if (coordinates.length) {
      this.marker(`patrol:${feature.id}:start`, coordinates[0], START, `${t('tracks.start')} ${chinaTime(start)}`);
      if (coordinates.length > 1) {
        this.marker(`patrol:${feature.id}:end`, coordinates[coordinates.length - 1], END,
          `${t('tracks.end')} ${chinaTime(end)}`);
      }
    }
    return { id: feature.id, colour, start, end, distanceM: p.distanceM, points: coordinates.length,
      flagged: Boolean(p.flagged) };
  }

  marker(id, [lon, lat], colour, text) {
    this.source.entities.add({
      id,
      position: Cesium.Cartesian3.fromDegrees(lon, lat, 0),
      point: {
        pixelSize: 10, color: Cesium.Color.fromCssColorString(colour),
        outlineColor: Cesium.Color.fromCssColorString('#06121f'), outlineWidth: 2,
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
      label: {
        text,
        font: '12px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
        fillColor: Cesium.Color.WHITE,
        outlineColor: Cesium.Color.fromCssColorString('#06121f'),
        outlineWidth: 3,
        style: Cesium.LabelStyle.FILL_AND_OUTLINE,
        pixelOffset: new Cesium.Cartesian2(0, -16),
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
      },
    });
  }

  clear() {
    this.token = Symbol('cleared');
    this.stopWaiting?.();
    this.source.entities.removeAll();
    this.current = null;
    this.renderChip();
    this.view.scene.requestRender();
  }

  /** The chip: who and which day, each patrol's colour, times and length, or why there is nothing. */
  renderChip() {
    const c = this.current;
    this.chip.hidden = !c;
    if (!c) return fill(this.chip);
    const step = (days, cls, label) => el('button', {
      class: `ghost ${cls}`, type: 'button', title: t(days < 0 ? 'tracks.dayBefore' : 'tracks.dayAfter'),
      onclick: () => this.show(c.worker, c.name, shiftDay(c.day, days)),
    }, label);
    let body;
    if (c.state === 'loading') body = el('span', { class: 'loading' }, t('tracks.loading'));
    else if (c.state === 'empty') body = el('span', { class: 'patrol-none' }, t('tracks.none', dayLabel(c.day)));
    else if (c.state === 'error') body = el('span', { class: 'notice' }, c.message);
    else {
      body = c.patrols.map((p) => el('span', { class: 'legend-item patrol-entry', dataset: { patrol: p.id } },
        el('i', { style: { background: p.colour } }),
        `${p.start ? chinaTime(p.start) : '?'}–${p.end ? chinaTime(p.end) : '?'} · ${km(p.distanceM)} · `
          + t('tracks.points', formatNumber(p.points)),
        p.flagged ? el('span', { class: 'tag' }, t('tracks.flagged')) : null));
    }
    fill(this.chip,
      el('div', { class: 'patrol-chip-head' },
        el('b', {}, t('tracks.title')),
        el('span', { class: 'patrol-who' }, c.name && c.name !== c.worker ? `${c.name} (${c.worker})` : c.worker),
        step(-1, 'patrol-prev', '‹'),
        el('span', { class: 'patrol-day' }, dayLabel(c.day)),
        step(1, 'patrol-next', '›'),
        this.onPickDay ? el('button', { class: 'ghost patrol-pick', type: 'button',
          onclick: () => this.onPickDay(c.worker, c.name) }, t('tracks.pickDay')) : null,
        el('button', { class: 'ghost patrol-clear', type: 'button', title: t('tracks.clear'), onclick: () => this.clear() },
          '× ', t('tracks.clear'))),
      el('div', { class: 'patrol-chip-body' }, body),
      c.state === 'ready' || c.state === 'flying'
        ? el('div', { class: 'patrol-chip-keys muted' },
          el('span', { class: 'legend-item' }, el('i', { class: 'dot', style: { background: START } }), t('tracks.start')),
          el('span', { class: 'legend-item' }, el('i', { class: 'dot', style: { background: END } }), t('tracks.end')))
        : null);
  }

  /** What is drawn, read back from the map's entities (for the browser test). */
  snapshot() {
    if (!this.current) return null;
    const now = Cesium.JulianDate.now();
    const degrees = (c) => {
      const g = Cesium.Cartographic.fromCartesian(c);
      return [Cesium.Math.toDegrees(g.longitude), Cesium.Math.toDegrees(g.latitude)];
    };
    const tracks = (this.current.patrols ?? []).map((p) => {
      const line = this.source.entities.getById(`patrol:${p.id}`);
      const start = this.source.entities.getById(`patrol:${p.id}:start`);
      const end = this.source.entities.getById(`patrol:${p.id}:end`);
      return {
        id: p.id,
        line: line ? line.polyline.positions.getValue(now).map(degrees) : [],
        clamped: line ? Boolean(line.polyline.clampToGround?.getValue(now)) : null,
        start: start ? { at: degrees(start.position.getValue(now)), label: start.label.text.getValue(now) } : null,
        end: end ? { at: degrees(end.position.getValue(now)), label: end.label.text.getValue(now) } : null,
      };
    });
    const { state, drawn, worker, day } = this.current;
    return { state, drawn: drawn ?? null, worker, day, entities: this.source.entities.values.length,
      chip: this.chip.textContent, tracks };
  }
}

/** [w, s, e, n] of the tracks' positions, or null. */
function bounds(features) {
  let w = Infinity; let s = Infinity; let e = -Infinity; let n = -Infinity;
  for (const f of features) {
    const g = f.geometry;
    const coords = g?.type === 'LineString' ? g.coordinates : g?.type === 'Point' ? [g.coordinates] : [];
    for (const [lon, lat] of coords) {
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

