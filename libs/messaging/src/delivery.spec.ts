import { backoffDelayMs } from './consumer-spec';
import { settleDelivery } from './delivery';
import type { ConsumerSpec, IncomingMessage } from './message-bus';
import { silentLogger } from './message-bus';
import { PoisonMessageError } from './messaging.errors';

const spec: ConsumerSpec = {
  durable: 'd',
  filterSubjects: ['a.>'],
  maxDeliver: 3,
  ackWaitMs: 1000,
  backoffMs: [100, 500],
  concurrency: 1,
};
const incoming = (deliveryCount: number): IncomingMessage => ({
  subject: 'a.b',
  msgId: 'm',
  headers: { h: 'v' },
  data: new Uint8Array([1]),
  deliveryCount,
});
const ok = async () => undefined;
const fail = async () => {
  throw new Error('nope');
};

describe('backoffDelayMs', () => {
  it('picks the n-th value and repeats the last', () => {
    expect([1, 2, 3, 9].map((n) => backoffDelayMs([100, 500], n))).toEqual([100, 500, 500, 500]);
    expect(backoffDelayMs([], 3)).toBe(0);
  });
});

describe('settleDelivery', () => {
  it('acks on success', async () => {
    expect(await settleDelivery(incoming(1), spec, ok, fail, silentLogger)).toEqual({ kind: 'ack' });
  });

  it('naks with the backoff for the delivery while below maxDeliver', async () => {
    expect(await settleDelivery(incoming(1), spec, fail, fail, silentLogger)).toEqual({ kind: 'nak', delayMs: 100 });
    expect(await settleDelivery(incoming(2), spec, fail, fail, silentLogger)).toEqual({ kind: 'nak', delayMs: 500 });
  });

  it('treats a synchronous throw like a rejection', async () => {
    const syncThrow = (() => {
      throw new Error('sync');
    }) as unknown as () => Promise<void>;
    expect(await settleDelivery(incoming(1), spec, syncThrow, fail, silentLogger)).toEqual({
      kind: 'nak',
      delayMs: 100,
    });
  });

  it('dead-letters and terminates at maxDeliver, or at once for poison', async () => {
    const sink = jest.fn(async () => undefined);
    expect(await settleDelivery(incoming(3), spec, fail, sink, silentLogger)).toEqual({ kind: 'term' });
    expect(sink).toHaveBeenLastCalledWith({
      consumer: 'd',
      subject: 'a.b',
      msgId: 'm',
      headers: { h: 'v' },
      data: new Uint8Array([1]),
      error: 'Error: nope',
      deliveryCount: 3,
    });
    const poison = async () => {
      throw new PoisonMessageError('garbage');
    };
    expect(await settleDelivery(incoming(1), spec, poison, sink, silentLogger)).toEqual({ kind: 'term' });
    // Recognised by name too, for a PoisonMessageError from another copy of the library.
    const lookalike = async () => {
      const e = new Error('x');
      e.name = 'PoisonMessageError';
      throw e;
    };
    expect(await settleDelivery(incoming(1), spec, lookalike, sink, silentLogger)).toEqual({ kind: 'term' });
  });

  it('naks when the dead-letter sink fails', async () => {
    expect(await settleDelivery(incoming(3), spec, fail, fail, silentLogger)).toEqual({ kind: 'nak', delayMs: 500 });
  });
});
