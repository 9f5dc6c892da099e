/** Shared setup of the browser tests: Debian's Chromium through playwright-core (never a downloaded browser). */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export const WEB_ROOT = join(repoRoot, 'dist/web');

/** Why the browser tests cannot run here, or false when they can. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: install Debian's chromium package to run the playground's browser tests`;
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return 'dist/web is not built: run npm run build';
  return false;
}

/** test-output/ at the repository root (gitignored), for screenshots. */
export function outputDir(): string {
  const dir = join(repoRoot, 'test-output');
  mkdirSync(dir, { recursive: true });
  return dir;
}
