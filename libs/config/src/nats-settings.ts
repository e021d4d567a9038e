import type { NatsAuth, NatsTls, StreamDurability } from '@certplane/messaging';
import { z } from 'zod';
import { Duration, ValidationError } from '@certplane/domain';
import { ConfigError } from './config.errors';

const file = z.string().min(1);
const replicas = (min: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be >= ${min}`)
    .max(5, 'must be <= 5');

/** The variables of how certplane connects to NATS and how durable its stream is. */
export const NATS_SETTINGS_SCHEMA = {
  CERTPLANE_NATS_USER: z.string().min(1).optional(),
  CERTPLANE_NATS_PASSWORD: z.string().min(1).optional(),
  CERTPLANE_NATS_TOKEN: z.string().min(1).optional(),
  CERTPLANE_NATS_CREDS_FILE: file.optional(),
  CERTPLANE_NATS_NKEY_SEED_FILE: file.optional(),
  CERTPLANE_NATS_TLS_CA_FILE: file.optional(),
  CERTPLANE_NATS_TLS_CERT_FILE: file.optional(),
  CERTPLANE_NATS_TLS_KEY_FILE: file.optional(),
  CERTPLANE_NATS_REPLICAS: replicas(1).optional(),
  CERTPLANE_NATS_CONSUMER_REPLICAS: replicas(0).default(0),
  CERTPLANE_NATS_STORAGE: z.enum(['file', 'memory'], { error: 'must be file or memory' }).default('file'),
  // Unset: no limit. Allowed because the reconcilers re-drive from the store what a dropped message would have.
  CERTPLANE_NATS_MAX_AGE: z.string().optional(),
  CERTPLANE_NATS_MAX_BYTES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1_048_576, 'must be >= 1048576 (1 MiB)')
    .max(Number.MAX_SAFE_INTEGER, 'is too large')
    .optional(),
};

type NatsEnv = {
  NATS_URL?: string;
  CERTPLANE_NATS_USER?: string;
  CERTPLANE_NATS_PASSWORD?: string;
  CERTPLANE_NATS_TOKEN?: string;
  CERTPLANE_NATS_CREDS_FILE?: string;
  CERTPLANE_NATS_NKEY_SEED_FILE?: string;
  CERTPLANE_NATS_TLS_CA_FILE?: string;
  CERTPLANE_NATS_TLS_CERT_FILE?: string;
  CERTPLANE_NATS_TLS_KEY_FILE?: string;
  CERTPLANE_NATS_REPLICAS?: number;
  CERTPLANE_NATS_CONSUMER_REPLICAS: number;
  CERTPLANE_NATS_STORAGE: 'file' | 'memory';
  CERTPLANE_NATS_MAX_AGE?: string;
  CERTPLANE_NATS_MAX_BYTES?: number;
};

export interface NatsConnectionConfig {
  auth: NatsAuth;
  tls?: NatsTls;
  durability: StreamDurability;
}

/**
 * One way of authenticating at most; TLS certificate and key together. Replicas default to 3
 * when NATS_URL names several servers (a cluster, where one copy would make the stream's server a
 * single point of loss) and to 1 for a single server.
 */
export function parseNatsSettings(e: NatsEnv): NatsConnectionConfig {
  const ways = [
    e.CERTPLANE_NATS_USER !== undefined || e.CERTPLANE_NATS_PASSWORD !== undefined ? 'CERTPLANE_NATS_USER' : '',
    e.CERTPLANE_NATS_TOKEN !== undefined ? 'CERTPLANE_NATS_TOKEN' : '',
    e.CERTPLANE_NATS_CREDS_FILE !== undefined ? 'CERTPLANE_NATS_CREDS_FILE' : '',
    e.CERTPLANE_NATS_NKEY_SEED_FILE !== undefined ? 'CERTPLANE_NATS_NKEY_SEED_FILE' : '',
  ].filter((w) => w);
  if (ways.length > 1)
    throw new ConfigError(ways[1], `must not be set together with ${ways[0]}: NATS takes one way of authenticating`);
  if ((e.CERTPLANE_NATS_USER === undefined) !== (e.CERTPLANE_NATS_PASSWORD === undefined)) {
    throw new ConfigError(
      e.CERTPLANE_NATS_USER === undefined ? 'CERTPLANE_NATS_USER' : 'CERTPLANE_NATS_PASSWORD',
      'must be set together with ' +
        (e.CERTPLANE_NATS_USER === undefined ? 'CERTPLANE_NATS_PASSWORD' : 'CERTPLANE_NATS_USER'),
    );
  }
  if ((e.CERTPLANE_NATS_TLS_CERT_FILE === undefined) !== (e.CERTPLANE_NATS_TLS_KEY_FILE === undefined)) {
    throw new ConfigError(
      e.CERTPLANE_NATS_TLS_CERT_FILE === undefined ? 'CERTPLANE_NATS_TLS_CERT_FILE' : 'CERTPLANE_NATS_TLS_KEY_FILE',
      'must be set together with ' +
        (e.CERTPLANE_NATS_TLS_CERT_FILE === undefined ? 'CERTPLANE_NATS_TLS_KEY_FILE' : 'CERTPLANE_NATS_TLS_CERT_FILE'),
    );
  }
  const auth: NatsAuth =
    e.CERTPLANE_NATS_USER !== undefined
      ? { kind: 'userPassword', user: e.CERTPLANE_NATS_USER, password: e.CERTPLANE_NATS_PASSWORD! }
      : e.CERTPLANE_NATS_TOKEN !== undefined
        ? { kind: 'token', token: e.CERTPLANE_NATS_TOKEN }
        : e.CERTPLANE_NATS_CREDS_FILE !== undefined
          ? { kind: 'credsFile', path: e.CERTPLANE_NATS_CREDS_FILE }
          : e.CERTPLANE_NATS_NKEY_SEED_FILE !== undefined
            ? { kind: 'nkeySeedFile', path: e.CERTPLANE_NATS_NKEY_SEED_FILE }
            : { kind: 'none' };
  const tlsSet = e.CERTPLANE_NATS_TLS_CA_FILE !== undefined || e.CERTPLANE_NATS_TLS_CERT_FILE !== undefined;
  const servers = (e.NATS_URL ?? '').split(',').filter((s) => s.trim().length > 0).length;
  return {
    auth,
    tls: tlsSet
      ? {
          caFile: e.CERTPLANE_NATS_TLS_CA_FILE,
          certFile: e.CERTPLANE_NATS_TLS_CERT_FILE,
          keyFile: e.CERTPLANE_NATS_TLS_KEY_FILE,
        }
      : undefined,
    durability: {
      replicas: e.CERTPLANE_NATS_REPLICAS ?? (servers > 1 ? 3 : 1),
      consumerReplicas: e.CERTPLANE_NATS_CONSUMER_REPLICAS,
      storage: e.CERTPLANE_NATS_STORAGE,
      maxAgeMs: e.CERTPLANE_NATS_MAX_AGE === undefined ? 0 : maxAge(e.CERTPLANE_NATS_MAX_AGE).milliseconds,
      maxBytes: e.CERTPLANE_NATS_MAX_BYTES ?? -1,
    },
  };
}

function maxAge(raw: string): Duration {
  try {
    return Duration.parse(raw, 'INVALID_DURATION', 'the age');
  } catch (e) {
    if (e instanceof ValidationError)
      throw new ConfigError('CERTPLANE_NATS_MAX_AGE', 'must be a whole number followed by s, m, h or d (e.g. 7d)');
    throw e;
  }
}
