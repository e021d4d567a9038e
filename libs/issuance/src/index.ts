export * from './issuance.module';
export * from './issue-certificate.handler';
export * from './revoke-certificates.handler';
export * from './client-lifecycle.consumer';
export * from './certificate-signer';
export * from './issuance-reconciler';
