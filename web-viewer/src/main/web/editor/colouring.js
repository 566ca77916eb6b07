// Distinct fills for a village's grids: two grids that share a stretch of boundary never get the
// same colour. Adjacency is computed here, in the browser, from the editor's (possibly unsaved)
// outlines with a tolerance (drawn and imported outlines rarely share vertices exactly); the colours
// come from a greedy colouring in Welsh-Powell order (most neighbours first), which needs at most
// one colour more than the largest number of neighbours: planar maps of grids fit in the palette.

/** Muted fills that stay apart from each other on the dark map (and from the red/amber of problems). */
export const PALETTE = ['#4e79a7', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#86bcb6', '#d4a6c8',
  '#8cd17d', '#a0cbe8'];

/** About 1 m in degrees at this latitude: closer than this, two outlines touch. */
const TOLERANCE = 1e-5;

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

function box(geometry) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings(geometry)) {
    for (const [x, y] of ring) {
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    }
  }
  return b;
}

function distanceToSegment([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Vertices of a that lie on b's outline (within the tolerance). */
function contacts(a, b) {
  const segments = rings(b).flatMap((ring) => ring.slice(1).map((p, i) => [ring[i], p]));
  return rings(a).flatMap((ring) => ring.slice(1)).filter((p) => segments.some(([s, e]) => distanceToSegment(p, s, e) <= TOLERANCE));
}

/** Whether a point lies inside a Polygon or MultiPolygon (ray casting; holes count as outside). */
export function contains([x, y], geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polygons.some((polygonRings) => polygonRings.reduce((odd, ring) => {
    let c = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
    return c ? !odd : odd;
  }, false));
}

/** A vertex of one well inside the other (not on its outline): the two overlap, which needs telling apart too. */
function overlap(a, b) {
  const onB = new Set(contacts(a, b).map(String));
  return rings(a).flatMap((ring) => ring.slice(1)).some((p) => !onB.has(String(p)) && contains(p, b));
}

/** Two outlines share a stretch of boundary (not just a corner): two points of contact apart from each other. */
function shareBoundary(a, b) {
  const points = [...contacts(a, b), ...contacts(b, a)];
  return points.some((p, i) => points.slice(i + 1).some((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) > 2 * TOLERANCE));
}

/** For each geometry, the indices of those it shares boundary with (or overlaps). */
export function adjacency(geometries) {
  const boxes = geometries.map(box);
  const neighbours = geometries.map(() => new Set());
  for (let i = 0; i < geometries.length; i++) {
    for (let j = i + 1; j < geometries.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a[0] > b[2] + TOLERANCE || b[0] > a[2] + TOLERANCE || a[1] > b[3] + TOLERANCE || b[1] > a[3] + TOLERANCE) continue;
      if (shareBoundary(geometries[i], geometries[j]) || overlap(geometries[i], geometries[j]) || overlap(geometries[j], geometries[i])) {
        neighbours[i].add(j);
        neighbours[j].add(i);
      }
    }
  }
  return neighbours;
}

/**
 * A palette index per geometry such that neighbours differ; keys (grid codes) order the ties, so the
 * same set gets the same colours on every load.
 */
export function colourIndices(geometries, keys = geometries.map((_, i) => String(i))) {
  const neighbours = adjacency(geometries);
  const order = geometries.map((_, i) => i)
    .sort((a, b) => neighbours[b].size - neighbours[a].size || String(keys[a]).localeCompare(String(keys[b])));
  const colour = new Array(geometries.length).fill(-1);
  for (const i of order) {
    const taken = new Set([...neighbours[i]].map((j) => colour[j]));
    let c = 0;
    while (taken.has(c)) c += 1;
    colour[i] = c;
  }
  return { colour, neighbours };
}
