import { z } from 'zod';
import { defineEvent } from '../../shared/event-registry';

const sanRule = z.object({ max: z.number().int(), patterns: z.array(z.string()).optional() });

/** The whole profile as an admin or the profiles file gave it (checked), so a reader needs no other event. */
export const PROFILE_SCHEMA = z.object({
  keyTypes: z.array(z.enum(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ed25519'])),
  extendedKeyUsages: z.array(z.enum(['clientAuth', 'serverAuth'])),
  sans: z.object({
    dns: sanRule.optional(),
    ip: sanRule.optional(),
    uri: sanRule.optional(),
    email: sanRule.optional(),
  }),
  subject: z.object({
    commonName: z.string(),
    extra: z.array(z.object({ type: z.enum(['ST', 'L', 'O', 'OU']), value: z.string() })),
  }),
  validity: z.string().optional(),
  maxValidity: z.string().optional(),
});

export const ProfileDefined = defineEvent({
  type: 'ProfileDefined',
  schemaVersion: 1,
  category: 'profile',
  schema: z.object({ profileId: z.string(), name: z.string(), profile: PROFILE_SCHEMA }),
});
export type ProfileDefinedData = z.infer<typeof ProfileDefined.schema>;
