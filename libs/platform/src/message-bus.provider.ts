import { CertplaneConfig } from '@certplane/config';
import { InProcessBus, JetStreamBus, MessageBus } from '@certplane/messaging';
import { AppLogger } from './logger';

/** JetStream when NATS_URL is set; in one process without it, the in-process bus. */
export async function openMessageBus(config: CertplaneConfig, role: string, logger: AppLogger): Promise<MessageBus> {
  if (!config.natsUrl) return new InProcessBus({ logger, duplicateWindowMs: config.nats.duplicateWindowMs });
  return JetStreamBus.connect({
    servers: config.natsUrl,
    streamName: config.nats.stream,
    subjectPrefix: config.nats.subjectPrefix,
    duplicateWindowMs: config.nats.duplicateWindowMs,
    name: `certplane-${role}`,
    logger,
  });
}
