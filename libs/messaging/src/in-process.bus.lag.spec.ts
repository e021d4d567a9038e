import { InProcessBus } from './in-process.bus';
import type { ConsumerSpec, DeadLetter } from './message-bus';

const spec = (durable: string): ConsumerSpec => ({
  durable,
  filterSubjects: ['cp.events.>'],
  maxDeliver: 3,
  ackWaitMs: 1000,
  backoffMs: [5],
  concurrency: 1,
});
const noDeadLetters = async (dl: DeadLetter) => {
  throw new Error(`unexpected dead letter ${dl.msgId}`);
};
const msg = (id: string) => ({ subject: 'cp.events.client.X', msgId: id, headers: {}, data: new Uint8Array() });

describe('InProcessBus consumer lag', () => {
  it('counts what a durable was handed and has not settled, and knows no durable it never saw', async () => {
    const bus = new InProcessBus();
    const release: Array<() => void> = [];
    await bus.consume(spec('slow'), () => new Promise<void>((resolve) => release.push(resolve)), noDeadLetters);
    expect(await bus.consumerLag('slow')).toBe(0);
    expect(await bus.consumerLag('nobody')).toBeUndefined();

    const published = bus.publish([msg('m1'), msg('m2'), msg('m3')]);
    await new Promise((r) => setImmediate(r));
    expect(await bus.consumerLag('slow')).toBe(3);
    while ((await bus.consumerLag('slow'))! > 0) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await published;
    expect(await bus.consumerLag('slow')).toBe(0);
    await bus.close();
  });
});
