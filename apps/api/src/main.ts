import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { exitOnStartupFailure, PlatformModule } from '@certplane/platform';
import { ApiModule } from './api.module';
import { startHttpApp } from './http-app';

/** The api alone: needs DATABASE_URL and NATS_URL, the workers run as their own processes. */
async function main() {
  @Module({ imports: [PlatformModule.forRoot({ role: 'api' }), ApiModule] })
  class ApiAppModule {}
  await startHttpApp(ApiAppModule, { role: 'api', announce: false });
}

main().catch((e) => exitOnStartupFailure(e, 'api'));
