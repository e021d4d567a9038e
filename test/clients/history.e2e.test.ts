import { issueClientCertificate } from '@certplane/pki';
import { Projector, rebuildProjections } from '@certplane/projections';
import { CertificateAuthorityStore } from '@certplane/vault';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { sleep } from '../support/wait';
import { clientApi, ERROR, makeCsr, waitForCertificates, waitForProjection } from './client-fixtures';

jest.setTimeout(60_000);

/** A moment strictly between what happened before and what happens next (recorded_at has microseconds, Date milliseconds). */
async function moment(): Promise<string> {
  await sleep(5);
  const at = new Date().toISOString();
  await sleep(5);
  return at;
}

describe('clients: history — the event stream and the client at any moment (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  beforeAll(async () => {
    h = await startCertplane();
    api = clientApi(h);
  });
  afterAll(() => h.stop());

  it('answers ?at= for three moments of one life, and after its end', async () => {
    const beforeBirth = await moment();
    const { body: c } = await api.create({
      name: 'timeline',
      tags: ['v1'],
      metadata: { stage: 'pilot' },
      ip: '192.0.2.200',
    });
    const [first] = await waitForCertificates(h, c.id, (items) => items.length === 1, 'the first certificate');
    const t1 = await moment();

    await api.disable(c.id);
    await waitForCertificates(h, c.id, (items) => items[0].status === 'revoked', 'the hold');
    const t2 = await moment();

    await api.patch(c.id, { name: 'timeline-2', tags: ['v2', 'prod'] });
    await api.enable(c.id);
    const [, second] = await waitForCertificates(
      h,
      c.id,
      (items) => items.length === 2,
      'the certificate after enable',
    );
    const t3 = await moment();

    expect((await api.remove(c.id)).status).toBe(204);
    await waitForCertificates(h, c.id, (items) => items[1].status === 'revoked', 'the revocation on delete');
    const t4 = await moment();

    const at = async (t: string) => (await api.get(c.id, `?at=${encodeURIComponent(t)}`)).body;
    expect(await at(t1)).toMatchObject({
      name: 'timeline',
      status: 'enabled',
      tags: ['v1'],
      metadata: { stage: 'pilot' },
      ip: '192.0.2.200',
      certificate: { serial_number: first.serial_number, status: 'valid', revocation: null },
    });
    expect(await at(t2)).toMatchObject({
      name: 'timeline',
      status: 'disabled',
      tags: ['v1'],
      certificate: { serial_number: first.serial_number, status: 'revoked', revocation: { reason: 'certificateHold' } },
    });
    expect(await at(t3)).toMatchObject({
      name: 'timeline-2',
      status: 'enabled',
      tags: ['v2', 'prod'],
      certificate: { serial_number: second.serial_number, status: 'valid' },
    });
    expect(await at(t4)).toMatchObject({
      name: 'timeline-2',
      status: 'removed',
      certificate: {
        serial_number: second.serial_number,
        status: 'revoked',
        revocation: { reason: 'cessationOfOperation' },
      },
    });
    // created_at never moves; updated_by follows whoever acted last before that moment.
    expect((await at(t3)).created_at).toBe(c.created_at);
    expect((await at(t1)).updated_by).toBe('service:cert-issuer');

    // Before it existed there was nothing; now it is removed, yet its past answers.
    expect((await api.get(c.id, `?at=${encodeURIComponent(beforeBirth)}`)).body).toEqual(
      ERROR(404, 'CLIENT_NOT_FOUND'),
    );
    expect((await api.get(c.id)).body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));
    // Any RFC 3339 offset names the same moment.
    const withOffset = `${new Date(Date.parse(t3) + 2 * 3600_000).toISOString().slice(0, 23)}+02:00`;
    expect(await at(withOffset)).toEqual(await at(t3));
    for (const bad of ['yesterday', '2026-11-23', '2026-11-23T10:00:00'])
      expect((await api.get(c.id, `?at=${bad}`)).body).toEqual(ERROR(400, 'INVALID_QUERY'));
    expect((await api.get(c.id, '?when=now')).body).toEqual(ERROR(400, 'UNKNOWN_QUERY_PARAMETER'));

    // The full stream, oldest first, stays readable after the end.
    const events = (await api.events(c.id)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'ClientDisabled',
      'CertificateRevoked',
      'ClientUpdated',
      'ClientEnabled',
      'CertificateIssued',
      'ClientDeleted',
      'CertificateRevoked',
    ]);
    expect(events.map((e: { streamVersion: number }) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events[4].data).toEqual({ clientId: c.id, name: 'timeline-2', tags: ['v2', 'prod'] });
    expect(new Set(events.map((e: { metadata: { actor: string } }) => e.metadata.actor))).toEqual(
      new Set(['token:default', 'service:cert-issuer']),
    );
  });

  it('rebuilds the read models from the event store into the same rows, after every kind of event', async () => {
    // A life with every client event type.
    const csr = await makeCsr();
    const { body: a } = await api.create({
      name: 'rebuild-a',
      tags: ['x'],
      metadata: { n: 1 },
      hostname: 'rebuild-a.example.com',
    });
    const { body: b } = await api.create({ name: 'rebuild-b', csr: csr.pem });
    await waitForCertificates(h, a.id, (i) => i.length === 1, 'a first');
    await waitForCertificates(h, b.id, (i) => i.length === 1, 'b first');
    await api.renew(a.id, { revokeOld: true });
    await api.patch(b.id, { tags: ['y'], metadata: { n: 2 }, ip: '192.0.2.201' });
    // A new SAN supersedes the certificate and brings one stating it.
    await waitForCertificates(
      h,
      b.id,
      (i) => i.length === 2 && i[0].revocation?.reason === 'superseded' && i[1].status === 'valid',
      'b reissued for its ip',
    );
    await api.disable(b.id);
    await api.enable(b.id);
    await waitForCertificates(h, a.id, (i) => i.length === 2 && i[0].status === 'revoked', 'a renewed');
    const [, , afterEnable] = await waitForCertificates(h, b.id, (i) => i.length === 3, 'b re-enabled');
    const { body: c } = await api.create({ name: 'rebuild-c' });
    await waitForCertificates(h, c.id, (i) => i.length === 1, 'c first');
    await api.remove(c.id);
    const ca = await h.app.get(CertificateAuthorityStore).get();
    const legacy = await issueClientCertificate(ca, { commonName: 'user-rebuild-b', validitySeconds: 10 * 86_400 });
    expect((await api.register(b.id, legacy.certificatePem)).status).toBe(200);
    // A certificate certplane issued to one client cannot be registered for another: it states the other's name.
    expect((await api.register(b.id, (await api.details(a.id)).body.cert)).body.code).toBe('INVALID_CERTIFICATE');
    expect((await h.call('POST', '/clientcontroller/leave', { name: 'rebuild-a' }, bearer(h))).status).toBe(200);
    await waitForCertificates(h, a.id, (i) => i.every((c) => c.status === 'revoked'), 'a revoked on leave');
    await waitForCertificates(h, c.id, (i) => i.every((c) => c.status === 'revoked'), 'c revoked on delete');
    expect(afterEnable.status).toBe('valid');
    for (const id of [a.id, b.id, c.id]) await waitForProjection(h, id);

    const snapshot = async () => ({
      clients: await h.ds.query(`SELECT * FROM rm_clients ORDER BY client_id`),
      certificates: await h.ds.query(`SELECT * FROM rm_certificates ORDER BY serial_number`),
    });
    const live = await snapshot();
    expect(live.clients.map((r: { status: string }) => r.status).sort()).toEqual(
      expect.arrayContaining(['enabled', 'removed']),
    );
    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await snapshot()).toEqual(live);

    // And the list (read model) shows a client exactly as its folded stream does.
    await waitForProjection(h, b.id);
    expect((await api.list('?name=rebuild-b')).body.items).toEqual([(await api.get(b.id)).body]);
  });
});
