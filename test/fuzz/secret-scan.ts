import { createPrivateKey } from 'node:crypto';
import { RunSecrets } from './fuzz-fixtures';

const PRIVATE_PARTS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/**
 * The forms a secret could leak in. A private key: its DER in base64, base64url or hex, each
 * private number (the EC scalar; RSA's d, p, q...) in those encodings, and every line of its PEM
 * body that holds private bytes: the public key inside a PKCS#8 key is no secret, and the
 * certificate, which every event carries, holds it with the same base64 alignment now and then.
 * A token or a details secret: itself (an enrolment token without its prefix).
 */
export function secretNeedles(secrets: RunSecrets): { what: string; needle: string }[] {
  const needles: { what: string; needle: string }[] = [];
  secrets.privateKeysPem.forEach((pem, i) => {
    const what = `private key #${i + 1}`;
    const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    const der = Buffer.from(lines.join(''), 'base64');
    needles.push(
      { what: `${what} (DER base64)`, needle: der.toString('base64') },
      { what: `${what} (DER base64url)`, needle: der.toString('base64url') },
      { what: `${what} (DER hex)`, needle: der.toString('hex') },
    );
    const jwk = createPrivateKey(pem).export({ format: 'jwk' }) as Record<string, string | undefined>;
    const privateRanges: [number, number][] = [];
    for (const part of PRIVATE_PARTS) {
      if (!jwk[part]) continue;
      const bytes = Buffer.from(jwk[part]!, 'base64url');
      needles.push(
        { what: `${what} (${part}, base64url)`, needle: bytes.toString('base64url') },
        { what: `${what} (${part}, base64)`, needle: bytes.toString('base64') },
        { what: `${what} (${part}, hex)`, needle: bytes.toString('hex') },
      );
      const at = der.indexOf(bytes);
      if (at >= 0) privateRanges.push([at, at + bytes.length]);
    }
    // PEM lines are 64 characters: 48 bytes of DER each.
    lines.forEach((line, n) => {
      const [from, to] = [n * 48, n * 48 + 48];
      if (privateRanges.some(([a, b]) => a < to && from < b))
        needles.push({ what: `${what} (PEM line ${n + 1})`, needle: line });
    });
  });
  secrets.apiTokens.forEach((t, i) => needles.push({ what: `API token #${i + 1}`, needle: t }));
  secrets.tunnelAuthTokens.forEach((t, i) => needles.push({ what: `tunnel authToken #${i + 1}`, needle: t }));
  secrets.detailsSecrets.forEach((t, i) => needles.push({ what: `details secret #${i + 1}`, needle: t }));
  // Without its cpet_ prefix too: a leak need not keep it.
  secrets.enrolmentTokens.forEach((t, i) =>
    needles.push({ what: `enrolment token #${i + 1}`, needle: t.replace(/^cpet_/, '') }),
  );
  return needles;
}

/** Which secrets show up where: an empty list is the only good answer. */
export function findSecrets(secrets: RunSecrets, haystacks: Record<string, string[]>): string[] {
  const found: string[] = [];
  for (const { what, needle } of secretNeedles(secrets)) {
    for (const [where, texts] of Object.entries(haystacks)) {
      const hit = texts.findIndex((t) => t.includes(needle));
      if (hit >= 0) found.push(`${what} in ${where} #${hit}`);
    }
  }
  return found;
}
