import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where Debian's softhsm2 puts its PKCS#11 module (amd64 and arm64 builds differ). */
const MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
];

export interface SoftHsmToken {
  module: string;
  tokenLabel: string;
  pin: string;
  pinFile: string;
  /** The SOFTHSM2_CONF naming the store the token is in */
  conf: string;
  /** The CERTPLANE_CA_PKCS11_* settings for this token */
  env: Record<string, string>;
  remove(): void;
}

export function softHsmModule(): string | undefined {
  return MODULE_CANDIDATES.find((path) => existsSync(path));
}

/**
 * A SoftHSM2 token store in a directory of its own; returns its SOFTHSM2_CONF. The module reads that variable
 * from the real environment when it initialises, which a Jest sandbox cannot change: global-setup makes one
 * store for the run before the workers start, and each test file makes its own token in it.
 */
export function softHsmStore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-softhsm-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  return conf;
}

/**
 * A fresh token with a random label and user PIN (in a file, as certplane reads it) in this run's store, or in
 * the store `conf` names (processes of their own read it from their SOFTHSM2_CONF).
 */
export function softHsmToken(conf = process.env.SOFTHSM2_CONF): SoftHsmToken {
  const module = softHsmModule();
  if (!module || !conf)
    throw new Error('SoftHSM2 is not installed: `bash .ci/services` installs it (Debian package softhsm2)');
  const tokenLabel = `cp-${randomBytes(6).toString('hex')}`;
  const pin = randomBytes(6).toString('hex');
  const pinFile = join(mkdtempSync(join(tmpdir(), 'cp-pin-')), 'pin');
  writeFileSync(pinFile, `${pin}\n`, { mode: 0o600 });
  const util = (args: string[]) =>
    execFileSync('softhsm2-util', args, { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'pipe' });
  util(['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', randomBytes(6).toString('hex')]);
  return {
    module,
    tokenLabel,
    pin,
    pinFile,
    conf,
    env: {
      CERTPLANE_CA_PKCS11_MODULE: module,
      CERTPLANE_CA_PKCS11_TOKEN_LABEL: tokenLabel,
      CERTPLANE_CA_PKCS11_PIN_FILE: pinFile,
    },
    remove: () => {
      util(['--delete-token', '--token', tokenLabel]);
      rmSync(join(pinFile, '..'), { recursive: true, force: true });
    },
  };
}

/**
 * Makes the token unavailable the way a network HSM dropping off does, as far as SoftHSM2 shows it: its
 * directory leaves the store, so every process using it fails to sign (CKR_… errors) until it is back, and
 * then signs again once it has initialised the module anew. Returns what brings it back.
 */
export function takeTokenAway(token: Pick<SoftHsmToken, 'conf' | 'tokenLabel'>): () => void {
  const tokens = join(dirname(token.conf), 'tokens');
  const dir = readdirSync(tokens).find((d) => readFileSync(join(tokens, d, 'token.object')).includes(token.tokenLabel));
  if (!dir) throw new Error(`no SoftHSM2 token labelled ${token.tokenLabel} in ${tokens}`);
  const away = join(tokens, '..', `away-${dir}`);
  renameSync(join(tokens, dir), away);
  return () => renameSync(away, join(tokens, dir));
}
