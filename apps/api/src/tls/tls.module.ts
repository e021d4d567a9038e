import { Module } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { ClientRegistry } from '@certplane/event-store';
import { LoadedCertificateAuthority } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { ClientCertificateAuthenticator } from '../auth/client-certificate.authenticator';
import { PkiModule } from '../pki/pki.module';
import { ServerCertificateSource } from './server-certificate.source';
import { TlsListener } from './tls-listener';
import { RepositoriesModule } from '@certplane/platform';

/** HTTPS with client certificates: the listener, its certificate, and who a client certificate identifies. */
@Module({
  imports: [RepositoriesModule, PkiModule],
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
      useFactory: (ds: DataSource, store: CertificateAuthorityStore) =>
        new ClientCertificateAuthenticator(ds, async () => {
          // An issuer whose key would not open still vouches for the certificates it signed.
          const { all, unavailable } = await store.issuers();
          return [...all.map((i) => i.ca.certificate), ...unavailable.map((i) => i.certificate)].map(nodeCertificate);
        }),
      inject: [DataSource, CertificateAuthorityStore],
    },
  ],
  exports: [TlsListener, ClientCertificateAuthenticator],
})
export class TlsModule {}

const nodeCertificateOf = new WeakMap<LoadedCertificateAuthority['certificate'], X509Certificate>();

function nodeCertificate(certificate: LoadedCertificateAuthority['certificate']): X509Certificate {
  let cert = nodeCertificateOf.get(certificate);
  if (!cert) nodeCertificateOf.set(certificate, (cert = new X509Certificate(Buffer.from(certificate.rawData))));
  return cert;
}
