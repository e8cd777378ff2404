import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig, settings } from './config.js';
import { parseFlags } from './config-flags.js';

describe('parseFlags', () => {
  it('maps every setting to a flag, in both spellings', () => {
    expect(parseFlags(['--port', '8080', '--host=0.0.0.0', '--data-dir', '/srv/x']).env)
      .toEqual({ SYSLAB_PORT: '8080', SYSLAB_HOST: '0.0.0.0', SYSLAB_DATA_DIR: '/srv/x' });
    for (const key of Object.keys(settings)) {
      const flag = `--${key.toLowerCase().replace(/_/g, '-')}`;
      expect(parseFlags([`${flag}=1`]).env).toEqual({ [`SYSLAB_${key}`]: '1' });
    }
  });

  it('takes switches with no value, and --no- to turn one off', () => {
    expect(parseFlags(['--trust-proxy', '--no-metrics']).env).toEqual({ SYSLAB_TRUST_PROXY: 'true', SYSLAB_METRICS: 'false' });
    expect(parseFlags(['--trust-proxy=false']).env).toEqual({ SYSLAB_TRUST_PROXY: 'false' });
  });

  it('overrides the environment when laid over it', () => {
    const config = loadConfig({ SYSLAB_PORT: '1', PORT: '2', ...parseFlags(['--port', '3']).env });
    expect(config.PORT).toBe(3);
  });

  it('refuses unknown flags (with the near miss) and values that are missing', () => {
    expect(() => parseFlags(['--hots', '0.0.0.0'])).toThrow(/unknown option --hots \(did you mean --host\?\)/);
    expect(() => parseFlags(['--port'])).toThrow(/--port needs a value/);
    expect(() => parseFlags(['--port', '--host', 'x'])).toThrow(ConfigError);
    expect(() => parseFlags(['-p'])).toThrow(/unknown option -p/);
    expect(() => parseFlags(['--no-port'])).toThrow(/unknown option --no-port/);
  });

  it('keeps positional arguments, the caller\'s own switches and --help apart', () => {
    const parsed = parseFlags(['sessions', 'kill', 'abc', '--json', '--data-dir', '/d', '-h'], ['--json']);
    expect(parsed.positional).toEqual(['sessions', 'kill', 'abc']);
    expect([...parsed.switches]).toEqual(['--json']);
    expect(parsed.help).toBe(true);
    expect(parsed.env).toEqual({ SYSLAB_DATA_DIR: '/d' });
  });
});

describe('describeSettings', () => {
  it('lists every setting with its flag, variable, default and description', () => {
    const help = describeSettings();
    for (const [key, [, description]] of Object.entries(settings)) {
      expect(help).toContain(`SYSLAB_${key}`);
      expect(help).toContain(description);
    }
    expect(help).toContain('--port <n>\n      SYSLAB_PORT (or PORT), default 3000');
    expect(help).toContain('--driver <bubblewrap|');
    expect(help).toContain('--max-message-bytes <size>\n      SYSLAB_MAX_MESSAGE_BYTES, default 1M');
  });

  it('names the flag and the variable when a value is bad', () => {
    expect(() => loadConfig({ SYSLAB_PORT: 'x' })).toThrow(/SYSLAB_PORT \(--port\)/);
  });
});
