import { describe, expect, it } from 'vitest';
import { hostName, hostPolicy } from './host-policy.js';

describe('hostName', () => {
  it('drops the port, lowercases, keeps IPv6 inside brackets and refuses junk', () => {
    expect(hostName('Example.ORG:8080')).toBe('example.org');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName('example.org.')).toBe('example.org');
    expect(hostName(undefined)).toBeNull();
    expect(hostName('a b')).toBeNull();
    expect(hostName('evil.example/x')).toBeNull();
  });
});

describe('hostPolicy', () => {
  it('bound to loopback with no list: only loopback names (a DNS-rebinding page is refused)', () => {
    const p = hostPolicy('', '127.0.0.1');
    for (const ok of ['localhost:3000', '127.0.0.1:3000', '127.1.2.3', '[::1]:3000', 'app.localhost']) expect(p.allows(ok), ok).toBe(true);
    for (const bad of ['evil.example:3000', '10.0.0.1', undefined, 'localhost.evil.example']) expect(p.allows(bad), String(bad)).toBe(false);
  });

  it('bound to every address with no list: any name, since it cannot know its names', () => {
    const p = hostPolicy('', '0.0.0.0');
    expect(p.allows('lab.school.example')).toBe(true);
    expect(p.allows(undefined)).toBe(true);
  });

  it('a list allows exactly its names, a leading dot its subdomains, and nothing else', () => {
    const p = hostPolicy('lab.example.org, .school.example', '0.0.0.0');
    expect(p.allows('lab.example.org:443')).toBe(true);
    expect(p.allows('school.example')).toBe(true);
    expect(p.allows('a.b.school.example')).toBe(true);
    expect(p.allows('evilschool.example')).toBe(false);
    expect(p.allows('localhost')).toBe(false);
    expect(p.allows('example.org')).toBe(false);
  });

  it('* allows any name, also on loopback', () => {
    expect(hostPolicy('*', '127.0.0.1').allows('anything.example')).toBe(true);
  });
});
