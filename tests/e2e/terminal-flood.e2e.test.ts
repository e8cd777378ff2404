/**
 * A flood through the real page: Chromium's xterm.js parses the output and
 * acknowledges it (web/src/terminal-connection.ts), the server batches it
 * into frames and pauses the pty when the page falls behind. The flood must
 * end with every line drawn, the page must keep typing afterwards, and a
 * reload must replay the flood's last lines from the server's mirror. And
 * 24-bit colours, which xterm.js writes into a cell's style attribute, are
 * drawn under the page's strict CSP without a single violation.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, useBrowserSession, type SyslabWindow } from '../support/browser.js';

/** ~6.9 MB of output: many flow-control windows, many frames. */
const LINES = 1_000_000;

describe('the terminal in Chromium: a flood, and true colour', () => {
  const browserSession = useBrowserSession('terminal-flood');
  const { step, pageErrors } = browserSession;
  let page: Page;
  beforeAll(() => {
    page = browserSession.page;
  });

  const terminalText = () => page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.terminalText() ?? '');
  const waitForLine = (line: string, timeout = 30_000) => page.waitForFunction(
    (expected) => (window as unknown as SyslabWindow).__syslab?.terminalText().split('\n').some((row) => row.trim() === expected) ?? false,
    line, { timeout },
  );
  async function type(command: string) {
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  it('draws every line of a flood, keeps typing afterwards, and replays its end after a reload', async () => {
    await step('open the hello lab', async () => {
      await page.goto(`${browserSession.server.url}/labs/hello`);
      await page.locator('[data-testid="terminal"] .xterm').waitFor();
      await page.waitForFunction(() => /\$\s*$/m.test((window as unknown as SyslabWindow).__syslab?.terminalText() ?? ''));
    });

    await step('flood', async () => {
      const t0 = Date.now();
      await type(`seq 1 ${LINES}; echo flood""-end`);
      await waitForLine('flood-end', 120_000);
      const seconds = (Date.now() - t0) / 1000;
      console.log(`[terminal flood] ${LINES} lines (~6.9 MB) drawn by Chromium in ${seconds.toFixed(1)} s`);
      // The last screen holds the flood's last lines, in order, right above the marker.
      const text = await terminalText();
      expect(text).toMatch(new RegExp(`${LINES - 1}\\s*\\n${LINES}\\s*\\nflood-end`));
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-terminal-flood.png') });
    });

    await step('typing works after the flood', async () => {
      await type('echo after-$((6*7))');
      await waitForLine('after-42');
    });

    await step('a reload replays the flood\'s end from the server', async () => {
      await page.reload();
      await page.locator('[data-testid="terminal"] .xterm').waitFor();
      await waitForLine('after-42');
      expect(await terminalText()).toMatch(new RegExp(`${LINES}\\s*\\nflood-end`));
    });
    expect(pageErrors, 'uncaught errors and CSP violations in the page').toEqual([]);
  }, 240_000);

  it('draws 24-bit colours, which xterm.js sets as a style attribute, under the page\'s CSP', async () => {
    await step('print in true colour', async () => {
      await type(`printf '\\e[38;2;255;0;0m%s\\e[0m \\e[48;2;0;0;255m%s\\e[0m\\n' truered trueblue`);
      await waitForLine('truered trueblue');
    });
    const colours = await page.evaluate(() => {
      const spans = [...document.querySelectorAll<HTMLElement>('[data-testid="terminal"] .xterm-rows span')];
      const find = (text: string) => spans.find((s) => s.textContent === text);
      return { red: find('truered') && getComputedStyle(find('truered')!).color, blue: find('trueblue') && getComputedStyle(find('trueblue')!).backgroundColor };
    });
    expect(colours).toEqual({ red: 'rgb(255, 0, 0)', blue: 'rgb(0, 0, 255)' });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-terminal-truecolor.png') });
    expect(pageErrors, 'uncaught errors and CSP violations in the page').toEqual([]);
  });
});
