import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { PlatformModule } from '@certplane/platform';
import { ApiModule } from './api.module';
import { startHttpApp } from './http-app';
import { exitOnStartupError } from './startup-error';

/** The api alone: needs DATABASE_URL and NATS_URL, the workers run as their own processes. */
async function main() {
  @Module({ imports: [PlatformModule.forRoot({ role: 'api' }), ApiModule] })
  class ApiAppModule {}
  await startHttpApp(ApiAppModule, { announce: false });
}

main().catch(exitOnStartupError);
