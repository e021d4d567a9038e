import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { curl, servedCertificatePem } from '../auth/mtls-fixtures';
import { serialOf } from '../../apps/api/src/auth/client-certificate.authenticator';
import { crlSerials, EnrolledClient, enrolClient, openssl } from './relying-party';

jest.setTimeout(120_000);

/**
 * POST /certificates/:serial/revoke, /certificates/:serial/release and /certificates/revoke against two api
 * replicas of one deployment (real Postgres, NATS), with openssl as the relying party and curl for mTLS.
 */
describe('revoking one certificate for a reason, releasing a hold, bulk revocation', () => {
  let h: Harness;
  let replica: Harness;
  let dir: string;
  let caFile: string;

  beforeAll(async () => {
    // Two per bulk call, so three matches take two calls.
    h = await startCertplane({ captureLogs: true, env: { CERTPLANE_MAX_REVOCATIONS_PER_CALL: '2' } });
    replica = await startCertplane({ database: h.db, bus: h.bus, workers: [] });
    dir = mkdtempSync(join(tmpdir(), 'cp-revoke-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, (await h.call('GET', '/pki/ca')).text);
  });
  afterAll(async () => {
    await replica?.stopApp();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const replicas = () => [h, replica];
  const revoke = (serial: string, body: unknown) => h.call('POST', `/certificates/${serial}/revoke`, body, bearer(h));
  const release = (serial: string) => h.call('POST', `/certificates/${serial}/release`, undefined, bearer(h));
  const events = async (c: EnrolledClient) =>
    (await h.call('GET', `/clients/${clientIdOf(c.id)}/events`, undefined, bearer(h))).body.events as any[];
  const rmStatus = async (serial: string) =>
    (
      (await h.ds.query(`SELECT status FROM rm_certificates WHERE serial_number = $1`, [serial])) as {
        status: string;
      }[]
    )[0]?.status;

  /** `openssl crl -verify -text` on the DER CRL the replica serves. */
  const crlText = async (r: Harness) => {
    const file = join(dir, `crl-${r.url.replace(/\W/g, '')}.der`);
    writeFileSync(file, Buffer.from(await (await fetch(`${r.url}/pki/crl`)).arrayBuffer()));
    const run = await openssl(['crl', '-CAfile', caFile, '-inform', 'DER', '-in', file, '-noout', '-verify', '-text']);
    expect(run.stderr).toContain('verify OK');
    return run.stdout;
  };
  /** The CRL entry of one serial: its lines up to the next entry. */
  const crlEntry = (text: string, serial: string) =>
    new RegExp(`Serial Number: (?:00)*${serial}\\n([\\s\\S]*?)(?=Serial Number:|Signature Algorithm)`, 'i').exec(
      text,
    )?.[1];
  const ocsp = async (r: Harness, c: EnrolledClient) => {
    const run = await openssl([
      'ocsp',
      '-issuer',
      caFile,
      '-CAfile',
      caFile,
      '-url',
      `${r.url}/pki/ocsp`,
      '-cert',
      c.certFile,
    ]);
    expect(run.output).toContain('Response verify OK');
    return run.stdout;
  };
  const mtls = (
    r: Harness,
    c: EnrolledClient,
    path = `/clients/${clientIdOf(c.id)}`,
    opts: { method?: string; body?: unknown } = {},
  ) => curl(`${r.tlsUrl}${path}`, { dir, cacert: caFile, cert: c.certFile, key: c.keyFile }, opts);

  it('keyCompromise by an operator: recorded with its actor at once, then the CRL, OCSP and mTLS of every replica say so within a second', async () => {
    const a = await enrolClient(h, dir, 'rv-a');
    for (const r of replicas()) expect((await mtls(r, a)).status).toBe(200);

    const asked = Date.now();
    // As `openssl x509 -serial` prints it: uppercase.
    const res = await revoke(a.serialNumber.toUpperCase(), { reason: 'keyCompromise' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      serial_number: a.serialNumber,
      status: 'revoked',
      revocation: { reason: 'keyCompromise', revoked_by: 'token:default' },
      client_id: clientIdOf(a.id),
    });
    const last = (await events(a)).at(-1);
    expect(last).toMatchObject({
      type: 'CertificateRevoked',
      data: { serialNumber: a.serialNumber, reason: 'keyCompromise' },
      metadata: { actor: 'token:default' },
    });

    // Every replica reads the one read model on each request (no cache): projected is seen everywhere.
    await eventually(
      async () => ((await rmStatus(a.serialNumber)) === 'revoked' ? true : undefined),
      5_000,
      'the revocation projected',
    );
    expect(Date.now() - asked).toBeLessThan(1_000);
    for (const r of replicas()) {
      expect(crlEntry(await crlText(r), a.serialNumber)).toMatch(/CRL Reason Code:\s*\n\s*Key Compromise/);
      const status = await ocsp(r, a);
      expect(status).toContain(`${a.certFile}: revoked`);
      expect(status).toMatch(/Reason: keyCompromise/);
      expect(await mtls(r, a)).toEqual({
        status: 401,
        body: expect.objectContaining({
          code: 'CERTIFICATE_REJECTED',
          message: expect.stringContaining('revoked (keyCompromise)'),
        }),
      });
    }
    // The actor: in the refusal's log line (not in the answer to whoever holds the certificate), the inventory and the client's certificates.
    const refusal = h.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'client certificate rejected' && l.serialNumber === a.serialNumber);
    expect(refusal).toMatchObject({
      reason: expect.stringContaining('revoked (keyCompromise)'),
      revokedBy: 'token:default',
    });
    const inventory = (await h.call('GET', `/certificates?client=${clientIdOf(a.id)}`, undefined, bearer(h))).body
      .items;
    expect(inventory).toEqual([
      expect.objectContaining({
        serial_number: a.serialNumber,
        revocation: { reason: 'keyCompromise', revoked_at: expect.any(String), revoked_by: 'token:default' },
      }),
    ]);
    const own = (await h.call('GET', `/clients/${clientIdOf(a.id)}/certificates`, undefined, bearer(h))).body.items;
    expect(own[0].revocation).toEqual(inventory[0].revocation);
  });

  it('leaves the client enabled with no valid certificate, and details says so at once (409 NO_VALID_CERTIFICATE) until it is renewed', async () => {
    const b = await enrolClient(h, dir, 'rv-b');
    expect((await revoke(b.serialNumber, { reason: 'privilegeWithdrawn' })).status).toBe(200);
    await eventually(
      async () => ((await rmStatus(b.serialNumber)) === 'revoked' ? true : undefined),
      5_000,
      'the revocation projected',
    );
    const details = await h.call('GET', `/informationservice/details/${b.id}`);
    expect(details.status).toBe(409);
    expect(details.body).toMatchObject({
      code: 'NO_VALID_CERTIFICATE',
      message: expect.stringContaining('privilegeWithdrawn'),
    });
    expect((await h.call('GET', `/clients/${clientIdOf(b.id)}`, undefined, bearer(h))).body).toMatchObject({
      status: 'enabled',
      certificate: { status: 'revoked' },
    });

    expect((await h.call('POST', `/clients/${clientIdOf(b.id)}/certificate/renew`, {}, bearer(h))).status).toBe(202);
    const renewed = await eventually(
      async () => {
        const r = await h.call('GET', `/informationservice/details/${b.id}`);
        return r.status === 200 ? r.body : undefined;
      },
      10_000,
      'details after the renewal',
    );
    expect(serialOf(new X509Certificate(renewed.cert))).not.toBe(b.serialNumber);
  });

  it('certificateHold, then release: revoked (certificateHold) everywhere, then good again in OCSP, gone from the CRL, accepted over mTLS', async () => {
    const c = await enrolClient(h, dir, 'rv-c');
    expect((await revoke(c.serialNumber, { reason: 'certificateHold' })).body).toMatchObject({
      status: 'revoked',
      revocation: { reason: 'certificateHold' },
    });
    await eventually(
      async () => ((await rmStatus(c.serialNumber)) === 'revoked' ? true : undefined),
      5_000,
      'the hold projected',
    );
    expect(crlEntry(await crlText(h), c.serialNumber)).toMatch(/Certificate Hold/);
    expect(await ocsp(h, c)).toMatch(/revoked[\s\S]*Reason: certificateHold/);
    expect((await mtls(h, c)).body.message).toContain('revoked (certificateHold)');

    const released = await release(c.serialNumber);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ serial_number: c.serialNumber, status: 'valid', revocation: null });
    expect((await events(c)).at(-1)).toMatchObject({
      type: 'CertificateHoldReleased',
      data: { serialNumber: c.serialNumber },
      metadata: { actor: 'token:default' },
    });
    await eventually(
      async () => ((await rmStatus(c.serialNumber)) === 'valid' ? true : undefined),
      5_000,
      'the release projected',
    );
    expect(
      (await h.call('GET', `/certificates?client=${clientIdOf(c.id)}`, undefined, bearer(h))).body.items[0],
    ).toMatchObject({ status: 'valid', revocation: null });
    for (const r of replicas()) {
      expect(await ocsp(r, c)).toContain(`${c.certFile}: good`);
      expect(crlSerials(await crlText(r))).not.toContain(c.serialNumber);
      expect((await mtls(r, c)).status).toBe(200);
    }
    expect((await release(c.serialNumber)).body).toMatchObject({ statusCode: 409, code: 'CERTIFICATE_NOT_ON_HOLD' });

    // A hold made final: held again, then keyCompromise, which release cannot undo.
    expect((await revoke(c.serialNumber, { reason: 'certificateHold' })).status).toBe(200);
    expect((await revoke(c.serialNumber, { reason: 'keyCompromise' })).body).toMatchObject({
      revocation: { reason: 'keyCompromise' },
    });
    expect((await release(c.serialNumber)).body.code).toBe('CERTIFICATE_NOT_ON_HOLD');
    await eventually(
      async () => (/Reason: keyCompromise/.test(await ocsp(h, c)) ? true : undefined),
      5_000,
      'OCSP says keyCompromise',
    );
  });

  it("a disable's hold is not released by this route, disabled or enabled again", async () => {
    const d = await enrolClient(h, dir, 'rv-d');
    const id = clientIdOf(d.id);
    expect((await h.call('POST', `/clients/${id}/disable`, undefined, bearer(h))).status).toBe(200);
    await eventually(
      async () => ((await rmStatus(d.serialNumber)) === 'revoked' ? true : undefined),
      10_000,
      "the disable's hold",
    );
    expect((await release(d.serialNumber)).body).toMatchObject({ statusCode: 409, code: 'CLIENT_DISABLED' });
    expect((await h.call('POST', `/clients/${id}/enable`, undefined, bearer(h))).status).toBe(200);
    expect((await release(d.serialNumber)).body).toMatchObject({ statusCode: 409, code: 'CERTIFICATE_NOT_ON_HOLD' });
    expect(await ocsp(h, d)).toMatch(/revoked[\s\S]*Reason: certificateHold/);
  });

  it("a client certificate revokes its own client's certificates for keyCompromise only, never another client's", async () => {
    const e = await enrolClient(h, dir, 'rv-e');
    const f = await enrolClient(h, dir, 'rv-f');
    const byE = (serial: string, reason: string) =>
      mtls(h, e, `/certificates/${serial}/revoke`, { method: 'POST', body: { reason } });
    expect(await byE(f.serialNumber, 'keyCompromise')).toEqual({
      status: 403,
      body: expect.objectContaining({ code: 'FORBIDDEN' }),
    });
    expect(await byE(e.serialNumber, 'superseded')).toEqual({
      status: 403,
      body: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('keyCompromise only') }),
    });
    expect((await byE(e.serialNumber, 'notAReason')).body.code).toBe('INVALID_REVOCATION_REASON');
    expect((await rmStatus(f.serialNumber)) && (await rmStatus(e.serialNumber))).toBe('valid');
    expect((await events(f)).map((x) => x.type)).not.toContain('CertificateRevoked');

    const own = await byE(e.serialNumber, 'keyCompromise');
    expect(own.status).toBe(200);
    expect(own.body.revocation.revoked_by).toBe(`certificate:${clientIdOf(e.id)}`);
    expect((await events(e)).at(-1)).toMatchObject({
      type: 'CertificateRevoked',
      data: { reason: 'keyCompromise' },
      metadata: { actor: `certificate:${clientIdOf(e.id)}` },
    });
    await eventually(
      async () => ((await mtls(h, e)).status === 401 ? true : undefined),
      5_000,
      'the certificate refused',
    );
  });

  it('bad input: stable 4xx codes, and nothing recorded', async () => {
    const g = await enrolClient(h, dir, 'rv-g');
    const before = await h.eventsSinceStart();
    const [{ n: revokedBefore }] = await h.ds.query(
      `SELECT count(*)::int AS n FROM rm_certificates WHERE status = 'revoked'`,
    );
    const serverSerial = serialOf(
      new X509Certificate(await servedCertificatePem(h.tlsUrl!, readFileSync(caFile, 'utf8'))),
    );
    const revokedSerial = (
      await h.ds.query(`SELECT serial_number FROM rm_certificates WHERE status = 'revoked' LIMIT 1`)
    )[0].serial_number;
    const cases: Array<[string, unknown, number, string]> = [
      [g.serialNumber, { reason: 'removeFromCRL' }, 400, 'INVALID_REVOCATION_REASON'],
      [g.serialNumber, { reason: 'KEYCOMPROMISE' }, 400, 'INVALID_REVOCATION_REASON'],
      [g.serialNumber, {}, 400, 'INVALID_REVOCATION_REASON'],
      [g.serialNumber, { reason: 1 }, 400, 'INVALID_REVOCATION_REASON'],
      [g.serialNumber, { reason: 'keyCompromise', note: 'x' }, 400, 'UNKNOWN_FIELD'],
      [g.serialNumber, ['keyCompromise'], 400, 'INVALID_BODY'],
      ['not-hex', { reason: 'keyCompromise' }, 400, 'INVALID_SERIAL_NUMBER'],
      ['0123456789abcdef', { reason: 'keyCompromise' }, 404, 'CERTIFICATE_NOT_FOUND'],
      [serverSerial, { reason: 'keyCompromise' }, 404, 'CERTIFICATE_NOT_FOUND'],
      [revokedSerial, { reason: 'keyCompromise' }, 409, 'CERTIFICATE_ALREADY_REVOKED'],
    ];
    for (const [serial, body, status, code] of cases)
      expect([serial, body, (await revoke(serial, body)).body]).toEqual([
        serial,
        body,
        expect.objectContaining({ statusCode: status, code }),
      ]);
    expect((await release(g.serialNumber)).body).toMatchObject({ statusCode: 409, code: 'CERTIFICATE_NOT_ON_HOLD' });
    expect((await release(serverSerial)).body).toMatchObject({ statusCode: 404, code: 'CERTIFICATE_NOT_FOUND' });
    const bulk = (body: unknown) => h.call('POST', '/certificates/revoke', body, bearer(h));
    for (const [body, code] of [
      [{ reason: 'keyCompromise' }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: {} }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: [] }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: { client: 'nope' } }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: { tag: 'has space' } }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: { issuedBefore: 'yesterday' } }, 'INVALID_FILTER'],
      [{ reason: 'keyCompromise', filter: { profile: 'x' } }, 'UNKNOWN_FIELD'],
      [{ reason: 'removeFromCRL', filter: { client: clientIdOf(g.id) } }, 'INVALID_REVOCATION_REASON'],
    ] as const)
      expect([body, (await bulk(body)).body]).toEqual([body, expect.objectContaining({ statusCode: 400, code })]);
    // A client certificate may not bulk revoke, not even its own client.
    expect(
      (
        await mtls(h, g, '/certificates/revoke', {
          method: 'POST',
          body: { reason: 'keyCompromise', filter: { client: clientIdOf(g.id) } },
        })
      ).status,
    ).toBe(403);

    expect(await h.eventsSinceStart()).toBe(before);
    expect((await h.ds.query(`SELECT count(*)::int AS n FROM rm_certificates WHERE status = 'revoked'`))[0].n).toBe(
      revokedBefore,
    );
    expect(await ocsp(h, g)).toContain(`${g.certFile}: good`);
  });

  it('bulk: the valid certificates a filter matches, at most CERTPLANE_MAX_REVOCATIONS_PER_CALL per call, each its own event; repeated calls skip them; other clients untouched', async () => {
    const create = async (name: string, tags: string[]) => {
      const r = await h.call('POST', '/clients', { name, tags }, bearer(h));
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const tagged = [
      await create('rv-bulk-1', ['incident=42']),
      await create('rv-bulk-2', ['incident=42', 'env=prod']),
      await create('rv-bulk-3', ['incident=42']),
    ];
    const other = await create('rv-bulk-4', ['env=prod']);
    const serialsOf = async (ids: string[]) =>
      eventually(
        async () => {
          const rows: { serial_number: string }[] = await h.ds.query(
            `SELECT serial_number FROM rm_certificates WHERE client_id = ANY($1::text[])`,
            [ids],
          );
          return rows.length === ids.length ? rows.map((r) => r.serial_number) : undefined;
        },
        10_000,
        'certificates projected',
      );
    const taggedSerials = await serialsOf(tagged);
    const [otherSerial] = await serialsOf([other]);

    const bulk = (body: unknown) => h.call('POST', '/certificates/revoke', body, bearer(h));
    const first = await bulk({ reason: 'affiliationChanged', filter: { tag: 'incident=42' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ revoked: 2, skipped: 0, more: true });
    expect((await bulk({ reason: 'affiliationChanged', filter: { tag: 'incident=42' } })).body).toEqual({
      revoked: 1,
      skipped: 2,
      more: false,
    });
    for (const id of tagged) {
      const stream = (await h.call('GET', `/clients/${id}/events`, undefined, bearer(h))).body.events as any[];
      expect(
        stream.filter((e) => e.type === 'CertificateRevoked').map((e) => [e.data.reason, e.metadata.actor]),
      ).toEqual([['affiliationChanged', 'token:default']]);
    }
    // The call answered once its revocations were projected: the CRL and OCSP say so already.
    expect(await Promise.all(taggedSerials.map(rmStatus))).toEqual(['revoked', 'revoked', 'revoked']);
    expect(await bulk({ reason: 'keyCompromise', filter: { tag: 'incident=42' } })).toMatchObject({
      status: 200,
      body: { revoked: 0, skipped: 3, more: false },
    });
    expect(crlSerials(await crlText(h))).toEqual(expect.arrayContaining(taggedSerials));
    expect(await rmStatus(otherSerial)).toBe('valid');

    // All criteria at once must match: tag env=prod issued before now takes rv-bulk-4 (rv-bulk-2 is skipped).
    const both = await bulk({
      reason: 'superseded',
      filter: { tag: 'env=prod', issuedBefore: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(both.body).toEqual({ revoked: 1, skipped: 1, more: false });
    const none = await bulk({ reason: 'superseded', filter: { client: other, issuedBefore: '2000-01-01T00:00:00Z' } });
    expect(none.body).toEqual({ revoked: 0, skipped: 0, more: false });
  });
});
