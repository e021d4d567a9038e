import { CertplaneConfig } from '@certplane/config';
import { describeNatsServers } from './message-bus.provider';
import { describeUrl } from './startup-failure';

/** Which database and bus a process uses, without credentials: for its start-up line and banner. */
export function runtimeSummary(config: CertplaneConfig): { database: string; bus: string } {
  return {
    database: config.databaseUrl
      ? `PostgreSQL ${describeUrl(config.databaseUrl)}`
      : `embedded PGlite in ${config.dataDir}`,
    bus: config.natsUrl
      ? `NATS JetStream ${describeNatsServers(config.natsUrl)} (stream ${config.nats.stream})`
      : 'in-process',
  };
}
