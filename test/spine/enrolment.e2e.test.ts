import { X509Certificate, createPublicKey, createPrivateKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { withNats } from '../support/nats-admin';

const enrolBody = { name: 'my-client', topics: { insert: 'data', query: 'requests' } };

describe('spine: enrol, details, leave over HTTP (real Postgres and NATS JetStream)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h.stop());

  const enrol = (body: unknown, headers = bearer(h)) => h.call('POST', '/clientcontroller/enrol', body, headers);

  it('enrols, answers details with CA, certificate, key and endpoints, and removes on leave — the exact shapes', async () => {
    // curl -d sends JSON labelled as a form; certplane reads it as JSON anyway.
    const res = await fetch(`${h.url}/clientcontroller/enrol`, {
      method: 'POST',
      headers: { ...bearer(h), 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify(enrolBody),
    });
    expect(res.status).toBe(200);
    const enrolled: any = await res.json();
    // The seed's shape, and the client id beside the details secret.
    expect(Object.keys(enrolled)).toEqual(['message', 'detail', 'url', 'id']);
    expect(enrolled).toMatchObject({ message: 'success', detail: 'Client enrolled' });
    expect(enrolled.url).toMatch(/^[0-9a-f]{32}$/);
    const clientId = clientIdOf(enrolled.url);
    expect(enrolled.id).toBe(clientId);
    expect(enrolled.id).not.toBe(enrolled.url);
    expect((await h.call('GET', `/clients/${enrolled.id}`, undefined, bearer(h))).status).toBe(200);

    const details = await h.call('GET', `/informationservice/details/${enrolled.url}`);
    expect(details.status).toBe(200);
    expect(Object.keys(details.body)).toEqual(['name', 'topics', 'ca', 'cert', 'key', 'insert', 'query']);
    expect(details.body).toMatchObject({
      name: 'my-client',
      topics: { insert: 'data', query: 'requests' },
      insert: { insert: ['localhost:5000'], query: ['localhost:5000'] },
      query: ['localhost:5050'],
    });
    expect(JSON.stringify(details.body.topics)).toBe('{"insert":"data","query":"requests"}');
    expect(details.body.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(details.body.cert).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(details.body.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const left = await h.call('POST', '/clientcontroller/leave', { name: 'my-client' }, bearer(h));
    expect(left.status).toBe(200);
    expect(left.body).toEqual({ message: 'success', detail: 'Client removed' });
    expect((await h.call('GET', `/informationservice/details/${enrolled.url}`)).status).toBe(404);

    const revoked = await eventually(
      async () => {
        const events = await h.store.readStream(`client-${clientId}`);
        return events.find((e) => e.type === 'CertificateRevoked') ? events : undefined;
      },
      10_000,
      'CertificateRevoked',
    );
    expect(revoked.map((e) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientRemoved',
      'CertificateRevoked',
    ]);
    expect(revoked[3].data).toMatchObject({ reason: 'cessationOfOperation' });
    // The revocation is traced to the leave that caused it.
    expect(revoked[3].metadata).toMatchObject({
      causationId: revoked[2].eventId,
      correlationId: revoked[2].metadata.correlationId,
      actor: 'service:cert-issuer',
    });
    expect(revoked[2].metadata.actor).toBe('token:default');
    const [row] = await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [clientId]);
    expect(row.n).toBe(0);
    await eventually(
      async () => {
        const [c] = await h.ds.query(`SELECT status FROM rm_certificates WHERE client_id = $1`, [clientId]);
        return c?.status === 'revoked' ? true : undefined;
      },
      10_000,
      'revoked certificate in the read model',
    );

    // The name is free again.
    const again = await enrol(enrolBody);
    expect(again.status).toBe(200);
    expect(again.body.url).not.toBe(enrolled.url);
  });

  it('issues a certificate that verifies against the CA, matches the key and carries the specified fields', async () => {
    const { body } = await enrol({ name: 'edge-1', topics: { insert: 'data' }, hostname: 'edge-1.example.com' });
    const d = (await h.call('GET', `/informationservice/details/${body.url}`)).body;
    const cert = new X509Certificate(d.cert);
    const ca = new X509Certificate(d.ca);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(
      createPublicKey(createPrivateKey(d.key))
        .export({ format: 'der', type: 'spki' })
        .equals(cert.publicKey.export({ format: 'der', type: 'spki' })),
    ).toBe(true);
    const clusterId = /OU=([0-9a-f-]{36})/.exec(ca.subject)![1];
    expect(cert.subject).toContain('CN=user-edge-1');
    expect(cert.subject).toContain(`OU=${clusterId}`);
    expect(cert.subjectAltName).toBe('DNS:edge-1.example.com');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.ca).toBe(false);
    expect(BigInt('0x' + cert.serialNumber) >= 2n ** 63n || cert.serialNumber.length >= 16).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });

    const dir = mkdtempSync(join(tmpdir(), 'cp-openssl-'));
    writeFileSync(join(dir, 'ca.pem'), d.ca);
    writeFileSync(join(dir, 'c.pem'), d.cert);
    expect(
      execFileSync('openssl', [
        'verify',
        '-CAfile',
        join(dir, 'ca.pem'),
        '-purpose',
        'sslclient',
        join(dir, 'c.pem'),
      ]).toString(),
    ).toContain('OK');
    const [rm] = await h.ds.query(`SELECT serial_number FROM rm_certificates WHERE client_id = $1`, [
      clientIdOf(body.url),
    ]);
    expect(rm.serial_number.toUpperCase()).toBe(cert.serialNumber.toUpperCase());
  });

  it('puts an ip into the SAN', async () => {
    const { body } = await enrol({ name: 'by-ip', topics: { insert: 'data' }, ip: '192.0.2.10' });
    const d = (await h.call('GET', `/informationservice/details/${body.url}`)).body;
    expect(new X509Certificate(d.cert).subjectAltName).toBe('IP Address:192.0.2.10');
  });

  it('gives exactly one of 20 concurrent enrolments of one name, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => enrol({ name: 'racer', topics: { insert: 'data' } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const c of conflicts)
      expect(c.body).toEqual({ statusCode: 409, code: 'CLIENT_ALREADY_EXISTS', message: expect.any(String) });
    const winner = results.find((r) => r.status === 200)!.body.url;
    await eventually(async () =>
      (await h.call('GET', `/informationservice/details/${winner}`)).status === 200 ? true : undefined,
    );
    const rows = await h.ds.query(`SELECT client_id FROM rm_clients WHERE name = 'racer'`);
    expect(rows).toEqual([{ client_id: clientIdOf(winner) }]);
    expect(
      await h.ds.query(
        `SELECT count(*)::int AS n FROM streams WHERE stream_id LIKE 'client-%' AND stream_id IN (SELECT 'client-' || client_id FROM client_registry WHERE name = 'racer')`,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it.each([
    ['no token', undefined, 401, 'UNAUTHORIZED'],
    ['a wrong token', { authorization: 'Bearer wrong-token-of-some-length' }, 401, 'UNAUTHORIZED'],
    ['a non-bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 401, 'UNAUTHORIZED'],
  ])('refuses %s with 401 and WWW-Authenticate', async (_what, headers, status, code) => {
    const r = await h.call('POST', '/clientcontroller/enrol', enrolBody, headers as Record<string, string> | undefined);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ statusCode: status, code, message: expect.any(String) });
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    expect(
      (await h.call('POST', '/clientcontroller/leave', { name: 'x' }, headers as Record<string, string> | undefined))
        .status,
    ).toBe(401);
  });

  it.each([
    ['bad JSON', '{"name":', 400, 'INVALID_JSON'],
    ['a JSON array', '[1,2]', 400, 'INVALID_BODY'],
    ['a JSON string', '"x"', 400, 'INVALID_JSON'],
    ['no name', { topics: { insert: 'data' } }, 400, 'INVALID_NAME'],
    ['a numeric name', { name: 12, topics: { insert: 'data' } }, 400, 'INVALID_NAME'],
    ['a name with a space', { name: 'a b', topics: { insert: 'data' } }, 400, 'INVALID_NAME'],
    ['a 129-character name', { name: 'a'.repeat(129), topics: { insert: 'data' } }, 400, 'INVALID_NAME'],
    ['the reserved name', { name: 'server', topics: { insert: 'data' } }, 400, 'RESERVED_NAME'],
    ['no topics', { name: 'n1' }, 400, 'INVALID_TOPICS'],
    ['topics as a string', { name: 'n1', topics: 'data' }, 400, 'INVALID_TOPICS'],
    ['a numeric topic', { name: 'n1', topics: { insert: 5 } }, 400, 'INVALID_TOPICS'],
    ['an unknown field', { name: 'n1', topics: { insert: 'data' }, admin: true }, 400, 'UNKNOWN_FIELD'],
    ['a __proto__ key', '{"name":"n1","topics":{"insert":"data"},"__proto__":{"admin":true}}', 400, 'UNKNOWN_FIELD'],
    [
      'both ip and hostname',
      { name: 'n1', topics: { insert: 'data' }, ip: '192.0.2.1', hostname: 'h' },
      400,
      'PARAMETERS_NOT_APPROPRIATE',
    ],
    ['a loopback ip', { name: 'n1', topics: { insert: 'data' }, ip: '127.0.0.1' }, 400, 'RESERVED_IP_ADDRESS'],
    [
      'a body over 64 KiB',
      JSON.stringify({ name: 'n1', topics: { insert: 'x'.repeat(70_000) } }),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ])('answers %s with a 4xx error code and stores nothing', async (_what, body, status, code) => {
    const before = await h.store.count();
    const r = await enrol(body);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ statusCode: status, code, message: expect.any(String) });
    expect(await h.store.count()).toBe(before);
  });

  it('answers details of unknown and malformed ids with 404 at once', async () => {
    for (const id of ['0'.repeat(32), 'not-an-id', '..%2F..%2Fetc', 'A'.repeat(32)]) {
      const started = Date.now();
      const r = await h.call('GET', `/informationservice/details/${id}`);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ statusCode: 404, code: expect.any(String) });
      expect(Date.now() - started).toBeLessThan(1000);
    }
    expect((await h.call('POST', '/clientcontroller/leave', { name: 'nobody' }, bearer(h))).body).toMatchObject({
      statusCode: 404,
      code: 'CLIENT_NOT_FOUND',
    });
  });

  it('keeps the details secret out of events, and the client id it derives grants nothing', async () => {
    const { body } = await enrol({ name: 'secretive', topics: { insert: 'data' } });
    const clientId = clientIdOf(body.url);
    await eventually(async () =>
      (await h.call('GET', `/informationservice/details/${body.url}`)).status === 200 ? true : undefined,
    );
    const events = await h.ds.query(`SELECT stream_id, data::text AS data, metadata::text AS metadata FROM events`);
    expect(events.some((e: any) => e.stream_id === `client-${clientId}`)).toBe(true);
    for (const e of events) expect(e.stream_id + e.data + e.metadata).not.toContain(body.url);
    // What any NATS subscriber learns (the client id) does not open the details.
    expect((await h.call('GET', `/informationservice/details/${clientId}`)).status).toBe(404);
  });

  it('never puts a private key into an event, in the store or on NATS', async () => {
    const keys = await h.ds.query(`SELECT client_id FROM client_keys`);
    expect(keys.length).toBeGreaterThan(0);
    const events = await h.ds.query(`SELECT data::text AS data, metadata::text AS metadata FROM events`);
    for (const e of events) expect(e.data + e.metadata).not.toMatch(/PRIVATE KEY/);
    // What the bus carried: read the whole stream back.
    const { jetstream } = await import('@nats-io/jetstream');
    await withNats(h.env.NATS_URL, async (nc) => {
      const consumer = await jetstream(nc).consumers.get(h.bus.streamName);
      let seen = 0;
      for (;;) {
        const m = await consumer.next({ expires: 1000 });
        if (!m) break;
        seen++;
        expect(m.string()).not.toMatch(/PRIVATE KEY/);
      }
      expect(seen).toBeGreaterThanOrEqual(events.length);
    });
  });

  it('rebuilds the read models from the event store into the same rows', async () => {
    const { rebuildProjections, Projector } = await import('@certplane/projections');
    const snapshot = async () => ({
      clients: await h.ds.query(`SELECT * FROM rm_clients ORDER BY client_id`),
      certificates: await h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`),
    });
    // Let the live projector settle first.
    let before = await snapshot();
    await eventually(async () => {
      const now = await snapshot();
      const same = JSON.stringify(now) === JSON.stringify(before);
      before = now;
      return same ? true : undefined;
    });
    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await snapshot()).toEqual(before);
  });
});

describe('spine: details while the certificate is pending', () => {
  let h: Harness;
  beforeAll(async () => {
    // No cert-issuer: the certificate never comes.
    h = await startCertplane({
      workers: ['projector'],
      env: { CERTPLANE_DETAILS_WAIT_MS: '300', CERTPLANE_DETAILS_RETRY_AFTER_S: '3' },
    });
  });
  afterAll(() => h.stop());

  it('waits a bounded time, then answers 503 with Retry-After', async () => {
    const { body } = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'waiting', topics: { insert: 'data' } },
      bearer(h),
    );
    const started = Date.now();
    const r = await h.call('GET', `/informationservice/details/${body.url}`);
    const waited = Date.now() - started;
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ statusCode: 503, code: 'CERTIFICATE_PENDING', message: expect.any(String) });
    expect(r.headers.get('retry-after')).toBe('3');
    expect(waited).toBeGreaterThanOrEqual(250);
  });
});

describe('spine: health', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({ workers: [] });
  });
  afterAll(() => h.stop());

  it('answers GET /health in health+json without a token', async () => {
    const r = await h.call('GET', '/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/health\+json/);
    expect(r.body).toEqual({
      status: 'pass',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      commit: expect.any(String),
      description: 'certplane all-in-one',
      build_time: expect.any(String),
    });
  });
});
