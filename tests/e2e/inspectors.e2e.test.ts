/**
 * Issue 5's "done when", in the browser: the live inspectors under the
 * terminal, against the real server and a real bubblewrap sandbox. A pipe
 * shows in the IPC graph with its descriptors; the process tree marks the
 * foreground group; a signal sent from the page stops a process; the memory
 * view draws a real map; tracing the shell shows `ls`'s system calls. Along
 * the way: only the tab on screen holds a stream, the terminal refits when
 * the panel opens and closes, a step's view button opens its tab, and the
 * page breaks no rule of a strict CSP (`style-src 'self'`, set here by a
 * meta tag since the server sends none yet).
 *
 * The page must have been built (dist/web); the test command builds first.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, STEP_TIMEOUT_MS, useBrowserSession } from '../support/browser.js';

/** The page's test hook (web/src/test-hook.ts) and what the init script below records. */
interface InspectedWindow {
  __syslab?: { terminalText(): string; sessionId(): string | null; terminalSize(): { cols: number; rows: number } | null };
  __cspViolations?: string[];
  __eventSources?: EventSource[];
}

/** Facts about the IPC drawing, read from its data attributes. */
interface GraphFacts {
  /** `text`: the node's first line, the command of a process. */
  nodes: Array<{ id: string; kind: string; pid: string | null; text: string }>;
  edges: Array<{ process: string; resource: string; fds: string; mode: string }>;
}

const CSP = "default-src 'self'; style-src 'self'";
/** The learner's shell by its command line (the sandbox's init names bash among its arguments). */
const BASH = /^\S*bash( |$)/;

