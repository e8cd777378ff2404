import { describe, expect, it } from 'vitest';
import { tidyCode } from './join-code-input.js';

describe('tidyCode', () => {
  it('shows what is typed as the code looks on the board', () => {
    expect(tidyCode('kxr47p')).toBe('KXR-47P');
    expect(tidyCode('KXR 47P')).toBe('KXR-47P');
    expect(tidyCode('kx')).toBe('KX');
    expect(tidyCode('kxr-47p-extra')).toBe('KXR-47P');
  });
});
