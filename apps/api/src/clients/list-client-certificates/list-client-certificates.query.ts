export class ListClientCertificatesQuery {
  constructor(readonly clientId: string) {}
}
