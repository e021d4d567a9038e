import { RESERVED_DETAILS_KEYS } from '@certplane/config';

/**
 * The topics details answers with: the client's own (role → topic, as enrolled) and, for each
 * channel it is connected to that has a route, the channel's name as the role and its route as
 * the topic (docs/channels.md). An own role wins a clash, and a channel named like one of the
 * answer's own keys is left out, so a channel can neither change nor break an enrolled client's answer.
 */
export function detailsTopics(
  own: Record<string, string>,
  channels: Record<string, string> | null,
): Record<string, string> {
  const merged: [string, string][] = Object.entries(channels ?? {}).filter(
    ([role]) => !RESERVED_DETAILS_KEYS.includes(role) && !Object.hasOwn(own, role),
  );
  // Own properties whatever the role is called: a channel named __proto__ is just a role.
  return Object.fromEntries([...Object.entries(own), ...merged]);
}
