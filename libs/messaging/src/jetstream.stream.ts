import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  ReplayPolicy,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamManager,
  type StreamInfo,
} from '@nats-io/jetstream';
import type { ConsumerSpec, MessagingLogger } from './message-bus';
import { MessagingError } from './messaging.errors';
import { nanos } from './nats-client';

/**
 * Stream and durable-consumer provisioning: create when missing, update when
 * the wanted config changed. Written against nats-server 2.9 (single
 * filter_subject, no consumer create/update "action" semantics), and kept
 * working on newer servers by always looking before creating.
 */

/** How much of the stream survives what: each a setting, since the right answer depends on the cluster. */
export interface StreamDurability {
  /** Copies of the stream on different servers (1-5); a cluster keeps working while a minority is lost. */
  replicas: number;
  /** Copies of each durable consumer's state; 0: as many as the stream. */
  consumerReplicas: number;
  storage: 'file' | 'memory';
  /** Messages older than this are dropped; 0: kept until max_bytes. */
  maxAgeMs: number;
  /** The oldest messages are dropped past this size; -1: no limit. */
  maxBytes: number;
}

export const DEFAULT_DURABILITY: StreamDurability = {
  replicas: 1,
  consumerReplicas: 0,
  storage: 'file',
  maxAgeMs: 0,
  maxBytes: -1,
};

export function durabilityOf(given: Partial<StreamDurability> | undefined): StreamDurability {
  return { ...DEFAULT_DURABILITY, ...given };
}

export interface StreamSettings extends StreamDurability {
  streamName: string;
  subjectPrefix: string;
  duplicateWindowMs: number;
}

export function isStreamNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}

export function isConsumerNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;
}

