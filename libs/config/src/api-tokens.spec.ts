import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseApiTokens } from './api-tokens';
import { loadConfig } from './certplane-config';
import { ConfigError } from './config.errors';
import { resolveSecrets } from './local-secrets';

const T1 = 'tok1-' + 'a'.repeat(20);
const T2 = 'tok2-' + 'b'.repeat(20);

describe('named API tokens', () => {
  it('reads name:role:token entries separated by commas or lines, with comments', () => {
    expect(parseApiTokens(`ci:operator:${T1}, root:admin:${T2}`, 'V')).toEqual([
      { name: 'ci', role: 'operator', token: T1 },
      { name: 'root', role: 'admin', token: T2 },
    ]);
    expect(parseApiTokens(`# ops team\nci:operator:${T1}\n\nroot:admin:${T2}\n`, 'V')).toHaveLength(2);
  });

  it.each([
    ['', 'must list at least one'],
    [`ci:${T1}`, 'entry 1 has an invalid name|entry 1 must be name:role:token|unknown role'],
    [`Bad Name:admin:${T1}`, 'entry 1 has an invalid name'],
    [`ci:client:${T1}`, 'token "ci" has an unknown role'],
    ['ci:admin:short', 'token "ci" must be at least 16 characters'],
    [`ci:admin:${T1} x`, 'token "ci" must be a bearer token'],
  ])('refuses %j, naming the variable', (raw, reason) => {
    expect(() => parseApiTokens(raw, 'CERTPLANE_API_TOKENS')).toThrow(ConfigError);
    expect(() => parseApiTokens(raw, 'CERTPLANE_API_TOKENS')).toThrow(
      new RegExp(`^Invalid configuration: CERTPLANE_API_TOKENS (${reason})`),
    );
  });

  it('never echoes a token in an error, whatever is wrong with it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.constantFrom('admin', 'operator', 'client', 'root'),
        fc.string({ minLength: 6, maxLength: 40 }),
        (name, role, token) => {
          try {
            parseApiTokens(`${name}:${role}:${token}`, 'CERTPLANE_API_TOKENS');
          } catch (e) {
            expect(e).toBeInstanceOf(ConfigError);
            expect((e as Error).message).not.toContain(token);
          }
        },
      ),
    );
  });

  it('refuses a name or a token given twice, and "default" beside CERTPLANE_API_TOKEN', () => {
    expect(() => loadConfig({ CERTPLANE_API_TOKENS: `a:admin:${T1},a:operator:${T2}` })).toThrow(
      /CERTPLANE_API_TOKENS names the token "a" twice/,
    );
    expect(() => loadConfig({ CERTPLANE_API_TOKENS: `a:admin:${T1},b:operator:${T1}` })).toThrow(
      /CERTPLANE_API_TOKENS gives token "b" the same token/,
    );
    expect(() => loadConfig({ CERTPLANE_API_TOKEN: T2, CERTPLANE_API_TOKENS: `default:operator:${T1}` })).toThrow(
      /must not name a token "default"/,
    );
    expect(() => loadConfig({ CERTPLANE_API_TOKEN: T1, CERTPLANE_API_TOKENS: `ci:operator:${T1}` })).toThrow(
      /same token/,
    );
  });

  it('makes CERTPLANE_API_TOKEN the admin token named default, beside the named ones from the env and a file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cp-tokens-')), 'tokens');
    writeFileSync(file, `# mounted secret\nfile-ops:operator:${T2}\n`);
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@h/db',
      CERTPLANE_ENCRYPTION_KEY: 'k',
      CERTPLANE_API_TOKEN: 'd'.repeat(24),
      CERTPLANE_API_TOKENS: `ci:operator:${T1}`,
      CERTPLANE_API_TOKENS_FILE: file,
    });
    expect(resolveSecrets(config, { apiToken: true }).apiTokens).toEqual([
      { name: 'default', role: 'admin', token: 'd'.repeat(24) },
      { name: 'ci', role: 'operator', token: T1 },
      { name: 'file-ops', role: 'operator', token: T2 },
    ]);
  });

  it('needs no default token with a distributed database when named tokens or OIDC are set, but one of them', () => {
    const base = { DATABASE_URL: 'postgres://x@h/db', CERTPLANE_ENCRYPTION_KEY: 'k' };
    expect(() => resolveSecrets(loadConfig(base), { apiToken: true })).toThrow(/CERTPLANE_API_TOKEN is required/);
    expect(
      resolveSecrets(loadConfig({ ...base, CERTPLANE_API_TOKENS: `ci:operator:${T1}` }), { apiToken: true }).apiToken,
    ).toBeUndefined();
    const oidc = resolveSecrets(
      loadConfig({
        ...base,
        CERTPLANE_OIDC_ISSUER_URL: 'https://id.example.com',
        CERTPLANE_OIDC_AUDIENCE: 'certplane',
      }),
      { apiToken: true },
    );
    expect(oidc.apiTokens).toEqual([]);
  });

  it('says which file cannot be used, not what is in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-tokens-'));
    const base = { CERTPLANE_DATA_DIR: dir };
    expect(() =>
      resolveSecrets(loadConfig({ ...base, CERTPLANE_API_TOKENS_FILE: join(dir, 'missing') }), { apiToken: true }),
    ).toThrow(/CERTPLANE_API_TOKENS_FILE names a file that cannot be read/);
    writeFileSync(join(dir, 'bad'), 'ci:operator:sekrit');
    expect(() =>
      resolveSecrets(loadConfig({ ...base, CERTPLANE_API_TOKENS_FILE: join(dir, 'bad') }), { apiToken: true }),
    ).toThrow(/^Invalid configuration: CERTPLANE_API_TOKENS_FILE token "ci"/);
    writeFileSync(join(dir, 'single'), 'has space in it, sixteen+');
    expect(() =>
      resolveSecrets(loadConfig({ ...base, CERTPLANE_API_TOKEN_FILE: join(dir, 'single') }), { apiToken: true }),
    ).toThrow(/CERTPLANE_API_TOKEN_FILE must contain one token, which must be a bearer token/);
  });
});

