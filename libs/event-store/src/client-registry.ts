import { DataSource } from 'typeorm';
import {
  CertificateAlreadyRegisteredError,
  ClientAlreadyExistsError,
  ClientEnrolledData,
  DomainError,
  DuplicateHostnameError,
  DuplicateIpError,
  DuplicateSanError,
  sanKey,
  ValidationError,
} from '@certplane/domain';
import { foreignKeyViolation, StatementWrite, Tx, uniqueViolation } from '@certplane/persistence';

/** The holder recorded for the serials of certplane's server certificates: no client id has this form. */
export const SERVER_CERTIFICATE_HOLDER = '@server';

/**
 * Which clients are live, kept in the same transaction as the events that enrol and remove
 * them (an inline projection). Its partial unique indexes are the reservation: of any number of
 * concurrent enrolments of one name, ip or hostname, exactly one commits.
 */
export class ClientRegistry {
  constructor(private readonly ds: DataSource) {}

  async reserve(tx: Tx, enrolled: ClientEnrolledData): Promise<void> {
    await this.claiming(enrolled, async () => {
      await tx.query(
        `INSERT INTO client_registry (client_id, name, ip, hostname, profile) VALUES ($1, $2, $3, $4, $5)`,
        [enrolled.clientId, enrolled.name, enrolled.ip ?? null, enrolled.hostname ?? null, enrolled.profile ?? null],
      );
      const sans = sanRows(enrolled);
      if (sans.length > 0)
        await tx.query(
          `INSERT INTO client_san_registry (client_id, kind, value_key, source) SELECT $1, x.kind, x.key, 'list' FROM jsonb_to_recordset($2::jsonb) AS x(kind text, key text)`,
          [enrolled.clientId, JSON.stringify(sans)],
        );
    });
  }

  /**
   * reserve as writes joined to the enrolment's append; run the append inside `reserving`. The ip and
   * hostname reach client_san_registry by its trigger, the sans list directly: one index for both.
   */
  reserveWrite(enrolled: ClientEnrolledData): StatementWrite[] {
    const sans = sanRows(enrolled);
    return [
      {
        sql: (appended, p) =>
          `INSERT INTO client_registry (client_id, name, ip, hostname, profile) SELECT ${p(enrolled.clientId)}::text, ${p(enrolled.name)}::text, ${p(enrolled.ip ?? null)}::text, ${p(enrolled.hostname ?? null)}::text, ${p(enrolled.profile ?? null)}::text WHERE ${appended}`,
      },
      ...(sans.length > 0
        ? [
            {
              sql: (appended: string, p: (v: unknown) => string) =>
                `INSERT INTO client_san_registry (client_id, kind, value_key, source) SELECT ${p(enrolled.clientId)}::text, x.kind, x.key, 'list' FROM jsonb_to_recordset(${p(JSON.stringify(sans))}::jsonb) AS x(kind text, key text) WHERE ${appended}`,
            },
          ]
        : []),
    ];
  }

  /** reserveWrite for many enrolments at once, as one write joined to their one statement (EventStore.appendAll). */
  reserveAllWrite(enrolled: readonly ClientEnrolledData[]): StatementWrite {
    const column = (f: (e: ClientEnrolledData) => string | undefined) => enrolled.map((e) => f(e) ?? null);
    return {
      sql: (appended, p) =>
        `INSERT INTO client_registry (client_id, name, ip, hostname)
         SELECT * FROM unnest(${p(column((e) => e.clientId))}::text[], ${p(column((e) => e.name))}::text[], ${p(column((e) => e.ip))}::text[], ${p(column((e) => e.hostname))}::text[]) WHERE ${appended}`,
    };
  }

  /**
   * The first of `identities` (by position) whose name, ip or hostname a live client holds, or an
   * identity earlier in the list, with the error its enrolment fails with: so a bulk refusal can
   * name the item. A claim that races this check still fails the bulk at its reservation.
   */
  async firstTaken(
    identities: readonly { name: string; ip?: string; hostname?: string }[],
  ): Promise<{ index: number; error: DomainError } | undefined> {
    const rows: { name: string; ip: string | null; hostname: string | null }[] = await this.ds.query(
      `SELECT name, ip, hostname FROM client_registry WHERE active AND (name = ANY($1::text[]) OR ip = ANY($2::text[]) OR lower(hostname) = ANY($3::text[]))`,
      [
        identities.map((i) => i.name),
        identities.flatMap((i) => (i.ip ? [i.ip] : [])),
        identities.flatMap((i) => (i.hostname ? [i.hostname.toLowerCase()] : [])),
      ],
    );
    const names = new Set(rows.map((r) => r.name));
    const ips = new Set(rows.flatMap((r) => (r.ip ? [r.ip] : [])));
    const hostnames = new Set(rows.flatMap((r) => (r.hostname ? [r.hostname.toLowerCase()] : [])));
    for (const [index, i] of identities.entries()) {
      if (names.has(i.name)) return { index, error: new ClientAlreadyExistsError(i.name) };
      if (i.ip && ips.has(i.ip)) return { index, error: new DuplicateIpError(i.ip) };
      if (i.hostname && hostnames.has(i.hostname.toLowerCase()))
        return { index, error: new DuplicateHostnameError(i.hostname) };
      names.add(i.name);
      if (i.ip) ips.add(i.ip);
      if (i.hostname) hostnames.add(i.hostname.toLowerCase());
    }
    return undefined;
  }