export async function ensureStream(
  jsm: JetStreamManager,
  s: StreamSettings,
  logger: MessagingLogger,
): Promise<StreamInfo> {
  const subjects = [`${s.subjectPrefix}.>`];
  const duplicateWindow = nanos(s.duplicateWindowMs);
  let existing: StreamInfo | undefined;
  try {
    existing = await jsm.streams.info(s.streamName);
  } catch (err) {
    if (!isStreamNotFound(err)) {
      throw new MessagingError(`cannot look up stream ${s.streamName}: ${(err as Error).message}`, { cause: err });
    }
  }

  if (!existing) {
    try {
      const created = await jsm.streams.add({
        name: s.streamName,
        subjects,
        storage: storageType(s.storage),
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        duplicate_window: duplicateWindow,
        ...limits(s),
      });
      logger.info('created JetStream stream', {
        stream: s.streamName,
        subjects,
        replicas: s.replicas,
        storage: s.storage,
        maxAgeMs: s.maxAgeMs,
        maxBytes: s.maxBytes,
      });
      return created;
    } catch (err) {
      if (/insufficient resources|replicas > 1 not supported|no suitable peers/i.test((err as Error).message)) {
        throw new MessagingError(
          `cannot create stream ${s.streamName} with ${s.replicas} replicas: the NATS servers cannot place them (${(err as Error).message}); ` +
            'run a JetStream cluster of at least that many servers, or set CERTPLANE_NATS_REPLICAS lower',
          { cause: err },
        );
      }
      // Another process may have won the race; fall through to the update path.
      try {
        existing = await jsm.streams.info(s.streamName);
      } catch {
        throw new MessagingError(`cannot create stream ${s.streamName}: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  const cfg = existing.config;
  if (cfg.storage !== storageType(s.storage) || cfg.retention !== RetentionPolicy.Limits) {
    // Neither can be changed in place; recreating would throw away events.
    logger.warn(`stream storage/retention differ from the wanted ${s.storage}/limits and cannot be changed in place`, {
      stream: s.streamName,
      storage: cfg.storage,
      retention: cfg.retention,
    });
  }
  const wantedLimits = limits(s);
  const subjectsDiffer = JSON.stringify(cfg.subjects ?? []) !== JSON.stringify(subjects);
  const limitsDiffer = cfg.max_age !== wantedLimits.max_age || cfg.max_bytes !== wantedLimits.max_bytes;
  let current = existing;
  if (subjectsDiffer || cfg.duplicate_window !== duplicateWindow || limitsDiffer) {
    try {
      current = await jsm.streams.update(s.streamName, {
        subjects,
        duplicate_window: duplicateWindow,
        max_age: wantedLimits.max_age,
        max_bytes: wantedLimits.max_bytes,
      });
      logger.info('updated JetStream stream', {
        stream: s.streamName,
        subjects,
        duplicateWindowMs: s.duplicateWindowMs,
        maxAgeMs: s.maxAgeMs,
        maxBytes: s.maxBytes,
      });
    } catch (err) {
      throw new MessagingError(`cannot update stream ${s.streamName}: ${(err as Error).message}`, { cause: err });
    }
  }
  if ((current.config.num_replicas || 1) !== s.replicas) {
    // The servers move the copies themselves; one that cannot place them leaves the stream as it
    // was, which still works, so this is reported rather than fatal.
    try {
      current = await jsm.streams.update(s.streamName, { num_replicas: s.replicas });
      logger.info("changed the JetStream stream's replicas", {
        stream: s.streamName,
        from: existing.config.num_replicas || 1,
        to: s.replicas,
      });
    } catch (err) {
      logger.warn(
        'the JetStream stream has another number of replicas than CERTPLANE_NATS_REPLICAS, and the servers refused to change it',
        {
          stream: s.streamName,
          replicas: current.config.num_replicas || 1,
          wanted: s.replicas,
          error: (err as Error).message,
        },
      );
    }
  }
  return current;
}

function storageType(storage: StreamDurability['storage']): StorageType {
  return storage === 'memory' ? StorageType.Memory : StorageType.File;
}

function limits(s: StreamDurability): { num_replicas: number; max_age: number; max_bytes: number } {
  return { num_replicas: s.replicas, max_age: nanos(s.maxAgeMs), max_bytes: s.maxBytes };
}

/** The server-side part of a ConsumerSpec. Retries are counted client-side, hence max_deliver -1. */
export function consumerConfig(
  spec: ConsumerSpec,
  filterSubject: string | undefined,
  replicas = 0,
): Partial<ConsumerConfig> {
  return {
    num_replicas: replicas,
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    // A role that subscribes for the first time still gets what was published
    // before it existed (the relay may have started first).
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: -1,
    ...(filterSubject !== undefined ? { filter_subject: filterSubject } : {}),
  };
}

export async function ensureConsumer(
  jsm: JetStreamManager,
  streamName: string,
  spec: ConsumerSpec,
  filterSubject: string | undefined,
  logger: MessagingLogger,
  replicas = 0,
): Promise<ConsumerInfo> {
  const wanted = consumerConfig(spec, filterSubject, replicas);
  let existing: ConsumerInfo | undefined;
  try {
    existing = await jsm.consumers.info(streamName, spec.durable);
  } catch (err) {
    if (!isConsumerNotFound(err)) {
      throw new MessagingError(`cannot look up consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  if (!existing) {
    try {
      const created = await jsm.consumers.add(streamName, wanted);
      logger.info('created JetStream consumer', { stream: streamName, durable: spec.durable, filterSubject });
      return created;
    } catch (err) {
      try {
        existing = await jsm.consumers.info(streamName, spec.durable);
      } catch {
        throw new MessagingError(`cannot create consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
  }

  const cfg = existing.config;
  if (cfg.ack_policy !== AckPolicy.Explicit || cfg.deliver_subject) {
    throw new MessagingError(
      `consumer ${spec.durable} on ${streamName} exists as a ${cfg.deliver_subject ? 'push' : 'pull'} consumer with ack_policy ${cfg.ack_policy}; ` +
        'that cannot be changed in place — delete it or use another durable name',
    );
  }
  const changes: Partial<ConsumerConfig> = {};
  if ((cfg.filter_subject || undefined) !== filterSubject) {
    changes.filter_subject = filterSubject ?? '';
  }
  if (cfg.ack_wait !== wanted.ack_wait) {
    changes.ack_wait = wanted.ack_wait;
  }
  if (cfg.max_deliver !== wanted.max_deliver) {
    changes.max_deliver = wanted.max_deliver;
  }
  if ((cfg.num_replicas ?? 0) !== wanted.num_replicas) {
    changes.num_replicas = wanted.num_replicas;
  }
  if (Object.keys(changes).length === 0) {
    return existing;
  }
  try {
    const updated = await jsm.consumers.update(streamName, spec.durable, changes);
    logger.info('updated JetStream consumer', { stream: streamName, durable: spec.durable, changes });
    return updated;
  } catch (err) {
    throw new MessagingError(`cannot update consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
