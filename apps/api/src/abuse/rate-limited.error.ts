import { ApiError } from '../http/api-error';

/** Too many requests, or too many failures, from one caller: come back after Retry-After seconds. */
export class RateLimitedError extends ApiError {
  constructor(retryAfterSeconds: number, what = 'too many requests') {
    super(429, 'RATE_LIMITED', `${what}; retry after ${retryAfterSeconds} s`, {
      'Retry-After': String(Math.max(1, retryAfterSeconds)),
    });
  }
}
