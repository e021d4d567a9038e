type WithChain = { readonly chainPem: string };

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * What relying parties install to trust certplane's certificates: the chain of every issuer given (its
 * certificate, then whatever is above it up to a root), the active one first, each certificate once. So
 * through a rotation, certificates of the old issuer and of the new one both verify.
 */
export function trustBundle(active: WithChain, all: readonly WithChain[]): string {
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
