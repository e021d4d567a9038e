import { SetMetadata } from '@nestjs/common';

export const RENEWAL_LIMITED = 'certplane:renewal-limited';
/** No route parameter names the client: the client certificate asking is the client renewed (EST simplereenroll). */
export const CALLER_CLIENT = '@caller';

/**
 * Counts each request to the route as a renewal of the client its route parameter `param` names
 * (without one, the client whose certificate asks), towards CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR
 * (RequestRateLimiter), whoever asks.
 */
export const RenewalLimited = (param: string = CALLER_CLIENT) => SetMetadata(RENEWAL_LIMITED, param);
