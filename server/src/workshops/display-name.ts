/**
 * A learner's display name as typed on the join page, made safe to show on
 * the instructor's dashboard and in exports: control and invisible formatting
 * characters (bidi overrides, zero-width joiners, escape sequences) removed,
 * whitespace collapsed, length capped. Pure.
 */

/** Fits a dashboard card and a CSV column; longer is a paste accident, not a name. */
export const MAX_DISPLAY_NAME_CHARS = 40;

export type CleanedName = { ok: true; name: string } | { ok: false; message: string };

export function cleanDisplayName(input: string): CleanedName {
  const name = input
    .normalize('NFC')
    // Cc: C0/C1 controls (ESC starts terminal sequences); Cf: bidi overrides,
    // zero-width characters, which let one name pose as another.
    .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (/\s/.test(c) ? ' ' : ''))
    .replace(/[\s\p{Zl}\p{Zp}]+/gu, ' ')
    .trim();
  if (name === '') return { ok: false, message: 'type the name others in the room know you by' };
  const chars = [...name].length;
  if (chars > MAX_DISPLAY_NAME_CHARS) {
    return { ok: false, message: `a name has at most ${MAX_DISPLAY_NAME_CHARS} characters; this one has ${chars}` };
  }
  return { ok: true, name };
}

/**
 * "Ana" → "Ana (2)", "Ana (3)", …: the first name not taken (compared
 * ignoring case, as the roster does), so two people called Ana can both join
 * and the instructor can tell them apart.
 */
export function uniqueDisplayName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const base = [...name].slice(0, MAX_DISPLAY_NAME_CHARS - suffix.length).join('').trimEnd();
    const candidate = `${base}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}
