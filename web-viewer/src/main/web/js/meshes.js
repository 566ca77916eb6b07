// Imported photogrammetry (倾斜摄影) made selectable building by building (单体化): the meshes
// hang in the district's 3D Tiles tree; here each building footprint over a mesh becomes a
// classification volume that picks and highlights the building, grid boundaries are draped on the
// mesh, and the extruded buildings under a mesh can be hidden so the mesh shows.
import * as Cesium from 'cesium';
import * as api from './api.js';

const CLASSIFIED = Cesium.Color.fromCssColorString('#ffd54a').withAlpha(0.12);
const SELECTED = Cesium.Color.fromCssColorString('#ffd54a').withAlpha(0.6);
const GRID_LINE = Cesium.Color.fromCssColorString('#35d0ff');
/** Volumes reach this far below and above the mesh, so they enclose its surface. */
const MARGIN_M = 5;

export class MeshLayer {
  constructor(sceneView) {
    this.view = sceneView;
    this.meshes = [];
    /** Buildings under a mesh: id -> OGC feature properties (fallback for the card). */
    this.buildings = new Map();
    /** Properties of covered buildings as their extruded features carry them (the card's source). */
    this.featureProps = new Map();
    this.primitives = [];
    this.hideCovered = true;
    this.status = 'idle';
    this.selected = null;
    this.listeners = new Set();
    sceneView.addPickResolver((picked) => this.resolvePick(picked));
    sceneView.on('select', (id) => this.highlight(id));
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  /** Reads the imported meshes and the footprints over them, then builds the volumes. */
  async load() {
    this.status = 'loading';
    this.changed();
    try {
      this.meshes = await api.importedTilesets();
      for (const mesh of this.meshes) {
        const features = await api.buildingsInBox(mesh.bounds);
        const grids = await api.gridsInBox(mesh.bounds).catch(() => []);
        this.addVolumes(mesh, features);
        this.addGridLines(grids);
      }
      this.status = 'ready';
    } catch (e) {
      this.status = 'error';
      this.error = e.message ?? String(e);
    }
    this.view.setCoveredBuildings(this.hideCovered ? new Set(this.buildings.keys()) : null);
    this.watchFeatures();
    this.changed();
  }

  addVolumes(mesh, features) {
    const [w, s, e, n] = mesh.bounds;
    const instances = [];
    for (const f of features) {
      const ring = f.geometry?.type === 'Polygon' ? f.geometry.coordinates[0]
        : f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates[0][0] : null;
      if (!ring || ring.length < 4) continue;
      // A building belongs to the mesh when its centre lies within the mesh's footprint.
      const [cx, cy] = ringCentre(ring);
      if (cx < w || cx > e || cy < s || cy > n) continue;
      const id = String(f.id ?? f.properties?.id);
      if (this.buildings.has(id)) continue;
      this.buildings.set(id, f.properties ?? {});
      instances.push(new Cesium.GeometryInstance({
        id,
        geometry: new Cesium.PolygonGeometry({
          polygonHierarchy: new Cesium.PolygonHierarchy(Cesium.Cartesian3.fromDegreesArray(ring.flat())),
          height: (mesh.minHeight ?? 0) - MARGIN_M,
          extrudedHeight: (mesh.maxHeight ?? 50) + MARGIN_M,
        }),
        attributes: { color: Cesium.ColorGeometryInstanceAttribute.fromColor(CLASSIFIED) },
      }));
    }
    if (!instances.length) return;
    const primitive = new Cesium.ClassificationPrimitive({
      geometryInstances: instances,
      classificationType: Cesium.ClassificationType.CESIUM_3D_TILE,
      asynchronous: true,
    });
    primitive.gridscapeMesh = mesh.id;
    this.primitives.push(primitive);
    this.view.scene.primitives.add(primitive);
    this.view.nudge(5000);
  }

  addGridLines(grids) {
    const instances = [];
    for (const g of grids) {
      const geometry = g.geometry;
      const rings = geometry?.type === 'Polygon' ? [geometry.coordinates[0]]
        : geometry?.type === 'MultiPolygon' ? geometry.coordinates.map((p) => p[0]) : [];
      for (const ring of rings) {
        instances.push(new Cesium.GeometryInstance({
          geometry: new Cesium.GroundPolylineGeometry({
            positions: Cesium.Cartesian3.fromDegreesArray(ring.flat()), width: 3,
          }),
        }));
      }
    }
    if (!instances.length) return;
    const lines = new Cesium.GroundPolylinePrimitive({
      geometryInstances: instances,
      appearance: new Cesium.PolylineMaterialAppearance({ material: Cesium.Material.fromType('Color', { color: GRID_LINE }) }),
      classificationType: Cesium.ClassificationType.CESIUM_3D_TILE,
      allowPicking: false,
    });
    this.primitives.push(lines);
    this.view.scene.primitives.add(lines);
  }

  /** Keeps the card's properties of covered buildings from the extruded features as tiles load. */
  watchFeatures() {
    const tileset = this.view.tileset;
    if (!tileset || !this.buildings.size || this.watching) return;
    this.watching = true;
    tileset.tileLoad.addEventListener((tile) => {
      const content = tile.content;
      for (let i = 0; i < (content?.featuresLength ?? 0); i++) {
        const feature = content.getFeature(i);
        const id = feature.getProperty('buildingId');
        if (id && this.buildings.has(id) && feature.getProperty('featureKind') === 'BUILDING') {
          const props = {};
          for (const key of feature.getPropertyIds()) props[key] = feature.getProperty(key);
          this.featureProps.set(id, props);
        }
      }
    });
  }

  /** A pick on a classification volume: the building's card properties (source 'mesh'). */
  resolvePick(picked) {
    if (!picked || typeof picked.id !== 'string' || !this.primitives.includes(picked.primitive)) return null;
    const id = picked.id;
    const own = this.featureProps.get(id);
    if (own) return { ...own, source: 'mesh' };
    const p = this.buildings.get(id) ?? {};
    return {
      source: 'mesh', featureKind: 'BUILDING', buildingId: id, gridCode: p.grid_code ?? null,
      floors: p.floors ?? null, heightMeters: p.height ?? null, use: p.use ?? null,
      safetyGrade: p.safety_grade ? String(p.safety_grade).toUpperCase() : 'UNKNOWN',
      illegalConstruction: p.illegal_construction ? String(p.illegal_construction).toUpperCase() : 'NONE',
    };
  }

  highlight(buildingId) {
    for (const primitive of this.primitives) {
      if (!(primitive instanceof Cesium.ClassificationPrimitive) || !primitive.ready) continue;
      for (const id of [this.selected, buildingId]) {
        if (!id || !this.buildings.has(id)) continue;
        const attributes = primitive.getGeometryInstanceAttributes(id);
        if (attributes) {
          attributes.color = Cesium.ColorGeometryInstanceAttribute.toValue(id === buildingId ? SELECTED : CLASSIFIED);
        }
      }
    }
    this.selected = buildingId;
    this.view.scene.requestRender();
  }

  setHideCovered(hide) {
    this.hideCovered = hide;
    this.view.setCoveredBuildings(hide ? new Set(this.buildings.keys()) : null);
    this.changed();
  }

  changed() {
    this.listeners.forEach((fn) => fn());
  }
}

function ringCentre(ring) {
  let x = 0; let y = 0;
  const count = ring.length > 1 ? ring.length - 1 : ring.length;
  for (let i = 0; i < count; i++) { x += ring[i][0]; y += ring[i][1]; }
  return [x / count, y / count];
}
