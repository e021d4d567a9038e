export * from './create-data-source';
export * from './run-migrations';
export * from './transaction';
export * from './embedded-postgres';
export * from './database-unavailable';
export * from './statement-write';
export * from './batching-queue';
export * from './coalescing-loader';
