/**
 * A write joined to an event store append's statement as a data-modifying CTE. `sql` gets `appended`, a
 * condition true only when the append's version check passed, which every row the write touches
 * must be guarded by (an INSERT ... SELECT ... WHERE, an UPDATE or DELETE ... WHERE), and `param`,
 * which turns a value into its placeholder. Give placeholders a type cast: in INSERT ... SELECT
 * Postgres does not infer them from the target columns.
 */
export interface StatementWrite {
  sql: (appended: string, param: (value: unknown) => string) => string;
  /**
   * The error the append fails with when this write violates the unique constraint `constraint` (a
   * name or serial someone holds); undefined when the constraint is none of this write's.
   */
  refused?: (constraint: string) => Error | undefined;
}
