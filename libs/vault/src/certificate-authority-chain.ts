import { readFile } from 'node:fs/promises';
import { certificateToPem, parseCertificatePem, PkiError } from '@certplane/pki';
import { CertificateAuthorityStore, CertificateAuthoritySource } from './certificate-authority.store';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The chain relying parties install to trust certplane's certificates: the CA certificate, then whatever
 * certificates follow it in CERTPLANE_CA_CERT_FILE (an operator's CA may be an intermediate, its file the
 * chain up to the root). A CA certplane created is its own root, so the chain is that one certificate.
 */
export class CertificateAuthorityChain {
  private chain?: Promise<string>;

  constructor(
    private readonly store: CertificateAuthorityStore,
    private readonly source: CertificateAuthoritySource,
  ) {}

  pem(): Promise<string> {
    this.chain ??= this.read().catch((e) => {
      this.chain = undefined;
      throw e;
    });
    return this.chain;
  }

  private async read(): Promise<string> {
    const ca = await this.store.get();
    if (!this.source.certFile) return ca.certificatePem;
    const [, ...issuers] = (await readFile(this.source.certFile, 'utf8')).match(PEM_CERTIFICATE) ?? [];
    const parsed = issuers.map((pem, i) => {
      try {
        return certificateToPem(parseCertificatePem(pem));
      } catch {
        throw new PkiError(
          'CA_INVALID',
          `certificate ${i + 2} of the CA certificate file is not a valid X.509 certificate`,
        );
      }
    });
    return [ca.certificatePem, ...parsed].join('');
  }
}
