/**
 * Workshop join codes: short enough to read aloud and type on a phone, with
 * no characters that look or sound alike (0/O, 1/I/L, U/V, 5/S, 2/Z, 8/B).
 * Shown as "KXR-47P"; accepted in any case, with or without the dash or spaces.
 */
import { randomInt } from 'node:crypto';

/**
 * 23 symbols: no B/8, I/L/1, O/0, S/5, U/V, Z/2. Six of them give 148 million
 * codes, far more than one server ever holds, so a random one rarely collides
 * (the store retries) and guessing a live one is hopeless.
 */
export const JOIN_CODE_ALPHABET = 'ACDEFGHJKMNPQRTWXY34679';
export const JOIN_CODE_LENGTH = 6;

export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** What a person typed → the stored form, or null when it cannot be a code. */
export function normalizeJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== JOIN_CODE_LENGTH) return null;
  for (const c of code) if (!JOIN_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** "KXR47P" → "KXR-47P": two groups of three are easier to read out. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}
