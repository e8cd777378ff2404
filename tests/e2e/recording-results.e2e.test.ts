/**
 * Recording and results as people meet them, in Chromium under the server's
 * real CSP: a workshop learner's lab view says the session is recorded;
 * they type and answer the quiz; the instructor signs in on the results
 * page, sees the room's chart with the missed questions marked, opens the
 * learner's recording and watches asciinema-player replay what was typed.
 *
 * The page must have been built (dist/web); the test command builds first.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newLaptopPage, SCREENSHOT_DIR, STEP_TIMEOUT_MS, useServerAndBrowser, type SyslabWindow } from '../support/browser.js';
import { call, createWorkshop, join, startLab, TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';

describe('recording and results in Chromium', () => {
  const running = useServerAndBrowser(() => ({ env: { SYSLAB_INSTRUCTOR_KEY: TEST_INSTRUCTOR_KEY } }));
  let learnerPage: Page;
  let instructorPage: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    learnerPage = await newLaptopPage(running.browser, pageErrors);
    instructorPage = await newLaptopPage(running.browser, pageErrors);
  }, STEP_TIMEOUT_MS);

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `e2e-recording-${name}.png`), fullPage: true });

  /** On failure: both pages' screenshots, and the page errors (CSP violations among them) in the message. */
  async function reported<T>(name: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      await shot(learnerPage, `failed-${name}-learner`).catch(() => undefined);
      await shot(instructorPage, `failed-${name}-instructor`).catch(() => undefined);
      throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}\npage errors: ${pageErrors.join(' | ') || 'none'}`, { cause: error });
    }
  }

  it('a recorded learner, the room\'s results, and the replay', () => reported('scenario', async () => {
    const workshop = await createWorkshop(running.server, ['hello']);

    // The learner joins in their browser (the join sets their learner cookie) and opens the lab.
    const joined = await learnerPage.request.post(`${running.server.url}/api/workshops/join`, { data: { code: workshop.code, name: 'Ana' } });
    expect(joined.status()).toBe(201);
    await learnerPage.goto(`${running.server.url}/labs/hello`);
    await learnerPage.locator('[data-testid="terminal"] .xterm').waitFor();
    const notice = learnerPage.locator('[data-testid="recording-notice"]');
    await notice.waitFor({ state: 'visible' });
    expect(await notice.textContent()).toBe('Recorded');
    await learnerPage.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
    await learnerPage.locator('[data-testid="terminal"]').click();
    await learnerPage.keyboard.type("echo replay-$((6*7)) && echo 'hello, shell' > ~/hello.txt && ls -a ~");
    await learnerPage.keyboard.press('Enter');
    await learnerPage.waitForFunction(() => (window as unknown as SyslabWindow).__syslab?.terminalText().includes('replay-42') ?? false);
    await shot(learnerPage, 'learner-notice');

    const sessionId = await learnerPage.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId() ?? null);
    expect(sessionId).not.toBeNull();
    // The file makes step 1 pass (the guide may have checked it already); the recording marks the moment.
    const check = await learnerPage.request.post(`${running.server.url}/api/sessions/${sessionId}/steps/1/check`, { data: {} });
    expect(await check.json()).toMatchObject({ passed: true });
    await learnerPage.keyboard.type('echo after-the-$((1))st-step');
    await learnerPage.keyboard.press('Enter');
    await learnerPage.waitForFunction(() => (window as unknown as SyslabWindow).__syslab?.terminalText().includes('after-the-1st-step') ?? false);
    // Ana answers the quiz (her session cookie goes with the page's requests); a second learner, Bo, too.
    const quiz = await learnerPage.request.post(`${running.server.url}/api/sessions/${sessionId}/quiz`, {
      data: { answers: { ampersand: 0, 'see-the-sleep': [0, 1], 'sleep-seconds': 120, 'print-a-file': 'cat' } },
    });
    expect(quiz.status()).toBe(200);
    const bo = await join(running.server, workshop.code, 'Bo');
    const boSession = await startLab(running.server, bo.learner);
    const boQuiz = await call(running.server, 'POST', `/api/sessions/${boSession.id}/quiz`, { headers: { authorization: `Bearer ${boSession.token}` } },
      { answers: { ampersand: 0, 'see-the-sleep': [1], 'sleep-seconds': 120, 'print-a-file': 'cat' } });
    expect(boQuiz.status).toBe(200);
    // Ana's session ends, and with it her recording.
    expect((await learnerPage.request.delete(`${running.server.url}/api/sessions/${sessionId}`)).status()).toBe(204);

    // The instructor opens the results page, signs in with the key, and sees the chart.
    await instructorPage.goto(`${running.server.url}/workshops/${workshop.id}/results`);
    await instructorPage.locator('[data-testid="instructor-sign-in"]').waitFor();
    await instructorPage.locator('[data-testid="instructor-key"]').fill(TEST_INSTRUCTOR_KEY);
    await instructorPage.keyboard.press('Enter');
    const chart = instructorPage.locator('[data-testid="results-lab"][data-lab="hello"] svg.quiz-chart');
    await chart.waitFor();
    // Both answered "&" wrong and both left the live question out: the room missed those two.
    const missed = await instructorPage.locator('.quiz-row[data-missed="true"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-question')));
    expect(missed.sort()).toEqual(['ampersand', 'shell-pid']);
    expect(await instructorPage.locator('.quiz-row[data-question="ampersand"] .quiz-wrong-line').textContent())
      .toBe('most often wrong: “It runs the command twice” (2)');
    expect(await instructorPage.locator('[data-testid="missed-questions"]').textContent()).toContain('2 questions the room got wrong');
    await instructorPage.locator('[data-testid="recording-row"]').first().waitFor();
    expect(await instructorPage.locator('[data-testid="learner-row"]').allTextContents())
      .toEqual(['Ana1/3 steps · quiz 3→3 of 5', 'Bo0/3 steps · quiz 2→2 of 5']);
    await shot(instructorPage, 'results');

    // The CSV link downloads with the cookie the sign-in set.
    const csv = await instructorPage.request.get(`${running.server.url}/api/workshops/${workshop.id}/export.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Ana,');

    // Replay Ana's recording: the player plays what her terminal showed.
    const anaRow = instructorPage.locator('[data-testid="recording-row"]', { hasText: 'Ana' });
    await anaRow.locator('[data-testid="replay-link"]').click();
    await instructorPage.waitForURL(/\/recordings\/[0-9a-f-]+$/);
    await instructorPage.locator('[data-testid="replay-player"] .ap-term').waitFor();
    await instructorPage.waitForFunction(
      () => document.querySelector('[data-testid="replay-player"] .ap-term-text')?.textContent?.includes('replay-42') ?? false,
      undefined, { timeout: STEP_TIMEOUT_MS },
    );
    expect(await instructorPage.locator('[data-testid="replay-meta"]').textContent()).toContain('started');
    // The step Ana passed is a moment to jump to.
    const marker = instructorPage.locator('[data-testid="replay-markers"] button', { hasText: 'step 1 passed: Make a file' });
    await marker.click();
    // The player has the same marker on its progress bar, and plays on from it.
    await instructorPage.locator('[data-testid="replay-player"]').hover();
    await instructorPage.locator('[data-testid="replay-player"] .ap-marker-container').waitFor({ state: 'attached' });
    expect(await instructorPage.locator('[data-testid="replay-player"] .ap-marker-container').count()).toBe(1);
    await instructorPage.waitForFunction(
      () => document.querySelector('[data-testid="replay-player"] .ap-term-text')?.textContent?.includes('after-the-1st-step') ?? false,
    );
    await shot(instructorPage, 'replay');

    expect(pageErrors).toEqual([]);
  }));
});
