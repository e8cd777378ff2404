import { describe, expect, it } from 'vitest';
import { ConfigError, describeSettings, loadConfig, parseBytes, settings } from './config.js';

describe('loadConfig', () => {
  it('has a default for every setting and binds loopback by default', () => {
    const c = loadConfig({});
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PORT).toBe(3000);
    expect(c.DRIVER).toBe('bubblewrap');
    expect(c.SANDBOX_MEMORY).toBe(512 * 2 ** 20);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads SYSLAB_* and the conventional PORT and HOST', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', SYSLAB_SANDBOX_MEMORY: '1G', SYSLAB_TRUST_PROXY: 'true' });
    expect(c.PORT).toBe(8080);
    expect(c.HOST).toBe('0.0.0.0');
    expect(c.SANDBOX_MEMORY).toBe(2 ** 30);
    expect(c.TRUST_PROXY).toBe(true);
    expect(loadConfig({ PORT: '1', SYSLAB_PORT: '2' }).PORT).toBe(2);
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => loadConfig({ SYSLAB_PORT: '99999' })).toThrow(ConfigError);
    expect(() => loadConfig({ SYSLAB_PORT: '99999' })).toThrow(/SYSLAB_PORT/);
    expect(() => loadConfig({ SYSLAB_DRIVER: 'vm' })).toThrow(/SYSLAB_DRIVER/);
    expect(() => loadConfig({ SYSLAB_SANDBOX_MEMORY: 'lots' })).toThrow(/SYSLAB_SANDBOX_MEMORY \(--sandbox-memory\): "lots" is not a size/);
    expect(() => loadConfig({ SYSLAB_MAX_SESSIONS: '-3' })).toThrow(/SYSLAB_MAX_SESSIONS/);
  });

  it('describes every setting for --help', () => {
    const help = describeSettings();
    for (const key of Object.keys(settings)) expect(help).toContain(`SYSLAB_${key}`);
  });
});

describe('parseBytes', () => {
  it.each([['65536', 65536], ['64K', 65536], ['512M', 512 * 2 ** 20], ['1G', 2 ** 30], ['2GiB', 2 * 2 ** 30], ['1.5G', null], ['', null]])(
    '%s → %s', (text, bytes) => expect(parseBytes(text)).toBe(bytes));
});
