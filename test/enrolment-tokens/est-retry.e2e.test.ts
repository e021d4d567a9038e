import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Harness, startCertplane } from '../support/certplane-harness';
import { pollUntil } from '../support/wait';
import { tokenApi } from './enrolment-token-fixtures';

const run = promisify(execFile);

/**
 * RFC 7030 4.2.3: when the certificate is not issued within the wait, simpleenroll and
 * simplereenroll answer 202 with Retry-After, and the same request again answers the certificate
 * once issued, with no second enrolment, token use or renewal. The cert-issuer runs in a second
 * process of the same deployment, started only when the test wants certificates issued.
 */
describe('EST 202 + Retry-After and the repeated request (curl and openssl, over HTTPS)', () => {
  let h: Harness;
  let issuer: Harness | undefined;
  let dir: string;
  let est: string;
  const sh = async (script: string) => (await run('sh', ['-ec', script], { cwd: dir })).stdout;
  const curl = async (args: string) => {
    const out = await sh(`curl -sS --max-time 20 --cacert ca.pem -D headers.txt -w '\\n%{http_code}' ${args}`);
    const i = out.lastIndexOf('\n');
    return {
      status: Number(out.slice(i + 1)),
      body: out.slice(0, i),
      headers: readFileSync(join(dir, 'headers.txt'), 'utf8'),
    };
  };
  const startIssuer = async () => {
    issuer = await startCertplane({
      database: h.db,
      bus: h.bus,
      workers: ['cert-issuer'],
      env: { CERTPLANE_TLS_ENABLED: 'false' },
    });
  };
  const stopIssuer = async () => {
    await issuer?.stopApp();
    issuer = undefined;
  };
  /** <name>.p7.b64 holds one certificate that verifies against the CA and certifies <name>.key. */
  const expectCertificateFor = async (name: string) => {
    const out = await sh(`openssl base64 -d -in ${name}.p7.b64 | openssl pkcs7 -inform DER -print_certs -out ${name}.crt
openssl verify -CAfile ca.pem ${name}.crt
openssl x509 -in ${name}.crt -noout -pubkey | openssl sha256
openssl pkey -in ${name}.key -pubout | openssl sha256`);
    const [verified, certKey, key] = out.trim().split('\n');
    expect(verified).toBe(`${name}.crt: OK`);
    expect(certKey).toBe(key);
  };
  const eventTypes = async (streamId: string) => (await h.store.readStream(streamId)).map((e) => e.type);

  beforeAll(async () => {
    h = await startCertplane({
      workers: ['projector'],
      env: {
        CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '50',
        CERTPLANE_DETAILS_WAIT_MS: '300',
        CERTPLANE_DETAILS_RETRY_AFTER_S: '1',
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'cp-est-retry-'));
    writeFileSync(join(dir, 'ca.pem'), (await h.call('GET', '/pki/ca')).text);
    est = `${h.tlsUrl}/.well-known/est`;
  });
  afterAll(async () => {
    await stopIssuer();
    await h.stop();
  });

  it('simpleenroll: 202 with Retry-After while not issued, the same request again is not a second use, and answers the certificate once issued', async () => {
    const { body: t } = await tokenApi(h).create({ name: 'retry-1' });
    await sh(`openssl ecparam -name prime256v1 -genkey -noout -out d.key
openssl req -new -key d.key -subj /CN=retry-1 -outform DER | openssl base64 -out d.b64`);
    const enroll = `-u retry-1:${t.token} -H 'Content-Type: application/pkcs10' --data-binary @d.b64 -o d.p7.b64 ${est}/simpleenroll`;
    const first = await curl(enroll);
    expect(first.status).toBe(202);
    expect(first.headers).toMatch(/^retry-after: 1\r?$/im);
    expect(first.body).toBe('');
    expect((await curl(enroll)).status).toBe(202);
    expect(await eventTypes(`enrolment_token-${t.id}`)).toEqual(['EnrolmentTokenCreated', 'EnrolmentTokenUsed']);

    await startIssuer();
    await pollUntil(
      'the certificate, to the same request',
      async () => ((await curl(enroll)).status === 200 ? true : undefined),
      { timeoutMs: 20_000, everyMs: 1000 },
    );
    await expectCertificateFor('d');
    expect(await eventTypes(`enrolment_token-${t.id}`)).toEqual(['EnrolmentTokenCreated', 'EnrolmentTokenUsed']);
    const [client] = (await h.call('GET', '/clients?name=retry-1', undefined, { authorization: `Bearer ${h.token}` }))
      .body.items;
    expect(await eventTypes(`client-${client.id}`)).toEqual(['ClientEnrolled', 'CertificateIssued']);
    // Another CSR with the spent token is a new request, and refused.
    await sh(
      `openssl ecparam -name prime256v1 -genkey -noout | openssl req -new -key /dev/stdin -subj /CN=retry-1 -outform DER | openssl base64 -out other.b64`,
    );
    const other = await curl(
      `-u retry-1:${t.token} -H 'Content-Type: application/pkcs10' --data-binary @other.b64 ${est}/simpleenroll`,
    );
    expect([other.status, JSON.parse(other.body).code]).toEqual([401, 'ENROLMENT_TOKEN_USED_UP']);
  });

  it('simplereenroll: 202 while not issued, one renewal however often it is repeated, then the certificate to the repeat from the now superseded certificate', async () => {
    const [client] = (await h.call('GET', '/clients?name=retry-1', undefined, { authorization: `Bearer ${h.token}` }))
      .body.items;
    await stopIssuer();
    await sh(`openssl ecparam -name prime256v1 -genkey -noout -out d2.key
openssl req -new -key d2.key -subj /CN=retry-1 -outform DER | openssl base64 -out d2.b64`);
    const reenroll = `--cert d.crt --key d.key -H 'Content-Type: application/pkcs10' --data-binary @d2.b64 -o d2.p7.b64 ${est}/simplereenroll`;
    const first = await curl(reenroll);
    expect(first.status).toBe(202);
    expect(first.headers).toMatch(/^retry-after: 1\r?$/im);
    expect((await curl(reenroll)).status).toBe(202);
    expect(await eventTypes(`client-${client.id}`)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'CertificateRenewed',
    ]);

    await startIssuer();
    await pollUntil(
      'the renewed certificate, to the same request',
      async () => ((await curl(reenroll)).status === 200 ? true : undefined),
      { timeoutMs: 20_000, everyMs: 1000 },
    );
    await expectCertificateFor('d2');
    // Once more, now that d.crt is superseded: the same certificate again, and still one renewal.
    expect((await curl(reenroll)).status).toBe(200);
    expect(await eventTypes(`client-${client.id}`)).toEqual([
      'ClientEnrolled',
      'CertificateIssued',
      'CertificateRenewed',
      'CertificateIssued',
      'CertificateRevoked',
    ]);
  });
});
