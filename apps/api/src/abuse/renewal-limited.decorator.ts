import { SetMetadata } from '@nestjs/common';

export const RENEWAL_LIMITED = 'certplane:renewal-limited';

/**
 * Counts each request to the route as a renewal of the client its route parameter `param` names,
 * towards CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR (RequestRateLimiter), whoever asks.
 */
export const RenewalLimited = (param: string) => SetMetadata(RENEWAL_LIMITED, param);
