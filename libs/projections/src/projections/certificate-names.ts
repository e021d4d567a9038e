import { X509Certificate } from 'node:crypto';
import { parseCertificatePem, summarizeCertificate, type SubjectAltNames } from '@certplane/pki';

export interface CertificateNames {
  commonName: string | null;
  subjectAltNames: SubjectAltNames;
}

/**
 * The CN and SANs the inventory shows: those CertificateIssued carries when its issuer wrote them
 * (since they were added to it), otherwise read from the certificate itself.
 */
export function issuedCertificateNames(d: {
  certificatePem: string;
  commonName?: string;
  ips?: string[];
  hostnames?: string[];
}): CertificateNames {
  if (d.commonName !== undefined && d.ips !== undefined && d.hostnames !== undefined)
    return { commonName: d.commonName, subjectAltNames: { ips: d.ips, hostnames: d.hostnames } };
  return certificateNames(d.certificatePem);
}

/**
 * The CN and SANs the inventory shows, as summarizeCertificate reads them. Node's native parser is
 * about ten times cheaper than @peculiar/x509's ASN.1 code, which made this the projector's biggest
 * cost; its text forms are used only when they cannot be misread (no escaped or quoted values, no
 * multi-valued names, no IPv6, which node prints uncompressed), and @peculiar decides otherwise.
 */
export function certificateNames(pem: string): CertificateNames {
  let fast: CertificateNames | undefined;
  try {
    const cert = new X509Certificate(pem);
    fast = fromNodeText(cert.subject, cert.subjectAltName);
  } catch {
    // The strict parser below gives the error.
  }
  if (fast) return fast;
  const { commonName, subjectAltNames } = summarizeCertificate(parseCertificatePem(pem));
  return { commonName, subjectAltNames };
}

const AMBIGUOUS = /["\\+]/;

function fromNodeText(subject: string, subjectAltName: string | undefined): CertificateNames | undefined {
  if (AMBIGUOUS.test(subject) || (subjectAltName !== undefined && AMBIGUOUS.test(subjectAltName))) return undefined;
  const cn = subject.split('\n').find((line) => line.startsWith('CN='));
  const names: SubjectAltNames = { ips: [], hostnames: [] };
  for (const entry of subjectAltName ? subjectAltName.split(', ') : []) {
    if (entry.startsWith('DNS:')) names.hostnames.push(entry.slice(4));
    else if (entry.startsWith('IP Address:')) {
      const ip = entry.slice(11);
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return undefined;
      names.ips.push(ip);
    }
  }
  return { commonName: cn === undefined ? null : cn.slice(3), subjectAltNames: names };
}
