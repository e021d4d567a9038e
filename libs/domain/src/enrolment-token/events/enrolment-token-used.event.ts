import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

/** One use, appended in the transaction that enrols the client it names. */
export const EnrolmentTokenUsed = defineEvent({
  type: 'EnrolmentTokenUsed',
  schemaVersion: 1,
  category: 'enrolment_token',
  schema: z.object({
    tokenId: z.string(),
    clientId: z.string(),
    name: z.string(),
  }),
});
export type EnrolmentTokenUsedData = z.infer<typeof EnrolmentTokenUsed.schema>;
