import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, waitForCertificates } from '../clients/client-fixtures';

/** GET /overview against real Postgres and NATS: the counts and series follow what the fleet did. */
describe('GET /overview', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane();
  });
  afterAll(() => h?.stop());

  it('counts clients by status and certificates by validity, and places issuance and expiries in their minute and day', async () => {
    const api = clientApi(h);
    const empty = await h.call('GET', '/overview', undefined, bearer(h));
    expect(empty.status).toBe(200);
    expect(empty.body.clients).toEqual({ enabled: 0, disabled: 0, removed: 0 });
    expect(empty.body.issued_per_minute).toEqual(new Array(60).fill(0));
    expect(empty.body.expiring_per_day).toEqual(new Array(90).fill(0));

    const ids: string[] = [];
    for (const name of ['ov-1', 'ov-2', 'ov-3']) ids.push((await api.create({ name })).body.id);
    for (const id of ids) await waitForCertificates(h, id, (items) => items.length === 1, 'a certificate');
    expect((await api.disable(ids[2])).status).toBe(200);
    await waitForCertificates(h, ids[2], (items) => items[0].status === 'revoked', 'the hold');
    // Expiries in 3 and 40 days, written where the projector keeps them.
    await h.ds.query(`UPDATE rm_certificates SET not_after = now() + interval '3 days 1 hour' WHERE client_id = $1`, [
      ids[1],
    ]);
    await h.ds.query(`UPDATE rm_certificates SET not_after = now() + interval '40 days 1 hour' WHERE client_id = $1`, [
      ids[0],
    ]);

    // The overview reads the read models, which follow the store (the hold above) by a moment.
    const o = await eventually(
      async () => {
        const r = await h.call('GET', '/overview', undefined, bearer(h));
        return r.status === 200 && r.body.certificates.revoked === 1 ? r.body : undefined;
      },
      10_000,
      'the hold in the overview',
    );
    expect(o.clients).toEqual({ enabled: 2, disabled: 1, removed: 0 });
    expect(o.certificates).toEqual({ valid: 2, expiring_7d: 1, expiring_30d: 1, expired: 0, revoked: 1 });
    expect(o.issued_per_minute.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    expect(o.issued_per_minute[59] + o.issued_per_minute[58]).toBeGreaterThan(0);
    expect(o.expiring_per_day[3]).toBe(1);
    expect(o.expiring_per_day[40]).toBe(1);
    expect(o.expiring_per_day.reduce((a: number, b: number) => a + b, 0)).toBe(2);
    expect(new Date(o.ca.not_after).getTime()).toBeGreaterThan(Date.now());
    expect(o.ca.subject).toContain('CN=');
    expect(o.lag.outbox).toBeGreaterThanOrEqual(0);
    expect(Object.keys(o.lag.consumers).sort()).toEqual(['cert-issuer', 'projector']);
  });

  it('is for operators: without a token 401', async () => {
    expect((await h.call('GET', '/overview')).status).toBe(401);
  });
});
