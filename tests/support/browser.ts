/**
 * Debian's Chromium, headless, driven by playwright-core: the launch flags
 * this machine needs (no browser download, no background network traffic).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** A laptop-sized page; uncaught page errors are collected into `errors`. */
export async function newLaptopPage(browser: Browser, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}
