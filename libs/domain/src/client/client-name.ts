import { InvalidClientNameError, ReservedClientNameError } from './client.errors';

const NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const RESERVED_CLIENT_NAMES: readonly string[] = ['server'];

/** The name becomes the certificate's CN (`user-<name>`), so the rule is strict and checked once, here. */
export function assertValidClientName(name: unknown): asserts name is string {
  if (name === undefined || name === null) throw new InvalidClientNameError('name is required');
  if (typeof name !== 'string') throw new InvalidClientNameError('name must be a string');
  if (!NAME_PATTERN.test(name))
    throw new InvalidClientNameError('name must be 1-128 characters of A-Z a-z 0-9 _ . : -');
  if (RESERVED_CLIENT_NAMES.includes(name)) throw new ReservedClientNameError(name);
}

export function certificateCommonName(name: string): string {
  return `user-${name}`;
}
