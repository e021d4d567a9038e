import { CertificateRevokedBy1763870400060 } from '../../migrations/1763870400060-certificate-revoked-by';
import { bearer, clientIdOf, Harness, startCertplane } from '../support/certplane-harness';
import { waitForCertificates, waitForProjection } from '../clients/client-fixtures';

jest.setTimeout(60_000);

/**
 * A deployment whose certificates were revoked before rm_certificates.revoked_by existed: the backfill
 * must write what the projection writes (the actor of the latest revocation), so a rebuild changes nothing.
 */
describe('revoked_by migration (real Postgres)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h.stop());

  it('backfills revoked_by from the events as the projection writes it: the latest revocation, none for a released hold', async () => {
    const enrol = async (name: string) =>
      clientIdOf(
        (await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h))).body.url,
      );
    const serialOf = async (id: string) =>
      (await waitForCertificates(h, id, (i) => i.length === 1, id))[0].serial_number as string;
    const [left, held, released] = [await enrol('rb-left'), await enrol('rb-held'), await enrol('rb-released')];
    const revoke = async (id: string, reason: string) =>
      expect((await h.call('POST', `/certificates/${await serialOf(id)}/revoke`, { reason }, bearer(h))).status).toBe(
        200,
      );
    await serialOf(left);
    await h.call('POST', '/clientcontroller/leave', { name: 'rb-left' }, bearer(h));
    await waitForCertificates(h, left, (i) => i[0].status === 'revoked', 'the revocation');
    await revoke(held, 'certificateHold');
    await revoke(held, 'keyCompromise');
    await revoke(released, 'certificateHold');
    expect(
      (await h.call('POST', `/certificates/${await serialOf(released)}/release`, undefined, bearer(h))).status,
    ).toBe(200);
    for (const id of [left, held, released]) await waitForProjection(h, id);

    const rows = () => h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`);
    const projected = await rows();
    expect(projected.map((r: any) => [r.client_id, r.revocation_reason, r.revoked_by]).sort()).toEqual(
      [
        [left, 'cessationOfOperation', 'service:cert-issuer'],
        [held, 'keyCompromise', 'token:default'],
        [released, null, null],
      ].sort(),
    );

    const migration = new CertificateRevokedBy1763870400060();
    const runner = h.ds.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await rows()).toEqual(projected);
  });
});
