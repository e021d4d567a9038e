import { DataSource } from 'typeorm';
import { ClientAlreadyExistsError, ClientEnrolledData, DuplicateHostnameError, DuplicateIpError } from '@certplane/domain';
import { Tx, uniqueViolation } from '@certplane/persistence';

/**
 * Which clients are live, kept in the same transaction as the events that enrol and remove
 * them (an inline projection). Its partial unique indexes are the reservation: of any number of
 * concurrent enrolments of one name, ip or hostname, exactly one commits.
 */
export class ClientRegistry {
  constructor(private readonly ds: DataSource) {}

  async reserve(tx: Tx, enrolled: ClientEnrolledData): Promise<void> {
    try {
      await tx.query(`INSERT INTO client_registry (client_id, name, ip, hostname) VALUES ($1, $2, $3, $4)`, [enrolled.clientId, enrolled.name, enrolled.ip ?? null, enrolled.hostname ?? null]);
    } catch (e) {
      switch (uniqueViolation(e)) {
        case 'client_registry_live_name':
          throw new ClientAlreadyExistsError(enrolled.name);
        case 'client_registry_live_ip':
          throw new DuplicateIpError(enrolled.ip!);
        case 'client_registry_live_hostname':
          throw new DuplicateHostnameError(enrolled.hostname!);
        default:
          throw e;
      }
    }
  }

  async release(tx: Tx, clientId: string): Promise<void> {
    await tx.query(`UPDATE client_registry SET active = false WHERE client_id = $1`, [clientId]);
  }

  async findLiveByName(name: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT client_id FROM client_registry WHERE name = $1 AND active`, [name]);
    return row?.client_id;
  }

  async isLive(clientId: string): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT 1 FROM client_registry WHERE client_id = $1 AND active`, [clientId]);
    return row !== undefined;
  }
}
