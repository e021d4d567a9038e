import { clientStreamId } from '@certplane/domain';
import { EnrolClientCommand } from '../../apps/api/src/clients/enrol-client/enrol-client.command';
import type { EnrolledClient } from '../../apps/api/src/clients/enrol-client/enrol-client.handler';
import { GetClientQuery } from '../../apps/api/src/clients/get-client/get-client.query';
import type { ClientView } from '../../apps/api/src/clients/client-view';
import { LeaveClientCommand } from '../../apps/api/src/clients/leave-client/leave-client.command';
import { UpdateClientCommand } from '../../apps/api/src/clients/update-client/update-client.command';
import { pollUntil } from '../support/wait';
import { Medium, startMedium } from './medium-harness';

/**
 * The client use cases through their handlers, the cert-issuer and the projector on the real
 * Postgres and the in-process bus, with no HTTP: what the store records, what the workers make of
 * it, and what the read models answer.
 */
describe('medium: enrol, update and leave through the handlers and workers', () => {
  let m: Medium;
  beforeAll(async () => {
    m = await startMedium();
  });
  afterAll(() => m.stop());

  const enrol = (name: string, extra: Record<string, unknown> = {}) =>
    m.commands.execute<EnrolClientCommand, EnrolledClient>(
      new EnrolClientCommand({ name, topics: { insert: 'data' }, ...extra }, m.context()),
    );
  const types = async (clientId: string) => (await m.store.readStream(clientStreamId(clientId))).map((e) => e.type);
  const readModel = (clientId: string) =>
    m.ds
      .query(`SELECT name, status, tags FROM rm_clients WHERE client_id = $1`, [clientId])
      .then((r: unknown[]) => r[0] as { name: string; status: string; tags: string[] } | undefined);
  const issuedCertificate = (clientId: string) =>
    pollUntil(
      'a valid certificate in the read model',
      async () =>
        (await m.queries.execute<GetClientQuery, ClientView>(new GetClientQuery(clientId))).certificate?.status ===
        'valid'
          ? true
          : undefined,
      { timeoutMs: 15_000, everyMs: 50 },
    );

  it('enrol records ClientEnrolled with its actor; the cert-issuer appends one CertificateIssued; the projector shows it', async () => {
    const { clientId, detailsSecret } = await enrol('medium-alice', { ip: '10.9.0.1' });

    expect(detailsSecret).toMatch(/^[0-9a-f]{32}$/);
    const [enrolled] = await m.store.readStream(clientStreamId(clientId));
    expect(enrolled).toMatchObject({
      type: 'ClientEnrolled',
      streamVersion: 1,
      metadata: expect.objectContaining({ actor: 'token:medium' }),
    });
    expect(JSON.stringify(enrolled)).not.toContain(detailsSecret);
    await issuedCertificate(clientId);
    expect(await types(clientId)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    expect(await readModel(clientId)).toMatchObject({ name: 'medium-alice', status: 'enabled' });
  });

  it('of ten concurrent enrolments of one name exactly one is recorded; the others fail with CLIENT_ALREADY_EXISTS', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => enrol('medium-race')));

    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as { code?: string }).code)).toEqual(Array(9).fill('CLIENT_ALREADY_EXISTS'));
    const [{ n }] = await m.ds.query(
      `SELECT count(*)::int AS n FROM events WHERE type = 'ClientEnrolled' AND data->>'name' = 'medium-race'`,
    );
    expect(n).toBe(1);
  });

  it('an update of tags reaches the read model; a rename supersedes the certificate in the same append, is issued anew and frees the old name', async () => {
    const { clientId } = await enrol('medium-bob');
    await issuedCertificate(clientId);

    await m.commands.execute(new UpdateClientCommand(clientId, { tags: ['edge', 'eu'] }, m.context()));
    await pollUntil(
      'the tags in the read model',
      async () => ((await readModel(clientId))?.tags.join(',') === 'edge,eu' ? true : undefined),
      { timeoutMs: 10_000, everyMs: 50 },
    );

    await m.commands.execute(new UpdateClientCommand(clientId, { name: 'medium-robert' }, m.context()));
    const after = await m.store.readStream(clientStreamId(clientId), 3);
    // One append: the rename, the old certificate superseded, and the request for one with the new name.
    expect(after.map((e) => e.type)).toEqual(['ClientUpdated', 'CertificateRevoked', 'CertificateRenewed']);
    expect(after[1].data).toMatchObject({ reason: 'superseded' });
    const issued = await pollUntil(
      'the certificate with the new name',
      async () => (await m.store.readStream(clientStreamId(clientId), 6)).find((e) => e.type === 'CertificateIssued'),
      { timeoutMs: 15_000, everyMs: 50 },
    );
    expect(issued.data).toMatchObject({ commonName: 'user-medium-robert' });
    await expect(enrol('medium-bob')).resolves.toMatchObject({ clientId: expect.any(String) });
  });

  it('leave removes the client, revokes its certificate (cessationOfOperation) and frees its name; an unknown name changes nothing', async () => {
    const { clientId } = await enrol('medium-carol');
    await issuedCertificate(clientId);

    await m.commands.execute(new LeaveClientCommand('medium-carol', m.context()));

    await pollUntil(
      'CertificateRevoked',
      async () => ((await types(clientId)).includes('CertificateRevoked') ? true : undefined),
      { timeoutMs: 10_000, everyMs: 50 },
    );
    const revoked = (await m.store.readStream(clientStreamId(clientId))).find((e) => e.type === 'CertificateRevoked');
    expect(revoked?.data).toMatchObject({ reason: 'cessationOfOperation' });
    const before = (await m.ds.query(`SELECT count(*)::int AS n FROM events`))[0].n;
    await expect(m.commands.execute(new LeaveClientCommand('medium-nobody', m.context()))).rejects.toMatchObject({
      code: 'CLIENT_NOT_FOUND',
    });
    expect((await m.ds.query(`SELECT count(*)::int AS n FROM events`))[0].n).toBe(before);
    await expect(enrol('medium-carol')).resolves.toMatchObject({ clientId: expect.any(String) });
  });
});
