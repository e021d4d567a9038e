import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { freePort } from './processes';

export interface OidcTestClient {
  client_id: string;
  client_secret: string;
  roles?: string[];
}

type PrivateJwk = JWK & { kid: string };

/** The console as a public client of the issuer, and the people who may sign in there (any password), with their roles. */
export interface OidcConsoleClient {
  client_id: string;
  redirect_uri: string;
  /** The console's origin, which may call the token endpoint (CORS). */
  origin: string;
  users: Record<string, string[]>;
}

export async function newSigningKey(kid: string): Promise<PrivateJwk> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

/**
 * A real OIDC issuer for a test: oidc-provider in a child process (test/support/oidc-provider.mjs)
 * on a free port. Tokens are obtained as an operator would with
 * `curl -u id:secret -d grant_type=client_credentials <issuer>/token`.
 */
export class OidcIssuer {
  private proc?: ChildProcess;

  private constructor(
    readonly port: number,
    readonly audience: string,
    readonly clients: OidcTestClient[],
    /** Private keys; the first signs. Kept so a test can forge tokens with the issuer's own key. */
    public keys: PrivateJwk[],
  ) {}

  /** Sign-in options that exist once certplane's URL is known: see reserve() and start(). */
  private console?: OidcConsoleClient;
  private accessTokenTtl?: number;

  static async start(opts: { audience: string; clients: OidcTestClient[] }): Promise<OidcIssuer> {
    const issuer = await OidcIssuer.reserve(opts);
    await issuer.run();
    return issuer;
  }

  /** An issuer with its port and URL chosen but not yet running, so certplane can be configured with it first. */
  static async reserve(opts: { audience: string; clients: OidcTestClient[] }): Promise<OidcIssuer> {
    return new OidcIssuer(await freePort(), opts.audience, opts.clients, [await newSigningKey('key-1')]);
  }

  /** Runs a reserved issuer that also signs people in to the console (authorization code + PKCE). */
  async startWithConsole(console: OidcConsoleClient, opts: { accessTokenTtlSeconds?: number } = {}): Promise<void> {
    this.console = console;
    this.accessTokenTtl = opts.accessTokenTtlSeconds;
    await this.run();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The client-credentials grant over HTTP; resource picks the audience (default: the configured one). */
  async token(clientId: string, opts: { resource?: string } = {}): Promise<string> {
    const client = this.clients.find((c) => c.client_id === clientId)!;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      ...(opts.resource ? { resource: opts.resource } : {}),
    });
    const res = await fetch(`${this.url}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.toString(),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token)
      throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** A token signed with key (default: the issuer's current signing key) carrying exactly these claims, typed typ (null: no typ). */
  async forge(claims: JWTPayload, key: PrivateJwk = this.keys[0], typ: string | null = 'at+jwt'): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...(typ === null ? {} : { typ }) })
      .sign(await importJWK(key, 'RS256'));
  }

  /** Restarts on the same port signing with a new key (the old one still published, as issuers do while rotating). */
  async rotate(kid: string): Promise<void> {
    this.keys = [await newSigningKey(kid), ...this.keys];
    await this.stop();
    await this.run();
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  private run(): Promise<void> {
    const proc = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        OIDC_PORT: String(this.port),
        OIDC_AUDIENCE: this.audience,
        OIDC_JWKS: JSON.stringify({ keys: this.keys }),
        OIDC_CLIENTS: JSON.stringify(this.clients),
        ...(this.console ? { OIDC_CONSOLE: JSON.stringify(this.console) } : {}),
        ...(this.accessTokenTtl ? { OIDC_ACCESS_TOKEN_TTL: String(this.accessTokenTtl) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = proc;
    let output = '';
    return new Promise((resolve, reject) => {
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('ready\n')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      proc.once('exit', (code) => reject(new Error(`oidc-provider exited (${code}): ${output}`)));
    });
  }
}
