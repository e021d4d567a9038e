import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The status report wire format, version 1 (docs/api/tunnels-and-namespaces.md, "Status reports"). The payload is UTF-8
 * JSON; the header `Certplane-Signature: sha256=<hex>` is HMAC-SHA256 over the exact payload
 * bytes, keyed with the tunnel's authToken as given by the API (its UTF-8 bytes). Signing the
 * bytes, not a re-serialisation, means any JSON encoder works on the tunnel server's side.
 */
export const STATUS_SIGNATURE_HEADER = 'Certplane-Signature';
const SCHEME = 'sha256=';
const SIGNATURE = /^sha256=[0-9a-f]{64}$/;
/** Larger payloads are dropped before any HMAC is computed over them. */
export const MAX_STATUS_REPORT_BYTES = 4096;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Unknown fields are ignored, so newer tunnel servers still report to older certplanes. */
const reportSchema = z.object({
  /** Which tunnel server instance reports; connectedClients is summed over servers. */
  server: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
    .default('default'),
  /** Increases with every report of one server, so no two reports are byte-identical. */
  seq: count,
  /** When the server sent it; must be within the receiver's skew window of its clock. */
  sentAt: z.iso.datetime({ offset: true }),
  /** Clients connected to this server now (absolute, so a lost report heals at the next one). */
  connectedClients: count,
  /** Bytes received and sent since this server's previous report. */
  rxBytes: count,
  txBytes: count,
  /** New TCP connections since this server's previous report. */
  tcpConnections: count,
});

export type TunnelStatusReport = z.output<typeof reportSchema>;
export type TunnelStatusReportInput = z.input<typeof reportSchema>;

export class MalformedStatusReportError extends Error {
  constructor(reason: string) {
    super(`malformed status report: ${reason}`);
    this.name = 'MalformedStatusReportError';
  }
}

export function encodeStatusReport(report: TunnelStatusReportInput): Uint8Array {
  return Buffer.from(JSON.stringify(report), 'utf8');
}

export function signStatusReport(payload: Uint8Array, authToken: string): string {
  return SCHEME + createHmac('sha256', authToken).update(payload).digest('hex');
}

/** Constant-time; a header that is not `sha256=<64 lowercase hex>` never verifies. */
export function verifyStatusSignature(payload: Uint8Array, signature: string, authToken: string): boolean {
  if (!SIGNATURE.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(signStatusReport(payload, authToken)));
}

export function parseStatusReport(payload: Uint8Array): TunnelStatusReport {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw new MalformedStatusReportError('not JSON');
  }
  const parsed = reportSchema.safeParse(value);
  if (!parsed.success)
    throw new MalformedStatusReportError(
      `${parsed.error.issues[0].path.join('.') || 'payload'}: ${parsed.error.issues[0].message}`,
    );
  return parsed.data;
}
