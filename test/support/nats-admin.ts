import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, type NatsConnection } from '../../libs/messaging/src/nats-client';

/** The stream and subject prefix certplane's bus uses (CERTPLANE_NATS_STREAM, CERTPLANE_NATS_SUBJECT_PREFIX). */
export interface BusNames {
  streamName: string;
  subjectPrefix: string;
}

/** Fresh names per test or deployment, so runs sharing one NATS never collide. */
export function uniqueBusNames(): BusNames {
  const id = randomBytes(5).toString('hex');
  return { streamName: `cp-test-${id}`, subjectPrefix: `cpt.${id}.events` };
}

/** A short-lived connection of the test's own (no reconnecting), closed when fn settles. */
export async function withNats<T>(servers: string, fn: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connectNats({ servers, reconnect: false });
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

/** Deletes a test run's stream so runs leave nothing behind on the shared NATS; a missing stream is fine. */
export function deleteStream(servers: string, streamName: string): Promise<void> {
  return withNats(servers, async (nc) => {
    await (await jetstreamManager(nc)).streams.delete(streamName).catch(() => undefined);
  });
}

/** Deletes a durable consumer out from under whoever uses it. */
export function deleteConsumer(servers: string, streamName: string, durable: string): Promise<void> {
  return withNats(servers, async (nc) => {
    await (await jetstreamManager(nc)).consumers.delete(streamName, durable);
  });
}
