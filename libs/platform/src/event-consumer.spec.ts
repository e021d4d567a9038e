import { loadConfig } from '@certplane/config';
import { DeadLetterStore, StoredEvent, toOutgoingMessage } from '@certplane/event-store';
import { InProcessBus } from '@certplane/messaging';
import { CertplaneMetrics, currentTrace, ReadinessChecks, TraceContext } from '@certplane/observability';
import { EventConsumers } from './event-consumer';

const PREFIX = 'cp.events';

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
    metadata: { eventId: `e${n}`, correlationId: `corr-${n}`, requestId: `req-${n}`, timestamp: new Date().toISOString() },
    recordedAt: new Date(),
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
    consumers = new EventConsumers(bus, config, logger, {} as DeadLetterStore, metrics, readiness);
  });
  afterEach(() => bus.close());

  it('handles each event inside its trace context and logs one line per event with its ids', async () => {
    const seen: Array<TraceContext | undefined> = [];
    await consumers.subscribe('worker', [`${PREFIX}.>`], async () => void seen.push(currentTrace()));
    await bus.publish([toOutgoingMessage(enrolled(1), PREFIX)]);
    expect(seen).toEqual([{ requestId: 'req-1', correlationId: 'corr-1', eventId: enrolled(1).eventId, consumer: 'worker' }]);
    const line = logged.find((l) => l.msg === 'event handled')!;
    expect(line.ctx).toMatchObject({ type: 'ClientEnrolled', streamId: enrolled(1).streamId, streamVersion: 1, delivery: 1, durationMs: expect.any(Number) });
    expect(line.trace).toMatchObject({ requestId: 'req-1', correlationId: 'corr-1' });
    expect(await metrics.eventsHandled.get()).toMatchObject({ values: [{ labels: { consumer: 'worker', type: 'ClientEnrolled', outcome: 'ok' }, value: 1 }] });
  });

  it("reports each durable's lag on /metrics and on /health/ready, warning above CERTPLANE_CONSUMER_LAG_WARN", async () => {
    const release: Array<() => void> = [];
    await consumers.subscribe('slow', [`${PREFIX}.>`], () => new Promise<void>((resolve) => release.push(resolve)));
    const [check] = readiness.all();
    expect(check.name).toBe('slow:consumerLag');
    expect(await check.run()).toEqual({ status: 'pass', observedValue: 0, observedUnit: 'messages' });

    const published = bus.publish([1, 2, 3].map((n) => toOutgoingMessage(enrolled(n), PREFIX)));
    await new Promise((r) => setImmediate(r));
    expect(await check.run()).toMatchObject({ status: 'warn', observedValue: 3, output: expect.stringContaining('CERTPLANE_CONSUMER_LAG_WARN') });
    expect(await metrics.registry.getSingleMetricAsString('certplane_consumer_lag_messages')).toContain('certplane_consumer_lag_messages{consumer="slow"} 3');

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
    expect(logged.find((l) => l.msg === 'flaky could not handle an event')).toMatchObject({ ctx: { delivery: 1, error: 'database hiccup' }, trace: { correlationId: 'corr-4' } });
    const values = (await metrics.eventsHandled.get()).values.map((v) => `${v.labels.outcome}=${v.value}`);
    expect(values.sort()).toEqual(['failed=1', 'ok=1']);
  });
});
