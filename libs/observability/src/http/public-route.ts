import { SetMetadata } from '@nestjs/common';

/**
 * Marks a route (or a controller) as open to callers without credentials. The api's auth guard
 * refuses every route that is neither public nor given roles; the key lives here, not in the api,
 * because /health and /metrics are declared in this lib and libs do not import apps.
 */
export const PUBLIC_ROUTE = 'certplane:public-route';
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
