/**
 * The HSM refused or could not do what the CA needs. Messages name the setting to look at and the PKCS#11
 * return code, never the PIN; start-up shows them as its one line.
 */
export class Pkcs11Failure extends Error {
  override readonly name = 'Pkcs11Failure';
}

/** The CKR_ name of a PKCS#11 error, or the first line of any other. */
export function pkcs11Reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /CKR_[A-Z0-9_]+/.exec(message)?.[0] ?? message.split('\n')[0];
}
