import { DynamicModule, Global, Module } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import {
  CertplaneConfig,
  ConfigError,
  loadConfig,
  resolveSecrets,
  ResolvedSecrets,
  CONFIG,
  SECRETS,
} from '@certplane/config';
import {
  DeadLetterStore,
  IssuerRegistry,
  IssuerRepository,
  OutboxRelay,
  PostgresEventStore,
} from '@certplane/event-store';
import { MessageBus } from '@certplane/messaging';
import {
  CertplaneMetrics,
  currentTrace,
  HealthReporter,
  readBuildInfo,
  ReadinessChecks,
} from '@certplane/observability';
import { SecretBox } from '@certplane/pki';
import { ReadModelUpdates } from '@certplane/read-model';
import { CaKeyVault, CertificateAuthorityStore, FirstCertificateAuthority } from '@certplane/vault';
import { APP_LOGGER, EMBEDDED_POSTGRES, MESSAGE_BUS } from './tokens';
import { AppLogger, createLogger } from './logger';
import { Database, openDatabase } from './database.provider';
import { openMessageBus } from './message-bus.provider';
import { PlatformLifecycle } from './platform-lifecycle';
import { EventConsumers } from './event-consumer';
import { PlatformOptions, runsRelay, signsOrServes } from './platform-options';
import { PLATFORM_OPTIONS } from './platform-options.token';
import {
  dependencyChecks,
  followIssuers,
  issuerKeysCheck,
  observeCaExpiry,
  observeEventStore,
  observeOutbox,
  reportIssuersWithoutKey,
} from './operability';
import { caStartupFailure } from './ca-startup-failure';
import { ReadModelListener } from './read-model-listener';
import { RepositoriesModule } from './repositories.module';

const DATABASE = Symbol('certplane.database');

