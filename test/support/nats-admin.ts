import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** Deletes a test run's stream so runs leave nothing behind on the shared NATS. */
export async function deleteStream(servers: string, streamName: string): Promise<void> {
  const nc = await connect({ servers });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamName).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
