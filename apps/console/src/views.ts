/** The API's answers, as far as the console reads them. */
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
  status: 'enabled' | 'disabled' | 'removed';
  tags: string[];
  ip: string | null;
  hostname: string | null;
  certificate: CertificateView | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface EventEnvelope {
  eventId: string;
  type: string;
  streamVersion: number;
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: { actor?: string; correlationId?: string; requestId?: string };
}

export interface ProfileView {
  name: string;
  builtIn: boolean;
  keyTypes: string[];
  extendedKeyUsages: string[];
  sans: Partial<Record<'dns' | 'ip' | 'uri' | 'email', { max: number; patterns?: string[] }>>;
  subject: { commonName: string; extra: Array<{ type: string; value: string }> };
  validity?: string;
  maxValidity?: string;
}
