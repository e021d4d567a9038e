import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** certplane's root (where its package.json is), found upwards from here in the source tree and in dist/ alike. */
export function packageRoot(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'certplane') return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** certplane's version from its package.json. */
export function packageVersion(from = __dirname): string {
  const root = packageRoot(from);
  return root ? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version : 'unknown';
}
