/**
 * Issue 3's "done when", as a learner does it: open the hello lab, do every
 * step by clicking its Run (and Ctrl-C) buttons, see each step ticked by the
 * guide's checks, answer the quiz (the live question from the shell itself),
 * see the score, then reload and find the progress kept.
 *
 * Same launch and server as hello.e2e.test.ts; the page must have been built
 * (dist/web).
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, STEP_TIMEOUT_MS, useBrowserSession, type SyslabWindow } from '../support/browser.js';

describe('lab engine in Chromium: steps, checks, quiz, progress', () => {
  const browserSession = useBrowserSession('lab-engine');
  const { step, pageErrors } = browserSession;
  let page: Page;
  beforeAll(() => {
    page = browserSession.page;
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `e2e-lab-engine-${name}.png`) });
  const terminalText = () => page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.terminalText() ?? '');
  const openStep = (index: number): Locator => page.locator(`[data-testid="step"][data-step-index="${index}"]`);

  async function waitForTerminal(pattern: RegExp): Promise<void> {
    await page.waitForFunction(
      ({ source, flags }) => new RegExp(source, flags).test((window as unknown as SyslabWindow).__syslab?.terminalText() ?? ''),
      { source: pattern.source, flags: pattern.flags },
    );
  }

  async function waitForConnected(): Promise<void> {
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
    await page.waitForFunction(() => ((window as unknown as SyslabWindow).__syslab?.terminalText().trim() ?? '') !== '');
  }

  /** Clicks a step's n-th Run button; the command is typed into the shell. */
  async function run(index: number, n: number): Promise<void> {
    await openStep(index).locator('[data-testid="run"]').nth(n).click();
  }

  async function stepListPassed(): Promise<string[]> {
    return page.locator('[data-testid="step-list-item"]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.passed ?? ''));
  }

  it('goes through hello, passes every step and the quiz, and keeps it all across a reload', async () => {
    await step('open the lab', async () => {
      await page.goto(`${browserSession.server.url}/labs/hello`);
      await waitForConnected();
      // A new learner lands on the first step, with the intro open above it.
      await openStep(1).waitFor();
      expect(await page.locator('[data-testid="intro"]').getAttribute('open')).not.toBeNull();
      await shot('00-opened');
      await page.locator('[data-testid="intro"] [data-testid="run"]').click();
      await waitForTerminal(/^Welcome to your sandbox!$/m);
      await shot('01-step-1');
    });

    await step('a check before doing anything shows the hint', async () => {
      await openStep(1).locator('[data-testid="check"]').click();
      await expect.poll(() => openStep(1).locator('[data-testid="hint"]').textContent()).toContain('hello.txt');
      await shot('02-step-1-hint');
    });

    await step('step 1: make a file', async () => {
      for (let n = 0; n < 3; n++) await run(1, n);
      await waitForTerminal(/^hello, shell$/m);
      // The background re-check ticks it without a click.
      await openStep(1).and(page.locator('[data-passed="true"]')).waitFor();
      expect(await openStep(1).locator('[data-testid="hint"]').isHidden()).toBe(true);
      await shot('03-step-1-passed');
      await openStep(1).locator('[data-testid="next"]').click();
    });

    await step('step 2: a background job', async () => {
      await openStep(2).waitFor();
      expect(await openStep(2).locator('[data-testid="inspector-badge"]').textContent()).toBe('Open the Processes view');
      await run(2, 0);
      await waitForTerminal(/^\[1\] \d+$/m);
      await run(2, 1);
      await run(2, 2);
      await waitForTerminal(/sleep$/m);
      await openStep(2).locator('[data-testid="check"]').click();
      await openStep(2).and(page.locator('[data-passed="true"]')).waitFor();
      await shot('04-step-2-passed');
      await openStep(2).locator('[data-testid="next"]').click();
    });

    await step('step 3: stop it', async () => {
      await openStep(3).waitFor();
      const before = (await terminalText()).length;
      await run(3, 0); // sleep 30, in the foreground
      await page.waitForTimeout(500);
      await openStep(3).locator('[data-testid="ctrl-c"]').click();
      await page.waitForFunction((from) => ((window as unknown as SyslabWindow).__syslab?.terminalText() ?? '').slice(from).includes('^C'), before);
      await run(3, 1); // jobs
      await waitForTerminal(/^\[1\]\+\s+Running\s+sleep 1000 &$/m);
      await run(3, 2); // kill %1
      await openStep(3).and(page.locator('[data-passed="true"]')).waitFor();
      expect(await stepListPassed()).toEqual(['true', 'true', 'true', 'false']);
      await shot('05-step-3-passed');
      await openStep(3).locator('[data-testid="next"]').click();
    });

    const quiz = page.locator('[data-testid="quiz"]');
    const question = (id: string): Locator => quiz.locator(`[data-question-id="${id}"]`);

    await step('the quiz, right answers', async () => {
      await quiz.waitFor();
      // The live question asks for the shell's PID: ask the shell.
      await page.locator('[data-testid="terminal"]').click();
      await page.keyboard.type('echo "PID=$$"');
      await page.keyboard.press('Enter');
      await waitForTerminal(/^PID=\d+$/m);
      const pid = /^PID=(\d+)$/m.exec(await terminalText())![1]!;

      await question('ampersand').locator('input').nth(1).check();
      await question('see-the-sleep').locator('input').nth(0).check();
      await question('see-the-sleep').locator('input').nth(1).check();
      await question('sleep-seconds').locator('input').fill('120');
      await question('print-a-file').locator('input').fill('cat hello.txt');
      await question('shell-pid').locator('input').fill(pid);
      await shot('06-quiz-filled');
      await page.locator('[data-testid="quiz-submit"]').click();
      await expect.poll(() => page.locator('[data-testid="quiz-score"]').textContent()).toContain('5 of 5');
      expect(await quiz.locator('[data-testid="verdict"][data-correct="true"]').count()).toBe(5);
      await shot('07-quiz-graded');
    });

    await step('try again, one wrong', async () => {
      await page.locator('[data-testid="quiz-retry"]').click();
      await question('sleep-seconds').locator('input').fill('2');
      await page.locator('[data-testid="quiz-submit"]').click();
      await expect.poll(() => page.locator('[data-testid="quiz-score"]').textContent()).toContain('4 of 5');
      expect(await question('sleep-seconds').locator('[data-testid="expected"]').textContent()).toContain('120');
      await question('sleep-seconds').scrollIntoViewIfNeeded();
      await shot('08-quiz-retry-one-wrong');
    });

    await step('reload: progress is kept', async () => {
      await page.reload();
      await waitForConnected();
      // Every step passed, so the guide lands on the quiz with the last attempt shown.
      await quiz.waitFor();
      await expect.poll(stepListPassed).toEqual(['true', 'true', 'true', 'true']);
      await expect.poll(() => page.locator('[data-testid="quiz-score"]').textContent()).toContain('4 of 5');
      expect(await question('sleep-seconds').getAttribute('data-correct')).toBe('false');
      expect(await page.locator('[data-testid="intro"]').getAttribute('open')).toBeNull();
      await shot('09-after-reload');
      await page.locator('[data-testid="step-list-item"][data-position="2"]').click();
      await openStep(2).and(page.locator('[data-passed="true"]')).waitFor();
      await shot('10-after-reload-step-2');
    });

    await step('a remembered session that is gone: a fresh sandbox, same progress', async () => {
      const before = await page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId() ?? null);
      // The page asks GET /api/sessions/<id> after the refused upgrade: 404 means start afresh.
      await page.evaluate(() => localStorage.setItem('syslab.sessions', JSON.stringify({ hello: 'sgone000000000000000' })));
      await page.reload();
      await waitForConnected();
      const after = await page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId() ?? null);
      expect(after).not.toBe('sgone000000000000000');
      expect(after).not.toBe(before);
      await quiz.waitFor();
      await expect.poll(stepListPassed).toEqual(['true', 'true', 'true', 'true']);
    });

    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  }, 10 * STEP_TIMEOUT_MS);
});
