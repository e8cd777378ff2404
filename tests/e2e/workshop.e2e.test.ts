/**
 * Issue 9's "done when", in three browser contexts (the instructor and two
 * learners) against the real server, sandboxes and page: the instructor
 * signs in and starts a workshop; the learners join with its code and a
 * name; their progress appears on the dashboard live; the instructor
 * watches a learner's terminal (the screen from before they looked, then
 * live), takes the keyboard with the learner's consent, shares their own
 * terminal, announces, and exports the results; a learner's credential is
 * refused on instructor routes (every route: tests/security/instructor-powers.test.ts).
 *
 * The page must have been built (dist/web).
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newLaptopPage, SCREENSHOT_DIR, STEP_TIMEOUT_MS, useServerAndBrowser, type SyslabWindow } from '../support/browser.js';
import { TEST_INSTRUCTOR_KEY } from '../support/workshop-client.js';

const running = useServerAndBrowser(() => ({ env: { SYSLAB_INSTRUCTOR_KEY: TEST_INSTRUCTOR_KEY } }));
const errors: string[] = [];
const newPage = (width: number, height: number): Promise<Page> => newLaptopPage(running.browser, errors, { width, height });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `e2e-workshop-${name}.png`) });
/** What an xterm.js terminal in `scope` shows (its DOM rows). */
const screenText = (scope: Locator) => scope.locator('.xterm-rows').innerText();
const labTerminal = (page: Page) => page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.terminalText() ?? '');

async function waitForLabTerminal(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test((window as unknown as SyslabWindow).__syslab?.terminalText() ?? ''),
    { source: pattern.source, flags: pattern.flags },
  );
}

async function waitForScreen(scope: Locator, text: string): Promise<void> {
  await expect.poll(() => screenText(scope), { timeout: STEP_TIMEOUT_MS }).toContain(text);
}

/** Types into the lab's terminal as the learner would. */
async function typeInLab(page: Page, line: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(`${line}\n`);
}

