import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTPUT_BATCH_MAX_BYTES, OUTPUT_BATCH_MS } from '../../../common/src/flow-control.js';
import { OutputBatcher } from './output-batcher.js';

describe('OutputBatcher', () => {
  let sent: string[];
  let batcher: OutputBatcher;
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    batcher = new OutputBatcher((b) => sent.push(b.toString()));
  });
  afterEach(() => {
    batcher.dispose();
    vi.useRealTimers();
  });

  it('sends the first chunk after a quiet spell at once (an echo is not held)', () => {
    batcher.push(Buffer.from('a'));
    expect(sent).toEqual(['a']);
  });

  it('holds what follows within the window and sends it as one frame when the window closes', () => {
    batcher.push(Buffer.from('a'));
    batcher.push(Buffer.from('b'));
    batcher.push(Buffer.from('c'));
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(sent).toEqual(['a', 'bc']);
  });

  it('keeps batching while output keeps coming, and answers at once again after a quiet window', () => {
    batcher.push(Buffer.from('1'));
    batcher.push(Buffer.from('2'));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS); // sends "2", window reopens
    batcher.push(Buffer.from('3'));
    expect(sent).toEqual(['1', '2']);
    vi.advanceTimersByTime(OUTPUT_BATCH_MS); // sends "3", window reopens
    vi.advanceTimersByTime(OUTPUT_BATCH_MS); // nothing held: window closes
    batcher.push(Buffer.from('4'));
    expect(sent).toEqual(['1', '2', '3', '4']);
  });

  it('sends a full batch early, without waiting for the window', () => {
    batcher.push(Buffer.from('x'));
    const big = Buffer.alloc(OUTPUT_BATCH_MAX_BYTES, 'y');
    batcher.push(big);
    expect(sent.length).toBe(2);
    expect(sent[1]!.length).toBe(OUTPUT_BATCH_MAX_BYTES);
  });

  it('flush() sends what is held now and keeps byte order', () => {
    batcher.push(Buffer.from('a'));
    batcher.push(Buffer.from('b'));
    batcher.flush();
    batcher.push(Buffer.from('c'));
    vi.advanceTimersByTime(OUTPUT_BATCH_MS);
    expect(sent.join('')).toBe('abc');
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('sends nothing after dispose', () => {
    batcher.push(Buffer.from('a'));
    batcher.push(Buffer.from('b'));
    batcher.dispose();
    vi.advanceTimersByTime(OUTPUT_BATCH_MS * 3);
    expect(sent).toEqual(['a']);
  });
});
