// Validates GLB files with the Khronos glTF validator and prints one JSON report per file.
// Usage: node validate-glb.cjs <node_modules dir holding gltf-validator> <file.glb>...
// Exit code: 0 when every file has 0 errors, 1 otherwise, 2 on a usage or setup problem.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

async function main() {
  const [modulesDir, ...files] = process.argv.slice(2);
  if (!modulesDir || files.length === 0) {
    console.error('usage: node validate-glb.cjs <node_modules dir> <file.glb>...');
    return 2;
  }
  const requireFrom = createRequire(path.join(path.resolve(modulesDir), 'noop.js'));
  const validator = requireFrom('gltf-validator');
  const reports = [];
  for (const file of files) {
    const report = await validator.validateBytes(new Uint8Array(fs.readFileSync(file)), {
      uri: path.basename(file),
      maxIssues: 200,
      // A GLB carries everything; any external reference is a failure.
      externalResourceFunction: (uri) => Promise.reject(new Error('external resource ' + uri)),
    });
    reports.push({
      file,
      numErrors: report.issues.numErrors,
      numWarnings: report.issues.numWarnings,
      numInfos: report.issues.numInfos,
      messages: report.issues.messages
        .filter((m) => m.severity <= 1)
        .map((m) => ({ code: m.code, severity: m.severity, pointer: m.pointer, message: m.message })),
    });
  }
  console.log(JSON.stringify(reports, null, 2));
  return reports.every((r) => r.numErrors === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(String(error && error.stack ? error.stack : error));
    process.exit(2);
  }
);
