/**
 * The markers of an asciicast v2 recording ("step 2 passed: …", "recording
 * stopped: …"), in order: the replay page lists them so an instructor can
 * jump to the moment a learner passed a step. Pure. Only lines that can be
 * markers are parsed, so a 16 MiB cast costs one scan, not 100,000 JSON.parse.
 */
export interface CastMarker {
  /** Seconds from the start, real time (before the player shortens pauses). */
  time: number;
  label: string;
}

export function castMarkers(cast: string): CastMarker[] {
  const markers: CastMarker[] = [];
  let start = cast.indexOf('\n') + 1;
  while (start > 0 && start < cast.length) {
    let end = cast.indexOf('\n', start);
    if (end < 0) end = cast.length;
    const line = cast.slice(start, end);
    if (line.includes(',"m",')) {
      try {
        const event: unknown = JSON.parse(line);
        if (Array.isArray(event) && typeof event[0] === 'number' && event[1] === 'm' && typeof event[2] === 'string') {
          markers.push({ time: event[0], label: event[2] });
        }
      } catch {
        // Not an event line (a torn last line): not a marker either.
      }
    }
    start = end + 1;
  }
  return markers;
}

/** Time of the last whole event line, or 0. */
export function castDuration(cast: string): number {
  const lines = cast.trimEnd().split('\n');
  for (let i = lines.length - 1; i > 0; i--) {
    try {
      const event: unknown = JSON.parse(lines[i]!);
      if (Array.isArray(event) && typeof event[0] === 'number') return event[0];
    } catch {
      // A torn last line: look at the one before.
    }
  }
  return 0;
}

/** 75.4 → "1:15". */
export function formatCastTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
