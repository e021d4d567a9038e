import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkcs11js from 'pkcs11js';
import type { Pkcs11KeySettings } from '@certplane/config';
import { Pkcs11Failure, Pkcs11Token } from '@certplane/vault';
import { softHsmToken, type SoftHsmToken, takeTokenAway } from '../support/softhsm';

jest.setTimeout(60_000);

/** The CA key in a real PKCS#11 token (SoftHSM2): made there, kept there, and everything that can go wrong said plainly. */
describe('the CA key in a PKCS#11 token (SoftHSM2)', () => {
  let hsm: SoftHsmToken;
  let settings: Pkcs11KeySettings;
  const open: Pkcs11Token[] = [];
  const opened = async (s: Pkcs11KeySettings = settings) => {
    const token = await Pkcs11Token.open(s);
    open.push(token);
    return token;
  };

  beforeAll(() => {
    hsm = softHsmToken();
    settings = { module: hsm.module, tokenLabel: hsm.tokenLabel, pinFile: hsm.pinFile, keyLabel: 'ca-key' };
  });
  afterEach(() => open.splice(0).forEach((t) => t.close()));
  afterAll(() => hsm?.remove());

  it('generates a P-256 key that cannot leave the token, finds it again, and signs with it on several sessions at once', async () => {
    const token = await opened();
    expect(await token.findKey()).toBeUndefined();
    const made = await token.generateKey();
    expect(token.privateKeyAttribute(made, pkcs11js.CKA_EXTRACTABLE)).toEqual(Buffer.of(0));
    expect(token.privateKeyAttribute(made, pkcs11js.CKA_SENSITIVE)).toEqual(Buffer.of(1));
    token.close();

    const found = (await (await opened()).findKey())!;
    expect(found.spki.equals(made.spki)).toBe(true);
    const publicKey = createPublicKey({ key: found.spki, format: 'der', type: 'spki' });
    const probes = Array.from({ length: 40 }, () => randomBytes(100));
    const signatures = await Promise.all(probes.map((p) => found.signer.sign(p)));
    probes.forEach((p, i) =>
      expect(verify('sha256', p, { key: publicKey, dsaEncoding: 'der' }, signatures[i])).toBe(true),
    );
    expect(found.signer.localKey).toBeUndefined();
  });

  it('starts over with the token when it loses its sessions, and fails plainly while it cannot', async () => {
    const token = await opened({ ...settings, keyLabel: 'restart' });
    const key = await token.generateKey();
    const publicKey = createPublicKey({ key: key.spki, format: 'der', type: 'spki' });
    const signs = async () => {
      const probe = randomBytes(32);
      return verify('sha256', probe, { key: publicKey, dsaEncoding: 'der' }, await key.signer.sign(probe));
    };
    expect(await signs()).toBe(true);
    const raw = new pkcs11js.PKCS11();
    raw.load(hsm.module);
    const slot = () => raw.C_GetSlotList(true).find((s) => raw.C_GetTokenInfo(s).label.trim() === hsm.tokenLabel)!;

    // What a restarted HSM does to its clients: every session gone, logged out.
    raw.C_CloseAllSessions(slot());
    expect((await Promise.all(Array.from({ length: 8 }, signs))).every(Boolean)).toBe(true);

    // Unavailable (here: the PIN no longer accepted) until it is back; nothing signed meanwhile.
    raw.C_CloseAllSessions(slot());
    writeFileSync(hsm.pinFile, '000000\n');
    const failure = await key.signer.sign(randomBytes(32)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Pkcs11Failure);
    expect((failure as Error).message).toMatch(/CKR_PIN_INCORRECT/);
    writeFileSync(hsm.pinFile, `${hsm.pin}\n`);
    expect(await signs()).toBe(true);
  });

  it('resumes signing once a token that went away is back', async () => {
    const token = await opened({ ...settings, keyLabel: 'away' });
    const key = await token.generateKey();
    expect((await key.signer.sign(randomBytes(32))).length).toBeGreaterThan(0);
    const bringBack = takeTokenAway(hsm);
    try {
      await expect(key.signer.sign(randomBytes(32))).rejects.toBeInstanceOf(Pkcs11Failure);
    } finally {
      bringBack();
    }
    const probe = randomBytes(32);
    const signature = await key.signer.sign(probe);
    expect(
      verify(
        'sha256',
        probe,
        { key: createPublicKey({ key: key.spki, format: 'der', type: 'spki' }), dsaEncoding: 'der' },
        signature,
      ),
    ).toBe(true);
  });

  const refusal = async (s: Pkcs11KeySettings) => {
    const error = await opened(s).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Pkcs11Failure);
    const message = (error as Error).message;
    expect(message).not.toContain(hsm.pin);
    expect(message).not.toContain('\n');
    return message;
  };

  it('says the PIN was refused, without quoting it', async () => {
    const wrong = join(hsm.pinFile, '..', 'wrong-pin');
    writeFileSync(wrong, '000000\n');
    expect(await refusal({ ...settings, pinFile: wrong })).toMatch(
      /PIN in CERTPLANE_CA_PKCS11_PIN_FILE .* was refused \(CKR_PIN_INCORRECT\)/,
    );
  });

  it('names a missing PIN file, a module that does not load and a token that is not there', async () => {
    expect(await refusal({ ...settings, pinFile: '/nonexistent/pin' })).toMatch(
      /cannot read CERTPLANE_CA_PKCS11_PIN_FILE \(\/nonexistent\/pin\): ENOENT/,
    );
    expect(await refusal({ ...settings, module: '/nonexistent/libpkcs11.so' })).toMatch(
      /cannot load the PKCS#11 module in CERTPLANE_CA_PKCS11_MODULE \(\/nonexistent\/libpkcs11.so\)/,
    );
    expect(await refusal({ ...settings, tokenLabel: 'no-such-token' })).toMatch(
      new RegExp(
        `no PKCS#11 token labelled "no-such-token" \\(CERTPLANE_CA_PKCS11_TOKEN_LABEL\\): the tokens present are .*"${hsm.tokenLabel}"`,
      ),
    );
  });

  it('refuses a key of a type the CA cannot sign with, and one that can leave the token', async () => {
    const token = await opened();
    const raw = new pkcs11js.PKCS11();
    raw.load(hsm.module);
    // Already initialised by the token above: this handle shares that module state.
    const slot = raw.C_GetSlotList(true).find((s) => raw.C_GetTokenInfo(s).label.trim() === hsm.tokenLabel)!;
    const session = raw.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    const pair = (label: string, params: Buffer, extractable: boolean) =>
      raw.C_GenerateKeyPair(
        session,
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_EC_PARAMS, value: params },
          { type: pkcs11js.CKA_LABEL, value: label },
        ],
        [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SIGN, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: !extractable },
          { type: pkcs11js.CKA_EXTRACTABLE, value: extractable },
          { type: pkcs11js.CKA_LABEL, value: label },
        ],
      );
    pair('p384', Buffer.from('06052b81040022', 'hex'), false);
    pair('loose', Buffer.from('06082a8648ce3d030107', 'hex'), true);
    raw.C_CloseSession(session);
    token.close();

    expect(
      await opened({ ...settings, keyLabel: 'p384' })
        .then((t) => t.findKey())
        .catch((e: Error) => e.message),
    ).toMatch(/the key labelled "p384" is not an EC P-256 key.*CERTPLANE_CA_PKCS11_KEY_LABEL/);
    expect(
      await opened({ ...settings, keyLabel: 'loose' })
        .then((t) => t.findKey())
        .catch((e: Error) => e.message),
    ).toMatch(/the key labelled "loose" can leave the token/);
  });
});
