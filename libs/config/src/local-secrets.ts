import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CertplaneConfig } from './certplane-config';
import { ConfigError } from './config.errors';

export interface ResolvedSecrets {
  apiToken?: string;
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
  let apiTokenGenerated = false;
  if (!apiToken && needs.apiToken) {
    if (!embedded) throw new ConfigError('CERTPLANE_API_TOKEN', 'is required when DATABASE_URL is set (or use CERTPLANE_API_TOKEN_FILE)');
    const stored = readOrCreate(config.dataDir, 'api-token', () => randomBytes(32).toString('base64url'));
    apiToken = stored.value;
    apiTokenGenerated = stored.created;
  }
  let encryptionKey = config.encryptionKey;
  if (!encryptionKey) {
    if (!embedded) throw new ConfigError('CERTPLANE_ENCRYPTION_KEY', 'is required when DATABASE_URL is set (32 random bytes, base64: openssl rand -base64 32)');
    encryptionKey = readOrCreate(config.dataDir, 'encryption-key', () => randomBytes(32).toString('base64')).value;
  }
  return { apiToken, encryptionKey, apiTokenGenerated };
}

function readTokenFile(path: string): string {
  let token: string;
  try {
    token = readFileSync(path, 'utf8').trim();
  } catch {
    throw new ConfigError('CERTPLANE_API_TOKEN_FILE', 'names a file that cannot be read');
  }
  if (token.length < 16) throw new ConfigError('CERTPLANE_API_TOKEN_FILE', 'must contain a token of at least 16 characters');
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
