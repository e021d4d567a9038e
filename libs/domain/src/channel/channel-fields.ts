import { TOPIC_NAME_PATTERN } from '../client/topics';
import { InvalidClientNameError } from '../client/client.errors';
import { InvalidRouteError } from './channel.errors';

const CHANNEL_NAME_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A channel's name is a label for people, so the same plain characters as a client's, but never a certificate CN. */
export function assertValidChannelName(name: unknown): asserts name is string {
  if (name === undefined || name === null) throw new InvalidClientNameError('name is required');
  if (typeof name !== 'string' || !CHANNEL_NAME_PATTERN.test(name))
    throw new InvalidClientNameError('name must be 1-128 characters of A-Z a-z 0-9 _ . : -');
}

/** A route is the topic the channel carries (docs/channels.md), so it is spelt as a topic name. */
export function assertValidRoute(route: unknown): asserts route is string {
  if (typeof route !== 'string' || !TOPIC_NAME_PATTERN.test(route))
    throw new InvalidRouteError('route must be a topic name of 1-255 characters of A-Z a-z 0-9 _ . : -');
}
