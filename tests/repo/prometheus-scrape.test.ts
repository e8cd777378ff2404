/**
 * The monitoring set-up against a real Prometheus (Debian's `prometheus`
 * package): promtool accepts deploy/monitoring/prometheus.yml, Prometheus
 * scrapes a real syslab server through a real session, and every query of
 * the Grafana dashboard parses and returns series, with the start latency
 * p50 a real number. Skips with a reason when Prometheus is not installed
 * (./scripts/setup.sh --test installs it); in CI it must not.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, REPO, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
/** Scrape often so the test needs seconds, not the deployment's 15 s. */
const SCRAPE_SECONDS = 1;

const unavailable = existsSync(PROMETHEUS) && existsSync(PROMTOOL) ? null : `${PROMETHEUS} or ${PROMTOOL} is not installed (apt-get install prometheus)`;

interface QueryResult {
  status: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('the dashboard against a real Prometheus', () => {
  let server: RunningServer;
  let prometheus: ChildProcess;
  let promUrl: string;
  let dir: string;

  beforeAll(async () => {
    if (unavailable && process.env.CI) throw new Error(`Prometheus must be installed in CI: ${unavailable}`);
    if (unavailable) {
      console.warn(`SKIPPED: dashboard against a real Prometheus: ${unavailable}`);
      return;
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'syslab-prom-'));
    // With the warm pool on, as a server runs by default: its panels need its series.
    server = await startServer({ env: { SYSLAB_WARM_SANDBOXES: '1' } });
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global:',
      `  scrape_interval: ${SCRAPE_SECONDS}s`,
      'scrape_configs:',
      '  - job_name: syslab',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: ["127.0.0.1:${server.port}"]`,
    ].join('\n'));
    prometheus = spawn(PROMETHEUS, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
    ], { stdio: 'ignore' });
    await until(async () => (await query('up{job="syslab"}'))[0]?.value[1] === '1', 30_000);

    // After the first scrape, so rate() over the counters sees them move.
    const a = await createSession(server);
    const b = await createSession(server);
    const term = await TerminalClient.connect(server.url, a.id, { token: a.token });
    await term.run('seq 1 200');
    await fetch(`${server.url}/api/sessions/${a.id}/steps/1/check`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } });
    await fetch(`${server.url}/api/sessions/${b.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.token}` } });
    await until(async () => (await query('syslab_sessions_ended_total'))[0]?.value[1] === '1', 30_000);
    // Two more scrapes, so every rate() has two points after the changes.
    await new Promise((r) => setTimeout(r, 2500 * SCRAPE_SECONDS));
  }, 90_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    if (prometheus && prometheus.exitCode === null) await new Promise((r) => prometheus.once('exit', r));
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function query(expr: string): Promise<NonNullable<QueryResult['data']>['result']> {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as QueryResult;
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data!.result;
  }

  it('promtool accepts deploy/monitoring/prometheus.yml', async (ctx) => {
    if (unavailable) ctx.skip();
    const out = await new Promise<{ code: number; text: string }>((resolve) => {
      execFile(PROMTOOL, ['check', 'config', path.join(REPO, 'deploy/monitoring/prometheus.yml')], (err, stdout, stderr) => {
        resolve({ code: err ? 1 : 0, text: `${stdout}${stderr}` });
      });
    });
    expect(out.code, out.text).toBe(0);
    expect(out.text).toContain('SUCCESS');
  });

  it('every dashboard query parses and returns series from a real scrape', async (ctx) => {
    if (unavailable) ctx.skip();
    const dashboard = JSON.parse(readFileSync(path.join(REPO, 'deploy/monitoring/grafana/dashboards/syslab.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const report: string[] = [];
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        // Grafana's $__rate_interval is at least four scrape intervals.
        const result = await query(expr.replaceAll('$__rate_interval', `${4 * SCRAPE_SECONDS}s`));
        report.push(`${panel.title}: ${result.map((r) => `${JSON.stringify(r.metric)}=${r.value[1]}`).join(' ')}`);
        expect(result.length, `panel "${panel.title}": ${expr} returned no series`).toBeGreaterThan(0);
      }
    }
    console.log(report.join('\n'));
    expect(Number((await query('syslab_sessions_active'))[0]!.value[1])).toBe(1);
    const p50 = Number((await query('histogram_quantile(0.5, sum by (le) (rate(syslab_session_start_seconds_bucket[1m])))'))[0]!.value[1]);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThan(20);
    const out = await query('syslab_terminal_bytes_total{direction="out"}');
    expect(Number(out[0]!.value[1])).toBeGreaterThan(500);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch { /* not up yet */ }
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
