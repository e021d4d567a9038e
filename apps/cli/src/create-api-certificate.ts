import { join, resolve } from 'node:path';
import { CertplaneApi } from './certplane-api';
import { CliError } from './cli-error';
import { newClientKey } from './client-key';
import { assertNotThere, assertUsable, CA_CHAIN_FILE, existingCaChain, writeClientFiles } from './client-files';

export interface CreateApiCertificateOptions {
  name: string;
  outDir: string;
  url: string;
  token: string;
  /** PEM CA chain to trust for an https --url (--cacert), instead of the system's CAs. */
  caCertificates?: string;
}

export interface WrittenFiles {
  clientId: string;
  /** Where the private key was made: here (CSR), or by certplane (a server without the client API) */
  keyOrigin: 'local' | 'server';
  certificate: string;
  privateKey: string;
  caChain: string;
}

// Lets `GET /clients?tag=api` find the clients this command created.
const API_CLIENT_TAGS = ['api'];
// The spine's enrolment requires a topic; an operator's API client has no messaging role, so it gets a neutral one.
const API_CLIENT_TOPICS = { api: 'api' };

/**
 * `certplane create-api-certificate <name>`, after flocker-ca's command of that name: creates a client called
 * <name> and writes its certificate, its private key (0600) and the CA chain, ready for
 * `curl --cacert cluster.crt --cert <name>.crt --key <name>.key`. The key is made here and only a CSR is sent
 * (POST /clients); a certplane without that API gets the spine's enrolment and its server-generated key. It
 * refuses before creating anything if a file it would write is in the way, and checks what it received
 * before writing.
 */
export async function createApiCertificate(opts: CreateApiCertificateOptions): Promise<WrittenFiles> {
  const dir = resolve(opts.outDir);
  const files = {
    certificate: join(dir, `${opts.name}.crt`),
    privateKey: join(dir, `${opts.name}.key`),
    caChain: join(dir, CA_CHAIN_FILE),
  };
  await assertNotThere([files.certificate, files.privateKey]);
  const api = new CertplaneApi(opts.url, opts.token, opts.caCertificates);
  // The chain first: it needs no client, so a wrong URL or CA mismatch stops the command before it creates one.
  const caChain = await api.caChain();
  const existingChain = await existingCaChain(files.caChain, caChain, opts.url);
  const key = await newClientKey(`user-${opts.name}`);
  const created = await api.createClient(opts.name, key.csrPem, API_CLIENT_TAGS);
  const client = created ?? (await api.enrol(opts.name, API_CLIENT_TOPICS));
  const { clientId } = client;
  let certificatePem: string;
  let privateKeyPem: string;
  try {
    const issued = await api.certificate(client);
    certificatePem = issued.certificatePem;
    privateKeyPem = created ? key.privateKeyPem : (issued.privateKeyPem ?? '');
    assertUsable({ certificatePem, privateKeyPem, caChain });
  } catch (e) {
    throw new CliError(
      `client ${opts.name} was created (id ${clientId}), but ${(e as Error).message}`,
      (e as CliError).exitCode,
    );
  }
  await writeClientFiles(dir, files, { certificatePem, privateKeyPem, caChain }, existingChain !== undefined);
  return { clientId, keyOrigin: created ? 'local' : 'server', ...files };
}
