import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { channelApi } from '../channels/channel-fixtures';
import { clientApi, ERROR, streamCount } from './client-fixtures';

jest.setTimeout(120_000);

describe('clients: bulk creation and list filters (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof clientApi>;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'] });
    api = clientApi(h);
  });
  afterAll(() => h.stop());

  const bulk = (body: unknown) => h.call('POST', '/clients/bulk', body, { authorization: `Bearer ${h.token}` });

  it('creates 1,000 clients in one call, answers one per item in order, and lists them by metadata', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      name: `bulk-${String(i).padStart(4, '0')}`,
      metadata: { batch: 'b1', n: i },
      tags: ['bulk'],
    }));
    const streams = await streamCount(h);
    const r = await bulk(items);
    expect(r.status).toBe(201);
    expect(r.body.clients).toHaveLength(1000);
    r.body.clients.forEach((c: any, i: number) => {
      expect(c).toMatchObject({
        name: items[i].name,
        metadata: items[i].metadata,
        status: 'enabled',
        url: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    });
    expect(await streamCount(h)).toBe(streams + 1000);
    // One transaction: every event of the bulk carries the one request's correlation id.
    const [{ n }] = await h.ds.query(
      `SELECT count(DISTINCT metadata->>'correlationId')::int AS n FROM events WHERE type = 'ClientEnrolled' AND data->>'name' LIKE 'bulk-%'`,
    );
    expect(n).toBe(1);

    const listed = await eventually(
      async () => {
        const l = await api.list(`?metadata=${encodeURIComponent('{"batch":"b1"}')}&limit=100&only_total=true`);
        return l.body.total === 1000 ? l.body : undefined;
      },
      30_000,
      'the bulk in the read model',
    );
    expect(listed.items).toEqual([]);
    const page = await api.list(`?metadata=${encodeURIComponent('{"batch":"b1"}')}&order=name&dir=desc&limit=3`);
    expect(page.body.items.map((c: any) => c.name)).toEqual(['bulk-0999', 'bulk-0998', 'bulk-0997']);
    expect(
      (await api.list(`?metadata=${encodeURIComponent('{"batch":"b1","n":7}')}`)).body.items.map((c: any) => c.name),
    ).toEqual(['bulk-0007']);
    expect((await api.list(`?metadata=${encodeURIComponent('{"batch":"b2"}')}&only_total=1`)).body.total).toBe(0);
  });

  it('refuses the whole bulk for one bad or taken item, naming it, and records nothing', async () => {
    await api.create({ name: 'taken-name' });
    const streams = await streamCount(h);
    const good = (i: number) => ({ name: `ok-${i}` });
    const cases: [unknown, number, string, string][] = [
      [[good(1), { name: 'bad name!' }, good(2)], 400, 'INVALID_NAME', 'clients[1]'],
      [[good(1), good(2), { name: 'taken-name' }], 409, 'CLIENT_ALREADY_EXISTS', 'clients[2]'],
      [
        [good(1), { name: 'twice', ip: '192.0.2.9' }, { name: 'thrice', ip: '192.0.2.9' }],
        409,
        'DUPLICATE_IP',
        'clients[2]',
      ],
      [[good(1), { name: 'x', colour: 'red' }], 400, 'UNKNOWN_FIELD', 'clients[1]'],
      [[good(1), 'not an object'], 400, 'INVALID_BODY', 'clients[1]'],
      [{ name: 'not-an-array' }, 400, 'INVALID_BODY', 'array'],
      [[], 400, 'INVALID_BODY', 'array'],
      [Array.from({ length: 1001 }, (_, i) => good(i)), 400, 'INVALID_BODY', 'array'],
    ];
    for (const [body, status, code, mentions] of cases) {
      const r = await bulk(body);
      expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
      expect(r.body.message).toContain(mentions);
    }
    expect(await streamCount(h)).toBe(streams);
    expect((await api.list('?name=ok-1')).body.total).toBe(0);
  });

  it('filters by id, channel, connection type and creation time, and refuses bad filters', async () => {
    const before = new Date();
    const [a, b] = (await bulk([{ name: 'filter-a' }, { name: 'filter-b' }])).body.clients.map((c: any) => c.id);
    const channels = channelApi(h);
    const ch = (await channels.create({ name: 'filters' })).body.id;
    await channels.connect(ch, { client_ids: [a], types: ['publish'] });
    await channels.connect(ch, { client_ids: [b], types: ['subscribe'] });
    // Lists read the read models, which the projector reaches a moment after each append.
    const answers = async (query: string, expected: string[]) =>
      eventually(
        async () => {
          const r = await api.list(query);
          const names = r.status === 200 ? r.body.items.map((c: any) => c.name) : [];
          return JSON.stringify(names) === JSON.stringify(expected) ? names : undefined;
        },
        40_000,
        `${query} to answer ${expected.join(', ')}`,
      );
    await answers(`?id=${a}`, ['filter-a']);
    // One bulk gives both one created_at: the default order then falls to the (random) ids, so sort by name.
    await answers(`?channel=${ch}&order=name`, ['filter-a', 'filter-b']);
    await answers(`?channel=${ch}&connection_type=subscribe`, ['filter-b']);
    await answers(`?created_from=${before.toISOString()}&name=filter-b`, ['filter-b']);
    expect((await api.list(`?created_to=${before.toISOString()}&name=filter-b`)).body.total).toBe(0);
    for (const q of [
      '?metadata=nope',
      '?metadata=[1]',
      `?metadata=${encodeURIComponent('{"a":{"b":1}}')}`,
      '?id=xyz',
      '?channel=1',
      '?connection_type=shout',
      '?created_from=yesterday',
      '?order=colour',
      '?dir=up',
      '?only_total=maybe',
    ]) {
      expect({ q, body: (await api.list(q)).body }).toEqual({ q, body: ERROR(400, 'INVALID_QUERY') });
    }
  });
});
