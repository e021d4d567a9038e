export { x509 } from './crypto-provider';
export { PkiError } from './pki.errors';
export { type CaSigner, cryptoSigningWith, LocalKeySigner } from './ca-signer';
export { ecdsaDerToRaw, ecdsaRawToDer, P256_COORDINATE_SIZE } from './ecdsa-signature-encoding';
export {
  createCertificateAuthority,
  createCertificateAuthorityForKey,
  loadCertificateAuthority,
  loadCertificateAuthorityForKey,
  remainingLife,
  withDistribution,
  distributionExtensions,
  type CaDistribution,
  type CaKeyReference,
  type CertificateAuthorityMaterial,
  type CreateCertificateAuthorityOptions,
  type LoadedCertificateAuthority,
} from './certificate-authority';
export {
  certificateTemplateFor,
  issueClientCertificate,
  issueClientCertificateWithLibrary,
  type IssueClientCertificateInput,
  type IssuedCertificate,
  templateInSlot,
} from './issue-client-certificate';
export {
  issueServerCertificate,
  type IssueServerCertificateInput,
  type IssuedServerCertificate,
} from './issue-server-certificate';
export { FastCertificateTemplate, type CaSigningMaterial, type FastIssueInput } from './fast-certificate-template';
export { templateKey, templateProfileOf, type TemplateProfile } from './profile-encoding';
export { generateSubjectKey, keyTypeOf, subjectPublicKey, type SubjectPublicKey } from './subject-public-key';
export { clientProfileProblems, lintClientCertificate } from './certificate-lint';
export { canonicalIp, isValidHostname, MAX_SANS, readSubjectAltNames, type SubjectAltNames } from './subject-alt-names';
export { generateSerialNumber } from './serial-number';
export { SecretBox } from './secret-box';
export { certificateToPem, parseCertificatePem } from './certificate-pem';
export { exportPrivateKeyPem, generateKeyPair, importPrivateKeyPem, privateKeyPemMatchesCertificate } from './key-pair';
export { parseCertificateSigningRequest, type VerifiedCertificateSigningRequest } from './csr';
export { isSignedByCa, summarizeCertificate, type CertificateSummary } from './certificate-summary';
export { canonicalSerialNumber, isIssuedBy, type RevokedCertificateEntry } from './crl-entry';
export { buildCrl, crlToPem, type BuildCrlInput } from './crl';
export { certIdNamesCa, parseOcspRequest, type OcspQuestion, type ParsedOcspRequest } from './ocsp-request';
export {
  buildOcspResponse,
  ocspErrorResponse,
  type OcspAnswer,
  type OcspCertificateStatus,
  type OcspErrorStatus,
} from './ocsp-response';
export {
  certsOnlyPkcs7,
  csrCommonName,
  csrDerToPem,
  decodeEstBase64,
  encodeEstBase64,
  estCsrAttributes,
} from './est-wire';
export { checkIntermediate, createCaCsr, type InstalledIntermediate } from './intermediate-ca';
