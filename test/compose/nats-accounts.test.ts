import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from '../../libs/messaging/src/nats-client';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { PrivateNatsCluster } from '../support/processes';

jest.setTimeout(120_000);

/**
 * docker-compose.yml's NATS, proven without Docker: deploy/nats/nats.conf runs as three nodes on
 * loopback (only address, ports, routes and store are the test's), certplane works as the
 * `certplane` user with its stream on three replicas, a `subscriber` reads events but cannot
 * publish or change the stream, a `tunnel-server` only reports, and nobody gets in without a password.
 */
describe('docker-compose NATS: three nodes with accounts (deploy/nats/nats.conf)', () => {
  const passwords = {
    CERTPLANE_NATS_PASSWORD: `nats-${randomBytes(18).toString('hex')}`,
    NATS_SUBSCRIBER_PASSWORD: `nats-${randomBytes(18).toString('hex')}`,
    NATS_TUNNEL_SERVER_PASSWORD: `nats-${randomBytes(18).toString('hex')}`,
    NATS_SYSTEM_PASSWORD: `nats-${randomBytes(18).toString('hex')}`,
  };
  let cluster: PrivateNatsCluster;
  let h: Harness;
  const servers = () => cluster.nodes.map((n) => n.url);

  beforeAll(async () => {
    cluster = await PrivateNatsCluster.start(3, {
      configFile: join(__dirname, '..', '..', 'deploy', 'nats', 'nats.conf'),
      env: { ...passwords, NATS_SERVER_NAME: 'unused' },
    });
    // The stream name the compose deployment uses, so the subscriber's permissions are the real ones.
    h = await startCertplane({
      natsUrl: cluster.url,
      bus: { streamName: 'certplane-events', subjectPrefix: 'certplane.events' },
      env: { CERTPLANE_NATS_USER: 'certplane', CERTPLANE_NATS_PASSWORD: passwords.CERTPLANE_NATS_PASSWORD },
    });
  });
  afterAll(async () => {
    await h?.stopApp();
    await h?.db.drop();
    await cluster?.destroy();
  });

  it('runs certplane as the certplane user, its stream on three replicas', async () => {
    const r = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'compose-nats', topics: { insert: 'data' } },
      bearer(h),
    );
    expect(r.status).toBe(200);
    await eventually(
      async () =>
        (await h.call('GET', `/informationservice/details/${r.body.url}`)).status === 200 ? true : undefined,
      30_000,
      'the certificate',
    );
    const nc = await connectNats({
      servers: servers(),
      user: 'certplane',
      pass: passwords.CERTPLANE_NATS_PASSWORD,
      reconnect: false,
    });
    try {
      expect((await (await jetstreamManager(nc)).streams.info('certplane-events')).config.num_replicas).toBe(3);
    } finally {
      await nc.close();
    }
  });

  it('lets the subscriber read the events, and nothing more', async () => {
    const nc = await connectNats({
      servers: servers(),
      user: 'subscriber',
      pass: passwords.NATS_SUBSCRIBER_PASSWORD,
      reconnect: false,
    });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.consumers.add('certplane-events', { durable_name: 'audit', ack_policy: 'explicit' as never });
      const consumer = await jetstream(nc).consumers.get('certplane-events', 'audit');
      // Start-up recorded the CA as the first issuer before the enrolment: read on to the client's event.
      let first = await consumer.next({ expires: 5_000 });
      while (first?.subject.startsWith('certplane.events.issuer.')) {
        first.ack();
        first = await consumer.next({ expires: 5_000 });
      }
      expect(first?.subject).toMatch(/^certplane\.events\.client\./);
      first?.ack();
      // Publishing an event, or changing the stream, is refused.
      await expect(
        jetstream(nc).publish('certplane.events.client.ClientUpdated', '{}', { timeout: 3_000 }),
      ).rejects.toThrow();
      await expect(jsm.streams.purge('certplane-events')).rejects.toThrow();
      await expect(jsm.streams.delete('certplane-events')).rejects.toThrow();
      await expect(jsm.consumers.delete('certplane-events', 'projector')).rejects.toThrow();
    } finally {
      await nc.close();
    }
    // Nothing it tried reached the stream: the certplane user still sees it whole.
    const admin = await connectNats({
      servers: servers(),
      user: 'certplane',
      pass: passwords.CERTPLANE_NATS_PASSWORD,
      reconnect: false,
    });
    try {
      const info = await (await jetstreamManager(admin)).streams.info('certplane-events');
      expect(info.state.messages).toBeGreaterThanOrEqual(2);
      expect((await (await jetstreamManager(admin)).consumers.info('certplane-events', 'projector')).name).toBe(
        'projector',
      );
    } finally {
      await admin.close();
    }
  });

  it('lets a tunnel server publish status reports only, and nobody in without a password', async () => {
    const nc = await connectNats({
      servers: servers(),
      user: 'tunnel-server',
      pass: passwords.NATS_TUNNEL_SERVER_PASSWORD,
      reconnect: false,
    });
    try {
      await expect(
        jetstream(nc).publish('certplane.events.client.ClientUpdated', '{}', { timeout: 3_000 }),
      ).rejects.toThrow();
      // Not even the stream's description: it may not ask JetStream anything.
      await expect(
        jetstreamManager(nc, { timeout: 3_000 }).then((jsm) => jsm.streams.info('certplane-events')),
      ).rejects.toThrow();
    } finally {
      await nc.close();
    }
    await expect(connectNats({ servers: servers(), reconnect: false })).rejects.toThrow(/authoriz/i);
    await expect(
      connectNats({ servers: servers(), user: 'certplane', pass: 'wrong', reconnect: false }),
    ).rejects.toThrow(/authoriz/i);
  });
});
