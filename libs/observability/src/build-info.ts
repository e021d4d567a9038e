import { execFileSync } from 'node:child_process';
import { packageRoot, packageVersion } from './package-version';

export interface BuildInfo {
  version: string;
  commit: string;
  /** ISO 8601, or "unknown". */
  buildTime: string;
}

/**
 * What this process runs. An image says it through CERTPLANE_BUILD_COMMIT and CERTPLANE_BUILD_TIME
 * (the Dockerfile's build args); a process started from a checkout takes the commit from git at
 * start-up (`npm start` builds right before, so it is the commit that was built). Anything not
 * known is "unknown", never a guess.
 */
export function readBuildInfo(given: { commit?: string; time?: string }): BuildInfo {
  return {
    version: packageVersion(),
    commit: given.commit ?? gitHead() ?? 'unknown',
    buildTime: given.time ?? 'unknown',
  };
}

function gitHead(): string | undefined {
  const root = packageRoot();
  if (!root) return undefined;
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 2_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  } catch {
    return undefined; // no git, or not a checkout (an image)
  }
}
