import { describe, expect, it } from 'vitest';
import { keystrokes } from './markdown-renderer.js';

describe('keystrokes', () => {
  it('follows every line of a run block with Enter, as typing would', () => {
    expect(keystrokes('sleep 1000 &')).toBe('sleep 1000 &\r');
    expect(keystrokes("echo 'hello, shell' > hello.txt\ncat hello.txt")).toBe("echo 'hello, shell' > hello.txt\rcat hello.txt\r");
  });
});
