import { describe, expect, it } from 'vitest';
import { castDuration, castMarkers, formatCastTime } from './cast-markers.js';

describe('castMarkers', () => {
  it('finds the marker events in order, and nothing in output that merely mentions one', () => {
    const cast = [
      '{"version":2,"width":80,"height":24,"title":"has ,\\"m\\", in it"}',
      '[0.5,"o","echo \\"[1,\\\\\\"m\\\\\\",\\\\\\"fake\\\\\\"]\\"\\r\\n"]',
      '[12.25,"m","step 1 passed: Make a file"]',
      '[13,"r","100x30"]',
      '[75.5,"m","step 2 passed: Run a program"]',
      '[80,"o","x"]',
      '[80,"m","recording stopped: it reached its size limit of 16 MiB"]',
      '[81,"o","tor',
    ].join('\n');
    expect(castMarkers(cast)).toEqual([
      { time: 12.25, label: 'step 1 passed: Make a file' },
      { time: 75.5, label: 'step 2 passed: Run a program' },
      { time: 80, label: 'recording stopped: it reached its size limit of 16 MiB' },
    ]);
  });

  it('has none in a cast without markers, or an empty one', () => {
    expect(castMarkers('{"version":2,"width":80,"height":24}\n[1,"o","hi"]\n')).toEqual([]);
    expect(castMarkers('')).toEqual([]);
  });

  it('reads the duration from the last whole event', () => {
    expect(castDuration('{"version":2,"width":80,"height":24}\n[1,"o","a"]\n[4.5,"m","end"]\n[5,"o","tor')).toBe(4.5);
    expect(castDuration('{"version":2,"width":80,"height":24}\n')).toBe(0);
  });

  it('formats times as m:ss or h:mm:ss', () => {
    expect(formatCastTime(0)).toBe('0:00');
    expect(formatCastTime(75.4)).toBe('1:15');
    expect(formatCastTime(3725)).toBe('1:02:05');
  });
});
