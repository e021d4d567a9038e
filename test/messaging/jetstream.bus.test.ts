import {
  JetStreamBus,
  MessagingError,
  PoisonMessageError,
  type DeadLetter,
  type IncomingMessage,
  type OutgoingMessage,
} from '@certplane/messaging';
import { type BusNames, deleteConsumer, deleteStream, uniqueBusNames } from '../support/nats-admin';
import { testServices } from '../support/test-services';
import { sleep, waitFor } from '../support/wait';
import { consumerSpec, noDeadLetters } from './nats-fixtures';

const { natsUrl } = testServices();
const enc = new TextEncoder();
const dec = new TextDecoder();

describe('JetStreamBus (real NATS)', () => {
  let names: BusNames;
  let buses: JetStreamBus[];

  const open = async (extra: Partial<Parameters<typeof JetStreamBus.connect>[0]> = {}) => {
    const bus = await JetStreamBus.connect({ servers: natsUrl, ...names, name: 'messaging-test', ...extra });
    buses.push(bus);
    return bus;
  };
  const message = (type: string, msgId: string, headers: Record<string, string> = {}): OutgoingMessage => ({
    subject: `${names.subjectPrefix}.client.${type}`,
    msgId,
    headers: { 'Certplane-Event-Type': type, ...headers },
    data: enc.encode(`payload-${msgId}`),
  });

  beforeEach(() => {
    names = uniqueBusNames();
    buses = [];
  });
  afterEach(async () => {
    await Promise.all(buses.map((b) => b.close()));
    await deleteStream(natsUrl, names.streamName);
  });

  it('publishes and consumes with headers and msgId; a repeated msgId is delivered once', async () => {
    const bus = await open();
    expect(await bus.isHealthy()).toBe(true);
    const received: IncomingMessage[] = [];
    await bus.consume(consumerSpec(names.subjectPrefix), async (m) => void received.push(m), noDeadLetters);

    await bus.publish([
      message('ClientEnrolled', 'evt-1', { 'Certplane-Correlation-Id': 'corr-1' }),
      message('ClientEnrolled', 'evt-1'),
    ]);
    await bus.publish([message('ClientRemoved', 'evt-2'), message('ClientEnrolled', 'evt-1')]);

    await waitFor('two messages', () => received.length >= 2);
    await sleep(300); // room for a wrongly delivered duplicate to show up
    expect(received.map((m) => m.msgId).sort()).toEqual(['evt-1', 'evt-2']);
    const first = received.find((m) => m.msgId === 'evt-1')!;
    expect(first.subject).toBe(`${names.subjectPrefix}.client.ClientEnrolled`);
    expect(first.headers).toEqual({ 'Certplane-Event-Type': 'ClientEnrolled', 'Certplane-Correlation-Id': 'corr-1' });
    expect(dec.decode(first.data)).toBe('payload-evt-1');
    expect(first.deliveryCount).toBe(1);
  });

  it('redelivers after the backoff, then dead-letters once after maxDeliver and terminates', async () => {
    const bus = await open();
    const attempts: Array<{ count: number; at: number }> = [];
    const deadLetters: DeadLetter[] = [];
    await bus.consume(
      consumerSpec(names.subjectPrefix, { durable: 'issuer', maxDeliver: 3, backoffMs: [300, 200] }),
      async (m) => {
        attempts.push({ count: m.deliveryCount, at: Date.now() });
        throw new Error('CA unavailable');
      },
      async (dl) => void deadLetters.push(dl),
    );
    await bus.publish([message('ClientEnrolled', 'evt-fail')]);

    await waitFor('dead letter', () => deadLetters.length === 1);
    await sleep(800); // a terminated message must not come back
    expect(attempts.map((a) => a.count)).toEqual([1, 2, 3]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(250);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(150);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      consumer: 'issuer',
      subject: `${names.subjectPrefix}.client.ClientEnrolled`,
      msgId: 'evt-fail',
      deliveryCount: 3,
      error: 'Error: CA unavailable',
      headers: { 'Certplane-Event-Type': 'ClientEnrolled' },
    });
  });

  it('dead-letters a PoisonMessageError on the first delivery', async () => {
    const bus = await open();
    let calls = 0;
    const deadLetters: DeadLetter[] = [];
    await bus.consume(
      consumerSpec(names.subjectPrefix, { maxDeliver: 10 }),
      async () => {
        calls++;
        throw new PoisonMessageError('unknown event type');
      },
      async (dl) => void deadLetters.push(dl),
    );
    await bus.publish([message('Mystery', 'evt-poison')]);
    await waitFor('dead letter', () => deadLetters.length === 1);
    await sleep(300);
    expect(calls).toBe(1);
    expect(deadLetters[0]).toMatchObject({ deliveryCount: 1, error: 'PoisonMessageError: unknown event type' });
  });

  it('naks when the dead-letter sink fails and dead-letters on a later delivery', async () => {
    const bus = await open();
    let sinkCalls = 0;
    let stored: DeadLetter | undefined;
    await bus.consume(
      consumerSpec(names.subjectPrefix, { maxDeliver: 1, backoffMs: [50] }),
      async () => {
        throw new PoisonMessageError('bad');
      },
      async (dl) => {
        sinkCalls++;
        if (sinkCalls === 1) {
          throw new Error('dead-letter table down');
        }
        stored = dl;
      },
    );
    await bus.publish([message('Mystery', 'evt-sink')]);
    await waitFor('stored dead letter', () => stored !== undefined);
    await sleep(300);
    expect(sinkCalls).toBe(2);
    expect(stored!.deliveryCount).toBe(2);
  });

  it('shares one durable between two connections as a work queue', async () => {
    const [a, b] = [await open({ name: 'worker-a' }), await open({ name: 'worker-b' })];
    const handled: Array<[string, string]> = [];
    const spec = consumerSpec(names.subjectPrefix, { durable: 'projector', concurrency: 1 });
    const handler = (who: string) => async (m: IncomingMessage) => {
      await sleep(5);
      handled.push([who, m.msgId!]);
    };
    await a.consume(spec, handler('a'), noDeadLetters);
    await b.consume(spec, handler('b'), noDeadLetters);

    const ids = Array.from({ length: 40 }, (_, i) => `evt-${i}`);
    await a.publish(ids.map((id) => message('ClientEnrolled', id)));

    await waitFor('all messages', () => handled.length >= ids.length);
    await sleep(300);
    expect(handled.map(([, id]) => id).sort()).toEqual([...ids].sort());
    expect(new Set(handled.map(([who]) => who))).toEqual(new Set(['a', 'b']));
  });

  it('filters client-side when a consumer needs several subjects (one server filter on 2.9)', async () => {
    const bus = await open();
    const received: string[] = [];
    await bus.consume(
      consumerSpec(names.subjectPrefix, {
        filterSubjects: [`${names.subjectPrefix}.client.ClientEnrolled`, `${names.subjectPrefix}.client.ClientRemoved`],
      }),
      async (m) => void received.push(m.msgId!),
      noDeadLetters,
    );
    await bus.publish([
      message('ClientEnrolled', 'e1'),
      message('ClientRenamed', 'e2'),
      message('ClientRemoved', 'e3'),
    ]);
    await waitFor('two messages', () => received.length >= 2);
    await sleep(300);
    expect(received.sort()).toEqual(['e1', 'e3']);
  });

  it('stop() waits for an in-flight handler, which then acks', async () => {
    const bus = await open();
    const spec = consumerSpec(names.subjectPrefix, { durable: 'slow', concurrency: 1 });
    let finishedAt = 0;
    let started = false;
    const sub = await bus.consume(
      spec,
      async () => {
        started = true;
        await sleep(500);
        finishedAt = Date.now();
      },
      noDeadLetters,
    );
    await bus.publish([message('ClientEnrolled', 'evt-slow')]);
    await waitFor('handler start', () => started);
    await sub.stop();
    expect(finishedAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(finishedAt);

    // Acked before stop resolved: a later subscriber of the same durable gets nothing.
    const later: string[] = [];
    await bus.consume(spec, async (m) => void later.push(m.msgId!), noDeadLetters);
    await sleep(700);
    expect(later).toEqual([]);
  });

  it('hands a message whose handler never finished to a later subscriber (at-least-once)', async () => {
    const first = await open({ stopGraceMs: 300 });
    const spec = consumerSpec(names.subjectPrefix, { durable: 'stuck', concurrency: 1 });
    let started = false;
    const sub = await first.consume(
      spec,
      async () => {
        started = true;
        await new Promise(() => undefined); // hangs forever, like a wedged worker
      },
      noDeadLetters,
    );
    await first.publish([message('ClientEnrolled', 'evt-stuck')]);
    await waitFor('handler start', () => started);
    const t0 = Date.now();
    await sub.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);

    const second = await open();
    const redelivered: IncomingMessage[] = [];
    await second.consume(spec, async (m) => void redelivered.push(m), noDeadLetters);
    await waitFor('redelivery', () => redelivered.length === 1);
    expect(redelivered[0]).toMatchObject({ msgId: 'evt-stuck', deliveryCount: 2 });
  });

  it('recreates its durable consumer when it is deleted underneath it', async () => {
    const logs: string[] = [];
    const record = (m: string) => void logs.push(m);
    const bus = await open({ logger: { info: record, warn: record, error: record } });
    const handled = new Set<string>();
    await bus.consume(
      consumerSpec(names.subjectPrefix, { durable: 'rebuilt' }),
      async (m) => void handled.add(m.msgId!),
      noDeadLetters,
    );
    await bus.publish([message('ClientEnrolled', 'before')]);
    await waitFor('first message', () => handled.has('before'));

    const created = () => logs.filter((l) => l === 'created JetStream consumer').length;
    expect(created()).toBe(1);
    await deleteConsumer(natsUrl, names.streamName, 'rebuilt');
    await waitFor('consumer recreated', () => created() === 2, 10_000);
    await bus.publish([message('ClientEnrolled', 'after')]);
    await waitFor('message after recreation', () => handled.has('after'));
  });

  it('rejects bad input and reports unhealthy once closed', async () => {
    const bus = await open();
    await expect(bus.publish([{ ...message('X', 'x'), subject: 'elsewhere.client.X' }])).rejects.toThrow(
      MessagingError,
    );
    await expect(bus.publish([message('X', 'x', { 'Nats-Msg-Id': 'sneaky' })])).rejects.toThrow(/reserved/);
    await expect(bus.consume(consumerSpec('elsewhere'), async () => undefined, noDeadLetters)).rejects.toThrow(
      /outside the stream/,
    );
    await bus.close();
    expect(await bus.isHealthy()).toBe(false);
    await expect(bus.publish([message('X', 'x')])).rejects.toThrow(/closed/);
  });
});
