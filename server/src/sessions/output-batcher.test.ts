import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTPUT_BATCH_MAX_BYTES, OUTPUT_BATCH_MS, OUTPUT_QUIET_MS } from '../../../common/src/flow-control.js';
import { OutputBatcher } from './output-batcher.js';

describe('OutputBatcher', () => {
  let sent: string[];
  let clock: number;
  let batcher: OutputBatcher;
  /** A chunk arriving `gap` ms after the previous one. */
  const push = (text: string, gap = 0) => {
    clock += gap;
    batcher.push(Buffer.from(text));
  };
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    clock = 1000;
    batcher = new OutputBatcher((b) => sent.push(b.toString()), () => clock);
  });
  afterEach(() => {
    batcher.dispose();
    vi.useRealTimers();
  });

  it('sends a chunk after a quiet spell at once (an echo is not held)', () => {
    push('a');
    expect(sent).toEqual(['a']);
  });

  it('sends each keystroke echo at once, however fast the keys come, as long as they are not a burst', () => {
    push('a');
    push('b', OUTPUT_QUIET_MS);
    push('c', OUTPUT_QUIET_MS * 2);
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('holds a burst (chunks closer than the quiet time) and sends it as one frame after the batch window', () => {
    push('a');
    push('b', OUTPUT_QUIET_MS / 10);
    push('c', OUTPUT_QUIET_MS / 10);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(sent).toEqual(['a', 'bc']);
  });

  it('a chunk after a pause takes what is held with it, in order', () => {
    push('a');
    push('b', OUTPUT_QUIET_MS / 10);
    push('c', OUTPUT_QUIET_MS * 2);
    expect(sent).toEqual(['a', 'bc']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(sent).toEqual(['a', 'bc']);
  });

  it('sends a full batch early, without waiting for the window', () => {
    push('x');
    push('y'.repeat(OUTPUT_BATCH_MAX_BYTES), 0);
    expect(sent.length).toBe(2);
    expect(sent[1]!.length).toBe(OUTPUT_BATCH_MAX_BYTES);
  });

  it('flush() sends what is held now', () => {
    push('a');
    push('b', 0);
    batcher.flush();
    expect(sent).toEqual(['a', 'b']);
  });

  it('sends nothing after dispose', () => {
    push('a');
    push('b', 0);
    batcher.dispose();
    vi.advanceTimersByTime(OUTPUT_BATCH_MS * 3);
    expect(sent).toEqual(['a']);
  });
});