describe('live inspectors in Chromium', () => {
  const browserSession = useBrowserSession('inspectors');
  const { step, pageErrors } = browserSession;
  let page: Page;
  beforeAll(async () => {
    page = browserSession.page;
    // Before any page script: a strict CSP, a record of what it refuses, and
    // a count of the EventSources the page opens.
    await page.addInitScript((policy: string) => {
      const w = window as unknown as InspectedWindow;
      w.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations!.push(`${e.violatedDirective} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
      const addPolicy = (): void => {
        const meta = document.createElement('meta');
        meta.httpEquiv = 'Content-Security-Policy';
        meta.content = policy;
        (document.head ?? document.documentElement).prepend(meta);
      };
      if (document.documentElement) addPolicy();
      else new MutationObserver((_, observer) => {
        if (!document.documentElement) return;
        observer.disconnect();
        addPolicy();
      }).observe(document, { childList: true });
      w.__eventSources = [];
      const Native = window.EventSource;
      window.EventSource = class extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          w.__eventSources!.push(this);
        }
      };
    }, CSP);
  });

  // The server reads /proc every 250 ms to 1 s, and each reconnect waits for a fresh read.
  const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: STEP_TIMEOUT_MS, interval: 100 });
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `e2e-inspectors-${name}.png`) });
  const tab = (view: string): Locator => page.locator(`[data-testid="inspector-tab-${view}"]`);
  const processRow = (command: RegExp | string): Locator => page.locator('[data-testid="process-row"]').filter({ has: page.locator('.command', { hasText: command }) });

  async function waitForTerminal(pattern: RegExp): Promise<void> {
    await page.waitForFunction(
      ({ source, flags }) => new RegExp(source, flags).test((window as unknown as InspectedWindow).__syslab?.terminalText() ?? ''),
      { source: pattern.source, flags: pattern.flags },
    );
  }

  async function typeInTerminal(command: string): Promise<void> {
    await page.locator('[data-testid="terminal"]').click();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
  }

  /** The streams the page holds open, as `views=…` query strings. */
  function openStreams(): Promise<string[]> {
    return page.evaluate(() => ((window as unknown as InspectedWindow).__eventSources ?? [])
      .filter((source) => source.readyState !== EventSource.CLOSED)
      .map((source) => new URL(source.url).search));
  }

  function terminalRows(): Promise<number> {
    return page.evaluate(() => (window as unknown as InspectedWindow).__syslab?.terminalSize()?.rows ?? 0);
  }

  function graphFacts(): Promise<GraphFacts> {
    return page.evaluate(() => ({
      nodes: [...document.querySelectorAll<SVGElement>('[data-testid="ipc-node"]')].map((n) => ({
        id: n.dataset.id ?? '', kind: n.dataset.kind ?? '', pid: n.dataset.pid ?? null, text: n.querySelector('.ipc-node-title')?.textContent ?? '',
      })),
      edges: [...document.querySelectorAll<SVGElement>('[data-testid="ipc-edge"]')].map((e) => ({
        process: e.dataset.process ?? '', resource: e.dataset.resource ?? '', fds: e.dataset.fds ?? '', mode: e.dataset.mode ?? '',
      })),
    }));
  }

  it('shows processes, a pipe, a memory map and system calls as the learner works', async () => {
    let rowsWithoutPanel = 0;
    let bashPid = '';

    await step('open the lab: the inspector bar is there, folded, with no stream', async () => {
      await page.goto(`${browserSession.server.url}/labs/hello`);
      await page.waitForFunction(() => document.querySelector('[data-testid="connection-status"]')?.textContent === 'connected');
      await page.locator('[data-testid="step"][data-step-index="1"]').waitFor();
      expect(await page.locator('[data-testid="inspector"]').getAttribute('data-open')).toBe('false');
      expect(await openStreams()).toEqual([]);
      rowsWithoutPanel = await terminalRows();
      expect(rowsWithoutPanel).toBeGreaterThan(20);
    });

    await step('run `sleep 100 | cat`; the IPC graph joins them by one pipe', async () => {
      await typeInTerminal('sleep 100 | cat');
      await tab('ipc').click();
      expect(await page.locator('[data-testid="inspector"]').getAttribute('data-open')).toBe('true');
      // The terminal gave the panel room and refitted.
      await poll(terminalRows).toBeLessThan(rowsWithoutPanel);
      await poll(async () => {
        const graph = await graphFacts();
        const sleep = graph.nodes.find((n) => n.kind === 'process' && n.text === 'sleep 100');
        const cat = graph.nodes.find((n) => n.kind === 'process' && n.text === 'cat');
        if (!sleep || !cat) return 'no sleep and cat yet';
        const pipes = graph.nodes.filter((n) => n.kind === 'pipe');
        const sleepEdges = graph.edges.filter((e) => e.process === sleep.id);
        const catEdges = graph.edges.filter((e) => e.process === cat.id);
        return {
          pipes: pipes.length,
          sleep: sleepEdges.map((e) => `${e.fds} ${e.mode} ${pipes.some((p) => p.id === e.resource) ? 'pipe' : e.resource}`),
          cat: catEdges.map((e) => `${e.fds} ${e.mode} ${pipes.some((p) => p.id === e.resource) ? 'pipe' : e.resource}`),
          samePipe: sleepEdges[0]?.resource === catEdges[0]?.resource,
        };
      }).toEqual({ pipes: 1, sleep: ['1 w pipe'], cat: ['0 r pipe'], samePipe: true });
      expect(await page.locator('[data-testid="ipc-edge"] text').allTextContents()).toEqual(expect.arrayContaining(['fd 1 w', 'fd 0 r']));
      expect(await openStreams()).toEqual(['?views=ipc']);
      await shot('01-ipc-pipe');
    });

    await step('the Processes tab: both in the foreground group, sleeping; one stream, for this tab', async () => {
      await tab('processes').click();
      await poll(() => openStreams()).toEqual(['?views=processes']);
      for (const command of [/^sleep 100$/, /^cat$/]) {
        const row = processRow(command);
        await row.waitFor();
        expect(await row.getAttribute('data-foreground')).toBe('true');
        await row.locator('[data-testid="foreground-mark"]').waitFor();
        expect(await row.locator('[data-testid="process-state"]').textContent()).toBe('S sleeping');
      }
      // Bash, at the prompt's side, is not in the foreground group while the pipeline runs.
      expect(await processRow(BASH).getAttribute('data-foreground')).toBe('false');
      bashPid = (await processRow(BASH).getAttribute('data-pid'))!;
      expect(await processRow(BASH).locator('[data-testid="sigset-ignored"]').textContent()).toContain('TERM');
      await shot('02-processes-foreground');
    });

    await step('SIGSTOP from the row menu: sleep shows as stopped', async () => {
      const sleep = processRow(/^sleep 100$/);
      await sleep.locator('[data-testid="signal-button"]').click();
      await page.locator('[data-testid="signal-menu"]').waitFor();
      await shot('03-signal-menu');
      await page.locator('[data-testid="signal-option"][data-signal="SIGSTOP"]').click();
      await poll(() => sleep.locator('[data-testid="process-state"]').textContent()).toBe('T stopped');
      expect(await sleep.getAttribute('data-state')).toBe('T');
      expect(await page.locator('[data-testid="inspector-notice"]').textContent()).toMatch(/^Sent SIGSTOP to process \d+ \(sleep\)\.$/);
      expect(await page.locator('[data-testid="signal-menu"]').count()).toBe(0);
      await shot('04-sleep-stopped');
    });

    await step('right-click cat, SIGKILL its whole group: the pipeline is gone', async () => {
      await processRow(/^cat$/).click({ button: 'right' });
      await page.locator('[data-testid="signal-to-group"]').click();
      await page.locator('[data-testid="signal-option"][data-signal="SIGKILL"]').click();
      await poll(() => page.locator('[data-testid="process-row"]').filter({ has: page.locator('.command', { hasText: /^(sleep 100|cat)$/ }) }).count()).toBe(0);
      await waitForTerminal(/Killed/);
      await poll(() => processRow(BASH).getAttribute('data-foreground')).toBe('true');
    });

    await step('the Memory tab draws the shell\'s map: text, heap, stack', async () => {
      await tab('memory').click();
      // Nothing chosen (the one chosen exited): the default, the shell at its prompt.
      await poll(() => openStreams()).toEqual([`?views=processes,maps&pid=${bashPid}`]);
      const regions = page.locator('[data-testid="map-region"]');
      await regions.first().waitFor();
      expect(await page.locator('[data-testid="memory-process"]').inputValue()).toBe('');
      expect(await page.locator('[data-testid="map-region"][data-region="[heap]"]').count()).toBe(1);
      expect(await page.locator('[data-testid="map-region"][data-region="[stack]"]').count()).toBe(1);
      expect(await page.locator('[data-testid="map-region"][data-kind="text"]').count()).toBeGreaterThan(0);
      // Highest address first: the stack is drawn above the heap.
      const top = async (region: string) => (await page.locator(`[data-testid="map-region"][data-region="${region}"] rect`).boundingBox())!.y;
      expect(await top('[stack]')).toBeLessThan(await top('[heap]'));
      expect(await page.locator('[data-testid="map-row"]').count()).toBe(await regions.count());
      expect(await page.locator('[data-testid="memory-summary"]').textContent()).toMatch(/^\d+ mappings · .+ virtual · .+ resident$/);
      await shot('05-memory-bash');
    });

    await step('a process selected in the Processes tab is the one the Memory tab draws', async () => {
      await typeInTerminal('sleep 300 &');
      await waitForTerminal(/^\[1\] \d+$/m);
      const pid = /^\[1\] (\d+)$/m.exec(await page.evaluate(() => (window as unknown as InspectedWindow).__syslab?.terminalText() ?? ''))![1]!;
      await tab('processes').click();
      await page.locator(`[data-testid="process-row"][data-pid="${pid}"]`).click();
      expect(await page.locator(`[data-testid="process-row"][data-pid="${pid}"]`).getAttribute('aria-selected')).toBe('true');
      await tab('memory').click();
      await poll(() => openStreams()).toEqual([`?views=processes,maps&pid=${pid}`]);
      expect(await page.locator('[data-testid="memory-process"]').inputValue()).toBe(pid);
      // The path column names the file; its directory is in the tooltip.
      await poll(() => page.locator('[data-testid="map-row"] td.path[title="/usr/bin/sleep"]').count()).toBeGreaterThan(0);
      await page.locator('[data-testid="map-region"][data-region="[stack]"]').waitFor();
      await shot('06-memory-sleep');
    });

    await step('trace the shell, run ls: execve, openat and getdents64 stream in', async () => {
      await tab('syscalls').click();
      await page.locator('[data-testid="trace-shell"]').click();
      await poll(() => page.locator('[data-testid="trace-status"]').textContent()).toMatch(/^tracing everything the shell starts/);
      await typeInTerminal('ls');
      await poll(() => page.locator('[data-testid="trace-row"][data-syscall="execve"]').count()).toBeGreaterThan(0);
      await poll(() => page.locator('[data-testid="trace-row"][data-syscall="openat"]').count()).toBeGreaterThan(0);
      await poll(() => page.locator('[data-testid="trace-row"][data-syscall="getdents64"]').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="trace-row"][data-syscall="execve"]').first().textContent()).toMatch(/"\/(usr\/)?bin\/ls"/);
      await poll(() => page.locator('[data-testid="summary-row"][data-syscall="getdents64"]').count()).toBe(1);
      await shot('07-syscalls-ls');

      await page.locator('[data-testid="trace-filter"]').fill('getdents');
      const shown = await page.locator('[data-testid="trace-row"]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.syscall));
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown)).toEqual(new Set(['getdents64']));
      await shot('08-syscalls-filtered');
      await page.locator('[data-testid="trace-filter"]').fill('');

      await page.locator('[data-testid="trace-stop"]').click();
      await poll(() => page.locator('[data-testid="trace-status"]').textContent()).toMatch(/^stopped/);
    });

    await step('folding the panel closes the stream and gives the terminal its rows back', async () => {
      await page.locator('[data-testid="inspector-toggle"]').click();
      await poll(() => openStreams()).toEqual([]);
      await poll(terminalRows).toBe(rowsWithoutPanel);
    });

    await step('a step with a view opens it, and its button reopens it', async () => {
      await page.locator('[data-testid="step-list-item"][data-position="2"]').click();
      const button = page.locator('[data-testid="step"][data-step-index="2"] [data-testid="inspector-badge"]');
      expect(await button.textContent()).toBe('Open the Processes view');
      // The learner folded the panel: the step switches the tab but leaves it folded.
      expect(await page.locator('[data-testid="inspector"]').getAttribute('data-open')).toBe('false');
      expect(await tab('processes').getAttribute('tabindex')).toBe('0');
      await button.click();
      expect(await page.locator('[data-testid="inspector"]').getAttribute('data-open')).toBe('true');
      expect(await tab('processes').getAttribute('aria-selected')).toBe('true');
      await poll(() => openStreams()).toEqual(['?views=processes']);
      await processRow(/^sleep 300$/).waitFor();
      await shot('09-step-view-button');
    });

    await step('dragging the divider makes the panel taller and the terminal refits', async () => {
      const panel = page.locator('[data-testid="inspector"]');
      const before = (await panel.boundingBox())!;
      const rows = await terminalRows();
      const handle = (await page.locator('[data-testid="inspector-resizer"]').boundingBox())!;
      const grab = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      await page.mouse.move(grab.x, grab.y - 120, { steps: 6 });
      await page.mouse.up();
      await poll(async () => Math.round((await panel.boundingBox())!.height - before.height)).toBe(120);
      await poll(terminalRows).toBeLessThan(rows);
      // Never so far that the terminal becomes unusable.
      await page.mouse.move(grab.x, grab.y - 120);
      await page.mouse.down();
      await page.mouse.move(grab.x, 0, { steps: 6 });
      await page.mouse.up();
      await poll(terminalRows).toBeGreaterThanOrEqual(8);
      await page.locator('[data-testid="inspector-resizer"]').dblclick();
      await poll(async () => Math.round((await panel.boundingBox())!.height)).toBe(Math.round(before.height));
    });

    await step('a hidden page holds no stream', async () => {
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await poll(() => openStreams()).toEqual([]);
      await page.evaluate(() => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await poll(() => openStreams()).toEqual(['?views=processes']);
    });

    await step('legible at 1440×900 too', async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await tab('ipc').click();
      await typeInTerminal('sleep 200 | cat');
      await poll(async () => (await graphFacts()).nodes.filter((n) => n.kind === 'pipe').length).toBe(1);
      await shot('10-ipc-1440');
      await page.keyboard.press('Control+C');
    });

    expect(await page.evaluate(() => (window as unknown as InspectedWindow).__cspViolations ?? []), `violations of ${CSP}`).toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  }, 12 * STEP_TIMEOUT_MS);
});
