// The 3D map: a CesiumJS viewer with no online services (no ion, no imagery, no geocoder), the
// district's 3D Tiles tree, the thematic style, picking, fly-to and boundary highlights.
import * as Cesium from 'cesium';
import { TILESET_URL, imageryLayers, tileJson, tileRequestHeaders } from './api.js';
import { colorBlendMode, styleJson } from './themes.js';

const SCENE_PREFIX = { district: 'd', township: 't', workarea: 'w', village: 'v', grid: 'g' };

export class SceneView {
  /**
   * @param container element that receives the canvas
   * @param testMode true for the browser test: costly effects off, drawing buffer kept for pixels
   */
  constructor(container, { testMode = false } = {}) {
    Cesium.Ion.defaultAccessToken = '';
    this.testMode = testMode;
    this.themeId = 'none';
    this.selectedBuildingId = null;
    this.showBoundaries = true;
    this.tileset = null;
    this.tilesLoaded = false;
    this.flying = false;
    this.pendingTiles = 0;
    this.listeners = { progress: new Set(), tilesLoaded: new Set(), pick: new Set(), imagery: new Set(), select: new Set() };
    /** Functions that turn a pick that is not a 3D Tiles feature into card properties (mesh volumes). */
    this.pickResolvers = [];
    /** Ids of extruded buildings not drawn (an imported mesh shows them), or null. */
    this.covered = null;
    /** Which content the view has drawn, and when first: village overviews and grid tiles. */
    this.drawn = { overview: new Set(), grid: new Set(), firstOverviewAt: null, firstGridAt: null };
    /** Imagery layers by id: { id, name, kind, layer (Cesium.ImageryLayer), opacity, visible }. */
    this.imagery = new Map();

    this.viewer = new Cesium.Viewer(container, {
      baseLayer: false,
      baseLayerPicker: false,
      geocoder: false,
      homeButton: false,
      sceneModePicker: false,
      navigationHelpButton: false,
      animation: false,
      timeline: false,
      fullscreenButton: false,
      infoBox: false,
      selectionIndicator: false,
      shadows: false,
      requestRenderMode: true,
      maximumRenderTimeChange: Infinity,
      msaaSamples: testMode ? 1 : 4,
      contextOptions: { webgl: { preserveDrawingBuffer: testMode, alpha: false } },
    });
    const scene = this.viewer.scene;
    this.scene = scene;
    scene.backgroundColor = Cesium.Color.fromCssColorString('#070d16');
    // Land outside the district (and before the base map arrives): a muted warm grey, a shade
    // darker than the district's own base map, so the district reads as the place in focus.
    scene.globe.baseColor = Cesium.Color.fromCssColorString('#d9d5cc');
    scene.globe.showGroundAtmosphere = false;
    scene.globe.enableLighting = false;
    scene.skyBox = undefined;
    scene.sun = undefined;
    scene.moon = undefined;
    scene.skyAtmosphere.show = !testMode;
    scene.fog.enabled = !testMode;
    scene.postProcessStages.fxaa.enabled = !testMode;
    scene.highDynamicRange = false;
    // The sun follows the clock (it is night in China during a European afternoon); a light that
    // comes from behind the viewer keeps the data colours readable at any hour.
    scene.light = new Cesium.DirectionalLight({ direction: new Cesium.Cartesian3(1, 0, 0), intensity: 2.2 });
    scene.preRender.addEventListener(() => {
      const camera = scene.camera;
      const dir = Cesium.Cartesian3.add(camera.directionWC,
        Cesium.Cartesian3.multiplyByScalar(camera.rightWC, 0.35, new Cesium.Cartesian3()), new Cesium.Cartesian3());
      Cesium.Cartesian3.normalize(dir, scene.light.direction);
    });
    scene.screenSpaceCameraController.minimumZoomDistance = 30;
    scene.screenSpaceCameraController.maximumZoomDistance = 400000;
    this.viewer.cesiumWidget.creditContainer.classList.add('cesium-credits');

    this.highlight = new Cesium.CustomDataSource('highlight');
    this.viewer.dataSources.add(this.highlight);

    this.viewer.screenSpaceEventHandler.setInputAction((movement) => {
      const props = this.pick(movement.position.x, movement.position.y);
      this.listeners.pick.forEach((fn) => fn(props, movement.position));
    }, Cesium.ScreenSpaceEventType.LEFT_CLICK);
    this.viewer.screenSpaceEventHandler.removeInputAction(Cesium.ScreenSpaceEventType.LEFT_DOUBLE_CLICK);
  }

