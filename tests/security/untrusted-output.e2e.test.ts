/**
 * SECURITY.md #12, untrusted output in the page, in headless Chromium
 * against the real server and sandbox. Terminal output (OSC 0/1/2 titles,
 * OSC 8 hyperlinks, OSC 52, title reports, HTML as text) and lab Markdown
 * (raw HTML, javascript:/data: links and images) carry script payloads; no
 * script runs (no dialog, no page error, no CSP violation), the tab title
 * stays the page's own, and only http(s) links reach the learner, after a
 * confirmation. A check's hint (learner-controlled text) stays text, and so
 * do the names the inspectors show (command lines, file names, syscall
 * arguments: all chosen by the learner's programs).
 *
 * The page must have been built (dist/web); the test command builds first.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldFiles } from '../../server/src/cli/lab-scaffold.js';
import { newLaptopPage, SCREENSHOT_DIR, STEP_TIMEOUT_MS, useServerAndBrowser, type SyslabWindow } from '../support/browser.js';

const LAB = 'payloads';
const LAB_TITLE = `Payloads <img src=x onerror=alert('lab-title')>`;

/** Printed by the learner's shell: every escape sequence a hostile program might write. */
const TERMINAL_PAYLOADS = String.raw`#!/bin/sh
printf '\033]0;<img src=x onerror=alert("osc0")>\007'
printf '\033]1;<svg onload=alert("osc1")>\007'
printf '\033]2;</title><script>alert("osc2")</script>\007'
printf 'LINK-JS \033]8;;javascript:alert("osc8-js")\033\\CLICK-JS\033]8;;\033\\\n'
printf 'LINK-DATA \033]8;;data:text/html,<script>alert("osc8-data")</script>\033\\CLICK-DATA\033]8;;\033\\\n'
printf 'LINK-HTTP \033]8;;https://example.invalid/ok\033\\CLICK-HTTP\033]8;;\033\\\n'
printf '<img src=x onerror=alert("as-text")> <script>alert("as-text-2")</script>\n'
printf '\033]52;c;%s\007' "$(printf 'rm -rf ~' | base64)"
# Terminals that answer a title report type the title back into the shell.
printf '\033]2;touch /tmp/title-injected\007\033[21t\033[20t'
sleep 0.5
test -e /tmp/title-injected && echo TITLE-INJECTED || echo PAYLOADS-DONE
`;

/** Lab Markdown that tries every way into the DOM. */
const HOSTILE_MARKDOWN = String.raw`# Markdown payloads <img src=x onerror=alert('md-h1')>

<script>alert('md-script')</script>
<img src=x onerror="alert('md-img')">
<iframe src="javascript:alert('md-iframe')"></iframe>
<a href="javascript:alert('md-a')">raw anchor</a>
<svg onload="alert('md-svg')"></svg>

[md-js-link](javascript:alert('md-link'))
[md-data-link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[md-vbs-link](vbscript:msgbox(1))
[md-entity-link](&#106;avascript:alert('entity'))
<javascript:alert('autolink')>
![md-image](javascript:alert('md-img-src'))
![x" onerror="alert('attr')](attr.png)
[md-http-link](https://example.invalid/docs)
`;

function writeHostileLab(labsDir: string) {
  const dir = path.join(labsDir, LAB);
  for (const [file, content] of Object.entries(scaffoldFiles(LAB))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content, { mode: file.endsWith('.sh') ? 0o755 : 0o644 });
  }
  writeFileSync(path.join(dir, 'lab.yaml'), scaffoldFiles(LAB)['lab.yaml']!.replace(/^title: .*$/m, `title: "${LAB_TITLE}"`));
  writeFileSync(path.join(dir, 'intro.md'), HOSTILE_MARKDOWN);
  writeFileSync(path.join(dir, 'steps/01-make-a-note/text.md'), `${HOSTILE_MARKDOWN}\n\`\`\`run\necho '<img src=x onerror=alert("run-block")>'\n\`\`\`\n`);
  // The hint is the first line verify.sh prints: here, whatever the learner wrote.
  writeFileSync(path.join(dir, 'steps/01-make-a-note/verify.sh'), '#!/bin/sh\nhead -1 "$HOME/hint.txt" 2>/dev/null || echo "no hint.txt yet"\nexit 1\n', { mode: 0o755 });
  mkdirSync(path.join(dir, 'files'), { recursive: true });
  writeFileSync(path.join(dir, 'files/payloads.sh'), TERMINAL_PAYLOADS, { mode: 0o755 });
}

