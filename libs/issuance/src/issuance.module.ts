import { Module } from '@nestjs/common';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';
import { ClientLifecycleConsumer } from './client-lifecycle.consumer';

/** The cert-issuer worker; the cert-issuer app runs it alone, the all-in-one process beside the others. */
@Module({
  providers: [IssueCertificateHandler, RevokeCertificatesHandler, ClientLifecycleConsumer],
  exports: [IssueCertificateHandler],
})
export class IssuanceModule {}
