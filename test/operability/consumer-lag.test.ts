import { JetStreamBus } from '@certplane/messaging';
import { BusNames, deleteStream, uniqueBusNames } from '../support/nats-admin';
import { testServices } from '../support/test-services';
import { pollUntil } from '../support/wait';
import { consumerSpec, noDeadLetters } from '../messaging/nats-fixtures';

const { natsUrl } = testServices();

/** What /metrics and /health/ready report as a consumer's lag, read from JetStream itself. */
describe('operability: JetStreamBus.consumerLag (real NATS)', () => {
  let names: BusNames;
  let bus: JetStreamBus;
  beforeEach(async () => {
    names = uniqueBusNames();
    bus = await JetStreamBus.connect({ servers: natsUrl, ...names, name: 'lag-test' });
  });
  afterEach(async () => {
    await bus.close();
    await deleteStream(natsUrl, names.streamName);
  });

  const publish = (ids: string[]) =>
    bus.publish(
      ids.map((id) => ({
        subject: `${names.subjectPrefix}.client.ClientEnrolled`,
        msgId: id,
        headers: {},
        data: new TextEncoder().encode(id),
      })),
    );

  it('counts messages waiting and messages being handled, and knows no consumer that was never created', async () => {
    expect(await bus.consumerLag('nobody')).toBeUndefined();
    const release: Array<() => void> = [];
    const sub = await bus.consume(
      consumerSpec(names.subjectPrefix, { durable: 'lagging', concurrency: 2 }),
      () => new Promise<void>((r) => release.push(r)),
      noDeadLetters,
    );
    expect(await bus.consumerLag('lagging')).toBe(0);

    await publish(['m1', 'm2', 'm3', 'm4', 'm5']);
    // Two are being handled (delivered, not acknowledged), three wait.
    await pollUntil('two handlers to run', async () => (release.length === 2 ? true : undefined), {
      timeoutMs: 10_000,
      everyMs: 20,
    });
    expect(await bus.consumerLag('lagging')).toBe(5);

    await pollUntil(
      'the backlog to be worked off',
      async () => {
        release.splice(0).forEach((r) => r());
        return (await bus.consumerLag('lagging')) === 0 ? true : undefined;
      },
      { timeoutMs: 10_000, everyMs: 50 },
    );
    await sub.stop();
  });
});
