import { Module } from '@nestjs/common';
import { IssueCertificateHandler } from './issue-certificate.handler';
import { RevokeCertificatesHandler } from './revoke-certificates.handler';
import { ClientLifecycleConsumer } from './client-lifecycle.consumer';
import { CertificateSigner } from './certificate-signer';
import { IssuanceReconciler } from './issuance-reconciler';
import { RepositoriesModule, VaultsModule } from '@certplane/platform';

/** The cert-issuer worker; the cert-issuer app runs it alone, the all-in-one process beside the others. */
@Module({
  imports: [RepositoriesModule, VaultsModule],
  providers: [
    CertificateSigner,
    IssueCertificateHandler,
    RevokeCertificatesHandler,
    ClientLifecycleConsumer,
    IssuanceReconciler,
  ],
  exports: [IssueCertificateHandler],
})
export class IssuanceModule {}
