import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@certplane/event-store';
import { MessageBus } from '@certplane/messaging';
import { EmbeddedPostgres } from '@certplane/persistence';
import { CertificateAuthorityStore } from '@certplane/vault';
import { APP_LOGGER, EMBEDDED_POSTGRES, MESSAGE_BUS } from './tokens';
import { AppLogger } from './logger';
import { PlatformOptions, runsRelay } from './platform-options';
import { PLATFORM_OPTIONS } from './platform-options.token';
import { ReadModelListener } from './read-model-listener';

/**
 * Starts the relay after every consumer subscribed (consumers subscribe in onModuleInit, which
 * Nest runs for all modules before any onApplicationBootstrap: the in-process bus keeps nothing
 * for absent subscribers), and on shutdown closes what the consumers no longer need, in order.
 */
@Injectable()
export class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly relay: OutboxRelay,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly ds: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: EmbeddedPostgres | null,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
    @Inject(ReadModelListener) private readonly listener: ReadModelListener | null,
    private readonly ca: CertificateAuthorityStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (runsRelay(this.options)) this.relay.start();
    await this.listener?.start();
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    if (signal) this.logger.info('shutting down', { signal });
    await this.listener?.stop();
    await this.relay.stop();
    await this.bus.close();
    this.ca.close();
    await this.ds.destroy();
    await this.embedded?.stop();
    this.logger.info(`certplane ${this.options.role} stopped`);
  }
}
