import { Projector, rebuildProjections } from '@certplane/projections';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { uplink } from './tunnel-fixtures';

describe('tunnel and namespace read models rebuilt from the event store (real Postgres and NATS)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'] });
  });
  afterAll(() => h.stop());

  const snapshot = async () => ({
    tunnels: await h.ds.query(`SELECT * FROM rm_tunnels ORDER BY tunnel_id`),
    namespaces: await h.ds.query(`SELECT * FROM rm_namespaces ORDER BY namespace_id`),
  });

  it('gives the same rows, and the same API answers, after a rebuild', async () => {
    const api = uplink(h);
    for (const name of ['alpha', 'beta', 'gamma'])
      expect((await api.createNamespace({ name, labels: { tier: name } })).status).toBe(201);
    for (const ns of ['alpha', 'beta', 'gamma']) {
      for (let i = 0; i < 4; i++)
        expect((await api.createTunnel({ name: `t${i}`, namespace: ns, tcpPorts: [80 + i, 443] })).status).toBe(201);
    }
    await api.updateTunnel({ name: 't0', namespace: 'alpha', tcpPorts: [8080] });
    await api.rotateToken('alpha', 't1');
    await api.deleteTunnel('beta', 't2');
    await api.createTunnel({ name: 't2', namespace: 'beta', tcpPorts: [22] });
    expect((await api.deleteNamespace('gamma', '?cascade=true')).status).toBe(204);
    const answered = (await api.listTunnels()).body;
    expect(answered).toHaveLength(8);

    // Reads hide what the registry says is gone, so wait for the projector itself to catch up (gamma's deletion).
    const before = await eventually(
      async () => {
        const s = await snapshot();
        return s.tunnels.length === 8 &&
          s.namespaces
            .map((n: any) => n.name)
            .sort()
            .join() === 'alpha,beta'
          ? s
          : undefined;
      },
      10_000,
      'the live projector to catch up',
    );

    const progress = await rebuildProjections(h.ds, h.app.get(Projector));
    expect(progress.done).toBe(progress.total);
    expect(await snapshot()).toEqual(before);
    expect((await api.listTunnels()).body).toEqual(answered);
  });
});
