import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './server-metrics.js';

/** `name{labels} value` lines of the exposition, for exact assertions. */
async function sample(registry: Registry, name: string): Promise<string[]> {
  const text = await registry.metrics();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

describe('ServerMetrics', () => {
  it('reads the session gauges from the sessions it observes, at scrape time', async () => {
    const metrics = new ServerMetrics(new Registry());
    expect(await sample(metrics.registry, 'syslab_sessions_active')).toEqual(['syslab_sessions_active 0']);
    const sessions = [{ isPaused: true, socketCount: 2 }, { isPaused: false, socketCount: 1 }];
    metrics.observe({ get count() { return sessions.length; }, list: () => sessions });
    expect(await sample(metrics.registry, 'syslab_sessions_active')).toEqual(['syslab_sessions_active 2']);
    expect(await sample(metrics.registry, 'syslab_terminals_paused')).toEqual(['syslab_terminals_paused 1']);
    expect(await sample(metrics.registry, 'syslab_terminal_sockets')).toEqual(['syslab_terminal_sockets 3']);
    sessions.pop();
    expect(await sample(metrics.registry, 'syslab_sessions_active')).toEqual(['syslab_sessions_active 1']);
  });

  it('counts starts into the histogram, checks by lab and result, bytes by direction and errors by reason', async () => {
    const metrics = new ServerMetrics(new Registry());
    metrics.sessionStarted('hello', 0.03);
    metrics.sessionStarted('hello', 3);
    metrics.stepChecked('hello', 'pass');
    metrics.stepChecked('hello', 'fail');
    metrics.stepChecked('hello', 'fail');
    metrics.bytesIn(5);
    metrics.bytesOut(1000);
    metrics.failed('start_timeout');
    metrics.sessionEnded('idle');
    const r = metrics.registry;
    expect(await sample(r, 'syslab_session_start_seconds_count')).toEqual(['syslab_session_start_seconds_count 2']);
    expect(await sample(r, 'syslab_session_start_seconds_bucket')).toContain('syslab_session_start_seconds_bucket{le="0.05"} 1');
    expect(await sample(r, 'syslab_sessions_started_total')).toEqual(['syslab_sessions_started_total{lab="hello"} 2']);
    expect(await sample(r, 'syslab_step_checks_total')).toEqual([
      'syslab_step_checks_total{lab="hello",result="pass"} 1', 'syslab_step_checks_total{lab="hello",result="fail"} 2',
    ]);
    expect(await sample(r, 'syslab_terminal_bytes_total')).toEqual([
      'syslab_terminal_bytes_total{direction="in"} 5', 'syslab_terminal_bytes_total{direction="out"} 1000',
    ]);
    expect(await sample(r, 'syslab_errors_total')).toContain('syslab_errors_total{reason="start_timeout"} 1');
    expect(await sample(r, 'syslab_errors_total')).toContain('syslab_errors_total{reason="internal"} 0');
    expect(await sample(r, 'syslab_sessions_ended_total')).toContain('syslab_sessions_ended_total{reason="idle"} 1');
    expect(await sample(r, 'syslab_sessions_ended_total')).toContain('syslab_sessions_ended_total{reason="exited"} 0');
  });

  it('has zero series for every lab, so a pass rate is 0, not absent', async () => {
    const metrics = new ServerMetrics(new Registry());
    metrics.forLabs(['hello', 'signals']);
    expect(await sample(metrics.registry, 'syslab_step_checks_total')).toContain('syslab_step_checks_total{lab="signals",result="pass"} 0');
    expect(await sample(metrics.registry, 'syslab_sessions_started_total')).toEqual([
      'syslab_sessions_started_total{lab="hello"} 0', 'syslab_sessions_started_total{lab="signals"} 0',
    ]);
  });

  it("includes Node's default metrics, on the registry it was given only", async () => {
    const mine = new ServerMetrics(new Registry());
    const other = new Registry();
    expect(await mine.registry.metrics()).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(await mine.registry.metrics()).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
    expect(await other.metrics()).toBe('\n');
  });
});
