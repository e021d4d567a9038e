import { clientIdForDetailsSecret } from '@certplane/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError, EXIT } from './cli-error';
import { sendRequest } from './http-request';

export interface IssuedCertificate {
  certificatePem: string;
  /** Only for a server-generated key (the enrol fallback); with a CSR the key stays with the caller */
  privateKeyPem?: string;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON */
  json: any;
}

// What node's TLS reports when the server's certificate does not chain to a trusted CA.
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);

const REQUEST_TIMEOUT_MS = 30_000;
// Details waits server-side for a certificate on its way, then answers 503 with Retry-After; beyond this, give up.
const CERTIFICATE_WAIT_MS = 60_000;

/**
 * The few calls the CLI makes, each failure turned into a sentence: "cannot reach", "the API token was
 * refused", or certplane's own error message with its code.
 */
/** A client as certplane answered its creation: its id, and the details secret shown only then. */
export interface CreatedClient {
  clientId: string;
  detailsSecret: string;
}

export class CertplaneApi {
  /** As the user wrote it, for messages */
  private readonly baseUrl: string;
  /** With a trailing slash, so paths resolve under a prefix (https://host/certplane/) rather than replace it */
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string,
    /** PEM CA certificates that certplane's HTTPS server certificate must chain to, instead of the system's. */
    private readonly caCertificates?: string,
  ) {
    this.baseUrl = url.replace(/\/+$/, '');
    this.base = `${this.baseUrl}/`;
  }

  /** GET /pki/ca: the CA chain in PEM. */
  async caChain(): Promise<string> {
    const answer = this.ok(await this.request('GET', '/pki/ca'));
    if (!answer.text.includes('-----BEGIN CERTIFICATE-----'))
      throw new CliError(`certplane at ${this.baseUrl} answered /pki/ca without a PEM certificate`);
    return answer.text;
  }

  /**
   * POST /clients with a CSR: the client is created and its certificate issued for the caller's key. Undefined
   * when this certplane has no client API (404 "no such route"), so the caller can fall back to enrol.
   */
  async createClient(name: string, csrPem: string, tags: string[]): Promise<CreatedClient | undefined> {
    const answer = await this.request('POST', '/clients', { name, csr: csrPem, tags });
    if (answer.status === 404 && answer.json?.code === 'NOT_FOUND') return undefined;
    const { id, url: detailsSecret } = this.ok(answer).json ?? {};
    if (typeof id !== 'string' || typeof detailsSecret !== 'string')
      throw new CliError(`certplane at ${this.baseUrl} answered POST /clients without a client id and details secret`);
    return { clientId: id, detailsSecret };
  }

  /** POST /clientcontroller/enrol (the spine's enrolment, with a server-generated key); returns the client id. */
  async enrol(name: string, topics: Record<string, string>): Promise<CreatedClient> {
    const secret = this.ok(await this.request('POST', '/clientcontroller/enrol', { name, topics })).json?.url;
    if (typeof secret !== 'string')
      throw new CliError(`certplane at ${this.baseUrl} answered the enrolment without a details URL`);
    return { clientId: clientIdForDetailsSecret(secret), detailsSecret: secret };
  }

  /**
   * POST /enrol with this API's token being an enrolment token: the device enrols itself with its CSR.
   * `name` may be left out when the token fixes it; certplane answers with the name it enrolled.
   */
  async enrolWithToken(name: string | undefined, csrPem: string): Promise<CreatedClient & { name: string }> {
    const {
      id,
      name: enrolled,
      url: detailsSecret,
    } = this.ok(
      await this.request('POST', '/enrol', { ...(name !== undefined ? { name } : {}), csr: csrPem }),
      'enrolment token',
    ).json ?? {};
    if (typeof id !== 'string' || typeof enrolled !== 'string' || typeof detailsSecret !== 'string')
      throw new CliError(
        `certplane at ${this.baseUrl} answered POST /enrol without a client id, name and details secret`,
      );
    return { clientId: id, name: enrolled, detailsSecret };
  }

  /** The client's certificate (and key, when the server generated it), waiting while it is being issued. */
  async certificate({ clientId, detailsSecret }: CreatedClient): Promise<IssuedCertificate> {
    const deadline = Date.now() + CERTIFICATE_WAIT_MS;
    for (;;) {
      const answer = await this.request('GET', `/informationservice/details/${encodeURIComponent(detailsSecret)}`);
      if (answer.status === 503 && Date.now() < deadline) {
        await sleep(Math.max(1, Number(answer.headers.get('retry-after')) || 2) * 1000);
        continue;
      }
      const { cert, key } = this.ok(answer).json ?? {};
      if (typeof cert !== 'string')
        throw new CliError(`certplane at ${this.baseUrl} answered the details of ${clientId} without a certificate`);
      return { certificatePem: cert, ...(typeof key === 'string' ? { privateKeyPem: key } : {}) };
    }
  }

  /**
   * One operator call: the answer's JSON, or undefined for an answer without a body (204). `query`
   * values left undefined are not sent; path segments are the caller's to encode.
   */
  async call(
    method: string,
    path: string,
    opts: { query?: Record<string, string | undefined>; body?: unknown } = {},
  ): Promise<unknown> {
    const query = new URLSearchParams(
      Object.entries(opts.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const answer = this.ok(await this.request(method, query.size > 0 ? `${path}?${query}` : path, opts.body));
    return answer.text === '' ? undefined : answer.json;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Answer> {
    let res: { status: number; headers: Headers; text: string };
    try {
      res = await sendRequest(new URL(path.replace(/^\//, ''), this.base), {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        ca: this.caCertificates,
        timeoutMs: REQUEST_TIMEOUT_MS,
      });
    } catch (e) {
      const err = e as Error & { code?: string };
      if (err.code && UNTRUSTED_CERTIFICATE.has(err.code)) {
        const hint = this.caCertificates
          ? 'it does not chain to the --cacert CA'
          : 'pass its CA chain with --cacert, e.g. cluster.crt';
        throw new CliError(
          `cannot reach certplane at ${this.baseUrl}: its server certificate is not trusted (${err.code}); ${hint}`,
          EXIT.unreachable,
        );
      }
      const why =
        err.name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : (err.code ?? err.message);
      throw new CliError(`cannot reach certplane at ${this.baseUrl} (${why})`, EXIT.unreachable);
    }
    const { text } = res;
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** A 2xx answer as it is; anything else becomes the error a person should read. `credential` names what the token is. */
  private ok(answer: Answer, credential: 'API token' | 'enrolment token' = 'API token'): Answer {
    if (answer.status >= 200 && answer.status < 300) return answer;
    if (answer.status === 401 && credential === 'API token')
      throw new CliError(
        `the API token was refused by certplane at ${this.baseUrl} (401); check --token or CERTPLANE_API_TOKEN`,
      );
    const { message, code } = answer.json ?? {};
    const detail = typeof message === 'string' ? `${message}${code ? ` (${code})` : ''}` : `HTTP ${answer.status}`;
    throw new CliError(`certplane at ${this.baseUrl} refused: ${detail}`);
  }
}
