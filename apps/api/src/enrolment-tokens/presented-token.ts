/**
 * The enrolment token a device presents: `Authorization: Bearer <token>`, or HTTP Basic with the
 * token as the password (EST clients; the username is anything, such as the device's name, and
 * is not used). Undefined when there is neither.
 */
export function presentedToken(authorization: string | undefined): string | undefined {
  const m = /^(\S+) +(\S+) *$/.exec((authorization ?? '').trim());
  if (!m) return undefined;
  const [, scheme, value] = m;
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
