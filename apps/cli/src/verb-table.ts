import { Verb } from './verb';
import { CERTIFICATE_VERBS } from './verbs/certificates.verbs';
import { CHANNEL_VERBS } from './verbs/channels.verbs';
import { CLIENT_VERBS } from './verbs/clients.verbs';
import { CLIENT_ROLE_VERBS } from './verbs/client-roles.verbs';
import { GROUP_VERBS } from './verbs/groups.verbs';
import { ENROLMENT_TOKEN_VERBS } from './verbs/enrolment-tokens.verbs';
import { FLEET_VERBS } from './verbs/fleet.verbs';
import { NAMESPACE_VERBS } from './verbs/namespaces.verbs';
import { ISSUER_VERBS } from './verbs/issuers.verbs';
import { PROFILE_VERBS } from './verbs/profiles.verbs';
import { SETUP_VERBS } from './verbs/setup.verbs';
import { TUNNEL_VERBS } from './verbs/tunnels.verbs';

/** Every verb of the CLI, in the order help lists them. A family of verbs is one more line here. */
export const VERBS: readonly Verb[] = [
  ...SETUP_VERBS,
  ...FLEET_VERBS,
  ...CLIENT_VERBS,
  ...CLIENT_ROLE_VERBS,
  ...CHANNEL_VERBS,
  ...GROUP_VERBS,
  ...CERTIFICATE_VERBS,
  ...ENROLMENT_TOKEN_VERBS,
  ...PROFILE_VERBS,
  ...ISSUER_VERBS,
  ...TUNNEL_VERBS,
  ...NAMESPACE_VERBS,
];
