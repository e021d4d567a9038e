import { EventOf } from '../shared/event-registry';
import { EnrolmentTokenCreated } from './events/enrolment-token-created.event';
import { EnrolmentTokenUsed } from './events/enrolment-token-used.event';
import { EnrolmentTokenRevoked } from './events/enrolment-token-revoked.event';

export const ENROLMENT_TOKEN_EVENTS = [EnrolmentTokenCreated, EnrolmentTokenUsed, EnrolmentTokenRevoked] as const;

/** Every event of a enrolment token, its payload typed by its name: a switch on `type` narrows `data`. */
export type EnrolmentTokenEvent = EventOf<(typeof ENROLMENT_TOKEN_EVENTS)[number]>;
