import { EventRegistry } from './shared/event-registry';
import { CLIENT_EVENTS, ClientEvent } from './client/client-events';
import { NAMESPACE_EVENTS, NamespaceEvent } from './namespace/namespace-events';
import { TUNNEL_EVENTS, TunnelEvent } from './tunnel/tunnel-events';
import { CHANNEL_EVENTS, ChannelEvent } from './channel/channel-events';
import { ENROLMENT_TOKEN_EVENTS, EnrolmentTokenEvent } from './enrolment-token/enrolment-token-events';
import { PROFILE_EVENTS, ProfileEvent } from './profile/profile-events';
import { CLIENT_ROLE_EVENTS, ClientRoleEvent } from './client-role/client-role-events';
import { GROUP_EVENTS, GroupEvent } from './group/group-events';
import { ISSUER_EVENTS, IssuerEvent } from './issuer/issuer-events';

/** Every event certplane stores or publishes: a switch on `type` narrows `data`. */
export type CertplaneEvent =
  | ClientEvent
  | NamespaceEvent
  | TunnelEvent
  | EnrolmentTokenEvent
  | ChannelEvent
  | ProfileEvent
  | ClientRoleEvent
  | GroupEvent
  | IssuerEvent;

/** Every event certplane stores or publishes, registered once. */
export const eventRegistry = new EventRegistry<CertplaneEvent>([
  ...CLIENT_EVENTS,
  ...NAMESPACE_EVENTS,
  ...TUNNEL_EVENTS,
  ...ENROLMENT_TOKEN_EVENTS,
  ...CHANNEL_EVENTS,
  ...PROFILE_EVENTS,
  ...CLIENT_ROLE_EVENTS,
  ...GROUP_EVENTS,
  ...ISSUER_EVENTS,
]);
