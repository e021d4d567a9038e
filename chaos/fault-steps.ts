import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createHeaders } from '../libs/messaging/src/nats-client';
import { withNats } from '../test/support/nats-admin';
import { takeTokenAway } from '../test/support/softhsm';
import { pollUntil } from '../test/support/wait';
import { LoadGenerator } from './load-generator';
import { ChaosTopology, RUN_ACK_WAIT_MS } from './topology';

export type FaultKind =
  | 'nats-restart'
  | 'issuer-kill'
  | 'postgres-restart'
  | 'projector-freeze'
  | 'duplicates-and-poison'
  | 'api-restart'
  | 'stream-loss'
  | 'hsm-unavailable';

/** When a fault was in effect, from the first disruption to the moment the component was back. */
export interface FaultWindow {
  kind: FaultKind;
  start: number;
  end: number;
  note?: string;
}

export interface FaultContext {
  topo: ChaosTopology;
  load: LoadGenerator;
  log: (line: string) => void;
  /** Pause inside a step (e.g. how long the issuer stays dead), scaled to the run's length. */
  pauseMs: number;
  /** Longer than the consumers' ack wait (RUN_ACK_WAIT_MS), so the frozen projector's messages are redelivered. */
  freezeMs: number;
  /** Message ids of the poison messages published, for the dead-letter check. */
  poisonIds: string[];
  duplicatesPublished: number;
}

export interface FaultStep {
  kind: FaultKind;
  run(ctx: FaultContext): Promise<string | undefined>;
}

