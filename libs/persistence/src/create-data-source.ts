import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from '@certplane/read-model';
import { MIGRATIONS } from '../../../migrations';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName: string;
  onPoolError?: (error: Error) => void;
}

/** Schema changes only ever come from migrations: synchronize stays off. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    applicationName: opts.applicationName,
    entities: READ_MODEL_ENTITIES,
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