describe('OIDC configuration', () => {
  it('is off unless the issuer is set, and then needs the audience', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(() => loadConfig({ CERTPLANE_OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(
      /^Invalid configuration: CERTPLANE_OIDC_AUDIENCE /,
    );
    expect(() => loadConfig({ CERTPLANE_OIDC_AUDIENCE: 'certplane' })).toThrow(
      /^Invalid configuration: CERTPLANE_OIDC_ISSUER_URL /,
    );
    expect(
      loadConfig({
        CERTPLANE_OIDC_ISSUER_URL: 'https://id.example.com/realms/ops',
        CERTPLANE_OIDC_AUDIENCE: 'certplane',
      }).oidc,
    ).toEqual({
      issuerUrl: 'https://id.example.com/realms/ops',
      audience: 'certplane',
      rolesClaim: 'roles',
      defaultRole: undefined,
      jwksCooldownSeconds: 30,
    });
  });

  it.each([
    ['CERTPLANE_OIDC_ISSUER_URL', 'http://id.example.com'],
    ['CERTPLANE_OIDC_ISSUER_URL', 'https://id.example.com/?x=1'],
    ['CERTPLANE_OIDC_ROLES_CLAIM', 'realm_access..roles'],
    ['CERTPLANE_OIDC_DEFAULT_ROLE', 'client'],
    ['CERTPLANE_OIDC_JWKS_COOLDOWN_SECONDS', '-1'],
  ])('refuses %s=%s', (key, value) => {
    const env = {
      CERTPLANE_OIDC_ISSUER_URL: 'https://id.example.com',
      CERTPLANE_OIDC_AUDIENCE: 'certplane',
      [key]: value,
    };
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${key} `));
  });

  it("takes the console's public client id only with an issuer, and scopes only with openid among them", () => {
    const oidc = { CERTPLANE_OIDC_ISSUER_URL: 'https://id.example.com', CERTPLANE_OIDC_AUDIENCE: 'certplane' };
    expect(loadConfig(oidc).oidc?.console).toBeUndefined();
    expect(loadConfig({ ...oidc, CERTPLANE_CONSOLE_OIDC_CLIENT_ID: 'console' }).oidc?.console).toEqual({
      clientId: 'console',
      scopes: 'openid',
    });
    expect(
      loadConfig({ ...oidc, CERTPLANE_CONSOLE_OIDC_CLIENT_ID: 'c', CERTPLANE_CONSOLE_OIDC_SCOPES: 'openid profile' })
        .oidc?.console?.scopes,
    ).toBe('openid profile');
    expect(() => loadConfig({ CERTPLANE_CONSOLE_OIDC_CLIENT_ID: 'console' })).toThrow(
      /^Invalid configuration: CERTPLANE_OIDC_ISSUER_URL /,
    );
    for (const scopes of ['profile email', 'openid  profile', 'openid "x"'])
      expect(() =>
        loadConfig({ ...oidc, CERTPLANE_CONSOLE_OIDC_CLIENT_ID: 'c', CERTPLANE_CONSOLE_OIDC_SCOPES: scopes }),
      ).toThrow(/^Invalid configuration: CERTPLANE_CONSOLE_OIDC_SCOPES /);
    expect(() => loadConfig({ ...oidc, CERTPLANE_CONSOLE_OIDC_CLIENT_ID: 'a b' })).toThrow(
      /^Invalid configuration: CERTPLANE_CONSOLE_OIDC_CLIENT_ID /,
    );
  });

  it('allows plain http for a loopback issuer only', () => {
    expect(
      loadConfig({ CERTPLANE_OIDC_ISSUER_URL: 'http://127.0.0.1:8081', CERTPLANE_OIDC_AUDIENCE: 'a' }).oidc?.issuerUrl,
    ).toBe('http://127.0.0.1:8081');
  });
});