/**
 * What every part of a certplane process stands on, built once per process and shared by whichever
 * apps it runs: options, config, secrets, logger, metrics, the pool, the bus, the event store and
 * relay, the CA and health. Global, as every module needs some of it; in the all-in-one process the
 * api, the issuer and the projector share one pool, one bus and one relay. Repositories, registries
 * and vaults are not here: a module imports RepositoriesModule or VaultsModule where it uses them.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const config = options.config ?? loadConfig();
    if (config.databaseUrl && !config.natsUrl && options.role !== 'all-in-one' && options.role !== 'tool') {
      throw new ConfigError(
        'NATS_URL',
        `is required to run the ${options.role} as its own process (the in-process bus only connects apps inside one process)`,
      );
    }
    const logger = createLogger(options.role, config.logLevel, options.logDestination);
    const metrics = new CertplaneMetrics({
      onSampleError: (metric, e) => logger.debug('metric left out of this scrape', { metric, error: e.message }),
    });
    return {
      module: PlatformModule,
      // Terminus runs the readiness checks; its own logging is off (HealthReporter logs changes).
      imports: [TerminusModule.forRoot({ logger: false }), RepositoriesModule],
      providers: [
        { provide: PLATFORM_OPTIONS, useValue: options },
        { provide: CertplaneMetrics, useValue: metrics },
        { provide: ReadModelUpdates, useValue: new ReadModelUpdates() },
        {
          provide: ReadModelListener,
          // The distributed api's readers hear the projector processes' commits, and the api and the
          // cert-issuer hear of issuers activated elsewhere; in the all-in-one process the projector
          // is in the process, and the projector itself waits for nothing.
          useFactory: (updates: ReadModelUpdates) =>
            (options.role === 'api' || options.role === 'cert-issuer') && config.databaseUrl
              ? new ReadModelListener(config.databaseUrl, updates, logger)
              : null,
          inject: [ReadModelUpdates],
        },
        { provide: CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
        {
          provide: SECRETS,
          useFactory: () =>
            resolveSecrets(config, { apiToken: options.role === 'api' || options.role === 'all-in-one' }),
        },
        { provide: DATABASE, useFactory: () => openDatabase(config, options.role, logger) },
        { provide: DataSource, useFactory: (db: Database) => db.ds, inject: [DATABASE] },
        { provide: EMBEDDED_POSTGRES, useFactory: (db: Database) => db.embedded ?? null, inject: [DATABASE] },
        { provide: MESSAGE_BUS, useFactory: () => openMessageBus(config, options.role, logger) },
        {
          provide: SecretBox,
          useFactory: (s: ResolvedSecrets) => new SecretBox(SecretBox.parseKey(s.encryptionKey)),
          inject: [SECRETS],
        },
        {
          provide: PostgresEventStore,
          useFactory: (ds: DataSource) => {
            // Events appended while a request or an event is handled carry the request id along.
            const store = new PostgresEventStore(ds, {
              ambientContext: () => ({ requestId: currentTrace()?.requestId }),
            });
            observeEventStore(store, metrics);
            return store;
          },
          inject: [DataSource],
        },
        {
          provide: OutboxRelay,
          useFactory: (
            ds: DataSource,
            bus: MessageBus,
            store: PostgresEventStore,
            c: CertplaneConfig,
            log: AppLogger,
          ) => {
            const relay = new OutboxRelay(ds, bus, {
              subjectPrefix: c.nats.subjectPrefix,
              sweepAfterMs: c.relay.sweepAfterMs,
              logger: log,
            });
            if (runsRelay(options)) relay.attach(store);
            observeOutbox(relay, metrics);
            return relay;
          },
          inject: [DataSource, MESSAGE_BUS, PostgresEventStore, CONFIG, APP_LOGGER],
        },
        { provide: DeadLetterStore, useFactory: (ds: DataSource) => new DeadLetterStore(ds), inject: [DataSource] },
        {
          provide: CertificateAuthorityStore,
          useFactory: async (
            ds: DataSource,
            box: SecretBox,
            c: CertplaneConfig,
            issuers: IssuerRepository,
            registry: IssuerRegistry,
            updates: ReadModelUpdates,
          ) => {
            const ca = new CertificateAuthorityStore(
              new CaKeyVault(ds, box, c.ca),
              new FirstCertificateAuthority(ds, box, c.ca),
              issuers,
              registry,
              c.ca.publicUrl,
            );
            reportIssuersWithoutKey(ca, logger);
            // Loaded now, before anything can issue: the deployment's CA is recorded as the first issuer (once,
            // whichever replica appends first), and a key in an HSM is opened, so a wrong PIN or a missing token
            // stops the start in one line. The projector signs nothing and needs it only to open the token.
            if (c.ca.pkcs11 || signsOrServes(options.role))
              await ca.get().catch((e: unknown) => Promise.reject(caStartupFailure(e)));
            observeCaExpiry(ca, metrics);
            followIssuers(ca, updates);
            return ca;
          },
          inject: [DataSource, SecretBox, CONFIG, IssuerRepository, IssuerRegistry, ReadModelUpdates],
        },
        {
          provide: ReadinessChecks,
          useFactory: (ds: DataSource, bus: MessageBus, ca: CertificateAuthorityStore) => {
            const checks = new ReadinessChecks();
            for (const check of dependencyChecks(ds, bus, !!config.natsUrl)) checks.add(check);
            // Where the issuers' CRLs and OCSP answers are signed.
            if (options.role === 'api' || options.role === 'all-in-one') checks.add(issuerKeysCheck(ca));
            return checks;
          },
          inject: [DataSource, MESSAGE_BUS, CertificateAuthorityStore],
        },
        {
          provide: HealthReporter,
          useFactory: (terminus: HealthCheckService, indicators: HealthIndicatorService, checks: ReadinessChecks) =>
            new HealthReporter(
              terminus,
              indicators,
              checks,
              readBuildInfo(config.build),
              `certplane ${options.role}`,
              logger,
            ),
          inject: [HealthCheckService, HealthIndicatorService, ReadinessChecks],
        },
        PlatformLifecycle,
        EventConsumers,
      ],
      exports: [
        PLATFORM_OPTIONS,
        CertplaneMetrics,
        ReadModelUpdates,
        ReadinessChecks,
        HealthReporter,
        CONFIG,
        SECRETS,
        APP_LOGGER,
        DataSource,
        MESSAGE_BUS,
        SecretBox,
        PostgresEventStore,
        OutboxRelay,
        DeadLetterStore,
        CertificateAuthorityStore,
        EventConsumers,
      ],
    };
  }
}
