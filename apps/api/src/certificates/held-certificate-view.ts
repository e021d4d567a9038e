import { Client } from '@certplane/domain';
import { certificateView, CertificateView } from '../clients/client-view';

/** A certificate as revoke and release answer it: as the client API shows certificates, with the client holding it. */
export interface HeldCertificateView extends CertificateView {
  client_id: string;
}

export function heldCertificateView(
  client: Client,
  serialNumber: string,
  at: Date,
  actor?: string,
): HeldCertificateView {
  const cert = client.certificates.find((c) => c.serialNumber === serialNumber)!;
  return { ...certificateView(cert, at, actor), client_id: client.id };
}