export const FAULT_STEPS: FaultStep[] = [
  {
    kind: 'nats-restart',
    async run({ topo }) {
      await topo.nats.kill();
      await sleep(2_000);
      await topo.nats.restart();
      return `nats-server kill -9, restarted on ${topo.nats.storeDir}`;
    },
  },
  {
    kind: 'issuer-kill',
    async run({ topo, load, pauseMs }) {
      const victim = topo.issuers[0];
      const issuedBefore = issuedBy(victim.current!.logLines());
      const burst = load.burst(24, String(Date.now()));
      // Mid-batch: the burst is arriving and the victim has just issued one of it.
      await pollUntil(
        'cert-issuer-1 to issue during the burst',
        () => (issuedBy(victim.current!.logLines()) > issuedBefore ? true : undefined),
        { timeoutMs: 20_000, everyMs: 10 },
      ).catch(() => undefined);
      await victim.kill9();
      await burst;
      await sleep(pauseMs);
      await victim.start();
      return `cert-issuer-1 kill -9 after it issued ${issuedBy(victim.incarnations[victim.incarnations.length - 2].logLines()) - issuedBefore} of a burst of 24, restarted ${pauseMs} ms later`;
    },
  },
  {
    // The token leaves SoftHSM2's store under a burst of enrolments: they are accepted and wait, both
    // cert-issuers fail to sign until it is back, then issue each once (the run's checks: nothing lost or twice).
    kind: 'hsm-unavailable',
    async run({ topo, load, pauseMs }) {
      const failedBefore = signingFailures(topo);
      const bringBack = takeTokenAway(topo.hsm);
      let failed = 0;
      try {
        const burst = load.burst(12, `hsm-${Date.now()}`);
        // Away until a cert-issuer has failed to sign (the fault took), then for the pause.
        failed = await pollUntil(
          'a cert-issuer to fail signing while the token is away',
          () => (signingFailures(topo) > failedBefore ? signingFailures(topo) - failedBefore : undefined),
          { timeoutMs: 20_000, everyMs: 50 },
        ).catch(() => 0);
        await Promise.all([burst, sleep(pauseMs)]);
      } finally {
        bringBack();
      }
      return `SoftHSM2 token ${topo.hsm.tokenLabel} away under a burst of 12 enrolments (${failed} signing failures seen), back ${pauseMs} ms after the first`;
    },
  },
  {
    kind: 'postgres-restart',
    async run({ topo, pauseMs }) {
      topo.pg.stopImmediate();
      await sleep(Math.min(pauseMs, 5_000));
      topo.pg.start();
      return 'pg_ctl stop -m immediate, started again';
    },
  },
  {
    kind: 'projector-freeze',
    async run({ topo, freezeMs }) {
      topo.projector.signal('SIGSTOP');
      await sleep(freezeMs);
      topo.projector.signal('SIGCONT');
      return `projector SIGSTOP for ${freezeMs} ms (ack wait ${RUN_ACK_WAIT_MS} ms), SIGCONT`;
    },
  },
  {
    kind: 'duplicates-and-poison',
    async run(ctx) {
      const { topo } = ctx;
      return withNats(topo.nats.url, async (nc) => {
        const jsm = await jetstreamManager(nc);
        const js = jetstream(nc);
        const info = await jsm.streams.info(topo.bus.streamName);
        // Copies of delivered events under new message ids: JetStream stores them as new messages.
        const last = info.state.last_seq;
        const seqs = Array.from(
          { length: Math.min(40, last) },
          (_, i) => Math.max(info.state.first_seq, last - 200) + i * 5,
        ).filter((s) => s <= last);
        for (const seq of seqs) {
          const m = await jsm.streams.getMessage(topo.bus.streamName, { seq }).catch(() => undefined);
          if (!m) continue;
          const h = createHeaders();
          for (const [k, v] of m.header ?? []) if (k !== 'Nats-Msg-Id') for (const value of v) h.append(k, value);
          await js.publish(m.subject, m.data, { msgID: randomUUID(), headers: h });
          ctx.duplicatesPublished++;
        }
        const unparseable = `chaos-poison-${randomUUID()}`;
        await js.publish(`${topo.bus.subjectPrefix}.client.ClientEnrolled`, Buffer.from('{"eventId": not json'), {
          msgID: unparseable,
        });
        // A well-formed enrolment the store never held: not poison but a forgery, which no consumer
        // acts on. Had one, read_model_diff would show a client the rebuild does not have.
        const clientId = randomUUID().replace(/-/g, '');
        const eventId = randomUUID();
        const forged = {
          eventId,
          type: 'ClientEnrolled',
          schemaVersion: 1,
          streamId: `client-${clientId}`,
          streamVersion: 1,
          position: '1',
          recordedAt: new Date().toISOString(),
          data: { clientId, name: `chaos-forged-${clientId.slice(0, 8)}`, topics: { insert: 'data' } },
          metadata: { eventId, correlationId: randomUUID(), timestamp: new Date().toISOString() },
        };
        await js.publish(`${topo.bus.subjectPrefix}.client.ClientEnrolled`, Buffer.from(JSON.stringify(forged)), {
          msgID: eventId,
        });
        ctx.poisonIds.push(unparseable);
        return `${ctx.duplicatesPublished} copies of delivered events under new ids, a poison message (unparseable), a forged enrolment`;
      });
    },
  },
  {
    // The news is lost, the store is not: what the stream held is re-driven by the reconcilers,
    // and the bus makes the stream again for what comes next.
    kind: 'stream-loss',
    async run({ topo }) {
      const before = await withNats(topo.nats.url, async (nc) => {
        const jsm = await jetstreamManager(nc);
        const messages = (await jsm.streams.info(topo.bus.streamName)).state.messages;
        await jsm.streams.delete(topo.bus.streamName);
        return messages;
      });
      return `stream ${topo.bus.streamName} deleted under load with ${before} messages in it`;
    },
  },
  {
    kind: 'api-restart',
    async run({ topo }) {
      const exit = await topo.api.terminate();
      await topo.api.start();
      return `api SIGTERM (exit ${exit.code ?? exit.signal}), new api started`;
    },
  },
];

const issuedBy = (lines: Array<Record<string, any>>) => lines.filter((l) => l.msg === 'certificate issued').length;

/** Log lines of every cert-issuer incarnation naming a failure of the HSM (Pkcs11Failure's messages). */
const signingFailures = (topo: ChaosTopology) =>
  topo.issuers
    .flatMap((slot) => slot.incarnations.flatMap((run) => run.logLines()))
    .filter((l) => /PKCS#11|the HSM /.test(String(l.error ?? ''))).length;