async function joinAndOpenLab(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${running.server.url}/join/${code}`);
  expect(await page.locator('[data-testid="join-code-input"]').inputValue()).toBe(code);
  await page.locator('[data-testid="join-name-input"]').fill(name);
  await shot(page, `join-${name}`);
  await page.locator('[data-testid="join-submit"]').click();
  await page.locator('[data-testid="learner-workshop"]').waitFor();
  await shot(page, `workshop-page-${name}`);
  expect(await page.locator('[data-testid="my-name"]').textContent()).toBe(name);
  await page.locator('[data-testid="workshop-chip"]').waitFor();
  await page.locator('[data-testid="workshop-lab"][data-lab-id="hello"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
  await waitForLabTerminal(page, /\$$/m);
}

describe('an instructor-led workshop in Chromium', () => {
  it('runs a small workshop: join, live progress, shadowing, the keyboard, broadcast, announcements, export', async () => {
    const instructor = await newPage(1440, 900);
    const ana = await newPage(1280, 800);
    const bo = await newPage(1280, 800);
    const card = (name: string) => instructor.locator(`[data-testid="participant-card"][data-name="${name}"]`);

    // The instructor signs in with the key and starts a workshop.
    await instructor.goto(`${running.server.url}/instructor`);
    await instructor.locator('[data-testid="instructor-key"]').fill(TEST_INSTRUCTOR_KEY);
    await instructor.locator('[data-testid="instructor-sign-in"] button').click();
    await instructor.locator('[data-testid="create-workshop-form"]').waitFor();
    await instructor.locator('[data-testid="workshop-title-input"]').fill('Shell basics — room 2');
    await instructor.locator('[data-testid="lab-option-hello"]').check();
    await shot(instructor, '00-new-workshop');
    await instructor.locator('[data-testid="create-workshop"]').click();
    await instructor.locator('[data-testid="workshop-dashboard"] [data-testid="join-code"]').waitFor();
    const code = (await instructor.locator('[data-testid="join-code"]').textContent())!;
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTWXY34679]{3}-[ACDEFGHJKMNPQRTWXY34679]{3}$/);
    await shot(instructor, '01-empty-dashboard');

    // Two learners join with the code and open the lab; each gets a sandbox of their own.
    await joinAndOpenLab(ana, code, 'Ana');
    await joinAndOpenLab(bo, code, 'Bo');
    const anaSession = await ana.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId());
    const boSession = await bo.evaluate(() => (window as unknown as SyslabWindow).__syslab?.sessionId());
    expect(anaSession).toBeTruthy();
    expect(anaSession).not.toBe(boSession);

    // Ana does step 1; the dashboard shows it without a reload.
    await typeInLab(ana, "echo 'hello, shell' > ~/hello.txt && cat ~/hello.txt");
    await waitForLabTerminal(ana, /^hello, shell$/m);
    await ana.locator('[data-testid="step"][data-step-index="1"] [data-testid="check"]').click();
    await ana.locator('[data-testid="step"][data-step-index="1"][data-passed="true"]').waitFor();
    await expect.poll(() => card('Ana').locator('[data-testid="steps-passed"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('1/3');
    await expect.poll(() => card('Bo').locator('[data-testid="participant-step"]').textContent()).toBe(' · step 1 of 3');
    expect(await card('Ana').locator('[data-testid="participant-step"]').textContent()).toBe(' · step 2 of 3');
    await expect.poll(() => card('Bo').getAttribute('data-online')).toBe('true');
    // Bo presses Check three times without doing the step: the dashboard flags him stuck.
    expect(await card('Bo').getAttribute('data-stuck')).toBe('false');
    for (let i = 1; i <= 3; i++) {
      await bo.locator('[data-testid="step"][data-step-index="1"] [data-testid="check"]').click();
      await expect.poll(() => card('Bo').locator('[data-testid="failed-checks"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe(String(i));
    }
    await expect.poll(() => card('Bo').getAttribute('data-stuck')).toBe('true');
    expect(await card('Bo').locator('[data-testid="stuck"]').getAttribute('title')).toBe('3 failed checks on this step');
    // Who needs help comes first when the instructor asks for that order.
    await instructor.locator('[data-testid="order-help"]').click();
    expect(await instructor.locator('[data-testid="participant-name"]').allTextContents()).toEqual(['Bo', 'Ana']);
    await shot(instructor, '02-dashboard-two-learners');

    // Shadowing: what Ana typed before the instructor looked, then what she types now.
    await card('Ana').locator('[data-testid="watch"]').click();
    const shadow = instructor.locator('[data-testid="shadow-terminal"]');
    await waitForScreen(shadow, 'hello, shell');
    await typeInLab(ana, 'echo shadowed-$((6*7))');
    await waitForScreen(shadow, 'shadowed-42');
    expect(await instructor.locator('[data-testid="shadow-mode"]').textContent()).toBe('Read-only');
    await shot(instructor, '03-shadowing-ana');

    // The keyboard: asked, allowed by Ana, used, given back by her.
    await card('Ana').locator('[data-testid="ask-keyboard"]').click();
    await ana.locator('[data-testid="keyboard-consent"][data-state="requested"]').waitFor();
    await shot(ana, '04-keyboard-request');
    await ana.locator('[data-testid="keyboard-allow"]').click();
    await expect.poll(() => instructor.locator('[data-testid="shadow-mode"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('You are typing');
    await instructor.waitForTimeout(300);
    await shadow.locator('.xterm').click();
    await instructor.keyboard.type('echo typed-by-the-instructor\n');
    await waitForLabTerminal(ana, /^typed-by-the-instructor$/m);
    await ana.locator('[data-testid="instructor-typing"]').waitFor();
    expect(await ana.locator('[data-testid="keyboard-consent"]').isHidden()).toBe(true);
    await shot(ana, '05-instructor-typing');
    await ana.locator('[data-testid="keyboard-take-back"]').click();
    await expect.poll(() => instructor.locator('[data-testid="shadow-mode"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('Read-only');
    await ana.locator('[data-testid="instructor-typing"]').waitFor({ state: 'hidden' });

    // Broadcast: the instructor's terminal, read-only in a pane the learner opens.
    await instructor.locator('[data-testid="share-terminal"]').click();
    const console = instructor.locator('[data-testid="broadcast-terminal"]');
    await expect.poll(() => screenText(console), { timeout: STEP_TIMEOUT_MS }).toMatch(/\$\s*$/m);
    await console.locator('.xterm').click();
    await instructor.keyboard.type('echo shown-to-the-room\n');
    await waitForScreen(console, 'shown-to-the-room');
    await bo.locator('[data-testid="broadcast-toggle"]').waitFor();
    await bo.locator('[data-testid="broadcast-toggle"]').click();
    const pane = bo.locator('[data-testid="broadcast-view"]');
    await waitForScreen(pane, 'shown-to-the-room');
    // Bo's keys go nowhere: the pane is read-only.
    await pane.locator('.xterm').click();
    await bo.keyboard.type('echo bo-in-the-broadcast\n');
    await console.locator('.xterm').click();
    await instructor.keyboard.type('echo still-only-mine\n');
    await waitForScreen(pane, 'still-only-mine');
    expect(await screenText(console)).not.toContain('bo-in-the-broadcast');
    await shot(instructor, '06-sharing-dashboard');

    // An announcement reaches both learners.
    await instructor.locator('[data-testid="announce-input"]').fill('Break until 11:00 — back in ten minutes');
    await instructor.locator('[data-testid="announce-form"] button').click();
    for (const learner of [ana, bo]) {
      await expect.poll(() => learner.locator('[data-testid="announcement"]').allTextContents(), { timeout: STEP_TIMEOUT_MS })
        .toContainEqual(expect.stringContaining('Break until 11:00'));
    }
    await shot(bo, '07-learner-broadcast-and-announcement');

    // A learner cannot use the instructor's routes, even from the same origin.
    const refused = await bo.evaluate(async (workshopId) => {
      const statuses: number[] = [];
      for (const [method, url] of [['GET', '/api/workshops'], ['GET', `/api/workshops/${workshopId}`], ['POST', `/api/workshops/${workshopId}/broadcast`]] as const) {
        statuses.push((await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : null })).status);
      }
      return statuses;
    }, instructor.url().split('/').pop()!);
    expect(refused).toEqual([403, 403, 403]);

    // Results: the export has both learners and Ana's progress.
    const workshopId = instructor.url().split('/').pop()!;
    const csv = await instructor.request.get(`${running.server.url}/api/workshops/${workshopId}/export.csv`);
    expect(csv.status()).toBe(200);
    const rows = (await csv.text()).split(/\r?\n/);
    expect(rows.find((r) => r.includes('Ana'))).toBeDefined();
    expect(rows.find((r) => r.includes('Bo'))).toBeDefined();
    const json = await instructor.request.get(`${running.server.url}/api/workshops/${workshopId}/export.json`);
    expect(json.status()).toBe(200);
    expect(JSON.stringify(await json.json())).toContain('Ana');
    await instructor.goto(`${running.server.url}/workshops/${workshopId}/results`);
    await instructor.locator('[data-testid="export-csv"]').waitFor();
    await shot(instructor, '08-results');

    // Closing ends every sandbox; learners are told; the dashboard keeps the roster and progress.
    await instructor.goto(`${running.server.url}/workshops/${workshopId}`);
    await card('Ana').waitFor();
    instructor.once('dialog', (dialog) => void dialog.accept());
    await instructor.locator('[data-testid="close-workshop"]').click();
    await expect.poll(() => instructor.locator('[data-testid="workshop-meta"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toMatch(/closed/);
    await expect.poll(() => ana.locator('[data-testid="announcement"]').allTextContents(), { timeout: STEP_TIMEOUT_MS })
      .toContainEqual(expect.stringContaining('The workshop has ended'));
    await expect.poll(() => card('Ana').locator('[data-testid="steps-passed"]').textContent()).toBe('1/3');
    expect(await card('Ana').getAttribute('data-online')).toBe('false');
    await shot(instructor, '09-closed');

    expect(errors).toEqual([]);
    expect(await labTerminal(bo)).not.toContain('bo-in-the-broadcast');
  });
});
