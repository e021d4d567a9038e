import { DomainEvent } from '../shared/domain-event';
import { ClientNotFoundError } from './client.errors';
import { assertValidClientName } from './client-name';
import { assertValidSans } from './client-sans';
import { assertValidTopics, Topics } from './topics';
import { ClientEnrolled, ClientEnrolledData } from './events/client-enrolled.event';
import { CertificateIssued, CertificateIssuedData } from './events/certificate-issued.event';
import { ClientRemoved } from './events/client-removed.event';
import { CertificateRevoked, RevocationReason } from './events/certificate-revoked.event';

export type ClientStatus = 'active' | 'removed';

export interface ClientCertificate {
  serialNumber: string;
  notAfter: string;
  revoked: boolean;
}

export interface EnrollClientInput {
  clientId: string;
  name: unknown;
  topics: unknown;
  ip?: unknown;
  hostname?: unknown;
}

/**
 * A client's whole life as one event stream. Methods decide and return the events to append;
 * they never mutate, so a rejected decision leaves nothing behind. Deciding "nothing to do"
 * (an empty array) is what makes redelivered messages harmless.
 */
export class Client {
  private constructor(
    readonly id: string,
    readonly version: number,
    readonly name: string,
    readonly status: ClientStatus,
    readonly topics: Topics,
    readonly sans: { ip?: string; hostname?: string },
    readonly certificates: readonly ClientCertificate[],
  ) {}

  static enroll(input: EnrollClientInput): DomainEvent[] {
    assertValidClientName(input.name);
    assertValidTopics(input.topics);
    const sans = assertValidSans({ ip: input.ip, hostname: input.hostname });
    const data: ClientEnrolledData = { clientId: input.clientId, name: input.name, topics: { ...input.topics }, ...sans };
    return [ClientEnrolled.create(data)];
  }

  static fromHistory(clientId: string, history: readonly DomainEvent[]): Client {
    if (history.length === 0 || history[0].type !== ClientEnrolled.type) throw new ClientNotFoundError(`with id ${clientId}`);
    return history.slice(1).reduce((c, e) => c.apply(e), Client.fromEnrolled(history[0].data as ClientEnrolledData));
  }

  get isActive(): boolean {
    return this.status === 'active';
  }

  get liveCertificate(): ClientCertificate | undefined {
    return this.certificates.find((c) => !c.revoked);
  }

  /** The issuer signs only for an active client that has no certificate yet. */
  needsCertificate(): boolean {
    return this.isActive && this.certificates.length === 0;
  }

  recordIssuedCertificate(cert: CertificateIssuedData): DomainEvent[] {
    return this.needsCertificate() ? [CertificateIssued.create(cert)] : [];
  }

  remove(): DomainEvent[] {
    if (!this.isActive) throw new ClientNotFoundError(`named "${this.name}"`);
    return [ClientRemoved.create({ clientId: this.id, name: this.name, reason: 'left' })];
  }

  revokeCertificates(reason: RevocationReason, at: Date): DomainEvent[] {
    return this.certificates
      .filter((c) => !c.revoked)
      .map((c) => CertificateRevoked.create({ clientId: this.id, serialNumber: c.serialNumber, reason, revokedAt: at.toISOString() }));
  }

  private static fromEnrolled(d: ClientEnrolledData): Client {
    return new Client(d.clientId, 1, d.name, 'active', d.topics, { ip: d.ip, hostname: d.hostname }, []);
  }

  private apply(e: DomainEvent): Client {
    const next = (changes: Partial<Pick<Client, 'status' | 'certificates'>>) =>
      new Client(this.id, this.version + 1, this.name, changes.status ?? this.status, this.topics, this.sans, changes.certificates ?? this.certificates);
    switch (e.type) {
      case CertificateIssued.type: {
        const d = e.data as CertificateIssuedData;
        return next({ certificates: [...this.certificates, { serialNumber: d.serialNumber, notAfter: d.notAfter, revoked: false }] });
      }
      case ClientRemoved.type:
        return next({ status: 'removed' });
      case CertificateRevoked.type: {
        const serial = (e.data as { serialNumber: string }).serialNumber;
        return next({ certificates: this.certificates.map((c) => (c.serialNumber === serial ? { ...c, revoked: true } : c)) });
      }
      default:
        // Event types this version does not know still count towards the stream version.
        return next({});
    }
  }
}
