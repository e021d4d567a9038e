import { backoffDelayMs } from './consumer-spec';
import type {
  ConsumerSpec,
  DeadLetter,
  DeadLetterSink,
  IncomingMessage,
  MessageHandler,
  MessagingLogger,
} from './message-bus';
import { describeError, isPoisonMessageError } from './messaging.errors';

/** What to tell the broker about one delivery. */
export type Settlement = { kind: 'ack' } | { kind: 'nak'; delayMs: number } | { kind: 'term' };

/**
 * The retry / dead-letter policy, shared by both buses so embedded mode and
 * JetStream mode cannot drift apart. Never throws.
 *
 * The server-side max_deliver is unlimited on purpose: if the dead-letter
 * sink fails we nak, and the message must come back rather than be dropped
 * by the server. So the next delivery runs the handler again (it may succeed
 * now) and, if it fails again, retries the sink.
 */
export async function settleDelivery(
  msg: IncomingMessage,
  spec: ConsumerSpec,
  handler: MessageHandler,
  deadLetterSink: DeadLetterSink,
  logger: MessagingLogger,
): Promise<Settlement> {
  let failure: unknown;
  try {
    // Promise.resolve().then guards against handlers that throw synchronously.
    await Promise.resolve().then(() => handler(msg));
    return { kind: 'ack' };
  } catch (err) {
    failure = err;
  }

  const ctx = { consumer: spec.durable, subject: msg.subject, msgId: msg.msgId, deliveryCount: msg.deliveryCount };
  const poison = isPoisonMessageError(failure);
  if (!poison && msg.deliveryCount < spec.maxDeliver) {
    const delayMs = backoffDelayMs(spec.backoffMs, msg.deliveryCount);
    logger.warn('message handler failed; will retry', { ...ctx, delayMs, error: describeError(failure) });
    return { kind: 'nak', delayMs };
  }

  const deadLetter: DeadLetter = {
    consumer: spec.durable,
    subject: msg.subject,
    msgId: msg.msgId,
    headers: { ...msg.headers },
    data: msg.data,
    error: describeError(failure),
    deliveryCount: msg.deliveryCount,
  };
  try {
    await Promise.resolve().then(() => deadLetterSink(deadLetter));
  } catch (sinkErr) {
    const delayMs = backoffDelayMs(spec.backoffMs, msg.deliveryCount);
    logger.error('dead-letter sink failed; message will be redelivered', {
      ...ctx,
      delayMs,
      error: describeError(sinkErr),
    });
    return { kind: 'nak', delayMs };
  }
  logger.warn(poison ? 'poison message dead-lettered' : 'message dead-lettered after maxDeliver', {
    ...ctx,
    error: deadLetter.error,
  });
  return { kind: 'term' };
}
