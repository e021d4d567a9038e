import { DataSource } from 'typeorm';
import {
  CertificateAlreadyRegisteredError,
  ClientAlreadyExistsError,
  ClientNotFoundError,
  ClientEnrolledData,
  DomainError,
  DuplicateHostnameError,
  DuplicateIpError,
  DuplicateSanError,
  sanKey,
  ValidationError,
} from '@certplane/domain';
import { StatementWrite, Tx } from '@certplane/persistence';

/** The holder recorded for the serials of certplane's server certificates: no client id has this form. */
export const SERVER_CERTIFICATE_HOLDER = '@server';

/**
 * Which clients are live, kept in the same transaction as the events that enrol and remove
 * them (an inline projection). Its partial unique indexes are the reservation: of any number of
 * concurrent enrolments of one name, ip or hostname, exactly one commits.
 */
export class ClientRegistry {
  constructor(private readonly ds: DataSource) {}

  /**
   * The enrolment's name, ip, hostname and sans list, joined to its append. The ip and hostname reach
   * client_san_registry by its trigger, the sans list directly: one index for both.
   */
  reserve(enrolled: ClientEnrolledData): StatementWrite[] {
    const sans = sanRows(enrolled);
    const refused = identityRefusal(enrolled);
    return [
      {
        sql: (appended, p) =>
          `INSERT INTO client_registry (client_id, name, ip, hostname, profile) SELECT ${p(enrolled.clientId)}::text, ${p(enrolled.name)}::text, ${p(enrolled.ip ?? null)}::text, ${p(enrolled.hostname ?? null)}::text, ${p(enrolled.profile ?? null)}::text WHERE ${appended}`,
        refused,
      },
      ...(sans.length > 0
        ? [
            {
              sql: (appended: string, p: (v: unknown) => string) =>
                `INSERT INTO client_san_registry (client_id, kind, value_key, source) SELECT ${p(enrolled.clientId)}::text, x.kind, x.key, 'list' FROM jsonb_to_recordset(${p(JSON.stringify(sans))}::jsonb) AS x(kind text, key text) WHERE ${appended}`,
              refused,
            },
          ]
        : []),
    ];
  }

  /** reserve for many enrolments at once, as one write joined to their one statement (EventStore.appendAll). */
  reserveAll(enrolled: readonly ClientEnrolledData[]): StatementWrite {
    const column = (f: (e: ClientEnrolledData) => string | undefined) => enrolled.map((e) => f(e) ?? null);
    return {
      sql: (appended, p) =>
        `INSERT INTO client_registry (client_id, name, ip, hostname)
         SELECT * FROM unnest(${p(column((e) => e.clientId))}::text[], ${p(column((e) => e.name))}::text[], ${p(column((e) => e.ip))}::text[], ${p(column((e) => e.hostname))}::text[]) WHERE ${appended}`,
      refused: identityRefusal({ name: 'of this bulk' }),
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

  /** A serial number is held by one certificate of one client, issued or registered. */
  reserveCertificate(clientId: string, serialNumber: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `INSERT INTO certificate_serials (serial_number, client_id) SELECT ${p(serialNumber)}::text, ${p(clientId)}::text WHERE ${appended}`,
      refused: (constraint) =>
        constraint === 'certificate_serials_pkey' ? new CertificateAlreadyRegisteredError(serialNumber) : undefined,
    };
  }

  /**
   * A rename or a new SAN claims the new values exactly as an enrolment does, and frees the old ones:
   * safe because the same append revokes every valid certificate stating them (Client.update).
   */
  changeIdentity(clientId: string, identity: { name: string; ip?: string; hostname?: string }): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE client_registry SET name = ${p(identity.name)}::text, ip = ${p(identity.ip ?? null)}::text, hostname = ${p(identity.hostname ?? null)}::text WHERE client_id = ${p(clientId)}::text AND ${appended}`,
      refused: identityRefusal(identity),
    };
  }

  /** A disabled client stays live: it keeps its name, ip and hostname, and can be enabled again. */
  setDisabled(clientId: string, disabled: boolean): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE client_registry SET disabled = ${p(disabled)}::boolean WHERE client_id = ${p(clientId)}::text AND ${appended}`,
    };
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

  release(clientId: string): StatementWrite {
    return {
      sql: (appended, p) =>
        `UPDATE client_registry SET active = false WHERE client_id = ${p(clientId)}::text AND ${appended}`,
    };
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

/** What a taken name, ip, hostname or SAN refuses a claim of `identity` with. */
function identityRefusal(identity: { name?: string; ip?: string; hostname?: string; profile?: string }) {
  return (constraint: string): Error | undefined => {
    switch (constraint) {
      // The profile was deleted between the enrolment resolving it and its append (the trigger of migration 0160).
      case 'client_registry_live_profile':
        return new ValidationError(
          'UNKNOWN_PROFILE',
          `no certificate profile named ${JSON.stringify(identity.profile ?? 'unknown')}`,
        );
      case 'client_registry_live_name':
        return new ClientAlreadyExistsError(identity.name!);
      case 'client_registry_live_ip':
        return new DuplicateIpError(identity.ip!);
      case 'client_registry_live_hostname':
        return new DuplicateHostnameError(identity.hostname!);
      case 'client_san_registry_live':
        return new DuplicateSanError();
      default:
        return undefined;
    }
  };
}

/**
 * Fails with CLIENT_NOT_FOUND, naming the first, when any of the clients is not live; holds the
 * live ones' rows FOR SHARE until the transaction ends, so a deletion (which marks the row inactive)
 * waits for it or is waited for: what the transaction records about a client cannot outlive it.
 */
export async function holdLiveClients(tx: Tx, clientIds: readonly string[]): Promise<void> {
  const live: { client_id: string }[] = await tx.query(
    `SELECT client_id FROM client_registry WHERE client_id = ANY($1::text[]) AND active ORDER BY client_id FOR SHARE`,
    [clientIds],
  );
  const found = new Set(live.map((r) => r.client_id));
  const missing = clientIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new ClientNotFoundError(`with id ${missing}`);
}

/** The sans list as registry keys: the value part of sanKey (DNS names and e-mail domains lowercase). */
function sanRows(enrolled: ClientEnrolledData): Array<{ kind: string; key: string }> {
  return (enrolled.sans ?? []).map((san) => ({ kind: san.type, key: sanKey(san).slice(san.type.length + 1) }));
}
