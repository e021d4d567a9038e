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

export interface StreamSettings {
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

export async function ensureStream(jsm: JetStreamManager, s: StreamSettings, logger: MessagingLogger): Promise<StreamInfo> {
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
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        duplicate_window: duplicateWindow,
      });
      logger.info('created JetStream stream', { stream: s.streamName, subjects });
      return created;
    } catch (err) {
      // Another process may have won the race; fall through to the update path.
      try {
        existing = await jsm.streams.info(s.streamName);
      } catch {
        throw new MessagingError(`cannot create stream ${s.streamName}: ${(err as Error).message}`, { cause: err });
      }
    }
  }

  const cfg = existing.config;
  if (cfg.storage !== StorageType.File || cfg.retention !== RetentionPolicy.Limits) {
    // Neither can be changed in place; recreating would throw away events.
    logger.warn('stream storage/retention differ from the wanted file/limits and cannot be changed in place', {
      stream: s.streamName,
      storage: cfg.storage,
      retention: cfg.retention,
    });
  }
  const subjectsDiffer = JSON.stringify(cfg.subjects ?? []) !== JSON.stringify(subjects);
  if (subjectsDiffer || cfg.duplicate_window !== duplicateWindow) {
    try {
      const updated = await jsm.streams.update(s.streamName, { subjects, duplicate_window: duplicateWindow });
      logger.info('updated JetStream stream', { stream: s.streamName, subjects, duplicateWindowMs: s.duplicateWindowMs });
      return updated;
    } catch (err) {
      throw new MessagingError(`cannot update stream ${s.streamName}: ${(err as Error).message}`, { cause: err });
    }
  }
  return existing;
}

/** The server-side part of a ConsumerSpec. Retries are counted client-side, hence max_deliver -1. */
export function consumerConfig(spec: ConsumerSpec, filterSubject: string | undefined): Partial<ConsumerConfig> {
  return {
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
): Promise<ConsumerInfo> {
  const wanted = consumerConfig(spec, filterSubject);
  let existing: ConsumerInfo | undefined;
  try {
    existing = await jsm.consumers.info(streamName, spec.durable);
  } catch (err) {
    if (!isConsumerNotFound(err)) {
      throw new MessagingError(`cannot look up consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, { cause: err });
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
        throw new MessagingError(`cannot create consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, { cause: err });
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
  if (Object.keys(changes).length === 0) {
    return existing;
  }
  try {
    const updated = await jsm.consumers.update(streamName, spec.durable, changes);
    logger.info('updated JetStream consumer', { stream: streamName, durable: spec.durable, changes });
    return updated;
  } catch (err) {
    throw new MessagingError(`cannot update consumer ${spec.durable} on ${streamName}: ${(err as Error).message}`, { cause: err });
  }
}
