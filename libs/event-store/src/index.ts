export * from './stored-event';
export * from './event-store';
export * from './event-envelope';
export * from './outbox-relay';
export * from './client.repository';
export * from './dead-letter.store';
export * from './stored-event-row';
export * from './client-registry';
