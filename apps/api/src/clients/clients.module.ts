import { Module } from '@nestjs/common';
import { CertificateInput } from './certificate-input';
import { ClientEnding } from './client-ending';
import { CreateClientHttpController } from './create-client/create-client.http.controller';
import { CreateClientsHandler } from './create-clients/create-clients.handler';
import { CreateClientsHttpController } from './create-clients/create-clients.http.controller';
import { GetClientHandler } from './get-client/get-client.handler';
import { GetClientHttpController } from './get-client/get-client.http.controller';
import { ListClientsHandler } from './list-clients/list-clients.handler';
import { ListClientsHttpController } from './list-clients/list-clients.http.controller';
import { UpdateClientHandler } from './update-client/update-client.handler';
import { UpdateClientHttpController } from './update-client/update-client.http.controller';
import { SetClientStatusHandler } from './set-client-status/set-client-status.handler';
import { SetClientStatusHttpController } from './set-client-status/set-client-status.http.controller';
import { DeleteClientHandler } from './delete-client/delete-client.handler';
import { DeleteClientHttpController } from './delete-client/delete-client.http.controller';
import { RenewCertificateHandler } from './renew-certificate/renew-certificate.handler';
import { RenewCertificateHttpController } from './renew-certificate/renew-certificate.http.controller';
import { RegisterCertificateHandler } from './register-certificate/register-certificate.handler';
import { RegisterCertificateHttpController } from './register-certificate/register-certificate.http.controller';
import { ListClientCertificatesHandler } from './list-client-certificates/list-client-certificates.handler';
import { ListClientCertificatesHttpController } from './list-client-certificates/list-client-certificates.http.controller';
import { GetClientEventsHandler } from './get-client-events/get-client-events.handler';
import { GetClientEventsHttpController } from './get-client-events/get-client-events.http.controller';
import { ListCertificatesHandler } from '../certificates/list-certificates/list-certificates.handler';
import { ListCertificatesHttpController } from '../certificates/list-certificates/list-certificates.http.controller';
import { GetCertificateHandler } from '../certificates/get-certificate/get-certificate.handler';
import { GetCertificateHttpController } from '../certificates/get-certificate/get-certificate.http.controller';
import { CertificateHolder } from '../certificates/certificate-holder';
import { RevokeCertificateHandler } from '../certificates/revoke-certificate/revoke-certificate.handler';
import { RevokeCertificateHttpController } from '../certificates/revoke-certificate/revoke-certificate.http.controller';
import { ReleaseCertificateHoldHandler } from '../certificates/release-certificate-hold/release-certificate-hold.handler';
import { ReleaseCertificateHoldHttpController } from '../certificates/release-certificate-hold/release-certificate-hold.http.controller';
import { RevokeCertificatesHandler } from '../certificates/revoke-certificates/revoke-certificates.handler';
import { RevokeCertificatesHttpController } from '../certificates/revoke-certificates/revoke-certificates.http.controller';
import { RepositoriesModule, VaultsModule } from '@certplane/platform';

/**
 * Client management (/clients), the certificate inventory and revocation (/certificates). POST /clients runs
 * the spine's EnrolClientCommand, whose handler stays with the spine's enrol in ApiModule and
 * takes CertificateInput from here.
 */
@Module({
  imports: [RepositoriesModule, VaultsModule],
  controllers: [
    CreateClientHttpController,
    CreateClientsHttpController,
    ListClientsHttpController,
    GetClientHttpController,
    UpdateClientHttpController,
    SetClientStatusHttpController,
    DeleteClientHttpController,
    RenewCertificateHttpController,
    RegisterCertificateHttpController,
    ListClientCertificatesHttpController,
    GetClientEventsHttpController,
    ListCertificatesHttpController,
    GetCertificateHttpController,
    RevokeCertificatesHttpController,
    RevokeCertificateHttpController,
    ReleaseCertificateHoldHttpController,
  ],
  providers: [
    CertificateInput,
    ClientEnding,
    CreateClientsHandler,
    GetClientHandler,
    ListClientsHandler,
    UpdateClientHandler,
    SetClientStatusHandler,
    DeleteClientHandler,
    RenewCertificateHandler,
    RegisterCertificateHandler,
    ListClientCertificatesHandler,
    GetClientEventsHandler,
    ListCertificatesHandler,
    GetCertificateHandler,
    CertificateHolder,
    RevokeCertificateHandler,
    ReleaseCertificateHoldHandler,
    RevokeCertificatesHandler,
  ],
  exports: [CertificateInput, ClientEnding],
})
export class ClientsModule {}
