/** An OCSP request as received (DER), to be answered with a DER OCSPResponse. */
export class AnswerOcspQuery {
  constructor(readonly request: Uint8Array) {}
}
