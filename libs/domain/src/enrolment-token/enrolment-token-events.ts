import { EnrolmentTokenCreated } from './events/enrolment-token-created.event';
import { EnrolmentTokenUsed } from './events/enrolment-token-used.event';
import { EnrolmentTokenRevoked } from './events/enrolment-token-revoked.event';

export const ENROLMENT_TOKEN_EVENTS = [EnrolmentTokenCreated, EnrolmentTokenUsed, EnrolmentTokenRevoked] as const;
