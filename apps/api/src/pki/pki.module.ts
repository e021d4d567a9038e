import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CrlStore } from '@certplane/vault';
import { AnswerOcspHandler } from './answer-ocsp/answer-ocsp.handler';
import { AnswerOcspHttpController } from './answer-ocsp/answer-ocsp.http.controller';
import { GetCaChainHandler } from './get-ca-chain/get-ca-chain.handler';
import { GetCaChainHttpController } from './get-ca-chain/get-ca-chain.http.controller';
import { GetCrlHandler } from './get-crl/get-crl.handler';
import { GetCrlHttpController } from './get-crl/get-crl.http.controller';
import { GetIssuerCertificateHandler } from './get-issuer-certificate/get-issuer-certificate.handler';
import { GetIssuerCertificateHttpController } from './get-issuer-certificate/get-issuer-certificate.http.controller';

/**
 * What relying parties use to check certplane's certificates: the CA chain, each issuer's certificate, the CRL
 * and the OCSP responder.
 * Unauthenticated by design; everything it serves is public or signed. The CRL and chain stores are only
 * needed here, so they are provided here rather than by the platform.
 */
@Module({
  controllers: [
    GetCaChainHttpController,
    GetCrlHttpController,
    GetIssuerCertificateHttpController,
    AnswerOcspHttpController,
  ],
  providers: [
    GetCaChainHandler,
    GetCrlHandler,
    GetIssuerCertificateHandler,
    AnswerOcspHandler,
    { provide: CrlStore, useFactory: (ds: DataSource) => new CrlStore(ds), inject: [DataSource] },
  ],
})
export class PkiModule {}
