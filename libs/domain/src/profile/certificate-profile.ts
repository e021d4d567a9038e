import { z } from 'zod';
import { ValidationError } from '../shared/domain-error';
import { Duration } from '../shared/duration';
import { IpBlock } from '../client/ip-block';

export const KEY_TYPES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072', 'rsa-4096', 'ed25519'] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const EXTENDED_KEY_USAGES = ['clientAuth', 'serverAuth'] as const;
export type ExtendedKeyUsage = (typeof EXTENDED_KEY_USAGES)[number];
export const SAN_KINDS = ['dns', 'ip', 'uri', 'email'] as const;
export type SanKind = (typeof SAN_KINDS)[number];
/**
 * Relative distinguished names a profile may add before the cluster OU and the CN, in its order (most
 * general first). All are DirectoryStrings written as UTF8String; C is left out, as it must be a
 * two-letter PrintableString.
 */
export const EXTRA_RDN_TYPES = ['ST', 'L', 'O', 'OU'] as const;
export type ExtraRdnType = (typeof EXTRA_RDN_TYPES)[number];

/** `{name}` in the template stands for the client's name. */
export const NAME_PLACEHOLDER = '{name}';
/** Bounds that keep a profile small enough to be a template: no certificate needs more. */
const MAX_SANS_PER_KIND = 100;
const MAX_PATTERNS = 32;
const MAX_RDNS = 8;

const sanRule = z.strictObject({
  max: z.number().int().min(0).max(MAX_SANS_PER_KIND),
  patterns: z.array(z.string().min(1).max(253)).max(MAX_PATTERNS).optional(),
});
const duration = z.string().refine((v) => {
  try {
    Duration.parse(v);
    return true;
  } catch {
    return false;
  }
}, 'must be a whole number followed by s, m, h or d (e.g. 15m, 24h, 90d)');

const SPEC = z.strictObject({
  keyTypes: z.array(z.enum(KEY_TYPES)).min(1).refine(unique, 'must not repeat a key type'),
  extendedKeyUsages: z.array(z.enum(EXTENDED_KEY_USAGES)).min(1).refine(unique, 'must not repeat a usage'),
  sans: z.strictObject({ dns: sanRule, ip: sanRule, uri: sanRule, email: sanRule }).partial().default({}),
  subject: z.strictObject({
    commonName: z.string().min(1).max(64),
    extra: z
      .array(z.strictObject({ type: z.enum(EXTRA_RDN_TYPES), value: z.string().min(1).max(64) }))
      .max(MAX_RDNS)
      .default([]),
  }),
  /** Absent: the deployment's certificate validity. */
  validity: duration.optional(),
  /** The longest validity a request (an enrolment token) may ask for under this profile. */
  maxValidity: duration.optional(),
});

/** What a profile says every certificate issued under it is: key types, usages, names, subject, validity. */
export type CertificateProfile = z.infer<typeof SPEC>;

/**
 * Checks a profile as an admin (or the profiles file) gives it; INVALID_PROFILE names the field. A
 * pattern is checked against its kind (a wildcard only where the kind allows one), so a profile can
 * never promise names no certificate may carry.
 */
export function assertValidProfile(input: unknown): CertificateProfile {
  const parsed = SPEC.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError('INVALID_PROFILE', `${issue.path.join('.') || 'profile'}: ${issue.message}`);
  }
  const profile = parsed.data;
  const template = profile.subject.commonName.split(NAME_PLACEHOLDER).join('x');
  if (/[{}]/.test(template))
    throw new ValidationError('INVALID_PROFILE', `subject.commonName: the only placeholder is ${NAME_PLACEHOLDER}`);
  for (const kind of SAN_KINDS) {
    for (const pattern of profile.sans[kind]?.patterns ?? []) assertValidPattern(kind, pattern);
  }
  if (
    profile.validity &&
    profile.maxValidity &&
    Duration.parse(profile.maxValidity).isShorterThan(Duration.parse(profile.validity))
  ) {
    throw new ValidationError('INVALID_PROFILE', 'maxValidity: must not be shorter than validity');
  }
  return profile;
}

/**
 * The validity of each certificate under a profile unless its client asked otherwise, and the longest a
 * client (its creator or enrolment token) may ask for: the profile's, else the deployment's.
 */
export function profileValidity(
  profile: Pick<CertificateProfile, 'validity' | 'maxValidity'>,
  deployment: Duration,
): { validity: Duration; maxValidity: Duration } {
  const validity = profile.validity === undefined ? deployment : Duration.parse(profile.validity);
  const maxValidity =
    profile.maxValidity !== undefined
      ? Duration.parse(profile.maxValidity)
      : validity.isShorterThan(deployment)
        ? deployment
        : validity;
  return { validity, maxValidity };
}

function assertValidPattern(kind: SanKind, pattern: string): void {
  const problem = patternProblem(kind, pattern);
  if (problem)
    throw new ValidationError('INVALID_PROFILE', `sans.${kind}.patterns: ${JSON.stringify(pattern)} ${problem}`);
}

function patternProblem(kind: SanKind, pattern: string): string | undefined {
  if (kind === 'ip') {
    const ok = IpBlock.tryParse(pattern) !== undefined;
    return ok ? undefined : 'must be a CIDR block such as 10.0.0.0/8 (no wildcard in an IP)';
  }
  if (/\*\*/.test(pattern)) return 'must not have two wildcards in a row';
  if (kind === 'uri' && !/^[a-z][a-z0-9+.-]*:/.test(pattern))
    return 'must be an absolute URI pattern such as spiffe://example.org/ns/*/sa/*';
  if (kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(pattern)) return 'must be an e-mail pattern such as *@example.com';
  if (kind === 'dns' && !/^[A-Za-z0-9_*.-]+$/.test(pattern))
    return 'must be a DNS name pattern such as *.svc.example.com';
  return undefined;
}

/** The certificate's CN for a client of this profile. */
export function profileCommonName(profile: CertificateProfile, clientName: string): string {
  return profile.subject.commonName.split(NAME_PLACEHOLDER).join(clientName);
}

/** Profiles compare by content: a reload of the same file, or a PUT of the same body, decides nothing. */
export function sameProfile(a: CertificateProfile, b: CertificateProfile): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(p: CertificateProfile): unknown {
  const sans = Object.fromEntries(
    SAN_KINDS.filter((k) => p.sans[k]).map((k) => [k, { max: p.sans[k]!.max, patterns: p.sans[k]!.patterns ?? [] }]),
  );
  return { ...p, sans, validity: p.validity ?? null, maxValidity: p.maxValidity ?? null };
}

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}
