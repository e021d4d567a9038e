import { randomUUID } from 'node:crypto';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CertplaneConfig, loadConfig } from '@certplane/config';
import { PostgresEventStore } from '@certplane/event-store';
import { IssuanceModule } from '@certplane/issuance';
import { PlatformModule } from '@certplane/platform';
import { ProjectionsModule } from '@certplane/projections';
import { ApiModule } from '../../apps/api/src/api.module';
import type { RequestContext } from '../../apps/api/src/http/request-context';
import { createTestDatabase, TestDatabase } from '../support/test-database';

export interface Medium {
  app: INestApplicationContext;
  commands: CommandBus;
  queries: QueryBus;
  store: PostgresEventStore;
  ds: DataSource;
  config: CertplaneConfig;
  /** A caller's context, as the HTTP edge would make it. */
  context(actor?: string): RequestContext;
  stop(): Promise<void>;
}

/**
 * The handlers and workers of certplane in this test process, with no HTTP: the api's command and
 * query handlers, the cert-issuer and the projector, against a fresh database on the real Postgres
 * and the in-process bus. For testing a use case or a worker without the edge in the way.
 */
export async function startMedium(env: Record<string, string> = {}): Promise<Medium & { db: TestDatabase }> {
  const db = await createTestDatabase('medium');
  const config = loadConfig({
    DATABASE_URL: db.url,
    CERTPLANE_API_TOKEN: 'medium-' + randomUUID(),
    CERTPLANE_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    CERTPLANE_TLS_ENABLED: 'false',
    CERTPLANE_LOG_LEVEL: process.env.CERTPLANE_TEST_LOG_LEVEL ?? 'silent',
    CERTPLANE_RELAY_SWEEP_AFTER_MS: '500',
    ...env,
  });
  @Module({
    imports: [PlatformModule.forRoot({ role: 'all-in-one', config }), ApiModule, IssuanceModule, ProjectionsModule],
  })
  class MediumModule {}
  const app = await NestFactory.createApplicationContext(MediumModule, { logger: false });
  await app.init();
  return {
    app,
    db,
    config,
    commands: app.get(CommandBus),
    queries: app.get(QueryBus),
    store: app.get(PostgresEventStore),
    ds: app.get(DataSource),
    context: (actor = 'token:medium') => ({ correlationId: randomUUID(), requestId: randomUUID(), actor }),
    async stop() {
      await app.close();
      await db.drop();
    },
  };
}
