import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERBS } from '../../apps/cli/src/verb-table';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { freePort, minimalEnv } from '../support/processes';

jest.setTimeout(120_000);

const BIN = join(__dirname, '..', '..', 'bin', 'certplane.js');
const COMPILED = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');

/**
 * Operator and admin routes no verb calls, each with why. Anything else the OpenAPI document marks
 * for an operator or admin must be some verb's route, so a route added without a verb fails here.
 */
const WITHOUT_A_VERB: Record<string, string> = {
  // The spine's enrolment, for messaging clients; create-api-certificate falls back to it on its own.
  'POST /clientcontroller/enrol': 'spine protocol',
  'POST /clientcontroller/leave': 'spine protocol',
  // A certificate made elsewhere is PEM the operator already holds; curl posts it as well as a flag would.
  'PUT /clients/{id}/certificate': 'register an existing certificate',
  // A live stream of news for the console; a script subscribes to certplane's events on NATS instead.
  'GET /changes': 'server-sent events for the console',
};

interface Run {
  code: number | null;
  out: string;
  err: string;
}

describe('operator CLI: every verb family, run as the built program against a running certplane', () => {
  let h: Harness;
  let dir: string;
  let cp: (args: string[], env?: Record<string, string>) => Promise<Run>;
  let api: (method: string, path: string, body?: unknown) => Promise<any>;
  let beta: { id: string; serial: string };

  beforeAll(async () => {
    if (!existsSync(COMPILED))
      throw new Error(`${COMPILED} is missing: run \`node scripts/build.js\` before the CLI tests`);
    h = await startCertplane();
    dir = mkdtempSync(join(tmpdir(), 'cp-operator-cli-'));
    cp = (args, env = {}) =>
      new Promise((resolve, reject) => {
        // Not a terminal: what a script or a pipe gets.
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: dir,
          env: { ...minimalEnv(), CERTPLANE_URL: h.url, CERTPLANE_API_TOKEN: h.token, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, out, err }));
      });
    api = async (method, path, body) => (await h.call(method, path, body, bearer(h))).body;
    expect((await cp(['create-api-certificate', 'alpha', '--out', join(dir, 'certs')])).code).toBe(0);
    const created = await api('POST', '/clients', { name: 'beta', tags: ['edge'] });
    const issued = await eventually(
      async () => (await api('GET', `/clients/${created.id}`)).certificate ?? undefined,
      20_000,
      'beta certificate',
    );
    beta = { id: created.id, serial: issued.serial_number };
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The cells of a table's lines, split where the heading line has its column starts. */
  const columns = (table: string): string[][] => {
    const [head, ...rows] = table.trimEnd().split('\n');
    const starts = [...head.matchAll(/(?:^|  )([A-Z])/g)].map((m) => m.index + (m.index === 0 ? 0 : 2));
    return [head, ...rows].map((line) => starts.map((s, i) => line.slice(s, starts[i + 1]).trim()));
  };

  /** A list of fields (`name  value` lines) as an object. */
  const fields = (text: string): Record<string, string> =>
    Object.fromEntries(
      text
        .trimEnd()
        .split('\n')
        .map((line) =>
          /^(.+?)(?: {2,}(.*))?$/
            .exec(line)!
            .slice(1)
            .map((v) => v ?? ''),
        ),
    );

  describe('clients', () => {
    it('lists in aligned columns without colours, and --json is the API answer as it is', async () => {
      const run = await cp(['clients', 'list']);
      expect(run).toMatchObject({ code: 0, err: '' });
      expect(run.out).not.toContain('\x1b');
      const [head, ...rows] = columns(run.out.split('\n').slice(0, 3).join('\n'));
      expect(head).toEqual(['ID', 'NAME', 'STATUS', 'TAGS', 'CERTIFICATE', 'CERT STATUS', 'EXPIRES']);
      expect(rows.map((r) => [r[1], r[2], r[3], r[5]])).toEqual([
        ['alpha', 'enabled', 'api', 'valid'],
        ['beta', 'enabled', 'edge', 'valid'],
      ]);
      expect(run.out.split('\n')[3]).toBe('1-2 of 2');
      const json = await cp(['clients', 'list', '--tag', 'edge', '--json']);
      expect(JSON.parse(json.out)).toEqual(await api('GET', '/clients?tag=edge'));
      expect((await cp(['clients', 'list', '--limit', '1'])).out).toContain('1-1 of 2; --offset 1 for more');
    });

    it('shows one client by id or by name, now and --at a moment', async () => {
      const byName = await cp(['clients', 'show', 'beta']);
      expect(byName).toMatchObject({ code: 0, err: '' });
      expect(Object.keys(fields(byName.out))).toEqual([
        'id',
        'name',
        'status',
        'tags',
        'metadata',
        'topics',
        'ip',
        'hostname',
        'certificate',
        'created',
        'updated',
      ]);
      expect(fields(byName.out)).toMatchObject({
        id: beta.id,
        name: 'beta',
        status: 'enabled',
        tags: 'edge',
        ip: '',
        certificate: expect.stringMatching(new RegExp(`^${beta.serial} \\(valid, `)),
      });
      expect(JSON.parse((await cp(['clients', 'show', beta.id, '--json'])).out)).toEqual(
        await api('GET', `/clients/${beta.id}`),
      );
      const before = await cp(['clients', 'show', 'beta', '--at', '2000-01-01T00:00:00Z']);
      expect(before).toMatchObject({ code: 1, out: '' });
      expect(before.err).toMatch(/refused: .* \(CLIENT_NOT_FOUND\)\n$/);
    });

    it('disables, enables, renews with --revoke-old, and shows the certificates and events that follow', async () => {
      expect(fields((await cp(['clients', 'disable', 'beta'])).out).status).toBe('disabled');
      expect(fields((await cp(['clients', 'enable', beta.id])).out).status).toBe('enabled');
      const enabled = await eventually(async () => {
        const c = await api('GET', `/clients/${beta.id}`);
        return c.certificate?.status === 'valid' ? c.certificate.serial_number : undefined;
      });
      const renewed = await cp(['clients', 'renew', 'beta', '--revoke-old', '--json']);
      expect(renewed.code).toBe(0);
      expect(JSON.parse(renewed.out)).toMatchObject({ id: beta.id, status: 'enabled' });
      const certs = await eventually(async () => {
        const run = await cp(['clients', 'certificates', 'beta']);
        return run.out.includes('superseded') ? run : undefined;
      });
      const table = columns(certs.out);
      expect(table[0]).toEqual(['SERIAL', 'STATUS', 'NOT BEFORE', 'NOT AFTER', 'REVOCATION', 'KEY']);
      expect(table.find((r) => r[0] === enabled)).toEqual([
        enabled,
        'revoked',
        expect.any(String),
        expect.any(String),
        'superseded by service:cert-issuer',
        'server',
      ]);
      expect(JSON.parse((await cp(['clients', 'certificates', 'beta', '--json'])).out)).toEqual(
        await api('GET', `/clients/${beta.id}/certificates`),
      );
      const events = await cp(['clients', 'events', 'beta']);
      const rows = columns(events.out);
      expect(rows[0]).toEqual(['VERSION', 'RECORDED', 'EVENT', 'ACTOR', 'CORRELATION ID']);
      expect(rows.map((r) => r[2])).toEqual(
        expect.arrayContaining(['ClientDisabled', 'ClientEnabled', 'CertificateRenewed']),
      );
      expect(rows.find((r) => r[2] === 'ClientDisabled')?.[3]).toBe('token:default');
    });

    it('updates and deletes; a delete prints nothing with --json', async () => {
      expect(fields((await cp(['clients', 'update', 'alpha', '--tag', 'api', '--tag', 'ops'])).out).tags).toBe(
        'api, ops',
      );
      const gamma = await api('POST', '/clients', { name: 'gamma' });
      expect(await cp(['clients', 'delete', 'gamma'])).toEqual({
        code: 0,
        out: `deleted client ${gamma.id}\n`,
        err: '',
      });
      const delta = await api('POST', '/clients', { name: 'delta' });
      expect(await cp(['clients', 'delete', delta.id, '--json'])).toEqual({ code: 0, out: '', err: '' });
      expect((await cp(['clients', 'show', 'gamma'])).err).toBe(
        'certplane: no client called "gamma" (give its id for a removed one)\n',
      );
    });
  });

  describe('channels and bulk creation', () => {
    it('creates clients in bulk from a file, printing their details secrets once; all or nothing', async () => {
      writeFileSync(
        join(dir, 'meters.json'),
        JSON.stringify([
          { name: 'meter-1', tags: ['meters'], metadata: { site: 'north' } },
          { name: 'meter-2', tags: ['meters'] },
        ]),
      );
      const created = await cp(['clients', 'create-bulk', '--file', 'meters.json']);
      expect(created).toMatchObject({ code: 0, err: '' });
      expect(created.out).toMatch(/\nThe details secrets are shown only this once\.\n$/);
      const [head, ...rows] = columns(created.out.replace(/The details .*\n$/, ''));
      expect(head).toEqual(['ID', 'NAME', 'TAGS', 'METADATA', 'DETAILS SECRET']);
      expect(rows).toEqual([
        [
          expect.stringMatching(/^[0-9a-f]{32}$/),
          'meter-1',
          'meters',
          'site=north',
          expect.stringMatching(/^[0-9a-f]{32}$/),
        ],
        [expect.stringMatching(/^[0-9a-f]{32}$/), 'meter-2', 'meters', '', expect.stringMatching(/^[0-9a-f]{32}$/)],
      ]);
      expect((await api('GET', `/clients/${rows[0][0]}`)).name).toBe('meter-1');
      writeFileSync(join(dir, 'more.json'), JSON.stringify([{ name: 'meter-3' }, { name: 'meter-1' }]));
      const taken = await cp(['clients', 'create-bulk', '--file', 'more.json', '--json']);
      expect(taken).toMatchObject({ code: 1, out: '' });
      expect(taken.err).toMatch(/refused: clients\[1\]: .* \(CLIENT_ALREADY_EXISTS\)\n$/);
      expect((await api('GET', '/clients?name=meter-3')).total).toBe(0);
      writeFileSync(join(dir, 'meter-4.json'), JSON.stringify([{ name: 'meter-4' }]));
      const json = JSON.parse((await cp(['clients', 'create-bulk', '--file', 'meter-4.json', '--json'])).out);
      expect(json).toEqual({
        clients: [expect.objectContaining({ name: 'meter-4', url: expect.stringMatching(/^[0-9a-f]{32}$/) })],
      });
      expect(await api('GET', `/clients/${json.clients[0].id}`)).toEqual(
        expect.objectContaining({ id: json.clients[0].id, name: 'meter-4' }),
      );
      expect(await cp(['clients', 'create-bulk', '--file', 'nowhere.json'])).toEqual({
        code: 2,
        out: '',
        err: 'certplane: cannot read --file nowhere.json: ENOENT\n',
      });
    });

    it('creates, lists, shows, updates channels, in tables and as the API answers', async () => {
      const created = await cp([
        'channels',
        'create',
        'alerting',
        '--route',
        'alerts',
        '--tag',
        'ops',
        '--metadata',
        'owner=ops',
      ]);
      expect(created).toMatchObject({ code: 0, err: '' });
      const alerting = fields(created.out);
      expect(Object.keys(alerting)).toEqual(['id', 'name', 'route', 'tags', 'metadata', 'created', 'updated']);
      expect(alerting).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        name: 'alerting',
        route: 'alerts',
        tags: 'ops',
        metadata: 'owner=ops',
      });
      const telemetry = JSON.parse((await cp(['channels', 'create', 'telemetry', '--tag', 'meters', '--json'])).out);
      expect(telemetry).toEqual(await api('GET', `/channels/${telemetry.id}`));
      expect(telemetry.route).toBeNull();
      const list = await cp(['channels', 'list']);
      expect(list).toMatchObject({ code: 0, err: '' });
      expect(columns(list.out.trimEnd().split('\n').slice(0, -1).join('\n'))).toEqual([
        ['ID', 'NAME', 'ROUTE', 'TAGS', 'CREATED'],
        [alerting.id, 'alerting', 'alerts', 'ops', expect.any(String)],
        [telemetry.id, 'telemetry', '', 'meters', expect.any(String)],
      ]);
      expect(list.out.trimEnd().split('\n').at(-1)).toBe('1-2 of 2');
      expect(JSON.parse((await cp(['channels', 'list', '--route', 'alerts', '--json'])).out)).toEqual(
        await api('GET', '/channels?route=alerts'),
      );
      expect(fields((await cp(['channels', 'show', telemetry.id])).out)).toMatchObject({
        id: telemetry.id,
        name: 'telemetry',
        route: '',
        tags: 'meters',
      });
      const updated = await cp([
        'channels',
        'update',
        'telemetry',
        '--route',
        'data',
        '--tag',
        'meters',
        '--tag',
        'floor-2',
      ]);
      expect(fields(updated.out)).toMatchObject({ route: 'data', tags: 'meters, floor-2' });
      expect(JSON.parse((await cp(['channels', 'show', 'telemetry', '--json'])).out)).toEqual(
        await api('GET', `/channels/${telemetry.id}`),
      );
      expect(JSON.parse((await cp(['channels', 'update', 'telemetry', '--no-route', '--json'])).out)).toMatchObject({
        id: telemetry.id,
        route: null,
      });
      const taken = await cp(['channels', 'create', 'again', '--route', 'alerts']);
      expect(taken).toMatchObject({ code: 1, out: '' });
      expect(taken.err).toMatch(/\(ROUTE_ALREADY_TAKEN\)\n$/);
    });

    it('connects and disconnects clients by name, lists both sides, shows the history, deletes', async () => {
      const channel = (await api('GET', '/channels?name=alerting')).items[0].id as string;
      const meter1 = (await api('GET', '/clients?name=meter-1')).items[0].id as string;
      const meter2 = (await api('GET', '/clients?name=meter-2')).items[0].id as string;
      expect(
        await cp(['channels', 'connect', 'alerting', '--client', 'meter-1', '--client', meter2, '--type', 'subscribe']),
      ).toEqual({ code: 0, out: `connected 2 clients to channel ${channel} (subscribe)\n`, err: '' });
      expect(
        await cp([
          'channels',
          'connect',
          'telemetry',
          '--client',
          'meter-1',
          '--type',
          'publish',
          '--type',
          'subscribe',
          '--json',
        ]),
      ).toEqual({ code: 0, out: '', err: '' });
      const again = await cp(['channels', 'connect', channel, '--client', 'meter-1', '--type', 'subscribe']);
      expect(again).toMatchObject({ code: 1, out: '' });
      expect(again.err).toMatch(/\(CONNECTION_ALREADY_EXISTS\)\n$/);
      const clients = await cp(['channels', 'clients', 'alerting']);
      expect(clients).toMatchObject({ code: 0, err: '' });
      const [head, ...rows] = columns(clients.out.trimEnd().split('\n').slice(0, -1).join('\n'));
      expect(head).toEqual(['ID', 'NAME', 'TYPES', 'CONNECTED']);
      expect(rows.map((r) => r.slice(0, 3)).sort()).toEqual(
        [
          [meter2, 'meter-2', 'subscribe'],
          [meter1, 'meter-1', 'subscribe'],
        ].sort(),
      );
      expect(JSON.parse((await cp(['channels', 'clients', 'alerting', '--type', 'subscribe', '--json'])).out)).toEqual(
        await api('GET', `/channels/${channel}/clients?type=subscribe`),
      );
      const ofClient = await cp(['clients', 'channels', 'meter-1']);
      expect(columns(ofClient.out.trimEnd().split('\n').slice(0, -1).join('\n'))).toEqual([
        ['ID', 'NAME', 'ROUTE', 'TAGS', 'TYPES'],
        [channel, 'alerting', 'alerts', 'ops', 'subscribe'],
        [expect.stringMatching(/^[0-9a-f]{32}$/), 'telemetry', '', 'meters,floor-2', 'publish,subscribe'],
      ]);
      expect(JSON.parse((await cp(['clients', 'channels', meter1, '--type', 'publish', '--json'])).out)).toEqual(
        await api('GET', `/clients/${meter1}/channels?type=publish`),
      );
      expect(await cp(['channels', 'disconnect', 'alerting', '--client', 'meter-2', '--type', 'subscribe'])).toEqual({
        code: 0,
        out: `disconnected 1 client from channel ${channel} (subscribe)\n`,
        err: '',
      });
      const notThere = await cp(['channels', 'disconnect', 'alerting', '--client', 'meter-2', '--type', 'subscribe']);
      expect(notThere).toMatchObject({ code: 1, err: expect.stringMatching(/\(CONNECTION_NOT_FOUND\)\n$/) });
      const events = columns((await cp(['channels', 'events', 'alerting'])).out);
      expect(events[0]).toEqual(['VERSION', 'RECORDED', 'EVENT', 'ACTOR', 'CORRELATION ID']);
      expect(events.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
        ['1', 'ChannelCreated', 'token:default'],
        ['2', 'ClientsConnected', 'token:default'],
        ['3', 'ClientsDisconnected', 'token:default'],
      ]);
      expect(JSON.parse((await cp(['channels', 'events', channel, '--json'])).out)).toEqual(
        await api('GET', `/channels/${channel}/events`),
      );
      // Names need not be unique: a name two live channels share names neither.
      await api('POST', '/channels', { name: 'alerting' });
      expect(await cp(['channels', 'show', 'alerting'])).toEqual({
        code: 1,
        out: '',
        err: 'certplane: 2 channels are called "alerting"; give its id (certplane channels list --name "alerting")\n',
      });
      expect(await cp(['channels', 'delete', channel])).toEqual({
        code: 0,
        out: `deleted channel ${channel}\n`,
        err: '',
      });
      expect(await cp(['channels', 'delete', 'telemetry', '--json'])).toEqual({ code: 0, out: '', err: '' });
      expect((await cp(['channels', 'show', 'telemetry'])).err).toBe(
        'certplane: no channel called "telemetry" (give its id for a deleted one)\n',
      );
      expect(JSON.parse((await cp(['clients', 'channels', 'meter-1', '--json'])).out)).toMatchObject({
        items: [],
        total: 0,
      });
    });
  });

  describe('certificates', () => {
    it('lists the inventory expiring within a duration, in a table and as the API answers', async () => {
      const run = await cp(['certificates', 'list', '--expiring-within', '400d', '--status', 'valid']);
      expect(run).toMatchObject({ code: 0, err: '' });
      const [head, ...rows] = columns(run.out.trimEnd().split('\n').slice(0, -1).join('\n'));
      expect(head).toEqual(['SERIAL', 'CLIENT', 'STATUS', 'NOT AFTER', 'REVOKED FOR', 'COMMON NAME']);
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.every((r) => r[2] === 'valid')).toBe(true);
      const json = JSON.parse(
        (await cp(['certificates', 'list', '--expiring-within', '400d', '--json', '--limit', '100'])).out,
      );
      expect(json).toEqual(await api('GET', '/certificates?expiringWithin=400d&limit=100'));
      expect((await cp(['certificates', 'list', '--expiring-within', '1s', '--json'])).out).toContain('"total": 0');
    });

    it('revokes one by serial with --reason, and releases a hold', async () => {
      const serial = (await api('GET', `/clients/${beta.id}`)).certificate.serial_number;
      const held = await cp(['certificates', 'revoke', serial, '--reason', 'certificateHold']);
      expect(held.code).toBe(0);
      expect(fields(held.out)).toEqual({
        serial,
        client: beta.id,
        status: 'revoked',
        valid: expect.stringMatching(/^\S+ to \S+$/),
        revocation: 'certificateHold by token:default',
        key: 'server',
      });
      // The inventory follows the event store by a moment.
      const shown = await eventually(async () => {
        const f = fields((await cp(['certificates', 'show', serial])).out);
        return f.status === 'revoked' ? f : undefined;
      });
      expect(shown).toMatchObject({
        serial,
        client: `beta (${beta.id})`,
        subject: expect.stringContaining('CN=user-beta'),
        status: 'revoked',
        revocation: expect.stringMatching(/^certificateHold at \S+ by token:default$/),
        'SHA-256': expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(JSON.parse((await cp(['certificates', 'show', serial.toUpperCase(), '--json'])).out)).toEqual(
        await api('GET', `/certificates/${serial}`),
      );
      const released = await cp(['certificates', 'release', serial, '--json']);
      expect(JSON.parse(released.out)).toMatchObject({ serial_number: serial, status: 'valid', client_id: beta.id });
      const again = await cp(['certificates', 'release', serial]);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/\(CERTIFICATE_NOT_ON_HOLD\)\n$/);
      const noReason = await cp(['certificates', 'revoke', serial]);
      expect(noReason.code).toBe(1);
      expect(noReason.err).toMatch(/\(INVALID_REVOCATION_REASON\)\n$/);
    });
  });

  describe('enrolment tokens', () => {
    it('prints a created token once, never in the list; revokes', async () => {
      const created = await cp([
        'enrolment-tokens',
        'create',
        '--name',
        'device-1',
        '--uses',
        '2',
        '--validity',
        '36h',
      ]);
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/\nThe token is shown only this once\.\n$/);
      const { id, token, allows } = fields(created.out.replace(/The token .*\n$/, ''));
      expect(allows).toBe('device-1');
      expect(token).toMatch(/^\S{20,}$/);
      const list = await cp(['enrolment-tokens', 'list']);
      expect(columns(list.out).find((r) => r[0] === id)).toEqual([
        id,
        'device-1',
        'default',
        'active',
        '2/2',
        expect.any(String),
        '',
      ]);
      const listJson = await cp(['enrolment-tokens', 'list', '--json']);
      expect(JSON.parse(listJson.out)).toEqual(await api('GET', '/enrolment-tokens'));
      expect((JSON.parse(listJson.out) as { id: string; validity?: string }[]).find((t) => t.id === id)?.validity).toBe(
        '36h',
      );
      expect(list.out + listJson.out).not.toContain(token);
      expect(await cp(['enrolment-tokens', 'revoke', id])).toEqual({
        code: 0,
        out: `revoked enrolment token ${id}\n`,
        err: '',
      });
      expect(columns((await cp(['enrolment-tokens', 'list'])).out).find((r) => r[0] === id)?.[3]).toBe('revoked');
    });
  });

  describe('profiles', () => {
    it('defines, updates some fields, shows it now and --at a moment, lists its events; a token names it', async () => {
      const file = join(dir, 'edge-profile.json');
      writeFileSync(
        file,
        JSON.stringify({
          keyTypes: ['ec-p384'],
          extendedKeyUsages: ['serverAuth'],
          subject: { commonName: '{name}' },
          validity: '30d',
        }),
      );
      expect((await cp(['profiles', 'define', 'edge', '--file', file])).code).toBe(0);
      const before = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const changes = join(dir, 'edge-changes.json');
      writeFileSync(changes, JSON.stringify({ extendedKeyUsages: ['serverAuth', 'clientAuth'] }));
      const updated = await cp(['profiles', 'update', 'edge', '--file', changes, '--validity', '7d']);
      expect(updated).toMatchObject({ code: 0, err: '' });
      expect(fields(updated.out)).toMatchObject({ usages: 'serverAuth,clientAuth', validity: '7d' });
      expect(fields((await cp(['profiles', 'show', 'edge', '--at', before])).out)).toMatchObject({
        usages: 'serverAuth',
        validity: '30d',
      });
      const shown = await cp(['profiles', 'show', 'edge', '--json']);
      expect(JSON.parse(shown.out)).toEqual(await api('GET', '/profiles/edge'));
      const events = await cp(['profiles', 'events', 'edge', '--json']);
      expect(JSON.parse(events.out).events.map((e: { type: string }) => e.type)).toEqual([
        'ProfileDefined',
        'ProfileChanged',
      ]);
      expect((await cp(['profiles', 'events', 'edge'])).out).toContain('ProfileChanged');
      expect(await cp(['profiles', 'update', 'edge'])).toMatchObject({
        code: 2,
        err: expect.stringContaining('give --file <path>, --validity or --max-validity'),
      });
      expect(await cp(['profiles', 'update', 'edge', '--validity', '1y'])).toMatchObject({
        code: 1,
        err: expect.stringMatching(/\(INVALID_PROFILE\)\n$/),
      });

      const token = await cp(['enrolment-tokens', 'create', '--name-pattern', 'edge-*', '--profile', 'edge']);
      expect(fields(token.out.replace(/The token .*\n$/, ''))).toMatchObject({ profile: 'edge' });
      expect(await cp(['enrolment-tokens', 'create', '--name', 'x', '--profile', 'nope'])).toMatchObject({
        code: 1,
        err: expect.stringMatching(/\(UNKNOWN_PROFILE\)\n$/),
      });
    });
  });

  describe('issuers', () => {
    it('lists, creates and activates an issuer, in tables and as the API answers', async () => {
      const [first] = columns((await cp(['issuers', 'list'])).out).slice(1);
      expect(first).toEqual([expect.any(String), 'existing', 'active', expect.any(String)]);
      const created = await cp(['issuers', 'create']);
      expect(created.code).toBe(0);
      const { id, kind, status } = fields(created.out);
      expect([kind, status]).toEqual(['root', 'ready']);
      expect(fields((await cp(['issuers', 'activate', id])).out).status).toBe('active');
      const listJson = await cp(['issuers', 'list', '--json']);
      expect(JSON.parse(listJson.out)).toEqual(await api('GET', '/pki/issuers'));
      expect(columns((await cp(['issuers', 'list'])).out).map((r) => r[2])).toEqual(['STATUS', 'superseded', 'active']);
      expect((await cp(['issuers', 'activate', 'nope'])).code).toBe(1);
    });

    it('creates an intermediate, printing its CSR, and passes the certificate files to install', async () => {
      const created = await cp(['issuers', 'create', '--intermediate']);
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----\n$/);
      const id = /^id +(\S+)$/m.exec(created.out)![1];
      expect((await cp(['issuers', 'install', id])).code).toBe(2);
      expect((await cp(['issuers', 'install', id, '--certificate', join(dir, 'missing.pem')])).code).toBe(2);
      writeFileSync(join(dir, 'not-a-cert.pem'), 'hello');
      const refused = await cp(['issuers', 'install', id, '--certificate', join(dir, 'not-a-cert.pem')]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('INVALID_ISSUER_CERTIFICATE');
    });
  });

  describe('namespaces and tunnels', () => {
    it('creates, lists, rotates and deletes, printing a tunnel token only where the API hands out a new one', async () => {
      expect(fields((await cp(['namespaces', 'create', 'edge', '--label', 'team=iot'])).out)).toMatchObject({
        name: 'edge',
        labels: 'team=iot,certplane.io/uplink=1',
      });
      expect(columns((await cp(['namespaces', 'list'])).out)).toEqual([
        ['NAME', 'LABELS', 'ANNOTATIONS', 'CREATED'],
        ['edge', 'team=iot,certplane.io/uplink=1', '', expect.any(String)],
      ]);
      const created = await cp(['tunnels', 'create', 'web', '--namespace', 'edge', '--port', '8080', '--port', '8443']);
      expect(created.code).toBe(0);
      const token = fields(created.out)['auth token'];
      expect(token).toMatch(/^\S{20,}$/);
      const list = await cp(['tunnels', 'list']);
      expect(columns(list.out)).toEqual([
        ['NAMESPACE', 'NAME', 'TCP PORTS', 'CLIENTS', 'CREATED'],
        ['edge', 'web', '8080,8443', '0', expect.any(String)],
      ]);
      const listJson = JSON.parse((await cp(['tunnels', 'list', '--json'])).out);
      const { authToken, ...rest } = (await api('GET', '/v1/tunnels'))[0];
      expect(authToken).toBe(token);
      expect(listJson).toEqual([rest]);
      expect((await cp(['tunnels', 'show', 'web', '--namespace', 'edge'])).out).not.toContain(token);
      expect(
        JSON.parse((await cp(['tunnels', 'show', 'web', '--namespace', 'edge', '--show-token', '--json'])).out)
          .authToken,
      ).toBe(token);
      const rotated = JSON.parse((await cp(['tunnels', 'rotate-token', 'web', '--namespace', 'edge', '--json'])).out);
      expect(rotated.authToken).toEqual(expect.any(String));
      expect(rotated.authToken).not.toBe(token);
      expect(
        fields((await cp(['tunnels', 'update', 'web', '--namespace', 'edge', '--port', '9000'])).out)['tcp ports'],
      ).toBe('9000');
      const busy = await cp(['namespaces', 'delete', 'edge']);
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(/\(NAMESPACE_NOT_EMPTY\)\n$/);
      expect(await cp(['tunnels', 'delete', 'web', '--namespace', 'edge'])).toEqual({
        code: 0,
        out: 'deleted tunnel web\n',
        err: '',
      });
      expect(await cp(['namespaces', 'delete', 'edge', '--cascade'])).toEqual({
        code: 0,
        out: 'deleted namespace edge\n',
        err: '',
      });
      expect(await cp(['tunnels', 'list', '--json'])).toEqual({ code: 0, out: '[]\n', err: '' });
    });
  });

  describe('the fleet and the caller', () => {
    it('shows the overview and who the caller is, in a table and as the API answers', async () => {
      const overview = await cp(['overview']);
      expect(overview.code).toBe(0);
      expect(overview.out).toMatch(/^CLIENTS +ENABLED +DISABLED +REMOVED\n +\d+ +\d+ +\d+\n/);
      expect(fields(overview.out.split('\n').slice(4).join('\n'))).toMatchObject({
        CA: expect.stringMatching(/CN=.*valid until \d{4}-/),
        outbox: expect.stringMatching(/^\d+$/),
      });
      const asJson = JSON.parse((await cp(['overview', '--json'])).out);
      expect(asJson.clients).toEqual((await api('GET', '/overview')).clients);
      expect(asJson.issued_per_minute).toHaveLength(60);
      expect(await cp(['whoami'])).toEqual({
        code: 0,
        out: expect.stringMatching(/^actor +token:default\nauthenticated by +\S+\nroles +admin/),
        err: '',
      });
      expect(JSON.parse((await cp(['whoami', '--json'])).out)).toEqual(await api('GET', '/whoami'));
    });
  });

  describe('usage, help and exit codes', () => {
    it('shows a verb’s help with certplane help <verb> and <verb> --help alike (exit 0)', async () => {
      const help = await cp(['help', 'certificates', 'list']);
      expect(help).toMatchObject({ code: 0, err: '' });
      expect(help.out).toMatch(/^Usage: certplane certificates list \[flags\]\n/);
      expect(help.out).toContain('--expiring-within <duration>');
      expect(help.out).toContain(
        'Exit codes: 0 done, 1 certplane refused or failed (or a file is in the way), 2 wrong usage, 3 certplane unreachable.',
      );
      expect(await cp(['certificates', 'list', '--help'])).toEqual(help);
      expect((await cp(['help', 'tunnels'])).out).toContain('certplane tunnels rotate-token <name>');
    });

    it.each([
      [
        'an unknown verb',
        ['list'],
        /^certplane: unknown command "list"\n\nRun certplane help for the verbs and their flags\.\n$/,
      ],
      [
        'an unknown verb of a family',
        ['clients', 'frobnicate'],
        /^certplane: unknown command "clients frobnicate"\n\nUsage:\n  certplane clients list /,
      ],
      [
        'an unknown flag',
        ['clients', 'list', '--colour'],
        /^certplane: unknown flag --colour\n\nUsage: certplane clients list \[flags\]\nRun certplane help clients list for its flags\.\n$/,
      ],
      [
        'a flag of another verb',
        ['clients', 'list', '--reason', 'x'],
        /^certplane: unknown flag --reason\n\nUsage: certplane clients list \[flags\]/,
      ],
      ['a missing argument', ['clients', 'show'], /^certplane: clients show takes <id\|name>\n/],
      ['an extra argument', ['clients', 'list', 'beta'], /^certplane: clients list takes no arguments, not beta\n/],
      [
        'a duration Duration refuses',
        ['certificates', 'list', '--expiring-within', '1h30m'],
        /^certplane: --expiring-within must be a whole number followed by s, m, h or d \(e\.g\. 15m, 24h, 90d\)\n$/,
      ],
      [
        'a port that is no number',
        ['tunnels', 'create', 'x', '--namespace', 'n', '--port', 'http'],
        /^certplane: --port takes a TCP port number, not "http"\n$/,
      ],
      [
        'a route and no route',
        ['channels', 'update', 'x', '--route', 'a', '--no-route'],
        /^certplane: give --route or --no-route, not both\n$/,
      ],
      ['a bulk without its file', ['clients', 'create-bulk'], /^certplane: clients create-bulk needs --file <file>\n$/],
    ])('exits 2 on %s, with one line and the usage', async (_what, argv, message) => {
      const run = await cp(argv);
      expect(run).toMatchObject({ code: 2, out: '' });
      expect(run.err).toMatch(message);
    });

    it('exits 1 when certplane refuses (the token, a missing client) and 3 when it cannot be reached', async () => {
      const refused = await cp(['clients', 'list', '--token', 'wrong-token-wrong-token']);
      expect(refused).toEqual({
        code: 1,
        out: '',
        err: `certplane: the API token was refused by certplane at ${h.url} (401); check --token or CERTPLANE_API_TOKEN\n`,
      });
      expect(await cp(['clients', 'show', '0'.repeat(32)])).toMatchObject({
        code: 1,
        err: expect.stringMatching(/\(CLIENT_NOT_FOUND\)\n$/),
      });
      const nobody = `http://127.0.0.1:${await freePort()}`;
      expect(await cp(['tunnels', 'list', '--url', nobody])).toEqual({
        code: 3,
        out: '',
        err: `certplane: cannot reach certplane at ${nobody} (ECONNREFUSED)\n`,
      });
      expect(await cp(['namespaces', 'list'], { CERTPLANE_API_TOKEN: '' })).toMatchObject({
        code: 2,
        err: 'certplane: no API token: pass --token or set CERTPLANE_API_TOKEN\n',
      });
    });
  });

  it('has a verb for every operator and admin route of the OpenAPI document, but those excluded above', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { 'x-certplane-roles'?: string[] }>>;
    };
    const operatorRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op['x-certplane-roles'] ?? []).some((r) => r === 'operator' || r === 'admin'))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(operatorRoutes.length).toBeGreaterThan(20);
    const covered = new Set(VERBS.flatMap((v) => v.routes));
    expect(operatorRoutes.filter((r) => !covered.has(r) && !(r in WITHOUT_A_VERB))).toEqual([]);
    // And the other way round: every route a verb or the exclusions name exists.
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    expect([...covered, ...Object.keys(WITHOUT_A_VERB)].filter((r) => !documented.has(r))).toEqual([]);
  });
});
