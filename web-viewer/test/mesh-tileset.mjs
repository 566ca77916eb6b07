// Writes a textured photogrammetry-like 3D Tiles 1.1 tileset for tests: a heightfield mesh (a DSM,
// as an oblique-photography export has it) over an area, written with @gltf-transform/core so that
// the server's checks meet a GLB that our own Java writer did not make.
//
//   node test/mesh-tileset.mjs input.json
//
// input.json: {
//   "bbox": [west, south, east, north],          degrees (WGS84)
//   "footprints": [{"ring": [[lon, lat], ...], "height": metres}, ...],
//   "out": "/path/to/folder",                    written: tileset.json, tile.glb (or detail/...)
//   "spacing": 2,                                metres between vertices (grown to stay under maxVertices)
//   "maxVertices": 40000,
//   "volume": "region" | "box",                  the root's bounding volume
//   "external": false                            true: the mesh in an external tileset detail/tileset.json
// }
// Vertex heights are the height of the footprint the vertex falls in, else 0 (ellipsoidal). The
// mesh is in a local east-north-up frame at the area's centre, written y-up as glTF wants it
// ((e, n, u) as (e, u, -n)); the ENU->ECEF matrix is the tile transform. The texture is a PNG
// coloured by height, encoded here with node's zlib. Prints one JSON line: what was written.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import { Document, NodeIO } from '@gltf-transform/core';

const A = 6378137.0;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

function ecef(lonDeg, latDeg, h) {
  const lon = lonDeg * RAD; const lat = latDeg * RAD;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [(n + h) * Math.cos(lat) * Math.cos(lon), (n + h) * Math.cos(lat) * Math.sin(lon),
    (n * (1 - E2) + h) * Math.sin(lat)];
}

/** The east-north-up frame at a point: axes in ECEF and the column-major ENU->ECEF matrix. */
function enuFrame(lonDeg, latDeg) {
  const lon = lonDeg * RAD; const lat = latDeg * RAD;
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const origin = ecef(lonDeg, latDeg, 0);
  return {
    east, north, up, origin,
    matrix: [...east, 0, ...north, 0, ...up, 0, ...origin, 1],
    toEnu(p) {
      const d = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
      const dot = (v) => d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
      return [dot(east), dot(north), dot(up)];
    },
  };
}

function inRing(lon, lat, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]; const [xj, yj] = ring[j];
    if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of width x height from a pixel function (x, y) -> [r, g, b]. */
