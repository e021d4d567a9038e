import { SideStep } from '../store/event-store';

/**
 * A step that frees a registry row (`release`, an UPDATE taking the row's lock) and only then counts
 * what still depends on it (`inUse`, answering `n`), failing with `refused(n)` when anything does: a
 * writer that holds the row FOR SHARE on its way in either commits first and is counted, or finds
 * the row gone. Statements and their parameters are the caller's, both `$1`-numbered.
 */
export function releaseUnlessInUse(
  release: { sql: string; params: unknown[] },
  inUse: { sql: string; params: unknown[] },
  refused: (n: number) => Error,
): SideStep {
  return {
    step: async (tx) => {
      await tx.query(release.sql, release.params);
      const [row] = await tx.query(inUse.sql, inUse.params);
      if (row.n > 0) throw refused(row.n);
    },
  };
}
