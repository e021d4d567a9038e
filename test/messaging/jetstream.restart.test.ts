import { JetStreamBus, MessagingError, type JetStreamBusOptions, type OutgoingMessage } from '@certplane/messaging';
import { type BusNames, uniqueBusNames } from '../support/nats-admin';
import { PrivateNatsServer } from '../support/processes';
import { sleep, waitFor } from '../support/wait';
import { consumerSpec, noDeadLetters } from './nats-fixtures';

const enc = new TextEncoder();

/** Publishing during an outage fails (callers retry); retrying with the same msgIds is safe. */
async function publishWithRetry(bus: JetStreamBus, messages: OutgoingMessage[], timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await bus.publish(messages);
      return;
    } catch (err) {
      if (Date.now() > deadline) {
        throw err;
      }
      await sleep(200);
    }
  }
}

describe('JetStreamBus when the NATS server goes away', () => {
  let server: PrivateNatsServer;
  let bus: JetStreamBus | undefined;
  let logs: string[];
  let names: BusNames;

  const connect = async (extra: Partial<JetStreamBusOptions> = {}) => {
    const record = (m: string) => void logs.push(m);
    bus = await JetStreamBus.connect({
      servers: server.url,
      ...names,
      publishTimeoutMs: 1_000,
      pullExpiresMs: 2_000,
      reconnectTimeWaitMs: 200,
      logger: { info: record, warn: record, error: record },
      ...extra,
    });
    return bus;
  };
  const message = (n: number): OutgoingMessage => ({
    subject: `${names.subjectPrefix}.client.ClientEnrolled`,
    msgId: `evt-${n}`,
    headers: {},
    data: enc.encode(String(n)),
  });
  const ids = (...ns: number[]) => ns.map((n) => `evt-${n}`).sort();

  beforeAll(async () => {
    server = await PrivateNatsServer.start();
  });
  beforeEach(() => {
    logs = [];
    names = uniqueBusNames();
  });
  afterEach(async () => {
    server.thaw();
    await bus?.close();
    bus = undefined;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('keeps consuming after kill -9 and restart on the same store', async () => {
    const b = await connect();
    const handled = new Set<string>();
    await b.consume(
      consumerSpec(names.subjectPrefix, { durable: 'projector' }),
      async (m) => void handled.add(m.msgId!),
      noDeadLetters,
    );

    await b.publish([1, 2, 3, 4, 5].map(message));
    await waitFor('messages before the crash', () => handled.size === 5);

    await server.kill();
    // Disconnected: publish must fail within the PubAck timeout, not hang.
    const t0 = Date.now();
    await expect(b.publish([message(6)])).rejects.toThrow(MessagingError);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(await b.isHealthy()).toBe(false);

    await server.restart();
    await publishWithRetry(b, [6, 7, 8, 9, 10].map(message));

    await waitFor('messages after the restart', () => handled.size === 10, 20_000);
    expect([...handled].sort()).toEqual(ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    expect(await b.isHealthy()).toBe(true);
    // The same subscription carried on: the client reconnected, no consumer loop restart was needed.
    expect(logs).toEqual(expect.arrayContaining(['disconnected from NATS; reconnecting', 'reconnected to NATS']));
    expect(logs).not.toContain('consumer loop interrupted; restarting');
  });

  it('notices missed heartbeats from a hung server and resumes when it answers again', async () => {
    const b = await connect();
    const handled = new Set<string>();
    await b.consume(
      consumerSpec(names.subjectPrefix, { durable: 'issuer' }),
      async (m) => void handled.add(m.msgId!),
      noDeadLetters,
    );
    await b.publish([1, 2].map(message));
    await waitFor('messages before the hang', () => handled.size === 2);

    await server.freeze();
    await expect(b.publish([message(3)])).rejects.toThrow(/no PubAck within 1000 ms/);
    await waitFor('missed heartbeats', () => logs.includes('JetStream heartbeats missed; re-pulling'), 6_000);
    server.thaw();

    await publishWithRetry(b, [3, 4].map(message));
    await waitFor('messages after the hang', () => handled.size === 4, 15_000);
    expect([...handled].sort()).toEqual(ids(1, 2, 3, 4));
  });
});
