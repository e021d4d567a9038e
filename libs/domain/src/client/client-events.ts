import { ClientEnrolled } from './events/client-enrolled.event';
import { CertificateIssued } from './events/certificate-issued.event';
import { ClientRemoved } from './events/client-removed.event';
import { CertificateRevoked } from './events/certificate-revoked.event';

export const CLIENT_EVENTS = [ClientEnrolled, CertificateIssued, ClientRemoved, CertificateRevoked] as const;
