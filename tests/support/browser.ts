/**
 * Debian's Chromium, headless, driven by playwright-core: the launch flags
 * this machine needs (no browser download, no background network traffic).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer, type StartOptions } from './server.js';

/** Generous: the first sandbox on a cold machine, a slow CI runner. */
export const STEP_TIMEOUT_MS = 30_000;
export const SCREENSHOT_DIR = path.resolve('test-results');

/** The page's test hook (web/src/test-hook.ts), present under automation. */
export interface SyslabWindow {
  __syslab?: { terminalText(): string; sessionId(): string | null };
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A laptop-sized page; uncaught page errors and Content-Security-Policy
 * violations (the server's policy is the one the page must live under) are
 * collected into `errors`.
 */
export async function newLaptopPage(browser: Browser, errors: string[], viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  // Chromium logs most violations to the console, but not all: a blocked
  // WebAssembly compile whose rejection the page catches logs nothing. The
  // DOM event fires for every one; turn it into a console error too.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
  return page;
}

export interface BrowserSession {
  /** Set once the suite's beforeAll has run. */
  readonly page: Page;
  readonly server: RunningServer;
  readonly pageErrors: string[];
  /**
   * Runs one step of a scenario; on failure saves a screenshot and puts
   * what the learner saw (status, guide, terminal) in the error.
   */
  step<T>(name: string, action: () => Promise<T>): Promise<T>;
}

/**
 * The real server and Chromium for a whole suite, torn down after it (the
 * browser first; a browser that fails to close must not leave the server
 * running). `options` is read when the suite starts. Call inside `describe`
 * or at the top of a file. The server keeps a warm sandbox per lab, as it
 * does by default: a browser suite walks the path a learner takes.
 */
export function useServerAndBrowser(options: () => StartOptions = () => ({})): { readonly server: RunningServer; readonly browser: Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const asked = options();
    server = await startServer({ ...asked, env: { SYSLAB_WARM_SANDBOXES: '1', ...asked.env } });
    browser = await launchChromium();
  }, 2 * STEP_TIMEOUT_MS);

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      await server?.stop();
    }
  }, STEP_TIMEOUT_MS);

  return {
    get server() { return server!; },
    get browser() { return browser!; },
  };
}

/** useServerAndBrowser with one laptop page and a `step` that explains failures. */
export function useBrowserSession(prefix: string, options?: () => StartOptions): BrowserSession {
  const running = useServerAndBrowser(options);
  let page: Page | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    page = await newLaptopPage(running.browser, pageErrors);
  }, STEP_TIMEOUT_MS);

  const session: BrowserSession = {
    get page() { return page!; },
    get server() { return running.server; },
    pageErrors,
    async step(name, action) {
      try {
        return await action();
      } catch (error) {
        const shot = path.join(SCREENSHOT_DIR, `e2e-${prefix}-failed-${name.replace(/\W+/g, '-')}.png`);
        await session.page.screenshot({ path: shot }).catch(() => undefined);
        const state = await session.page.evaluate(() => ({
          url: location.href,
          status: document.querySelector('[data-testid="connection-status"]')?.textContent ?? '(no status element)',
          guide: document.querySelector('[data-testid="guide-page"]')?.textContent?.slice(0, 1500) ?? '(no guide page)',
          terminal: (window as unknown as SyslabWindow).__syslab?.terminalText() ?? '(no test hook)',
        })).catch((e: unknown) => ({ url: '?', status: '?', guide: '?', terminal: `(page not readable: ${String(e)})` }));
        throw new Error(
          `step "${name}" failed: ${error instanceof Error ? error.message : String(error)}\n`
          + `url: ${state.url}\nstatus: ${state.status}\nscreenshot: ${shot}\npage errors: ${pageErrors.join(' | ') || 'none'}\n`
          + `guide:\n${state.guide}\nterminal:\n${state.terminal}`,
          { cause: error },
        );
      }
    },
  };
  return session;
}
