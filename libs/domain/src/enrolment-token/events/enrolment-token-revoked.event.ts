import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** From here on every use is refused; clients it already enrolled stay. */
export const EnrolmentTokenRevoked = defineEvent({
  type: 'EnrolmentTokenRevoked',
  schemaVersion: 1,
  category: 'enrolment_token',
  schema: z.object({ tokenId: z.string() }),
});
export type EnrolmentTokenRevokedData = z.infer<typeof EnrolmentTokenRevoked.schema>;
