import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { Harness, startCertplane } from '../support/certplane-harness';
import { launchChromium, seriousViolations, TestBrowser, watchedPage } from '../support/browser';
import { OidcIssuer } from '../support/oidc-issuer';

const ROOT = join(__dirname, '..', '..');
const AUDIENCE = 'https://certplane.test/api';
const CLIENT_ID = 'certplane-console';

/**
 * The console signing people in at a real OIDC issuer (oidc-provider on loopback, its own login and
 * consent pages) with authorization code + PKCE, in Debian's Chromium: roles come from the issuer's
 * token, an operator is offered no admin-only action, the code never stays in the address, and a
 * session the issuer's token no longer carries returns to sign-in.
 */
describe('operator console: sign-in at an OIDC issuer', () => {
  let issuer: OidcIssuer;
  let h: Harness;
  let browser: TestBrowser;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'console', 'index.html')))
      throw new Error('the console is not built: node scripts/build.js');
    issuer = await OidcIssuer.reserve({ audience: AUDIENCE, clients: [] });
    h = await startCertplane({
      captureLogs: true,
      env: {
        CERTPLANE_OIDC_ISSUER_URL: issuer.url,
        CERTPLANE_OIDC_AUDIENCE: AUDIENCE,
        CERTPLANE_CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
      },
    });
    await issuer.startWithConsole({
      client_id: CLIENT_ID,
      redirect_uri: `${h.url}/console/oidc-callback`,
      origin: h.url,
      users: { olivia: ['operator'], ada: ['admin'] },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await issuer?.stop();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  /**
   * Through the issuer's own pages, as a person would: the login form (any password), then consent.
   * Signed in at the issuer already (its session cookie), the browser comes straight back.
   */
  async function signIn(context: BrowserContext, login: string, start = '/console'): Promise<Page> {
    const page = await watchedPage(context, problems);
    await page.goto(`${h.url}${start}`);
    await page.getByRole('button', { name: `Sign in with ${new URL(issuer.url).host}` }).click();
    await page.locator('input[name=login], [data-testid=viewer]').first().waitFor();
    if (new URL(page.url()).origin !== issuer.url) return page;
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('viewer').waitFor();
    return page;
  }

  it('tells the console its issuer and public client, and lets the page connect to that issuer only', async () => {
    const settings = await h.call('GET', '/console-settings', undefined, { authorization: '' });
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({
      oidc: { issuer: issuer.url, client_id: CLIENT_ID, scope: 'openid', resource: AUDIENCE },
    });
    const csp = (await fetch(`${h.url}/console`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src 'self' ${issuer.url};`);
    expect(csp).toContain("script-src 'self';");
    // The API's own answers still allow nothing.
    expect((await fetch(`${h.url}/console-settings`)).headers.get('content-security-policy')).toContain(
      "default-src 'none'",
    );
  });

  it('signs an operator in with code + PKCE, returns to the page asked for without the code in the address, and offers it profiles read-only', async () => {
    const context = await browser.context();
    const asked: string[] = [];
    context.on('request', (r) => asked.push(r.url()));
    const page = await signIn(context, 'olivia', '/console/profiles');
    await page.getByTestId('viewer').filter({ hasText: 'oidc:olivia (operator)' }).waitFor();
    expect(page.url()).toBe(`${h.url}/console/profiles`);
    const authorize = new URL(asked.find((u) => u.startsWith(`${issuer.url}/auth?`))!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(authorize.searchParams.get('resource')).toBe(AUDIENCE);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${h.url}/console/oidc-callback`);
    const token = (await page.evaluate(`sessionStorage.getItem('certplane.token')`)) as string;
    expect(token.split('.')).toHaveLength(3);
    expect(await page.evaluate(`sessionStorage.getItem('certplane.oidc.pending')`)).toBeNull();
    expect(asked.some((u) => u.includes(token))).toBe(false);
    // The code reached certplane once, in the callback's address; neither it nor the token is in a log line.
    const callback = new URL(asked.find((u) => u.startsWith(`${h.url}/console/oidc-callback?`))!);
    const code = callback.searchParams.get('code')!;
    expect(code.length).toBeGreaterThan(20);
    expect(h.logs.some((l) => l.includes('"url":"/whoami"'))).toBe(true);
    expect(h.logs.filter((l) => l.includes(code) || l.includes(token))).toEqual([]);
    expect(await page.evaluate('location.search')).toBe('');

    const profiles = page.getByTestId('profiles');
    await profiles.getByRole('cell', { name: 'default (built in)' }).waitFor();
    await expect(page.getByRole('button', { name: 'Create profile' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Delete / }).count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    // The guard agrees: the issuer's operator token may read profiles and not write them.
    const as = { authorization: `Bearer ${token}` };
    expect((await h.call('GET', '/profiles', undefined, as)).status).toBe(200);
    const refused = await h.call('DELETE', '/profiles/anything', undefined, as);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: `Sign in with ${new URL(issuer.url).host}` }).waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('certplane.token')`)).toBeNull();
    await context.close();
  });

  it('offers an admin the profile actions, which create and delete a profile', async () => {
    const context = await browser.context();
    const page = await signIn(context, 'ada', '/console/profiles');
    await page.getByTestId('viewer').filter({ hasText: 'oidc:ada (admin)' }).waitFor();
    await page.getByLabel('Profile name').fill('mesh-client');
    await page.getByRole('button', { name: 'Create profile' }).click();
    const row = page.getByTestId('profiles').getByRole('row', { name: /mesh-client/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('30d');
    expect(await seriousViolations(page)).toEqual([]);
    // Made anew only when asked, as the other pages' pictures in docs/console.
    if (process.env.CERTPLANE_WRITE_SCREENSHOTS === '1')
      writeFileSync(join(ROOT, 'docs', 'console', 'profiles.png'), await page.screenshot({ fullPage: true }));
    await row.getByRole('button', { name: 'Delete mesh-client' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete mesh-client' }).click();
    await row.waitFor({ state: 'detached' });
    const events = await h.ds.query(
      `SELECT type, metadata->>'actor' AS actor FROM events WHERE stream_id LIKE 'profile-%' ORDER BY position`,
    );
    expect(events).toEqual([
      { type: 'ProfileDefined', actor: 'oidc:ada' },
      { type: 'ProfileDeleted', actor: 'oidc:ada' },
    ]);
    await context.close();
  });

  it('returns to sign-in when the token expires, and when the API stops taking it', async () => {
    const context = await browser.context();
    const page = await signIn(context, 'olivia');
    await page.getByTestId('viewer').filter({ hasText: 'oidc:olivia' }).waitFor();
    // The issuer said how long the token lasts: the console leaves when it ends, without asking the API.
    await page.evaluate(`sessionStorage.setItem('certplane.token.expires', String(Date.now() + 1500))`);
    await page.reload();
    await page.getByTestId('viewer').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Your session expired' }).waitFor({ timeout: 10_000 });
    expect(await page.evaluate(`sessionStorage.getItem('certplane.token')`)).toBeNull();

    const again = await signIn(context, 'olivia');
    await again.getByTestId('viewer').filter({ hasText: 'oidc:olivia' }).waitFor();
    await again.evaluate(`sessionStorage.setItem('certplane.token', 'not.a-token.any-more')`);
    await again.getByRole('link', { name: 'Clients', exact: true }).click();
    await again.getByRole('alert').filter({ hasText: 'sign in again' }).waitFor();
    await context.close();
  });

  it('refuses an answer this tab did not ask for (state), and leaves it out of the address', async () => {
    const context = await browser.context();
    const page = await watchedPage(context, problems);
    await page.goto(`${h.url}/console/oidc-callback?code=stolen-code&state=forged`);
    await page.getByRole('alert').filter({ hasText: 'No sign-in was started in this tab' }).waitFor();
    expect(page.url()).toBe(`${h.url}/console`);
    await page.getByRole('button', { name: `Sign in with ${new URL(issuer.url).host}` }).click();
    await page.waitForURL((u) => u.origin === issuer.url);
    await page.goto(`${h.url}/console/oidc-callback?code=stolen-code&state=forged`);
    await page.getByRole('alert').filter({ hasText: 'state differs' }).waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('certplane.token')`)).toBeNull();
    await context.close();
  });
});
