import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { CliError } from './cli-error';

/** The CA chain file create-api-certificate writes beside an operator's API client (curl --cacert). */
export const CA_CHAIN_FILE = 'cluster.crt';
/** The CA chain file `certplane enrol` writes beside a device's certificate. */
export const DEVICE_CA_FILE = 'ca.crt';

/** Where a client's three files go. */
export interface ClientFilePaths {
  certificate: string;
  privateKey: string;
  caChain: string;
}

/** What goes in them, checked before anything is written. */
export interface ClientFileContents {
  certificatePem: string;
  privateKeyPem: string;
  caChain: string;
}

/** Refuses, before anything is sent, when the certificate or key file is there already. */
export async function assertNotThere(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    if ((await readExisting(path)) !== undefined)
      throw new CliError(`${path} already exists; not overwriting it (remove it or choose another --out)`);
  }
}

/** The CA chain file may be there already, but only with the same chain; undefined when it is not there. */
export async function existingCaChain(path: string, caChain: string, url: string): Promise<string | undefined> {
  const existing = await readExisting(path);
  if (existing !== undefined && existing !== caChain)
    throw new CliError(
      `${path} already exists and holds another CA chain than certplane's at ${url}; not overwriting it`,
    );
  return existing;
}

/** The certificate must chain to the CA and match the key, or the files would be useless. */
export function assertUsable({ certificatePem, privateKeyPem, caChain }: ClientFileContents): void {
  const certificate = new X509Certificate(certificatePem);
  const ca = new X509Certificate(caChain);
  if (!certificate.checkIssued(ca) || !certificate.verify(ca.publicKey))
    throw new CliError('its certificate does not verify against the CA chain from /pki/ca');
  if (!privateKeyPem || !certificate.checkPrivateKey(createPrivateKey(privateKeyPem)))
    throw new CliError('its private key does not match its certificate');
}

/**
 * Writes the files into `dir`: 'wx', so a file that appeared meanwhile is never replaced, and the key
 * 0600 from creation on, so it is never readable by others. The CA chain only when it was not there.
 */
export async function writeClientFiles(
  dir: string,
  paths: ClientFilePaths,
  contents: ClientFileContents,
  caChainThere: boolean,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(paths.privateKey, contents.privateKeyPem, { flag: 'wx', mode: 0o600 });
  await chmod(paths.privateKey, 0o600); // the mode given at creation only ever loses bits to the umask; make it exact
  await writeFile(paths.certificate, contents.certificatePem, { flag: 'wx', mode: 0o644 });
  if (!caChainThere) await writeFile(paths.caChain, contents.caChain, { flag: 'wx', mode: 0o644 });
}

async function readExisting(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`);
  }
}
