import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName: string;
  onPoolError?: (error: Error) => void;
}

/**
 * Schema changes only ever come from migrations: synchronize stays off. No entities: every table is
 * read and written with SQL by the code that owns it (read models by their projection and reader).
 */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    applicationName: opts.applicationName,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // A Postgres restart makes idle pooled connections emit errors; without a listener the process dies.
    poolErrorHandler: opts.onPoolError ?? (() => undefined),
    extra: { max: opts.poolSize, connectionTimeoutMillis: 10000 },
  });
}
