import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { errorBody, uplink } from './tunnel-fixtures';

describe('namespaces API (real Postgres and NATS JetStream)', () => {
  let h: Harness;
  let api: ReturnType<typeof uplink>;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'], env: { CERTPLANE_RESERVED_NAMESPACES: 'inlets,openfaas' } });
    api = uplink(h);
  });
  afterAll(() => h.stop());

  it('creates with the uplink label added, lists by name, deletes — the exact shapes', async () => {
    const created = await api.createNamespace({
      name: 'tenant-b',
      labels: { team: 'edge', 'example.com/tier': 'gold' },
      annotations: { 'example.com/owner': 'Ada Lovelace <ada@example.com>' },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['name', 'labels', 'annotations', 'created']);
    expect(created.body).toEqual({
      name: 'tenant-b',
      labels: { team: 'edge', 'example.com/tier': 'gold', 'certplane.io/uplink': '1' },
      annotations: { 'example.com/owner': 'Ada Lovelace <ada@example.com>' },
      created: expect.any(String),
    });
    const bare = await api.createNamespace({ name: 'tenant-a' });
    expect(bare.body).toEqual({
      name: 'tenant-a',
      labels: { 'certplane.io/uplink': '1' },
      annotations: {},
      created: expect.any(String),
    });
    // Giving the uplink label its own value is fine; any other value is refused.
    expect((await api.createNamespace({ name: 'tenant-c', labels: { 'certplane.io/uplink': '1' } })).status).toBe(201);

    const listed = await api.listNamespaces();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([bare.body, created.body, expect.objectContaining({ name: 'tenant-c' })]);

    const deleted = await api.deleteNamespace('tenant-c');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api.listNamespaces()).body.map((n: any) => n.name)).toEqual(['tenant-a', 'tenant-b']);
    expect((await api.deleteNamespace('tenant-c')).body).toEqual(errorBody(404, 'NAMESPACE_NOT_FOUND'));

    const [stream] = await h.ds.query(`SELECT namespace_id FROM namespace_registry WHERE name = 'tenant-c'`);
    expect((await h.store.readStream(`namespace-${stream.namespace_id}`)).map((e) => [e.type, e.data])).toEqual([
      [
        'NamespaceCreated',
        { namespaceId: stream.namespace_id, name: 'tenant-c', labels: { 'certplane.io/uplink': '1' }, annotations: {} },
      ],
      ['NamespaceDeleted', { namespaceId: stream.namespace_id, name: 'tenant-c' }],
    ]);
    // The name is free again.
    expect((await api.createNamespace({ name: 'tenant-c' })).status).toBe(201);
  });

  it.each([
    ['kube-system', 'RESERVED_NAMESPACE'],
    ['kube-public', 'RESERVED_NAMESPACE'],
    ['kube-anything', 'RESERVED_NAMESPACE'],
    ['certplane', 'RESERVED_NAMESPACE'],
    ['inlets', 'RESERVED_NAMESPACE'],
    ['openfaas', 'RESERVED_NAMESPACE'],
    ['Tenant', 'INVALID_NAMESPACE'],
    ['-tenant', 'INVALID_NAMESPACE'],
    ['a'.repeat(64), 'INVALID_NAMESPACE'],
    ['a.b', 'INVALID_NAMESPACE'],
  ])('refuses the name %s with 400 %s, storing nothing', async (name, code) => {
    const before = await h.store.count();
    const r = await api.createNamespace({ name });
    expect([r.status, r.body]).toEqual([400, errorBody(400, code)]);
    expect(await h.store.count()).toBe(before);
  });

  it.each([
    ['no name', {}, 'INVALID_NAMESPACE'],
    ['a numeric name', { name: 5 }, 'INVALID_NAMESPACE'],
    ['the uplink label overridden', { name: 'n1', labels: { 'certplane.io/uplink': '0' } }, 'INVALID_LABELS'],
    ['a label value with a space', { name: 'n1', labels: { team: 'a b' } }, 'INVALID_LABELS'],
    ['a bad label key', { name: 'n1', labels: { 'Bad.Prefix/x': 'y' } }, 'INVALID_LABELS'],
    ['labels as an array', { name: 'n1', labels: ['a'] }, 'INVALID_LABELS'],
    ['a numeric annotation', { name: 'n1', annotations: { note: 1 } }, 'INVALID_ANNOTATIONS'],
    ['an unknown field', { name: 'n1', spec: {} }, 'UNKNOWN_FIELD'],
  ])('refuses %s with 400, storing nothing', async (_what, body, code) => {
    const before = await h.store.count();
    const r = await api.createNamespace(body);
    expect([r.status, r.body]).toEqual([400, errorBody(400, code)]);
    expect(await h.store.count()).toBe(before);
  });

  it('gives exactly one of 10 concurrent creates of one namespace, the rest 409 NAMESPACE_ALREADY_EXISTS', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => api.createNamespace({ name: 'contended' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201))
      expect([r.status, r.body]).toEqual([409, errorBody(409, 'NAMESPACE_ALREADY_EXISTS')]);
  });

  it('refuses to delete a namespace with tunnels, and with ?cascade=true deletes them first, each a TunnelDeleted', async () => {
    expect((await api.createNamespace({ name: 'doomed' })).status).toBe(201);
    for (const name of ['t1', 't2', 't3'])
      expect((await api.createTunnel({ name, namespace: 'doomed', tcpPorts: [80] })).status).toBe(201);

    const refused = await api.deleteNamespace('doomed');
    expect([refused.status, refused.body]).toEqual([409, errorBody(409, 'NAMESPACE_NOT_EMPTY')]);
    expect(refused.body.message).toContain('3 tunnel(s)');
    expect((await api.listTunnels('?namespace=doomed')).body).toHaveLength(3);

    expect((await api.deleteNamespace('doomed', '?cascade=true')).status).toBe(204);
    expect((await api.listTunnels('?namespace=doomed')).body).toEqual(errorBody(404, 'NAMESPACE_NOT_FOUND'));
    expect((await api.getTunnel('doomed', 't1')).body).toEqual(errorBody(404, 'NAMESPACE_NOT_FOUND'));
    const deletions = await h.ds.query(
      `SELECT data->>'name' AS name, data->>'reason' AS reason FROM events WHERE type = 'TunnelDeleted' AND data->>'namespace' = 'doomed' ORDER BY position`,
    );
    expect(deletions).toEqual(['t1', 't2', 't3'].map((name) => ({ name, reason: 'namespaceDeleted' })));
    const [last] = await h.ds.query(`SELECT type FROM events ORDER BY position DESC LIMIT 1`);
    expect(last.type).toBe('NamespaceDeleted');

    // Nothing of the namespace is left behind: not in the registries, not in the read models, no token.
    await eventually(
      async () => {
        const [rm] = await h.ds.query(
          `SELECT (SELECT count(*)::int FROM rm_tunnels WHERE namespace = 'doomed') AS tunnels, (SELECT count(*)::int FROM rm_namespaces WHERE name = 'doomed') AS namespaces`,
        );
        return rm.tunnels === 0 && rm.namespaces === 0 ? true : undefined;
      },
      10_000,
      'the read models to drop the namespace and its tunnels',
    );
    const [left] = await h.ds.query(`
      SELECT (SELECT count(*)::int FROM tunnel_registry WHERE namespace = 'doomed' AND active) AS live,
             (SELECT count(*)::int FROM tunnel_tokens WHERE tunnel_id IN (SELECT tunnel_id FROM tunnel_registry WHERE namespace = 'doomed')) AS tokens`);
    expect(left).toEqual({ live: 0, tokens: 0 });
  });

  it('never lets a tunnel into a namespace that is being deleted: either the delete or the creates win', async () => {
    for (let round = 0; round < 5; round++) {
      const ns = `race-${round}`;
      expect((await api.createNamespace({ name: ns })).status).toBe(201);
      const [del, ...creates] = await Promise.all([
        api.deleteNamespace(ns),
        ...Array.from({ length: 8 }, (_, i) => api.createTunnel({ name: `t${i}`, namespace: ns, tcpPorts: [80] })),
      ]);
      for (const c of creates) expect([201, 404]).toContain(c.status);
      const [{ live }] = await h.ds.query(
        `SELECT count(*)::int AS live FROM tunnel_registry WHERE namespace = $1 AND active`,
        [ns],
      );
      if (del.status === 204) {
        expect(live).toBe(0);
        expect(creates.filter((c) => c.status === 201)).toHaveLength(0);
      } else {
        expect([del.status, del.body.code]).toEqual([409, 'NAMESPACE_NOT_EMPTY']);
        expect(live).toBe(creates.filter((c) => c.status === 201).length);
        expect((await api.deleteNamespace(ns, '?cascade=1')).status).toBe(204);
      }
    }
  });

  it('refuses bad delete references and query parameters', async () => {
    for (const [path, status, code] of [
      ['/v1/namespace/nowhere', 404, 'NAMESPACE_NOT_FOUND'],
      ['/v1/namespace/Bad_Name', 400, 'INVALID_NAMESPACE'],
      ['/v1/namespace/tenant-a?cascade=maybe', 400, 'INVALID_QUERY'],
      ['/v1/namespace/tenant-a?force=true', 400, 'UNKNOWN_QUERY_PARAMETER'],
    ] as const) {
      const r = await h.call('DELETE', path, undefined, { authorization: `Bearer ${h.token}` });
      expect([r.status, r.body]).toEqual([status, errorBody(status, code)]);
    }
    expect((await h.call('GET', '/v1/namespace?x=1', undefined, { authorization: `Bearer ${h.token}` })).body).toEqual(
      errorBody(400, 'UNKNOWN_QUERY_PARAMETER'),
    );
  });

  it.each([
    ['GET', '/v1/namespace'],
    ['POST', '/v1/namespace'],
    ['DELETE', '/v1/namespace/tenant-a'],
  ])('refuses %s %s without a valid bearer token', async (method, path) => {
    const r = await h.call(method, path, method === 'POST' ? { name: 'x' } : undefined);
    expect([r.status, r.body, r.headers.get('www-authenticate')]).toEqual([
      401,
      errorBody(401, 'UNAUTHORIZED'),
      'Bearer',
    ]);
  });
});
