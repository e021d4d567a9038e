import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, IssuedCertificate, issueClientCertificate, x509 } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { sleep } from '../support/wait';
import {
  clientApi,
  ERROR,
  makeCsr,
  opensslVerify,
  streamCount,
  waitForCertificates,
  waitForProjection,
} from './client-fixtures';

jest.setTimeout(60_000);

const spkiOf = (pem: string) => new X509Certificate(pem).publicKey.export({ format: 'der', type: 'spki' });

describe('clients: CSRs, registered certificates, renewal, disable and enable (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  let caPem: string;
  beforeAll(async () => {
    h = await startCertplane();
    api = clientApi(h);
    caPem = (await h.app.get(CertificateAuthorityStore).get()).certificatePem;
  });
  afterAll(() => h.stop());

  /** A certificate of this deployment's CA for the client `name`, made outside certplane (as one issued before a migration would be). */
  const foreignIssued = async (name: string, opts: { validityDays?: number; now?: Date; hostname?: string } = {}) => {
    const ca = await h.app.get(CertificateAuthorityStore).get();
    return issueClientCertificate(ca, {
      commonName: `user-${name}`,
      hostnames: opts.hostname ? [opts.hostname] : undefined,
      validitySeconds: (opts.validityDays ?? 30) * 86_400,
      now: opts.now,
    });
  };

  describe('CSR', () => {
    it('certifies the key the client made: details returns no key, and the profile, not the CSR, decides the contents', async () => {
      const csr = await makeCsr({
        name: 'CN=root-please',
        extensions: [
          new x509.BasicConstraintsExtension(true, 1, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'bank.example' }]),
        ],
      });
      const r = await api.create({ name: 'csr-client', hostname: 'csr-client.example.com', csr: csr.pem });
      expect(r.status).toBe(201);
      const [cert] = await waitForCertificates(h, r.body.id, (items) => items.length === 1, 'the CSR certificate');
      expect(cert.key_origin).toBe('csr');

      const d = (await api.details(r.body.id)).body;
      expect(Object.keys(d)).toEqual(['name', 'topics', 'ca', 'cert', 'insert', 'query']);
      expect(d.key).toBeUndefined();
      expect(spkiOf(d.cert).equals(csr.spki)).toBe(true);
      const issued = new X509Certificate(d.cert);
      expect(issued.ca).toBe(false);
      expect(issued.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(issued.subjectAltName).toBe('DNS:csr-client.example.com');
      expect(issued.subject).toContain('CN=user-csr-client');
      expect(issued.serialNumber.toLowerCase()).toBe(cert.serial_number);
      expect(opensslVerify(d.ca, d.cert)).toContain('OK');
      // Nothing of the client's is sealed on the server.
      expect(
        (await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [r.body.id]))[0].n,
      ).toBe(0);
    });

    it('refuses a CSR whose signature does not verify, and anything that is not a CSR, with 400 INVALID_CSR', async () => {
      const { der } = await makeCsr();
      const tampered = Uint8Array.from(der);
      tampered[Buffer.from(der).indexOf(Buffer.from('from-the-csr'))] ^= 0x20;
      const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(tampered).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
      const before = await streamCount(h);
      for (const csr of [
        pem,
        'not a csr',
        caPem,
        42,
        `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(9000)}\n-----END CERTIFICATE REQUEST-----`,
      ]) {
        expect((await api.create({ name: 'bad-csr', csr })).body).toEqual(ERROR(400, 'INVALID_CSR'));
      }
      expect(await streamCount(h)).toBe(before);
    });

    it('refuses a CSR together with a certificate', async () => {
      const [{ pem }, cert] = await Promise.all([makeCsr(), foreignIssued('both')]);
      expect((await api.create({ name: 'both', csr: pem, certificate: cert.certificatePem })).body).toEqual(
        ERROR(400, 'PARAMETERS_NOT_APPROPRIATE'),
      );
    });
  });

  describe('registered certificates', () => {
    it('registers an existing certificate of the CA at creation: recorded, not issued, no key handed out', async () => {
      const legacy = await foreignIssued('legacy-1', { hostname: 'legacy.example.com' });
      const r = await api.create({
        name: 'legacy-1',
        hostname: 'legacy.example.com',
        certificate: `some text before\n${legacy.certificatePem}`,
      });
      expect(r.status).toBe(201);
      expect(r.body.certificate).toMatchObject({
        serial_number: legacy.serialNumber,
        key_origin: 'registered',
        status: 'valid',
      });
      const types = (await api.events(r.body.id)).body.events.map((e: { type: string }) => e.type);
      expect(types).toEqual(['ClientEnrolled', 'CertificateRegistered']);
      const d = (await api.details(r.body.id)).body;
      expect(d.cert).toBe(legacy.certificatePem);
      expect(d.key).toBeUndefined();
      // No issuance follows a registration.
      await sleep(300);
      expect((await api.certificates(r.body.id)).body.items).toHaveLength(1);
    });

    it('registers later with PUT (idempotent); the certificate becomes the newest, the older one stays valid', async () => {
      const { body: c } = await api.create({ name: 'legacy-2' });
      const [issued] = await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      const legacy = await foreignIssued('legacy-2');
      const put = await api.register(c.id, legacy.certificatePem);
      expect(put.status).toBe(200);
      expect(put.body.certificate).toMatchObject({ serial_number: legacy.serialNumber, key_origin: 'registered' });
      expect((await api.register(c.id, legacy.certificatePem)).status).toBe(200);
      const items = (await api.certificates(c.id)).body.items;
      expect(items.map((i: any) => [i.serial_number, i.status, i.key_origin])).toEqual([
        [issued.serial_number, 'valid', 'server'],
        [legacy.serialNumber, 'valid', 'registered'],
      ]);
      // The server key no longer matches the newest certificate: it is gone, and details hands out none.
      expect((await h.ds.query(`SELECT count(*)::int AS n FROM client_keys WHERE client_id = $1`, [c.id]))[0].n).toBe(
        0,
      );
      await waitForProjection(h, c.id);
      expect((await api.details(c.id)).body).toMatchObject({ cert: legacy.certificatePem });
      expect((await api.details(c.id)).body.key).toBeUndefined();
      // Another client cannot hold the same certificate, nor one certplane issued to someone else: they state another name.
      const { body: other } = await api.create({ name: 'legacy-3' });
      expect((await api.register(other.id, legacy.certificatePem)).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
      const stolen = (await api.details(c.id)).body.cert;
      expect((await api.create({ name: 'legacy-4', certificate: stolen })).body).toEqual(
        ERROR(400, 'INVALID_CERTIFICATE'),
      );
      // Nor a client of the same name once the first is gone: the serial stays held, by a revoked certificate.
      expect((await api.remove(c.id)).status).toBe(204);
      expect((await api.create({ name: 'legacy-2', certificate: legacy.certificatePem })).body).toEqual(
        ERROR(409, 'CERTIFICATE_ALREADY_REGISTERED'),
      );
    });

    it('refuses unparsable, foreign, expired and oversized certificates with 400 INVALID_CERTIFICATE', async () => {
      const { ca: otherCa } = await createCertificateAuthority({ validityDays: 30 });
      const foreign = await issueClientCertificate(otherCa, { commonName: 'user-x', validitySeconds: 30 * 86_400 });
      const expired = await foreignIssued('legacy-5', { validityDays: 1, now: new Date(Date.now() - 3 * 86_400_000) });
      const { body: c } = await api.create({ name: 'legacy-5' });
      for (const certificate of [
        'garbage',
        foreign.certificatePem,
        expired.certificatePem,
        caPem.replace(/[A-Za-z]/, '!'),
        `${'x'.repeat(8200)}${foreign.certificatePem}`,
        null,
        ['pem'],
      ]) {
        expect((await api.create({ name: 'refused', certificate })).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
        expect((await api.register(c.id, certificate)).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
      }
    });
  });

  describe('renewal', () => {
    it('issues a new key and keeps the old certificate valid without revokeOld', async () => {
      const { body: c } = await api.create({ name: 'renew-keep', ip: '192.0.2.140' });
      const [first] = await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      const keyBefore = (await api.details(c.id)).body.key;
      const r = await api.renew(c.id);
      expect(r.status).toBe(202);
      const items = await waitForCertificates(h, c.id, (i) => i.length === 2, 'the renewed certificate');
      expect(items.map((i) => [i.serial_number === first.serial_number, i.status])).toEqual([
        [true, 'valid'],
        [false, 'valid'],
      ]);
      // details hands out the new pair, never the new certificate with the old key.
      const d = await (async () => {
        for (;;) {
          const answer = (await api.details(c.id)).body;
          if (new X509Certificate(answer.cert).serialNumber.toLowerCase() === items[1].serial_number) return answer;
          await sleep(50);
        }
      })();
      expect(d.key).not.toBe(keyBefore);
      expect(opensslVerify(d.ca, d.cert)).toContain('OK');
      const events = (await api.events(c.id)).body.events;
      expect(events.map((e: { type: string }) => e.type)).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
        'CertificateRenewed',
        'CertificateIssued',
      ]);
      expect(events[2].data).toEqual({ clientId: c.id, revokeOld: false });
    });

    it('with revokeOld, revokes the older certificates as superseded in the same append as the new one', async () => {
      const { body: c } = await api.create({ name: 'renew-revoke' });
      await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      const csr = await makeCsr();
      expect((await api.renew(c.id, { revokeOld: true, csr: csr.pem })).status).toBe(202);
      const items = await waitForCertificates(
        h,
        c.id,
        (i) => i.length === 2 && i[0].status === 'revoked',
        'the renewal',
      );
      expect(items[0].revocation).toEqual({
        reason: 'superseded',
        revoked_at: expect.any(String),
        revoked_by: 'service:cert-issuer',
      });
      expect(items[1]).toMatchObject({ status: 'valid', key_origin: 'csr' });
      const events = (await api.events(c.id)).body.events;
      expect(events.slice(-2).map((e: any) => [e.type, e.streamVersion])).toEqual([
        ['CertificateIssued', 4],
        ['CertificateRevoked', 5],
      ]);
      expect(events[3].metadata.causationId).toBe(events[2].eventId);
      await waitForProjection(h, c.id);
      const d = (await api.details(c.id)).body;
      expect(spkiOf(d.cert).equals(csr.spki)).toBe(true);
      expect(d.key).toBeUndefined();
    });

    it('refuses a bad renewal request', async () => {
      const { body: c } = await api.create({ name: 'renew-bad' });
      expect((await api.renew(c.id, { revokeOld: 'yes' })).body).toEqual(ERROR(400, 'INVALID_BODY'));
      expect((await api.renew(c.id, { csr: 'nope' })).body).toEqual(ERROR(400, 'INVALID_CSR'));
      expect((await api.renew(c.id, { keyType: 'rsa' })).body).toEqual(ERROR(400, 'UNKNOWN_FIELD'));
    });
  });

  describe('disable and enable', () => {
    it('disable holds the certificate (certificateHold) and closes details; enable issues a new one', async () => {
      const { body: c } = await api.create({ name: 'on-and-off', hostname: 'on-and-off.example.com' });
      const [first] = await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      const off = await api.disable(c.id);
      expect(off.status).toBe(200);
      expect(off.body.status).toBe('disabled');
      expect((await api.details(c.id)).body).toEqual(ERROR(409, 'CLIENT_DISABLED'));
      expect((await api.renew(c.id)).body).toEqual(ERROR(409, 'CLIENT_DISABLED'));
      expect((await api.disable(c.id)).status).toBe(200);
      const [held] = await waitForCertificates(h, c.id, (items) => items[0].status === 'revoked', 'the hold');
      expect(held.revocation.reason).toBe('certificateHold');
      // A disabled client keeps its name and hostname.
      expect((await api.create({ name: 'on-and-off' })).body).toEqual(ERROR(409, 'CLIENT_ALREADY_EXISTS'));
      expect((await api.create({ name: 'x-on-off', hostname: 'on-and-off.example.com' })).body).toEqual(
        ERROR(409, 'DUPLICATE_HOSTNAME'),
      );

      const on = await api.enable(c.id);
      expect(on.body.status).toBe('enabled');
      const items = await waitForCertificates(h, c.id, (i) => i.length === 2, 'the certificate after enable');
      expect(items[0]).toMatchObject({ serial_number: first.serial_number, status: 'revoked' });
      expect(items[1]).toMatchObject({ status: 'valid', key_origin: 'server' });
      // Details answers with the new certificate once it is there, never the held one.
      const d = (await api.details(c.id)).body;
      expect(new X509Certificate(d.cert).serialNumber.toLowerCase()).toBe(items[1].serial_number);
      expect(opensslVerify(caPem, d.cert)).toContain('OK');
      const types = (await api.events(c.id)).body.events.map((e: { type: string }) => e.type);
      expect(types).toEqual([
        'ClientEnrolled',
        'CertificateIssued',
        'ClientDisabled',
        'CertificateRevoked',
        'ClientEnabled',
        'CertificateIssued',
      ]);
    });

    it('a CSR client gets its new certificate for its own key after enable', async () => {
      const csr = await makeCsr();
      const { body: c } = await api.create({ name: 'csr-on-off', csr: csr.pem });
      await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      await api.disable(c.id);
      await api.enable(c.id);
      const items = await waitForCertificates(h, c.id, (i) => i.length === 2, 'the certificate after enable');
      expect(items[1].key_origin).toBe('csr');
      await waitForProjection(h, c.id);
      expect(spkiOf((await api.details(c.id)).body.cert).equals(csr.spki)).toBe(true);
    });

    it('revokes the held certificate even when enable comes at once', async () => {
      const { body: c } = await api.create({ name: 'flicker' });
      await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
      await api.disable(c.id);
      await api.enable(c.id);
      const items = await waitForCertificates(
        h,
        c.id,
        (i) => i.length === 2 && i[0].status === 'revoked',
        'hold and new certificate',
      );
      expect(items.map((i) => [i.status, i.revocation?.reason ?? null])).toEqual([
        ['revoked', 'certificateHold'],
        ['valid', null],
      ]);
    });
  });

  describe('inventory', () => {
    let soon: IssuedCertificate;
    let clientId: string;
    beforeAll(async () => {
      // Valid for a few more seconds, so that it expires while the test runs.
      soon = await foreignIssued('inventory', {
        validityDays: 1,
        now: new Date(Date.now() - 86_400_000 + 5000),
        hostname: 'inventory.example.com',
      });
      const r = await api.create({
        name: 'inventory',
        hostname: 'inventory.example.com',
        certificate: soon.certificatePem,
      });
      expect(r.status).toBe(201);
      clientId = r.body.id;
      await waitForProjection(h, clientId);
      await sleep(Math.max(0, soon.notAfter.getTime() - Date.now() + 100));
    });

    it('lists every certificate with client, CN, SANs, serial, not_after and status, soonest expiry first', async () => {
      const all = (await api.inventory('?limit=100')).body;
      expect(all.total).toBeGreaterThan(5);
      const notAfters = all.items.map((i: { not_after: string }) => i.not_after);
      expect([...notAfters].sort()).toEqual(notAfters);
      expect(all.items[0]).toEqual({
        client_id: clientId,
        client_name: 'inventory',
        common_name: 'user-inventory',
        subject_alt_names: { ips: [], hostnames: ['inventory.example.com'] },
        serial_number: soon.serialNumber,
        not_before: expect.any(String),
        not_after: expect.any(String),
        status: 'expired',
        revocation: null,
        key_origin: 'registered',
        fingerprint_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const latestFirst = (await api.inventory('?limit=100&sort=-notAfter')).body.items.map(
        (i: { not_after: string }) => i.not_after,
      );
      expect(latestFirst).toEqual([...notAfters].reverse());
    });

    it('filters by status, expiry and client', async () => {
      const byStatus = async (status: string) => (await api.inventory(`?status=${status}&limit=100`)).body.items;
      expect((await byStatus('expired')).map((i: { serial_number: string }) => i.serial_number)).toEqual([
        soon.serialNumber,
      ]);
      const revoked = await byStatus('revoked');
      expect(revoked.length).toBeGreaterThanOrEqual(3);
      expect(
        revoked.every((i: { status: string; revocation: unknown }) => i.status === 'revoked' && i.revocation),
      ).toBe(true);
      expect((await byStatus('valid')).every((i: { status: string }) => i.status === 'valid')).toBe(true);
      const total = (await api.inventory()).body.total;
      expect((await byStatus('valid')).length + revoked.length + 1).toBe(total);
      const inAYear = new Date(Date.now() + 366 * 86_400_000).toISOString();
      expect((await api.inventory(`?expiringBefore=${inAYear}`)).body.total).toBe(total);
      expect(
        (await api.inventory(`?expiringBefore=${new Date().toISOString()}`)).body.items.map(
          (i: { serial_number: string }) => i.serial_number,
        ),
      ).toEqual([soon.serialNumber]);
      // expiringWithin counts from the server's now and leaves out what has expired already.
      expect(
        (await api.inventory('?expiringWithin=366d&limit=100')).body.items.map(
          (i: { serial_number: string }) => i.serial_number,
        ),
      ).not.toContain(soon.serialNumber);
      expect((await api.inventory('?expiringWithin=366d')).body.total).toBe(total - 1);
      expect((await api.inventory('?expiringWithin=1s')).body.total).toBe(0);
      expect((await api.inventory(`?client=${clientId}`)).body).toMatchObject({
        total: 1,
        items: [{ client_id: clientId }],
      });
      const page = (await api.inventory('?limit=2&offset=1')).body;
      expect(page).toMatchObject({ total, limit: 2, offset: 1 });
      expect(page.items).toHaveLength(2);
    });

    it('answers one certificate by serial, in any spelling openssl prints: the inventory item decoded from the certificate, with its PEM', async () => {
      const [item] = (await api.inventory(`?client=${clientId}`)).body.items;
      const upperWithColons = item.serial_number.toUpperCase().match(/../g).join(':');
      for (const spelling of [item.serial_number, upperWithColons]) {
        const one = await h.call('GET', `/certificates/${spelling}`, undefined, bearer(h));
        const {
          serial_number,
          client_id,
          client_name,
          subject_alt_names,
          fingerprint_sha256,
          not_before,
          not_after,
          status,
        } = item;
        expect(one).toMatchObject({
          status: 200,
          body: {
            serial_number,
            client_id,
            client_name,
            subject_alt_names,
            fingerprint_sha256,
            not_before,
            not_after,
            status,
          },
        });
        expect(one.body.subject).toContain(`CN=${item.common_name}`);
        expect(one.body.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      }
      expect((await h.call('GET', '/certificates/00ff00ff', undefined, bearer(h))).body).toEqual(
        ERROR(404, 'CERTIFICATE_NOT_FOUND'),
      );
      expect((await h.call('GET', '/certificates/xyz', undefined, bearer(h))).body).toEqual(
        ERROR(400, 'INVALID_SERIAL_NUMBER'),
      );
      expect((await h.call('GET', `/certificates/${item.serial_number}`)).status).toBe(401);
    });

    it.each([
      ['?status=active', 'INVALID_QUERY'],
      ['?expiringBefore=tomorrow', 'INVALID_QUERY'],
      ['?expiringWithin=1h30m', 'INVALID_QUERY'],
      ['?expiringWithin=0d', 'INVALID_QUERY'],
      ['?client=someone', 'INVALID_QUERY'],
      ['?sort=name', 'INVALID_QUERY'],
      ['?limit=1000', 'INVALID_QUERY'],
      ['?serial=01', 'UNKNOWN_QUERY_PARAMETER'],
    ])('refuses %s with 400 %s', async (query, code) => {
      expect((await api.inventory(query)).body).toEqual(ERROR(400, code));
    });
  });
});
