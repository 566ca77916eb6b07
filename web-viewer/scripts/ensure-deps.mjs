// Runs `npm ci` only when package-lock.json changed since the last install, so repeated Maven
// builds stay fast while a fresh clone always installs exactly what the lock file pins.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const lock = readFileSync('package-lock.json');
const digest = createHash('sha256').update(lock).digest('hex');
const stamp = 'node_modules/.gridscape-lock-sha256';
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) {
  console.log('web-viewer: node_modules up to date with package-lock.json');
} else {
  console.log('web-viewer: npm ci (package-lock.json changed or node_modules missing)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { stdio: 'inherit' });
  writeFileSync(stamp, digest);
}
