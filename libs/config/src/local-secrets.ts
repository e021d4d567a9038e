import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CertplaneConfig } from './certplane-config';
import { ConfigError } from './config.errors';
import { assertDistinctTokens, DEFAULT_TOKEN_NAME, parseApiTokens, StaticApiToken, tokenProblem } from './api-tokens';

export interface ResolvedSecrets {
  /** The `default` admin token: CERTPLANE_API_TOKEN(_FILE) or the generated one. */
  apiToken?: string;
  /** Every static token the api accepts, the default one included. */
  apiTokens: StaticApiToken[];
  encryptionKey: string;
  /** True when the token was generated now: the caller prints it once. */
  apiTokenGenerated: boolean;
}

/**
 * The embedded default must run with no configuration, so missing secrets are generated once and
 * kept (mode 0600) under the data dir. A distributed deployment must name its secrets: processes
 * that generated their own would not share them.
 */
export function resolveSecrets(config: CertplaneConfig, needs: { apiToken: boolean }): ResolvedSecrets {
  const embedded = !config.databaseUrl;
  let apiToken = config.apiToken;
  if (!apiToken && config.apiTokenFile) apiToken = readTokenFile(config.apiTokenFile);
  const listed = [...config.apiTokens, ...(config.apiTokensFile ? readTokensFile(config.apiTokensFile) : [])];
  let apiTokenGenerated = false;
  // Any other way in (named tokens, OIDC) makes the default token optional; with none, the quick start mints one.
  if (!apiToken && needs.apiToken && listed.length === 0 && !config.oidc) {
    if (!embedded)
      throw new ConfigError(
        'CERTPLANE_API_TOKEN',
        'is required when DATABASE_URL is set (or use CERTPLANE_API_TOKEN_FILE, CERTPLANE_API_TOKENS(_FILE) or CERTPLANE_OIDC_ISSUER_URL)',
      );
    const stored = readOrCreate(config.dataDir, 'api-token', () => randomBytes(32).toString('base64url'));
    apiToken = stored.value;
    apiTokenGenerated = stored.created;
  }
  let encryptionKey = config.encryptionKey;
  if (!encryptionKey) {
    if (!embedded)
      throw new ConfigError(
        'CERTPLANE_ENCRYPTION_KEY',
        'is required when DATABASE_URL is set (32 random bytes, base64: openssl rand -base64 32)',
      );
    encryptionKey = readOrCreate(config.dataDir, 'encryption-key', () => randomBytes(32).toString('base64')).value;
  }
  const apiTokens = [
    ...(apiToken ? [{ name: DEFAULT_TOKEN_NAME, role: 'admin' as const, token: apiToken }] : []),
    ...listed,
  ];
  assertDistinctTokens(apiTokens, config.apiTokensFile ? 'CERTPLANE_API_TOKENS_FILE' : 'CERTPLANE_API_TOKENS');
  return { apiToken, apiTokens, encryptionKey, apiTokenGenerated };
}

function readTokensFile(path: string): StaticApiToken[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError('CERTPLANE_API_TOKENS_FILE', 'names a file that cannot be read');
  }
  return parseApiTokens(raw, 'CERTPLANE_API_TOKENS_FILE');
}

function readTokenFile(path: string): string {
  let token: string;
  try {
    token = readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError('CERTPLANE_API_TOKEN_FILE', 'names a file that cannot be read');
  }
  const problem = tokenProblem(token);
  if (problem) throw new ConfigError('CERTPLANE_API_TOKEN_FILE', `must contain one token, which ${problem}`);
  return token;
}

function readOrCreate(dataDir: string, name: string, make: () => string): { value: string; created: boolean } {
  const path = join(dataDir, name);
  if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = make();
  // 'wx' so two processes racing on a fresh data dir cannot silently overwrite each other's secret.
  try {
    writeFileSync(path, value + '\n', { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch {
    return { value: readFileSync(path, 'utf8').trim(), created: false };
  }
}
