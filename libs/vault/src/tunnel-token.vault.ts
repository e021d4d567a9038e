import { DataSource } from 'typeorm';
import { Tx } from '@certplane/persistence';
import { SecretBox } from '@certplane/pki';

/**
 * Tunnel auth tokens, sealed and bound to their tunnel id, kept apart from the event stream
 * because events are published where anyone subscribed reads them. The API hands a token back
 * (create, get, rotate) and the status receiver needs it as the HMAC key, so it is sealed, not
 * hashed. Writes join the transaction of the event they belong to; deleting a tunnel destroys it.
 */
export class TunnelTokenVault {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  async store(tx: Tx, tunnelId: string, token: string): Promise<void> {
    await tx.query(
      `INSERT INTO tunnel_tokens (tunnel_id, sealed_token) VALUES ($1, $2)
       ON CONFLICT (tunnel_id) DO UPDATE SET sealed_token = EXCLUDED.sealed_token, sealed_at = now()`,
      [tunnelId, this.box.seal(token, aad(tunnelId))],
    );
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

  async delete(tx: Tx, tunnelId: string): Promise<void> {
    await tx.query(`DELETE FROM tunnel_tokens WHERE tunnel_id = $1`, [tunnelId]);
  }
}

function aad(tunnelId: string): string {
  return `tunnel-token:${tunnelId}`;
}
