import { clientIdForDetailsSecret } from '@certplane/domain';
import { CanonicalClientIps1763870400050 } from '../../migrations/1763870400050-canonical-client-ips';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, ERROR, streamCount, waitForCertificates, waitForProjection } from './client-fixtures';

jest.setTimeout(60_000);

const SERVER_NAME = 'certplane.example.test';

describe('clients: create, read, list, update, delete (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_SERVER_HOSTNAMES: `${SERVER_NAME},ca.internal` } });
    api = clientApi(h);
  });
  afterAll(() => h.stop());

  it('creates with 201, a Location and the client itself; GET answers the same at once', async () => {
    const r = await api.create({
      name: 'web-1',
      tags: ['env=prod', 'web'],
      metadata: { owner: 'ops', rack: 4, pci: true },
      hostname: 'web-1.example.com',
    });
    expect(r.status).toBe(201);
    const id = r.body.id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(r.headers.get('location')).toBe(`/clients/${id}`);
    expect(r.body).toEqual({
      id,
      name: 'web-1',
      status: 'enabled',
      tags: ['env=prod', 'web'],
      metadata: { owner: 'ops', rack: 4, pci: true },
      topics: {},
      ip: null,
      hostname: 'web-1.example.com',
      certificate: null,
      parent_group_id: null,
      created_at: expect.any(String),
      updated_at: r.body.created_at,
      updated_by: 'token:default',
      url: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    // The details secret is not the id, and only this answer carries it.
    expect(r.body.url).not.toBe(id);
    expect(clientIdForDetailsSecret(r.body.url)).toBe(id);
    const got = await api.get(id);
    expect(got.status).toBe(200);
    // The issuer works in the background: by this GET it may already have issued the first certificate
    // (and touched the client), so what must match at once is the client as it was created.
    const {
      url: _onlyAtCreation,
      certificate: _notYet,
      updated_at: _created,
      updated_by: _creator,
      ...client
    } = r.body;
    expect(got.body).toMatchObject(client);
    expect([r.body.updated_by, 'service:cert-issuer']).toContain(got.body.updated_by);

    const [cert] = await waitForCertificates(h, id, (items) => items.length === 1, 'the first certificate');
    expect(cert).toEqual({
      serial_number: expect.stringMatching(/^[0-9a-f]+$/),
      not_before: expect.any(String),
      not_after: expect.any(String),
      status: 'valid',
      revocation: null,
      key_origin: 'server',
      fingerprint_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const after = (await api.get(id)).body;
    expect(after.certificate).toEqual(cert);
    // The issuer touched the client last.
    expect(after.updated_by).toBe('service:cert-issuer');
  });

  it('enrol and create are one command: an enrolled client is a client, and both share the identity rules', async () => {
    const enrolled = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'via-enrol', topics: { insert: 'data' }, ip: '192.0.2.77' },
      bearer(h),
    );
    expect(enrolled.status).toBe(200);
    expect(Object.keys(enrolled.body)).toEqual(['message', 'detail', 'url', 'id']);
    expect((await api.get(clientIdOf(enrolled.body.url))).body).toMatchObject({
      name: 'via-enrol',
      topics: { insert: 'data' },
      ip: '192.0.2.77',
      tags: [],
      metadata: {},
      status: 'enabled',
    });
    // The same ip through the other door is a duplicate; the server's own name is reserved at both.
    expect((await api.create({ name: 'other', ip: '192.0.2.77' })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
    expect(
      (
        await h.call(
          'POST',
          '/clientcontroller/enrol',
          { name: 'x1', topics: { a: 'b' }, hostname: SERVER_NAME },
          bearer(h),
        )
      ).body,
    ).toEqual(ERROR(400, 'RESERVED_HOSTNAME'));
    // Enrol still requires topics; create does not.
    expect((await h.call('POST', '/clientcontroller/enrol', { name: 'x2' }, bearer(h))).body).toEqual(
      ERROR(400, 'INVALID_TOPICS'),
    );
    // Enrol keeps its own fields: tags are a /clients field.
    expect(
      (await h.call('POST', '/clientcontroller/enrol', { name: 'x3', topics: { a: 'b' }, tags: ['t'] }, bearer(h)))
        .body,
    ).toEqual(ERROR(400, 'UNKNOWN_FIELD'));
  });

  it.each([
    ['both ip and hostname', { name: 'e1', ip: '192.0.2.1', hostname: 'h1' }, 400, 'PARAMETERS_NOT_APPROPRIATE'],
    ['a bad ip', { name: 'e1', ip: '300.1.1.1' }, 400, 'INVALID_IP_ADDRESS'],
    ['a loopback ip', { name: 'e1', ip: '::1' }, 400, 'RESERVED_IP_ADDRESS'],
    ['a multicast ip', { name: 'e1', ip: '224.0.0.5' }, 400, 'RESERVED_IP_ADDRESS'],
    ['a broadcast ip', { name: 'e1', ip: '255.255.255.255' }, 400, 'RESERVED_IP_ADDRESS'],
    ['an unspecified ip', { name: 'e1', ip: '0.0.0.0' }, 400, 'RESERVED_IP_ADDRESS'],
    ['a bad hostname', { name: 'e1', hostname: 'a'.repeat(61) }, 400, 'INVALID_HOSTNAME'],
    ['localhost', { name: 'e1', hostname: 'LOCALHOST' }, 400, 'RESERVED_HOSTNAME'],
    ["the server's own name", { name: 'e1', hostname: 'CA.Internal' }, 400, 'RESERVED_HOSTNAME'],
    ['a bad name', { name: 'a b' }, 400, 'INVALID_NAME'],
    ['the reserved name', { name: 'server' }, 400, 'RESERVED_NAME'],
    ['bad topics', { name: 'e1', topics: [] }, 400, 'INVALID_TOPICS'],
    ['tags that are not an array', { name: 'e1', tags: 'web' }, 400, 'INVALID_TAGS'],
    ['a repeated tag', { name: 'e1', tags: ['a', 'a'] }, 400, 'INVALID_TAGS'],
    ['a tag with a space', { name: 'e1', tags: ['a b'] }, 400, 'INVALID_TAGS'],
    ['nested metadata', { name: 'e1', metadata: { a: { b: 1 } } }, 400, 'INVALID_METADATA'],
    ['metadata as an array', { name: 'e1', metadata: [1] }, 400, 'INVALID_METADATA'],
    ['an unknown field', { name: 'e1', id: '0'.repeat(32) }, 400, 'UNKNOWN_FIELD'],
    ['a created_at', { name: 'e1', created_at: '2020-01-01T00:00:00Z' }, 400, 'UNKNOWN_FIELD'],
    ['not an object', '[1]', 400, 'INVALID_BODY'],
  ])('refuses %s (%s %s) and stores nothing', async (_what, body, status, code) => {
    const before = await streamCount(h);
    const r = await api.create(body);
    expect(r.body).toEqual(ERROR(status, code));
    expect(r.status).toBe(status);
    expect(await streamCount(h)).toBe(before);
  });

  it('refuses a live duplicate name, ip or hostname with 409, race-free', async () => {
    expect((await api.create({ name: 'dup-a', ip: '198.51.100.1', hostname: undefined })).status).toBe(201);
    expect((await api.create({ name: 'dup-b', hostname: 'Dup.Example' })).status).toBe(201);
    expect((await api.create({ name: 'dup-a' })).body).toEqual(ERROR(409, 'CLIENT_ALREADY_EXISTS'));
    expect((await api.create({ name: 'dup-c', ip: '198.51.100.1' })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
    expect((await api.create({ name: 'dup-c', hostname: 'dup.example' })).body).toEqual(
      ERROR(409, 'DUPLICATE_HOSTNAME'),
    );
    const racers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.create({ name: `racer-${i}`, ip: '203.0.113.99' })),
    );
    expect(racers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 409 && r.body.code === 'DUPLICATE_IP')).toHaveLength(19);
  });

  it('compares IPs in one canonical form: another spelling of a live address is a duplicate, a mapped loopback is reserved', async () => {
    const v6 = await api.create({ name: 'canon-v6', ip: '2001:DB8:0:0::5' });
    expect(v6.status).toBe(201);
    expect(v6.body.ip).toBe('2001:db8::5');
    for (const ip of ['2001:db8::5', '2001:0DB8::0005', '2001:db8:0:0:0:0:0:5'])
      expect((await api.create({ name: 'canon-dup', ip })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
    const mapped = await api.create({ name: 'canon-v4', ip: '::FFFF:198.51.100.44' });
    expect(mapped.body.ip).toBe('198.51.100.44');
    for (const ip of ['198.51.100.44', '::ffff:c633:642c', '0:0:0:0:0:ffff:198.51.100.44'])
      expect((await api.create({ name: 'canon-dup', ip })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
    for (const ip of ['::ffff:127.0.0.1', '0:0:0:0:0:ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:0:0', '::FFFF:E000:1'])
      expect((await api.create({ name: 'canon-res', ip })).body).toEqual(ERROR(400, 'RESERVED_IP_ADDRESS'));
    // Another spelling of the address it holds is no change at all.
    await waitForCertificates(h, v6.body.id, (items) => items.length === 1, 'the first certificate');
    const before = (await api.events(v6.body.id)).body.events.length;
    expect((await api.patch(v6.body.id, { ip: '2001:db8:0::5' })).body.ip).toBe('2001:db8::5');
    expect((await api.events(v6.body.id)).body.events.length).toBe(before);
  });

  it('rewrites IPs a registry holds in another spelling to canonical text, so the unique index sees them', async () => {
    const { body: c } = await api.create({ name: 'canon-old', ip: '2001:db8::9' });
    // What a registry written before canonicalisation holds.
    await h.ds.query(`UPDATE client_registry SET ip = '2001:DB8:0::9' WHERE client_id = $1`, [c.id]);
    const runner = h.ds.createQueryRunner();
    try {
      await new CanonicalClientIps1763870400050().up(runner);
    } finally {
      await runner.release();
    }
    expect(await h.ds.query(`SELECT ip FROM client_registry WHERE client_id = $1`, [c.id])).toEqual([
      { ip: '2001:db8::9' },
    ]);
    expect((await api.create({ name: 'canon-new', ip: '2001:db8:0:0::9' })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
  });

  it('updates name, tags, metadata and the SAN; only what changed is recorded; id and created_at cannot change', async () => {
    const { body: c } = await api.create({ name: 'patch-me', tags: ['a'], metadata: { k: 'v' }, ip: '192.0.2.30' });
    const r = await api.patch(c.id, {
      name: 'patched',
      tags: ['b', 'c'],
      metadata: { owner: 'team-x' },
      hostname: 'patched.example.com',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: c.id,
      name: 'patched',
      tags: ['b', 'c'],
      metadata: { owner: 'team-x' },
      ip: null,
      hostname: 'patched.example.com',
      created_at: c.created_at,
    });
    expect(r.body.updated_at > c.updated_at).toBe(true);
    // The same values again: nothing new in the stream. The issuer appends to it in the
    // background, so wait until it is done before counting: one valid certificate, whether it was
    // signed after the rename, or before it and then superseded by one with the new names.
    await waitForCertificates(
      h,
      c.id,
      (items) => items.filter((i) => i.status === 'valid').length === 1,
      'one valid certificate',
    );
    const versions = async () => (await api.events(c.id)).body.events.length;
    const before = await versions();
    expect((await api.patch(c.id, { name: 'patched', tags: ['b', 'c'] })).status).toBe(200);
    expect(await versions()).toBe(before);
    for (const body of [{ id: 'x' }, { created_at: 'x' }, { status: 'disabled' }, { topics: {} }])
      expect((await api.patch(c.id, body)).body).toEqual(ERROR(400, 'UNKNOWN_FIELD'));
    expect((await api.patch(c.id, { tags: [1] })).body).toEqual(ERROR(400, 'INVALID_TAGS'));
    expect((await api.patch(c.id, { name: 'server' })).body).toEqual(ERROR(400, 'RESERVED_NAME'));
    expect((await api.patch(c.id, { hostname: SERVER_NAME })).body).toEqual(ERROR(400, 'RESERVED_HOSTNAME'));
    expect((await api.patch(c.id, { ip: '192.0.2.1', hostname: 'x' })).body).toEqual(
      ERROR(400, 'PARAMETERS_NOT_APPROPRIATE'),
    );
    // Renaming onto a live name, or taking a live ip, is a conflict; the old name is free after a rename.
    expect((await api.patch(c.id, { name: 'web-1' })).body).toEqual(ERROR(409, 'CLIENT_ALREADY_EXISTS'));
    expect((await api.patch(c.id, { ip: '198.51.100.1' })).body).toEqual(ERROR(409, 'DUPLICATE_IP'));
    expect((await api.create({ name: 'patch-me', ip: '192.0.2.30' })).status).toBe(201);
    // null removes the SAN.
    expect((await api.patch(c.id, { hostname: null })).body).toMatchObject({ ip: null, hostname: null });
  });

  it('gives one of 10 concurrent renames onto one name, the rest 409', async () => {
    const ids = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await api.create({ name: `rename-${i}` })).body.id),
    );
    const results = await Promise.all(ids.map((id) => api.patch(id, { name: 'the-one-name' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(
      Array(9).fill('CLIENT_ALREADY_EXISTS'),
    );
  });

  it('deletes: 204, gone at once (404 everywhere but history), name free, certificate revoked with cessationOfOperation', async () => {
    const { body: c } = await api.create({ name: 'to-delete', hostname: 'to-delete.example.com' });
    await waitForCertificates(h, c.id, (items) => items.length === 1, 'the certificate');
    const r = await api.remove(c.id);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await api.get(c.id)).body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));
    expect((await api.details(c.id)).status).toBe(404);
    expect((await api.remove(c.id)).body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));
    expect((await api.patch(c.id, { tags: [] })).body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));
    expect((await api.create({ name: 'to-delete', hostname: 'to-delete.example.com' })).status).toBe(201);
    const [cert] = await waitForCertificates(h, c.id, (items) => items[0]?.status === 'revoked', 'the revocation');
    expect(cert.revocation).toEqual({
      reason: 'cessationOfOperation',
      revoked_at: expect.any(String),
      revoked_by: 'service:cert-issuer',
    });
    const types = (await api.events(c.id)).body.events.map((e: { type: string }) => e.type);
    expect(types).toEqual(['ClientEnrolled', 'CertificateIssued', 'ClientDeleted', 'CertificateRevoked']);
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [c.id]))[0].n).toBe(0);
  });

  it('answers unknown and malformed ids with 404 on every route', async () => {
    for (const id of ['0'.repeat(32), 'not-an-id']) {
      for (const r of [
        await api.get(id),
        await api.patch(id, { tags: [] }),
        await api.remove(id),
        await api.disable(id),
        await api.enable(id),
        await api.renew(id),
        await api.certificates(id),
        await api.events(id),
        await api.get(id, '?at=2026-01-01T00:00:00Z'),
      ]) {
        expect(r.body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));
      }
    }
  });

  it('refuses every route without the bearer token', async () => {
    const routes: Array<[string, string]> = [
      ['POST', '/clients'],
      ['GET', '/clients'],
      ['GET', `/clients/${'0'.repeat(32)}`],
      ['PATCH', `/clients/${'0'.repeat(32)}`],
      ['DELETE', `/clients/${'0'.repeat(32)}`],
      ['POST', `/clients/${'0'.repeat(32)}/disable`],
      ['POST', `/clients/${'0'.repeat(32)}/enable`],
      ['POST', `/clients/${'0'.repeat(32)}/certificate/renew`],
      ['PUT', `/clients/${'0'.repeat(32)}/certificate`],
      ['GET', `/clients/${'0'.repeat(32)}/certificates`],
      ['GET', `/clients/${'0'.repeat(32)}/events`],
      ['GET', '/certificates'],
    ];
    for (const [method, path] of routes) {
      const r = await h.call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect([method, path, r.status, r.body?.code]).toEqual([method, path, 401, 'UNAUTHORIZED']);
    }
  });

  describe('listing', () => {
    let tagged: string[];
    beforeAll(async () => {
      tagged = [];
      for (let i = 0; i < 25; i++)
        tagged.push(
          (await api.create({ name: `fleet-${String(i).padStart(2, '0')}`, tags: ['fleet', i % 2 ? 'odd' : 'even'] }))
            .body.id,
        );
      await Promise.all(tagged.map((id) => waitForProjection(h, id)));
      await api.disable(tagged[0]);
      await waitForProjection(h, tagged[0]);
    });

    it('pages with a total: 10 by default, up to 100, oldest first', async () => {
      const first = await api.list('?tag=fleet');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 25, limit: 10, offset: 0 });
      expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(tagged.slice(0, 10));
      const last = await api.list('?tag=fleet&limit=10&offset=20');
      expect(last.body.items.map((c: { id: string }) => c.id)).toEqual(tagged.slice(20));
      expect((await api.list('?tag=fleet&limit=100')).body.items).toHaveLength(25);
      expect((await api.list('?tag=fleet&offset=1000')).body).toMatchObject({ items: [], total: 25 });
    });

    it('filters by tag, name and status; removed clients only when asked for', async () => {
      expect((await api.list('?tag=odd&limit=100')).body.total).toBe(12);
      expect((await api.list('?tag=even&status=enabled&limit=100')).body.total).toBe(12);
      expect((await api.list('?tag=fleet&status=disabled')).body.items.map((c: { id: string }) => c.id)).toEqual([
        tagged[0],
      ]);
      expect((await api.list('?name=fleet-03')).body.items.map((c: { id: string }) => c.id)).toEqual([tagged[3]]);
      expect((await api.list('?tag=nobody-has-this')).body).toEqual({ items: [], total: 0, limit: 10, offset: 0 });
      const gone = (await api.list('?status=removed&limit=100')).body.items.map((c: { name: string }) => c.name);
      expect(gone).toContain('to-delete');
      expect((await api.list('?name=to-delete')).body.total).toBe(1);
    });

    it('shows each client as GET does', async () => {
      await waitForCertificates(h, tagged[5], (items) => items.length === 1, 'a certificate');
      await waitForProjection(h, tagged[5]);
      const listed = (await api.list('?name=fleet-05')).body.items[0];
      expect(listed).toEqual((await api.get(tagged[5])).body);
    });

    it.each([
      ['?limit=101', 'INVALID_QUERY'],
      ['?limit=0', 'INVALID_QUERY'],
      ['?limit=ten', 'INVALID_QUERY'],
      ['?offset=-1', 'INVALID_QUERY'],
      ['?status=active', 'INVALID_QUERY'],
      ['?tag=a&tag=b', 'INVALID_QUERY'],
      ['?colour=blue', 'UNKNOWN_QUERY_PARAMETER'],
    ])('refuses %s with 400 %s', async (query, code) => {
      expect((await api.list(query)).body).toEqual(ERROR(400, code));
    });
  });

  it("records who did what, in which request, in the client's event stream", async () => {
    const r = await api.create({ name: 'audited' }, { 'x-correlation-id': 'change-4711' });
    await waitForCertificates(h, r.body.id, (items) => items.length === 1, 'the certificate');
    const events = (await api.events(r.body.id)).body.events;
    expect(events.map((e: any) => [e.streamVersion, e.type, e.metadata.actor, e.metadata.correlationId])).toEqual([
      [1, 'ClientEnrolled', 'token:default', 'change-4711'],
      [2, 'CertificateIssued', 'service:cert-issuer', 'change-4711'],
    ]);
    expect(events[1].metadata.causationId).toBe(events[0].eventId);
    expect(events[0]).toMatchObject({
      schemaVersion: 1,
      streamId: `client-${r.body.id}`,
      recordedAt: expect.any(String),
      data: { clientId: r.body.id, name: 'audited', topics: {} },
    });
    await eventually(async () =>
      (await h.ds.query(`SELECT updated_by FROM rm_clients WHERE client_id = $1`, [r.body.id]))[0]?.updated_by ===
      'service:cert-issuer'
        ? true
        : undefined,
    );
  });
});
