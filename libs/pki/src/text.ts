// A lone UTF-16 surrogate cannot be encoded as UTF-8; Buffer and asn1js would silently replace it with
// U+FFFD, so the value read back would differ from the one stored.
export function isWellFormedText(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}
