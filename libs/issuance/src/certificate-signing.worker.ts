import { workerData } from 'node:worker_threads';
import { type CaSigningMaterial, FastCertificateTemplate, type FastIssueInput, type IssuedCertificate, PkiError } from '@certplane/pki';

/** A PkiError does not survive the thread boundary as one (structured clone drops its code), so it travels as data. */
export type SigningResult = { issued: IssuedCertificate } | { error: { code: string; message: string } };

// The CA key arrives once, as a KeyObject in workerData, and stays in this thread; it is never logged or sent back.
const template = FastCertificateTemplate.fromSigningMaterial(workerData as CaSigningMaterial);

/** A batch per task: one message each way carries many certificates, which is what makes the pool pay. */
export default function issueInWorker(inputs: FastIssueInput[]): SigningResult[] {
  return inputs.map((input) => {
    try {
      return { issued: template.issue(input) };
    } catch (e) {
      if (e instanceof PkiError) return { error: { code: e.code, message: e.message } };
      throw e;
    }
  });
}
