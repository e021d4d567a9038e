import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as pkcs11js from 'pkcs11js';
import type { Pkcs11KeySettings } from '@certplane/config';
import type { CaKeyReference } from '@certplane/pki';
import { Pkcs11Failure, pkcs11Reason } from './pkcs11-failure';
import { Pkcs11Signer, type Pkcs11SigningSessions } from './pkcs11-signer';

// The DER OID of prime256v1, as CKA_EC_PARAMS holds it.
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
// SubjectPublicKeyInfo up to the BIT STRING's content: id-ecPublicKey, prime256v1, 66 octets (0 unused bits, then the 65-octet point).
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

interface LoadedModule {
  pkcs11: pkcs11js.PKCS11;
  users: number;
}

// A module is loaded and initialised once per process however many tokens of it are open: C_Initialize may be
// called only once until C_Finalize.
const modules = new Map<string, LoadedModule>();

/**
 * The token that holds the CA key, logged in as its user. It finds the key by label, or makes one that never
 * leaves it (CKA_SENSITIVE, not CKA_EXTRACTABLE), and hands out a signer over a pool of sessions.
 */
export class Pkcs11Token {
  private readonly sessions: Buffer[] = [];
  private closed = false;

  private constructor(
    private readonly settings: Pkcs11KeySettings,
    private readonly module: LoadedModule,
    private slot: Buffer,
  ) {}

  static async open(settings: Pkcs11KeySettings): Promise<Pkcs11Token> {
    const pin = await readPin(settings.pinFile);
    const module = loadModule(settings.module);
    let token: Pkcs11Token | undefined;
    try {
      token = new Pkcs11Token(settings, module, findSlot(module.pkcs11, settings.tokenLabel));
      token.login(pin);
      return token;
    } catch (e) {
      if (token) token.close();
      else releaseModule(settings.module, module);
      throw e;
    }
  }

  private get pkcs11(): pkcs11js.PKCS11 {
    return this.module.pkcs11;
  }

