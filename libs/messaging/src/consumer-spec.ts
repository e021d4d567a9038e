import type { ConsumerSpec } from './message-bus';
import { MessagingError } from './messaging.errors';
import { assertFilter } from './subjects';

// Durable names end up in JetStream API subjects and on-disk paths; keeping
// them to a conservative alphabet avoids server-version-specific surprises.
const DURABLE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function validateConsumerSpec(spec: ConsumerSpec): void {
  const fail = (why: string): never => {
    throw new MessagingError(`invalid consumer spec ${JSON.stringify(spec?.durable)}: ${why}`);
  };
  if (!spec || typeof spec.durable !== 'string' || !DURABLE_NAME.test(spec.durable)) {
    fail('durable must match [A-Za-z0-9_-]{1,64}');
  }
  if (!Array.isArray(spec.filterSubjects) || spec.filterSubjects.length === 0) {
    fail('filterSubjects must not be empty');
  }
  spec.filterSubjects.forEach(assertFilter);
  if (!Number.isInteger(spec.maxDeliver) || spec.maxDeliver < 1) {
    fail('maxDeliver must be an integer >= 1');
  }
  if (!Number.isFinite(spec.ackWaitMs) || spec.ackWaitMs < 1) {
    fail('ackWaitMs must be > 0');
  }
  if (!Array.isArray(spec.backoffMs) || spec.backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0)) {
    fail('backoffMs must be non-negative numbers');
  }
  if (!Number.isInteger(spec.concurrency) || spec.concurrency < 1) {
    fail('concurrency must be an integer >= 1');
  }
}

/** Nak delay after the failure of delivery number `deliveryCount` (1-based); the last value repeats. */
export function backoffDelayMs(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) {
    return 0;
  }
  const index = Math.min(Math.max(deliveryCount - 1, 0), backoffMs.length - 1);
  return backoffMs[index];
}
