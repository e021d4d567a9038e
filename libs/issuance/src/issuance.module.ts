import { Module } from '@nestjs/common';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';
import { ClientLifecycleConsumer } from './client-lifecycle.consumer';
import { CertificateSigner } from './certificate-signer';

/** The cert-issuer worker; the cert-issuer app runs it alone, the all-in-one process beside the others. */
@Module({
  providers: [CertificateSigner, IssueCertificateHandler, RevokeCertificatesHandler, ClientLifecycleConsumer],
  exports: [IssueCertificateHandler],
})
export class IssuanceModule {}
