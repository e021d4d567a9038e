import { DataSource } from 'typeorm';
import { SecretBox } from '@certplane/pki';
import { StatementWrite } from '@certplane/persistence';

/**
 * Server-generated client private keys, sealed with AES-256-GCM and bound to their client id,
 * kept apart from the event stream because events are published where anyone subscribed reads
 * them. Writes join the append of the event they belong to.
 */
export class ClientKeyVault {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** The key sealed, joined to the append of the CertificateIssued it belongs to. */
  store(clientId: string, serialNumber: string, privateKeyPem: string): StatementWrite {
    const sealed = this.box.seal(privateKeyPem, `client-key:${clientId}`);
    return {
      sql: (appended, p) =>
        `INSERT INTO client_keys (client_id, serial_number, sealed_private_key) SELECT ${p(clientId)}::text, ${p(serialNumber)}::text, ${p(sealed)}::text WHERE ${appended}
         ON CONFLICT (client_id) DO UPDATE SET serial_number = EXCLUDED.serial_number, sealed_private_key = EXCLUDED.sealed_private_key, created_at = now()`,
    };
  }

  delete(clientId: string): StatementWrite {
    return { sql: (appended, p) => `DELETE FROM client_keys WHERE client_id = ${p(clientId)}::text AND ${appended}` };
  }

  async read(clientId: string): Promise<{ serialNumber: string; privateKeyPem: string } | undefined> {
    const [row] = await this.ds.query(
      'SELECT serial_number, sealed_private_key FROM client_keys WHERE client_id = $1',
      [clientId],
    );
    if (!row) return undefined;
    return { serialNumber: row.serial_number, privateKeyPem: this.open(clientId, row.sealed_private_key) };
  }

  /** Opens a sealed key a caller read together with other rows (client_keys.sealed_private_key). */
  open(clientId: string, sealedPrivateKey: string): string {
    return this.box.open(sealedPrivateKey, `client-key:${clientId}`);
  }
}
