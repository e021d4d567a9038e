import { CertificateIssuedData, CertificateRegisteredData, ClientEnrolledData, ClientUpdatedData, eventRegistry } from '@certplane/domain';
import { Tx } from '@certplane/persistence';
import { Projection } from '../projection';
import { ProjectedEvent } from '../projected-event';

/**
 * rm_clients: one row per client, what the details query and GET /clients answer from. The
 * certificate columns hold the newest certificate, whatever its status (rm_certificates has it).
 * updated_at / updated_by are the time and actor of the last event on the client, the cert-issuer's
 * included: they say who touched the client last, and the event history says the rest.
 */
export class ClientProjection implements Projection {
  readonly name = 'clients';
  readonly category = 'client';
  readonly tables = ['rm_clients'];

  async apply(tx: Tx, e: ProjectedEvent): Promise<void> {
    const data = () => eventRegistry.parse(e.type, e.schemaVersion, e.data).data;
    switch (e.type) {
      case 'ClientEnrolled': {
        const d = data() as ClientEnrolledData;
        await tx.query(
          `INSERT INTO rm_clients (client_id, name, topics, ip, hostname, tags, metadata, status, enrolled_at, updated_at, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'enabled', $8, $8, $9)`,
          [d.clientId, d.name, JSON.stringify(d.topics), d.ip ?? null, d.hostname ?? null, d.tags ?? [], JSON.stringify(d.metadata ?? {}), e.recordedAt, e.actor ?? null],
        );
        return;
      }
      case 'ClientUpdated': {
        const d = data() as ClientUpdatedData;
        return this.update(tx, e, {
          ...(d.name !== undefined ? { name: d.name } : {}),
          ...(d.tags !== undefined ? { tags: d.tags } : {}),
          ...(d.metadata !== undefined ? { metadata: JSON.stringify(d.metadata) } : {}),
          ...(d.ip !== undefined ? { ip: d.ip } : {}),
          ...(d.hostname !== undefined ? { hostname: d.hostname } : {}),
        });
      }
      case 'CertificateIssued': {
        const d = data() as CertificateIssuedData;
        return this.update(tx, e, { certificate_serial: d.serialNumber, certificate_pem: d.certificatePem, certificate_not_after: d.notAfter, key_origin: d.keyOrigin });
      }
      case 'CertificateRegistered': {
        const d = data() as CertificateRegisteredData;
        return this.update(tx, e, { certificate_serial: d.serialNumber, certificate_pem: d.certificatePem, certificate_not_after: d.notAfter, key_origin: 'registered' });
      }
      case 'ClientDisabled':
        return this.update(tx, e, { status: 'disabled' });
      case 'ClientEnabled':
        return this.update(tx, e, { status: 'enabled' });
      case 'ClientRemoved':
      case 'ClientDeleted':
        return this.update(tx, e, { status: 'removed' });
      default:
        // CertificateRevoked, CertificateRenewed, and types this version does not know.
        return this.update(tx, e, {});
    }
  }

  /** Sets the given columns (names from the code above, never from input) and stamps updated_at / updated_by. */
  private async update(tx: Tx, e: ProjectedEvent, columns: Record<string, unknown>): Promise<void> {
    const sets = Object.keys(columns).map((c, i) => `${c} = $${i + 4}`);
    await tx.query(`UPDATE rm_clients SET ${[...sets, 'updated_at = $2', 'updated_by = $3'].join(', ')} WHERE client_id = $1`, [
      (e.data as { clientId: string }).clientId,
      e.recordedAt,
      e.actor ?? null,
      ...Object.values(columns),
    ]);
  }
}
