export * from './certplane-config';
export * from './config.errors';
export * from './local-secrets';
export * from './api-tokens';
export * from './endpoints-by-topic';
export * from './nats-settings';
export * from './config.tokens';
