import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The user cache root: `$XDG_CACHE_HOME/platypus`, or `~/.cache/platypus` when XDG_CACHE_HOME is unset
 * or not absolute (as the XDG spec asks). Datasets live in `<root>/<name>/`.
 */
export function defaultCacheRoot(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(base, 'platypus');
}

/** Where a named dataset is cached under a cache root. */
export function datasetCacheDir(cacheRoot: string | undefined, name: string): string {
  return join(cacheRoot ?? defaultCacheRoot(), name);
}
