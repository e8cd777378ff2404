import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settings } from './config.js';
import { CONFIGURATION_DOC, configurationMarkdown } from './config-doc.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('docs/configuration.md', () => {
  it('is what the schema generates (run `npm run docs:config` after changing a setting)', () => {
    expect(readFileSync(path.join(repo, CONFIGURATION_DOC), 'utf8')).toBe(configurationMarkdown());
  });

  it('has a row for every setting with its flag, variable and default', () => {
    const doc = configurationMarkdown();
    for (const key of Object.keys(settings)) expect(doc).toContain(`\`SYSLAB_${key}\``);
    expect(doc).toContain('| `--port <n>` | `SYSLAB_PORT` (or `PORT`) | `3000` |');
    expect(doc).toContain('| `--sandbox-memory <size>` | `SYSLAB_SANDBOX_MEMORY` | `512M` |');
    expect(doc).toContain('`--trust-proxy`, `--no-trust-proxy` | `SYSLAB_TRUST_PROXY` | `false` |');
  });
});
