export * from './tokens';
export * from './logger';
export * from './platform.module';
export * from './platform-options';
export * from './consumer-defaults';
export * from './run-worker';
export * from './event-consumer';
