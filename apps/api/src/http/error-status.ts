/**
 * HTTP status for each domain error code; the domain stays unaware of HTTP. A domain code not
 * listed here is a rule the input broke: 400.
 */
const STATUS_BY_CODE: Record<string, number> = {
  CLIENT_ALREADY_EXISTS: 409,
  DUPLICATE_IP: 409,
  DUPLICATE_HOSTNAME: 409,
  CONCURRENCY_CONFLICT: 409,
  CLIENT_NOT_FOUND: 404,
  CLIENT_DISABLED: 409,
  CERTIFICATE_ALREADY_REGISTERED: 409,
  CERTIFICATE_LIMIT_REACHED: 409,
  TUNNEL_ALREADY_EXISTS: 409,
  NAMESPACE_ALREADY_EXISTS: 409,
  NAMESPACE_NOT_EMPTY: 409,
  TUNNEL_NOT_FOUND: 404,
  NAMESPACE_NOT_FOUND: 404,
};

export function statusForDomainCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}
