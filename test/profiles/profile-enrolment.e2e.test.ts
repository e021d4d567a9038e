import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { ERROR, streamCount } from '../clients/client-fixtures';
import { tokenApi } from '../enrolment-tokens/enrolment-token-fixtures';
import { opensslCsr, P256, P384 } from './profile-fixtures';

const run = promisify(execFile);

/** A profile for servers enrolled over EST: P-384 keys only, serverAuth (and clientAuth, to renew over mTLS). */
const EST_SERVER = {
  keyTypes: ['ec-p384'],
  extendedKeyUsages: ['serverAuth', 'clientAuth'],
  sans: {},
  subject: { commonName: '{name}', extra: [{ type: 'O', value: 'Example Servers' }] },
};

/**
 * A token and an EST label naming a profile, as a device and an operator use them: curl for EST, openssl
 * for the keys, the CSRs and reading the certificates. Asynchronous shell: certplane runs in this process.
 */
describe('enrolment tokens and EST labels under a profile (curl and openssl, over HTTPS)', () => {
  let h: Harness;
  let tokens: ReturnType<typeof tokenApi>;
  let dir: string;
  let est: string;
  const sh = async (script: string) => (await run('sh', ['-ec', script], { cwd: dir })).stdout;
  /** `curl` with the CA; the body then the status code on its own line. */
  const curl = async (args: string) => {
    const out = await sh(`curl -sS --max-time 20 --cacert ca.pem -w '\\n%{http_code}' ${args}`);
    const i = out.lastIndexOf('\n');
    return { status: Number(out.slice(i + 1)), body: out.slice(0, i) };
  };
  /** openssl's key and DER CSR for `name`, base64 in <name>.b64 as EST sends it. */
  const estCsr = async (name: string, curve: 'secp384r1' | 'prime256v1') =>
    sh(`openssl ecparam -name ${curve} -genkey -noout -out ${name}.key
openssl req -new -key ${name}.key -subj /CN=${name} -outform DER -out ${name}.csr
openssl base64 -in ${name}.csr -out ${name}.b64`);
  /** The profile the client's ClientEnrolled put it under, from its history. */
  const enrolledProfile = async (id: string) =>
    (await h.call('GET', `/clients/${id}/events`, undefined, bearer(h))).body.events[0].data.profile;
  const codeOf = (answer: { status: number; body: string }) => [answer.status, JSON.parse(answer.body).code];

  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '50' } });
    tokens = tokenApi(h);
    dir = mkdtempSync(join(tmpdir(), 'cp-profile-enrol-'));
    writeFileSync(join(dir, 'ca.pem'), (await h.call('GET', '/pki/ca')).text);
    est = `${h.tlsUrl}/.well-known/est`;
    expect((await h.call('POST', '/profiles', { name: 'est-server', ...EST_SERVER }, bearer(h))).status).toBe(201);
  });
  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a token records the profile it names, and refuses an unknown one with nothing recorded', async () => {
    const created = await tokens.create({ namePattern: 'srv-*', profile: 'est-server', uses: 10 });
    expect(created.status).toBe(201);
    expect(created.body.profile).toBe('est-server');
    expect((await tokens.list()).body.find((t: { id: string }) => t.id === created.body.id).profile).toBe('est-server');
    const before = await streamCount(h);
    expect((await tokens.create({ name: 'x', profile: 'nope' })).body).toEqual(ERROR(400, 'UNKNOWN_PROFILE'));
    expect((await tokens.create({ name: 'x', profile: 42 })).body).toEqual(ERROR(400, 'UNKNOWN_PROFILE'));
    // A SAN the profile does not allow would fail every use of the token.
    expect((await tokens.create({ name: 'x', hostname: 'x.example.com', profile: 'est-server' })).body).toEqual(
      ERROR(400, 'SAN_KIND_NOT_ALLOWED'),
    );
    expect(await streamCount(h)).toBe(before);
  });

  it('EST simpleenroll under a serverAuth/P-384 label: openssl x509 -text shows the key type and usage, and it verifies as a server', async () => {
    const { body: t } = await tokens.create({ namePattern: 'srv-*', profile: 'est-server' });
    await estCsr('srv-1', 'secp384r1');
    const answer = await curl(
      `-u srv-1:${t.token} -H 'Content-Type: application/pkcs10' --data-binary @srv-1.b64 -o srv-1.p7.b64 ${est}/est-server/simpleenroll`,
    );
    expect(answer.status).toBe(200);
    await sh(`openssl base64 -d -in srv-1.p7.b64 | openssl pkcs7 -inform DER -print_certs -out srv-1.crt`);
    const text = await sh(`openssl x509 -in srv-1.crt -noout -text`);
    expect(text).toContain('ASN1 OID: secp384r1');
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toMatch(/Subject: O\s?=\s?Example Servers, OU\s?=\s?[^,]+, CN\s?=\s?srv-1/);
    expect(await sh(`openssl verify -CAfile ca.pem -purpose sslserver srv-1.crt`)).toContain('srv-1.crt: OK');
    const [client] = (await h.call('GET', '/clients?name=srv-1', undefined, bearer(h))).body.items;
    expect(await enrolledProfile(client.id)).toBe('est-server');
  });

  it('without a label the token names the profile; POST /enrol too', async () => {
    const { body: t } = await tokens.create({ namePattern: 'srv-*', profile: 'est-server', uses: 3 });
    await estCsr('srv-2', 'secp384r1');
    expect((await curl(`-u d:${t.token} --data-binary @srv-2.b64 -o srv-2.p7.b64 ${est}/simpleenroll`)).status).toBe(
      200,
    );
    expect(
      await sh(
        `openssl base64 -d -in srv-2.p7.b64 | openssl pkcs7 -inform DER -print_certs | openssl x509 -noout -text`,
      ),
    ).toContain('ASN1 OID: secp384r1');
    const enrolled = await tokens.enrol(t.token, { name: 'srv-3', csr: opensslCsr(dir, 'srv-3', P384).pem });
    expect(enrolled.status).toBe(201);
    expect(await enrolledProfile(enrolled.body.id)).toBe('est-server');
    // The token's profile holds the CSR's key type as it holds a client's.
    expect((await tokens.enrol(t.token, { name: 'srv-4', csr: opensslCsr(dir, 'srv-4', P256).pem })).body).toEqual(
      ERROR(400, 'KEY_TYPE_NOT_ALLOWED'),
    );
  });

  it('an unknown label is 404 PROFILE_NOT_FOUND; a label the token does not name is 403; nothing is recorded', async () => {
    const { body: plain } = await tokens.create({ namePattern: 'dev-*' });
    const { body: server } = await tokens.create({ namePattern: 'srv-*', profile: 'est-server' });
    await estCsr('dev-1', 'prime256v1');
    await estCsr('srv-9', 'secp384r1');
    const before = await h.store.count();
    expect(codeOf(await curl(`${est}/nope/cacerts`))).toEqual([404, 'PROFILE_NOT_FOUND']);
    expect(codeOf(await curl(`-u d:${plain.token} --data-binary @dev-1.b64 ${est}/nope/simpleenroll`))).toEqual([
      404,
      'PROFILE_NOT_FOUND',
    ]);
    expect(codeOf(await curl(`--data-binary @dev-1.b64 ${est}/nope/simplereenroll`))).toEqual([
      404,
      'PROFILE_NOT_FOUND',
    ]);
    expect(codeOf(await curl(`-u d:${plain.token} --data-binary @dev-1.b64 ${est}/est-server/simpleenroll`))).toEqual([
      403,
      'ENROLMENT_TOKEN_NOT_ALLOWED',
    ]);
    expect(codeOf(await curl(`-u d:${server.token} --data-binary @srv-9.b64 ${est}/default/simpleenroll`))).toEqual([
      403,
      'ENROLMENT_TOKEN_NOT_ALLOWED',
    ]);
    expect(await h.store.count()).toBe(before);
    // A repeat of an enrolment (same token, same CSR) under another label is refused too.
    expect((await curl(`-u d:${server.token} --data-binary @srv-9.b64 ${est}/est-server/simpleenroll`)).status).toBe(
      200,
    );
    expect(codeOf(await curl(`-u d:${server.token} --data-binary @srv-9.b64 ${est}/default/simpleenroll`))).toEqual([
      403,
      'ENROLMENT_TOKEN_NOT_ALLOWED',
    ]);
    // The default token under the `default` label, and labelled cacerts, answer as without one.
    expect((await curl(`-u d:${plain.token} --data-binary @dev-1.b64 ${est}/default/simpleenroll`)).status).toBe(200);
    expect((await curl(`-o labelled.b64 ${est}/est-server/cacerts`)).status).toBe(200);
    expect((await curl(`-o plain.b64 ${est}/cacerts`)).status).toBe(200);
    expect(await sh(`cmp labelled.b64 plain.b64 && echo same`)).toContain('same');
    // csrattrs under a label asks for the profile's key type.
    const attrs = await sh(
      `curl -sS --cacert ca.pem ${est}/est-server/csrattrs | openssl base64 -d | openssl asn1parse -inform DER`,
    );
    expect(attrs).toContain('ecdsa-with-SHA384');
    expect(attrs).toContain('secp384r1');
    expect(codeOf(await curl(`${est}/nope/csrattrs`))).toEqual([404, 'PROFILE_NOT_FOUND']);
  });

  it("simplereenroll under the client's own label renews; under another it is refused with PROFILE_MISMATCH", async () => {
    await sh(`openssl ecparam -name secp384r1 -genkey -noout -out srv-1b.key
openssl req -new -key srv-1b.key -subj /CN=srv-1 -outform DER -out srv-1b.csr
openssl base64 -in srv-1b.csr -out srv-1b.b64`);
    const before = await h.store.count();
    expect(
      codeOf(await curl(`--cert srv-1.crt --key srv-1.key --data-binary @srv-1b.b64 ${est}/default/simplereenroll`)),
    ).toEqual([400, 'PROFILE_MISMATCH']);
    expect(await h.store.count()).toBe(before);
    const renewed = await curl(
      `--cert srv-1.crt --key srv-1.key --data-binary @srv-1b.b64 -o srv-1b.p7.b64 ${est}/est-server/simplereenroll`,
    );
    expect(renewed.status).toBe(200);
    const out = await sh(`openssl base64 -d -in srv-1b.p7.b64 | openssl pkcs7 -inform DER -print_certs -out srv-1b.crt
openssl x509 -in srv-1b.crt -noout -pubkey | openssl sha256
openssl pkey -in srv-1b.key -pubout | openssl sha256
openssl x509 -in srv-1b.crt -noout -text`);
    const [certKey, key] = out.trim().split('\n');
    expect(certKey).toBe(key);
    expect(out).toContain('TLS Web Server Authentication');
  });
});
