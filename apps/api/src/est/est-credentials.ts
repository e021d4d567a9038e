/**
 * The enrolment token of an EST request: the password of HTTP Basic (the username is anything,
 * such as the device's name, and is not used) or the Bearer token. Undefined when neither is there.
 */
export function estToken(authorization: string | undefined): string | undefined {
  const [scheme, value] = (authorization ?? '').trim().split(/ +/, 2);
  if (!value) return undefined;
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

export const EST_CHALLENGE = 'Basic realm="certplane EST"';
