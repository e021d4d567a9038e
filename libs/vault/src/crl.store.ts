import { DataSource } from 'typeorm';
import { inTransaction, Tx } from '@certplane/persistence';

/** A signed CRL as kept in crl_state. */
export interface StoredCrl {
  crlNumber: bigint;
  /** Identifies the CA and the revoked set the CRL lists, so a reader can tell whether it is still current */
  revokedSetDigest: string;
  thisUpdate: Date;
  nextUpdate: Date;
  der: Uint8Array;
}

export type NewCrl = Omit<StoredCrl, 'crlNumber'>;

// Serialises CRL signing across api processes; "certpcrl" in ASCII.
const CRL_SIGN_LOCK_KEY = '7162256626829980268';

/**
 * Each issuer's latest CRL and its number, in Postgres (the row's id is the issuer's). Signing a new one happens under a transaction-scoped
 * advisory lock, so api processes take turns: each number is given out once, numbers only grow, and a
 * process that waited sees the CRL the one before it stored.
 */
export class CrlStore {
  constructor(private readonly ds: DataSource) {}

  async current(issuerId: string): Promise<StoredCrl | undefined> {
    return this.read(this.ds, issuerId);
  }

  /**
   * Holds the lock and hands `decide` the current CRL and the number a new one must carry. `decide` returns
   * the CRL to store under that number, or undefined to keep the current one (another process may have just
   * stored what it needs). It must query through `tx` only: the embedded database has a single connection.
   */
  async replace(
    issuerId: string,
    decide: (tx: Tx, current: StoredCrl | undefined, nextNumber: bigint) => Promise<NewCrl | undefined>,
  ): Promise<StoredCrl> {
    return inTransaction(this.ds, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CRL_SIGN_LOCK_KEY]);
      const current = await this.read(tx, issuerId);
      const crlNumber = (current?.crlNumber ?? 0n) + 1n;
      const next = await decide(tx, current, crlNumber);
      if (!next) {
        if (!current) throw new Error('no CRL was stored and none was built');
        return current;
      }
      await tx.query(
        `INSERT INTO crl_state (id, crl_number, revoked_set_digest, this_update, next_update, crl_der) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET crl_number = EXCLUDED.crl_number, revoked_set_digest = EXCLUDED.revoked_set_digest,
           this_update = EXCLUDED.this_update, next_update = EXCLUDED.next_update, crl_der = EXCLUDED.crl_der`,
        [
          issuerId,
          crlNumber.toString(),
          next.revokedSetDigest,
          next.thisUpdate,
          next.nextUpdate,
          Buffer.from(next.der),
        ],
      );
      return { ...next, crlNumber };
    });
  }

  private async read(db: Tx, issuerId: string): Promise<StoredCrl | undefined> {
    const [row] = await db.query(
      'SELECT crl_number, revoked_set_digest, this_update, next_update, crl_der FROM crl_state WHERE id = $1',
      [issuerId],
    );
    if (!row) return undefined;
    return {
      crlNumber: BigInt(String(row.crl_number)),
      revokedSetDigest: row.revoked_set_digest,
      thisUpdate: new Date(row.this_update),
      nextUpdate: new Date(row.next_update),
      der: new Uint8Array(row.crl_der),
    };
  }
}
