/** The CA chain in PEM, what relying parties install to trust certplane's certificates. */
export class GetCaChainQuery {}
