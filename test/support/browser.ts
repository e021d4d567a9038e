import { existsSync, readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (.ci/services installs it); playwright-core drives it and downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A fresh context (its own sessionStorage, cookies, downloads allowed). */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile: playwright-core's launch makes a temporary user-data-dir and removes it on close. */
export async function launchChromium(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (bash .ci/services does)`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    context: () => browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } }),
    close: () => browser.close(),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's audit of the page as it is now. It is evaluated through the DevTools protocol, which
 * the page's Content-Security-Policy does not govern, so the audit needs no weaker policy.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string: it runs in the page, where document and axe are (this file is compiled without the DOM's types).
  return page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then(({ violations }) =>
    violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`);
}

/** The violations that block: serious and critical ones. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A page whose failures are collected as problems: a resource the Content-Security-Policy refused or
 * a failed script (console errors, but for the API's own 401 and 409 answers), and page errors.
 */
export async function watchedPage(context: BrowserContext, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on(
    'console',
    (m) =>
      m.type() === 'error' &&
      !/401|409|Failed to load resource/.test(m.text()) &&
      problems.push(`console: ${m.text()}`),
  );
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}
