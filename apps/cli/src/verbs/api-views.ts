/**
 * The API's answers as the CLI reads them. Apps never import each other, so these mirror the api's
 * views (apps/api/src/clients/client-view.ts, list-certificates.handler.ts); --json prints the
 * answers themselves, never these types.
 */
export interface CertificateView {
  serial_number: string;
  not_before: string;
  not_after: string;
  status: string;
  revocation: { reason: string; revoked_at: string; revoked_by: string | null } | null;
  key_origin: string;
  fingerprint_sha256: string;
}

export interface ClientView {
  id: string;
  name: string;
  status: string;
  tags: string[];
  metadata: Record<string, string>;
  topics: Record<string, string>;
  ip: string | null;
  hostname: string | null;
  certificate: CertificateView | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface InventoryItem extends CertificateView {
  client_id: string;
  client_name: string | null;
  common_name: string | null;
  subject_alt_names: { ips: string[]; hostnames: string[] };
}
