import { describe, expect, it } from 'vitest';
import { formatJoinCode, JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, newJoinCode, normalizeJoinCode } from './join-code.js';

describe('join codes', () => {
  it('are six symbols from an alphabet without look-alikes', () => {
    for (const ambiguous of '0O1IL5S2Z8BUV') expect(JOIN_CODE_ALPHABET).not.toContain(ambiguous);
    expect(new Set(JOIN_CODE_ALPHABET).size).toBe(JOIN_CODE_ALPHABET.length);
    for (let i = 0; i < 200; i++) {
      const code = newJoinCode();
      expect(code).toHaveLength(JOIN_CODE_LENGTH);
      expect(normalizeJoinCode(code)).toBe(code);
    }
  });

  it('accept what people type: any case, a dash or spaces', () => {
    expect(normalizeJoinCode('kxr-47p')).toBe('KXR47P');
    expect(normalizeJoinCode(' KXR 47P ')).toBe('KXR47P');
    expect(normalizeJoinCode('KXR47P')).toBe('KXR47P');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeJoinCode('')).toBeNull();
    expect(normalizeJoinCode('KXR-47')).toBeNull();
    expect(normalizeJoinCode('KXR-47PP')).toBeNull();
    expect(normalizeJoinCode('KX0-47P')).toBeNull();
    expect(normalizeJoinCode('KXR_47P')).toBeNull();
  });

  it('are shown as two groups of three', () => {
    expect(formatJoinCode('KXR47P')).toBe('KXR-47P');
  });
});
