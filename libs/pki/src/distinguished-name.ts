import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';
import { isWellFormedText } from './text';

/**
 * RFC 5280's ub-common-name is 64, but that bound lives only in its ASN.1 module and TLS stacks (OpenSSL,
 * Go, node, rustls) do not enforce it, while certplane client names alone may be 128 characters. This cap
 * only keeps absurd input out.
 */
export const MAX_COMMON_NAME_LENGTH = 256;

export type NameAttribute = 'ST' | 'L' | 'O' | 'OU' | 'CN';

/**
 * Builds a Name from attribute/value pairs, most general first (so O, OU, CN reads as "CN=…, OU=…, O=…" in
 * RFC 4514 order). Values are passed as explicit UTF8Strings: given a plain string, even through the JSON
 * form, @peculiar/x509 decodes a leading "#" as hex and strips quotes and backslash escapes.
 */
export function buildName(attributes: ReadonlyArray<readonly [NameAttribute, string]>): x509.Name {
  return new x509.Name(attributes.map(([type, value]) => ({ [type]: [{ utf8String: value }] })));
}

export function assertCommonName(commonName: string): void {
  const length = typeof commonName === 'string' ? [...commonName].length : 0;
  if (length === 0 || length > MAX_COMMON_NAME_LENGTH || !isWellFormedText(commonName)) {
    throw new PkiError(
      'INVALID_INPUT',
      `commonName must be 1 to ${MAX_COMMON_NAME_LENGTH} characters of well-formed Unicode`,
    );
  }
}
