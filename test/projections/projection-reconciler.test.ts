import { clientStreamId } from '@certplane/domain';
import { GlobalCheckpoint } from '@certplane/event-store';
import { Projector } from '@certplane/projections';
import { DataSource, QueryRunner } from 'typeorm';
import { EnrolClientCommand } from '../../apps/api/src/clients/enrol-client/enrol-client.command';
import type { EnrolledClient } from '../../apps/api/src/clients/enrol-client/enrol-client.handler';
import { Medium, startMedium } from '../medium/medium-harness';
import { pollUntil } from '../support/wait';

/**
 * The projection reconciler's pass (Projector.catchUpBehind) on events whose news never came: appended
 * straight into the store, with no outbox row. The pass brings the read model up to the store, and each
 * projection's low-water mark moves in commit order, never past a transaction still running.
 */
describe('medium: the projection reconciler catches read models up from the store, behind a low-water mark', () => {
  let m: Medium;
  let projector: Projector;
  beforeAll(async () => {
    // The reconciler's own timer stays out of the way: the test runs its passes.
    m = await startMedium({ CERTPLANE_RECONCILE_AFTER_MS: '3600000' });
    projector = m.app.get(Projector);
  });
  afterAll(() => m.stop());

  const enrol = async (name: string) => {
    const { clientId } = await m.commands.execute<EnrolClientCommand, EnrolledClient>(
      new EnrolClientCommand({ name, topics: { insert: 'data' } }, m.context()),
    );
    // Its certificate too: both client projections then stand at the same version when news is lost.
    const issued = async () =>
      (await m.ds.query(`SELECT 1 FROM rm_certificates WHERE client_id = $1`, [clientId])).length > 0 &&
      (await tagsOf(clientId)) !== undefined;
    await pollUntil(
      'the client and its certificate in the read models',
      async () => ((await issued()) ? true : undefined),
      {
        timeoutMs: 10_000,
        everyMs: 50,
      },
    );
    return clientId;
  };
  const tagsOf = async (clientId: string): Promise<string[] | undefined> =>
    (await m.ds.query(`SELECT tags FROM rm_clients WHERE client_id = $1`, [clientId]))[0]?.tags;
  /** A ClientUpdated the store holds and no message ever announced. */
  const loseNews = async (q: DataSource | QueryRunner, clientId: string, tags: string[]): Promise<GlobalCheckpoint> => {
    const [row] = await q.query(
      `WITH s AS (UPDATE streams SET version = version + 1 WHERE stream_id = $1 RETURNING version)
       INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       SELECT gen_random_uuid(), $1, s.version, 'ClientUpdated', 1, $2::jsonb, '{}'::jsonb FROM s
       RETURNING transaction_id::text AS tx, position::text AS pos`,
      [clientStreamId(clientId), JSON.stringify({ clientId, tags })],
    );
    return { transactionId: row.tx, position: row.pos };
  };
  const pass = (marks: Map<string, GlobalCheckpoint>) => projector.catchUpBehind(0, 500, marks);
  // xids are the whole server's: other databases' transactions hold a mark back for a moment too.
  const markReaches = (marks: Map<string, GlobalCheckpoint>, expected: GlobalCheckpoint) =>
    pollUntil(
      `the clients mark at ${expected.position}`,
      async () => {
        await pass(marks);
        return marks.get('clients')?.position === expected.position ? true : undefined;
      },
      { timeoutMs: 10_000, everyMs: 50 },
    );

  it('drives a read model behind the store up to it, once, and moves the mark past it', async () => {
    const a = await enrol('reconcile-a');
    const lost = await loseNews(m.ds, a, ['lost']);
    expect(await tagsOf(a)).toEqual([]);
    const marks = new Map<string, GlobalCheckpoint>();

    const caught = await pass(marks);

    expect(caught).toEqual(
      expect.arrayContaining([
        { projection: 'clients', streamId: clientStreamId(a), applied: 1 },
        { projection: 'certificates', streamId: clientStreamId(a), applied: 1 },
      ]),
    );
    expect(await tagsOf(a)).toEqual(['lost']);
    await markReaches(marks, lost);
    expect(await pass(marks)).toEqual([]);
  });

  it('keeps the mark behind a transaction that took its position early and commits late, and catches it up then', async () => {
    const [b, c] = [await enrol('reconcile-b'), await enrol('reconcile-c')];
    const marks = new Map<string, GlobalCheckpoint>();
    const [lastEnrolled] = await m.ds.query(
      `SELECT transaction_id::text AS tx, position::text AS pos FROM events
        WHERE stream_id LIKE 'client-%' ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    );
    const settled = { transactionId: lastEnrolled.tx, position: lastEnrolled.pos };
    await markReaches(marks, settled);

    const slow = m.ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      await loseNews(slow, b, ['late']);
      const after = await loseNews(m.ds, c, ['after']);
      expect((await pass(marks)).map((x) => x.streamId)).toContain(clientStreamId(c));
      expect(await tagsOf(c)).toEqual(['after']);
      // However often it passes, the mark never moves over the running transaction to c's event.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await pass(marks);
      expect(marks.get('clients')).toEqual(settled);
      await slow.commitTransaction();

      expect((await pass(marks)).map((x) => x.streamId)).toEqual([clientStreamId(b), clientStreamId(b)]);
      expect(await tagsOf(b)).toEqual(['late']);
      await markReaches(marks, after);
    } finally {
      if (slow.isTransactionActive) await slow.rollbackTransaction();
      await slow.release();
    }
  });
});
