import { describe, expect, it } from 'vitest';
import { cleanDisplayName, MAX_DISPLAY_NAME_CHARS, uniqueDisplayName } from './display-name.js';

describe('cleanDisplayName', () => {
  it('trims and collapses whitespace', () => {
    expect(cleanDisplayName('  Ana \t  María  ')).toEqual({ ok: true, name: 'Ana María' });
  });

  it('strips control and invisible formatting characters', () => {
    expect(cleanDisplayName('\u001b[31mEve\u001b[0m')).toEqual({ ok: true, name: '[31mEve[0m' });
    expect(cleanDisplayName('Bob\u202Eevil\u200B')).toEqual({ ok: true, name: 'Bobevil' });
    expect(cleanDisplayName('Line\nbreak')).toEqual({ ok: true, name: 'Line break' });
  });

  it('refuses an empty or too long name, saying why', () => {
    expect(cleanDisplayName(' \u200B\u0007 ')).toMatchObject({ ok: false, message: expect.stringContaining('name') });
    expect(cleanDisplayName('x'.repeat(MAX_DISPLAY_NAME_CHARS))).toMatchObject({ ok: true });
    expect(cleanDisplayName('x'.repeat(MAX_DISPLAY_NAME_CHARS + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`${MAX_DISPLAY_NAME_CHARS}`) });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(cleanDisplayName('😀'.repeat(MAX_DISPLAY_NAME_CHARS))).toMatchObject({ ok: true });
  });
});

describe('uniqueDisplayName', () => {
  it('numbers a second and third person with the same name', () => {
    const taken = new Set(['ana', 'ana (2)']);
    expect(uniqueDisplayName('Bea', (n) => taken.has(n.toLowerCase()))).toBe('Bea');
    expect(uniqueDisplayName('Ana', (n) => taken.has(n.toLowerCase()))).toBe('Ana (3)');
  });

  it('keeps a numbered long name within the limit', () => {
    const long = 'y'.repeat(MAX_DISPLAY_NAME_CHARS);
    const name = uniqueDisplayName(long, (n) => n === long);
    expect(name).toMatch(/ \(2\)$/);
    expect([...name].length).toBeLessThanOrEqual(MAX_DISPLAY_NAME_CHARS);
  });
});
