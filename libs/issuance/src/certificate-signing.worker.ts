import { workerData } from 'node:worker_threads';
import { type CaSigningMaterial, FastCertificateTemplate, type FastIssueInput, type IssuedCertificate, PkiError } from '@certplane/pki';

/** A PkiError does not survive the thread boundary as one (structured clone drops its code), so it travels as data. */
export type SigningResult = { issued: IssuedCertificate } | { error: { code: string; message: string } };

// The CA key arrives once, as a KeyObject in workerData, and stays in this thread; it is never logged or sent back.
const template = FastCertificateTemplate.fromSigningMaterial(workerData as CaSigningMaterial);

export default function issueInWorker(input: FastIssueInput): SigningResult {
  try {
    return { issued: template.issue(input) };
  } catch (e) {
    if (e instanceof PkiError) return { error: { code: e.code, message: e.message } };
    throw e;
  }
}
