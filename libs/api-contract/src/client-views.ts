export type ClientStatus = 'enabled' | 'disabled' | 'removed';
export type CertificateStatus = 'valid' | 'revoked' | 'expired';
/** Where a certificate's key lives: sealed on the server, or with the client (from a CSR, or a registered certificate). */
export type KeyOrigin = 'server' | 'csr' | 'registered';
export type MetadataValue = string | number | boolean;

/** A certificate as every answer of the client API shows it. */
export interface CertificateView {
  serial_number: string;
  not_before: string;
  not_after: string;
  status: CertificateStatus;
  /** revoked_by: who revoked it (the event's actor), null when not recorded. */
  revocation: { reason: string; revoked_at: string; revoked_by: string | null } | null;
  key_origin: KeyOrigin;
  fingerprint_sha256: string;
}

/** A client as GET /clients/:id, the list, and every command's answer show it. */
export interface ClientView {
  id: string;
  name: string;
  status: ClientStatus;
  tags: string[];
  metadata: Record<string, MetadataValue>;
  topics: Record<string, string>;
  ip: string | null;
  hostname: string | null;
  /** The newest certificate, with its status at the moment asked about; null until the first is issued. */
  certificate: CertificateView | null;
  /** The group it is in (docs/groups-and-roles.md), or null. */
  parent_group_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}
