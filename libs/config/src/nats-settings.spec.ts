import { loadConfig } from './certplane-config';
import { ConfigError } from './config.errors';

describe('NATS credentials, TLS and stream durability settings', () => {
  it('connects openly to one server, with one replica on file storage, by default', () => {
    const c = loadConfig({ NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://x@localhost/db' });
    expect(c.nats.auth).toEqual({ kind: 'none' });
    expect(c.nats.tls).toBeUndefined();
    expect(c.nats.durability).toEqual({ replicas: 1, consumerReplicas: 0, storage: 'file', maxAgeMs: 0, maxBytes: -1 });
  });

  it('keeps three replicas when NATS_URL names several servers, unless told otherwise', () => {
    expect(loadConfig({ NATS_URL: 'nats://a:4222,nats://b:4222,nats://c:4222' }).nats.durability.replicas).toBe(3);
    expect(
      loadConfig({ NATS_URL: 'nats://a:4222,nats://b:4222', CERTPLANE_NATS_REPLICAS: '1' }).nats.durability.replicas,
    ).toBe(1);
  });

  it('limits the stream by age (a Duration) and by size when told to', () => {
    expect(
      loadConfig({ CERTPLANE_NATS_MAX_AGE: '7d', CERTPLANE_NATS_MAX_BYTES: '1073741824' }).nats.durability,
    ).toMatchObject({ maxAgeMs: 7 * 86_400_000, maxBytes: 1_073_741_824 });
    expect(loadConfig({ CERTPLANE_NATS_MAX_AGE: '3m' }).nats.durability.maxAgeMs).toBe(180_000);
  });

  it('takes each way of authenticating, and TLS files', () => {
    expect(loadConfig({ CERTPLANE_NATS_USER: 'u', CERTPLANE_NATS_PASSWORD: 'p' }).nats.auth).toEqual({
      kind: 'userPassword',
      user: 'u',
      password: 'p',
    });
    expect(loadConfig({ CERTPLANE_NATS_TOKEN: 't' }).nats.auth).toEqual({ kind: 'token', token: 't' });
    expect(loadConfig({ CERTPLANE_NATS_CREDS_FILE: '/c.creds' }).nats.auth).toEqual({
      kind: 'credsFile',
      path: '/c.creds',
    });
    expect(loadConfig({ CERTPLANE_NATS_NKEY_SEED_FILE: '/seed' }).nats.auth).toEqual({
      kind: 'nkeySeedFile',
      path: '/seed',
    });
    expect(loadConfig({ CERTPLANE_NATS_TLS_CA_FILE: '/ca.pem' }).nats.tls).toEqual({
      caFile: '/ca.pem',
      certFile: undefined,
      keyFile: undefined,
    });
  });

  it.each([
    [{ CERTPLANE_NATS_USER: 'u' }, 'CERTPLANE_NATS_PASSWORD'],
    [{ CERTPLANE_NATS_PASSWORD: 'secret-value' }, 'CERTPLANE_NATS_USER'],
    [{ CERTPLANE_NATS_TOKEN: 'secret-value', CERTPLANE_NATS_CREDS_FILE: '/c' }, 'CERTPLANE_NATS_CREDS_FILE'],
    [
      { CERTPLANE_NATS_USER: 'u', CERTPLANE_NATS_PASSWORD: 'secret-value', CERTPLANE_NATS_TOKEN: 'secret-value' },
      'CERTPLANE_NATS_TOKEN',
    ],
    [{ CERTPLANE_NATS_TLS_CERT_FILE: '/c.pem' }, 'CERTPLANE_NATS_TLS_KEY_FILE'],
    [{ CERTPLANE_NATS_REPLICAS: '0' }, 'CERTPLANE_NATS_REPLICAS'],
    [{ CERTPLANE_NATS_REPLICAS: '7' }, 'CERTPLANE_NATS_REPLICAS'],
    [{ CERTPLANE_NATS_STORAGE: 'disk' }, 'CERTPLANE_NATS_STORAGE'],
    [{ CERTPLANE_NATS_MAX_AGE: '7 days' }, 'CERTPLANE_NATS_MAX_AGE'],
    [{ CERTPLANE_NATS_MAX_AGE: '1h30m' }, 'CERTPLANE_NATS_MAX_AGE'],
    [{ CERTPLANE_NATS_MAX_AGE: '0s' }, 'CERTPLANE_NATS_MAX_AGE'],
    // Not longer than the default duplicate window (2 minutes).
    [{ CERTPLANE_NATS_MAX_AGE: '2m' }, 'CERTPLANE_NATS_MAX_AGE'],
    [{ CERTPLANE_NATS_MAX_BYTES: '1000' }, 'CERTPLANE_NATS_MAX_BYTES'],
    [{ CERTPLANE_NATS_MAX_BYTES: '1048576.5' }, 'CERTPLANE_NATS_MAX_BYTES'],
  ])('refuses %j naming %s, never the secret', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).not.toContain('secret-value');
  });
});
