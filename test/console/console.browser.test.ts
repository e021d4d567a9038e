import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { launchChromium, seriousViolations, TestBrowser, watchedPage } from '../support/browser';
import { clientApi, waitForCertificates } from '../clients/client-fixtures';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'docs', 'console');
const OPS_TOKEN = randomBytes(24).toString('hex');

/**
 * The operator console in Debian's Chromium against a real certplane (Postgres, NATS): signed in
 * with a token as a person would, under the console's own Content-Security-Policy, every page
 * audited by axe-core, and the screenshots in docs/console taken along the way.
 */
describe('operator console in a browser', () => {
  let h: Harness;
  let browser: TestBrowser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'console', 'index.html')))
      throw new Error('the console is not built: node scripts/build.js');
    // Certificates of 30 days, so that they show in the overview's 90-day expiry histogram.
    h = await startCertplane({
      env: { CERTPLANE_API_TOKENS: `ops:operator:${OPS_TOKEN}`, CERTPLANE_CERT_VALIDITY: '30d' },
    });
    browser = await launchChromium();
    context = await browser.context();
    page = await watchedPage(context, problems);
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  afterEach(() => {
    // A script or style the policy refused, or a page error, is a failure of whichever test caused it.
    expect(problems.splice(0)).toEqual([]);
  });

  async function audited(name: string): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    // The pictures show the moment they were taken: made anew only when asked, so a run leaves the docs as they are.
    const picture = await page.screenshot({ fullPage: true });
    expect(picture.length).toBeGreaterThan(0);
    if (process.env.CERTPLANE_WRITE_SCREENSHOTS === '1') writeFileSync(join(SHOTS, `${name}.png`), picture);
  }

  it('serves the console with a policy that admits only its own origin, and keeps the token out of the URL', async () => {
    const r = await fetch(`${h.url}/console/clients/anything`);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await r.text()).toContain('<div id="app">');
    expect((await fetch(`${h.url}/docs/`)).headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${h.url}/clients`)).headers.get('content-security-policy')).toContain("default-src 'none'");

    await page.goto(`${h.url}/console`);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.getByLabel('API token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'UNAUTHORIZED' }).waitFor();
    await audited('sign-in');

    await page.getByLabel('API token').fill(h.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('viewer').filter({ hasText: 'token:default (admin)' }).waitFor();
    expect(page.url()).not.toContain(h.token);
    expect(await page.evaluate(`sessionStorage.getItem('certplane.token')`)).toBe(h.token);
  });

  it('shows a client enrolled through the API without a reload, disables it with confirmation, and the slider shows it enabled before', async () => {
    const api = clientApi(h);
    await page.goto(`${h.url}/console/clients?search=live-`);
    await page.getByTestId('clients').waitFor();
    await page.evaluate('window.notReloaded = true');

    const created = await api.create({ name: 'live-web-1', tags: ['edge'], hostname: 'live-web-1.example.com' });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await page.getByRole('link', { name: 'live-web-1' }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await waitForCertificates(h, id, (items) => items.length === 1, 'the first certificate');
    await audited('clients');

    await page.getByRole('link', { name: 'live-web-1' }).click();
    await page.getByTestId('status').filter({ hasText: 'enabled' }).waitFor();
    await page.getByRole('button', { name: 'Disable' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable' });
    await dialog.getByText('Disable live-web-1?').waitFor();
    await audited('client-confirm');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await page.getByTestId('status').filter({ hasText: 'disabled' }).waitFor();
    const details = await api.details(id);
    expect(details.status).toBe(409);
    expect(details.body.code).toBe('CLIENT_DISABLED');
    await page.getByTestId('timeline').getByText('ClientDisabled').waitFor();
    await page.getByText('by token:default').first().waitFor();
    await audited('client');

    const slider = page.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('Home'); // the enrolment
    await page.getByTestId('status').filter({ hasText: 'enabled' }).waitFor();
    const at = new URL(page.url()).searchParams.get('at');
    expect(at).not.toBeNull();
    expect((await api.get(id, `?at=${encodeURIComponent(at!)}`)).body.status).toBe('enabled');
    await expect(page.getByRole('button', { name: 'Enable' }).count()).resolves.toBe(0); // no actions on the past
    await page.keyboard.press('End');
    await page.getByTestId('status').filter({ hasText: 'disabled' }).waitFor();
    expect(new URL(page.url()).searchParams.get('at')).toBeNull();
  });

  it('draws the overview: the expiry histogram and issuance have bars for the certificates issued', async () => {
    const api = clientApi(h);
    const other = await api.create({ name: 'overview-1' });
    await waitForCertificates(h, other.body.id, (items) => items.length === 1, 'a certificate');
    await page.getByRole('link', { name: 'Overview' }).click();
    const expiry = page.getByTestId('expiry-chart');
    await expiry.locator('svg[role=img]').waitFor();
    // The valid certificates land in the bar of day 29 or 30, drawn with a height.
    const heights = await expiry
      .locator('rect.bar')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    expect(heights).toHaveLength(90);
    expect(heights[28] + heights[29]).toBeGreaterThan(0);
    const issued = await page
      .getByTestId('issuance-chart')
      .locator('rect.bar')
      .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('height'))));
    expect(issued).toHaveLength(60);
    expect(issued[59] + issued[58]).toBeGreaterThan(0);
    await page.getByRole('cell', { name: 'postgres:responseTime' }).waitFor();
    await audited('overview');
  });

  it('keeps the layout through the overview live refreshes: a nav link taken before them is the one clicked after', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    const valid = page.getByTestId('valid');
    await valid.waitFor();
    const clients = await page.$('header nav a[href="/console/clients"]');
    // Any node the refreshes add to or remove from the header is a re-render of the layout.
    await page.evaluate(`(() => {
      window.headerChanges = 0;
      new MutationObserver((records) => { window.headerChanges += records.length; })
        .observe(document.querySelector('header'), { childList: true, subtree: true });
    })()`);
    const api = clientApi(h);
    for (const name of ['refresh-1', 'refresh-2']) {
      const before = (await valid.textContent())!;
      const created = await api.create({ name });
      await waitForCertificates(h, created.body.id, (items) => items.length === 1, 'a certificate');
      await valid.filter({ hasNotText: new RegExp(`^${before}$`) }).waitFor({ timeout: 15_000 });
    }
    expect(await page.evaluate('window.headerChanges')).toBe(0);
    expect(await clients!.evaluate((a) => (a as unknown as { isConnected: boolean }).isConnected)).toBe(true);
    await clients!.click();
    await page.getByTestId('clients').waitFor();
  });

  it('lists certificates by expiry and shows one decoded, with a PEM download that is the certificate', async () => {
    await page.getByRole('link', { name: 'Certificates', exact: true }).click();
    await page.getByTestId('certificates').waitFor();
    const expiries = await page.getByTestId('certificates').locator('tbody tr td:first-child').allTextContents();
    expect(expiries.length).toBeGreaterThan(1);
    expect([...expiries].sort()).toEqual(expiries);
    await audited('certificates');

    await page.getByTestId('certificates').locator('tbody tr a code').first().click();
    const fields = page.getByTestId('certificate');
    await fields.waitFor();
    const fingerprint = (await fields.locator('dt:text("SHA-256 fingerprint") + dd').textContent())!.trim();
    for (const label of ['Subject', 'Subject alternative names', 'Serial number', 'Issuer', 'Valid'])
      await fields.locator(`dt:text-is("${label}")`).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PEM' }).click(),
    ]);
    const pem = readFileSync((await download.path())!, 'utf8');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(createHash('sha256').update(der).digest('hex')).toBe(fingerprint);
    await audited('certificate');
  });

  it('creates a namespace and a tunnel, rotates its token and shows the new one once', async () => {
    await page.getByRole('link', { name: 'Tunnels and namespaces' }).click();
    await page.getByLabel('New namespace').fill('edge');
    await page.getByRole('button', { name: 'Create namespace' }).click();
    await page.getByTestId('namespaces').getByRole('cell', { name: 'edge', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('celerity');
    await page.getByLabel('Namespace', { exact: true }).fill('edge');
    await page.getByLabel('TCP ports').fill('80, 443');
    await page.getByRole('button', { name: 'Create tunnel' }).click();
    await page.getByTestId('tunnels').getByRole('cell', { name: 'celerity', exact: true }).waitFor();
    const first = await page.getByTestId('issued-token').textContent();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.getByRole('button', { name: 'Rotate token of celerity' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();
    const rotated = await page.getByTestId('issued-token').textContent();
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(first);
    await page.getByRole('button', { name: 'Hide' }).click();
    // The list's tokens never reach the page.
    expect(await page.content()).not.toContain(rotated!);
    await audited('tunnels');
  });

  it('pages 10,000 clients on the server: one page of 25 rows is fetched, and the next page is asked for by offset', async () => {
    await h.ds.query(
      `INSERT INTO rm_clients (client_id, name, topics, status, tags, metadata, enrolled_at, updated_at)
       SELECT md5('bulk-' || n), 'bulk-' || lpad(n::text, 5, '0'), '{}'::json, 'enabled', ARRAY['bulk'], '{}'::json, now() - interval '1 day' + n * interval '1 ms', now()
         FROM generate_series(1, 10000) AS n`,
    );
    const asked: string[] = [];
    page.on('request', (r) => r.url().startsWith(`${h.url}/clients?`) && asked.push(new URL(r.url()).search));
    await page.goto(`${h.url}/console/clients?tag=bulk`);
    const table = page.getByTestId('clients');
    await table.locator('caption').filter({ hasText: '10000 clients, 1–25 shown' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(25);
    expect(asked).toEqual(['?tag=bulk&limit=25']);
    await page.getByRole('button', { name: 'Next' }).click();
    await table.locator('caption').filter({ hasText: '26–50 shown' }).waitFor();
    await table.getByRole('link', { name: 'bulk-00026' }).waitFor();
    expect(asked[1]).toBe('?tag=bulk&limit=25&offset=25');
    await page.getByLabel('Name contains').fill('bulk-0999');
    await page.getByRole('button', { name: 'Filter' }).click();
    await table.locator('caption').filter({ hasText: '10 clients, 1–10 shown' }).waitFor();
  });

  it('shows an operator only the actions its role may call, as the API describes them', async () => {
    const ops = await watchedPage(await browser.context(), problems);
    await ops.goto(`${h.url}/console`);
    await ops.getByLabel('API token').fill(OPS_TOKEN);
    await ops.getByRole('button', { name: 'Sign in' }).click();
    await ops.getByTestId('viewer').filter({ hasText: 'token:ops (operator)' }).waitFor();
    const c = await clientApi(h).create({ name: 'ops-view' });
    await waitForCertificates(h, c.body.id, (items) => items.length === 1, 'a certificate');
    // Today every client action is the operator's too: it sees them.
    await ops.goto(`${h.url}/console/clients/${c.body.id}`);
    await ops.getByRole('button', { name: 'Disable' }).waitFor();
    // A route the API says is admin-only is not offered to an operator: the console reads x-certplane-roles from /openapi.json.
    const doc = (await h.call('GET', '/openapi.json')).body;
    for (const path of [
      '/clients/{id}/disable',
      '/clients/{id}',
      '/clients/{id}/certificate/renew',
      '/certificates/{serial}/revoke',
    ]) {
      for (const op of Object.values(doc.paths[path] as Record<string, { 'x-certplane-roles'?: string[] }>))
        op['x-certplane-roles'] = ['admin'];
    }
    for (const p of [ops, page]) await p.route(`${h.url}/openapi.json`, (route) => route.fulfill({ json: doc }));
    await ops.reload();
    await ops.getByTestId('status').filter({ hasText: 'enabled' }).waitFor();
    for (const name of ['Disable', 'Renew', 'Delete', 'Revoke'])
      await expect(ops.getByRole('button', { name }).count()).resolves.toBe(0);
    await page.goto(`${h.url}/console/clients/${c.body.id}`);
    for (const name of ['Disable', 'Renew', 'Delete', 'Revoke']) await page.getByRole('button', { name }).waitFor();
    // And the server refuses an operator what it does not offer: the guard, not the page, decides.
    expect((await h.call('GET', '/overview', undefined, { authorization: `Bearer ${OPS_TOKEN}` })).status).toBe(200);
    expect((await h.call('GET', '/overview')).status).toBe(401);
    await ops.context().close();
  });

  it('follows changes over server-sent events, ids and event types only', async () => {
    const ctl = new AbortController();
    const res = await fetch(`${h.url}/changes`, { headers: bearer(h), signal: ctl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    const c = await clientApi(h).create({ name: 'sse-1' });
    await eventually(
      async () => {
        const { value } = await reader.read();
        seen += value ?? '';
        return seen.includes(`client-${c.body.id}`) ? true : undefined;
      },
      15_000,
      'the change event',
    );
    expect(seen).toMatch(/event: change\ndata: \{"streams":\[/);
    expect(seen).toContain('ClientEnrolled');
    expect(seen).not.toContain(String(c.body.url)); // the details secret
    ctl.abort();
    expect((await fetch(`${h.url}/changes`)).status).toBe(401);
  });
});
