import { CertplaneConfig } from '@certplane/config';
import { InProcessBus, JetStreamBus, MessageBus } from '@certplane/messaging';
import { AppLogger } from './logger';
import { describeUrl, StartupFailure } from './startup-failure';

/** JetStream when NATS_URL is set; in one process without it, the in-process bus. */
export async function openMessageBus(config: CertplaneConfig, role: string, logger: AppLogger): Promise<MessageBus> {
  if (!config.natsUrl) return new InProcessBus({ logger, duplicateWindowMs: config.nats.duplicateWindowMs });
  try {
    return await JetStreamBus.connect({
      servers: config.natsUrl,
      streamName: config.nats.stream,
      subjectPrefix: config.nats.subjectPrefix,
      duplicateWindowMs: config.nats.duplicateWindowMs,
      auth: config.nats.auth,
      tls: config.nats.tls,
      durability: config.nats.durability,
      name: `certplane-${role}`,
      logger,
    });
  } catch (e) {
    throw busFailure(e, config);
  }
}

/** What went wrong reaching NATS_URL or setting up the stream, and what to do about it, in one line. */
function busFailure(e: unknown, config: CertplaneConfig): StartupFailure {
  const where = describeNatsServers(config.natsUrl!);
  const message = (e instanceof Error ? e.message : String(e)).replace(/^cannot connect to NATS at \S+: /, '');
  if (/overlap/i.test(message)) {
    return new StartupFailure(
      `the JetStream stream ${config.nats.stream} would take the subjects ${config.nats.subjectPrefix}.>, which another stream on ${where} already has: ` +
        `give certplane subjects of its own (CERTPLANE_NATS_SUBJECT_PREFIX, and CERTPLANE_NATS_STREAM for the stream's name) or delete the other stream`,
      { cause: e },
    );
  }
  if (/jetstream not enabled|jetstream is not enabled|503/i.test(message)) {
    return new StartupFailure(`NATS at ${where} (NATS_URL) runs without JetStream: start nats-server with -js`, {
      cause: e,
    });
  }
  if (/refused|ENOTFOUND|EAI_AGAIN|timeout|TIMEOUT/i.test(`${message} ${(e as { code?: string }).code ?? ''}`)) {
    return new StartupFailure(
      `cannot reach NATS at ${where} (NATS_URL): ${message}; start nats-server -js, or point NATS_URL at a running server`,
      { cause: e },
    );
  }
  if (/authoriz|authenticat|permission/i.test(message)) {
    return new StartupFailure(
      `NATS at ${where} refused certplane (NATS_URL): ${message}; check its credentials and permissions`,
      { cause: e },
    );
  }
  return new StartupFailure(`cannot use NATS at ${where} (NATS_URL): ${message}`, { cause: e });
}

export function describeNatsServers(servers: string): string {
  return servers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => describeUrl(s.includes('://') ? s : `nats://${s}`))
    .join(',');
}
