import { DataSource, QueryRunner } from 'typeorm';

/** The narrow view of a transaction that code joining an append needs. */
export interface Tx {
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** Runs fn in one transaction; the query runner goes back to the pool whatever happens. */
export async function inTransaction<T>(ds: DataSource, fn: (tx: Tx, runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    try {
      // Structured results: TypeORM otherwise returns [rows, count] for UPDATE/DELETE and rows for the rest.
      const result = await fn(
        { query: async (sql, params) => (await runner.query(sql, params, true)).records },
        runner,
      );
      await runner.commitTransaction();
      return result;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    }
  } finally {
    await runner.release();
  }
}

/** Postgres error code for unique_violation, with the constraint that fired. */
export function uniqueViolation(e: unknown): string | undefined {
  return violated(e, '23505');
}

/** Postgres error code for foreign_key_violation, with the constraint (or the trigger's own name) that fired. */
export function foreignKeyViolation(e: unknown): string | undefined {
  return violated(e, '23503');
}

function violated(e: unknown, sqlState: string): string | undefined {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  if (code !== sqlState) return undefined;
  return err.constraint ?? err.driverError?.constraint ?? 'unknown';
}
