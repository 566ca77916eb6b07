// Viewer benchmark behind BENCHMARKS.md ("3D viewer"): runs the browser test (viewer-e2e.mjs) N
// times against a running server, each in a fresh headless Chromium, and prints the median and
// the spread of the two timed steps: district tiles loaded after sign-in, and a grid fly-to with
// its tiles loaded.
// Usage: node test/viewer-bench.mjs --url http://127.0.0.1:8080/ --user U --password P [--runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
    runs: { type: 'string', default: '5' }, grid: { type: 'string' },
  },
});
for (const required of ['url', 'user', 'password']) {
  if (!opts[required]) {
    console.error(`--${required} is required`);
    process.exit(2);
  }
}

const script = new URL('./viewer-e2e.mjs', import.meta.url).pathname;
const samples = { firstDrawnMs: [], tilesLoadedMs: [], gridFlyToMs: [] };
for (let run = 1; run <= Number(opts.runs); run++) {
  const out = mkdtempSync(join(tmpdir(), 'viewer-bench-'));
  const args = [script, '--url', opts.url, '--user', opts.user, '--password', opts.password, '--out', out];
  if (opts.grid) args.push('--grid', opts.grid);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const last = child.stdout.trim().split('\n').pop();
  const result = JSON.parse(last || '{"result":"error","message":"no output"}');
  if (result.result !== 'ok') {
    console.error(`run ${run} failed: ${result.message}`);
    process.exit(1);
  }
  for (const key of Object.keys(samples)) {
    if (result.timings[key] !== null && result.timings[key] !== undefined) samples[key].push(result.timings[key]);
  }
  console.log(`run ${run}: first buildings drawn ${result.timings.firstDrawnMs ?? '?'} ms and every tile of the view `
    + `loaded ${result.timings.tilesLoadedMs} ms after sign-in, `
    + `grid ${result.grid} flown to with its tiles in ${result.timings.gridFlyToMs} ms`);
}
for (const [key, values] of Object.entries(samples)) {
  if (!values.length) continue;
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${key}: median ${median} ms (min ${sorted[0]}, max ${sorted[sorted.length - 1]}, ${sorted.length} runs)`);
}
