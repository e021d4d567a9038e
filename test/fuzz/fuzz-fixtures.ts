import { webcrypto, X509Certificate } from 'node:crypto';
import { issueClientCertificate, SecretBox, x509 } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { servedCertificatePem } from '../auth/mtls-fixtures';
import { serialOf } from '../../apps/api/src/auth/client-certificate.authenticator';
import { makeCsr } from '../clients/client-fixtures';
import { bearer, eventually, Harness } from '../support/certplane-harness';

/**
 * What the hostile requests aim at: live objects of every kind, made by valid requests before the
 * state snapshot, and every secret the run hands out (for the scan at the end).
 */
export interface FuzzFixtures {
  /** A live, enabled client created with a server key, holding ip 10.77.0.1. */
  client: { id: string; name: string; ip: string; certificatePem: string };
  /** A live client with hostname fuzz-host.example, enrolled through /clientcontroller/enrol. */
  enrolled: { id: string; name: string; hostname: string; detailsSecret: string };
  /** Disabled after its certificate was issued: that certificate is held (certificateHold) by the disable. */
  disabled: { id: string; name: string; serialNumber: string };
  /** A live client without ip or hostname. */
  plain: { id: string; name: string };
  namespace: string;
  /** A namespace holding the tunnel: deleting it without cascade is refused. */
  tunnel: { name: string; namespace: string };
  caPem: string;
  /** A certificate profile: P-256 keys, DNS names under *.fuzz.example or fuzz-host.example (at most 2), one IP in 10.77.0.0/16, one SPIFFE id. */
  profile: string;
  /** A CSR of an EC P-256 key only the test holds, valid in every respect. */
  csrPem: string;
  rsaCsrPem: string;
  /** A certificate of another CA. */
  foreignCertificatePem: string;
  /** The certificate certplane's HTTPS listener serves: signed by the CA, serverAuth only, its serial reserved. */
  serverCertificatePem: string;
  /** By client name (FRESH.client, enrolled.name): a client certificate of the CA stating that name and a hostname the client does not hold. */
  strayHostnameCertificatePems: Record<string, string>;
  /** A channel with a route, the client connected to it to publish. */
  channel: { id: string; route: string };
  /** The role `fuzz-role` of the client (view, granted to token:fuzz-member). */
  role: string;
  /** A root group, a child group under it, the plain client in the child. */
  groups: { root: string; child: string };
  /** Enrolment tokens: one that allows `fuzz-dev-*` many times, one used up, one revoked. */
  enrolmentTokens: { live: string; usedUp: string; revoked: string };
  secrets: RunSecrets;
}

/** Every secret the run created; none may show in a log line, an event or a message. */
export interface RunSecrets {
  privateKeysPem: string[];
  apiTokens: string[];
  tunnelAuthTokens: string[];
  /** The credential for a client's details (its key among them). */
  detailsSecrets: string[];
  enrolmentTokens: string[];
}

const FUZZ_PROFILE = {
  name: 'fuzz-mesh',
  keyTypes: ['ec-p256'],
  extendedKeyUsages: ['serverAuth', 'clientAuth'],
  sans: {
    dns: { max: 2, patterns: ['*.fuzz.example', 'fuzz-host.example'] },
    ip: { max: 1, patterns: ['10.77.0.0/16'] },
    uri: { max: 1, patterns: ['spiffe://fuzz.example/ns/*/sa/*'] },
  },
  subject: { commonName: 'svc-{name}' },
};

export const FRESH = {
  client: 'fuzz-never-created',
  namespace: 'fuzz-never-created',
  tunnel: 'fuzz-never-created',
} as const;

async function ok(h: Harness, method: string, path: string, body: unknown, expected: number) {
  const r = await h.call(method, path, body, bearer(h));
  if (r.status !== expected)
    throw new Error(`setup ${method} ${path}: expected ${expected}, got ${r.status} ${r.text}`);
  return r.body;
}

export async function exportPkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

