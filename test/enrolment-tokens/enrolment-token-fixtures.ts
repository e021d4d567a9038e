import { bearer, Harness } from '../support/certplane-harness';

/** The enrolment-token API as an operator calls it, and a device's use of a token. */
export function tokenApi(h: Harness) {
  const auth = bearer(h);
  return {
    create: (body: unknown) => h.call('POST', '/enrolment-tokens', body, auth),
    list: () => h.call('GET', '/enrolment-tokens', undefined, auth),
    revoke: (id: string) => h.call('DELETE', `/enrolment-tokens/${id}`, undefined, auth),
    enrol: (token: string | undefined, body: unknown) =>
      h.call('POST', '/enrol', body, token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };
}

export const errorBody = (statusCode: number, code: string) => ({ statusCode, code, message: expect.any(String) });
