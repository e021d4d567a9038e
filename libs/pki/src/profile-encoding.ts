import { CertificateProfile, DEFAULT_PROFILE, ExtendedKeyUsage, ExtraRdnType } from '@certplane/domain';
import { derOctetString, derOid, derSequence, derSet, derUtf8String } from './der-writer';

/** What of a profile a certificate template encodes; the SAN rules and CN template are the caller's. */
export type TemplateProfile = Pick<CertificateProfile, 'keyTypes' | 'extendedKeyUsages'> & {
  subject: Pick<CertificateProfile['subject'], 'extra'>;
};

export const EXTENDED_KEY_USAGE_OIDS: Record<ExtendedKeyUsage, string> = {
  clientAuth: '1.3.6.1.5.5.7.3.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};
export const RDN_OIDS: Record<ExtraRdnType | 'CN', string> = {
  ST: '2.5.4.8',
  L: '2.5.4.7',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
};

/** The template of the default profile, the one every caller that names none gets. */
export function templateProfileOf(profile: TemplateProfile = DEFAULT_PROFILE): TemplateProfile {
  return {
    keyTypes: [...profile.keyTypes],
    extendedKeyUsages: [...profile.extendedKeyUsages],
    subject: { extra: profile.subject.extra.map((r) => ({ ...r })) },
  };
}

/** One key per distinct template: two profiles that encode alike share a template. */
export function templateKey(profile: TemplateProfile): string {
  return JSON.stringify(templateProfileOf(profile));
}

export function extendedKeyUsageExtension(usages: readonly ExtendedKeyUsage[]): Buffer {
  return derSequence(
    derOid('2.5.29.37'),
    derOctetString(derSequence(...usages.map((u) => derOid(EXTENDED_KEY_USAGE_OIDS[u])))),
  );
}

/** The RDNs that precede the CN: the profile's extra ones in its order, then the CA's cluster OU. */
export function leadingRdns(profile: TemplateProfile, clusterId: string): Buffer[] {
  return [...profile.subject.extra, { type: 'OU' as const, value: clusterId }].map(({ type, value }) =>
    derSet(derSequence(derOid(RDN_OIDS[type]), derUtf8String(value))),
  );
}
