import { clientStreamId } from '@certplane/domain';
import { IssueCertificateHandler } from '@certplane/issuance';
import { Projector } from '@certplane/projections';
import { EnrolClientCommand } from '../../apps/api/src/clients/enrol-client/enrol-client.command';
import type { EnrolledClient } from '../../apps/api/src/clients/enrol-client/enrol-client.handler';
import { UpdateClientCommand } from '../../apps/api/src/clients/update-client/update-client.command';
import { pollUntil } from '../support/wait';
import { Medium, startMedium } from './medium-harness';

/**
 * The cert-issuer and the projector driven directly with stored events, as redelivery, duplicates
 * and racing workers would drive them: at least once in, exactly once in effect.
 */
describe('medium: the workers are idempotent', () => {
  let m: Medium;
  beforeAll(async () => {
    m = await startMedium();
  });
  afterAll(() => m.stop());

  const enrol = async (name: string) =>
    (
      await m.commands.execute<EnrolClientCommand, EnrolledClient>(
        new EnrolClientCommand({ name, topics: { insert: 'data' } }, m.context()),
      )
    ).clientId;
  const stream = (clientId: string) => m.store.readStream(clientStreamId(clientId));
  const issuedCount = async (clientId: string) =>
    (await stream(clientId)).filter((e) => e.type === 'CertificateIssued').length;

  it('ClientEnrolled handled again, and by racing issuers, ends in one certificate', async () => {
    const clientId = await enrol('medium-issue');
    await pollUntil('the first certificate', async () => ((await issuedCount(clientId)) === 1 ? true : undefined), {
      timeoutMs: 15_000,
      everyMs: 50,
    });
    const [enrolled] = await stream(clientId);
    const issuer = m.app.get(IssueCertificateHandler);

    const again = await Promise.all(Array.from({ length: 5 }, () => issuer.handle(clientId, enrolled)));

    expect(again.every((r) => !r.issued)).toBe(true);
    expect(await issuedCount(clientId)).toBe(1);
    const [{ n }] = await m.ds.query(`SELECT count(*)::int AS n FROM certificate_serials WHERE client_id = $1`, [
      clientId,
    ]);
    expect(n).toBe(1);
  });

  it('the projector applies each stored event once: redelivered and out-of-order events leave the read model as the store says', async () => {
    const clientId = await enrol('medium-project');
    await m.commands.execute(new UpdateClientCommand(clientId, { tags: ['one'] }, m.context()));
    await m.commands.execute(new UpdateClientCommand(clientId, { tags: ['two'] }, m.context()));
    const row = () =>
      m.ds.query(`SELECT * FROM rm_clients WHERE client_id = $1`, [clientId]).then((r: { tags: string[] }[]) => r[0]);
    await pollUntil(
      'the read model at the last update',
      async () => ((await row())?.tags.join() === 'two' ? true : undefined),
      { timeoutMs: 10_000, everyMs: 50 },
    );
    const settled = await row();
    const projector = m.app.get(Projector);

    for (const e of [...(await stream(clientId))].reverse()) await projector.project(e);
    for (const e of await stream(clientId)) await projector.project(e);

    expect(await row()).toEqual(settled);
  });
});
