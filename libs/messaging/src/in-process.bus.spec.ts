import { InProcessBus } from './in-process.bus';
import type { ConsumerSpec, DeadLetter, IncomingMessage, OutgoingMessage } from './message-bus';
import { MessagingError, PoisonMessageError } from './messaging.errors';

const enc = new TextEncoder();
const dec = new TextDecoder();

function msg(subject: string, msgId: string, body = msgId): OutgoingMessage {
  return { subject, msgId, headers: { 'Certplane-Event-Type': subject.split('.').pop()! }, data: enc.encode(body) };
}

function spec(overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return {
    durable: 'worker',
    filterSubjects: ['cp.events.>'],
    maxDeliver: 3,
    ackWaitMs: 1000,
    backoffMs: [5],
    concurrency: 1,
    ...overrides,
  };
}

const noDeadLetters = async (dl: DeadLetter) => {
  throw new Error(`unexpected dead letter ${dl.msgId}`);
};

describe('InProcessBus', () => {
  let bus: InProcessBus;
  beforeEach(() => {
    bus = new InProcessBus();
  });
  afterEach(() => bus.close());

  it('fans out to every durable whose filters match, with headers and msgId', async () => {
    const projector: IncomingMessage[] = [];
    const issuer: IncomingMessage[] = [];
    const other: IncomingMessage[] = [];
    await bus.consume(
      spec({ durable: 'projector', filterSubjects: ['cp.events.>'] }),
      async (m) => void projector.push(m),
      noDeadLetters,
    );
    await bus.consume(
      spec({
        durable: 'issuer',
        filterSubjects: ['cp.events.client.ClientEnrolled', 'cp.events.client.ClientRemoved'],
      }),
      async (m) => void issuer.push(m),
      noDeadLetters,
    );
    await bus.consume(
      spec({ durable: 'other', filterSubjects: ['cp.events.cert.*'] }),
      async (m) => void other.push(m),
      noDeadLetters,
    );

    await bus.publish([msg('cp.events.client.ClientEnrolled', 'e1'), msg('cp.events.client.ClientRenamed', 'e2')]);

    expect(projector.map((m) => m.msgId)).toEqual(['e1', 'e2']);
    expect(issuer).toHaveLength(1);
    expect(issuer[0]).toMatchObject({
      subject: 'cp.events.client.ClientEnrolled',
      msgId: 'e1',
      deliveryCount: 1,
      headers: { 'Certplane-Event-Type': 'ClientEnrolled' },
    });
    expect(dec.decode(issuer[0].data)).toBe('e1');
    expect(other).toHaveLength(0);
  });

  it('delivers each message to only one subscription of the same durable', async () => {
    const seen: Array<[string, string]> = [];
    await bus.consume(spec(), async (m) => void seen.push(['a', m.msgId!]), noDeadLetters);
    await bus.consume(spec(), async (m) => void seen.push(['b', m.msgId!]), noDeadLetters);

    await bus.publish(Array.from({ length: 10 }, (_, i) => msg('cp.events.client.X', `m${i}`)));

    expect(seen.map(([, id]) => id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
    expect(new Set(seen.map(([who]) => who))).toEqual(new Set(['a', 'b']));
  });

  it('keeps publish order for a subscription with concurrency 1', async () => {
    const order: string[] = [];
    await bus.consume(
      spec(),
      async (m) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        order.push(m.msgId!);
      },
      noDeadLetters,
    );
    const ids = Array.from({ length: 20 }, (_, i) => `m${i}`);
    await bus.publish(ids.map((id) => msg('cp.events.x.Y', id)));
    expect(order).toEqual(ids);
  });

  it('runs at most `concurrency` handlers at once', async () => {
    let running = 0;
    let peak = 0;
    await bus.consume(
      spec({ concurrency: 3 }),
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
      noDeadLetters,
    );
    await bus.publish(Array.from({ length: 12 }, (_, i) => msg('cp.events.x.Y', `m${i}`)));
    expect(peak).toBe(3);
  });

  it('retries failures with the backoff delays until the handler succeeds', async () => {
    const attempts: Array<{ count: number; at: number }> = [];
    await bus.consume(
      spec({ maxDeliver: 5, backoffMs: [20, 40] }),
      async (m) => {
        attempts.push({ count: m.deliveryCount, at: Date.now() });
        if (m.deliveryCount < 4) {
          throw new Error('transient');
        }
      },
      noDeadLetters,
    );

    await bus.publish([msg('cp.events.x.Y', 'm1')]);

    expect(attempts.map((a) => a.count)).toEqual([1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    expect(gaps[0]).toBeGreaterThanOrEqual(18); // backoffMs[0]
    expect(gaps[1]).toBeGreaterThanOrEqual(38); // backoffMs[1]
    expect(gaps[2]).toBeGreaterThanOrEqual(38); // last value repeats
  });

  it('dead-letters after maxDeliver failed deliveries', async () => {
    const deadLetters: DeadLetter[] = [];
    let calls = 0;
    await bus.consume(
      spec({ durable: 'issuer', maxDeliver: 3, backoffMs: [1] }),
      async () => {
        calls++;
        throw new Error('boom');
      },
      async (dl) => void deadLetters.push(dl),
    );

    await bus.publish([msg('cp.events.x.Y', 'm1')]);

    expect(calls).toBe(3);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      consumer: 'issuer',
      subject: 'cp.events.x.Y',
      msgId: 'm1',
      deliveryCount: 3,
      error: 'Error: boom',
    });
    expect(dec.decode(deadLetters[0].data)).toBe('m1');
  });

  it('dead-letters a PoisonMessageError on the first delivery', async () => {
    const deadLetters: DeadLetter[] = [];
    let calls = 0;
    await bus.consume(
      spec({ maxDeliver: 10 }),
      async () => {
        calls++;
        throw new PoisonMessageError('unknown event type');
      },
      async (dl) => void deadLetters.push(dl),
    );

    await bus.publish([msg('cp.events.x.Y', 'm1')]);

    expect(calls).toBe(1);
    expect(deadLetters).toEqual([
      expect.objectContaining({ deliveryCount: 1, error: 'PoisonMessageError: unknown event type' }),
    ]);
  });

  it('keeps retrying when the dead-letter sink fails, instead of losing the message', async () => {
    let sinkCalls = 0;
    await bus.consume(
      spec({ maxDeliver: 1, backoffMs: [1] }),
      async () => {
        throw new PoisonMessageError('bad');
      },
      async () => {
        sinkCalls++;
        if (sinkCalls < 3) {
          throw new Error('dead-letter table unavailable');
        }
      },
    );
    await bus.publish([msg('cp.events.x.Y', 'm1')]);
    expect(sinkCalls).toBe(3);
  });

  it('de-duplicates a repeated msgId within the window, across and inside calls', async () => {
    const seen: string[] = [];
    await bus.consume(spec(), async (m) => void seen.push(m.msgId!), noDeadLetters);
    await bus.publish([msg('cp.events.x.Y', 'm1'), msg('cp.events.x.Y', 'm1')]);
    await bus.publish([msg('cp.events.x.Y', 'm1'), msg('cp.events.x.Y', 'm2')]);
    expect(seen).toEqual(['m1', 'm2']);
  });

  it('accepts a msgId again once the duplicate window has passed', async () => {
    const shortBus = new InProcessBus({ duplicateWindowMs: 20 });
    const seen: string[] = [];
    await shortBus.consume(spec(), async (m) => void seen.push(m.msgId!), noDeadLetters);
    await shortBus.publish([msg('cp.events.x.Y', 'm1')]);
    await new Promise((r) => setTimeout(r, 30));
    await shortBus.publish([msg('cp.events.x.Y', 'm1')]);
    await shortBus.close();
    expect(seen).toEqual(['m1', 'm1']);
  });

  it('resolves publish only after every matching handler finished', async () => {
    let finished = 0;
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 30));
      finished++;
    };
    await bus.consume(spec({ durable: 'a' }), slow, noDeadLetters);
    await bus.consume(
      spec({ durable: 'b', backoffMs: [10] }),
      async (m) => {
        if (m.deliveryCount === 1) {
          throw new Error('first try fails');
        }
        await slow();
      },
      noDeadLetters,
    );

    let resolved = false;
    const publishing = bus.publish([msg('cp.events.x.Y', 'm1')]).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 15));
    expect(resolved).toBe(false);
    await publishing;
    expect(finished).toBe(2);
  });

  it('a duplicate publish waits for the original to be handled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await bus.consume(spec(), () => gate, noDeadLetters);
    let duplicateDone = false;
    const first = bus.publish([msg('cp.events.x.Y', 'm1')]);
    const second = bus.publish([msg('cp.events.x.Y', 'm1')]).then(() => (duplicateDone = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(duplicateDone).toBe(false);
    release();
    await Promise.all([first, second]);
  });

  it('does not keep messages published before a durable subscribed', async () => {
    await bus.publish([msg('cp.events.x.Y', 'early')]);
    const seen: string[] = [];
    await bus.consume(spec(), async (m) => void seen.push(m.msgId!), noDeadLetters);
    await bus.publish([msg('cp.events.x.Y', 'late')]);
    expect(seen).toEqual(['late']);
  });

  it('stop() waits for the in-flight handler; a message queued behind it moves to another member', async () => {
    const seen: Array<[string, string]> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = await bus.consume(
      spec(),
      async (m) => {
        seen.push(['a', m.msgId!]);
        await gate;
      },
      noDeadLetters,
    );
    // Only `a` exists: m1 runs, m2 waits for a's single slot.
    const publishing = bus.publish([msg('cp.events.x.Y', 'm1'), msg('cp.events.x.Y', 'm2')]);
    await new Promise((r) => setTimeout(r, 5));
    await bus.consume(spec(), async (m) => void seen.push(['b', m.msgId!]), noDeadLetters);

    let stopped = false;
    const stopping = a.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false); // m1's handler is still running
    expect(seen).toEqual([
      ['a', 'm1'],
      ['b', 'm2'],
    ]);
    release();
    await stopping;
    await publishing;
  });

  it('rejects publish when the only subscription of a durable stops mid-retry, and allows a retry later', async () => {
    const sub = await bus.consume(
      spec({ maxDeliver: 100, backoffMs: [20] }),
      async () => {
        throw new Error('down');
      },
      noDeadLetters,
    );
    const publishing = bus.publish([msg('cp.events.x.Y', 'm1')]);
    await new Promise((r) => setTimeout(r, 5));
    await sub.stop();
    await expect(publishing).rejects.toThrow(MessagingError);

    const seen: string[] = [];
    await bus.consume(spec(), async (m) => void seen.push(m.msgId!), noDeadLetters);
    await bus.publish([msg('cp.events.x.Y', 'm1')]);
    expect(seen).toEqual(['m1']);
  });

  it('validates input and refuses to work once closed', async () => {
    await expect(bus.consume(spec({ durable: 'bad name' }), async () => undefined, noDeadLetters)).rejects.toThrow(
      MessagingError,
    );
    await expect(bus.consume(spec({ filterSubjects: [] }), async () => undefined, noDeadLetters)).rejects.toThrow(
      MessagingError,
    );
    await expect(bus.publish([msg('cp.events.*', 'x')])).rejects.toThrow(MessagingError);
    await expect(bus.publish([{ ...msg('cp.events.x', 'x'), msgId: '' }])).rejects.toThrow(MessagingError);
    expect(await bus.isHealthy()).toBe(true);
    await bus.close();
    expect(await bus.isHealthy()).toBe(false);
    await expect(bus.publish([msg('cp.events.x', 'x')])).rejects.toThrow('closed');
  });
});
