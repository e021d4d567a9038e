import { createHash } from 'node:crypto';
import type { PKCS11 } from 'pkcs11js';
import * as pkcs11js from 'pkcs11js';
import { type CaSigner, ecdsaRawToDer, P256_COORDINATE_SIZE } from '@certplane/pki';
import { Pkcs11Failure, pkcs11Reason } from './pkcs11-failure';

/** A fresh start with the token: the CA key's handle and sessions to sign on, logged in. */
export interface Pkcs11SigningSessions {
  key: Buffer;
  sessions: Buffer[];
}

/**
 * Signs as the CA with a key that stays in the token. Each signature takes a session of its own (a PKCS#11
 * session runs one operation at a time) and runs on one of libuv's threads, so as many signatures as there
 * are sessions are made at once, and the event loop goes on meanwhile. When the token fails a signature (it
 * was removed, restarted, or lost its sessions) the signer starts over with it once and tries again; while
 * it stays unavailable every signature fails with a Pkcs11Failure, and callers retry later.
 */
export class Pkcs11Signer implements CaSigner {
  private readonly waiting: ((session: Buffer) => void)[] = [];
  private generation = 0;
  private reopening?: Promise<void>;

  constructor(
    private readonly module: PKCS11,
    private signing: Pkcs11SigningSessions,
    private readonly reopen: () => Promise<Pkcs11SigningSessions>,
    private idle: Buffer[] = [...signing.sessions],
  ) {}

  async sign(data: Uint8Array): Promise<Buffer> {
    // CKM_ECDSA signs a digest, which every token that holds EC keys supports; the hash is made here.
    const digest = createHash('sha256').update(data).digest();
    try {
      return await this.signOnce(digest);
    } catch {
      await this.startOver();
      try {
        return await this.signOnce(digest);
      } catch (e) {
        throw new Pkcs11Failure(`the HSM did not sign with the CA key (${pkcs11Reason(e)})`);
      }
    }
  }

  private async signOnce(digest: Buffer): Promise<Buffer> {
    const generation = this.generation;
    const session = await this.acquire();
    try {
      this.module.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, this.signing.key);
      return ecdsaRawToDer(await this.module.C_SignAsync(session, digest, Buffer.alloc(2 * P256_COORDINATE_SIZE)));
    } finally {
      // A session from before a fresh start is dead; it goes nowhere.
      if (generation === this.generation) this.release(session);
    }
  }

  private startOver(): Promise<void> {
    this.reopening ??= this.reopen()
      .then(
        (signing) => {
          this.signing = signing;
          this.generation++;
          this.idle = [...signing.sessions];
          while (this.waiting.length > 0 && this.idle.length > 0) this.waiting.shift()!(this.idle.pop()!);
        },
        (e: unknown) => {
          throw e instanceof Pkcs11Failure ? e : new Pkcs11Failure(`the HSM is unavailable (${pkcs11Reason(e)})`);
        },
      )
      .finally(() => (this.reopening = undefined));
    return this.reopening;
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
