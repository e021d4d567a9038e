import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { IssuanceModule } from '@certplane/issuance';
import { exitOnStartupFailure, PlatformModule } from '@certplane/platform';
import { ProjectionsModule, ProjectorMetricsModule } from '@certplane/projections';
import { ApiModule } from './api.module';
import { startHttpApp } from './http-app';

/**
 * api, cert-issuer and projector in one process (`npm start`). With no configuration it runs on
 * embedded PGlite and the in-process bus; with DATABASE_URL and NATS_URL, on real services.
 */
async function main() {
  @Module({
    imports: [
      PlatformModule.forRoot({ role: 'all-in-one' }),
      ApiModule,
      IssuanceModule,
      ProjectionsModule,
      ProjectorMetricsModule,
    ],
  })
  class AllInOneModule {}
  await startHttpApp(AllInOneModule, { role: 'all-in-one', announce: true });
}

main().catch((e) => exitOnStartupFailure(e, 'all-in-one'));
