import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { keyTypeOf, x509 } from '@certplane/pki';
import { replaceFileAtomically } from './atomic-file';
import { CliError, EXIT } from './cli-error';
import { assertUsable } from './client-files';
import { newClientKey } from './client-key';
import { caChainOf, DeviceTls, simpleReenrol } from './est-reenrolment';
import { backoffDelay, renewalDue } from './renewal-schedule';

export interface AgentOptions {
  url: string;
  cacertFile: string;
  certFile: string;
  keyFile: string;
  /** Run through `sh -c` after each renewal, with CERTPLANE_CERT_FILE, CERTPLANE_KEY_FILE and CERTPLANE_CA_FILE set. */
  exec?: string;
  once: boolean;
  force: boolean;
  /** The share of the lifetime after which to renew (--renew-at; 2/3 unless told). */
  renewAt: number;
  log: (line: string) => void;
  /** Aborted on SIGTERM or SIGINT: the agent stops waiting and exits 0. */
  signal: AbortSignal;
  random?: () => number;
}

// --once is for timers: a few tries, then exit 3 and let the next run try again.
const ONCE_ATTEMPTS = 5;

/**
 * `certplane agent`: renews the device's certificate over mutual TLS (EST simplereenroll) when its
 * renewal point has passed, with a new key of the certificate's key type each time, and replaces the files atomically. Returns
 * the exit code: 0 (stopped by a signal, or --once done), 3 (unreachable, --once), 4 (certificate no
 * longer accepted: renewing can never work again, so the agent stops rather than loop), 1 otherwise.
 */
export async function runAgent(opts: AgentOptions): Promise<number> {
  const random = opts.random ?? Math.random;
  let force = opts.force;
  for (;;) {
    const current = await readCertificate(opts.certFile);
    const due = force
      ? new Date()
      : renewalDue(new Date(current.validFrom), new Date(current.validTo), opts.renewAt, random());
    if (due.getTime() > Date.now()) {
      if (opts.once) {
        opts.log(`certificate ${serialOf(current)} is not due for renewal until ${due.toISOString()}`);
        return EXIT.ok;
      }
      if (!(await pause(due.getTime() - Date.now(), opts.signal))) return EXIT.ok;
      continue;
    }
    const renewed = await renewWithRetries(opts, random);
    if (renewed === 'stopped') return EXIT.ok;
    force = false;
    if (opts.once) return EXIT.ok;
  }
}

async function renewWithRetries(opts: AgentOptions, random: () => number): Promise<'renewed' | 'stopped'> {
  // One key and CSR per renewal, kept across retries: a repeat of the same request after 202 gets the certificate issued for it.
  const current = await readCertificate(opts.certFile);
  // A key of the type the certificate has: one its profile takes (a P-384 or RSA profile's as much as the default's).
  const key = await newClientKey(
    current.subject.match(/CN=([^\n,]+)/)?.[1] ?? 'certplane-device',
    keyTypeOf(current.publicKey) ?? 'ec-p256',
  );
  const csrDer = new x509.Pkcs10CertificateRequest(key.csrPem).rawData;
  for (let attempt = 0; ; attempt++) {
    let waitMs: number;
    try {
      const tls = await deviceTls(opts);
      const answer = await simpleReenrol(opts.url, tls, csrDer);
      if ('certificatePem' in answer) {
        await install(opts, tls, answer.certificatePem, key.privateKeyPem);
        return 'renewed';
      }
      waitMs = answer.retryAfterSeconds * 1000;
      opts.log(`renewal accepted, certificate not issued yet; asking again in ${answer.retryAfterSeconds} s`);
    } catch (e) {
      if (!(e instanceof CliError) || e.exitCode !== EXIT.unreachable) throw e;
      if (opts.once && attempt + 1 >= ONCE_ATTEMPTS) throw e;
      waitMs = backoffDelay(attempt, random());
      opts.log(`${e.message}; retrying in ${Math.ceil(waitMs / 1000)} s`);
    }
    if (!(await pause(waitMs, opts.signal))) return 'stopped';
  }
}

/** Checks the new certificate against the key and the CA, writes key, certificate and a changed CA chain, then runs the hook. */
async function install(
  opts: AgentOptions,
  tls: DeviceTls,
  certificatePem: string,
  privateKeyPem: string,
): Promise<void> {
  const caChain = await caChainOf(opts.url, tls.ca);
  assertUsable({ certificatePem, privateKeyPem, caChain });
  // The key first: a reader that catches the moment between sees the new key with the old certificate, which fails loudly, never silently.
  await replaceFileAtomically(opts.keyFile, privateKeyPem, 0o600);
  await replaceFileAtomically(opts.certFile, certificatePem, 0o644);
  const caChanged = caChain !== tls.ca;
  if (caChanged) await replaceFileAtomically(opts.cacertFile, caChain, 0o644);
  const renewed = new X509Certificate(certificatePem);
  opts.log(
    `renewed: certificate ${serialOf(renewed)} valid until ${new Date(renewed.validTo).toISOString()}${caChanged ? `; CA chain updated in ${opts.cacertFile}` : ''}`,
  );
  if (opts.exec) await runHook(opts);
}

async function runHook(opts: AgentOptions): Promise<void> {
  const env = {
    ...process.env,
    CERTPLANE_CERT_FILE: opts.certFile,
    CERTPLANE_KEY_FILE: opts.keyFile,
    CERTPLANE_CA_FILE: opts.cacertFile,
  };
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn('sh', ['-c', opts.exec!], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (e) => resolve(e.message));
    child.on('exit', (status, signal) => resolve(status ?? signal ?? 'unknown'));
  });
  // The certificate is renewed whatever the hook does; its failure is the hook's to report.
  if (code !== 0) opts.log(`--exec exited with ${code}`);
}

async function deviceTls(opts: AgentOptions): Promise<DeviceTls> {
  const [ca, cert, key] = await Promise.all(
    [opts.cacertFile, opts.certFile, opts.keyFile].map((path) => readText(path)),
  );
  return { ca, cert, key };
}

async function readCertificate(path: string): Promise<X509Certificate> {
  try {
    return new X509Certificate(await readText(path));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path} holds no PEM certificate`, EXIT.usage);
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.usage);
  }
}

/** Waits, unless the signal comes first; false when it did. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    // setTimeout's delay is a 32-bit number of milliseconds: a renewal weeks away is waited for in steps.
    await sleep(Math.min(ms, 2 ** 31 - 1), undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function serialOf(certificate: X509Certificate): string {
  return certificate.serialNumber.toLowerCase();
}
