import { x509 } from '@certplane/pki';
import { CliError, EXIT } from './cli-error';
import { sendRequest } from './http-request';

const REQUEST_TIMEOUT_MS = 30_000;

/** The device's own TLS material: the CA chain it trusts and the certificate and key it presents. */
export interface DeviceTls {
  ca: string;
  cert: string;
  key: string;
}

export type ReenrolAnswer = { certificatePem: string } | { retryAfterSeconds: number };

/**
 * EST simplereenroll (RFC 7030 4.2.2) over mutual TLS with the current certificate: one exchange
 * that renews, supersedes the certificate that asked and answers the new one. 202 (or 503) means
 * issuance is still under way: the same CSR again after Retry-After gets the certificate.
 */
export async function simpleReenrol(url: string, tls: DeviceTls, csrDer: ArrayBuffer): Promise<ReenrolAnswer> {
  const answer = await exchange(url, '.well-known/est/simplereenroll', tls, {
    method: 'POST',
    headers: { 'content-type': 'application/pkcs10', 'content-transfer-encoding': 'base64' },
    body: Buffer.from(csrDer).toString('base64'),
  });
  if (answer.status === 200) {
    const [certificate] = new x509.X509Certificates(Buffer.from(answer.text.replace(/\s+/g, ''), 'base64'));
    if (!certificate) throw new CliError(`certplane at ${url} answered simplereenroll without a certificate`);
    return { certificatePem: certificate.toString('pem') };
  }
  if (answer.status === 202 || answer.status === 503)
    return { retryAfterSeconds: Math.max(1, Number(answer.headers.get('retry-after')) || 2) };
  throw refusal(url, answer);
}

/**
 * GET /pki/ca: the chain the device should trust from now on. Without the client certificate: the
 * one that just renewed is revoked as superseded, and the chain is public.
 */
export async function caChainOf(url: string, ca: string): Promise<string> {
  const answer = await exchange(url, 'pki/ca', { ca }, { method: 'GET', headers: {} });
  if (answer.status !== 200 || !answer.text.includes('-----BEGIN CERTIFICATE-----')) throw refusal(url, answer);
  return answer.text;
}

async function exchange(
  url: string,
  path: string,
  tls: Pick<DeviceTls, 'ca'> & Partial<DeviceTls>,
  request: { method: string; headers: Record<string, string>; body?: string },
) {
  try {
    return await sendRequest(new URL(path, url.endsWith('/') ? url : `${url}/`), {
      ...request,
      ca: tls.ca,
      ...(tls.cert && tls.key ? { clientCertificate: { cert: tls.cert, key: tls.key } } : {}),
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  } catch (e) {
    const err = e as Error & { code?: string };
    throw new CliError(
      `cannot reach certplane at ${url} (${err.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (err.code ?? err.message)})`,
      EXIT.unreachable,
    );
  }
}

/** A 401 CERTIFICATE_REJECTED means this certificate will never renew again; 429 and 5xx are worth a retry, other answers are not. */
function refusal(url: string, answer: { status: number; text: string }): CliError {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(answer.text);
  } catch {
    // not certplane's JSON error: the status says it
  }
  const detail =
    typeof body.message === 'string'
      ? `${body.message}${typeof body.code === 'string' ? ` (${body.code})` : ''}`
      : `HTTP ${answer.status}`;
  if (body.code === 'CERTIFICATE_REJECTED')
    return new CliError(
      `certplane at ${url} no longer accepts this certificate: ${detail}; enrol again`,
      EXIT.rejected,
    );
  return new CliError(
    `certplane at ${url} refused: ${detail}`,
    answer.status === 429 || answer.status >= 500 ? EXIT.unreachable : EXIT.failed,
  );
}