function png(width, height, pixel) {
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      raw[row + 1 + x * 3] = r; raw[row + 2 + x * 3] = g; raw[row + 3 + x * 3] = b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

async function main() {
  const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const [west, south, east, north] = input.bbox;
  if (!(west < east && south < north)) throw new Error(`bad bbox ${input.bbox}`);
  const footprints = input.footprints ?? [];
  const maxVertices = input.maxVertices ?? 40000;
  const centreLon = (west + east) / 2; const centreLat = (south + north) / 2;
  const frame = enuFrame(centreLon, centreLat);

  // Grid size: the spacing asked for, grown until the vertices fit.
  const widthM = (east - west) * RAD * A * Math.cos(centreLat * RAD);
  const heightM = (north - south) * RAD * A;
  let spacing = input.spacing ?? 2;
  let nx; let ny;
  for (;;) {
    nx = Math.max(2, Math.round(widthM / spacing) + 1);
    ny = Math.max(2, Math.round(heightM / spacing) + 1);
    if (nx * ny <= maxVertices) break;
    spacing *= Math.sqrt((nx * ny) / maxVertices) * 1.01;
  }
  const lonAt = (i) => west + ((east - west) * i) / (nx - 1);
  const latAt = (j) => north - ((north - south) * j) / (ny - 1);

  // Heights: each footprint sets the vertices inside it (the highest footprint wins).
  const heights = new Float64Array(nx * ny);
  for (const { ring, height } of footprints) {
    let x0 = Infinity; let x1 = -Infinity; let y0 = Infinity; let y1 = -Infinity;
    for (const [lon, lat] of ring) {
      x0 = Math.min(x0, lon); x1 = Math.max(x1, lon); y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
    }
    const i0 = Math.max(0, Math.floor(((x0 - west) / (east - west)) * (nx - 1)));
    const i1 = Math.min(nx - 1, Math.ceil(((x1 - west) / (east - west)) * (nx - 1)));
    const j0 = Math.max(0, Math.floor(((north - y1) / (north - south)) * (ny - 1)));
    const j1 = Math.min(ny - 1, Math.ceil(((north - y0) / (north - south)) * (ny - 1)));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (inRing(lonAt(i), latAt(j), ring)) heights[j * nx + i] = Math.max(heights[j * nx + i], height);
      }
    }
  }
  const maxHeight = heights.reduce((m, h) => Math.max(m, h), 0);

  // Vertices in ENU, written y-up; UVs with v = 0 at the north edge.
  const positions = new Float32Array(nx * ny * 3);
  const uvs = new Float32Array(nx * ny * 2);
  const min = [Infinity, Infinity, Infinity]; const max = [-Infinity, -Infinity, -Infinity];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const k = j * nx + i;
      const [e, n, u] = frame.toEnu(ecef(lonAt(i), latAt(j), heights[k]));
      positions.set([e, u, -n], k * 3);
      uvs.set([i / (nx - 1), j / (ny - 1)], k * 2);
      [e, n, u].forEach((v, a) => { min[a] = Math.min(min[a], v); max[a] = Math.max(max[a], v); });
    }
  }
  const triangles = (nx - 1) * (ny - 1) * 2;
  const indices = nx * ny > 65535 ? new Uint32Array(triangles * 3) : new Uint16Array(triangles * 3);
  let t = 0;
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = j * nx + i; const b = a + 1; const c = a + nx; const d = c + 1;
      indices.set([a, c, b, b, c, d], t);
      t += 6;
    }
  }
  // Smooth normals: the sum of the faces around each vertex.
  const normals = new Float32Array(nx * ny * 3);
  for (let f = 0; f < indices.length; f += 3) {
    const [p, q, r] = [indices[f], indices[f + 1], indices[f + 2]].map((v) => positions.subarray(v * 3, v * 3 + 3));
    const u = [q[0] - p[0], q[1] - p[1], q[2] - p[2]]; const v = [r[0] - p[0], r[1] - p[1], r[2] - p[2]];
    const cross = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    for (const vertex of [indices[f], indices[f + 1], indices[f + 2]]) {
      for (let a = 0; a < 3; a++) normals[vertex * 3 + a] += cross[a];
    }
  }
  for (let k = 0; k < nx * ny; k++) {
    const n = normals.subarray(k * 3, k * 3 + 3);
    const length = Math.hypot(n[0], n[1], n[2]) || 1;
    n.set(length === 1 && n[0] === 0 && n[1] === 0 ? [0, 1, 0] : [n[0] / length, n[1] / length, n[2] / length]);
  }

  // Texture: ground in greens with a faint 10 m grid, buildings from sand to brick red by height.
  const texW = 256;
  const texH = 2 ** Math.max(4, Math.min(10, Math.round(Math.log2((256 * heightM) / widthM)))); // powers of two
  const image = png(texW, texH, (x, y) => {
    const i = Math.round((x / (texW - 1)) * (nx - 1)); const j = Math.round((y / (texH - 1)) * (ny - 1));
    const h = heights[j * nx + i];
    if (h <= 0) {
      const line = Math.floor((x / texW) * (widthM / 10)) !== Math.floor(((x + 1) / texW) * (widthM / 10));
      return line ? [96, 110, 84] : [118, 146, 96];
    }
    const s = maxHeight > 0 ? h / maxHeight : 0;
    return [Math.round(214 + 10 * s), Math.round(196 - 120 * s), Math.round(150 - 90 * s)];
  });

  const doc = new Document();
  doc.getRoot().getAsset().generator = 'GridScape test/mesh-tileset.mjs (@gltf-transform/core)';
  const buffer = doc.createBuffer();
  const accessor = (type, array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const texture = doc.createTexture('dsm').setImage(new Uint8Array(image)).setMimeType('image/png');
  const material = doc.createMaterial('dsm').setBaseColorTexture(texture).setMetallicFactor(0).setRoughnessFactor(1);
  const primitive = doc.createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', positions))
    .setAttribute('NORMAL', accessor('VEC3', normals))
    .setAttribute('TEXCOORD_0', accessor('VEC2', uvs))
    .setIndices(accessor('SCALAR', indices))
    .setMaterial(material);
  const node = doc.createNode('dsm').setMesh(doc.createMesh('dsm').addPrimitive(primitive));
  const scene = doc.createScene('dsm').addChild(node);
  doc.getRoot().setDefaultScene(scene);
  const glb = await new NodeIO().writeBinary(doc);

  const box = [0, 1, 2].map((a) => (min[a] + max[a]) / 2);
  const half = [0, 1, 2].map((a) => Math.max((max[a] - min[a]) / 2, 0.01));
  const volume = input.volume === 'box'
    ? { box: [...box, half[0], 0, 0, 0, half[1], 0, 0, 0, half[2]] }
    : { region: [west * RAD, south * RAD, east * RAD, north * RAD, 0, maxHeight] };
  const error = Math.max(widthM, heightM) / 8;
  const asset = { version: '1.1', generator: 'GridScape test/mesh-tileset.mjs' };
  const out = input.out;
  const files = {};
  if (input.external) {
    files['tileset.json'] = {
      asset, geometricError: error,
      root: { boundingVolume: volume, geometricError: error / 2, refine: 'REPLACE', transform: frame.matrix,
        content: { uri: 'detail/tileset.json' } },
    };
    files['detail/tileset.json'] = {
      asset, geometricError: error / 2,
      root: { boundingVolume: volume, geometricError: 0, refine: 'REPLACE', content: { uri: 'tile.glb' } },
    };
    files['detail/tile.glb'] = glb;
  } else {
    files['tileset.json'] = {
      asset, geometricError: error,
      root: { boundingVolume: volume, geometricError: 0, refine: 'REPLACE', transform: frame.matrix,
        content: { uri: 'tile.glb' } },
    };
    files['tile.glb'] = glb;
  }
  for (const [name, content] of Object.entries(files)) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content instanceof Uint8Array ? content : JSON.stringify(content, null, 1));
  }
  console.log(JSON.stringify({ files: Object.keys(files), vertices: nx * ny, columns: nx, rows: ny, spacing,
    maxHeight, transform: frame.matrix, glbBytes: glb.length }));
}

main().catch((e) => {
  console.error(e.stack ?? String(e));
  process.exit(1);
});
