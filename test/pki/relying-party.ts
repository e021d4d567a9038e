import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, eventually, Harness } from '../support/certplane-harness';

/** What a relying party holds for one enrolled client: files on disk, as openssl wants them. */
export interface EnrolledClient {
  name: string;
  id: string;
  serialNumber: string;
  certFile: string;
  keyFile: string;
}

export interface OpensslRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: openssl reports verification on stderr and statuses on stdout */
  output: string;
}

/**
 * Runs openssl without blocking: the certplane under test answers from this same process, so a synchronous
 * spawn would keep it from ever answering `openssl ocsp -url`.
 */
export function openssl(args: string[]): Promise<OpensslRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, output: `${stdout}\n${stderr}` }));
    child.stdin.end();
  });
}

/** Enrols `name` and writes its certificate and key into dir. */
export async function enrolClient(h: Harness, dir: string, name: string): Promise<EnrolledClient> {
  const enrolled = await h.call('POST', '/clientcontroller/enrol', { name, topics: { insert: 'data' } }, bearer(h));
  if (enrolled.status !== 200) throw new Error(`enrol ${name}: ${enrolled.status} ${enrolled.text}`);
  const id: string = enrolled.body.url;
  const details = await h.call('GET', `/informationservice/details/${id}`);
  if (details.status !== 200) throw new Error(`details of ${name}: ${details.status} ${details.text}`);
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  writeFileSync(certFile, details.body.cert);
  writeFileSync(keyFile, details.body.key, { mode: 0o600 });
  const serialNumber = /serial=([0-9A-F]+)/i
    .exec((await openssl(['x509', '-in', certFile, '-noout', '-serial'])).stdout)![1]
    .toLowerCase();
  // Issued means recorded in the read model the responder answers from.
  await eventually(
    async () => ((await rmStatus(h, serialNumber)) ? true : undefined),
    10_000,
    `${name}'s certificate in the read model`,
  );
  return { name, id, serialNumber, certFile, keyFile };
}

/** Leaves and waits until the read model holds the certificate as revoked. */
export async function leaveClient(h: Harness, client: EnrolledClient): Promise<void> {
  const left = await h.call('POST', '/clientcontroller/leave', { name: client.name }, bearer(h));
  if (left.status !== 200) throw new Error(`leave ${client.name}: ${left.status} ${left.text}`);
  await eventually(
    async () => ((await rmStatus(h, client.serialNumber)) === 'revoked' ? true : undefined),
    10_000,
    `${client.name}'s revocation in the read model`,
  );
}

async function rmStatus(h: Harness, serialNumber: string): Promise<string | undefined> {
  const [row] = await h.ds.query(`SELECT status FROM rm_certificates WHERE serial_number = $1`, [serialNumber]);
  return row?.status;
}

/** Serial numbers a CRL lists, lowercase hex as the read model spells them (openssl prints uppercase). */
export function crlSerials(crlText: string): string[] {
  return [...crlText.matchAll(/Serial Number: ([0-9A-F]+)/g)]
    .map((m) => m[1].toLowerCase().replace(/^(00)+(?=..)/, ''))
    .sort();
}

export function crlNumber(crlText: string): number {
  return Number(/X509v3 CRL Number:\s*\n\s*(\d+)/.exec(crlText)![1]);
}
