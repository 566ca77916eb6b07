// The CesiumJS bundle includes Knockout (for the widgets), which finds the global object with
// `(0,eval)("this")` when the module loads: the one use of eval on the viewer's start-up path,
// and the one reason its Content Security Policy would need 'unsafe-eval'. This writes a copy of
// the bundle with that expression replaced by `globalThis` to target/vendor-patched/cesium/,
// which the build packs in place of the original (node_modules is left untouched). A Cesium
// release that changes the expression fails the build here instead of breaking the viewer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const source = 'node_modules/cesium/Build/Cesium/index.js';
const target = 'target/vendor-patched/cesium/index.js';
const expression = '(0,eval)("this")';

const bundle = readFileSync(source, 'utf8');
const count = bundle.split(expression).length - 1;
if (count !== 1) {
  console.error(`web-viewer: expected ${expression} once in ${source}, found it ${count} times; `
    + 'check how this Cesium release finds the global object and update scripts/patch-cesium.mjs');
  process.exit(1);
}
mkdirSync('target/vendor-patched/cesium', { recursive: true });
writeFileSync(target, bundle.replace(expression, 'globalThis'));
console.log(`web-viewer: ${target} written without eval`);