  on(event, fn) {
    this.listeners[event].add(fn);
  }

  /** Loads the district tileset; resolves when the root is ready (tiles keep streaming after). */
  async loadTileset() {
    const resource = new Cesium.Resource({ url: TILESET_URL, headers: tileRequestHeaders() });
    const tileset = await Cesium.Cesium3DTileset.fromUrl(resource, {
      // Buildings live only in the grid tiles (geometric error ~130 m above them): a tighter
      // budget than Cesium's 16 brings them in from further away on large screens; the browser
      // test keeps the default so software rendering stays quick.
      maximumScreenSpaceError: this.testMode ? 16 : 8,
      enableCollision: false,
      cacheBytes: 512 * 1024 * 1024,
    });
    this.tileset = tileset;
    this.scene.primitives.add(tileset);
    tileset.loadProgress.addEventListener((pending, processing) => {
      this.pendingTiles = pending + processing;
      this.tilesLoaded = false;
      this.listeners.progress.forEach((fn) => fn(pending, processing));
    });
    tileset.tileVisible.addEventListener((tile) => this.noteDrawn(tile));
    tileset.allTilesLoaded.addEventListener(() => {
      this.pendingTiles = 0;
      this.tilesLoaded = true;
      this.listeners.tilesLoaded.forEach((fn) => fn());
    });
    this.applyStyle();
    return tileset;
  }

  /**
   * Loads the published tree again after a scene publish: the new tileset is added beside the old
   * one, which goes once the new one has drawn its first view, so nothing blinks. tileset.json files
   * are revalidated (ETag) and the content files are immutable, so only what changed is fetched.
   */
  reloadTileset() {
    this.reloading = (this.reloading ?? Promise.resolve()).then(async () => {
      const old = this.tileset;
      const next = await this.loadTileset();
      if (!old) return;
      let dropped = false;
      const drop = () => {
        if (dropped) return;
        dropped = true;
        this.scene.primitives.remove(old);
        this.scene.requestRender();
      };
      next.initialTilesLoaded.addEventListener(drop);
      setTimeout(drop, 10000);
    });
    return this.reloading;
  }

  /** Records a drawn tile as a village overview (GRID_BLOCKS features) or a grid tile. */
  noteDrawn(tile) {
    const content = tile.content;
    if (!content?.featuresLength) return;
    if (tile.gridscapeKind === undefined) {
      const kind = content.getFeature(0).getProperty('featureKind');
      tile.gridscapeKind = kind === 'GRID_BLOCKS' ? 'overview' : kind ? 'grid' : null;
    }
    const kind = tile.gridscapeKind;
    if (!kind) return;
    const seen = this.drawn[kind];
    if (seen.has(content.url)) return;
    seen.add(content.url);
    const first = kind === 'overview' ? 'firstOverviewAt' : 'firstGridAt';
    if (this.drawn[first] === null) this.drawn[first] = performance.now();
  }

  /**
   * Resolves when every tile the current view needs is loaded. In request-render mode the
   * tileset only notices a camera change when a frame is drawn, so a few frames must pass first.
   */
  waitForTiles(timeoutMs = 120000) {
    return new Promise((resolve, reject) => {
      if (!this.tileset) return reject(new Error('no tileset'));
      const started = performance.now();
      let frames = 0;
      const counter = () => { frames++; };
      this.scene.postRender.addEventListener(counter);
      const finish = (error) => {
        this.scene.postRender.removeEventListener(counter);
        if (error) reject(error); else resolve();
      };
      const check = () => {
        this.scene.requestRender();
        if (frames >= 3 && this.tileset.tilesLoaded && this.pendingTiles === 0 && !this.flying) return finish();
        if (performance.now() - started > timeoutMs) return finish(new Error('tiles did not load in time'));
        setTimeout(check, 50);
      };
      check();
    });
  }

