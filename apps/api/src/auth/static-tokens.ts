import { createHash, timingSafeEqual } from 'node:crypto';
import { StaticApiToken } from '@certplane/config';

/**
 * The configured static tokens, kept as SHA-256 digests. A presented token is compared with every
 * one of them, with no early exit, and hashing first makes each comparison take the same time
 * whatever the length or content of a wrong token, so timing reveals neither a token nor which
 * one nearly matched.
 */
export class StaticTokens {
  private readonly digests: { token: Omit<StaticApiToken, 'token'>; digest: Buffer }[];

  constructor(tokens: readonly StaticApiToken[]) {
    this.digests = tokens.map(({ name, role, token }) => ({ token: { name, role }, digest: digest(token) }));
  }

  get size(): number {
    return this.digests.length;
  }

  match(presented: string): Omit<StaticApiToken, 'token'> | undefined {
    const given = digest(presented);
    let found: Omit<StaticApiToken, 'token'> | undefined;
    for (const { token, digest: expected } of this.digests) {
      if (timingSafeEqual(given, expected) && !found) found = token;
    }
    return found;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
