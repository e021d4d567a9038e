import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, ERROR, waitForCertificates } from '../clients/client-fixtures';
import { openssl } from '../pki/relying-party';
import { opensslCsr, P256, P384, SERVER_PROFILE } from './profile-fixtures';

jest.setTimeout(120_000);

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('changing a profile (PATCH), its history and the profile at a moment (real Postgres and NATS, openssl)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  let dir: string;
  const admin = () => bearer(h);
  const profileEventCount = async () =>
    (await h.ds.query(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'profile-%'`))[0].n;
  /** The PEMs of every certificate issued to the client, oldest first, from its history. */
  const issuedPems = async (id: string): Promise<string[]> =>
    (await api.events(id)).body.events
      .filter((e: { type: string }) => e.type === 'CertificateIssued')
      .map((e: { data: { certificatePem: string } }) => e.data.certificatePem);
  const text = async (pem: string, file: string) => {
    writeFileSync(join(dir, file), pem);
    return (await openssl(['x509', '-noout', '-text', '-in', join(dir, file)])).stdout;
  };

  beforeAll(async () => {
    h = await startCertplane();
    api = clientApi(h);
    dir = mkdtempSync(join(tmpdir(), 'cp-profile-history-'));
  });
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('PATCH changes the fields given, and the next certificate follows while those issued keep what they say', async () => {
    expect((await h.call('POST', '/profiles', { name: 'patchy', ...SERVER_PROFILE }, admin())).status).toBe(201);
    const csr = opensslCsr(dir, 'before', P384);
    const created = await api.create({ name: 'before', profile: 'patchy', csr: csr.pem });
    expect(created.status).toBe(201);
    await waitForCertificates(h, created.body.id, (items) => items.length === 1, 'the first certificate');

    const patched = await h.call(
      'PATCH',
      '/profiles/patchy',
      {
        extendedKeyUsages: ['clientAuth'],
        subject: { commonName: 'edge-{name}', extra: [{ type: 'OU', value: 'Edge' }] },
        validity: '2d',
        maxValidity: null,
      },
      admin(),
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'patchy',
      keyTypes: SERVER_PROFILE.keyTypes,
      extendedKeyUsages: ['clientAuth'],
      sans: SERVER_PROFILE.sans,
      subject: { commonName: 'edge-{name}' },
      validity: '2d',
    });
    expect(patched.body.maxValidity).toBeUndefined();

    // The same client renewed, under the profile as it is now: the template was made again.
    expect((await api.renew(created.body.id, { csr: csr.pem })).status).toBe(202);
    await waitForCertificates(h, created.body.id, (items) => items.length === 2, 'the renewed certificate');
    const [first, second] = await issuedPems(created.body.id);
    const old = await text(first, 'first.pem');
    expect(old).toContain('TLS Web Server Authentication');
    expect(old).toMatch(/CN\s?=\s?svc-before/);
    const renewed = await text(second, 'second.pem');
    expect(renewed).not.toContain('TLS Web Server Authentication');
    expect(renewed).toContain('TLS Web Client Authentication');
    expect(renewed).toMatch(/Subject: OU\s?=\s?Edge, OU\s?=\s?[^,]+, CN\s?=\s?edge-before/);
    const days = async (file: string) => {
      const dates = (await openssl(['x509', '-noout', '-startdate', '-enddate', '-in', join(dir, file)])).stdout;
      const [start, end] = [...dates.matchAll(/=(.+)$/gm)].map((m) => Date.parse(m[1]));
      return (end - start) / 86_400_000;
    };
    expect(Math.round(await days('second.pem'))).toBe(2);
    expect(Math.round(await days('first.pem'))).toBe(30);

    // The built-in default is untouched: P-256, clientAuth, CN user-<name>.
    const plain = await api.create({ name: 'plain', csr: opensslCsr(dir, 'plain', P256).pem });
    await waitForCertificates(h, plain.body.id, (items) => items.length === 1, 'the default certificate');
    const [plainPem] = await issuedPems(plain.body.id);
    const plainText = await text(plainPem, 'plain.pem');
    expect(plainText).toContain('ASN1 OID: prime256v1');
    expect(plainText).toMatch(/Subject: OU\s?=\s?[^,]+, CN\s?=\s?user-plain/);
  });

  it('refuses a PATCH that breaks the profile, an unknown field, the default and an unknown profile, recording nothing', async () => {
    const before = await profileEventCount();
    const patch = (name: string, body: unknown) => h.call('PATCH', `/profiles/${name}`, body, admin());
    expect((await patch('patchy', { keyTypes: [] })).body).toEqual(ERROR(400, 'INVALID_PROFILE'));
    expect((await patch('patchy', { keyTypes: null })).body).toEqual(ERROR(400, 'INVALID_PROFILE'));
    expect((await patch('patchy', { validity: '100d', maxValidity: '1d' })).body).toEqual(
      ERROR(400, 'INVALID_PROFILE'),
    );
    expect((await patch('patchy', { name: 'other' })).body).toEqual(ERROR(400, 'UNKNOWN_FIELD'));
    expect((await patch('patchy', [])).body).toEqual(ERROR(400, 'INVALID_BODY'));
    expect((await patch('default', { validity: '1d' })).body).toEqual(ERROR(400, 'DEFAULT_PROFILE_READ_ONLY'));
    expect((await patch('nope', { validity: '1d' })).body).toEqual(ERROR(404, 'PROFILE_NOT_FOUND'));
    // Nothing to change changes nothing.
    expect((await patch('patchy', {})).status).toBe(200);
    expect(await profileEventCount()).toBe(before);
  });

  it('answers the history of a name, every profile that had it, and the profile as it was at a moment', async () => {
    const get = (path: string) => h.call('GET', path, undefined, admin());
    const beforeAll = new Date(Date.now() - 60_000).toISOString();
    expect((await h.call('POST', '/profiles', { name: 'again', ...SERVER_PROFILE }, admin())).status).toBe(201);
    await pause();
    await h.call('PATCH', '/profiles/again', { validity: '7d' }, admin());
    await pause();
    expect((await h.call('DELETE', '/profiles/again', undefined, admin())).status).toBe(204);
    await pause();
    expect(
      (await h.call('POST', '/profiles', { name: 'again', ...SERVER_PROFILE, validity: '1d' }, admin())).status,
    ).toBe(201);

    const { events } = (await get('/profiles/again/events')).body;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'ProfileDefined',
      'ProfileChanged',
      'ProfileDeleted',
      'ProfileDefined',
    ]);
    expect(events[1].metadata.actor).toEqual(expect.any(String));
    expect(events[1].data.profile.validity).toBe('7d');
    const [defined, changed, deleted, redefined] = events.map((e: { recordedAt: string }) => e.recordedAt);

    const at = (moment: string) => get(`/profiles/again?at=${encodeURIComponent(moment)}`);
    expect((await at(defined)).body.validity).toBe('30d');
    expect((await at(changed)).body.validity).toBe('7d');
    expect((await at(deleted)).body).toEqual(ERROR(404, 'PROFILE_NOT_FOUND'));
    expect((await at(redefined)).body.validity).toBe('1d');
    expect((await at(beforeAll)).body).toEqual(ERROR(404, 'PROFILE_NOT_FOUND'));
    expect((await get('/profiles/again')).body.validity).toBe('1d');
    expect((await at('yesterday')).body).toEqual(ERROR(400, 'INVALID_QUERY'));
    expect((await get('/profiles/again?when=now')).body).toEqual(ERROR(400, 'UNKNOWN_QUERY_PARAMETER'));

    expect((await get('/profiles/default/events')).body).toEqual({ events: [] });
    expect((await get(`/profiles/default?at=${encodeURIComponent(beforeAll)}`)).body).toMatchObject({
      name: 'default',
      builtIn: true,
    });
    expect((await get('/profiles/never/events')).body).toEqual(ERROR(404, 'PROFILE_NOT_FOUND'));
  });
});
