import { Module } from '@nestjs/common';
import { ActivateIssuerHandler } from './activate-issuer/activate-issuer.handler';
import { ActivateIssuerHttpController } from './activate-issuer/activate-issuer.http.controller';
import { CreateIssuerHandler } from './create-issuer/create-issuer.handler';
import { CreateIssuerHttpController } from './create-issuer/create-issuer.http.controller';
import { InstallIssuerCertificateHandler } from './install-issuer-certificate/install-issuer-certificate.handler';
import { InstallIssuerCertificateHttpController } from './install-issuer-certificate/install-issuer-certificate.http.controller';
import { ListIssuersHandler } from './list-issuers/list-issuers.handler';
import { ListIssuersHttpController } from './list-issuers/list-issuers.http.controller';
import { IssuerLifecyclePass } from './issuer-lifecycle/issuer-lifecycle.pass';
import { RetireIssuersHandler } from './retire-issuers/retire-issuers.handler';
import { RepositoriesModule } from '@certplane/platform';

/** The issuers (/pki/issuers): admins create them, install an intermediate's certificate and activate them, operators list them. */
@Module({
  imports: [RepositoriesModule],
  controllers: [
    ListIssuersHttpController,
    CreateIssuerHttpController,
    InstallIssuerCertificateHttpController,
    ActivateIssuerHttpController,
  ],
  providers: [
    ListIssuersHandler,
    CreateIssuerHandler,
    InstallIssuerCertificateHandler,
    ActivateIssuerHandler,
    RetireIssuersHandler,
    IssuerLifecyclePass,
  ],
})
export class IssuersModule {}
