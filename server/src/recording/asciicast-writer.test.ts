import { describe, expect, it } from 'vitest';
import { parseAsciicast } from './asciicast.js';
import { AsciicastWriter } from './asciicast-writer.js';

const HEADER = { version: 2 as const, width: 80, height: 24, timestamp: 1_700_000_000, title: 'ada — hello', env: { TERM: 'xterm-256color' } };

function recorder(options: { maxBytes?: number; reserveBytes?: number; clock?: () => number } = {}) {
  let text = '';
  let t = 0;
  const writer = new AsciicastWriter((line) => { text += line; }, {
    header: HEADER,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    reserveBytes: options.reserveBytes ?? 512,
    now: options.clock ?? (() => (t += 10)),
  });
  return { writer, text: () => text };
}

describe('AsciicastWriter', () => {
  it('writes a header and output events that parse back, data intact', () => {
    const { writer, text } = recorder();
    writer.output(Buffer.from('$ echo hi\r\n'));
    writer.output(Buffer.from('hi\r\n\x1b[1;32m$ \x1b[0m'));
    writer.end();
    const cast = parseAsciicast(text());
    expect(cast.header).toEqual(HEADER);
    expect(cast.events.map(([, code, data]) => [code, data])).toEqual([
      ['o', '$ echo hi\r\n'],
      ['o', 'hi\r\n\x1b[1;32m$ \x1b[0m'],
    ]);
    // One line per event, each a JSON array: control characters are escaped, not raw.
    expect(text().split('\n').filter(Boolean)).toHaveLength(3);
    expect(text()).not.toMatch(/\x1b/);
  });

  it('times are seconds from the start, rounded to microseconds, and never go backwards', () => {
    const times = [1000, 1000.0004, 1250.5, 1100, 3000.1234567];
    const { writer, text } = recorder({ clock: () => times.shift()! });
    for (const s of ['a', 'b', 'c', 'd']) writer.output(Buffer.from(s));
    writer.end();
    const seconds = parseAsciicast(text()).events.map(([t]) => t);
    // 1100 came after 1250.5: a clock step back is held at the last time.
    expect(seconds).toEqual([0, 0.2505, 0.2505, 2.000123]);
    for (let i = 1; i < seconds.length; i++) expect(seconds[i]!).toBeGreaterThanOrEqual(seconds[i - 1]!);
  });

  it('a multibyte character split across chunks comes out whole, in the event that completes it', () => {
    const { writer, text } = recorder();
    const bytes = Buffer.from('né 日本 🐧!', 'utf8');
    // Cut at every byte: every multibyte character is split at least once.
    for (const b of bytes) writer.output(Buffer.from([b]));
    writer.end();
    const events = parseAsciicast(text()).events;
    expect(events.map(([, , d]) => d).join('')).toBe('né 日本 🐧!');
    // No event holds half a character (a lone surrogate or U+FFFD).
    for (const [, , data] of events) {
      expect(data).not.toMatch(/\uFFFD/);
      expect(Buffer.from(data, 'utf8').toString('utf8')).toBe(data);
      expect(data).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    // 🐧 is four bytes: three chunks give nothing, the fourth gives the whole penguin.
    expect(events.some(([, , d]) => d === '🐧')).toBe(true);
  });

  it('bytes that are not UTF-8 become U+FFFD, and a character cut off by the end too', () => {
    const { writer, text } = recorder();
    writer.output(Buffer.from([0x41, 0xff, 0x42]));
    writer.output(Buffer.from([0xe6, 0x97])); // the first two of 日's three bytes, then the session ends
    writer.end();
    const data = parseAsciicast(text()).events.map(([, , d]) => d).join('');
    expect(data).toBe('A\uFFFDB\uFFFD');
  });

  it('resizes are "r" events with COLSxROWS', () => {
    const { writer, text } = recorder();
    writer.resize(132, 43);
    writer.end();
    expect(parseAsciicast(text()).events.map(([, c, d]) => [c, d])).toEqual([['r', '132x43']]);
  });

  it('stops at its size cap with a marker and a visible notice, then records nothing more', () => {
    const maxBytes = 4096;
    const { writer, text } = recorder({ maxBytes, reserveBytes: 600 });
    const chunk = Buffer.from(`${'y\r\n'.repeat(100)}`);
    for (let i = 0; i < 50; i++) writer.output(chunk);
    writer.resize(100, 30);
    writer.end();
    const size = Buffer.byteLength(text());
    expect(size).toBeLessThanOrEqual(maxBytes);
    expect(size).toBe(writer.bytesWritten);
    expect(writer.stoppedBecause).toMatch(/size limit/);
    const events = parseAsciicast(text()).events;
    const [marker, notice] = events.slice(-2);
    expect(marker![1]).toBe('m');
    expect(marker![2]).toMatch(/recording stopped: it reached its size limit/);
    expect(notice![1]).toBe('o');
    expect(notice![2]).toMatch(/Recording stopped/);
    expect(events.filter(([, c]) => c === 'r')).toHaveLength(0);
    expect(events.filter(([, c]) => c === 'o').length).toBeGreaterThan(5);
  });

  it('an explicit stop (a disk that cannot keep up) says why', () => {
    const { writer, text } = recorder();
    writer.output(Buffer.from('before'));
    writer.stop('the disk is not keeping up');
    writer.output(Buffer.from('after'));
    writer.end();
    const data = parseAsciicast(text()).events.map(([, , d]) => d);
    expect(data).toContain('before');
    expect(data.join('')).not.toContain('after');
    expect(data.join('')).toContain('the disk is not keeping up');
    expect(writer.status).toBe('ended');
  });
});
