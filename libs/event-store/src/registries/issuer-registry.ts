import { DataSource } from 'typeorm';
import { Tx } from '@certplane/persistence';

export interface RegisteredIssuer {
  issuerId: string;
  active: boolean;
}

/**
 * Every issuer, and the one that signs new certificates, kept in the transactions of the events that
 * create and activate them: what each process loads its issuers from, without waiting for a projection.
 */
export class IssuerRegistry {
  constructor(private readonly ds: DataSource) {}

  async register(tx: Tx, issuerId: string): Promise<void> {
    await tx.query(`INSERT INTO issuer_registry (issuer_id) VALUES ($1)`, [issuerId]);
  }

  /** Within the activation's transaction: the row lock makes two activations take turns. */
  async activeFor(tx: Tx): Promise<string | undefined> {
    const [row] = await tx.query(`SELECT issuer_id FROM issuer_registry WHERE active FOR UPDATE`);
    return row?.issuer_id;
  }

  async activate(tx: Tx, issuerId: string): Promise<void> {
    await tx.query(`UPDATE issuer_registry SET active = false WHERE active AND issuer_id <> $1`, [issuerId]);
    await tx.query(`UPDATE issuer_registry SET active = true WHERE issuer_id = $1`, [issuerId]);
  }

  async list(db: Tx | DataSource = this.ds): Promise<RegisteredIssuer[]> {
    const rows = await db.query(`SELECT issuer_id, active FROM issuer_registry ORDER BY created_at, issuer_id`);
    return rows.map((r: { issuer_id: string; active: boolean }) => ({ issuerId: r.issuer_id, active: r.active }));
  }

  /**
   * The latest notAfter of the certificates the issuer signed, as the event store holds them (undefined: none).
   * Events written before they named their issuer count for every issuer: retiring later is safe, earlier not.
   */
  async lastCertificateNotAfter(issuerId: string, db: Tx | DataSource = this.ds): Promise<Date | undefined> {
    // The types as literals, so the planner matches the partial index events_certificate_issuer.
    const [row] = await db.query(
      `SELECT GREATEST(
         (SELECT max(data->>'notAfter') FROM events
           WHERE type IN ('CertificateIssued', 'CertificateRegistered') AND data->>'issuerId' = $1),
         (SELECT max(data->>'notAfter') FROM events
           WHERE type IN ('CertificateIssued', 'CertificateRegistered') AND data->>'issuerId' IS NULL)
       ) AS last`,
      [issuerId],
    );
    return row?.last ? new Date(row.last) : undefined;
  }
}
