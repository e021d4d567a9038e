import { jetstream, jetstreamManager, type PubAck } from '@nats-io/jetstream';
import type { OutgoingMessage } from '@certplane/messaging';
import { createHeaders } from '../../libs/messaging/src/nats-client';
import { withNats } from './nats-admin';
import { pollUntil } from './wait';

export interface SeenMessage {
  seq: number;
  subject: string;
  msgId?: string;
  /** The certplane envelope (parsed JSON payload). */
  envelope: { eventId: string; type: string; streamId: string; streamVersion: number; [k: string]: unknown };
}

/**
 * Reads the whole stream as a subscriber would: through a fresh ordered (ephemeral) consumer
 * from the first message to the stream's last sequence at the time of the call.
 */
export function readWholeStream(servers: string, streamName: string): Promise<SeenMessage[]> {
  return withNats(servers, async (nc) => {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(streamName);
    const last = info.state.last_seq;
    const seen: SeenMessage[] = [];
    if (info.state.messages === 0) return seen;
    const consumer = await jetstream(nc).consumers.get(streamName);
    for (;;) {
      const m = await consumer.next({ expires: 2_000 });
      if (!m)
        throw new Error(
          `ordered consumer on ${streamName} stalled at ${seen.length} message(s), stream last_seq ${last}`,
        );
      seen.push({
        seq: m.seq,
        subject: m.subject,
        msgId: m.headers?.get('Nats-Msg-Id') || undefined,
        envelope: m.json(),
      });
      if (m.seq >= last) return seen;
    }
  });
}

/** Publishes with a raw JetStream client, bypassing certplane's bus; returns the PubAck. */
export function publishRaw(servers: string, m: OutgoingMessage, msgId: string): Promise<PubAck> {
  return withNats(servers, async (nc) => {
    const h = createHeaders();
    for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
    return jetstream(nc).publish(m.subject, m.data, { msgID: msgId, headers: h });
  });
}

export interface DurableState {
  ackFloor: number;
  delivered: number;
  pending: number;
  ackPending: number;
  redelivered: number;
}

export function durableState(servers: string, streamName: string, durable: string): Promise<DurableState> {
  return withNats(servers, async (nc) => {
    const i = await (await jetstreamManager(nc)).consumers.info(streamName, durable);
    return {
      ackFloor: i.ack_floor.stream_seq,
      delivered: i.delivered.stream_seq,
      pending: i.num_pending,
      ackPending: i.num_ack_pending,
      redelivered: i.num_redelivered,
    };
  });
}

/** True once the durable has nothing undelivered or unacknowledged, and got at least to stream sequence minSeq. */
export async function durableCaughtUp(
  servers: string,
  streamName: string,
  durable: string,
  minSeq = 0,
): Promise<boolean> {
  const s = await durableState(servers, streamName, durable);
  return s.pending === 0 && s.ackPending === 0 && s.ackFloor >= minSeq;
}

/** Waits until every one of the durables has caught up (see durableCaughtUp). */
export function waitForDurablesCaughtUp(
  servers: string,
  streamName: string,
  durables: string[],
  { minSeq = 0, timeoutMs = 15_000 } = {},
): Promise<true> {
  const what = `durables ${durables.join(', ')} to acknowledge up to stream sequence ${minSeq}`;
  return pollUntil(
    what,
    async () => {
      for (const d of durables) if (!(await durableCaughtUp(servers, streamName, d, minSeq))) return undefined;
      return true as const;
    },
    { timeoutMs, everyMs: 50 },
  );
}