  /**
   * Drapes the server's imagery on the globe: the district's base map, then its orthophotos.
   * A layer that fails to load is left out and reported with its error.
   */
  async loadImagery() {
    const layers = await imageryLayers();
    for (const entry of layers) {
      try {
        const doc = await tileJson(entry.tilejson);
        const [w, s, e, n] = doc.bounds ?? [-180, -85, 180, 85];
        const provider = new Cesium.UrlTemplateImageryProvider({
          url: new Cesium.Resource({ url: doc.tiles[0], headers: tileRequestHeaders() }),
          minimumLevel: doc.minzoom ?? 0,
          maximumLevel: doc.maxzoom ?? 19,
          rectangle: Cesium.Rectangle.fromDegrees(w, s, e, n),
          tileWidth: 256,
          tileHeight: 256,
          credit: doc.attribution ? new Cesium.Credit(doc.attribution) : undefined,
        });
        const layer = this.viewer.imageryLayers.addImageryProvider(provider);
        layer.show = entry.visible !== false;
        this.imagery.set(entry.id, { id: entry.id, name: entry.name ?? doc.name, kind: entry.kind, layer,
          opacity: 1, visible: layer.show });
      } catch (e) {
        this.imagery.set(entry.id, { id: entry.id, name: entry.name ?? entry.id, kind: entry.kind, layer: null,
          error: e.message ?? String(e), opacity: 1, visible: false });
      }
    }
    this.scene.requestRender();
    this.listeners.imagery.forEach((fn) => fn());
    return [...this.imagery.values()];
  }

  setImageryVisible(id, visible) {
    const entry = this.imagery.get(id);
    if (!entry?.layer) return;
    entry.visible = visible;
    entry.layer.show = visible;
    this.scene.requestRender();
  }

  setImageryOpacity(id, opacity) {
    const entry = this.imagery.get(id);
    if (!entry?.layer) return;
    entry.opacity = opacity;
    entry.layer.alpha = opacity;
    this.scene.requestRender();
  }

  /** Puts the camera straight above a lon/lat at a height in metres, north up. */
  lookDown(lon, lat, height) {
    this.scene.camera.setView({
      destination: Cesium.Cartesian3.fromDegrees(lon, lat, height),
      orientation: { heading: 0, pitch: Cesium.Math.toRadians(-90), roll: 0 },
    });
    this.scene.requestRender();
  }

  /** Window position (CSS pixels) of a lon/lat on the ellipsoid, or null when off screen. */
  toWindow(lon, lat) {
    const p = Cesium.SceneTransforms.worldToWindowCoordinates(this.scene, Cesium.Cartesian3.fromDegrees(lon, lat, 0));
    if (!p) return null;
    const rect = this.scene.canvas.getBoundingClientRect();
    return [p.x + rect.left, p.y + rect.top];
  }

