import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { IssuanceModule } from '@certplane/issuance';
import { PlatformModule, runWorker } from '@certplane/platform';

/** The cert-issuer as its own process; run several and they share one durable consumer. */
void runWorker(() => {
  @Module({ imports: [PlatformModule.forRoot({ role: 'cert-issuer' }), IssuanceModule] })
  class CertIssuerAppModule {}
  return CertIssuerAppModule;
}, 'cert-issuer');
