import { DataSource } from 'typeorm';
import { Tx } from '@certplane/persistence';

export interface RegisteredEnrolmentToken {
  tokenId: string;
  /** The token's stream version as of its last append: reads wait for the read model to reach it. */
  version: number;
}

/**
 * Every enrolment token ever created, kept in the transaction of the events that change it: the
 * digest a presented token is looked up by (the token itself is nowhere), and each token's stream
 * version. Rows stay after a token is used up, expired or revoked, so the list shows them as such.
 */
export class EnrolmentTokenRegistry {
  constructor(private readonly ds: DataSource) {}

  async record(tx: Tx, tokenId: string, digest: string): Promise<void> {
    await tx.query(`INSERT INTO enrolment_token_registry (token_id, digest, version) VALUES ($1, $2, 1)`, [
      tokenId,
      digest,
    ]);
  }

  async recordVersion(tx: Tx, tokenId: string, version: number): Promise<void> {
    await tx.query(`UPDATE enrolment_token_registry SET version = $2 WHERE token_id = $1`, [tokenId, version]);
  }

  /** One indexed lookup, found or not. */
  async findByDigest(digest: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT token_id FROM enrolment_token_registry WHERE digest = $1`, [digest]);
    return row?.token_id;
  }

  async find(tokenId: string): Promise<RegisteredEnrolmentToken | undefined> {
    const [row] = await this.ds.query(`SELECT token_id, version FROM enrolment_token_registry WHERE token_id = $1`, [
      tokenId,
    ]);
    return row ? { tokenId: row.token_id, version: row.version } : undefined;
  }

  /** Oldest first. */
  async list(): Promise<RegisteredEnrolmentToken[]> {
    const rows = await this.ds.query(
      `SELECT token_id, version FROM enrolment_token_registry ORDER BY created_at, token_id`,
    );
    return rows.map((r: any) => ({ tokenId: r.token_id, version: r.version }));
  }
}
