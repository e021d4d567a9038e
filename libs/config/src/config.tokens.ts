/**
 * Injection tokens of the validated settings and the secrets resolved from them: here, beside what
 * they carry, so a lib that needs only its settings imports only the config lib.
 */
export const CONFIG = Symbol('certplane.config');
export const SECRETS = Symbol('certplane.secrets');
