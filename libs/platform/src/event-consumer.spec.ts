import { loadConfig } from '@certplane/config';
import { DeadLetterStore, PostgresEventStore, StoredEvent, toOutgoingMessage } from '@certplane/event-store';
import { InProcessBus } from '@certplane/messaging';
import { CertplaneMetrics, currentTrace, ReadinessChecks, TraceContext } from '@certplane/observability';
import { EventConsumers } from './event-consumer';

const PREFIX = 'cp.events';

// One instant for every event: enrolled(n) must be the same event each time a test builds it.
const RECORDED_AT = new Date();

function enrolled(n: number): StoredEvent {
  const clientId = n.toString(16).padStart(32, '0');
  return {
    position: String(n),
    transactionId: String(n),
    eventId: `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`,
    streamId: `client-${clientId}`,
    streamVersion: 1,
    type: 'ClientEnrolled',
    schemaVersion: 1,
    data: { clientId, name: `c${n}`, topics: { insert: 'data' } },
    metadata: {
      eventId: `e${n}`,
      correlationId: `corr-${n}`,
      requestId: `req-${n}`,
      timestamp: RECORDED_AT.toISOString(),
    },
    recordedAt: RECORDED_AT,
  };
}

describe('EventConsumers: how every worker consumption is observed', () => {
  let bus: InProcessBus;
  let metrics: CertplaneMetrics;
  let readiness: ReadinessChecks;
  let logged: Array<{ msg: string; ctx?: object; trace?: TraceContext }>;
  let consumers: EventConsumers;

  beforeEach(() => {
    bus = new InProcessBus();
    metrics = new CertplaneMetrics();
    readiness = new ReadinessChecks();
    logged = [];
    const log = (msg: string, ctx?: object) => logged.push({ msg, ctx, trace: currentTrace() });
    const logger = { info: log, warn: log, error: log, debug: log };
    const config = { ...loadConfig({ CERTPLANE_CONSUMER_LAG_WARN: '2', CERTPLANE_NATS_SUBJECT_PREFIX: PREFIX }) };
    // The store holds enrolments 1 to 9; the tests publish what it holds unless they forge.
    const stored = new Map([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [enrolled(n).eventId, enrolled(n)]));
    const store = { readEvent: async (id: string) => stored.get(id) } as unknown as PostgresEventStore;
    consumers = new EventConsumers(bus, config, logger, {} as DeadLetterStore, store, metrics, readiness);
  });
  afterEach(() => bus.close());

  it('handles each event inside its trace context and logs one line per event with its ids', async () => {
    const seen: Array<TraceContext | undefined> = [];
    await consumers.subscribe('worker', [`${PREFIX}.>`], async () => void seen.push(currentTrace()));
    await bus.publish([toOutgoingMessage(enrolled(1), PREFIX)]);
    expect(seen).toEqual([
      { requestId: 'req-1', correlationId: 'corr-1', eventId: enrolled(1).eventId, consumer: 'worker' },
    ]);
    const line = logged.find((l) => l.msg === 'event handled')!;
    expect(line.ctx).toMatchObject({
      type: 'ClientEnrolled',
      streamId: enrolled(1).streamId,
      streamVersion: 1,
      delivery: 1,
      durationMs: expect.any(Number),
    });
    expect(line.trace).toMatchObject({ requestId: 'req-1', correlationId: 'corr-1' });
    expect(await metrics.eventsHandled.get()).toMatchObject({
      values: [{ labels: { consumer: 'worker', type: 'ClientEnrolled', outcome: 'ok' }, value: 1 }],
    });
  });

  it("reports each durable's lag on /metrics and on /health/ready, warning above CERTPLANE_CONSUMER_LAG_WARN", async () => {
    const release: Array<() => void> = [];
    await consumers.subscribe('slow', [`${PREFIX}.>`], () => new Promise<void>((resolve) => release.push(resolve)));
    const [check] = readiness.all();
    expect(check.name).toBe('slow:consumerLag');
    expect(await check.run()).toEqual({ status: 'pass', observedValue: 0, observedUnit: 'messages' });

    const published = bus.publish([1, 2, 3].map((n) => toOutgoingMessage(enrolled(n), PREFIX)));
    await new Promise((r) => setImmediate(r));
    expect(await check.run()).toMatchObject({
      status: 'warn',
      observedValue: 3,
      output: expect.stringContaining('CERTPLANE_CONSUMER_LAG_WARN'),
    });
    expect(await metrics.registry.getSingleMetricAsString('certplane_consumer_lag_messages')).toContain(
      'certplane_consumer_lag_messages{consumer="slow"} 3',
    );

    while (release.length > 0 || (await bus.consumerLag('slow'))! > 0) {
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    await published;
    expect((await check.run()).status).toBe('pass');
  });

  it('counts and logs a failure, and leaves the message for redelivery', async () => {
    let attempts = 0;
    await consumers.subscribe('flaky', [`${PREFIX}.>`], async () => {
      if (++attempts === 1) throw new Error('database hiccup');
    });
    await bus.publish([toOutgoingMessage(enrolled(4), PREFIX)]);
    expect(attempts).toBe(2);
    expect(logged.find((l) => l.msg === 'flaky could not handle an event')).toMatchObject({
      ctx: { delivery: 1, error: 'database hiccup' },
      trace: { correlationId: 'corr-4' },
    });
    const values = (await metrics.eventsHandled.get()).values.map((v) => `${v.labels.outcome}=${v.value}`);
    expect(values.sort()).toEqual(['failed=1', 'ok=1']);
  });

  describe('a message that is not news of a stored event', () => {
    const forged = (e: StoredEvent, msgId = e.eventId) => ({ ...toOutgoingMessage(e, PREFIX), msgId });
    const cases: Array<[string, () => ReturnType<typeof forged>, string]> = [
      ['an event id the store does not hold', () => forged(enrolled(10)), 'unknown_event'],
      ['an event id that is no uuid', () => forged({ ...enrolled(10), eventId: 'not-a-uuid' }), 'unknown_event'],
      [
        'a stored event with another body',
        () => forged({ ...enrolled(5), data: Object.assign({}, enrolled(5).data, { name: 'forged' }) }),
        'mismatch',
      ],
      [
        'a stored event claiming another stream version',
        () => forged({ ...enrolled(5), streamVersion: 2 }),
        'mismatch',
      ],
      [
        'a stored event with another actor',
        () => forged({ ...enrolled(5), metadata: { ...enrolled(5).metadata, actor: 'token:admin' } }),
        'mismatch',
      ],
      ['a stored event under a message id of its own', () => forged(enrolled(5), 'another-id'), 'republished'],
    ];
    it.each(cases)(
      '%s: handled by no one, acked, counted and logged without its body',
      async (_what, message, reason) => {
        const seen: string[] = [];
        await consumers.subscribe('worker', [`${PREFIX}.>`], async (event) => void seen.push(event.type));
        await bus.publish([message()]);
        expect(seen).toEqual([]);
        expect(await bus.consumerLag('worker')).toBe(0);
        expect((await metrics.busMessagesRejected.get()).values).toEqual([
          { labels: { consumer: 'worker', reason }, value: 1 },
        ]);
        const line = logged.find((l) => l.msg.startsWith('bus message rejected'))!;
        expect(line.ctx).toEqual({
          consumer: 'worker',
          reason,
          subject: `${PREFIX}.client.ClientEnrolled`,
          delivery: 1,
        });
        expect(JSON.stringify(logged)).not.toContain('forged');
      },
    );

    it('leaves the stored event to be handled as the store holds it', async () => {
      const names: string[] = [];
      await consumers.subscribe(
        'worker',
        [`${PREFIX}.>`],
        async (event) => void (event.type === 'ClientEnrolled' && names.push(event.data.name)),
      );
      await bus.publish([
        forged({ ...enrolled(6), data: Object.assign({}, enrolled(6).data, { name: 'forged' }) }, 'altered'),
        toOutgoingMessage(enrolled(6), PREFIX),
      ]);
      expect(names).toEqual(['c6']);
    });
  });
});
