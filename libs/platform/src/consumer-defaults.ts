import { CertplaneConfig } from '@certplane/config';
import { ConsumerSpec } from '@certplane/messaging';

/** One retry policy for every certplane consumer; durable names and subjects differ per role. */
export function consumerSpec(
  config: CertplaneConfig,
  durable: string,
  filterSubjects: string[],
  overrides: Partial<ConsumerSpec> = {},
): ConsumerSpec {
  return {
    durable,
    filterSubjects,
    maxDeliver: config.consumer.maxDeliver,
    ackWaitMs: config.consumer.ackWaitMs,
    backoffMs: [100, 500, 2_000, 5_000, 15_000],
    concurrency: config.consumer.concurrency,
    ...overrides,
  };
}
