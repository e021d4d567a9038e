import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@nats-io/nats-core';
import * as transport from '@nats-io/transport-node';
import { describeError, MessagingError } from './messaging.errors';
import { connectNats, type NatsConnection } from './nats-client';

/** How certplane proves itself to NATS: at most one of these (none: an open server). */
export type NatsAuth =
  | { kind: 'none' }
  | { kind: 'userPassword'; user: string; password: string }
  | { kind: 'token'; token: string }
  | { kind: 'credsFile'; path: string }
  | { kind: 'nkeySeedFile'; path: string };

export interface NatsTls {
  /** CA bundle the server's certificate must chain to. */
  caFile?: string;
  /** Client certificate and key, for servers that verify clients. */
  certFile?: string;
  keyFile?: string;
}

/** Where and as whom to connect: shared by the JetStream bus and the core NATS client. */
export interface NatsConnectionSettings {
  /** NATS_URL, e.g. "nats://127.0.0.1:4222"; comma separated for several servers. */
  servers: string;
  auth?: NatsAuth;
  tls?: NatsTls;
}

const authenticators = transport as unknown as {
  credsAuthenticator(creds: Uint8Array): NonNullable<ConnectionOptions['authenticator']>;
  nkeyAuthenticator(seed: Uint8Array): NonNullable<ConnectionOptions['authenticator']>;
};

export function serverList(servers: string): string[] {
  return servers
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Connects with the credentials and TLS settings, reconnecting forever afterwards (workers must
 * outlive NATS restarts and rolling upgrades) and noticing a silently dead server within ~30 s
 * rather than the 4 min default. Files are read here, at each connect, so a rotated creds file is
 * taken on the next start. Errors name the servers, never a secret.
 */
export async function openNatsConnection(
  settings: NatsConnectionSettings,
  opts: { name?: string; reconnectTimeWaitMs?: number },
): Promise<NatsConnection> {
  let auth: Partial<ConnectionOptions>;
  try {
    auth = authOptions(settings.auth ?? { kind: 'none' });
  } catch (err) {
    throw new MessagingError(`cannot read the NATS credentials: ${describeError(err)}`, { cause: err });
  }
  try {
    return await connectNats({
      servers: serverList(settings.servers),
      name: opts.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: opts.reconnectTimeWaitMs ?? 500,
      pingInterval: 10_000,
      maxPingOut: 3,
      ...auth,
      ...(settings.tls
        ? { tls: { caFile: settings.tls.caFile, certFile: settings.tls.certFile, keyFile: settings.tls.keyFile } }
        : {}),
    });
  } catch (err) {
    throw new MessagingError(
      `cannot connect to NATS at ${withoutCredentials(settings.servers)}: ${describeError(err)}`,
      { cause: err },
    );
  }
}

/** A drain waits for the server; one that does not answer within this is closed hard. */
const DRAIN_TIMEOUT_MS = 5_000;

/** Drains the connection (in-flight messages delivered, subscriptions ended), or closes it hard if the server does not answer. */
export async function closeNatsConnection(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  let timer: NodeJS.Timeout | undefined;
  const drained = nc.drain().then(
    () => 'drained' as const,
    () => 'failed' as const,
  );
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DRAIN_TIMEOUT_MS);
  });
  const outcome = await Promise.race([drained, timedOut]);
  clearTimeout(timer);
  if (outcome !== 'drained') await nc.close().catch(() => undefined);
}

function authOptions(auth: NatsAuth): Partial<ConnectionOptions> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'userPassword':
      return { user: auth.user, pass: auth.password };
    case 'token':
      return { token: auth.token };
    case 'credsFile':
      return { authenticator: authenticators.credsAuthenticator(readFileSync(auth.path)) };
    case 'nkeySeedFile':
      return {
        authenticator: authenticators.nkeyAuthenticator(
          new TextEncoder().encode(readFileSync(auth.path, 'utf8').trim()),
        ),
      };
  }
}

/** NATS_URL as it may be shown: a user and password in a URL are left out. */
export function withoutCredentials(servers: string): string {
  return serverList(servers)
    .map((s) => s.replace(/\/\/[^@/]*@/, '//'))
    .join(',');
}