describe('untrusted output in the page (SECURITY.md #12)', () => {
  const labsDir = mkdtempSync(path.join(os.tmpdir(), 'syslab-hostile-labs-'));
  writeHostileLab(labsDir);
  const running = useServerAndBrowser(() => ({ env: { SYSLAB_LABS_DIR: labsDir } }));
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const popups: string[] = [];

  beforeAll(async () => {
    page = await newLaptopPage(running.browser, pageErrors);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.context().on('page', (popup) => { popups.push(popup.url()); });
    await page.goto(`${running.server.url}/labs/${LAB}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
    await page.waitForFunction(() => /\$ *$/m.test((window as unknown as SyslabWindow).__syslab?.terminalText() ?? ''));
  }, 2 * STEP_TIMEOUT_MS);

  afterAll(() => rmSync(labsDir, { recursive: true, force: true }));

  const terminalText = () => page.evaluate(() => (window as unknown as SyslabWindow).__syslab?.terminalText() ?? '');

  async function typeInTerminal(command: string) {
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  /** Elements a payload would have created, anywhere in the document. */
  const injectedElements = () => page.evaluate(() => [
    ...document.querySelectorAll('img[src="x"], iframe, object, embed, [onerror], [onload], [onclick], svg[onload]'),
    ...[...document.querySelectorAll('script')].filter((s) => !s.src || s.textContent?.includes('alert')),
  ].map((e) => e.outerHTML.slice(0, 120)));

  /** Centre of the first on-screen occurrence of `label` in the terminal's rows. */
  async function terminalTextPosition(label: string): Promise<{ x: number; y: number }> {
    const box = await page.evaluate((text) => {
      const rows = document.querySelector('[data-testid="terminal"] .xterm-rows');
      if (!rows) return null;
      const walker = document.createTreeWalker(rows, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(text) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
      return null;
    }, label);
    if (!box) throw new Error(`"${label}" is not on the terminal's screen:\n${await terminalText()}`);
    return box;
  }

  async function clickInTerminal(label: string) {
    const { x, y } = await terminalTextPosition(label);
    await page.mouse.move(x - 3, y);
    await page.mouse.move(x, y);
    await page.waitForTimeout(150);
    await page.mouse.click(x, y);
    await page.waitForTimeout(500);
  }

  it('terminal output: OSC titles, OSC 8 links, OSC 52, title reports and HTML-looking text run nothing', async () => {
    const titleBefore = await page.title();
    const urlBefore = page.url();
    await typeInTerminal('sh payloads.sh');
    await page.waitForFunction(() => /^(PAYLOADS-DONE|TITLE-INJECTED)$/m.test((window as unknown as SyslabWindow).__syslab?.terminalText() ?? ''));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-security-terminal-payloads.png') });
    const text = await terminalText();
    console.log(`[security #12] after the payloads: document.title ${JSON.stringify(await page.title())}; dialogs ${JSON.stringify(dialogs)}; page errors ${JSON.stringify(pageErrors)}`);

    expect(text).toMatch(/^PAYLOADS-DONE$/m); // no title report was typed into the shell
    expect(await page.title()).toBe(titleBefore);
    expect(titleBefore).toMatch(/^syslab — /);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await injectedElements()).toEqual([]);
    // HTML in the output is shown as the characters it is.
    expect(text).toContain('<img src=x onerror=alert("as-text")> <script>alert("as-text-2")</script>');

    // The control: an https link is offered, behind a confirmation naming it (dismissed here).
    await clickInTerminal('CLICK-HTTP');
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toContain('https://example.invalid/ok');
    expect(popups).toEqual([]);
    // javascript: and data: links are not followed, not even offered.
    await clickInTerminal('CLICK-JS');
    await clickInTerminal('CLICK-DATA');
    expect(dialogs).toHaveLength(1);
    expect(popups).toEqual([]);
    expect(page.url()).toBe(urlBefore);
    expect(pageErrors).toEqual([]);
    dialogs.length = 0;
  }, 3 * STEP_TIMEOUT_MS);

  it('lab Markdown and check hints: raw HTML is text, script links are dropped, nothing runs', async () => {
    const guide = page.locator('[data-testid="guide"]');
    await guide.getByText('md-js-link').first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-security-markdown-payloads.png') });
    const hrefs = await guide.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    const guideText = (await guide.textContent()) ?? '';
    console.log(`[security #12] guide links: ${JSON.stringify(hrefs)}`);

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await injectedElements()).toEqual([]);
    // Only http(s) links survive; the others stay text or lose their href.
    for (const href of hrefs) if (href !== null) expect(href).toMatch(/^https?:\/\//);
    expect(hrefs).toContain('https://example.invalid/docs');
    // Raw HTML is shown as text, which proves it was rendered and not parsed.
    expect(guideText).toContain(`<script>alert('md-script')</script>`);
    expect(guideText).toContain(`echo '<img src=x onerror=alert("run-block")>'`);

    // Clicking the would-be javascript: link does nothing.
    const urlBefore = page.url();
    await guide.getByText('md-js-link').first().click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(urlBefore);
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);

    // A check's hint is the learner's own text: shown, never parsed.
    await typeInTerminal(`echo '<img src=x onerror=alert("hint")>' > hint.txt`);
    const step = page.locator('[data-testid="step"][data-step-index="1"]');
    await step.locator('[data-testid="check"]').click();
    await expect.poll(() => step.locator('[data-testid="hint"]').textContent()).toBe('<img src=x onerror=alert("hint")>');
    expect(await injectedElements()).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 3 * STEP_TIMEOUT_MS);

  it('inspector views: hostile command lines, file names and syscall arguments are shown as text', async () => {
    // argv[0] is whatever the program says; a /dev/shm name is whatever it created.
    await typeInTerminal(`(exec -a '<img src=x onerror=alert("proc")>' sleep 300) 3>'/dev/shm/<svg onload=alert("shm")>' &`);
    const tab = (view: string) => page.locator(`[data-testid="inspector-tab-${view}"]`);

    await tab('processes').click();
    const hostileRow = page.locator('[data-testid="process-row"]').filter({ hasText: '<img src=x onerror=alert("proc")>' });
    await hostileRow.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-security-inspector-processes.png') });

    await tab('ipc').click();
    await expect.poll(() => page.locator('[data-testid="ipc-node"]').allTextContents(), { timeout: STEP_TIMEOUT_MS })
      .toEqual(expect.arrayContaining([expect.stringContaining('<svg onload=alert("shm")>')]));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-security-inspector-ipc.png') });

    await tab('syscalls').click();
    await page.locator('[data-testid="trace-shell"]').click();
    await expect.poll(() => page.locator('[data-testid="trace-status"]').textContent(), { timeout: STEP_TIMEOUT_MS }).toMatch(/^tracing/);
    await typeInTerminal(`cat '/tmp/<img src=x onerror=alert("trace")>'`);
    await expect.poll(() => page.locator('[data-testid="trace-row"]').allTextContents(), { timeout: STEP_TIMEOUT_MS })
      .toEqual(expect.arrayContaining([expect.stringContaining('<img src=x onerror=alert(\\"trace\\")>')]));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'e2e-security-inspector-trace.png') });

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(await injectedElements()).toEqual([]);
  }, 3 * STEP_TIMEOUT_MS);
});
