import { DataSource } from 'typeorm';
import { Client, clientIdForDetailsSecret, newDetailsSecret } from '@certplane/domain';
import { ClientRepository, PostgresEventStore, StoredEvent } from '@certplane/event-store';
import { createMigratedDataSource } from '../support/test-database';

const ctx = { correlationId: '00000000-0000-4000-8000-000000000002', actor: 'test' };

describe('deciding on events the caller has just read (real Postgres)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let store: PostgresEventStore;
  let clients: ClientRepository;

  beforeAll(async () => {
    ({ ds, close } = await createMigratedDataSource('decide'));
    store = new PostgresEventStore(ds);
    clients = new ClientRepository(store);
  });
  afterAll(() => close());
  afterEach(() => jest.restoreAllMocks());

  const enrolled = async (name: string): Promise<{ id: string; opening: StoredEvent[] }> => {
    const id = clientIdForDetailsSecret(newDetailsSecret());
    const { events } = await clients.create(
      id,
      { events: Client.enroll({ clientId: id, name, topics: { insert: 'data' } }) },
      ctx,
    );
    return { id, opening: events };
  };

  it("decides on the stream's opening events without reading the stream", async () => {
    const { id, opening } = await enrolled('opening');
    const reads = jest.spyOn(store, 'readStream');
    const seen: number[] = [];
    const { events } = await clients.update(
      id,
      (c) => {
        seen.push(c.version);
        return { events: c.disable() };
      },
      ctx,
      { read: opening },
    );
    expect(seen).toEqual([1]);
    expect(reads).not.toHaveBeenCalled();
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([['ClientDisabled', 2]]);
    expect((await store.readStream(`client-${id}`)).map((e) => e.type)).toEqual(['ClientEnrolled', 'ClientDisabled']);
  });

  it('decides again on the stream as stored when it has moved on since the events were read', async () => {
    const { id, opening } = await enrolled('moved-on');
    await clients.update(id, (c) => ({ events: c.disable() }), ctx);
    const reads = jest.spyOn(store, 'readStream');
    const seen: number[] = [];
    const { events } = await clients.update(
      id,
      (c) => {
        seen.push(c.version);
        // The opening says enabled: disabling it conflicts with the disable already stored.
        return { events: seen.length === 1 ? c.disable() : [] };
      },
      ctx,
      { read: opening },
    );
    expect(seen).toEqual([1, 2]);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(events).toEqual([]);
    expect(await store.readStream(`client-${id}`)).toHaveLength(2);
  });

  it("reads the stream when the events are not its opening, or another stream's", async () => {
    const { id } = await enrolled('later');
    const [disabled] = (await clients.update(id, (c) => ({ events: c.disable() }), ctx)).events;
    const other = await enrolled('other');
    const reads = jest.spyOn(store, 'readStream');
    for (const read of [[disabled], other.opening]) {
      const seen: number[] = [];
      await clients.update(id, (c) => (seen.push(c.version), { events: [] }), ctx, { read });
      expect(seen).toEqual([2]);
    }
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
