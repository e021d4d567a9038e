export * from './certificate-authority.store';
export * from './client-key.vault';
