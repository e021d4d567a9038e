import { jetstream, jetstreamManager, type PubAck } from '@nats-io/jetstream';
import type { ConnectionOptions, MsgHdrs, NatsConnection } from '@nats-io/nats-core';
import * as transport from '@nats-io/transport-node';
import type { OutgoingMessage } from '@certplane/messaging';

// Typed by hand for the reason given in libs/messaging/src/nats-client.ts (node10 resolution cannot follow the re-export).
const { connect, headers: natsHeaders } = transport as unknown as { connect(o: ConnectionOptions): Promise<NatsConnection>; headers(): MsgHdrs };

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
export async function readWholeStream(servers: string, streamName: string): Promise<SeenMessage[]> {
  const nc = await connect({ servers, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(streamName);
    const last = info.state.last_seq;
    const seen: SeenMessage[] = [];
    if (info.state.messages === 0) return seen;
    const consumer = await jetstream(nc).consumers.get(streamName);
    for (;;) {
      const m = await consumer.next({ expires: 2_000 });
      if (!m) throw new Error(`ordered consumer on ${streamName} stalled at ${seen.length} message(s), stream last_seq ${last}`);
      seen.push({ seq: m.seq, subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id') || undefined, envelope: m.json() });
      if (m.seq >= last) return seen;
    }
  } finally {
    await nc.close();
  }
}

/** Publishes with a raw JetStream client, bypassing certplane's bus; returns the PubAck. */
export async function publishRaw(servers: string, m: OutgoingMessage, msgId: string): Promise<PubAck> {
  const nc = await connect({ servers, reconnect: false });
  try {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
    return await jetstream(nc).publish(m.subject, m.data, { msgID: msgId, headers: h });
  } finally {
    await nc.close();
  }
}

export interface DurableState {
  ackFloor: number;
  delivered: number;
  pending: number;
  ackPending: number;
  redelivered: number;
}

export async function durableState(servers: string, streamName: string, durable: string): Promise<DurableState> {
  const nc = await connect({ servers, reconnect: false });
  try {
    const i = await (await jetstreamManager(nc)).consumers.info(streamName, durable);
    return { ackFloor: i.ack_floor.stream_seq, delivered: i.delivered.stream_seq, pending: i.num_pending, ackPending: i.num_ack_pending, redelivered: i.num_redelivered };
  } finally {
    await nc.close();
  }
}

/** True once the durable has nothing undelivered or unacknowledged, and got at least to stream sequence minSeq. */
export async function durableCaughtUp(servers: string, streamName: string, durable: string, minSeq = 0): Promise<boolean> {
  const s = await durableState(servers, streamName, durable);
  return s.pending === 0 && s.ackPending === 0 && s.ackFloor >= minSeq;
}
