import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { eventRegistry, TunnelCreated, TunnelDeleted, TunnelTokenRotated } from '@certplane/domain';
import { PostgresEventStore, StoredEvent, TunnelRegistry } from '@certplane/event-store';
import { TunnelTokenVault } from '@certplane/vault';
import { CoreNatsClient, Subscription } from '@certplane/messaging';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import { TunnelCredentialCache } from './credential-cache';
import { StatusReceiverStats, TunnelStatusReceiver } from './status-report.receiver';
import { tunnelStatusFilter } from './status-subject';
import { TunnelMetricsStore, TunnelStatus } from './tunnel-metrics.store';

const HOUSEKEEPING_MS = 60_000;
// Deployments kept apart by their tunnels prefix subscribe to different subjects, so one group name serves all.
const STATUS_QUEUE = 'certplane-tunnel-status';
const CHANGES_CREDENTIALS = [TunnelCreated, TunnelTokenRotated, TunnelDeleted];

/**
 * The api's side of the data plane: takes tunnels' status reports over core NATS in a queue group
 * (each report reaches one api replica) into TunnelMetricsStore, and answers connectedClients and
 * the metrics window from there, as every replica does. Without NATS_URL (embedded mode) nothing
 * can report, and every tunnel reads as 0 clients and 0 rates.
 */
@Injectable()
export class TunnelStatusService implements OnModuleInit, OnModuleDestroy {
  private readonly metrics: TunnelMetricsStore;
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
    ds: DataSource,
  ) {
    this.metrics = new TunnelMetricsStore(ds);
    this.credentials = new TunnelCredentialCache(async (namespace, name) => {
      const live = await registry.findLive(namespace, name);
      const authToken = live && (await vault.read(live.tunnelId));
      return live && authToken ? { tunnelId: live.tunnelId, authToken } : undefined;
    });
    this.receiver = new TunnelStatusReceiver({
      subjectPrefix: config.tunnels.statusSubjectPrefix,
      credentials: this.credentials,
      metrics: this.metrics,
    });
  }

  async onModuleInit(): Promise<void> {
    // Runs after each commit in this process, before the api answers: a rotated token is refused from the next report on.
    this.store.onAppended((events) => events.forEach((e) => this.onAppended(e)));
    if (!this.config.natsUrl) return;
    this.nats = await CoreNatsClient.connect({
      servers: this.config.natsUrl,
      auth: this.config.nats.auth,
      tls: this.config.nats.tls,
      name: 'certplane-tunnel-status',
      logger: this.logger,
    });
    const filter = tunnelStatusFilter(this.config.tunnels.statusSubjectPrefix);
    this.subscription = this.nats.subscribe(
      filter,
      async (msg) => {
        const outcome = await this.receiver.receive(msg);
        if (outcome !== 'accepted')
          this.logger.debug('tunnel status report dropped', { subject: msg.subject, reason: outcome });
      },
      { queue: STATUS_QUEUE },
    );
    this.timer = setInterval(() => this.housekeeping(), HOUSEKEEPING_MS);
    this.timer.unref();
    this.logger.info('receiving tunnel status reports', { subjects: filter });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.subscription?.stop();
    await this.nats?.close();
  }

  status(tunnelId: string): Promise<TunnelStatus> {
    return this.metrics.status(tunnelId);
  }

  /** Of tunnels nothing was heard from, none is in the map. */
  statuses(tunnelIds: string[]): Promise<Map<string, TunnelStatus>> {
    return this.metrics.statuses(tunnelIds);
  }

  /** Accepted and dropped reports (by reason) since start; drops are also logged once a minute. */
  stats(): StatusReceiverStats {
    return this.receiver.stats();
  }

  private onAppended(e: StoredEvent): void {
    if (!CHANGES_CREDENTIALS.some((d) => d.type === e.type)) return;
    const d = eventRegistry.parseOf(CHANGES_CREDENTIALS, e.type, e.schemaVersion, e.data).data;
    this.credentials.invalidate(d.namespace, d.name);
    if (e.type === TunnelDeleted.type)
      void this.metrics.forget(d.tunnelId).catch((err: Error) =>
        this.logger.warn('deleted tunnel’s status reports not dropped; they leave the window anyway', {
          error: err.message,
        }),
      );
  }

  private housekeeping(): void {
    void this.metrics
      .prune()
      .catch((e: Error) =>
        this.logger.warn('old tunnel status reports not pruned; the next pass tries again', { error: e.message }),
      );
    const { accepted, dropped } = this.receiver.stats();
    const total = Object.values(dropped).reduce((a, b) => a + b, 0);
    if (total > this.droppedLogged)
      this.logger.warn('tunnel status reports dropped since start', { accepted, dropped });
    this.droppedLogged = total;
  }
}
