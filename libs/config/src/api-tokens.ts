import { ConfigError } from './config.errors';

/**
 * The roles a static token or an OIDC token may grant; `client` needs a client certificate. A
 * `member` holds no global role: it may do only what per-client roles grant it (docs/groups-and-roles.md).
 */
export const TOKEN_ROLES = ['admin', 'operator', 'member'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** A static bearer token: its name is what events record as the actor (`token:<name>`), never the token. */
export interface StaticApiToken {
  name: string;
  role: TokenRole;
  token: string;
}

/** The name of the single CERTPLANE_API_TOKEN / generated quick-start token, an admin token. */
export const DEFAULT_TOKEN_NAME = 'default';

// RFC 6750 b64token, so a token is always sendable as `Authorization: Bearer <token>` verbatim.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const TOKEN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_TOKEN_LENGTH = 16;

/** Why a token is unusable, or undefined; says nothing about the token's content. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters`;
  if (!B64TOKEN.test(token)) return 'must be a bearer token (A-Z a-z 0-9 - . _ ~ + / and trailing =)';
  return undefined;
}

/**
 * Parses `name:role:token` entries separated by commas or line breaks (blank lines and `#`
 * comments allowed, for a mounted secrets file). Errors name the variable and the entry's
 * position or name, never the token.
 */
export function parseApiTokens(raw: string, variable: string): StaticApiToken[] {
  const entries = raw
    .split(/[,\r\n]+/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0 && !e.startsWith('#'));
  if (entries.length === 0) throw new ConfigError(variable, 'must list at least one name:role:token');
  return entries.map((entry, i) => {
    const [name, role, ...rest] = entry.split(':');
    const token = rest.join(':');
    const where = `entry ${i + 1}`;
    if (rest.length === 0) throw new ConfigError(variable, `${where} must be name:role:token`);
    if (!TOKEN_NAME.test(name))
      throw new ConfigError(
        variable,
        `${where} has an invalid name (1-64 of a-z 0-9 . _ -, starting with a letter or digit)`,
      );
    if (!(TOKEN_ROLES as readonly string[]).includes(role))
      throw new ConfigError(variable, `token "${name}" has an unknown role (one of ${TOKEN_ROLES.join(', ')})`);
    const problem = tokenProblem(token);
    if (problem) throw new ConfigError(variable, `token "${name}" ${problem}`);
    return { name, role: role as TokenRole, token };
  });
}

/** Names and tokens must each be unique: a shared token would make the actor ambiguous. */
export function assertDistinctTokens(tokens: readonly StaticApiToken[], variable: string): void {
  const names = new Set<string>();
  const secrets = new Set<string>();
  for (const t of tokens) {
    if (names.has(t.name)) throw new ConfigError(variable, `names the token "${t.name}" twice`);
    if (secrets.has(t.token)) throw new ConfigError(variable, `gives token "${t.name}" the same token as another`);
    names.add(t.name);
    secrets.add(t.token);
  }
}