  /** The CA key pair under the configured label, checked to be one certplane can sign with; undefined when there is none. */
  async findKey(): Promise<CaKeyReferenceWithHandles | undefined> {
    const session = this.session();
    const [privateKey, ...more] = this.find(session, pkcs11js.CKO_PRIVATE_KEY);
    if (!privateKey) return undefined;
    if (more.length > 0)
      throw this.failure(
        `token holds ${more.length + 1} private keys labelled "${this.settings.keyLabel}"; the CA key's label must name one`,
      );
    const [type, params, extractable, sensitive] = this.pkcs11.C_GetAttributeValue(session, privateKey, [
      { type: pkcs11js.CKA_KEY_TYPE },
      { type: pkcs11js.CKA_EC_PARAMS },
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_SENSITIVE },
    ]);
    if ((type.value as Buffer).readUInt32LE(0) !== pkcs11js.CKK_EC || !(params.value as Buffer).equals(P256_PARAMS)) {
      throw this.failure(
        `the key labelled "${this.settings.keyLabel}" is not an EC P-256 key, and certplane's CA signs with ECDSA P-256: choose another CERTPLANE_CA_PKCS11_KEY_LABEL`,
      );
    }
    if (isTrue(extractable.value) || !isTrue(sensitive.value)) {
      throw this.failure(
        `the key labelled "${this.settings.keyLabel}" can leave the token (CKA_EXTRACTABLE true or CKA_SENSITIVE false): certplane signs only with a CA key that cannot`,
      );
    }
    const [publicKey] = this.find(session, pkcs11js.CKO_PUBLIC_KEY);
    if (!publicKey)
      throw this.failure(
        `the token holds no public key labelled "${this.settings.keyLabel}" beside the private key; certplane reads the CA's public key from it`,
      );
    return await this.reference(privateKey, publicKey);
  }

  /** A new P-256 key pair in the token, under the configured label; the private half never leaves it. */
  async generateKey(): Promise<CaKeyReferenceWithHandles> {
    const label = { type: pkcs11js.CKA_LABEL, value: this.settings.keyLabel };
    let keys: pkcs11js.KeyPair;
    try {
      keys = this.pkcs11.C_GenerateKeyPair(
        this.session(),
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_VERIFY, value: true },
          { type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS },
          label,
        ],
        [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          label,
        ],
      );
    } catch (e) {
      throw this.failure(
        `could not generate an EC P-256 key labelled "${this.settings.keyLabel}" (${pkcs11Reason(e)})`,
      );
    }
    return this.reference(keys.privateKey, keys.publicKey);
  }

  /** A private key attribute as the token reports it: what a test checks the CA key cannot leave by. */
  privateKeyAttribute(key: CaKeyReferenceWithHandles, attribute: number): Buffer {
    return this.pkcs11.C_GetAttributeValue(this.session(), key.privateKeyHandle, [{ type: attribute }])[0]
      .value as Buffer;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeSessions();
    releaseModule(this.settings.module, this.module);
  }

  private async reference(privateKey: Buffer, publicKey: Buffer): Promise<CaKeyReferenceWithHandles> {
    const [point] = this.pkcs11.C_GetAttributeValue(this.session(), publicKey, [{ type: pkcs11js.CKA_EC_POINT }]);
    const spki = Buffer.concat([P256_SPKI_PREFIX, ecPoint(point.value as Buffer)]);
    const signer = new Pkcs11Signer(this.pkcs11, { key: privateKey, sessions: this.signingSessions() }, () =>
      this.startOver(),
    );
    const publicCryptoKey = await webcrypto.subtle.importKey(
      'spki',
      spki,
      { name: 'ECDSA', namedCurve: 'P-256' },
      true,
      ['verify'],
    );
    return { signer, publicKey: publicCryptoKey, privateKeyHandle: privateKey, spki };
  }

  /** Sessions of a signer's own, apart from the one finds and reads use: a session runs one operation at a time. */
  private signingSessions(): Buffer[] {
    return Array.from({ length: Math.max(1, availableParallelism()) }, () => this.openSession());
  }

  /**
   * After the token failed: every session again, from finding the token by label and logging in (the PIN file
   * is read again); when that fails too, from initialising the module again, as some modules (SoftHSM2 among
   * them) need before they see a token that was away.
   */
  private async startOver(): Promise<Pkcs11SigningSessions> {
    if (this.closed) throw this.failure('closed');
    try {
      return await this.reconnect();
    } catch {
      this.closeSessions();
      reinitialise(this.module.pkcs11, this.settings.module);
      return await this.reconnect();
    }
  }

  private async reconnect(): Promise<Pkcs11SigningSessions> {
    this.closeSessions();
    const pin = await readPin(this.settings.pinFile);
    this.slot = findSlot(this.pkcs11, this.settings.tokenLabel);
    this.login(pin);
    const [key] = this.find(this.session(), pkcs11js.CKO_PRIVATE_KEY);
    if (!key) throw this.failure(`the CA key labelled "${this.settings.keyLabel}" is no longer there`);
    return { key, sessions: this.signingSessions() };
  }

  private closeSessions(): void {
    for (const session of this.sessions.splice(0)) {
      try {
        this.pkcs11.C_CloseSession(session);
      } catch {
        // The token may be gone, and its sessions with it.
      }
    }
  }

  private find(session: Buffer, keyClass: number): Buffer[] {
    this.pkcs11.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: keyClass },
      { type: pkcs11js.CKA_LABEL, value: this.settings.keyLabel },
    ]);
    try {
      return this.pkcs11.C_FindObjects(session, 8);
    } finally {
      this.pkcs11.C_FindObjectsFinal(session);
    }
  }

  private login(pin: string): void {
    const session = this.openSession();
    try {
      this.pkcs11.C_Login(session, pkcs11js.CKU_USER, pin);
    } catch (e) {
      const reason = pkcs11Reason(e);
      if (reason === 'CKR_USER_ALREADY_LOGGED_IN') return;
      if (reason === 'CKR_PIN_INCORRECT' || reason === 'CKR_PIN_LEN_RANGE' || reason === 'CKR_PIN_INVALID') {
        throw this.failure(
          `the PIN in CERTPLANE_CA_PKCS11_PIN_FILE (${this.settings.pinFile}) was refused (${reason})`,
        );
      }
      throw this.failure(`could not log in (${reason})`);
    }
  }

  private session(): Buffer {
    return this.sessions[0] ?? this.openSession();
  }

  private openSession(): Buffer {
    const session = this.pkcs11.C_OpenSession(this.slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    this.sessions.push(session);
    return session;
  }

  private failure(message: string): Pkcs11Failure {
    return new Pkcs11Failure(`PKCS#11 token "${this.settings.tokenLabel}": ${message}`);
  }
}

