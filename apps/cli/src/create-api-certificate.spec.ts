import { clientIdForDetailsSecret } from '@certplane/domain';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCertificateAuthority,
  issueClientCertificate,
  issueServerCertificate,
  LoadedCertificateAuthority,
  x509,
} from '@certplane/pki';
import { CliError, EXIT } from './cli-error';
import { createApiCertificate } from './create-api-certificate';

type Route = (req: IncomingMessage, body: any, res: ServerResponse) => void | Promise<void>;

/** A stand-in certplane with just the routes a test gives it; anything else is the api's 404 "no such route". */
async function fakeCertplane(
  routes: Record<string, Route>,
  tls?: { key: string; cert: string },
): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const key = `${req.method} ${req.url}`;
    seen.push(key);
    const route =
      routes[key] ?? Object.entries(routes).find(([k]) => k.endsWith('*') && key.startsWith(k.slice(0, -1)))?.[1];
    if (!route) return json(res, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'no such route' });
    await route(req, chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined, res);
  };
  // A failing route answers 500 rather than leaving an unhandled rejection behind.
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res).catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  };
  const server = tls ? createHttpsServer(tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

describe('createApiCertificate', () => {
  let ca: LoadedCertificateAuthority;
  let dir: string;
  beforeAll(async () => {
    ({ ca } = await createCertificateAuthority({ validityDays: 5 }));
    dir = mkdtempSync(join(tmpdir(), 'cp-cli-unit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends only a CSR to POST /clients and writes the key it made itself', async () => {
    let issued = '';
    let received: any;
    const fake = await fakeCertplane({
      'GET /pki/ca': (_req, _body, res) => void res.end(ca.certificatePem),
      'POST /clients': async (_req, body, res) => {
        received = body;
        const csr = new x509.Pkcs10CertificateRequest(body.csr);
        issued = (
          await issueClientCertificate(ca, {
            commonName: 'user-ops',
            validitySeconds: 86_400,
            publicKey: await csr.publicKey.export({ name: 'ECDSA', namedCurve: 'P-256' }, ['verify']),
          })
        ).certificatePem;
        json(res, 201, { id: 'a'.repeat(32), url: 'd'.repeat(32) });
      },
      // The details are fetched with the secret (url), never with the client id.
      [`GET /informationservice/details/${'d'.repeat(32)}`]: (_req, _body, res) =>
        json(res, 200, { cert: issued, ca: ca.certificatePem }),
    });
    try {
      const written = await createApiCertificate({ name: 'ops', outDir: join(dir, 'csr'), url: fake.url, token: 't' });
      expect(written.keyOrigin).toBe('local');
      expect(Object.keys(received).sort()).toEqual(['csr', 'name', 'tags']);
      expect(received).toMatchObject({ name: 'ops', tags: ['api'] });
      const csr = new x509.Pkcs10CertificateRequest(received.csr);
      expect(await csr.verify()).toBe(true);
      expect(csr.subject).toBe('CN=user-ops');
      expect(readFileSync(written.certificate, 'utf8')).toBe(issued);
      expect(new X509Certificate(issued).checkPrivateKey(createPrivateKey(readFileSync(written.privateKey)))).toBe(
        true,
      );
      expect(fake.seen).not.toContain('POST /clientcontroller/enrol');
    } finally {
      fake.server.close();
    }
  });

  it('falls back to the enrolment and its server-made key on a certplane without POST /clients, waiting out a 503', async () => {
    const issued = await issueClientCertificate(ca, { commonName: 'user-old', validitySeconds: 86_400 });
    let pending = true;
    let received: unknown;
    const fake = await fakeCertplane({
      'GET /pki/ca': (_req, _body, res) => void res.end(ca.certificatePem),
      'POST /clientcontroller/enrol': (_req, body, res) => {
        received = body;
        json(res, 200, { message: 'success', detail: 'Client enrolled', url: 'b'.repeat(32) });
      },
      [`GET /informationservice/details/${'b'.repeat(32)}`]: (_req, _body, res) => {
        if (pending) {
          pending = false;
          return json(
            res,
            503,
            { statusCode: 503, code: 'CERTIFICATE_PENDING', message: 'later' },
            { 'retry-after': '1' },
          );
        }
        json(res, 200, { cert: issued.certificatePem, key: issued.privateKeyPem });
      },
    });
    try {
      const written = await createApiCertificate({
        name: 'old',
        outDir: join(dir, 'enrol'),
        url: `${fake.url}/`,
        token: 't',
      });
      expect(written.keyOrigin).toBe('server');
      expect(received).toEqual({ name: 'old', topics: { api: 'api' } });
      expect(readFileSync(written.privateKey, 'utf8')).toBe(issued.privateKeyPem);
      expect(statSync(written.privateKey).mode & 0o777).toBe(0o600);
      expect(fake.seen.filter((r) => r.startsWith('GET /informationservice'))).toHaveLength(2);
    } finally {
      fake.server.close();
    }
  });

  it('writes nothing when the certificate does not belong to the CA, and says which client it created', async () => {
    const { ca: other } = await createCertificateAuthority({ validityDays: 5 });
    const foreign = await issueClientCertificate(other, { commonName: 'user-x', validitySeconds: 86_400 });
    const fake = await fakeCertplane({
      'GET /pki/ca': (_req, _body, res) => void res.end(ca.certificatePem),
      'POST /clientcontroller/enrol': (_req, _body, res) => json(res, 200, { url: 'c'.repeat(32) }),
      [`GET /informationservice/details/${'c'.repeat(32)}`]: (_req, _body, res) =>
        json(res, 200, { cert: foreign.certificatePem, key: foreign.privateKeyPem }),
    });
    try {
      await expect(
        createApiCertificate({ name: 'x', outDir: join(dir, 'bad'), url: fake.url, token: 't' }),
      ).rejects.toThrow(
        `client x was created (id ${clientIdForDetailsSecret('c'.repeat(32))}), but its certificate does not verify against the CA chain from /pki/ca`,
      );
      expect(() => statSync(join(dir, 'bad'))).toThrow();
    } finally {
      fake.server.close();
    }
  });

  it('talks to an https certplane whose server certificate is issued by the CA given as --cacert, and only then', async () => {
    const server = await issueServerCertificate(ca, {
      commonName: 'certplane',
      hostnames: ['localhost'],
      ips: ['127.0.0.1'],
      validityDays: 1,
    });
    const issued = await issueClientCertificate(ca, { commonName: 'user-tls', validitySeconds: 86_400 });
    const fake = await fakeCertplane(
      {
        'GET /pki/ca': (_req, _body, res) => void res.end(ca.certificatePem),
        'POST /clientcontroller/enrol': (_req, _body, res) => json(res, 200, { url: 'e'.repeat(32) }),
        [`GET /informationservice/details/${'e'.repeat(32)}`]: (_req, _body, res) =>
          json(res, 200, { cert: issued.certificatePem, key: issued.privateKeyPem }),
      },
      { key: server.privateKeyPem, cert: server.certificatePem },
    );
    try {
      const untrusted = createApiCertificate({
        name: 'tls',
        outDir: join(dir, 'untrusted'),
        url: fake.url,
        token: 't',
      });
      await expect(untrusted).rejects.toThrow(
        /its server certificate is not trusted \(\w+\); pass its CA chain with --cacert/,
      );
      await expect(untrusted).rejects.toMatchObject({ exitCode: EXIT.unreachable });

      const { ca: other } = await createCertificateAuthority({ validityDays: 5 });
      const wrongCa = createApiCertificate({
        name: 'tls',
        outDir: join(dir, 'wrong-ca'),
        url: fake.url,
        token: 't',
        caCertificates: other.certificatePem,
      });
      await expect(wrongCa).rejects.toThrow(/not trusted \(\w+\); it does not chain to the --cacert CA/);
      expect(fake.seen).toEqual([]);

      const written = await createApiCertificate({
        name: 'tls',
        outDir: join(dir, 'trusted'),
        url: fake.url,
        token: 't',
        caCertificates: ca.certificatePem,
      });
      expect(readFileSync(written.certificate, 'utf8')).toBe(issued.certificatePem);
      expect(fake.seen).toEqual([
        'GET /pki/ca',
        'POST /clients',
        'POST /clientcontroller/enrol',
        `GET /informationservice/details/${'e'.repeat(32)}`,
      ]);
    } finally {
      fake.server.close();
    }
  });

  it('says when certplane cannot be reached at all', async () => {
    const fake = await fakeCertplane({});
    const { url } = fake;
    await new Promise((resolve) => fake.server.close(resolve));
    const run = createApiCertificate({ name: 'gone', outDir: join(dir, 'gone'), url, token: 't' });
    await expect(run).rejects.toThrow(`cannot reach certplane at ${url} (ECONNREFUSED)`);
    await expect(run).rejects.toBeInstanceOf(CliError);
  });
});