/** The client's server-made key, from details once the certificate is issued. */
export async function detailsKey(h: Harness, detailsSecret: string): Promise<string> {
  return eventually(
    async () => {
      const r = await h.call('GET', `/informationservice/details/${detailsSecret}`);
      if (r.status !== 200) return undefined;
      const key = Object.values(r.body as Record<string, unknown>).find(
        (v) => typeof v === 'string' && v.includes('PRIVATE KEY'),
      );
      return key as string | undefined;
    },
    20_000,
    'details with the private key',
  );
}

export async function issuedCertificatePems(h: Harness, clientId: string, atLeast = 1): Promise<string[]> {
  return eventually(
    async () => {
      const rows: { certificate_pem: string }[] = await h.ds.query(
        `SELECT certificate_pem FROM rm_certificates WHERE client_id = $1 ORDER BY not_before`,
        [clientId],
      );
      return rows.length >= atLeast ? rows.map((r) => r.certificate_pem) : undefined;
    },
    20_000,
    `${atLeast} certificate(s) of ${clientId} in the read model`,
  );
}

export async function createFixtures(h: Harness): Promise<FuzzFixtures> {
  const secrets: RunSecrets = {
    privateKeysPem: [],
    apiTokens: [h.token],
    tunnelAuthTokens: [],
    detailsSecrets: [],
    enrolmentTokens: [],
  };

  const created = await ok(
    h,
    'POST',
    '/clients',
    { name: 'fuzz-client', ip: '10.77.0.1', tags: ['fuzz'], metadata: { owner: 'fuzz' }, topics: { insert: 'data' } },
    201,
  );
  const clientSecret = String(created.url);
  secrets.detailsSecrets.push(clientSecret);
  secrets.privateKeysPem.push(await detailsKey(h, clientSecret));
  const [certificatePem] = await issuedCertificatePems(h, created.id);

  const enrolledAnswer = await ok(
    h,
    'POST',
    '/clientcontroller/enrol',
    { name: 'fuzz-enrolled', topics: { insert: 'data' }, hostname: 'fuzz-host.example' },
    200,
  );
  const enrolledSecret = enrolledAnswer.url as string;
  secrets.detailsSecrets.push(enrolledSecret);
  secrets.privateKeysPem.push(await detailsKey(h, enrolledSecret));
  const enrolledId = (await ok(h, 'GET', '/clients?name=fuzz-enrolled', undefined, 200)).items[0].id as string;

  const disabled = await ok(h, 'POST', '/clients', { name: 'fuzz-disabled' }, 201);
  secrets.detailsSecrets.push(String(disabled.url));
  secrets.privateKeysPem.push(await detailsKey(h, secrets.detailsSecrets.at(-1)!));
  const [disabledCertificatePem] = await issuedCertificatePems(h, disabled.id);
  await ok(h, 'POST', `/clients/${disabled.id}/disable`, undefined, 200);

  const plain = await ok(h, 'POST', '/clients', { name: 'fuzz-plain' }, 201);
  secrets.detailsSecrets.push(String(plain.url));
  secrets.privateKeysPem.push(await detailsKey(h, secrets.detailsSecrets.at(-1)!));

  await ok(h, 'POST', '/v1/namespace', { name: 'fuzz-ns', labels: { team: 'fuzz' } }, 201);
  await ok(h, 'POST', '/v1/namespace', { name: 'fuzz-tunnels' }, 201);
  const tunnel = await ok(
    h,
    'POST',
    '/v1/tunnels',
    { name: 'fuzz-tunnel', namespace: 'fuzz-tunnels', tcpPorts: [8080] },
    201,
  );
  secrets.tunnelAuthTokens.push(tunnel.authToken);
  const rotated = await ok(h, 'POST', '/v1/tunnels/fuzz-tunnel/token/rotate?namespace=fuzz-tunnels', undefined, 200);
  secrets.tunnelAuthTokens.push(rotated.authToken);

  const caPem = (await h.call('GET', '/pki/ca')).text;
  await ok(h, 'POST', '/profiles', FUZZ_PROFILE, 201);
  const csr = await makeCsr({ name: 'CN=fuzz-csr' });
  secrets.privateKeysPem.push(await exportPkcs8Pem(csr.keys.privateKey));

  const rsaKeys = await webcrypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const rsaCsr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=fuzz-rsa',
    keys: rsaKeys,
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  });
  secrets.privateKeysPem.push(await exportPkcs8Pem(rsaKeys.privateKey));

  const foreignKeys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ]);
  const foreign = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=fuzz-foreign',
    keys: foreignKeys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  secrets.privateKeysPem.push(await exportPkcs8Pem(foreignKeys.privateKey));

  const ca = await h.app.get(CertificateAuthorityStore).get();
  const strayHostnameCertificatePems: Record<string, string> = {};
  for (const name of [FRESH.client, 'fuzz-enrolled']) {
    const stray = await issueClientCertificate(ca, {
      commonName: `user-${name}`,
      hostnames: ['fuzz-elsewhere.example'],
      validitySeconds: 2 * 86_400,
    });
    secrets.privateKeysPem.push(stray.privateKeyPem!);
    strayHostnameCertificatePems[name] = stray.certificatePem;
  }

  const token = async (grant: object) => {
    const t = await ok(h, 'POST', '/enrolment-tokens', grant, 201);
    secrets.enrolmentTokens.push(t.token);
    return t as { id: string; token: string };
  };
  const live = await token({ namePattern: 'fuzz-dev-*', uses: 1000 });
  const usedUp = await token({ name: 'fuzz-device-once' });
  const usedBy = await makeCsr({ name: 'CN=fuzz-device-once' });
  secrets.privateKeysPem.push(await exportPkcs8Pem(usedBy.keys.privateKey));
  const used = await h.call('POST', '/enrol', { csr: usedBy.pem }, { authorization: `Bearer ${usedUp.token}` });
  if (used.status !== 201) throw new Error(`setup POST /enrol: expected 201, got ${used.status} ${used.text}`);
  secrets.detailsSecrets.push(String(used.body.url));
  const revoked = await token({ name: 'fuzz-device-revoked' });
  await ok(h, 'DELETE', `/enrolment-tokens/${revoked.id}`, undefined, 204);

  const channel = await ok(h, 'POST', '/channels', { name: 'fuzz-channel', route: 'fuzz.route' }, 201);
  await ok(h, 'POST', `/channels/${channel.id}/connect`, { client_ids: [created.id], types: ['publish'] }, 204);
  const body = { name: 'fuzz-role', actions: ['view'], members: ['token:fuzz-member'] };
  await ok(h, 'POST', `/clients/${created.id}/roles`, body, 201);
  const root = await ok(h, 'POST', '/groups', { name: 'fuzz-root' }, 201);
  const child = await ok(h, 'POST', '/groups', { name: 'fuzz-child', parent_id: root.id }, 201);
  await ok(h, 'POST', `/clients/${plain.id}/parent`, { parent_group_id: child.id }, 204);

  // The CA's own key is a secret of the run too: certplane made it on first start and keeps it sealed.
  const [caRow] = await h.ds.query(`SELECT sealed_private_key FROM certificate_authorities WHERE id = 'default'`);
  secrets.privateKeysPem.push(h.app.get(SecretBox).open(caRow.sealed_private_key, 'ca:default'));

  return {
    client: { id: created.id, name: 'fuzz-client', ip: '10.77.0.1', certificatePem },
    enrolled: { id: enrolledId, name: 'fuzz-enrolled', hostname: 'fuzz-host.example', detailsSecret: enrolledSecret },
    disabled: {
      id: disabled.id,
      name: 'fuzz-disabled',
      serialNumber: serialOf(new X509Certificate(disabledCertificatePem)),
    },
    plain: { id: plain.id, name: 'fuzz-plain' },
    namespace: 'fuzz-ns',
    tunnel: { name: 'fuzz-tunnel', namespace: 'fuzz-tunnels' },
    caPem,
    profile: FUZZ_PROFILE.name,
    csrPem: csr.pem,
    rsaCsrPem: rsaCsr.toString('pem'),
    foreignCertificatePem: foreign.toString('pem'),
    serverCertificatePem: await servedCertificatePem(h.tlsUrl!, caPem),
    strayHostnameCertificatePems,
    channel: { id: channel.id, route: 'fuzz.route' },
    role: 'fuzz-role',
    groups: { root: root.id, child: child.id },
    enrolmentTokens: { live: live.token, usedUp: usedUp.token, revoked: revoked.token },
    secrets,
  };
}
