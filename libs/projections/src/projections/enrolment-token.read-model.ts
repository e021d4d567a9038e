import { DataSource } from 'typeorm';

export interface EnrolmentTokenRow {
  tokenId: string;
  name?: string;
  namePattern?: string;
  ip?: string;
  hostname?: string;
  tags?: string[];
  metadata?: Record<string, string | number | boolean>;
  topics?: Record<string, string>;
  validitySeconds?: number;
  profile?: string;
  uses: number;
  used: number;
  revoked: boolean;
  expiresAt: Date;
  version: number;
  created: Date;
}

/** Reads rm_enrolment_tokens (EnrolmentTokenProjection's table) by token id. */
export class EnrolmentTokenReadModel {
  constructor(private readonly ds: DataSource) {}

  async byIds(tokenIds: readonly string[]): Promise<Map<string, EnrolmentTokenRow>> {
    if (tokenIds.length === 0) return new Map();
    const rows = await this.ds.query(
      `SELECT token_id, name, name_pattern, ip, hostname, tags, metadata, topics, validity_seconds, profile, uses, used, revoked, expires_at, version, created_at
         FROM rm_enrolment_tokens WHERE token_id = ANY($1::text[])`,
      [tokenIds],
    );
    return new Map(rows.map((r: any) => [r.token_id, toRow(r)]));
  }
}

function toRow(r: any): EnrolmentTokenRow {
  const optional = (key: string, value: unknown) => (value === null ? {} : { [key]: value });
  return {
    tokenId: r.token_id,
    ...optional('name', r.name),
    ...optional('namePattern', r.name_pattern),
    ...optional('ip', r.ip),
    ...optional('hostname', r.hostname),
    ...optional('tags', r.tags),
    ...optional('metadata', r.metadata),
    ...optional('topics', r.topics),
    ...optional('validitySeconds', r.validity_seconds),
    ...optional('profile', r.profile),
    uses: r.uses,
    used: r.used,
    revoked: r.revoked,
    expiresAt: r.expires_at,
    version: r.version,
    created: r.created_at,
  };
}
