import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoSigningWith, issueClientCertificate, type LoadedCertificateAuthority, x509 } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { ClientFiles, clusterFiles, curl, servedCertificatePem, withCertificate } from '../auth/mtls-fixtures';
import { clientApi, ERROR, waitForCertificates } from './client-fixtures';
import { openssl } from '../pki/relying-party';

jest.setTimeout(90_000);

const MAX_VALID = 3;
const RENEWALS_PER_HOUR = 5;

/**
 * Issue #15, findings 1, 4 and 5: each a way for two parties to hold one identity, each closed where it
 * is decided (aggregate, registry, issuer), proven here over real HTTPS with curl, Postgres and NATS.
 */
describe('one identity, one holder (real Postgres, NATS, HTTPS and curl)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  let files: ClientFiles;
  let https: string;
  beforeAll(async () => {
    h = await startCertplane({
      env: {
        CERTPLANE_MAX_VALID_CERTIFICATES: String(MAX_VALID),
        CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR: String(RENEWALS_PER_HOUR),
      },
    });
    api = clientApi(h);
    https = h.tlsUrl!;
    files = await clusterFiles(h);
  });
  afterAll(async () => {
    await h.stop();
    rmSync(files.dir, { recursive: true, force: true });
  });

  /** Creates a client and waits for details to hand out its first certificate and key. */
  const created = async (body: Record<string, unknown>) => {
    const r = await api.create(body);
    expect(r.status).toBe(201);
    const d = await eventually(
      async () => {
        const got = await api.details(r.body.id);
        return got.status === 200 ? got.body : undefined;
      },
      15_000,
      `details of ${String(body.name)}`,
    );
    return {
      id: r.body.id as string,
      cert: d.cert as string,
      key: d.key as string,
      tls: withCertificate(files, `${String(body.name)}-${randomBytes(4).toString('hex')}`, d.cert, d.key),
    };
  };
  const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toLowerCase().replace(/^(00)+(?=..)/, '');
  const validCertificates = async (id: string): Promise<string[]> =>
    (
      await h.ds.query(
        `SELECT serial_number FROM rm_certificates WHERE client_id = $1 AND status = 'valid' AND not_after > now()`,
        [id],
      )
    ).map((r: { serial_number: string }) => r.serial_number);
  /** What a relying party asks certplane's OCSP responder (openssl ocsp) about a certificate file. */
  const ocspStatus = async (certFile: string) => {
    const r = await openssl([
      'ocsp',
      '-issuer',
      files.cacert,
      '-CAfile',
      files.cacert,
      '-url',
      `${h.url}/pki/ocsp`,
      '-resp_text',
      '-cert',
      certFile,
    ]);
    expect(r.output).toContain('Response verify OK');
    return r.stdout;
  };
  const refusedAs = (tls: ClientFiles, reason: string) =>
    eventually(
      async () => {
        const r = await curl(`${https}/health`, tls);
        return r.status === 401 && String(r.body.message).includes(reason) ? r : undefined;
      },
      15_000,
      `the certificate to be refused as ${reason}`,
    );

  describe('finding 1: a rename or SAN change supersedes the certificates stating the old identity', () => {
    it("revokes them in the PATCH's own append, so a new client with the old name and hostname is the only holder of them", async () => {
      const alice = await created({ name: 'alice', hostname: 'alice.example.com' });
      expect((await curl(`${https}/clients/${alice.id}`, alice.tls)).status).toBe(200);

      expect((await api.patch(alice.id, { name: 'alice-old', hostname: 'alice-old.example.com' })).status).toBe(200);
      // Decided with the change, not later: by the time the old name is free, nothing valid states it.
      const events = await h.store.readStream(`client-${alice.id}`);
      const change = events.findIndex((e) => e.type === 'ClientUpdated');
      expect(
        events
          .slice(change, change + 3)
          .map((e) => [
            e.type,
            (e.data as { serialNumber?: string }).serialNumber,
            (e.data as { reason?: string }).reason,
          ]),
      ).toEqual([
        ['ClientUpdated', undefined, undefined],
        ['CertificateRevoked', serialOf(alice.cert), 'superseded'],
        ['CertificateRenewed', undefined, undefined],
      ]);

      const newAlice = await created({ name: 'alice', hostname: 'alice.example.com' });
      await refusedAs(alice.tls, 'revoked (superseded)');
      expect((await curl(`${https}/clients/${newAlice.id}`, newAlice.tls)).status).toBe(200);
      expect(await ocspStatus(alice.tls.cert!)).toMatch(/: revoked[\s\S]*Reason: superseded/);
      expect(await ocspStatus(newAlice.tls.cert!)).toContain(`${newAlice.tls.cert}: good`);

      // The renamed client gets a certificate that states what it is now.
      const items = await waitForCertificates(
        h,
        alice.id,
        (all) => all.length === 2 && all[1].status === 'valid',
        'the reissued certificate',
      );
      const reissued = await eventually(
        async () => {
          const d = (await api.details(alice.id)).body;
          return d.cert && serialOf(d.cert) === items[1].serial_number ? new X509Certificate(d.cert) : undefined;
        },
        15_000,
        'details with the reissued certificate',
      );
      expect(reissued.subject.split('\n')).toContain('CN=user-alice-old');
      expect(reissued.subjectAltName).toBe('DNS:alice-old.example.com');
      const [{ n }] = await h.ds.query(
        `SELECT count(*)::int AS n FROM rm_certificates WHERE common_name = 'user-alice' AND status = 'valid'`,
      );
      expect(n).toBe(1);
    });

    it('records what a certificate does as certificate:<client id>, and its renewal acts on the client its serial belongs to', async () => {
      const bea = await created({ name: 'bea' });
      expect((await api.patch(bea.id, { name: 'bea-old' })).status).toBe(200);
      const newBea = await created({ name: 'bea' });
      // The old certificate (CN user-bea too) counts for nobody any more; the new one speaks for its own client only.
      await refusedAs(bea.tls, 'revoked (superseded)');
      expect(
        await curl(`${https}/clients/${bea.id}/certificate/renew`, newBea.tls, { method: 'POST', body: {} }),
      ).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      expect(
        (await curl(`${https}/clients/${newBea.id}/certificate/renew`, newBea.tls, { method: 'POST', body: {} }))
          .status,
      ).toBe(202);
      const actors = async (id: string) => (await h.store.readStream(`client-${id}`)).map((e) => e.metadata.actor);
      expect(await actors(newBea.id)).toContain(`certificate:${newBea.id}`);
      expect((await actors(newBea.id)).filter((a) => a?.startsWith('certificate:user-'))).toEqual([]);
      expect((await actors(bea.id)).filter((a) => a?.startsWith('certificate:'))).toEqual([]);
    });
  });

  describe("finding 4: only client certificates stating the client's identity can be registered", () => {
    it("refuses certplane's own HTTPS certificate, whose serial is reserved, by POST and by PUT", async () => {
      const served = await servedCertificatePem(https, readFileSync(files.cacert, 'utf8'));
      const [reserved] = await h.ds.query(`SELECT client_id FROM certificate_serials WHERE serial_number = $1`, [
        serialOf(served),
      ]);
      expect(reserved).toEqual({ client_id: '@server' });
      const answer = await api.create({ name: 'thief', certificate: served });
      expect(answer.body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
      expect(answer.body.message).toContain('clientAuth');
      const { id } = await created({ name: 'thief-2' });
      expect((await api.register(id, served)).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
      expect(
        (await h.ds.query(`SELECT client_id FROM certificate_serials WHERE serial_number = $1`, [serialOf(served)]))[0],
      ).toEqual({ client_id: '@server' });
      // Deleting the client that asked for it revokes nothing of the server's.
      expect((await api.remove(id)).status).toBe(204);
      await eventually(
        async () =>
          (await h.ds.query(`SELECT 1 FROM rm_certificates WHERE client_id = $1 AND status = 'revoked'`, [id])).length
            ? true
            : undefined,
        15_000,
        'thief-2 revoked',
      );
      const servedFile = join(files.dir, 'served.crt');
      writeFileSync(servedFile, served);
      expect(await ocspStatus(servedFile)).toContain(`${servedFile}: unknown`);
    });

    it('refuses a certificate naming another client or another SAN; takes one for clientAuth among other purposes that states the client', async () => {
      const ca = await h.app.get(CertificateAuthorityStore).get();
      const { id } = await created({ name: 'holder', hostname: 'holder.example.com' });
      const otherName = await issueClientCertificate(ca, {
        commonName: 'user-someone-else',
        validitySeconds: 5 * 86_400,
      });
      const otherSan = await issueClientCertificate(ca, {
        commonName: 'user-holder',
        hostnames: ['bank.example.com'],
        validitySeconds: 5 * 86_400,
      });
      for (const pem of [otherName.certificatePem, otherSan.certificatePem])
        expect((await api.register(id, pem)).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
      expect((await api.create({ name: 'holder-2', certificate: otherName.certificatePem })).body).toEqual(
        ERROR(400, 'INVALID_CERTIFICATE'),
      );

      const dual = await signedByCa(
        ca,
        'CN=user-holder',
        [x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.serverAuth],
        ['holder.example.com'],
      );
      const put = await api.register(id, dual);
      expect(put.status).toBe(200);
      expect(put.body.certificate).toMatchObject({ serial_number: serialOf(dual), key_origin: 'registered' });
      const serverOnly = await signedByCa(ca, 'CN=user-holder', [x509.ExtendedKeyUsage.serverAuth], []);
      expect((await api.register(id, serverOnly)).body).toEqual(ERROR(400, 'INVALID_CERTIFICATE'));
    });
  });

  describe('finding 5: renewals replace, are capped and rate-limited', () => {
    it('a renewal a certificate asks for revokes that certificate (superseded) with the new one: it never multiplies', async () => {
      let current = await created({ name: 'self-renewer' });
      for (let round = 0; round < 3; round++) {
        const asking = current;
        expect(
          (await curl(`${https}/clients/${asking.id}/certificate/renew`, asking.tls, { method: 'POST', body: {} }))
            .status,
        ).toBe(202);
        await refusedAs(asking.tls, 'revoked (superseded)');
        const d = await eventually(
          async () => {
            const got = await api.details(asking.id);
            return got.status === 200 && got.body.cert !== asking.cert ? got.body : undefined;
          },
          15_000,
          'the renewed certificate',
        );
        current = {
          ...asking,
          cert: d.cert,
          key: d.key,
          tls: withCertificate(files, `self-renewer-${round}`, d.cert, d.key),
        };
        expect(await validCertificates(asking.id)).toEqual([serialOf(d.cert)]);
      }
      expect((await curl(`${https}/clients/${current.id}`, current.tls)).status).toBe(200);
    });

    it(`refuses a renewal or registration beyond ${MAX_VALID} valid certificates with 409 CERTIFICATE_LIMIT_REACHED; revokeOld still renews`, async () => {
      const { id } = await created({ name: 'hoarder' });
      for (let n = 2; n <= MAX_VALID; n++) {
        expect((await api.renew(id, {})).status).toBe(202);
        await waitForCertificates(h, id, (items) => items.length === n, `certificate ${n}`);
      }
      const before = (await h.store.readStream(`client-${id}`)).length;
      expect((await api.renew(id, {})).body).toEqual(ERROR(409, 'CERTIFICATE_LIMIT_REACHED'));
      const ca = await h.app.get(CertificateAuthorityStore).get();
      const more = await issueClientCertificate(ca, { commonName: 'user-hoarder', validitySeconds: 5 * 86_400 });
      expect((await api.register(id, more.certificatePem)).body).toEqual(ERROR(409, 'CERTIFICATE_LIMIT_REACHED'));
      expect((await h.store.readStream(`client-${id}`)).length).toBe(before);
      expect((await api.renew(id, { revokeOld: true })).status).toBe(202);
      await eventually(
        async () => ((await validCertificates(id)).length === 1 ? true : undefined),
        15_000,
        'one valid certificate',
      );
    });

    it(`answers the renewal after ${RENEWALS_PER_HOUR} in an hour of one client 429 RATE_LIMITED with Retry-After, whoever asks`, async () => {
      const hasty = await created({ name: 'hasty' });
      const calm = await created({ name: 'calm' });
      // The client's own certificate counts towards the same limit as the operator.
      expect(
        (await curl(`${https}/clients/${hasty.id}/certificate/renew`, hasty.tls, { method: 'POST', body: {} })).status,
      ).toBe(202);
      for (let n = 0; n < RENEWALS_PER_HOUR - 1; n++)
        expect((await api.renew(hasty.id, { revokeOld: true })).status).toBe(202);
      const limited = await api.renew(hasty.id, { revokeOld: true });
      expect(limited.body).toEqual(ERROR(429, 'RATE_LIMITED'));
      expect(limited.body.message).toContain('renewals of this client');
      const retryAfter = Number(limited.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(60);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // Other clients and other routes are not held back.
      expect((await api.renew(calm.id, { revokeOld: true })).status).toBe(202);
      expect((await api.get(hasty.id)).status).toBe(200);
    });
  });
});

/** A leaf the CA signs with the given purposes, made outside certplane's profile. */
async function signedByCa(
  ca: LoadedCertificateAuthority,
  subject: string,
  usages: string[],
  hostnames: string[],
): Promise<string> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: `01${randomBytes(15).toString('hex')}`,
      subject,
      issuer: ca.certificate.subjectName,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 5 * 86_400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: keys.publicKey,
      signingKey: ca.publicKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension(usages),
        ...(hostnames.length
          ? [new x509.SubjectAlternativeNameExtension(hostnames.map((value) => ({ type: 'dns' as const, value })))]
          : []),
      ],
    },
    cryptoSigningWith(ca.signer),
  );
  return cert.toString('pem');
}
