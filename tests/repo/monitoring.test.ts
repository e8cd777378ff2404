/**
 * deploy/monitoring cannot drift from the server: every series the Grafana
 * dashboard queries exists (with the labels it uses) in the registry the
 * server builds, Prometheus scrapes the compose service, and Grafana's
 * provisioning points at the dashboard and datasource that exist.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ServerMetrics } from '../../server/src/ops/server-metrics.js';
import { REPO } from '../support/server.js';

const MONITORING = path.join(REPO, 'deploy/monitoring');

interface Panel {
  title: string;
  datasource: { uid: string };
  targets: Array<{ expr: string; datasource: { uid: string } }>;
}

const dashboard = JSON.parse(readFileSync(path.join(MONITORING, 'grafana/dashboards/syslab.json'), 'utf8')) as { uid: string; panels: Panel[] };
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

/** Metric name → its label names, as the server's own registry has them. */
async function serverSeries(): Promise<Map<string, Set<string>>> {
  const metrics = new ServerMetrics(new Registry());
  const out = new Map<string, Set<string>>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    const labels = new Set<string>();
    for (const v of m.values) for (const l of Object.keys(v.labels)) labels.add(l);
    // A histogram's series are <name>_bucket (with le), _sum and _count.
    if (String(m.type) === 'histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) out.set(`${m.name}${suffix}`, new Set([...labels, ...(suffix === '_bucket' ? ['le'] : [])]));
    } else out.set(m.name, labels);
  }
  // Labels a labelled metric declares but has not observed yet.
  for (const name of ['syslab_sessions_started_total', 'syslab_sessions_ended_total', 'syslab_step_checks_total', 'syslab_errors_total', 'syslab_terminal_bytes_total', 'syslab_warm_sandboxes']) {
    const declared = (metrics.registry.getSingleMetric(name) as unknown as { labelNames: string[] }).labelNames;
    for (const l of declared) out.get(name)!.add(l);
  }
  return out;
}

const METRIC = /\b((?:syslab|process|nodejs)_[a-z0-9_]+)\b(\{[^}]*\})?/g;
const BY = /\bby \(([^)]*)\)/g;

describe('the Grafana dashboard', () => {
  it('has the panels the issue asks for', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase()).join(' | ');
    for (const want of ['active sessions', 'start latency', 'bytes streamed', 'paused terminals', 'pass rate', 'errors']) expect(titles).toContain(want);
    const all = exprs.map((e) => e.expr).join('\n');
    expect(all).toContain('histogram_quantile(0.5, sum by (le) (rate(syslab_session_start_seconds_bucket');
    expect(all).toContain('histogram_quantile(0.99, sum by (le) (rate(syslab_session_start_seconds_bucket');
  });

  it('queries only series, and labels, that the server registers', async () => {
    const known = await serverSeries();
    let checked = 0;
    for (const { panel, expr } of exprs) {
      const used: string[] = [];
      for (const m of expr.matchAll(METRIC)) {
        const name = m[1]!;
        used.push(name);
        expect(known.has(name), `panel "${panel}" queries ${name}, which the server does not export`).toBe(true);
        for (const sel of (m[2] ?? '').matchAll(/([a-z_]+)\s*=~?/g)) {
          expect(known.get(name)!.has(sel[1]!), `panel "${panel}": ${name} has no label ${sel[1]}`).toBe(true);
        }
        checked++;
      }
      for (const by of expr.matchAll(BY)) {
        for (const label of by[1]!.split(',').map((s) => s.trim()).filter(Boolean)) {
          expect(used.some((n) => known.get(n)!.has(label)), `panel "${panel}" groups by ${label}, which none of ${used.join(', ')} has`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(exprs.length);
  });

  it('uses the provisioned datasource everywhere', () => {
    const ds = YAML.parse(readFileSync(path.join(MONITORING, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as {
      datasources: Array<{ uid: string; url: string; type: string }>;
    };
    const [source] = ds.datasources;
    expect(source).toMatchObject({ uid: 'syslab-prometheus', type: 'prometheus', url: 'http://prometheus:9090' });
    for (const p of dashboard.panels) {
      expect(p.datasource.uid).toBe(source!.uid);
      for (const t of p.targets) expect(t.datasource.uid).toBe(source!.uid);
    }
  });
});

describe('Prometheus and Grafana provisioning', () => {
  it('Prometheus scrapes the compose service syslab on port 3000 at /metrics', () => {
    const config = YAML.parse(readFileSync(path.join(MONITORING, 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const job = config.scrape_configs.find((j) => j.job_name === 'syslab');
    expect(job).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['syslab:3000'] }] });
    const compose = YAML.parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
    };
    expect(compose.services.syslab?.environment?.SYSLAB_PORT).toBe('3000');
    expect(compose.services.prometheus?.volumes).toContain('./deploy/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });

  it('the dashboard provider reads the folder docker-compose.yml mounts the dashboards into', () => {
    const provider = YAML.parse(readFileSync(path.join(MONITORING, 'grafana/provisioning/dashboards/syslab.yml'), 'utf8')) as {
      providers: Array<{ options: { path: string } }>;
    };
    const compose = YAML.parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as { services: Record<string, { volumes?: string[] }> };
    const mounts = compose.services.grafana?.volumes ?? [];
    expect(mounts).toContain(`./deploy/monitoring/grafana/dashboards:${provider.providers[0]!.options.path}:ro`);
    expect(mounts).toContain('./deploy/monitoring/grafana/provisioning:/etc/grafana/provisioning:ro');
  });
});
