import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { originAllowed, parseAllowedOrigins } from './origin-policy.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const cookie = { token: 't', source: 'cookie' as const };
const bearer = { token: 't', source: 'bearer' as const };
const none = new Set<string>();

describe('originAllowed', () => {
  it('allows the server\'s own origin', () => {
    expect(originAllowed(req({ host: 'lab.example:3000', origin: 'http://lab.example:3000' }), cookie, none)).toBe(true);
  });
  it('refuses another origin, even one that only differs by port or is a suffix', () => {
    expect(originAllowed(req({ host: 'lab.example:3000', origin: 'http://lab.example:3001' }), cookie, none)).toBe(false);
    expect(originAllowed(req({ host: 'lab.example', origin: 'http://evil-lab.example' }), cookie, none)).toBe(false);
    expect(originAllowed(req({ host: 'lab.example', origin: 'null' }), cookie, none)).toBe(false);
  });
  it('allows configured origins', () => {
    expect(originAllowed(req({ host: 'a', origin: 'https://b.example' }), cookie, parseAllowedOrigins('https://b.example/, https://c'))).toBe(true);
  });
  it('without Origin: a Bearer header is fine (pages cannot set it), a cookie is not (only browsers send cookies)', () => {
    expect(originAllowed(req({ host: 'a' }), bearer, none)).toBe(true);
    expect(originAllowed(req({ host: 'a' }), cookie, none)).toBe(false);
  });
});
