/**
 * The asciicast v2 format (https://docs.asciinema.org/manual/asciicast/v2/):
 * newline-delimited JSON, a header object on the first line, then one
 * `[time, code, data]` array per event, time in seconds from the start.
 * Pure: encoding and parsing only; files are recording-file.ts's job.
 */
import { z } from 'zod';

/** The media type the format's authors suggest; asciinema-player does not need it, but downloads do. */
export const ASCIICAST_MEDIA_TYPE = 'application/x-asciicast';

/**
 * `o` output, `i` input, `r` resize ("COLSxROWS"), `m` marker (a label).
 * We write o, r and m; never i (see recorder.ts for why).
 */
export type AsciicastEventCode = 'o' | 'i' | 'r' | 'm';
export type AsciicastEvent = [time: number, code: AsciicastEventCode, data: string];

const HeaderSchema = z.looseObject({
  version: z.literal(2),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestamp: z.number().int().optional(),
  title: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
});
export type AsciicastHeader = z.infer<typeof HeaderSchema>;

const EventSchema = z.tuple([z.number().nonnegative(), z.enum(['o', 'i', 'r', 'm']), z.string()]);

export function headerLine(header: AsciicastHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/**
 * One event line. JSON.stringify escapes control characters and, since
 * Node 12, lone surrogates, so the line is valid UTF-8 whatever `data` holds.
 */
export function eventLine(seconds: number, code: AsciicastEventCode, data: string): string {
  return `${JSON.stringify([roundToMicroseconds(seconds), code, data])}\n`;
}

/** asciinema writes six decimals; more is noise from the clock. */
export function roundToMicroseconds(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

export function resizeData(cols: number, rows: number): string {
  return `${cols}x${rows}`;
}

export class AsciicastParseError extends Error {
  override readonly name = 'AsciicastParseError';
}

/**
 * Reads a whole recording back (tests, and tools that check a file).
 * @throws AsciicastParseError naming the first bad line
 */
export function parseAsciicast(text: string): { header: AsciicastHeader; events: AsciicastEvent[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new AsciicastParseError('empty recording: no header line');
  const header = HeaderSchema.safeParse(parseJson(lines[0]!, 1));
  if (!header.success) throw new AsciicastParseError(`line 1: not an asciicast v2 header: ${header.error.issues[0]?.message ?? ''}`);
  const events = lines.slice(1).map((line, i): AsciicastEvent => {
    const event = EventSchema.safeParse(parseJson(line, i + 2));
    if (!event.success) throw new AsciicastParseError(`line ${i + 2}: not an event [time, code, data]`);
    return event.data;
  });
  return { header: header.data, events };
}

function parseJson(line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new AsciicastParseError(`line ${n}: not JSON`);
  }
}
