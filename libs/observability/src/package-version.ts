import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** certplane's version from its package.json, found upwards from here in the source tree and in dist/ alike. */
export function packageVersion(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8'));
      if (pkg.name === 'certplane') return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
