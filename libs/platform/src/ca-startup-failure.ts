import { PkiError } from '@certplane/pki';
import { Pkcs11Failure } from '@certplane/vault';
import { StartupFailure } from './startup-failure';

/** What loading the CA at start-up can fail with, as the one line a person reads; anything else as it is. */
export function caStartupFailure(e: unknown): unknown {
  if (e instanceof Pkcs11Failure) return new StartupFailure(e.message, { cause: e });
  if (e instanceof PkiError) return new StartupFailure(`the CA cannot be used: ${e.message}`, { cause: e });
  return e;
}
