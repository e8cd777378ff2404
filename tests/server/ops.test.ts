/**
 * The operator's endpoints on a real server with real sandboxes: /healthz,
 * /readyz (driver and store, with a real lock on the database as the fault),
 * and /metrics showing real series after a real session: start latency,
 * terminal bytes both ways, a step check, the session's end.
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, startServer, type RunningServer } from '../support/server.js';
import { TerminalClient } from '../support/terminal-client.js';

/** `name{labels} value` → value, or undefined when the series is absent. */
function series(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(labels ? `${name}{${labels}} ` : `${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('health, readiness and metrics', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startServer(); });
  afterAll(async () => { await server.stop(); });

  it('/healthz says the process is up; /readyz that driver and store work', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ ready: true, checks: { accepting: { ok: true }, driver: { ok: true }, store: { ok: true } } });
  });

  it('/metrics shows real series after a real session', async () => {
    const before = await (await fetch(`${server.url}/metrics`)).text();
    expect(series(before, 'syslab_sessions_active')).toBe(0);

    const { id, token } = await createSession(server);
    const term = await TerminalClient.connect(server.url, id, { token });
    expect(await term.run('echo metrics-$((6*7))')).toContain('metrics-42');
    const check = await fetch(`${server.url}/api/sessions/${id}/steps/1/check`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(check.status).toBe(200);
    const passed = ((await check.json()) as { passed: boolean }).passed;

    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const during = await res.text();
    console.log(during.split('\n').filter((l) => l.startsWith('syslab_') && !/ 0$/.test(l)).join('\n'));
    expect(series(during, 'syslab_sessions_active')).toBe(1);
    expect(series(during, 'syslab_terminal_sockets')).toBe(1);
    expect(series(during, 'syslab_terminals_paused')).toBe(0);
    expect(series(during, 'syslab_sessions_started_total', 'lab="hello"')).toBe(1);
    expect(series(during, 'syslab_session_start_seconds_count')).toBe(1);
    const startSeconds = series(during, 'syslab_session_start_seconds_sum')!;
    expect(startSeconds).toBeGreaterThan(0);
    expect(startSeconds).toBeLessThan(20);
    expect(series(during, 'syslab_terminal_bytes_total', 'direction="in"')).toBeGreaterThanOrEqual('echo metrics-$((6*7))\r'.length);
    expect(series(during, 'syslab_terminal_bytes_total', 'direction="out"')).toBeGreaterThan(10);
    expect(series(during, 'syslab_step_checks_total', `lab="hello",result="${passed ? 'pass' : 'fail'}"`)).toBe(1);
    expect(series(during, 'syslab_errors_total', 'reason="start_failed"')).toBe(0);
    expect(series(during, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(during).toMatch(/^nodejs_eventloop_lag_seconds /m);

    term.close();
    expect((await fetch(`${server.url}/api/sessions/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    const after = await (await fetch(`${server.url}/metrics`)).text();
    expect(series(after, 'syslab_sessions_active')).toBe(0);
    expect(series(after, 'syslab_sessions_ended_total', 'reason="destroyed"')).toBe(1);
  });

  it('/readyz is 503 naming the store while another process holds the database\'s write lock', async () => {
    const other = new Database(path.join(server.dataDir, 'syslab.db'));
    try {
      other.exec('BEGIN EXCLUSIVE');
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { ready: boolean; checks: { store: { ok: boolean; problem: string }; driver: { ok: boolean } } };
      expect(body.ready).toBe(false);
      expect(body.checks.driver.ok).toBe(true);
      expect(body.checks.store.problem).toMatch(/^the database cannot be written: database is locked/);
      other.exec('ROLLBACK');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      other.close();
    }
    // /healthz does not depend on the store: the process was up all along.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

/** GET with any Host header (fetch will not send a foreign one). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { host } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

describe('/metrics protection', () => {
  it('answers the name a scraper uses (a container name) where the API refuses it', async () => {
    const server = await startServer();
    try {
      expect(await getWithHost(`${server.url}/api/labs`, 'syslab:3000')).toBe(403);
      expect(await getWithHost(`${server.url}/metrics`, 'syslab:3000')).toBe(200);
      expect(await getWithHost(`${server.url}/readyz`, '10.1.2.3:3000')).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('SYSLAB_METRICS=false: /metrics is 404 (not the web page), health still answers', async () => {
    const server = await startServer({ env: { SYSLAB_METRICS: 'false' } });
    try {
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('metrics_disabled');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('SYSLAB_METRICS_TOKEN: /metrics needs that bearer token', async () => {
    const secret = 'scrape-secret-0123456789';
    const server = await startServer({ env: { SYSLAB_METRICS_TOKEN: secret } });
    try {
      const none = await fetch(`${server.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${secret}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('syslab_sessions_active 0');
      expect(JSON.stringify(server.logs)).not.toContain(secret);
    } finally {
      await server.stop();
    }
  });
});
