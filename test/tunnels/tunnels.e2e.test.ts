import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { errorBody, streamContents, uplink } from './tunnel-fixtures';

const TUNNEL_KEYS = ['name', 'namespace', 'tcpPorts', 'authToken', 'connectedClients', 'created'];

describe('tunnels API (real Postgres and NATS JetStream)', () => {
  let h: Harness;
  let api: ReturnType<typeof uplink>;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'] });
    api = uplink(h);
    for (const name of ['tunnels', 'other']) expect((await api.createNamespace({ name })).status).toBe(201);
  });
  afterAll(() => h.stop());

  it('creates, gets, lists, replaces ports, rotates the token and deletes — the exact shapes', async () => {
    const created = await api.createTunnel({ name: 'celerity', namespace: 'tunnels', tcpPorts: [80, 443] });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(TUNNEL_KEYS);
    expect(created.body).toEqual({
      name: 'celerity',
      namespace: 'tunnels',
      tcpPorts: [80, 443],
      authToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      connectedClients: 0,
      created: expect.any(String),
    });
    expect(Buffer.from(created.body.authToken, 'base64url')).toHaveLength(32);
    expect(new Date(created.body.created).toISOString()).toBe(created.body.created);

    // Read-your-writes: the answer waits for the projector, so the tunnel is there at once.
    const got = await api.getTunnel('tunnels', 'celerity');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const withMetrics = await api.getTunnel('tunnels', 'celerity', '&metrics=1');
    expect(Object.keys(withMetrics.body)).toEqual([...TUNNEL_KEYS, 'metrics']);
    expect(withMetrics.body.metrics).toEqual({ rx: 0, tx: 0, tcpConnectionRate: 0 });
    expect((await api.getTunnel('tunnels', 'celerity', '&metrics=0')).body).toEqual(created.body);

    const listed = await api.listTunnels('?namespace=tunnels');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([created.body]);

    const updated = await api.updateTunnel({ name: 'celerity', namespace: 'tunnels', tcpPorts: [2222, 80] });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...created.body, tcpPorts: [2222, 80] });
    expect((await api.getTunnel('tunnels', 'celerity')).body.tcpPorts).toEqual([2222, 80]);
    // The same ports again decide nothing.
    const before = await h.store.count();
    expect((await api.updateTunnel({ name: 'celerity', namespace: 'tunnels', tcpPorts: [2222, 80] })).body).toEqual(
      updated.body,
    );
    expect(await h.store.count()).toBe(before);

    const rotated = await api.rotateToken('tunnels', 'celerity');
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ ...updated.body, authToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(rotated.body.authToken).not.toBe(created.body.authToken);
    expect((await api.getTunnel('tunnels', 'celerity')).body.authToken).toBe(rotated.body.authToken);

    const deleted = await api.deleteTunnel('tunnels', 'celerity');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api.getTunnel('tunnels', 'celerity')).body).toEqual(errorBody(404, 'TUNNEL_NOT_FOUND'));
    expect((await api.listTunnels('?namespace=tunnels')).body).toEqual([]);
    expect((await api.deleteTunnel('tunnels', 'celerity')).body).toEqual(errorBody(404, 'TUNNEL_NOT_FOUND'));
    expect((await api.rotateToken('tunnels', 'celerity')).body).toEqual(errorBody(404, 'TUNNEL_NOT_FOUND'));

    // The name is free again, as a new tunnel with a new token.
    const again = await api.createTunnel({ name: 'celerity', namespace: 'tunnels', tcpPorts: [80] });
    expect(again.status).toBe(201);
    expect(again.body.authToken).not.toBe(rotated.body.authToken);
    expect((await api.deleteTunnel('tunnels', 'celerity')).status).toBe(204);
  });

  it('records each change as an event on a tunnel-<id> stream, published on <prefix>.tunnel.<Type>', async () => {
    await api.createTunnel({ name: 'evented', namespace: 'tunnels', tcpPorts: [80] });
    await api.updateTunnel({ name: 'evented', namespace: 'tunnels', tcpPorts: [81] });
    await api.rotateToken('tunnels', 'evented');
    await api.deleteTunnel('tunnels', 'evented');
    const [{ tunnel_id: tunnelId }] = await h.ds.query(
      `SELECT tunnel_id FROM tunnel_registry WHERE namespace = 'tunnels' AND name = 'evented'`,
    );
    const events = await h.store.readStream(`tunnel-${tunnelId}`);
    const ref = { tunnelId, namespace: 'tunnels', name: 'evented' };
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['TunnelCreated', { ...ref, tcpPorts: [80] }],
      ['TunnelUpdated', { ...ref, tcpPorts: [81] }],
      ['TunnelTokenRotated', ref],
      ['TunnelDeleted', { ...ref, reason: 'deleted' }],
    ]);
    expect(events[0].metadata.actor).toBe('token:default');
    // The relay publishes just after each commit; wait for the last one.
    const onNats = await eventually(
      async () => {
        const seen = await streamContents(h);
        return seen.some((m) => m.includes('TunnelDeleted') && m.includes(tunnelId)) ? seen : undefined;
      },
      10_000,
      'TunnelDeleted on NATS',
    );
    for (const type of ['TunnelCreated', 'TunnelUpdated', 'TunnelTokenRotated', 'TunnelDeleted']) {
      expect(onNats.some((m) => m.startsWith(`${h.bus.subjectPrefix}.tunnel.${type} `) && m.includes(tunnelId))).toBe(
        true,
      );
    }
  });

  it('lists every namespace without ?namespace=, ordered by namespace and name', async () => {
    for (const [namespace, name] of [
      ['tunnels', 'b'],
      ['other', 'z'],
      ['tunnels', 'a'],
    ])
      expect((await api.createTunnel({ name, namespace, tcpPorts: [22] })).status).toBe(201);
    const all = await api.listTunnels();
    expect(all.body.map((t: any) => `${t.namespace}/${t.name}`)).toEqual(['other/z', 'tunnels/a', 'tunnels/b']);
    expect((await api.listTunnels('?namespace=other&metrics=1')).body).toEqual([
      expect.objectContaining({ name: 'z', metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 } }),
    ]);
    for (const [namespace, name] of [
      ['tunnels', 'b'],
      ['other', 'z'],
      ['tunnels', 'a'],
    ])
      expect((await api.deleteTunnel(namespace, name)).status).toBe(204);
  });

  it('gives exactly one of 20 concurrent creates of one tunnel, the rest 409 TUNNEL_ALREADY_EXISTS', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.createTunnel({ name: 'racer', namespace: 'tunnels', tcpPorts: [1000 + i] }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const conflicts = results.filter((r) => r.status === 409);
    expect(conflicts).toHaveLength(19);
    for (const c of conflicts) expect(c.body).toEqual(errorBody(409, 'TUNNEL_ALREADY_EXISTS'));
    const winner = results.find((r) => r.status === 201)!.body;
    expect((await api.getTunnel('tunnels', 'racer')).body).toEqual(winner);
    // The losers left nothing behind: one registry row, one stream, one token.
    const [counts] = await h.ds.query(`
      SELECT (SELECT count(*)::int FROM tunnel_registry WHERE name = 'racer') AS registry,
             (SELECT count(*)::int FROM streams WHERE stream_id IN (SELECT 'tunnel-' || tunnel_id FROM tunnel_registry WHERE name = 'racer')) AS streams,
             (SELECT count(*)::int FROM tunnel_tokens WHERE tunnel_id IN (SELECT tunnel_id FROM tunnel_registry WHERE name = 'racer')) AS tokens`);
    expect(counts).toEqual({ registry: 1, streams: 1, tokens: 1 });
    expect((await api.deleteTunnel('tunnels', 'racer')).status).toBe(204);
  });

  it.each([
    ['a missing name', { namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['an upper-case name', { name: 'Web', namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['a name starting with a dash', { name: '-web', namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['a 64-character name', { name: 'a'.repeat(64), namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['a dotted name', { name: 'a.b', namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['a numeric name', { name: 7, namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
    ['a missing namespace', { name: 'web', tcpPorts: [80] }, 400, 'INVALID_NAMESPACE'],
    ['a bad namespace', { name: 'web', namespace: 'Tunnels', tcpPorts: [80] }, 400, 'INVALID_NAMESPACE'],
    ['no tcpPorts', { name: 'web', namespace: 'tunnels' }, 400, 'INVALID_TCP_PORTS'],
    ['empty tcpPorts', { name: 'web', namespace: 'tunnels', tcpPorts: [] }, 400, 'INVALID_TCP_PORTS'],
    ['port 0', { name: 'web', namespace: 'tunnels', tcpPorts: [0] }, 400, 'INVALID_TCP_PORTS'],
    ['port 65536', { name: 'web', namespace: 'tunnels', tcpPorts: [65536] }, 400, 'INVALID_TCP_PORTS'],
    ['a repeated port', { name: 'web', namespace: 'tunnels', tcpPorts: [80, 443, 80] }, 400, 'INVALID_TCP_PORTS'],
    [
      '65 ports',
      { name: 'web', namespace: 'tunnels', tcpPorts: Array.from({ length: 65 }, (_, i) => i + 1) },
      400,
      'INVALID_TCP_PORTS',
    ],
    ['a port as a string', { name: 'web', namespace: 'tunnels', tcpPorts: ['80'] }, 400, 'INVALID_TCP_PORTS'],
    ['a fractional port', { name: 'web', namespace: 'tunnels', tcpPorts: [80.5] }, 400, 'INVALID_TCP_PORTS'],
    [
      'an unknown field',
      { name: 'web', namespace: 'tunnels', tcpPorts: [80], authToken: 'mine' },
      400,
      'UNKNOWN_FIELD',
    ],
    ['a JSON array', '[1]', 400, 'INVALID_BODY'],
    ['bad JSON', '{"name":', 400, 'INVALID_JSON'],
    ['an unmanaged namespace', { name: 'web', namespace: 'nowhere', tcpPorts: [80] }, 404, 'NAMESPACE_NOT_FOUND'],
    ['a reserved namespace', { name: 'web', namespace: 'kube-system', tcpPorts: [80] }, 404, 'NAMESPACE_NOT_FOUND'],
  ])('refuses a create with %s, storing nothing', async (_what, body, status, code) => {
    const before = await h.store.count();
    const r = await api.createTunnel(body);
    expect(r.status).toBe(status);
    expect(r.body).toEqual(errorBody(status, code));
    expect(await h.store.count()).toBe(before);
  });

  it('answers a duplicate create 409 and refuses bad updates with the create rules', async () => {
    expect((await api.createTunnel({ name: 'dup', namespace: 'tunnels', tcpPorts: [80] })).status).toBe(201);
    expect((await api.createTunnel({ name: 'dup', namespace: 'tunnels', tcpPorts: [81] })).body).toEqual(
      errorBody(409, 'TUNNEL_ALREADY_EXISTS'),
    );
    // The same name in another namespace is another tunnel.
    expect((await api.createTunnel({ name: 'dup', namespace: 'other', tcpPorts: [81] })).status).toBe(201);
    const before = await h.store.count();
    for (const [body, status, code] of [
      [{ name: 'dup', namespace: 'tunnels', tcpPorts: [] }, 400, 'INVALID_TCP_PORTS'],
      [{ name: 'dup', namespace: 'tunnels' }, 400, 'INVALID_TCP_PORTS'],
      [{ name: 'DUP', namespace: 'tunnels', tcpPorts: [80] }, 400, 'INVALID_NAME'],
      [{ name: 'dup', namespace: 'tunnels', tcpPorts: [80], extra: 1 }, 400, 'UNKNOWN_FIELD'],
      [{ name: 'nope', namespace: 'tunnels', tcpPorts: [80] }, 404, 'TUNNEL_NOT_FOUND'],
      [{ name: 'dup', namespace: 'nowhere', tcpPorts: [80] }, 404, 'NAMESPACE_NOT_FOUND'],
    ] as const) {
      const r = await api.updateTunnel(body);
      expect([r.status, r.body]).toEqual([status, errorBody(status, code)]);
    }
    expect(await h.store.count()).toBe(before);
  });

  it('refuses bad references and query parameters on get, list, delete and rotate', async () => {
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [api.getTunnel('tunnels', 'Bad_Name'), 400, 'INVALID_NAME'],
      [h.call('GET', '/v1/tunnels/web', undefined, { authorization: `Bearer ${h.token}` }), 400, 'INVALID_NAMESPACE'],
      [api.getTunnel('nowhere', 'web'), 404, 'NAMESPACE_NOT_FOUND'],
      [api.getTunnel('tunnels', 'web'), 404, 'TUNNEL_NOT_FOUND'],
      [api.getTunnel('tunnels', 'dup', '&metrics=yes'), 400, 'INVALID_QUERY'],
      [api.getTunnel('tunnels', 'dup', '&metrics=1&metrics=0'), 400, 'INVALID_QUERY'],
      [api.getTunnel('tunnels', 'dup', '&namspace=x'), 400, 'UNKNOWN_QUERY_PARAMETER'],
      [api.listTunnels('?namespace=nowhere'), 404, 'NAMESPACE_NOT_FOUND'],
      [api.listTunnels('?namespace=Bad'), 400, 'INVALID_NAMESPACE'],
      [api.deleteTunnel('nowhere', 'dup'), 404, 'NAMESPACE_NOT_FOUND'],
      [api.deleteTunnel('tunnels', 'x'.repeat(64)), 400, 'INVALID_NAME'],
      [api.rotateToken('nowhere', 'dup'), 404, 'NAMESPACE_NOT_FOUND'],
      [api.rotateToken('tunnels', 'web'), 404, 'TUNNEL_NOT_FOUND'],
    ];
    for (const [call, status, code] of cases) {
      const r = await call;
      expect([r.status, r.body]).toEqual([status, errorBody(status, code)]);
    }
  });

  it.each([
    ['POST', '/v1/tunnels'],
    ['PUT', '/v1/tunnels'],
    ['GET', '/v1/tunnels'],
    ['GET', '/v1/tunnels/dup?namespace=tunnels'],
    ['DELETE', '/v1/tunnels/dup?namespace=tunnels'],
    ['POST', '/v1/tunnels/dup/token/rotate?namespace=tunnels'],
  ])('refuses %s %s without a valid bearer token', async (method, path) => {
    for (const headers of [undefined, { authorization: 'Bearer wrong-token-of-some-length' }]) {
      const r = await h.call(
        method,
        path,
        method === 'GET' || method === 'DELETE' ? undefined : { name: 'dup', namespace: 'tunnels', tcpPorts: [80] },
        headers,
      );
      expect(r.status).toBe(401);
      expect(r.body).toEqual(errorBody(401, 'UNAUTHORIZED'));
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('never puts an authToken into an event, its metadata or a NATS message, nor into an error', async () => {
    const tokens: string[] = [];
    const c = await api.createTunnel({ name: 'secret', namespace: 'tunnels', tcpPorts: [80] });
    tokens.push(c.body.authToken);
    tokens.push((await api.rotateToken('tunnels', 'secret')).body.authToken);
    tokens.push((await api.getTunnel('tunnels', 'secret')).body.authToken);
    const dup = await api.createTunnel({ name: 'secret', namespace: 'tunnels', tcpPorts: [80] });
    const stored = await h.ds.query(`SELECT data::text || metadata::text AS text FROM events`);
    const sealed = await h.ds.query(`SELECT sealed_token FROM tunnel_tokens`);
    const onNats = await eventually(
      async () => {
        const seen = await streamContents(h);
        return seen.length >= stored.length ? seen : undefined;
      },
      10_000,
      'every stored event on NATS',
    );
    for (const token of tokens) {
      for (const e of stored) expect(e.text).not.toContain(token);
      for (const m of onNats) expect(m).not.toContain(token);
      for (const s of sealed) expect(s.sealed_token).not.toContain(token);
      expect(dup.text).not.toContain(token);
    }
  });
});
