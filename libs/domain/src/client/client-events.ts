import { DomainEvent } from '../shared/domain-event';
import { EventOf } from '../shared/event-registry';
import { ClientEnrolled } from './events/client-enrolled.event';
import { CertificateIssued } from './events/certificate-issued.event';
import { ClientRemoved } from './events/client-removed.event';
import { CertificateRevoked } from './events/certificate-revoked.event';
import { ClientUpdated } from './events/client-updated.event';
import { ClientDisabled } from './events/client-disabled.event';
import { ClientEnabled } from './events/client-enabled.event';
import { ClientDeleted } from './events/client-deleted.event';
import { CertificateRenewed } from './events/certificate-renewed.event';
import { CertificateRegistered } from './events/certificate-registered.event';
import { CertificateHoldReleased } from './events/certificate-hold-released.event';
import { ClientParentGroupSet } from './events/client-parent-group-set.event';

export const CLIENT_EVENTS = [
  ClientEnrolled,
  CertificateIssued,
  ClientRemoved,
  CertificateRevoked,
  ClientUpdated,
  ClientDisabled,
  ClientEnabled,
  ClientDeleted,
  CertificateRenewed,
  CertificateRegistered,
  CertificateHoldReleased,
  ClientParentGroupSet,
] as const;

/** Every event of a client, its payload typed by its name: a switch on `type` narrows `data`. */
export type ClientEvent = EventOf<(typeof CLIENT_EVENTS)[number]>;

export function isClientEvent<E extends DomainEvent>(e: E): e is Extract<E, ClientEvent> {
  return CLIENT_EVENTS.some((d) => d.type === e.type);
}
