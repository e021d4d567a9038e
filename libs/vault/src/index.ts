export * from './certificate-authority.store';
export * from './client-key.vault';
export * from './certificate-authority-chain';
export * from './crl.store';
export * from './pkcs11-failure';
export * from './pkcs11-token';
export * from './tunnel-token.vault';
