/**
 * `head -c N file…` prints each file after a `==> path <==` header, with a
 * blank line between files: one process reads many /proc files in one go.
 * This splits its output back into files.
 */

/** path → content, in the order head printed them. A /proc file that vanished mid-read is simply absent. */
export function splitHeadOutput(text: string): Map<string, string> {
  const files = new Map<string, string>();
  // Headers name /proc and /dev paths, or /syslab/<section> for sections a script frames itself.
  const header = /(?:^|\n)==> (\/(?:proc|dev|syslab)\/[^\n]*?) <==\n/g;
  let path: string | null = null;
  let from = 0;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    if (path !== null) files.set(path, text.slice(from, m.index));
    path = m[1]!;
    from = m.index + m[0].length;
  }
  if (path !== null) files.set(path, text.slice(from));
  return files;
}
