import { CertificateAuthorityStore } from './certificate-authority.store';

/**
 * The trust bundle relying parties install to trust certplane's certificates: the chain of every issuer not
 * yet expired (its certificate, then whatever is above it up to a root), the active one first, each
 * certificate once. So through a rotation, certificates of the old issuer and the new one both verify.
 */
export class CertificateAuthorityChain {
  constructor(private readonly store: CertificateAuthorityStore) {}

  async pem(): Promise<string> {
    const { active, all } = await this.store.issuers();
    const seen = new Set<string>();
    const certificates: string[] = [];
    for (const issuer of [active, ...all.filter((i) => i !== active)]) {
      for (const pem of issuer.chainPem.match(PEM_CERTIFICATE) ?? []) {
        const normal = `${pem.trim()}\n`;
        if (!seen.has(normal)) certificates.push(normal);
        seen.add(normal);
      }
    }
    return certificates.join('');
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
