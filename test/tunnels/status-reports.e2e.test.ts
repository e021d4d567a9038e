import { encodeStatusReport, signStatusReport, StatusReceiverStats } from '@certplane/tunnel-status';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { expectedMetrics, SimulatedTunnel, TunnelLoadGenerator } from '../../bench/tunnel-load-generator';
import { statusService, uplink } from './tunnel-fixtures';

const quiet = { connectedClients: 0, rxBytes: 0, txBytes: 0, tcpConnections: 0 };

describe('tunnel status reports over core NATS (real Postgres and NATS)', () => {
  let h: Harness;
  let api: ReturnType<typeof uplink>;
  let generator: TunnelLoadGenerator;
  beforeAll(async () => {
    h = await startCertplane({ workers: ['projector'] });
    api = uplink(h);
    generator = await TunnelLoadGenerator.connect(h.env.NATS_URL, h.config.tunnels.statusSubjectPrefix);
    expect((await api.createNamespace({ name: 'edge' })).status).toBe(201);
  });
  afterAll(async () => {
    await generator.close();
    await h.stop();
  });

  const createTunnel = async (name: string): Promise<SimulatedTunnel> => {
    const r = await api.createTunnel({ name, namespace: 'edge', tcpPorts: [443] });
    expect(r.status).toBe(201);
    return { namespace: 'edge', name, authToken: r.body.authToken };
  };
  const stats = () => statusService(h).stats();
  /** Waits until the receiver has judged `n` more reports than in `before`; returns the new stats. */
  const judged = (before: StatusReceiverStats, n: number) => {
    const total = (s: StatusReceiverStats) => s.accepted + Object.values(s.dropped).reduce((a, b) => a + b, 0);
    return eventually(
      async () => (total(stats()) >= total(before) + n ? stats() : undefined),
      10_000,
      `${n} report(s) judged`,
    );
  };

  it('answers connectedClients and ?metrics=1 with exactly what the generator sent, over the 5-minute window', async () => {
    const tunnels = [await createTunnel('web-1'), await createTunnel('web-2'), await createTunnel('web-3')];
    const before = stats();
    const sent = await generator.run({ tunnels, reportsPerTunnel: 200, seed: 42 });
    await judged(before, 600);
    expect(stats().accepted - before.accepted).toBe(600);
    for (const t of tunnels) {
      const s = sent.get(`edge/${t.name}`)!;
      expect(s.rxBytes).toBeGreaterThan(0);
      const got = await api.getTunnel('edge', t.name, '&metrics=1');
      // Every report arrived inside the window, so each rate is the total sent divided by 300 seconds.
      expect(got.body).toMatchObject({ connectedClients: s.connectedClients, metrics: expectedMetrics(s) });
      expect((await api.getTunnel('edge', t.name)).body).not.toHaveProperty('metrics');
    }
    const listed = await api.listTunnels('?namespace=edge&metrics=1');
    for (const t of listed.body) expect(t.metrics).toEqual(expectedMetrics(sent.get(`edge/${t.name}`)!));
  });

  it('drops and counts unsigned, wrongly signed, stale, replayed and unknown-tunnel reports, leaving the metrics alone', async () => {
    const t = await createTunnel('guarded');
    const before = stats();
    const noise = { connectedClients: 7, rxBytes: 1_000, txBytes: 1_000, tcpConnections: 1 };
    generator.report(t, noise, { signWith: null });
    generator.report(t, noise, { signWith: 'not-the-token-of-this-tunnel-at-all-00000000' });
    generator.report(t, noise, { sentAt: new Date(Date.now() - 120_000) });
    generator.report({ ...t, name: 'nobody' }, noise);
    const payload = encodeStatusReport({ seq: 1, sentAt: new Date().toISOString(), ...quiet, rxBytes: 5 });
    const signature = signStatusReport(payload, t.authToken);
    generator.publishRaw(t, payload, signature);
    generator.publishRaw(t, payload, signature);
    generator.publishRaw(t, payload, 'sha256=' + '0'.repeat(64));
    await generator.flush();
    const after = await judged(before, 7);
    expect(after.accepted - before.accepted).toBe(1);
    expect(after.dropped.unsigned - before.dropped.unsigned).toBe(1);
    expect(after.dropped.badSignature - before.dropped.badSignature).toBe(2);
    expect(after.dropped.stale - before.dropped.stale).toBe(1);
    expect(after.dropped.unknownTunnel - before.dropped.unknownTunnel).toBe(1);
    expect(after.dropped.replayed - before.dropped.replayed).toBe(1);
    expect((await api.getTunnel('edge', 'guarded', '&metrics=1')).body).toMatchObject({
      connectedClients: 0,
      metrics: { rx: 5 / 300, tx: 0, tcpConnectionRate: 0 },
    });
  });

  it('refuses reports signed with a rotated-away token from the moment the rotation is answered', async () => {
    const t = await createTunnel('rotating');
    let before = stats();
    generator.report(t, { ...quiet, connectedClients: 2, rxBytes: 300 });
    await generator.flush();
    expect((await judged(before, 1)).accepted).toBe(before.accepted + 1);

    const rotated = await api.rotateToken('edge', 'rotating');
    before = stats();
    generator.report(t, { ...quiet, connectedClients: 9, rxBytes: 900_000 });
    await generator.flush();
    const after = await judged(before, 1);
    expect(after.dropped.badSignature).toBe(before.dropped.badSignature + 1);
    expect((await api.getTunnel('edge', 'rotating', '&metrics=1')).body).toMatchObject({
      connectedClients: 2,
      metrics: { rx: 1 },
    });

    before = stats();
    generator.report({ ...t, authToken: rotated.body.authToken }, { ...quiet, connectedClients: 3, rxBytes: 300 });
    await generator.flush();
    expect((await judged(before, 1)).accepted).toBe(before.accepted + 1);
    expect((await api.getTunnel('edge', 'rotating', '&metrics=1')).body).toMatchObject({
      connectedClients: 3,
      metrics: { rx: 2 },
    });
  });

  it('forgets a deleted tunnel: its reports are refused and a tunnel re-created under the name starts from zero', async () => {
    const t = await createTunnel('ephemeral');
    let before = stats();
    generator.report(t, { ...quiet, connectedClients: 4, rxBytes: 3_000 });
    await generator.flush();
    await judged(before, 1);
    expect((await api.deleteTunnel('edge', 'ephemeral')).status).toBe(204);
    before = stats();
    generator.report(t, { ...quiet, connectedClients: 4, rxBytes: 3_000 });
    await generator.flush();
    expect((await judged(before, 1)).dropped.unknownTunnel).toBe(before.dropped.unknownTunnel + 1);
    await createTunnel('ephemeral');
    expect((await api.getTunnel('edge', 'ephemeral', '&metrics=1')).body).toMatchObject({
      connectedClients: 0,
      metrics: { rx: 0, tx: 0, tcpConnectionRate: 0 },
    });
  });

  it('with two api replicas: each report is taken once, a replica started late answers the whole window at once, and both refuse a rotated-away token', async () => {
    const t = await createTunnel('shared');
    const rxOf = async (x: Harness) => (await uplink(x).getTunnel('edge', 'shared', '&metrics=1')).body.metrics.rx;
    let before = stats();
    for (let i = 0; i < 20; i++) generator.report(t, { ...quiet, rxBytes: 30 });
    await generator.flush();
    await judged(before, 20);
    const second = await startCertplane({
      workers: [],
      database: h.db,
      bus: h.bus,
      env: { CERTPLANE_API_TOKEN: h.token },
    });
    try {
      // Its first answer already holds the 20 reports it never saw.
      expect(await rxOf(second)).toBe((20 * 30) / 300);
      const secondStats = () => statusService(second).stats();
      const accepted = () => stats().accepted + secondStats().accepted;
      const firstBefore = stats().accepted;
      const acceptedBefore = accepted();
      for (let i = 0; i < 40; i++) generator.report(t, { ...quiet, rxBytes: 30 });
      await generator.flush();
      await eventually(async () => (accepted() >= acceptedBefore + 40 ? true : undefined), 10_000, '40 reports taken');
      // Taken once in all (a queue group), shared between the two.
      expect(accepted()).toBe(acceptedBefore + 40);
      expect(stats().accepted).toBeGreaterThan(firstBefore);
      expect(secondStats().accepted).toBeGreaterThan(0);
      expect(await rxOf(h)).toBe((60 * 30) / 300);
      expect(await rxOf(second)).toBe((60 * 30) / 300);

      await api.rotateToken('edge', 'shared');
      // The second replica learns of the rotation when its cached credentials expire (5 s); until then it may accept the old token.
      await eventually(
        async () => {
          const secondBefore = secondStats();
          const total = () =>
            stats().accepted +
            stats().dropped.badSignature +
            secondStats().accepted +
            secondStats().dropped.badSignature;
          before = stats();
          const judgedBefore = total();
          for (let i = 0; i < 4; i++) generator.report(t, { ...quiet, rxBytes: 30 });
          await generator.flush();
          await eventually(async () => (total() >= judgedBefore + 4 ? true : undefined), 10_000, 'four reports judged');
          expect(stats().accepted).toBe(before.accepted);
          return secondStats().dropped.badSignature > secondBefore.dropped.badSignature &&
            secondStats().accepted === secondBefore.accepted
            ? true
            : undefined;
        },
        10_000,
        'the second replica to refuse the old token',
      );
    } finally {
      await second.stopApp();
    }
  });
});
