export type {
  ConsumerSpec,
  DeadLetter,
  DeadLetterSink,
  IncomingMessage,
  MessageBus,
  MessageHandler,
  MessagingLogger,
  OutgoingMessage,
  Subscription,
} from './message-bus';
export { MessagingError, PoisonMessageError, isPoisonMessageError } from './messaging.errors';
export { HEADERS, eventSubject, coveringFilter } from './subjects';
export { subjectMatches } from './subject-matcher';
export { InProcessBus, type InProcessBusOptions } from './in-process.bus';
export { JetStreamBus, type JetStreamBusOptions } from './jetstream.bus';
export { CoreNatsClient, type CoreMessage, type CoreNatsOptions, type CoreSubscribeOptions } from './core-nats.client';
export {
  type NatsAuth,
  type NatsConnectionSettings,
  type NatsTls,
  serverList,
  withoutCredentials,
} from './nats-connection';
export { DEFAULT_DURABILITY, type StreamDurability } from './jetstream.stream';
