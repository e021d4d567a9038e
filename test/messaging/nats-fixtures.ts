import type { ConsumerSpec, DeadLetter } from '@certplane/messaging';

export function consumerSpec(subjectPrefix: string, overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return {
    durable: 'worker',
    filterSubjects: [`${subjectPrefix}.>`],
    maxDeliver: 5,
    ackWaitMs: 5_000,
    backoffMs: [100],
    concurrency: 4,
    ...overrides,
  };
}

export const noDeadLetters = async (dl: DeadLetter): Promise<void> => {
  throw new Error(`unexpected dead letter for ${dl.subject} (${dl.msgId}): ${dl.error}`);
};
