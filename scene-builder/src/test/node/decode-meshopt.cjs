// Decodes the EXT_meshopt_compression bufferViews of GLB files with the reference decoder (npm
// meshoptimizer, as CesiumJS does) and writes each as a plain GLB: every view in buffer 0, the
// extension and its fallback buffer gone. The tests then read and validate what a client decodes.
// Usage: node decode-meshopt.cjs <node_modules dir holding meshoptimizer> <in.glb> <out.glb> [...]
// Exit code: 0 when every file decoded, 1 on a decoding error, 2 on a usage or setup problem.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const EXT = 'EXT_meshopt_compression';

function readGlb(bytes) {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  const jsonLength = data.getUint32(12, true);
  const json = JSON.parse(Buffer.from(bytes.subarray(20, 20 + jsonLength)).toString('utf8'));
  const binLength = data.getUint32(20 + jsonLength, true);
  const bin = bytes.subarray(28 + jsonLength, 28 + jsonLength + binLength);
  return { json, bin };
}

function writeGlb(json, bin) {
  const pad = (n) => (n + 3) & ~3;
  const jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const jsonChunk = Buffer.alloc(pad(jsonBytes.length), 0x20);
  jsonBytes.copy(jsonChunk);
  const binChunk = Buffer.alloc(pad(bin.length));
  Buffer.from(bin).copy(binChunk);
  const header = Buffer.alloc(12);
  const total = 12 + 8 + jsonChunk.length + 8 + binChunk.length;
  header.writeUInt32LE(0x46546c67, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(total, 8);
  const chunk = (type, body) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(body.length, 0);
    h.writeUInt32LE(type, 4);
    return [h, body];
  };
  return Buffer.concat([header, ...chunk(0x4e4f534a, jsonChunk), ...chunk(0x004e4942, binChunk)]);
}

async function main() {
  const [modulesDir, ...pairs] = process.argv.slice(2);
  if (!modulesDir || pairs.length === 0 || pairs.length % 2 !== 0) {
    console.error('usage: node decode-meshopt.cjs <node_modules dir> <in.glb> <out.glb> [...]');
    return 2;
  }
  const requireFrom = createRequire(path.join(path.resolve(modulesDir), 'noop.js'));
  const decoderModule = requireFrom('meshoptimizer/decoder.cjs');
  const MeshoptDecoder = decoderModule.MeshoptDecoder || decoderModule;
  await MeshoptDecoder.ready;
  for (let i = 0; i < pairs.length; i += 2) {
    const { json, bin } = readGlb(new Uint8Array(fs.readFileSync(pairs[i])));
    const parts = [];
    let length = 0;
    const append = (bytes) => {
      const offset = (length + 7) & ~7;
      parts.push({ offset, bytes });
      length = offset + bytes.length;
      return offset;
    };
    for (const view of json.bufferViews) {
      const ext = view.extensions && view.extensions[EXT];
      let bytes;
      if (ext) {
        if (view.byteLength !== ext.byteStride * ext.count) throw new Error('byteLength != byteStride * count');
        if (view.byteStride !== undefined && view.byteStride !== ext.byteStride) throw new Error('byteStride differs');
        const source = bin.subarray(ext.byteOffset || 0, (ext.byteOffset || 0) + ext.byteLength);
        bytes = new Uint8Array(ext.count * ext.byteStride);
        MeshoptDecoder.decodeGltfBuffer(bytes, ext.count, ext.byteStride, source, ext.mode, ext.filter);
        delete view.extensions[EXT];
        if (Object.keys(view.extensions).length === 0) delete view.extensions;
      } else {
        if (view.buffer !== 0) throw new Error('uncompressed view outside the GLB buffer');
        bytes = bin.subarray(view.byteOffset || 0, (view.byteOffset || 0) + view.byteLength);
      }
      view.buffer = 0;
      view.byteOffset = append(bytes);
    }
    const out = new Uint8Array((length + 7) & ~7);
    for (const part of parts) out.set(part.bytes, part.offset);
    json.buffers = [{ byteLength: out.length }];
    json.extensionsUsed = (json.extensionsUsed || []).filter((e) => e !== EXT);
    json.extensionsRequired = (json.extensionsRequired || []).filter((e) => e !== EXT);
    if (json.extensionsRequired.length === 0) delete json.extensionsRequired;
    fs.writeFileSync(pairs[i + 1], writeGlb(json, out));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(String(error && error.stack ? error.stack : error));
    process.exit(1);
  }
);
