import { bearer, Harness } from '../support/certplane-harness';

/** The channel API calls as the tests make them, with the harness's bearer token. */
export function channelApi(h: Harness) {
  const auth = bearer(h);
  return {
    create: (body: unknown) => h.call('POST', '/channels', body, auth),
    get: (id: string, query = '') => h.call('GET', `/channels/${id}${query}`, undefined, auth),
    list: (query = '') => h.call('GET', `/channels${query}`, undefined, auth),
    patch: (id: string, body: unknown) => h.call('PATCH', `/channels/${id}`, body, auth),
    remove: (id: string) => h.call('DELETE', `/channels/${id}`, undefined, auth),
    events: (id: string) => h.call('GET', `/channels/${id}/events`, undefined, auth),
    connect: (id: string, body: unknown) => h.call('POST', `/channels/${id}/connect`, body, auth),
    disconnect: (id: string, body: unknown) => h.call('POST', `/channels/${id}/disconnect`, body, auth),
    clients: (id: string, query = '') => h.call('GET', `/channels/${id}/clients${query}`, undefined, auth),
    channelsOf: (clientId: string, query = '') =>
      h.call('GET', `/clients/${clientId}/channels${query}`, undefined, auth),
  };
}
