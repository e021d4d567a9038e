import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, seriousViolations, TestBrowser, watchedPage } from '../support/browser';
import { Distributed, startDistributed } from '../support/distributed';
import { callHttp } from '../support/http';
import { ChildRun } from '../support/processes';
import { waitUntil } from '../support/wait';

jest.setTimeout(90_000);

/**
 * The console against the distributed topology: the api, a cert-issuer and a projector as separate
 * processes of the build. What the page shows comes through the other processes: certificates from
 * the cert-issuer, read models and the live changes (Postgres NOTIFY) from the projector.
 */
describe('topology: the console against separate api, cert-issuer and projector processes', () => {
  let d: Distributed;
  let browser: TestBrowser;
  let page: Page;
  const problems: string[] = [];

  const call = (method: string, path: string, body?: unknown) =>
    callHttp(d.url, method, path, { body, headers: { authorization: `Bearer ${d.token}` } });
  const explained = (fn: () => Promise<void>) => ChildRun.explainFailures(d.children, fn);

  beforeAll(async () => {
    if (!existsSync(join(__dirname, '..', '..', 'dist', 'console', 'index.html')))
      throw new Error('the console is not built: node scripts/build.js');
    d = await startDistributed();
    browser = await launchChromium();
    page = await watchedPage(await browser.context(), problems);
  });

  afterAll(async () => {
    await browser?.close();
    await d?.stop();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  it('signs in, shows a client enrolled through the API without a reload, and disables it from the console', () =>
    explained(async () => {
      await page.goto(`${d.url}/console/clients?search=topo-`);
      await page.getByLabel('API token').fill(d.token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('viewer').filter({ hasText: 'token:default (admin)' }).waitFor();
      await page.getByTestId('clients').waitFor();
      await page.evaluate('window.notReloaded = true');

      const created = await call('POST', '/clients', { name: 'topo-web-1' });
      expect(created.status).toBe(201);
      const id: string = created.body.id;
      await page.getByRole('link', { name: 'topo-web-1' }).waitFor({ timeout: 20_000 });
      expect(await page.evaluate('window.notReloaded')).toBe(true);
      // The cert-issuer process signs, the projector process records it: the list shows the certificate.
      await waitUntil(
        'the certificate in the read model',
        async () => ((await call('GET', `/clients/${id}`)).body.certificate ? true : undefined),
        20_000,
      );
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'topo-web-1' }).click();
      await page.getByTestId('status').filter({ hasText: 'enabled' }).waitFor();
      await page.getByRole('button', { name: 'Disable' }).click();
      await page.getByRole('dialog', { name: 'Disable' }).getByRole('button', { name: 'Disable' }).click();
      await page.getByTestId('status').filter({ hasText: 'disabled' }).waitFor();
      const details = await callHttp(d.url, 'GET', `/informationservice/details/${created.body.url}`);
      expect([details.status, details.body.code]).toEqual([409, 'CLIENT_DISABLED']);
      // The revocation comes from the cert-issuer process, and reaches the page as a change.
      await page.getByTestId('timeline').getByText('CertificateRevoked').waitFor({ timeout: 20_000 });
    }));

  it("draws the overview from the read models, with each consumer's lag as the bus reports it", () =>
    explained(async () => {
      await page.getByRole('link', { name: 'Overview' }).click();
      await page.getByTestId('expiry-chart').locator('svg[role=img]').waitFor();
      for (const consumer of ['projector', 'cert-issuer']) await page.getByText(`${consumer} lag`).waitFor();
      expect(await page.getByText('not in this process').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'Certificates', exact: true }).click();
      await page.getByTestId('certificates').getByText('topo-web-1').first().waitFor();
    }));
});