  /** Resolves when every imagery tile the current view needs is drawn. */
  waitForImagery(timeoutMs = 60000) {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const check = () => {
        this.scene.requestRender();
        if (this.scene.globe.tilesLoaded) return resolve();
        if (performance.now() - started > timeoutMs) return reject(new Error('imagery did not load in time'));
        setTimeout(check, 100);
      };
      setTimeout(check, 100);
    });
  }

  setTheme(themeId) {
    this.themeId = themeId;
    this.applyStyle();
  }

  setBoundariesVisible(visible) {
    this.showBoundaries = visible;
    this.applyStyle();
  }

  selectBuilding(buildingId) {
    this.selectedBuildingId = buildingId;
    this.applyStyle();
    this.listeners.select.forEach((fn) => fn(buildingId));
  }

  /** Hides the extruded buildings with these ids (null: show all). */
  setCoveredBuildings(ids) {
    this.covered = ids?.size ? ids : null;
    this.applyStyle();
  }

  addPickResolver(fn) {
    this.pickResolvers.push(fn);
  }

  applyStyle() {
    if (!this.tileset) return;
    this.tileset.colorBlendMode = Cesium.Cesium3DTileColorBlendMode[colorBlendMode(this.themeId)];
    const style = new Cesium.Cesium3DTileStyle(styleJson(this.themeId, {
      selectedBuildingId: this.selectedBuildingId, showBoundaries: this.showBoundaries,
    }));
    const covered = this.covered;
    if (covered) {
      const base = style.show;
      // Cesium also evaluates the style once, without a feature, for content that has none (a mesh).
      style.show = {
        evaluate: (feature, result) => (!feature || !covered.has(feature.getProperty('buildingId')))
          && base.evaluate(feature, result),
      };
    }
    this.tileset.style = style;
    this.scene.requestRender();
  }

  /**
   * Properties of the feature at a window position (CSS pixels), or null: a 3D Tiles feature's own,
   * or what a resolver makes of another pick (a building volume over an imported mesh).
   */
  pick(x, y) {
    const picked = this.scene.pick(new Cesium.Cartesian2(x, y));
    if (!(picked instanceof Cesium.Cesium3DTileFeature)) {
      for (const resolve of this.pickResolvers) {
        const props = resolve(picked);
        if (props) return props;
      }
      return null;
    }
    const props = {};
    for (const id of picked.getPropertyIds()) props[id] = picked.getProperty(id);
    return props;
  }

  /** Flies to a lon/lat box [w, s, e, n] with a tilted view; resolves when the flight ends. */
  flyToBbox(bbox, { duration, range = 2.2, pitch = -50 } = {}) {
    const [w, s, e, n] = bbox;
    const centre = Cesium.Cartographic.fromDegrees((w + e) / 2, (s + n) / 2);
    const corner = Cesium.Cartesian3.fromDegrees(w, s);
    const middle = Cesium.Cartographic.toCartesian(centre);
    const radius = Math.max(Cesium.Cartesian3.distance(corner, middle), 80);
    const sphere = new Cesium.BoundingSphere(middle, radius);
    this.flying = true;
    return new Promise((resolve) => {
      const done = () => { this.flying = false; this.scene.requestRender(); resolve(); };
      this.scene.camera.flyToBoundingSphere(sphere, {
        offset: new Cesium.HeadingPitchRange(0, Cesium.Math.toRadians(pitch), radius * range),
        duration: duration ?? (this.testMode ? 0 : 1.6),
        complete: done,
        cancel: done,
      });
    });
  }

  /**
   * Where a region or grid is: its own bbox/geometry when the API gave one, otherwise the
   * bounding region of its tileset in the scene tree (the tree's layout follows from the code).
   */
  async boundsOf(node) {
    if (node.bbox?.length === 4) return node.bbox;
    if (node.geometry) return geometryBbox(node.geometry);
    const path = node.level === 'district' ? TILESET_URL
      : `/3dtiles/${SCENE_PREFIX[node.level] ?? 'v'}/${node.code}/tileset.json`;
    try {
      const json = await Cesium.Resource.fetchJson({ url: path, headers: tileRequestHeaders() });
      const region = json.root.boundingVolume.region;
      if (region) return region.slice(0, 4).map(Cesium.Math.toDegrees);
    } catch {
      return null;
    }
    return null;
  }

  /** Outlines the selected region or grid: its polygon when known, otherwise its box. */
  showHighlight(node, bbox) {
    this.highlight.entities.removeAll();
    const rings = node.geometry ? outerRings(node.geometry) : bbox ? [bboxRing(bbox)] : [];
    for (const ring of rings) {
      this.highlight.entities.add({
        polyline: {
          positions: Cesium.Cartesian3.fromDegreesArrayHeights(ring.flatMap(([lon, lat]) => [lon, lat, 2])),
          width: 4,
          material: new Cesium.PolylineGlowMaterialProperty({
            color: Cesium.Color.fromCssColorString('#ffd54a'), glowPower: 0.25,
          }),
        },
      });
    }
    this.nudge();
  }

  /**
   * Keeps frames coming for a while: in request-render mode, entity geometry built by workers
   * (outlines, arcs) would otherwise appear only at the next user interaction.
   */
  nudge(ms = 3000) {
    const until = performance.now() + ms;
    clearInterval(this.nudgeTimer);
    this.nudgeTimer = setInterval(() => {
      this.scene.requestRender();
      if (performance.now() > until) clearInterval(this.nudgeTimer);
    }, 100);
  }

  clearHighlight() {
    this.highlight.entities.removeAll();
    this.scene.requestRender();
  }

}

export function geometryBbox(geometry) {
  let w = Infinity; let s = Infinity; let e = -Infinity; let n = -Infinity;
  for (const ring of outerRings(geometry)) {
    for (const [lon, lat] of ring) {
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** Outer rings of a GeoJSON Polygon or MultiPolygon (holes are not drawn as outlines). */
export function outerRings(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates[0]];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.map((p) => p[0]);
  return [];
}

/** A point inside-ish a polygon for its label: the centre of its largest ring's box. */
export function labelPoint(geometry) {
  const rings = outerRings(geometry);
  if (!rings.length) return null;
  const ring = rings.reduce((a, b) => (b.length > a.length ? b : a));
  let x = 0; let y = 0;
  const count = ring.length > 1 ? ring.length - 1 : ring.length;
  for (let i = 0; i < count; i++) { x += ring[i][0]; y += ring[i][1]; }
  return [x / count, y / count];
}

function bboxRing([w, s, e, n]) {
  return [[w, s], [e, s], [e, n], [w, n], [w, s]];
}

export { Cesium };
