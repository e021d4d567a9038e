import { DataSource } from 'typeorm';
import { StatementWrite } from '@certplane/persistence';

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

  record(tokenId: string, digest: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO enrolment_token_registry (token_id, digest, version) SELECT ${p(tokenId)}::text, ${p(digest)}::text, 1 WHERE ${appended}`,
    };
  }

  recordVersion(tokenId: string, version: number): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE enrolment_token_registry SET version = ${p(version)}::int WHERE token_id = ${p(tokenId)}::text AND ${appended}`,
    };
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
