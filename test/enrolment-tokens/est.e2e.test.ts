import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Harness, startCertplane } from '../support/certplane-harness';
import { makeCsr } from '../clients/client-fixtures';
import { tokenApi } from './enrolment-token-fixtures';

const run = promisify(execFile);

/**
 * EST as RFC 7030's examples run it: curl for the HTTPS requests, openssl for the key, the CSR and
 * reading the PKCS#7 answers. Asynchronous shell: certplane runs in this very process.
 */
describe('EST (RFC 7030) with curl and openssl, over HTTPS', () => {
  let h: Harness;
  let api: ReturnType<typeof tokenApi>;
  let dir: string;
  let est: string;
  const sh = async (script: string) => (await run('sh', ['-ec', script], { cwd: dir })).stdout;
  /** `curl` with the CA; prints the body then the status code on its own line. */
  const curl = async (args: string) => {
    const out = await sh(`curl -sS --max-time 20 --cacert ca.pem -w '\\n%{http_code}' ${args}`);
    const i = out.lastIndexOf('\n');
    return { status: Number(out.slice(i + 1)), body: out.slice(0, i) };
  };

  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '50' } });
    api = tokenApi(h);
    dir = mkdtempSync(join(tmpdir(), 'cp-est-'));
    writeFileSync(join(dir, 'ca.pem'), (await h.call('GET', '/pki/ca')).text);
    est = `${h.tlsUrl}/.well-known/est`;
  });
  afterAll(() => h.stop());

  it('cacerts: a base64 certs-only PKCS#7 that openssl pkcs7 -print_certs reads as the CA chain', async () => {
    await sh(`curl -sS --cacert ca.pem -D cacerts.headers -o cacerts.b64 ${est}/cacerts`);
    expect(readFileSync(join(dir, 'cacerts.headers'), 'utf8')).toMatch(
      /^content-type: application\/pkcs7-mime; smime-type=certs-only\r?$/im,
    );
    expect(readFileSync(join(dir, 'cacerts.headers'), 'utf8')).toMatch(/^content-transfer-encoding: base64\r?$/im);
    const printed = await sh(
      `openssl base64 -d -in cacerts.b64 | openssl pkcs7 -inform DER -print_certs -out cacerts.pem && openssl x509 -in cacerts.pem -noout -fingerprint -sha256 && openssl x509 -in ca.pem -noout -fingerprint -sha256`,
    );
    const [served, expected] = printed.trim().split('\n');
    expect(served).toBe(expected);
  });

  it('csrattrs: asks for a P-256 key and ecdsa-with-SHA256', async () => {
    const parsed = await sh(
      `curl -sS --cacert ca.pem ${est}/csrattrs | openssl base64 -d | openssl asn1parse -inform DER`,
    );
    expect(parsed).toContain('ecdsa-with-SHA256');
    expect(parsed).toContain('id-ecPublicKey');
    expect(parsed).toContain('prime256v1');
  });

  it('simpleenroll: openssl makes the key and CSR, curl sends it with the token as the Basic password, openssl verifies the certificate', async () => {
    const { body: t } = await api.create({ namePattern: 'est-*', tags: ['est'] });
    await sh(`openssl ecparam -name prime256v1 -genkey -noout -out device.key
openssl req -new -key device.key -subj /CN=est-device-1 -outform DER -out device.csr
openssl base64 -in device.csr -out device.b64`);
    const answer = await curl(
      `-u est-device-1:${t.token} -H 'Content-Type: application/pkcs10' --data-binary @device.b64 -D enroll.headers -o enroll.b64 ${est}/simpleenroll`,
    );
    expect(answer.status).toBe(200);
    expect(readFileSync(join(dir, 'enroll.headers'), 'utf8')).toMatch(
      /^content-type: application\/pkcs7-mime; smime-type=certs-only\r?$/im,
    );
    const out = await sh(`openssl base64 -d -in enroll.b64 | openssl pkcs7 -inform DER -print_certs -out device.crt
openssl verify -CAfile ca.pem device.crt
openssl x509 -in device.crt -noout -subject
openssl x509 -in device.crt -noout -pubkey | openssl sha256
openssl pkey -in device.key -pubout | openssl sha256`);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('device.crt: OK');
    expect(lines[1]).toMatch(/CN = user-est-device-1/);
    // The certificate is for the device's own key: the server never made one.
    expect(lines[2]).toBe(lines[3]);
    const clients = await h.call('GET', '/clients?name=est-device-1', undefined, {
      authorization: `Bearer ${h.token}`,
    });
    expect(clients.body.items).toEqual([expect.objectContaining({ name: 'est-device-1', tags: ['est'] })]);
  });

  it('simplereenroll: the client certificate asks, over TLS, for a certificate of a new key; the old one is revoked as superseded', async () => {
    const oldSerial = (await sh(`openssl x509 -in device.crt -noout -serial`))
      .trim()
      .replace(/^serial=/, '')
      .toLowerCase();
    await sh(`openssl ecparam -name prime256v1 -genkey -noout -out device2.key
openssl req -new -key device2.key -subj /CN=est-device-1 -outform DER -out device2.csr
openssl base64 -in device2.csr -out device2.b64`);
    const answer = await curl(
      `--cert device.crt --key device.key -H 'Content-Type: application/pkcs10' --data-binary @device2.b64 -D re.headers -o re.b64 ${est}/simplereenroll`,
    );
    expect(answer.status).toBe(200);
    expect(readFileSync(join(dir, 're.headers'), 'utf8')).toMatch(
      /^content-type: application\/pkcs7-mime; smime-type=certs-only\r?$/im,
    );
    const out = await sh(`openssl base64 -d -in re.b64 | openssl pkcs7 -inform DER -print_certs -out device2.crt
openssl verify -CAfile ca.pem device2.crt
openssl x509 -in device2.crt -noout -subject
openssl x509 -in device2.crt -noout -serial
openssl x509 -in device2.crt -noout -pubkey | openssl sha256
openssl pkey -in device2.key -pubout | openssl sha256`);
    const [verified, subject, serial, certKey, key] = out.trim().split('\n');
    expect(verified).toBe('device2.crt: OK');
    expect(subject).toMatch(/CN = user-est-device-1/);
    expect(serial.replace(/^serial=/, '').toLowerCase()).not.toBe(oldSerial);
    expect(certKey).toBe(key);
    // Same client, new certificate; the one that asked is superseded.
    const [client] = (
      await h.call('GET', '/clients?name=est-device-1', undefined, { authorization: `Bearer ${h.token}` })
    ).body.items;
    const certificates = (
      await h.call('GET', `/clients/${client.id}/certificates`, undefined, { authorization: `Bearer ${h.token}` })
    ).body.items;
    expect(
      certificates.map((c: { status: string; revocation: { reason: string } | null }) => [
        c.status,
        c.revocation?.reason ?? null,
      ]),
    ).toEqual([
      ['revoked', 'superseded'],
      ['valid', null],
    ]);
    // The same request again (RFC 7030 4.2.3's repeat) answers the same certificate; anything else from the superseded certificate is refused.
    const repeat = await curl(
      `--cert device.crt --key device.key --data-binary @device2.b64 -o repeat.b64 ${est}/simplereenroll`,
    );
    expect(repeat.status).toBe(200);
    expect(readFileSync(join(dir, 'repeat.b64'), 'utf8')).toBe(readFileSync(join(dir, 're.b64'), 'utf8'));
    const again = await curl(`--cert device.crt --key device.key --data-binary @device.b64 ${est}/simplereenroll`);
    expect([again.status, JSON.parse(again.body).code]).toEqual([401, 'CERTIFICATE_REJECTED']);
    const elsewhere = await curl(`--cert device.crt --key device.key ${h.tlsUrl}/pki/ca`);
    expect([elsewhere.status, JSON.parse(elsewhere.body).code]).toEqual([401, 'CERTIFICATE_REJECTED']);
    const anonymous = await curl(`-D anon.headers --data-binary @device2.b64 ${est}/simplereenroll`);
    expect([anonymous.status, JSON.parse(anonymous.body).code]).toEqual([401, 'CLIENT_CERTIFICATE_REQUIRED']);
    expect(readFileSync(join(dir, 'anon.headers'), 'utf8')).toMatch(
      /^www-authenticate: Basic realm="certplane EST"\r?$/im,
    );
  });

  it('simpleenroll takes the token as a Bearer token too, and a fixed-name token needs no CN', async () => {
    const { body: t } = await api.create({ name: 'est-fixed' });
    await sh(`openssl ecparam -name prime256v1 -genkey -noout -out fixed.key
openssl req -new -key fixed.key -subj /O=acme -outform DER -out fixed.csr
openssl base64 -in fixed.csr -out fixed.b64`);
    const answer = await curl(
      `-H 'Authorization: Bearer ${t.token}' -H 'Content-Type: application/pkcs10' --data-binary @fixed.b64 -o fixed.p7.b64 ${est}/simpleenroll`,
    );
    expect(answer.status).toBe(200);
    expect(
      await sh(
        `openssl base64 -d -in fixed.p7.b64 | openssl pkcs7 -inform DER -print_certs | openssl x509 -noout -subject`,
      ),
    ).toMatch(/CN = user-est-fixed/);
  });

  it('answers bad requests with 4xx and stable codes, 401 with WWW-Authenticate, and records nothing', async () => {
    const { body: t } = await api.create({ namePattern: 'bad-*' });
    const csr = await makeCsr({ name: 'CN=bad-1' });
    const good = Buffer.from(csr.der).toString('base64');
    const badSignature = Buffer.from(csr.der);
    badSignature[badSignature.length - 1] ^= 1;
    const other = await makeCsr({ name: 'CN=other-1' });
    writeFileSync(join(dir, 'good.b64'), good);
    writeFileSync(join(dir, 'truncated.b64'), good.slice(0, 100));
    writeFileSync(join(dir, 'notbase64.b64'), `${good.slice(0, 40)}!!${good.slice(42)}`);
    writeFileSync(join(dir, 'badsig.b64'), badSignature.toString('base64'));
    writeFileSync(join(dir, 'other.b64'), Buffer.from(other.der).toString('base64'));
    writeFileSync(join(dir, 'huge.b64'), 'A'.repeat(20 * 1024));
    // Another key type: RSA, which the certificate profile does not take.
    await sh(`openssl req -newkey rsa:2048 -nodes -keyout rsa.key -subj /CN=bad-2 -outform DER -out rsa.csr 2>/dev/null
openssl base64 -in rsa.csr -out rsa.b64`);
    const count = await h.store.count();
    const cases: [string, number, string][] = [
      [`--data-binary @good.b64`, 401, 'ENROLMENT_TOKEN_UNKNOWN'],
      [`-u d:wrong --data-binary @good.b64`, 401, 'ENROLMENT_TOKEN_UNKNOWN'],
      [`-u d:${t.token} --data-binary @truncated.b64`, 400, 'INVALID_CSR'],
      [`-u d:${t.token} --data-binary @notbase64.b64`, 400, 'INVALID_BASE64'],
      [`-u d:${t.token} --data-binary @badsig.b64`, 400, 'INVALID_CSR'],
      [`-u d:${t.token} --data-binary @rsa.b64`, 400, 'KEY_TYPE_NOT_ALLOWED'],
      [`-u d:${t.token} --data-binary @other.b64`, 403, 'ENROLMENT_TOKEN_NOT_ALLOWED'],
      [`-u d:${t.token} --data-binary @huge.b64`, 413, 'PAYLOAD_TOO_LARGE'],
      [`-u d:${t.token} -X POST`, 400, 'INVALID_BASE64'],
    ];
    for (const [args, status, code] of cases) {
      const answer = await curl(`-H 'Content-Type: application/pkcs10' -D err.headers ${args} ${est}/simpleenroll`);
      expect([args, answer.status, JSON.parse(answer.body).code]).toEqual([args, status, code]);
      if (status === 401)
        expect(readFileSync(join(dir, 'err.headers'), 'utf8')).toMatch(
          /^www-authenticate: Basic realm="certplane EST"\r?$/im,
        );
      // Neither the token nor anything of the CSR comes back in an error.
      expect(answer.body).not.toContain(t.token);
    }
    expect(await h.store.count()).toBe(count);
  });
});
