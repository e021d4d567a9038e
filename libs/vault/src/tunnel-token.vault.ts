import { DataSource } from 'typeorm';
import { StatementWrite } from '@certplane/persistence';
import { SecretBox } from '@certplane/pki';

/**
 * Tunnel auth tokens, sealed and bound to their tunnel id, kept apart from the event stream
 * because events are published where anyone subscribed reads them. The API hands a token back
 * (create, get, rotate) and the status receiver needs it as the HMAC key, so it is sealed, not
 * hashed. Writes join the append of the event they belong to; deleting a tunnel destroys it.
 */
export class TunnelTokenVault {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  store(tunnelId: string, token: string): StatementWrite {
    const sealed = this.box.seal(token, aad(tunnelId));
    return {
      sql: (appended, p) =>
        `INSERT INTO tunnel_tokens (tunnel_id, sealed_token) SELECT ${p(tunnelId)}::text, ${p(sealed)}::text WHERE ${appended}
         ON CONFLICT (tunnel_id) DO UPDATE SET sealed_token = EXCLUDED.sealed_token, sealed_at = now()`,
    };
  }

  async read(tunnelId: string): Promise<string | undefined> {
    return (await this.readMany([tunnelId])).get(tunnelId);
  }

  async readMany(tunnelIds: readonly string[]): Promise<Map<string, string>> {
    if (tunnelIds.length === 0) return new Map();
    const rows = await this.ds.query(
      `SELECT tunnel_id, sealed_token FROM tunnel_tokens WHERE tunnel_id = ANY($1::text[])`,
      [tunnelIds],
    );
    return new Map(rows.map((r: any) => [r.tunnel_id, this.box.open(r.sealed_token, aad(r.tunnel_id))]));
  }

  delete(tunnelId: string): StatementWrite {
    return { sql: (appended, p) => `DELETE FROM tunnel_tokens WHERE tunnel_id = ${p(tunnelId)}::text AND ${appended}` };
  }
}

function aad(tunnelId: string): string {
  return `tunnel-token:${tunnelId}`;
}
