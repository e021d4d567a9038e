import { join, resolve } from 'node:path';
import { CertplaneApi } from './certplane-api';
import { CliError } from './cli-error';
import { newClientKey } from './client-key';
import {
  assertNotThere,
  assertUsable,
  ClientFilePaths,
  DEVICE_CA_FILE,
  existingCaChain,
  writeClientFiles,
} from './client-files';

export interface EnrolDeviceOptions {
  url: string;
  /** The enrolment token an operator created (POST /enrolment-tokens). */
  token: string;
  /** Left out when the token fixes the name. */
  name?: string;
  outDir: string;
  caCertificates?: string;
}

/**
 * `certplane enrol`: a device enrols itself with an enrolment token. The P-256 key is made here and
 * never sent; only its CSR is (POST /enrol). Writes <name>.crt, <name>.key (0600) and ca.crt. With
 * --name the files are checked before the token is spent; without, the name is the token's and is
 * known only from the answer.
 */
export async function enrolDevice(
  opts: EnrolDeviceOptions,
): Promise<{ clientId: string; name: string } & ClientFilePaths> {
  const dir = resolve(opts.outDir);
  const pathsOf = (name: string): ClientFilePaths => ({
    certificate: join(dir, `${name}.crt`),
    privateKey: join(dir, `${name}.key`),
    caChain: join(dir, DEVICE_CA_FILE),
  });
  if (opts.name !== undefined) await assertNotThere([pathsOf(opts.name).certificate, pathsOf(opts.name).privateKey]);
  const api = new CertplaneApi(opts.url, opts.token, opts.caCertificates);
  // The chain first: a wrong URL or CA stops the command before the token is spent.
  const caChain = await api.caChain();
  const existingChain = await existingCaChain(join(dir, DEVICE_CA_FILE), caChain, opts.url);
  const key = await newClientKey(`user-${opts.name ?? 'device'}`);
  const enrolled = await api.enrolWithToken(opts.name, key.csrPem);
  const paths = pathsOf(enrolled.name);
  try {
    const { certificatePem } = await api.certificate(enrolled);
    const contents = { certificatePem, privateKeyPem: key.privateKeyPem, caChain };
    assertUsable(contents);
    await writeClientFiles(dir, paths, contents, existingChain !== undefined);
  } catch (e) {
    throw new CliError(
      `enrolled as ${enrolled.name} (id ${enrolled.clientId}), but ${(e as Error).message}`,
      (e as CliError).exitCode,
    );
  }
  return { clientId: enrolled.clientId, name: enrolled.name, ...paths };
}
