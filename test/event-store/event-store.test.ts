import { DataSource } from 'typeorm';
import { ConcurrencyError, DomainEvent } from '@certplane/domain';
import { PostgresEventStore, checkpointOf, START_OF_STORE, StoredEvent } from '@certplane/event-store';
import { inTransaction } from '@certplane/persistence';
import { createMigratedDataSource } from '../support/test-database';
import { pollUntil } from '../support/wait';

const ev = (n: number): DomainEvent => ({ type: 'Thing', schemaVersion: 1, data: { n } });
const ctx = { correlationId: '00000000-0000-4000-8000-000000000001', actor: 'test' };

describe('PostgresEventStore (real Postgres)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('es'));
    store = new PostgresEventStore(ds);
  });
  afterAll(() => close());

  it('appends with versions, metadata and an outbox row per event, in one transaction', async () => {
    const appended = await store.append('thing-a', [ev(1), ev(2)], { expectedVersion: 0, context: ctx });
    expect(appended.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(appended[0].metadata).toMatchObject({
      correlationId: ctx.correlationId,
      actor: 'test',
      eventId: appended[0].eventId,
    });
    const outbox = await ds.query(`SELECT position::text AS p FROM outbox WHERE position = ANY($1::bigint[])`, [
      appended.map((e) => e.position),
    ]);
    expect(outbox).toHaveLength(2);
    expect((await store.readStream('thing-a')).map((e) => (e.data as any).n)).toEqual([1, 2]);
  });

  it('rejects a stale expected version and leaves nothing behind', async () => {
    await store.append('thing-b', [ev(1)], { expectedVersion: 0, context: ctx });
    await expect(store.append('thing-b', [ev(2)], { expectedVersion: 0, context: ctx })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.append('thing-b', [ev(2)], { expectedVersion: 5, context: ctx })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.readStream('thing-b')).toHaveLength(1);
  });

  it('lets exactly one of many concurrent writers at the same version win', async () => {
    await store.append('thing-c', [ev(0)], { expectedVersion: 0, context: ctx });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.append('thing-c', [ev(i)], { expectedVersion: 1, context: ctx })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError)).toHaveLength(9);
    expect(await store.readStream('thing-c')).toHaveLength(2);
  });

  it('appends to a second stream in the same transaction, both or neither, and tells the appended listeners of both', async () => {
    const heard: string[] = [];
    const listening = new PostgresEventStore(ds);
    listening.onAppended((events) => heard.push(...events.map((e) => `${e.streamId}@${e.streamVersion}`)));
    await listening.append('pair-a', [ev(1)], { expectedVersion: 0, context: ctx });
    await listening.append('pair-a', [ev(2)], {
      expectedVersion: 1,
      context: ctx,
      also: [{ step: async (_tx, alsoAppend) => void (await alsoAppend('pair-b', [ev(1)], 0)) }],
    });
    expect(heard).toEqual(['pair-a@1', 'pair-a@2', 'pair-b@1']);
    // pair-b exists: its append conflicts, and pair-a's event goes with it.
    await expect(
      listening.append('pair-a', [ev(3)], {
        expectedVersion: 2,
        context: ctx,
        also: [{ step: async (_tx, alsoAppend) => void (await alsoAppend('pair-b', [ev(2)], 0)) }],
      }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('pair-a')).map((e) => e.streamVersion)).toEqual([1, 2]);
    expect((await store.readStream('pair-b')).map((e) => e.streamVersion)).toEqual([1]);
    expect(heard).toHaveLength(3);
  });

  it('rolls the events back when a write joined to the append fails', async () => {
    await expect(
      store.append('thing-d', [ev(1)], {
        expectedVersion: 0,
        context: ctx,
        also: [{ step: async (tx) => void (await tx.query('SELECT 1/0')) }],
      }),
    ).rejects.toThrow();
    expect(await store.readStream('thing-d')).toEqual([]);
    await store.append('thing-d', [ev(1)], { expectedVersion: 0, context: ctx });
  });

  it('makes a write joined to the append statement only with the events, and fails both together', async () => {
    await ds.query(`CREATE TABLE joined_writes (k text PRIMARY KEY, n int NOT NULL)`);
    const write = (k: string, n: number) => ({
      sql: (appended: string, p: (v: unknown) => string) =>
        `INSERT INTO joined_writes (k, n) SELECT ${p(k)}::text, ${p(n)}::int WHERE ${appended}`,
    });
    await store.append('thing-j', [ev(1)], {
      expectedVersion: 0,
      context: ctx,
      also: [write('a', 1), write('b', 2)],
    });
    // A stale version writes neither the events nor the joined rows, for a new stream and an existing one.
    await expect(
      store.append('thing-j', [ev(2)], { expectedVersion: 0, context: ctx, also: [write('c', 3)] }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(
      store.append('thing-j', [ev(2)], { expectedVersion: 7, context: ctx, also: [write('c', 3)] }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    // A failing joined write (a duplicate key) leaves no events, no outbox row and no stream bump.
    await expect(
      store.append('thing-j', [ev(2)], {
        expectedVersion: 1,
        context: ctx,
        also: [write('d', 4), write('a', 5)],
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await ds.query(`SELECT k, n FROM joined_writes ORDER BY k`)).toEqual([
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
    ]);
    expect((await store.readStream('thing-j')).map((e) => e.streamVersion)).toEqual([1]);
    await store.append('thing-j', [ev(2)], { expectedVersion: 1, context: ctx, also: [write('d', 4)] });
    expect((await store.readStream('thing-j')).map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(await ds.query(`SELECT k FROM joined_writes WHERE k = 'd'`)).toEqual([{ k: 'd' }]);
  });

  describe('appends arriving together (group commit)', () => {
    let warm = 0;
    /**
     * Appends started while the store is busy: two appends to streams of their own fill the batches
     * in flight, so the given ones wait and share one statement. Answers the given ones' outcomes.
     */
    const together = async <T>(appends: (() => Promise<T>)[], on = store) => {
      const busy = [0, 1].map(() => on.append(`warm-${warm++}`, [ev(0)], { expectedVersion: 0, context: ctx }));
      const results = await Promise.allSettled(appends.map((a) => a()));
      await Promise.all(busy);
      return results;
    };
    const transactionsOf = (events: StoredEvent[]) => new Set(events.map((e) => e.transactionId)).size;

    it('commits appends to many streams, new and existing, each with its own events, versions and outbox rows', async () => {
      for (let i = 0; i < 10; i++) await store.append(`batch-old-${i}`, [ev(0)], { expectedVersion: 0, context: ctx });
      const seen: StoredEvent[][] = [];
      const listening = new PostgresEventStore(ds);
      listening.onAppended((events) => seen.push(events));
      const appends = [
        ...Array.from(
          { length: 20 },
          (_, i) => () =>
            listening.append(`batch-new-${i}`, [ev(i), ev(i + 100)], {
              expectedVersion: 0,
              context: { ...ctx, actor: `new-${i}` },
            }),
        ),
        ...Array.from(
          { length: 10 },
          (_, i) => () =>
            listening.append(`batch-old-${i}`, [ev(i)], { expectedVersion: 1, context: { ...ctx, actor: `old-${i}` } }),
        ),
      ];
      const results = await together(appends, listening);
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const values = results.map((r) => (r as PromiseFulfilledResult<StoredEvent[]>).value);
      values.slice(0, 20).forEach((stored, i) => {
        expect(stored.map((e) => [e.streamId, e.streamVersion, (e.data as any).n, e.metadata.actor])).toEqual([
          [`batch-new-${i}`, 1, i, `new-${i}`],
          [`batch-new-${i}`, 2, i + 100, `new-${i}`],
        ]);
      });
      values
        .slice(20)
        .forEach((stored, i) =>
          expect(stored.map((e) => [e.streamId, e.streamVersion, e.metadata.actor])).toEqual([
            [`batch-old-${i}`, 2, `old-${i}`],
          ]),
        );
      // One commit for all of them: they were grouped.
      expect(transactionsOf(values.flat())).toBe(1);
      // Within each stream, positions follow versions, so global readers see a stream in order.
      for (const stored of values)
        expect(stored.map((e) => Number(e.position))).toEqual(
          [...stored.map((e) => Number(e.position))].sort((a, b) => a - b),
        );
      const positions = values.flat().map((e) => e.position);
      expect(
        await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE position = ANY($1::bigint[])`, [positions]),
      ).toEqual([{ n: 50 }]);
      // Listeners hear every appended event once.
      expect(
        seen
          .flat()
          .filter((e) => e.streamId.startsWith('batch-'))
          .map((e) => e.position)
          .sort(),
      ).toEqual([...positions].sort());
    });

    it('fails only the appends whose version is stale, and writes their joined rows only for the others', async () => {
      await ds.query(`CREATE TABLE batch_writes (k text PRIMARY KEY)`);
      const write = (k: string) => ({
        sql: (appended: string, p: (v: unknown) => string) =>
          `INSERT INTO batch_writes (k) SELECT ${p(k)}::text WHERE ${appended}`,
      });
      await store.append('stale-0', [ev(0)], { expectedVersion: 0, context: ctx });
      const results = await together([
        ...Array.from(
          { length: 8 },
          (_, i) => () =>
            // Every odd one claims a version its stream does not have.
            store.append(i % 2 ? 'stale-0' : `stale-ok-${i}`, [ev(i)], {
              expectedVersion: i % 2 ? 9 : 0,
              context: ctx,
              also: [write(`w-${i}`)],
            }),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
      ]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
      expect((await ds.query(`SELECT k FROM batch_writes ORDER BY k`)).map((r: { k: string }) => r.k)).toEqual([
        'w-0',
        'w-2',
        'w-4',
        'w-6',
      ]);
      expect((await store.readStream('stale-0')).map((e) => e.streamVersion)).toEqual([1]);
    });

    it('gives an append whose joined write is refused its own error, and commits the others', async () => {
      await ds.query(`CREATE TABLE batch_claims (k text PRIMARY KEY)`);
      const claim = (k: string) => ({
        sql: (appended: string, p: (v: unknown) => string) =>
          `INSERT INTO batch_claims (k) SELECT ${p(k)}::text WHERE ${appended}`,
      });
      await store.append('claim-taken', [ev(0)], {
        expectedVersion: 0,
        context: ctx,
        also: [claim('taken')],
      });
      const results = await together([
        ...['a', 'taken', 'b', 'c'].map(
          (k) => () => store.append(`claim-${k}-2`, [ev(1)], { expectedVersion: 0, context: ctx, also: [claim(k)] }),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
        message: expect.stringMatching(/duplicate key/),
      });
      expect(await store.readStream('claim-taken-2')).toEqual([]);
      expect((await ds.query(`SELECT k FROM batch_claims ORDER BY k`)).map((r: { k: string }) => r.k)).toEqual([
        'a',
        'b',
        'c',
        'taken',
      ]);
    });

    it("turns a joined write's unique violation into the error it names, alone, together and in a transaction", async () => {
      await ds.query(`CREATE TABLE refused_claims (k text PRIMARY KEY)`);
      class Taken extends Error {}
      const claim = (k: string) => ({
        sql: (appended: string, p: (v: unknown) => string) =>
          `INSERT INTO refused_claims (k) SELECT ${p(k)}::text WHERE ${appended}`,
        refused: (constraint: string) => (constraint === 'refused_claims_pkey' ? new Taken(k) : undefined),
      });
      await store.append('refused-0', [ev(0)], { expectedVersion: 0, context: ctx, also: [claim('x')] });
      await expect(
        store.append('refused-1', [ev(0)], { expectedVersion: 0, context: ctx, also: [claim('x')] }),
      ).rejects.toBeInstanceOf(Taken);
      const results = await together([
        ...['y', 'x', 'z'].map(
          (k) => () => store.append(`refused-${k}-2`, [ev(1)], { expectedVersion: 0, context: ctx, also: [claim(k)] }),
        ),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Taken);
      // With a step the append is a transaction; the statement's refusal still names its error, and the step never runs.
      let stepRan = false;
      await expect(
        store.append('refused-3', [ev(0)], {
          expectedVersion: 0,
          context: ctx,
          also: [claim('x'), { step: async () => void (stepRan = true) }],
        }),
      ).rejects.toBeInstanceOf(Taken);
      expect(stepRan).toBe(false);
      expect(await store.readStream('refused-3')).toEqual([]);
    });

    it('answers reads of many streams made together, each its own events after its own version', async () => {
      for (let i = 0; i < 6; i++)
        await store.append(
          `read-${i}`,
          Array.from({ length: i + 1 }, (_, k) => ev(k)),
          { expectedVersion: 0, context: ctx },
        );
      const busy = [store.readStream('read-0'), store.readStream('read-1')];
      const reads = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => store.readStream(`read-${i}`)),
        store.readStream('read-5', 3),
        store.readStream('read-5', 6),
        store.readStream('read-unknown'),
      ]);
      await Promise.all(busy);
      expect(reads.map((events) => events.map((e) => [e.streamId, e.streamVersion]))).toEqual([
        ...Array.from({ length: 6 }, (_, i) => Array.from({ length: i + 1 }, (_, k) => [`read-${i}`, k + 1])),
        [
          ['read-5', 4],
          ['read-5', 5],
          ['read-5', 6],
        ],
        [],
        [],
      ]);
    });

    it('lets one of two appends to the same stream in one batch win', async () => {
      const results = await together([
        () => store.append('twice', [ev(1)], { expectedVersion: 0, context: ctx }),
        () => store.append('twice', [ev(2), ev(3)], { expectedVersion: 0, context: ctx }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConcurrencyError) });
      const stream = await store.readStream('twice');
      expect(stream.map((e) => e.streamVersion)).toEqual(stream.length === 1 ? [1] : [1, 2]);
    });
  });

  it('refuses to update or delete events', async () => {
    await expect(ds.query(`UPDATE events SET type = 'x'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM events`)).rejects.toThrow();
  });

  it('never lets a global reader skip an event committed late (sequence order is not commit order)', async () => {
    // A transaction takes a position first but commits last.
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       VALUES (gen_random_uuid(), 'late-1', 1, 'Thing', 1, '{"n":"late"}', '{}')`,
    );
    const fast = await store.append('early-1', [ev(99)], { expectedVersion: 0, context: ctx });

    const seen: StoredEvent[] = [];
    let checkpoint = START_OF_STORE;
    const readUpTo = async () => {
      for (;;) {
        const page = await store.readAll(checkpoint, 2);
        if (page.length === 0) return;
        seen.push(...page);
        checkpoint = checkpointOf(page[page.length - 1]);
      }
    };
    await readUpTo();
    // While the slow transaction runs, the reader stops before the fast event rather than passing it.
    expect(seen.map((e) => e.streamId)).not.toContain('early-1');
    await slow.commitTransaction();
    await slow.release();
    await readUpTo();
    const ids = seen.map((e) => e.streamId);
    expect(ids).toContain('late-1');
    expect(ids).toContain('early-1');
    expect(ids.indexOf('late-1')).toBeLessThan(ids.indexOf('early-1'));
    expect(new Set(seen.map((e) => e.position)).size).toBe(seen.length);
    expect(fast).toHaveLength(1);
  });

  it('keeps a reconciler’s low-water mark behind anything unanswered, and behind a transaction that commits late', async () => {
    const request = (n: number): DomainEvent => ({ type: 'MarkRequest', schemaVersion: 1, data: { n } });
    const answer: DomainEvent = { type: 'MarkAnswer', schemaVersion: 1, data: {} };
    const scan = (after = START_OF_STORE, skip: string[] = []) =>
      store.readUnanswered(['MarkRequest'], ['MarkAnswer'], 0, skip, 100, after);
    // xids are the whole server's: other databases' transactions hold the mark back for a moment too, so each scan waits them out.
    const scanUntil = (expected: StoredEvent, after = START_OF_STORE, skip: string[] = []) =>
      pollUntil(
        'the mark to settle',
        async () => {
          const r = await scan(after, skip);
          return r.settledThrough.position === expected.position ? r : undefined;
        },
        { timeoutMs: 10_000, everyMs: 50 },
      );
    const [answered] = await store.append('mark-1', [request(1), answer], { expectedVersion: 0, context: ctx });
    const [open] = await store.append('mark-2', [request(2)], { expectedVersion: 0, context: ctx });

    const first = await scanUntil(answered);
    // Up to the answered request, not past the open one, which is due.
    expect(first.due.map((e) => e.streamId)).toEqual(['mark-2']);
    expect(first.settledThrough).toEqual(checkpointOf(answered));
    expect(await scan(first.settledThrough)).toEqual(first);

    // The open request found nothing due (skipped): the mark may pass it, but not a transaction still running.
    const slow = ds.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    await slow.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata)
       VALUES (gen_random_uuid(), 'mark-late', 1, 'MarkRequest', 1, '{"n":"late"}', '{}')`,
    );
    const [afterSlow] = await store.append('mark-3', [request(3), answer], { expectedVersion: 0, context: ctx });
    const whileSlow = await scanUntil(open, first.settledThrough, [open.eventId]);
    expect(whileSlow.due).toEqual([]);
    // However long it waits, it never passes the running transaction to mark-3.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await scan(whileSlow.settledThrough, [open.eventId])).settledThrough).toEqual(checkpointOf(open));
    await slow.commitTransaction();
    await slow.release();

    // Committed now, behind mark-3 in position but ahead of it in commit order: found, and the mark stops before it.
    const late = await scan(whileSlow.settledThrough, [open.eventId]);
    expect(late.due.map((e) => e.streamId)).toEqual(['mark-late']);
    expect(late.settledThrough).toEqual(checkpointOf(open));
    expect(Number(afterSlow.position)).toBeGreaterThan(Number(open.position));
  });

  it('pages through positions past a digit boundary in numeric order, each event once', async () => {
    // One transaction holding positions on both sides of 99/100: ordered as text, '100' sorts before '99'.
    await store.append(
      'thing-digits',
      Array.from({ length: 110 }, (_, i) => ev(i)),
      { expectedVersion: 0, context: ctx },
    );
    const seen: StoredEvent[] = [];
    let checkpoint = START_OF_STORE;
    for (;;) {
      const page = await store.readAll(checkpoint, 7);
      if (page.length === 0) break;
      seen.push(...page);
      checkpoint = checkpointOf(page[page.length - 1]);
    }
    expect(seen).toHaveLength(await store.count());
    const digits = seen.filter((e) => e.streamId === 'thing-digits').map((e) => Number(e.position));
    expect(digits).toHaveLength(110);
    expect(digits).toEqual([...digits].sort((a, b) => a - b));
    expect(digits[digits.length - 1]).toBeGreaterThanOrEqual(100);
  });

  it('reads the whole store in pages in commit order', async () => {
    const all = await store.readAll(START_OF_STORE, 10_000);
    expect(all.length).toBe(await store.count());
    await inTransaction(ds, async (tx) => void (await tx.query('SELECT 1')));
  });
});
