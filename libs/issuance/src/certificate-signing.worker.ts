import { workerData } from 'node:worker_threads';
import {
  type CaSigningMaterial,
  FastCertificateTemplate,
  type FastIssueInput,
  type IssuedCertificate,
  PkiError,
  templateInSlot,
} from '@certplane/pki';

/** A PkiError does not survive the thread boundary as one (structured clone drops its code), so it travels as data. */
export type SigningResult = { issued: IssuedCertificate } | { error: { code: string; message: string } };

// The CA key arrives once, as a KeyObject in workerData, and stays in this thread; it is never logged or sent back.
const material = workerData as CaSigningMaterial;
// One template per profile, following its changes as on the main thread (which proved each against the lint before sending work for it).
const templates = new Map<string, { key: string; template: FastCertificateTemplate }>();

function templateFor(input: FastIssueInput): FastCertificateTemplate {
  return templateInSlot(templates, input.profile, input.profileName, (profile) =>
    FastCertificateTemplate.fromSigningMaterial(material, profile),
  );
}

/** A batch per task: one message each way carries many certificates, which is what makes the pool pay. */
export default function issueInWorker(inputs: FastIssueInput[]): SigningResult[] {
  return inputs.map((input) => {
    try {
      return { issued: templateFor(input).issue(input) };
    } catch (e) {
      if (e instanceof PkiError) return { error: { code: e.code, message: e.message } };
      throw e;
    }
  });
}
