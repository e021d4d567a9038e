import { ClientLifecycle1763870400020 } from '../../migrations/1763870400020-client-lifecycle';
import { bearer, clientIdOf, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, waitForCertificates, waitForProjection } from './client-fixtures';

jest.setTimeout(60_000);

/**
 * A deployment that ran the spine before this migration: its read model rows must come out of
 * the migration's backfill exactly as the projection writes them (and so as a rebuild would).
 * Rows written by the current projection, then taken down to the old schema and up again, stand
 * in for rows the spine wrote.
 */
describe('client lifecycle migration (real Postgres)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h.stop());

  it('backfills certificate serials, statuses, updated_by, key origins, CNs and SANs as the projection writes them', async () => {
    const api = clientApi(h);
    const enrol = (body: unknown) => h.call('POST', '/clientcontroller/enrol', body, bearer(h));
    const kept = clientIdOf(
      (await enrol({ name: 'spine-kept', topics: { insert: 'data' }, hostname: 'kept.example.com' })).body.url,
    );
    const left = clientIdOf(
      (await enrol({ name: 'spine-left', topics: { insert: 'data' }, ip: '2001:db8::7' })).body.url,
    );
    await waitForCertificates(h, kept, (i) => i.length === 1, 'kept');
    await waitForCertificates(h, left, (i) => i.length === 1, 'left');
    await h.call('POST', '/clientcontroller/leave', { name: 'spine-left' }, bearer(h));
    await waitForCertificates(h, left, (i) => i[0].status === 'revoked', 'the revocation');
    await waitForProjection(h, kept);
    await waitForProjection(h, left);

    const snapshot = async () => ({
      clients: await h.ds.query(`SELECT * FROM rm_clients ORDER BY client_id`),
      certificates: await h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`),
      // The api reserves its own HTTPS certificates' serials as it makes them: no event, nothing to backfill.
      serials: await h.ds.query(
        `SELECT * FROM certificate_serials WHERE client_id <> '@server' ORDER BY serial_number`,
      ),
      registry: await h.ds.query(`SELECT client_id, disabled FROM client_registry ORDER BY client_id`),
    });
    const projected = await snapshot();
    expect(projected.certificates.map((c: any) => [c.key_origin, c.common_name])).toEqual(
      expect.arrayContaining([
        ['server', 'user-spine-kept'],
        ['server', 'user-spine-left'],
      ]),
    );
    expect(projected.clients.map((c: any) => c.updated_by)).toEqual(['service:cert-issuer', 'service:cert-issuer']);

    const migration = new ClientLifecycle1763870400020();
    const runner = h.ds.createQueryRunner();
    try {
      await migration.down(runner);
      expect(
        (await h.ds.query(`SELECT status FROM rm_clients ORDER BY client_id`)).map((r: any) => r.status).sort(),
      ).toEqual(['active', 'removed']);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await snapshot()).toEqual(projected);
    expect((await api.get(kept)).status).toBe(200);
  });
});
