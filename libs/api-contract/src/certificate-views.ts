import type { CertificateStatus, CertificateView } from './client-views';

export interface SubjectAltNames {
  ips: string[];
  hostnames: string[];
}

/** GET /certificates/:serial: one certificate as its holder would read it with `openssl x509 -text`, and its PEM. */
export interface CertificateDocument {
  serial_number: string;
  client_id: string;
  client_name: string | null;
  subject: string;
  issuer: string;
  subject_alt_names: SubjectAltNames;
  fingerprint_sha256: string;
  not_before: string;
  not_after: string;
  status: CertificateStatus;
  revocation_reason: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
  pem: string;
}

/** An item of GET /certificates, the inventory of every client's certificates. */
export interface InventoryItem extends CertificateView {
  client_id: string;
  client_name: string | null;
  common_name: string | null;
  subject_alt_names: SubjectAltNames;
}
