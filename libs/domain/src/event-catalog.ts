import { EventRegistry } from './shared/event-registry';
import { CLIENT_EVENTS } from './client/client-events';
import { NAMESPACE_EVENTS } from './namespace/namespace-events';
import { TUNNEL_EVENTS } from './tunnel/tunnel-events';
import { CHANNEL_EVENTS } from './channel/channel-events';
import { ENROLMENT_TOKEN_EVENTS } from './enrolment-token/enrolment-token-events';
import { PROFILE_EVENTS } from './profile/profile-events';
import { ISSUER_EVENTS } from './issuer/issuer-events';

/** Every event certplane stores or publishes, registered once. */
export const eventRegistry = new EventRegistry([
  ...CLIENT_EVENTS,
  ...NAMESPACE_EVENTS,
  ...TUNNEL_EVENTS,
  ...ENROLMENT_TOKEN_EVENTS,
  ...CHANNEL_EVENTS,
  ...PROFILE_EVENTS,
  ...ISSUER_EVENTS,
]);
