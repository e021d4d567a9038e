import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crlSerials, openssl } from '../pki/relying-party';

/** What OCSP at `baseUrl` says of the certificate in `certFile`, as openssl asks it: good, revoked or unknown. */
export async function ocspStatus(baseUrl: string, caFile: string, certFile: string): Promise<string | undefined> {
  const run = await openssl([
    'ocsp',
    '-issuer',
    caFile,
    '-CAfile',
    caFile,
    '-url',
    `${baseUrl}/pki/ocsp`,
    '-cert',
    certFile,
  ]);
  return /: (good|revoked|unknown)/.exec(run.stdout)?.[1];
}

/** The serials the CRL at `baseUrl` lists, read by openssl from a copy written into `dir`. */
export async function crlSerialsAt(baseUrl: string, dir: string): Promise<string[]> {
  const file = join(dir, 'crl.der');
  writeFileSync(file, Buffer.from(await (await fetch(`${baseUrl}/pki/crl`)).arrayBuffer()));
  return crlSerials((await openssl(['crl', '-inform', 'DER', '-in', file, '-noout', '-text'])).stdout);
}
