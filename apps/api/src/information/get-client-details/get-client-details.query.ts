export class GetClientDetailsQuery {
  /** The details secret from the URL, as enrol answered it. */
  constructor(readonly detailsSecret: string) {}
}
