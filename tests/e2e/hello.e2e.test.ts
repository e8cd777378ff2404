/**
 * The whole chain, as a learner meets it: the real server with the bubblewrap
 * driver serves the built page; Chromium opens the hello lab, types into the
 * terminal, and sees the shell's answer; a reload re-attaches to the same
 * session and the server's screen replay shows the earlier output again.
 *
 * The page must have been built (dist/web); the test command builds first.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, STEP_TIMEOUT_MS, useBrowserSession, type SyslabWindow } from '../support/browser.js';

describe('hello lab in Chromium', () => {
  // As a server runs by default: the session comes from the warm pool.
  const browserSession = useBrowserSession('hello', () => ({ env: { SYSLAB_WARM_SANDBOXES: '1', SYSLAB_WARM_LABS: '1' } }));
  const { step, pageErrors } = browserSession;
  let page: Page;
  beforeAll(() => {
    page = browserSession.page;
  });

  async function waitForStatus(text: string): Promise<void> {
    await page.waitForFunction(
      (expected) => document.querySelector('[data-testid="connection-status"]')?.textContent === expected,
      text,
    );
  }

  /** Waits for a terminal line that is exactly `line`: the shell's output, not the echoed command. */
  async function waitForTerminalLine(line: string): Promise<void> {
    await page.waitForFunction(
      (expected) => (window as unknown as SyslabWindow).__syslab?.terminalText().split('\n').some((row) => row.trim() === expected) ?? false,
      line,
    );
  }

  async function runInTerminal(command: string): Promise<void> {
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  function sessionId(): Promise<string | null> {
    return page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId() ?? null);
  }

  it('runs a command in the hello lab and keeps the session across a reload', async () => {
    const baseUrl = browserSession.server.url;

    // A learner who never joined a workshop: the page must not ask about one (it would log a 401/404).
    const participantRequests: string[] = [];
    page.on('request', (req) => { if (new URL(req.url()).pathname.startsWith('/api/participant')) participantRequests.push(req.url()); });

    await step('open lab list', async () => {
      await page.goto(baseUrl);
      await page.locator('[data-testid="lab-card"][data-lab-id="hello"]').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-hello-lab-list.png') });
    });

    await step('open hello lab', async () => {
      await page.locator('[data-testid="lab-card"][data-lab-id="hello"]').click();
      await page.waitForURL(/\/labs\/hello$/);
      await page.locator('[data-testid="guide"]').waitFor();
      await page.locator('[data-testid="terminal"] .xterm').waitFor();
      await waitForStatus('connected');
      // The shell has drawn its prompt: input typed now reaches a reading shell.
      await page.waitForFunction(() => ((window as unknown as SyslabWindow).__syslab?.terminalText().trim() ?? '') !== '');
    });

    await step('the shell from the warm pool is drawn at the page\'s size', async () => {
      const id = await sessionId();
      const started = browserSession.server.logs.find((l) => l.msg === 'session started' && l.session === id);
      expect(started, 'the session was logged as started').toBeDefined();
      expect(started!.warm, 'the session came from the warm pool').toBe('hit');
      const rows = await page.evaluate(() => document.querySelectorAll('[data-testid="terminal"] .xterm-rows > div').length);
      await runInTerminal('echo size=$(stty size | tr " " x)');
      const shown = await page.waitForFunction(
        () => /^size=(\d+)x(\d+)\s*$/m.exec((window as unknown as SyslabWindow).__syslab?.terminalText() ?? '')?.slice(1, 3).join('x') ?? null,
      );
      const [sttyRows, sttyCols] = String(await shown.jsonValue()).split('x').map(Number);
      // The warm shell was started at 80×24; the page's resize reached it.
      expect(sttyRows).toBe(rows);
      expect([sttyRows, sttyCols]).not.toEqual([24, 80]);
    });

    await step('run a command', async () => {
      await runInTerminal('echo $((6*7))');
      await waitForTerminalLine('42');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-hello-terminal.png') });
    });

    const before = await sessionId();
    expect(before, 'the page reports the session it attached to').toBeTruthy();

    await step('reload and re-attach', async () => {
      await page.reload();
      await page.locator('[data-testid="terminal"] .xterm').waitFor();
      await waitForStatus('connected');
      // Replayed by the server: this page has not run anything yet.
      await waitForTerminalLine('42');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-hello-after-reload.png') });
    });

    expect(await sessionId(), 'a reload re-attaches to the same session').toBe(before);

    await step('type after re-attaching', async () => {
      await runInTerminal('echo $((6*8))');
      await waitForTerminalLine('48');
    });

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    expect(participantRequests, 'a learner outside a workshop is never asked about one').toEqual([]);
  }, 6 * STEP_TIMEOUT_MS);
});
