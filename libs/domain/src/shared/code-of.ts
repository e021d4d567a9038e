import { DomainError } from './domain-error';

/** The stable code `f` fails with: undefined when it does not fail, NOT_A_DOMAIN_ERROR for any other error. For specs and property tests. */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'NOT_A_DOMAIN_ERROR';
  }
}
