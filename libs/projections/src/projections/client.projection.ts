import { CertificateIssuedData, ClientEnrolledData, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';

/** rm_clients: one row per client with its live certificate, what the details query answers from. */
export class ClientProjection implements Projection {
  readonly name = 'clients';
  readonly category = 'client';
  readonly tables = ['rm_clients'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    const at = e.recordedAt;
    switch (e.type) {
      case 'ClientEnrolled': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as ClientEnrolledData;
        await tx.query(
          `INSERT INTO rm_clients (client_id, name, topics, ip, hostname, status, enrolled_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'active', $6, $6)`,
          [d.clientId, d.name, JSON.stringify(d.topics), d.ip ?? null, d.hostname ?? null, at],
        );
        return;
      }
      case 'CertificateIssued': {
        const d = eventRegistry.parse(e.type, e.schemaVersion, e.data).data as CertificateIssuedData;
        await tx.query(
          `UPDATE rm_clients SET certificate_serial = $2, certificate_pem = $3, certificate_not_after = $4, key_origin = $5, updated_at = $6 WHERE client_id = $1`,
          [d.clientId, d.serialNumber, d.certificatePem, d.notAfter, d.keyOrigin, at],
        );
        return;
      }
      case 'ClientRemoved':
        await tx.query(`UPDATE rm_clients SET status = 'removed', updated_at = $2 WHERE client_id = $1`, [(e.data as { clientId: string }).clientId, at]);
        return;
      case 'CertificateRevoked':
        await tx.query(`UPDATE rm_clients SET updated_at = $2 WHERE client_id = $1`, [(e.data as { clientId: string }).clientId, at]);
        return;
    }
  }
}
