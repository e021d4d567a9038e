export class GetCertificateQuery {
  constructor(readonly serialNumber: string) {}
}
