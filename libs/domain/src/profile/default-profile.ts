import { CertificateProfile } from './certificate-profile';

export const DEFAULT_PROFILE_NAME = 'default';

/**
 * Today's certificate: a P-256 key, clientAuth only, CN user-<name> under the cluster OU, and at most
 * one SAN, the client's ip or hostname. Issuing under it is byte for byte what certplane issued before
 * profiles existed; it cannot be changed or deleted, only used.
 */
export const DEFAULT_PROFILE: CertificateProfile = Object.freeze({
  keyTypes: ['ec-p256'],
  extendedKeyUsages: ['clientAuth'],
  sans: { dns: { max: 1 }, ip: { max: 1 } },
  subject: { commonName: 'user-{name}', extra: [] },
}) as CertificateProfile;
