import { Duration, EnrolmentToken, enrolmentTokenStatus, EnrolmentTokenStatus } from '@certplane/domain';
import { EnrolmentTokenRow } from '@certplane/projections';

/** What the token allows, as the read model has it, then its use and life. */
export type EnrolmentTokenView = { id: string } & Pick<
  EnrolmentTokenRow,
  'name' | 'namePattern' | 'ip' | 'hostname' | 'tags' | 'metadata' | 'topics' | 'profile' | 'uses'
> & {
    /** The canonical duration (`24h`), as a caller writes it. */
    validity?: string;
    usesLeft: number;
    expires: string;
    status: EnrolmentTokenStatus;
    created: string;
  };

/** The one shape every token answer has (create, list), in the documented key order; never the token nor its digest. */
export function enrolmentTokenView(row: Omit<EnrolmentTokenRow, 'version'>, now: Date): EnrolmentTokenView {
  const usesLeft = Math.max(0, row.uses - row.used);
  return {
    id: row.tokenId,
    ...(row.name !== undefined ? { name: row.name } : { namePattern: row.namePattern }),
    ...(row.ip !== undefined ? { ip: row.ip } : {}),
    ...(row.hostname !== undefined ? { hostname: row.hostname } : {}),
    ...(row.tags !== undefined ? { tags: row.tags } : {}),
    ...(row.metadata !== undefined ? { metadata: row.metadata } : {}),
    ...(row.topics !== undefined ? { topics: row.topics } : {}),
    ...(row.validitySeconds !== undefined ? { validity: Duration.ofSeconds(row.validitySeconds).toString() } : {}),
    ...(row.profile !== undefined ? { profile: row.profile } : {}),
    uses: row.uses,
    usesLeft,
    expires: row.expiresAt.toISOString(),
    status: enrolmentTokenStatus({ revoked: row.revoked, usesLeft, expiresAt: row.expiresAt }, now),
    created: row.created.toISOString(),
  };
}

/** The token's state as its stream says, in the read model's terms: what create answers from. */
export function enrolmentTokenRowOf(t: EnrolmentToken): Omit<EnrolmentTokenRow, 'version'> {
  const { tokenId, uses, expiresAt, ...grant } = t.grant;
  return {
    tokenId,
    ...grant,
    uses,
    used: t.used,
    revoked: t.revoked,
    expiresAt: new Date(expiresAt),
    created: t.created!,
  };
}
