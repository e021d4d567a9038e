// @peculiar/x509 resolves its algorithm registry through tsyringe, which refuses to load without the
// Reflect metadata polyfill, so it has to be imported before the library itself.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

// Every module in libs/pki imports x509 from here rather than from the package, so the provider is
// registered before first use no matter which file a caller (or a spec) loads first.
x509.cryptoProvider.set(webcrypto);

export { x509 };
export type CryptoKey = webcrypto.CryptoKey;
