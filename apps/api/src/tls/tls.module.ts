import { Module } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ClientRegistry } from '@certplane/event-store';
import { CertificateAuthorityStore } from '@certplane/vault';
import { ClientCertificateAuthenticator } from '../auth/client-certificate.authenticator';
import { PkiModule } from '../pki/pki.module';
import { ServerCertificateSource } from './server-certificate.source';
import { TlsListener } from './tls-listener';

/** HTTPS with client certificates: the listener, its certificate, and who a client certificate identifies. */
@Module({
  imports: [PkiModule],
  providers: [
    TlsListener,
    {
      provide: ServerCertificateSource,
      useFactory: (config: CertplaneConfig, store: CertificateAuthorityStore, registry: ClientRegistry) =>
        new ServerCertificateSource(config.tls, store, (serial) => registry.reserveServerCertificate(serial)),
      inject: [CONFIG, CertificateAuthorityStore, ClientRegistry],
    },
    {
      provide: ClientCertificateAuthenticator,
      useFactory: (ds: DataSource, store: CertificateAuthorityStore) => {
        let ca: X509Certificate | undefined;
        return new ClientCertificateAuthenticator(
          ds,
          async () => (ca ??= new X509Certificate((await store.get()).certificatePem)),
        );
      },
      inject: [DataSource, CertificateAuthorityStore],
    },
  ],
  exports: [TlsListener, ClientCertificateAuthenticator],
})
export class TlsModule {}
