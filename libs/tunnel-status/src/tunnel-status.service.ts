import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { TunnelCreated, TunnelDeleted, TunnelTokenRotated } from '@certplane/domain';
import { PostgresEventStore, StoredEvent, TunnelRegistry } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { CoreNatsClient, Subscription } from '@certplane/messaging';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import { TunnelCredentialCache } from './credential-cache';
import { StatusReceiverStats, TunnelStatusReceiver } from './status-report.receiver';
import { tunnelStatusFilter } from './status-subject';
import { TunnelMetricsStore, TunnelStatus } from './tunnel-metrics.store';

const HOUSEKEEPING_MS = 60_000;
const CHANGES_CREDENTIALS = new Set<string>([TunnelCreated.type, TunnelTokenRotated.type, TunnelDeleted.type]);

/**
 * The api's side of the data plane: subscribes to every tunnel's status reports over core NATS
 * and answers connectedClients and the metrics window from them. Without NATS_URL (embedded
 * mode) nothing can report, and every tunnel reads as 0 clients and 0 rates.
 */
@Injectable()
export class TunnelStatusService implements OnModuleInit, OnModuleDestroy {
  private readonly metrics = new TunnelMetricsStore();
  private readonly credentials: TunnelCredentialCache;
  private readonly receiver: TunnelStatusReceiver;
  private nats?: CoreNatsClient;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private droppedLogged = 0;

  constructor(
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    private readonly store: PostgresEventStore,
    registry: TunnelRegistry,
    vault: TunnelTokenVault,
  ) {
    this.credentials = new TunnelCredentialCache(async (namespace, name) => {
      const live = await registry.findLive(namespace, name);
      const authToken = live && (await vault.read(live.tunnelId));
      return live && authToken ? { tunnelId: live.tunnelId, authToken } : undefined;
    });
    this.receiver = new TunnelStatusReceiver({ subjectPrefix: config.tunnels.statusSubjectPrefix, credentials: this.credentials, metrics: this.metrics });
  }

  async onModuleInit(): Promise<void> {
    // Runs after each commit in this process, before the api answers: a rotated token is refused from the next report on.
    this.store.onAppended((events) => events.forEach((e) => this.onAppended(e)));
    if (!this.config.natsUrl) return;
    this.nats = await CoreNatsClient.connect({ servers: this.config.natsUrl, auth: this.config.nats.auth, tls: this.config.nats.tls, name: 'certplane-tunnel-status', logger: this.logger });
    const filter = tunnelStatusFilter(this.config.tunnels.statusSubjectPrefix);
    this.subscription = this.nats.subscribe(filter, async (msg) => {
      const outcome = await this.receiver.receive(msg);
      if (outcome !== 'accepted') this.logger.debug('tunnel status report dropped', { subject: msg.subject, reason: outcome });
    });
    this.timer = setInterval(() => this.housekeeping(), HOUSEKEEPING_MS);
    this.timer.unref();
    this.logger.info('receiving tunnel status reports', { subjects: filter });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.stop();
    await this.nats?.close();
  }

  status(tunnelId: string): TunnelStatus {
    return this.metrics.status(tunnelId);
  }

  /** Accepted and dropped reports (by reason) since start; drops are also logged once a minute. */
  stats(): StatusReceiverStats {
    return this.receiver.stats();
  }

  private onAppended(e: StoredEvent): void {
    if (!CHANGES_CREDENTIALS.has(e.type)) return;
    const d = e.data as { tunnelId: string; namespace: string; name: string };
    this.credentials.invalidate(d.namespace, d.name);
    if (e.type === TunnelDeleted.type) this.metrics.forget(d.tunnelId);
  }

  private housekeeping(): void {
    this.metrics.prune();
    const { accepted, dropped } = this.receiver.stats();
    const total = Object.values(dropped).reduce((a, b) => a + b, 0);
    if (total > this.droppedLogged) this.logger.warn('tunnel status reports dropped since start', { accepted, dropped });
    this.droppedLogged = total;
  }
}
