import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CertplaneMetrics } from '@certplane/observability';
import { curl } from '../auth/mtls-fixtures';
import { enrolClient } from '../pki/relying-party';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { deleteStream } from '../support/nats-admin';
import { crlSerialsAt, ocspStatus } from '../support/revocation-status';

jest.setTimeout(90_000);

/**
 * A revocation is due once the store holds the delete; its news going missing must not leave the
 * deleted client's certificate good. Here the ClientDeleted message is lost with the stream before
 * any cert-issuer took it: the issuance reconciler finds the delete with no CertificateRevoked after
 * it and revokes from the store, and OCSP, the CRL and mTLS refuse the certificate.
 */
describe('faults: a revocation whose news is lost with the stream', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-lost-revocation-'));
  let first: Harness;
  let second: Harness | undefined;
  let third: Harness | undefined;

  beforeAll(async () => {
    first = await startCertplane();
  });
  afterAll(async () => {
    await third?.stopApp();
    await second?.stopApp();
    await first?.stop();
  });

  it('revokes the deleted client’s certificate from the store once the reconciler runs', async () => {
    const client = await enrolClient(first, dir, 'lost-revocation');
    const clientId = clientIdOf(client.id);
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, (await first.call('GET', '/pki/ca')).text);
    await first.stopApp();

    // No cert-issuer: the delete is stored and published, and nobody revokes on it.
    second = await startCertplane({
      workers: ['projector'],
      database: first.db,
      bus: first.bus,
      env: { CERTPLANE_API_TOKEN: first.token },
    });
    const h2 = second;
    expect((await h2.call('DELETE', `/clients/${clientId}`, undefined, bearer(h2))).status).toBe(204);
    await eventually(
      async () => ((await h2.ds.query(`SELECT count(*)::int AS n FROM outbox`))[0].n === 0 ? true : undefined),
      15_000,
      'the outbox to empty',
    );
    expect((await h2.store.readStream(`client-${clientId}`)).map((e) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientDeleted',
    ]);
    expect(await ocspStatus(h2.url, caFile, client.certFile)).toBe('good');
    await h2.stopApp();
    await deleteStream(first.env.NATS_URL, first.bus.streamName);

    // A new, empty stream: no message will tell the issuer about the delete.
    third = await startCertplane({
      database: first.db,
      bus: first.bus,
      env: { CERTPLANE_API_TOKEN: first.token, CERTPLANE_RECONCILE_AFTER_MS: '1000' },
    });
    const h = third;
    await eventually(
      async () => {
        const [row] = await h.ds.query(`SELECT status FROM rm_certificates WHERE serial_number = $1`, [
          client.serialNumber,
        ]);
        return row?.status === 'revoked' ? true : undefined;
      },
      30_000,
      'the revocation in the read model',
    );
    expect((await h.store.readStream(`client-${clientId}`)).map((e) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientDeleted',
      'CertificateRevoked',
    ]);
    const redriven = (await h.app.get(CertplaneMetrics).issuanceRedriven.get()).values;
    expect(redriven).toEqual([{ labels: { type: 'ClientDeleted', outcome: 'revoked' }, value: 1 }]);

    expect(await ocspStatus(h.url, caFile, client.certFile)).toBe('revoked');
    expect(await crlSerialsAt(h.url, dir)).toContain(client.serialNumber);
    const mtls = await curl(`${h.tlsUrl}/clients/${clientId}`, {
      dir,
      cacert: caFile,
      cert: client.certFile,
      key: client.keyFile,
    });
    expect(mtls.status).toBe(401);

    // Later passes find it settled: one revocation, not one per pass.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(
      (await h.store.readStream(`client-${clientId}`)).filter((e) => e.type === 'CertificateRevoked'),
    ).toHaveLength(1);
  });
});
