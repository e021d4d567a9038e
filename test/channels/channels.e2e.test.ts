import { Projector, rebuildProjections } from '@certplane/projections';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { clientApi, ERROR, streamCount } from '../clients/client-fixtures';
import { channelApi } from './channel-fixtures';

jest.setTimeout(60_000);

describe('channels and connections (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof channelApi>;
  let clients: ReturnType<typeof clientApi>;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'] });
    api = channelApi(h);
    clients = clientApi(h);
  });
  afterAll(() => h.stop());

  const newClient = async (name: string) => {
    const r = await clients.create({ name });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const connections = (channelId: string, query = '') =>
    eventually(async () => {
      const r = await api.clients(channelId, query);
      return r.status === 200 ? r.body : undefined;
    });
  /** Waits for the read model to show `expected` client ids connected to the channel. */
  const connectedIds = (channelId: string, expected: string[], query = '') =>
    eventually(
      async () => {
        const r = await api.clients(channelId, query);
        const ids = r.body.items.map((i: any) => i.client_id).sort();
        return JSON.stringify(ids) === JSON.stringify([...expected].sort()) ? r.body : undefined;
      },
      10_000,
      `connections ${expected.join(',')}`,
    );

  it('creates, reads, lists, updates and deletes a channel, with its history and ?at=', async () => {
    const created = await api.create({
      name: 'temperature',
      tags: ['sensors'],
      metadata: { site: 'lab' },
      route: 'data.temp',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get('location')).toBe(`/channels/${id}`);
    expect(created.body).toEqual({
      id,
      name: 'temperature',
      tags: ['sensors'],
      metadata: { site: 'lab' },
      route: 'data.temp',
      created_at: expect.any(String),
      updated_at: created.body.created_at,
    });
    expect((await api.get(id)).body).toEqual(created.body);

    const before = new Date();
    await new Promise((r) => setTimeout(r, 20));
    const patched = await api.patch(id, { name: 'temp', route: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'temp', route: null, tags: ['sensors'] });
    expect((await api.get(id, `?at=${before.toISOString()}`)).body).toMatchObject({
      name: 'temperature',
      route: 'data.temp',
    });

    const listed = await eventually(async () => {
      const r = await api.list('?tag=sensors');
      return r.body.items.some((c: any) => c.id === id && c.name === 'temp') ? r.body : undefined;
    });
    expect(listed.total).toBe(1);

    expect((await api.remove(id)).status).toBe(204);
    expect((await api.get(id)).body).toEqual(ERROR(404, 'CHANNEL_NOT_FOUND'));
    expect((await api.get(id, `?at=${before.toISOString()}`)).body).toMatchObject({ name: 'temperature' });
    expect((await api.events(id)).body.events.map((e: any) => e.type)).toEqual([
      'ChannelCreated',
      'ChannelUpdated',
      'ChannelDeleted',
    ]);
    // Its route was freed by the rename to null; the deletion freed nothing else to take.
    expect((await api.create({ name: 'again', route: 'data.temp' })).status).toBe(201);
  });

  it('refuses bad input with a stable code and records nothing', async () => {
    const c = (await api.create({ name: 'refusals', route: 'refusals' })).body.id;
    const client = await newClient('refused-1');
    const streams = await streamCount(h);
    expect((await api.create({ name: 'x', route: 'refusals' })).body).toEqual(ERROR(409, 'ROUTE_ALREADY_TAKEN'));
    expect((await api.create({ name: 'x', route: 'not a topic' })).body).toEqual(ERROR(400, 'INVALID_ROUTE'));
    expect((await api.create({ name: '' })).body).toEqual(ERROR(400, 'INVALID_NAME'));
    expect((await api.create({ name: 'x', colour: 'red' })).body).toEqual(ERROR(400, 'UNKNOWN_FIELD'));
    expect(await streamCount(h)).toBe(streams);

    const events = async () => (await api.events(c)).body.events.length;
    const n = await events();
    expect((await api.connect(c, { client_ids: [client], types: ['shout'] })).body).toEqual(
      ERROR(400, 'INVALID_CONNECTION'),
    );
    expect((await api.connect(c, { client_ids: [client, client], types: ['publish'] })).body).toEqual(
      ERROR(400, 'INVALID_CONNECTION'),
    );
    expect((await api.connect(c, { client_ids: [], types: ['publish'] })).body).toEqual(
      ERROR(400, 'INVALID_CONNECTION'),
    );
    expect((await api.connect(c, { client_ids: [client, 'f'.repeat(32)], types: ['publish'] })).body).toEqual(
      ERROR(404, 'CLIENT_NOT_FOUND'),
    );
    expect((await api.connect('0'.repeat(32), { client_ids: [client], types: ['publish'] })).body).toEqual(
      ERROR(404, 'CHANNEL_NOT_FOUND'),
    );
    expect((await api.disconnect(c, { client_ids: [client], types: ['publish'] })).body).toEqual(
      ERROR(404, 'CONNECTION_NOT_FOUND'),
    );
    expect(await events()).toBe(n);
    expect((await api.connect(c, { client_ids: [client], types: ['publish'] })).status).toBe(204);
    // A pair connected already refuses the whole request, the new pair with it.
    expect((await api.connect(c, { client_ids: [client], types: ['subscribe', 'publish'] })).body).toEqual(
      ERROR(409, 'CONNECTION_ALREADY_EXISTS'),
    );
    expect(await events()).toBe(n + 1);
  });

  it('connects by type, lists both ways, and ends connections when a client or a channel is deleted', async () => {
    const [a, b, d] = [await newClient('conn-a'), await newClient('conn-b'), await newClient('conn-d')];
    const ch1 = (await api.create({ name: 'ch1' })).body.id;
    const ch2 = (await api.create({ name: 'ch2' })).body.id;
    expect((await api.connect(ch1, { client_ids: [a, b], types: ['publish', 'subscribe'] })).status).toBe(204);
    expect((await api.connect(ch1, { client_ids: [d], types: ['subscribe'] })).status).toBe(204);
    expect((await api.connect(ch2, { client_ids: [a], types: ['publish'] })).status).toBe(204);

    await connectedIds(ch1, [a, b, d]);
    expect((await connectedIds(ch1, [a, b], '?type=publish')).total).toBe(2);
    const aChannels = await eventually(async () => {
      const r = await api.channelsOf(a);
      return r.body.total === 2 ? r.body : undefined;
    });
    expect(aChannels.items.map((i: any) => [i.name, i.types])).toEqual([
      ['ch1', ['publish', 'subscribe']],
      ['ch2', ['publish']],
    ]);
    expect((await api.channelsOf(a, '?type=subscribe')).body.items.map((i: any) => i.name)).toEqual(['ch1']);

    expect((await api.disconnect(ch1, { client_ids: [b], types: ['publish'] })).status).toBe(204);
    await eventually(
      async () => ((await api.clients(ch1, '?type=publish')).body.total === 1 ? true : undefined),
      10_000,
      'b to publish no more',
    );
    expect((await api.clients(ch1)).body.items.find((i: any) => i.client_id === b).types).toEqual(['subscribe']);

    // Deleting a client appends ClientsDisconnected to each of its channels, in the deletion's transaction.
    expect((await clients.remove(a)).status).toBe(204);
    for (const ch of [ch1, ch2]) {
      const last = (await api.events(ch)).body.events.at(-1);
      expect(last).toMatchObject({ type: 'ClientsDisconnected', data: { clientIds: [a], reason: 'client-deleted' } });
    }
    await connectedIds(ch1, [b, d]);
    await connectedIds(ch2, []);
    expect((await api.connect(ch2, { client_ids: [a], types: ['publish'] })).body).toEqual(
      ERROR(404, 'CLIENT_NOT_FOUND'),
    );
    expect((await api.channelsOf(a)).body).toEqual(ERROR(404, 'CLIENT_NOT_FOUND'));

    // Deleting a channel ends its connections first, in the same append.
    expect((await api.remove(ch1)).status).toBe(204);
    expect(
      (await api.events(ch1)).body.events
        .slice(-2)
        .map((e: any) => [e.type, e.data.clientIds?.sort() ?? null, e.data.types ?? null]),
    ).toEqual([
      ['ClientsDisconnected', [b, d].sort(), ['subscribe']],
      ['ChannelDeleted', null, null],
    ]);
    await eventually(async () => ((await api.channelsOf(d)).body.total === 0 ? true : undefined));
    const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM channel_connections WHERE channel_id = ANY($1)`, [
      [ch1, ch2],
    ]);
    expect(n).toBe(0);
  });

  it('a deletion racing connects leaves no connection to a deleted client', async () => {
    for (let round = 0; round < 5; round++) {
      const client = await newClient(`race-${round}`);
      const chs: string[] = [];
      for (let i = 0; i < 4; i++) chs.push((await api.create({ name: `race-${round}-${i}` })).body.id);
      const answers = await Promise.all([
        ...chs.map((ch) => api.connect(ch, { client_ids: [client], types: ['publish'] })),
        clients.remove(client),
      ]);
      for (const r of answers) expect([204, 404]).toContain(r.status);
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM channel_connections WHERE client_id = $1`, [
        client,
      ]);
      expect(n).toBe(0);
      for (const ch of chs) {
        const types = (await api.events(ch)).body.events.map((e: any) => e.type);
        // Connected and then disconnected by the deletion, or never connected.
        expect([['ChannelCreated'], ['ChannelCreated', 'ClientsConnected', 'ClientsDisconnected']]).toContainEqual(
          types,
        );
      }
    }
  });

  it('connections survive projections:rebuild unchanged', async () => {
    const ids = [await newClient('rb-1'), await newClient('rb-2')];
    const ch = (await api.create({ name: 'rebuilt', tags: ['t'], metadata: { k: 1 }, route: 'rebuilt' })).body.id;
    await api.connect(ch, { client_ids: ids, types: ['subscribe'] });
    await api.connect(ch, { client_ids: [ids[0]], types: ['publish'] });
    // Both connects projected: rb-1 publishes and subscribes.
    await eventually(
      async () => {
        const items = (await api.clients(ch)).body.items as { client_id: string; types: string[] }[];
        return items.find((i) => i.client_id === ids[0])?.types.includes('publish') && items.length === 2
          ? true
          : undefined;
      },
      10_000,
      'both connects in the read model',
    );
    const snapshot = async () => ({
      channels: await h.ds.query(`SELECT * FROM rm_channels ORDER BY channel_id`),
      connections: await h.ds.query(`SELECT * FROM rm_channel_connections ORDER BY channel_id, client_id, type`),
    });
    const answered = (await connections(ch)).items;
    const before = await eventually(async () => {
      const s = await snapshot();
      const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM channel_connections`);
      return s.connections.length === n ? s : undefined;
    });
    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await snapshot()).toEqual(before);
    expect((await api.clients(ch)).body.items).toEqual(answered);
  });
});