  /** reserveCertificate as a write joined to an append; run the append inside `reserving`. */
  reserveCertificateWrite(clientId: string, serialNumber: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO certificate_serials (serial_number, client_id) SELECT ${p(serialNumber)}::text, ${p(clientId)}::text WHERE ${appended}`,
    };
  }

  /**
   * Runs an append carrying reserveWrite or reserveCertificateWrite, failing as reserve and
   * reserveCertificate do; serialNumber may be a function when the serial is decided inside.
   */
  reserving<T>(
    claims: {
      name?: string;
      ip?: string;
      hostname?: string;
      profile?: string;
      serialNumber?: string | (() => string | undefined);
    },
    append: () => Promise<T>,
  ): Promise<T> {
    return this.claiming(claims, async () => {
      try {
        return await append();
      } catch (e) {
        const serialNumber = typeof claims.serialNumber === 'function' ? claims.serialNumber() : claims.serialNumber;
        if (uniqueViolation(e) === 'certificate_serials_pkey')
          throw new CertificateAlreadyRegisteredError(serialNumber ?? 'unknown');
        throw e;
      }
    });
  }

  /**
   * A rename or a new SAN claims the new values exactly as an enrolment does, and frees the old ones:
   * safe because the same append revokes every valid certificate stating them (Client.update).
   */
  async changeIdentity(
    tx: Tx,
    clientId: string,
    identity: { name: string; ip?: string; hostname?: string },
  ): Promise<void> {
    await this.claiming(identity, () =>
      tx.query(`UPDATE client_registry SET name = $2, ip = $3, hostname = $4 WHERE client_id = $1`, [
        clientId,
        identity.name,
        identity.ip ?? null,
        identity.hostname ?? null,
      ]),
    );
  }

  /** A disabled client stays live: it keeps its name, ip and hostname, and can be enabled again. */
  async setDisabled(tx: Tx, clientId: string, disabled: boolean): Promise<void> {
    await tx.query(`UPDATE client_registry SET disabled = $2 WHERE client_id = $1`, [clientId, disabled]);
  }

  /** A serial number is held by one certificate of one client, issued or registered. */
  async reserveCertificate(tx: Tx, clientId: string, serialNumber: string): Promise<void> {
    try {
      await tx.query(`INSERT INTO certificate_serials (serial_number, client_id) VALUES ($1, $2)`, [
        serialNumber,
        clientId,
      ]);
    } catch (e) {
      if (uniqueViolation(e) === 'certificate_serials_pkey') throw new CertificateAlreadyRegisteredError(serialNumber);
      throw e;
    }
  }

  /**
   * certplane's own HTTPS certificates hold their serials too, under no client: registering one, and
   * so revoking it through a client, fails as for any certificate held already.
   */
  async reserveServerCertificate(serialNumber: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO certificate_serials (serial_number, client_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [serialNumber, SERVER_CERTIFICATE_HOLDER],
    );
  }

  /** The client holding a serial (SERVER_CERTIFICATE_HOLDER for certplane's own), or undefined for one no client holds. */
  async holderOfCertificate(serialNumber: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT client_id FROM certificate_serials WHERE serial_number = $1`, [
      serialNumber,
    ]);
    return row?.client_id;
  }

  private async claiming<T>(
    identity: { name?: string; ip?: string; hostname?: string; profile?: string },
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } catch (e) {
      // The profile was deleted between the enrolment resolving it and its append (the migration's trigger).
      if (foreignKeyViolation(e) === 'client_registry_live_profile')
        throw new ValidationError(
          'UNKNOWN_PROFILE',
          `no certificate profile named ${JSON.stringify(identity.profile ?? 'unknown')}`,
        );
      switch (uniqueViolation(e)) {
        case 'client_registry_live_name':
          throw new ClientAlreadyExistsError(identity.name!);
        case 'client_registry_live_ip':
          throw new DuplicateIpError(identity.ip!);
        case 'client_registry_live_hostname':
          throw new DuplicateHostnameError(identity.hostname!);
        case 'client_san_registry_live':
          throw new DuplicateSanError();
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

  /** enabled or disabled while the client is live; undefined once it is removed, or for an unknown id. */
  async liveStatus(clientId: string): Promise<'enabled' | 'disabled' | undefined> {
    const [row] = await this.ds.query(`SELECT disabled FROM client_registry WHERE client_id = $1 AND active`, [
      clientId,
    ]);
    return row === undefined ? undefined : row.disabled ? 'disabled' : 'enabled';
  }

  async isLive(clientId: string): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT 1 FROM client_registry WHERE client_id = $1 AND active`, [clientId]);
    return row !== undefined;
  }
}

/** The sans list as registry keys: the value part of sanKey (DNS names and e-mail domains lowercase). */
function sanRows(enrolled: ClientEnrolledData): Array<{ kind: string; key: string }> {
  return (enrolled.sans ?? []).map((san) => ({ kind: san.type, key: sanKey(san).slice(san.type.length + 1) }));
}
