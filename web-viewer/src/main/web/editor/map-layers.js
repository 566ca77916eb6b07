// The editor's map layers: the base map underneath (the server's raster and our vector tiles) and
// the editor's own sources and layers on top - the district's villages, a draft plan, the village's
// grids, validation problems, the plan's centres and the labels. Styling only; the data is set by
// editor.js.
import { STATE_COLOURS } from './district.js';

const EMPTY = { type: 'FeatureCollection', features: [] };

const ROAD_COLOURS = ['match', ['get', 'road_class'], ['primary', 'trunk', 'main', 'arterial'], '#e9d8a6',
  ['secondary', 'tertiary', 'street'], '#d5dde5', '#9fb0c0'];
const ROAD_WIDTHS = ['match', ['get', 'road_class'], ['primary', 'trunk', 'main', 'arterial'], 1.8,
  ['secondary', 'tertiary', 'street'], 1.2, 0.8];
const widthByZoom = (base) => ['interpolate', ['exponential', 1.6], ['zoom'], 12, ['*', base, 0.5], 15, ['*', base, 2], 18, ['*', base, 7]];

/** The editor's sources (empty until a view fills them) and layers, once the map has loaded. */
export function addEditorLayers(map) {
  for (const id of ['village', 'grids', 'issues', 'draft-plan', 'centres']) map.addSource(id, { type: 'geojson', data: EMPTY });
  // Villages are hovered by code (feature state needs numeric ids or a promoted property).
  map.addSource('district', { type: 'geojson', data: EMPTY, promoteId: 'code' });
  // The district: every village coloured by the state of its grids (clickable while no village is open).
  map.addLayer({ id: 'district-fill', type: 'fill', source: 'district', paint: {
    'fill-color': ['match', ['get', 'colourState'], 'published', STATE_COLOURS.published, 'draft', STATE_COLOURS.draft,
      'draftErrors', STATE_COLOURS.draftErrors, STATE_COLOURS.none],
    'fill-opacity': ['case', ['get', 'open'], 0, ['boolean', ['feature-state', 'hover'], false], 0.55, 0.32] } });
  map.addLayer({ id: 'district-line', type: 'line', source: 'district', paint: {
    'line-color': '#c9d6e3', 'line-width': ['case', ['get', 'open'], 0, 0.8], 'line-dasharray': [3, 2], 'line-opacity': 0.7 } });
  map.addLayer({ id: 'village-fill', type: 'fill', source: 'village', paint: { 'fill-color': '#3d5a78', 'fill-opacity': 0.08 } });
  // A new village plan in the draft: its roads and buildings, in orange, instead of the published ones.
  map.addLayer({ id: 'draft-plan-roads', type: 'line', source: 'draft-plan', filter: ['==', ['get', 'layer'], 'road'],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#b07a3a', 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.5, 15, 2, 18, 6] } });
  map.addLayer({ id: 'draft-plan-buildings', type: 'fill', source: 'draft-plan', filter: ['==', ['get', 'layer'], 'building'],
    paint: { 'fill-color': '#d9822b', 'fill-opacity': 0.55, 'fill-outline-color': '#ffb86b' } });
  // The grids: a palette colour each, neighbours never alike (colouring.js); the selected one stronger.
  map.addLayer({ id: 'grids-fill', type: 'fill', source: 'grids', paint: {
    'fill-color': ['get', 'fill'], 'fill-opacity': ['case', ['get', 'selected'], 0.62, 0.38] } });
  map.addLayer({ id: 'grids-line', type: 'line', source: 'grids', paint: {
    'line-color': ['case', ['get', 'selected'], '#ffffff', ['match', ['get', 'health'], 'error', '#ff6b61', 'warning', '#f2c14e', '#dfe7ef']],
    'line-width': ['case', ['get', 'selected'], 3.5, 1.4], 'line-opacity': ['case', ['get', 'selected'], 1, 0.8] } });
  map.addLayer({ id: 'village-line', type: 'line', source: 'village', paint: { 'line-color': '#f0f6fc', 'line-width': 2, 'line-dasharray': [3, 2] } });
  // Validation problems where they are: gaps and overlaps filled, other findings outlined (a grid out of
  // the residents range, a boundary away from roads, a cut building).
  map.addLayer({ id: 'issues-fill', type: 'fill', source: 'issues', filter: ['all', ['==', ['geometry-type'], 'Polygon'], ['get', 'area']],
    paint: { 'fill-color': ['match', ['get', 'rule'], 'grid.overlap', '#ff2d55', 'coverage.gap', '#ff7b5c', '#ffbf00'],
      'fill-opacity': ['match', ['get', 'rule'], 'grid.overlap', 0.75, 0.4] } });
  map.addLayer({ id: 'issues-line', type: 'line', source: 'issues', paint: {
    'line-color': ['match', ['get', 'severity'], 'error', '#ff6b61', '#ffbf00'],
    'line-width': ['case', ['get', 'area'], 2, 3], 'line-dasharray': [2, 1.5] } });
  map.addLayer({ id: 'centres', type: 'circle', source: 'centres', paint: {
    'circle-radius': 6, 'circle-color': ['match', ['get', 'kind'], 'neighbourhood_centre', '#35d0ff', '#ff4d4f'],
    'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } });
  map.addLayer({ id: 'grids-label', type: 'symbol', source: 'grids', layout: {
    'icon-image': ['get', 'label'], 'icon-allow-overlap': false, 'icon-ignore-placement': false,
    'symbol-placement': 'point', 'icon-padding': 2 } });
  map.addLayer({ id: 'centres-label', type: 'symbol', source: 'centres', layout: {
    'icon-image': ['get', 'label'], 'icon-anchor': 'top', 'icon-offset': [0, 8], 'icon-optional': true } });
  map.addLayer({ id: 'district-label', type: 'symbol', source: 'district', filter: ['!', ['get', 'open']],
    layout: { 'icon-image': ['get', 'label'], 'icon-allow-overlap': false } });
}

/**
 * The base map: the server-drawn raster (/imagery/base.json) under our vector tiles from /tiles -
 * land use, water, township lines, roads by class, buildings, other villages' saved grids.
 */
export function addBaseMap(map, otherVillages) {
  if (map.getSource('base-villages')) return;
  const below = 'district-fill';
  map.addSource('base-imagery', { type: 'raster', url: `${location.origin}/imagery/base.json`, tileSize: 256 });
  map.addLayer({ id: 'base-imagery', type: 'raster', source: 'base-imagery', paint: { 'raster-opacity': 0.55 } }, below);
  const tiles = (layer) => ({ type: 'vector', url: `${location.origin}/tiles/${layer}.json` });
  for (const layer of ['villages', 'roads', 'buildings', 'grids', 'water', 'landuse', 'townships']) map.addSource(`base-${layer}`, tiles(layer));
  map.addLayer({ id: 'base-landuse', type: 'fill', source: 'base-landuse', 'source-layer': 'landuse', minzoom: 12,
    paint: { 'fill-color': ['match', ['get', 'kind'], ['farmland', 'orchard', 'tea'], '#24382a', ['forest', 'grass', 'park'], '#1f3a2c', '#2a2f3a'],
      'fill-opacity': 0.6 } }, below);
  map.addLayer({ id: 'base-water', type: 'fill', source: 'base-water', 'source-layer': 'water',
    paint: { 'fill-color': '#1d4566', 'fill-opacity': 0.9 } }, below);
  map.addLayer({ id: 'base-villages-line', type: 'line', source: 'base-villages', 'source-layer': 'villages',
    paint: { 'line-color': '#2f4255', 'line-width': 1 } }, below);
  map.addLayer({ id: 'base-townships', type: 'line', source: 'base-townships', 'source-layer': 'townships',
    paint: { 'line-color': '#9fb3c8', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.2, 14, 2.5], 'line-opacity': 0.8 } });
  map.addLayer({ id: 'base-buildings', type: 'fill', source: 'base-buildings', 'source-layer': 'buildings', minzoom: 13,
    paint: { 'fill-color': '#3a4b5e', 'fill-outline-color': '#5a7088' } }, 'village-fill');
  map.addLayer({ id: 'base-roads-casing', type: 'line', source: 'base-roads', 'source-layer': 'roads', minzoom: 13,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': '#0b1421', 'line-width': ['+', widthByZoom(ROAD_WIDTHS), 1.5] } }, 'village-fill');
  map.addLayer({ id: 'base-roads', type: 'line', source: 'base-roads', 'source-layer': 'roads',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': ROAD_COLOURS, 'line-width': widthByZoom(ROAD_WIDTHS), 'line-opacity': 0.85 } }, 'village-fill');
  map.addLayer({ id: 'base-grids', type: 'line', source: 'base-grids', 'source-layer': 'grids', filter: otherVillages,
    minzoom: 12, paint: { 'line-color': '#6b7f93', 'line-width': 1, 'line-dasharray': [2, 2] } }, 'village-fill');
}
