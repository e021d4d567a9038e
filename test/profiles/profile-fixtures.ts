import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A profile for HTTPS servers in a mesh: P-384 or RSA-3072 keys, serverAuth, up to three service names and a SPIFFE id. */
export const SERVER_PROFILE = {
  keyTypes: ['ec-p384', 'rsa-3072'],
  extendedKeyUsages: ['serverAuth', 'clientAuth'],
  sans: {
    dns: { max: 3, patterns: ['*.svc.example.com'] },
    uri: { max: 1, patterns: ['spiffe://example.org/ns/*/sa/*'] },
  },
  subject: { commonName: 'svc-{name}', extra: [{ type: 'O', value: 'Example Mesh' }] },
  validity: '30d',
  maxValidity: '90d',
};

/** A key and CSR made by openssl, as a user of certplane would make them; the key stays in `dir`. */
export function opensslCsr(dir: string, name: string, newkey: string[]): { pem: string; keyFile: string } {
  const keyFile = join(dir, `${name}.key`);
  const csrFile = join(dir, `${name}.csr`);
  execFileSync(
    'openssl',
    ['req', '-new', ...newkey, '-nodes', '-keyout', keyFile, '-subj', `/CN=${name}`, '-out', csrFile],
    { stdio: 'ignore' },
  );
  return { pem: readFileSync(csrFile, 'utf8'), keyFile };
}

export const P384 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'];
export const RSA3072 = ['-newkey', 'rsa:3072'];
export const P256 = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
