import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bearer, clientIdOf, eventually, Harness } from '../support/certplane-harness';

const run = promisify(execFile);

/** What a client of the seeds' products keeps on disk: the CA chain, its certificate and its key. */
export interface ClientFiles {
  dir: string;
  cacert: string;
  cert?: string;
  key?: string;
}

export interface CurlAnswer {
  status: number;
  body: any;
}

/**
 * `curl --cacert cluster.crt --cert user.crt --key user.key https://127.0.0.1:<port><path>`, as a client runs it.
 * Asynchronous on purpose: certplane runs in this very process, so a blocking exec would deadlock it. Every call
 * is a new TLS connection.
 */
export async function curl(
  url: string,
  files: ClientFiles,
  opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CurlAnswer> {
  const args = ['-sS', '--max-time', '20', '-w', '\n%{http_code}', '--cacert', files.cacert];
  if (files.cert) args.push('--cert', files.cert);
  if (files.key) args.push('--key', files.key);
  if (opts.method) args.push('-X', opts.method);
  if (opts.body !== undefined) args.push('-d', JSON.stringify(opts.body));
  for (const [name, value] of Object.entries(opts.headers ?? {})) args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('curl', [...args, url]);
  const newline = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, newline);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: Number(stdout.slice(newline + 1)), body };
}

/** A scratch directory holding cluster.crt from GET /pki/ca, as `certplane create-api-certificate` writes it. */
export async function clusterFiles(h: Harness): Promise<ClientFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-mtls-'));
  const chain = await h.call('GET', '/pki/ca');
  if (chain.status !== 200) throw new Error(`GET /pki/ca answered ${chain.status}`);
  const cacert = join(dir, 'cluster.crt');
  writeFileSync(cacert, chain.text);
  return { dir, cacert };
}

/** The certificate certplane's HTTPS listener at `tlsUrl` serves, as PEM (the chain checked against `caPem`). */
export function servedCertificatePem(tlsUrl: string, caPem: string): Promise<string> {
  const { hostname, port } = new URL(tlsUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: caPem, servername: 'localhost' }, () => {
      resolve(socket.getPeerX509Certificate()!.toString());
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** Writes a certificate and key beside cluster.crt under the given name; returns the files curl takes. */
export function withCertificate(
  files: ClientFiles,
  name: string,
  certificatePem: string,
  privateKeyPem: string,
): ClientFiles {
  const cert = join(files.dir, `${name}.crt`);
  const key = join(files.dir, `${name}.key`);
  writeFileSync(cert, certificatePem);
  writeFileSync(key, privateKeyPem, { mode: 0o600 });
  return { ...files, cert, key };
}

/** Enrols a client through the spine and waits for details to hand out its certificate and key. */
export async function enrolClient(
  h: Harness,
  name: string,
): Promise<{ id: string; secret: string; cert: string; key: string; ca: string }> {
  const enrolled = await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h));
  if (enrolled.status !== 200) throw new Error(`enrol answered ${enrolled.status}: ${enrolled.text}`);
  const secret: string = enrolled.body.url;
  const details = await eventually(
    async () => {
      const r = await h.call('GET', `/informationservice/details/${secret}`);
      return r.status === 200 ? r.body : undefined;
    },
    15_000,
    `details of ${name}`,
  );
  return { id: clientIdOf(secret), secret, cert: details.cert, key: details.key, ca: details.ca };
}
