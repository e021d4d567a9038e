import { createHash } from 'node:crypto';
import type { PKCS11 } from 'pkcs11js';
import * as pkcs11js from 'pkcs11js';
import { type CaSigner, ecdsaRawToDer, P256_COORDINATE_SIZE } from '@certplane/pki';
import { Pkcs11Failure, pkcs11Reason } from './pkcs11-failure';

/**
 * Signs as the CA with a key that stays in the token. Each signature takes a session of its own (a PKCS#11
 * session runs one operation at a time) and runs on one of libuv's threads, so as many signatures as there
 * are sessions are made at once, and the event loop goes on meanwhile.
 */
export class Pkcs11Signer implements CaSigner {
  private readonly waiting: ((session: Buffer) => void)[] = [];

  constructor(
    private readonly module: PKCS11,
    private readonly key: Buffer,
    private readonly idle: Buffer[],
  ) {}

  async sign(data: Uint8Array): Promise<Buffer> {
    const session = await this.acquire();
    try {
      // CKM_ECDSA signs a digest, which every token that holds EC keys supports; the hash is made here.
      this.module.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, this.key);
      const digest = createHash('sha256').update(data).digest();
      const raw = await this.module.C_SignAsync(session, digest, Buffer.alloc(2 * P256_COORDINATE_SIZE));
      return ecdsaRawToDer(raw);
    } catch (e) {
      throw new Pkcs11Failure(`the HSM did not sign with the CA key (${pkcs11Reason(e)})`);
    } finally {
      this.release(session);
    }
  }

  private acquire(): Promise<Buffer> {
    const session = this.idle.pop();
    return session ? Promise.resolve(session) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }
}
