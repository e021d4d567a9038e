import { DataSource } from 'typeorm';
import { DomainEvent } from '@certplane/domain';
import { PostgresEventStore } from '@certplane/event-store';
import { inTransaction } from '@certplane/persistence';
import { createMigratedDataSource } from '../support/test-database';

const ev = (n: number): DomainEvent => ({ type: 'Thing', schemaVersion: 1, data: { n } });
const ctx = { correlationId: '00000000-0000-4000-8000-000000000003', actor: 'test' };

describe('event lookups by id (real Postgres)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('recent'));
  });
  afterAll(() => close());
  afterEach(() => jest.restoreAllMocks());

  it('answers what this store appended without a statement, exactly as Postgres holds it', async () => {
    const store = new PostgresEventStore(ds);
    const appended = await store.append('thing-r', [ev(1), ev(2)], { expectedVersion: 0, context: ctx });
    const statements = jest.spyOn(ds, 'query');
    const answered = await Promise.all(appended.map((e) => store.readEvent(e.eventId)));
    expect(statements).not.toHaveBeenCalled();
    statements.mockRestore();
    const elsewhere = new PostgresEventStore(ds);
    expect(answered).toEqual(await Promise.all(appended.map((e) => elsewhere.readEvent(e.eventId))));
  });

  it('asks Postgres for what it has not seen, once, and never keeps a miss', async () => {
    const writer = new PostgresEventStore(ds);
    const reader = new PostgresEventStore(ds);
    const [stored] = await writer.append('thing-s', [ev(1)], { expectedVersion: 0, context: ctx });
    const statements = jest.spyOn(ds, 'query');
    expect(await reader.readEvent(stored.eventId)).toEqual(stored);
    expect(await reader.readEvent(stored.eventId)).toEqual(stored);
    expect(statements).toHaveBeenCalledTimes(1);
    const absent = '00000000-0000-4000-8000-0000000000ff';
    expect(await reader.readEvent(absent)).toBeUndefined();
    expect(await reader.readEvent(absent)).toBeUndefined();
    expect(statements).toHaveBeenCalledTimes(3);
  });

  it('keeps nothing of an append whose transaction rolled back', async () => {
    const store = new PostgresEventStore(ds);
    const heard: string[] = [];
    store.onAppended((events) => heard.push(...events.map((e) => e.eventId)));
    await expect(
      store.append('thing-t', [ev(1)], {
        expectedVersion: 0,
        context: ctx,
        also: [
          {
            step: async () => {
              throw new Error('the step fails after the statement');
            },
          },
        ],
      }),
    ).rejects.toThrow(/step fails/);
    const [{ n }] = await inTransaction(ds, (tx) =>
      tx.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'thing-t'`),
    );
    expect(n).toBe(0);
    expect(heard).toEqual([]);
  });
});
