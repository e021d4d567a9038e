import { rmSync } from 'node:fs';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { clusterFiles, ClientFiles, curl, enrolClient, withCertificate } from '../auth/mtls-fixtures';

jest.setTimeout(90_000);

describe("a client certificate as a member of another client's role (mTLS, real Postgres and NATS)", () => {
  let h: Harness;
  let files: ClientFiles;
  beforeAll(async () => {
    h = await startCertplane();
    files = await clusterFiles(h);
  });
  afterAll(async () => {
    rmSync(files.dir, { recursive: true, force: true });
    await h.stop();
  });

  it('may do what the role grants on that client, and still only its own client otherwise', async () => {
    const gateway = await enrolClient(h, 'gateway');
    const sensor = await enrolClient(h, 'gateway-sensor');
    const tls = withCertificate(files, 'gateway', gateway.cert, gateway.key);
    const https = h.tlsUrl!;
    const channel = (await h.call('POST', '/channels', { name: 'uplink' }, bearer(h))).body.id;

    expect(await curl(`${https}/clients/${sensor.id}`, tls)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    const role = { name: 'gateway', actions: ['view', 'publish'], members: [`certificate:${gateway.id}`] };
    expect((await h.call('POST', `/clients/${sensor.id}/roles`, role, bearer(h))).status).toBe(201);

    expect(await curl(`${https}/clients/${sensor.id}`, tls)).toMatchObject({ status: 200, body: { id: sensor.id } });
    const connect = { client_ids: [sensor.id], types: ['publish'] };
    expect((await curl(`${https}/channels/${channel}/connect`, tls, { method: 'POST', body: connect })).status).toBe(
      204,
    );
    expect(await curl(`${https}/clients/${sensor.id}`, tls, { method: 'DELETE' })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    // Its own client as before: its own GET, not its own PATCH.
    expect((await curl(`${https}/clients/${gateway.id}`, tls)).status).toBe(200);
    expect(await curl(`${https}/clients/${gateway.id}`, tls, { method: 'PATCH', body: { tags: ['x'] } })).toMatchObject(
      { status: 403, body: { code: 'FORBIDDEN' } },
    );
    const events = await h.store.readStream(`channel-${channel}`);
    expect(events.find((e) => e.type === 'ClientsConnected')?.metadata.actor).toBe(`certificate:${gateway.id}`);
  });
});