export interface CaKeyReferenceWithHandles extends CaKeyReference {
  readonly privateKeyHandle: Buffer;
  /** SubjectPublicKeyInfo DER of the public half */
  readonly spki: Buffer;
}

async function readPin(pinFile: string): Promise<string> {
  try {
    // A trailing newline is what `echo` leaves; PINs do not end in one.
    return (await readFile(pinFile, 'utf8')).replace(/\r?\n$/, '');
  } catch (e) {
    throw new Pkcs11Failure(
      `cannot read CERTPLANE_CA_PKCS11_PIN_FILE (${pinFile}): ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
}

function loadModule(path: string): LoadedModule {
  const loaded = modules.get(path);
  if (loaded) {
    loaded.users++;
    return loaded;
  }
  const pkcs11 = new pkcs11js.PKCS11();
  try {
    pkcs11.load(path);
  } catch (e) {
    throw new Pkcs11Failure(
      `cannot load the PKCS#11 module in CERTPLANE_CA_PKCS11_MODULE (${path}): ${pkcs11Reason(e)}`,
    );
  }
  initialise(pkcs11, path);
  const module = { pkcs11, users: 1 };
  modules.set(path, module);
  return module;
}

function initialise(pkcs11: pkcs11js.PKCS11, path: string): void {
  try {
    // Signatures run on libuv's threads, several at once: the module must lock for itself.
    pkcs11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (pkcs11Reason(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED')
      throw new Pkcs11Failure(`the PKCS#11 module ${path} did not initialise (${pkcs11Reason(e)})`);
  }
}

function reinitialise(pkcs11: pkcs11js.PKCS11, path: string): void {
  try {
    pkcs11.C_Finalize();
  } catch {
    // Finalising a module that lost its device may fail; initialising it again is what matters.
  }
  initialise(pkcs11, path);
}

function releaseModule(path: string, module: LoadedModule): void {
  if (--module.users > 0) return;
  modules.delete(path);
  try {
    module.pkcs11.C_Finalize();
  } catch {
    // Nothing more can be done with a module that will not finalise.
  }
}

function findSlot(pkcs11: pkcs11js.PKCS11, label: string): Buffer {
  const labels: string[] = [];
  for (const slot of pkcs11.C_GetSlotList(true)) {
    const tokenLabel = pkcs11.C_GetTokenInfo(slot).label.trim();
    if (tokenLabel === label) return slot;
    if (tokenLabel) labels.push(`"${tokenLabel}"`);
  }
  const present = labels.length > 0 ? `the tokens present are ${labels.join(', ')}` : 'no initialised token is present';
  throw new Pkcs11Failure(`no PKCS#11 token labelled "${label}" (CERTPLANE_CA_PKCS11_TOKEN_LABEL): ${present}`);
}

/** CKA_EC_POINT is the uncompressed point wrapped in a DER OCTET STRING (some tokens give it bare). */
function ecPoint(value: Buffer): Buffer {
  if (value.length === 67 && value[0] === 0x04 && value[1] === 65) return value.subarray(2);
  if (value.length === 65 && value[0] === 0x04) return value;
  throw new Pkcs11Failure('the CA public key in the token is not an uncompressed P-256 point');
}

function isTrue(value: unknown): boolean {
  return Buffer.isBuffer(value) ? value.some((b) => b !== 0) : value === true;
}
