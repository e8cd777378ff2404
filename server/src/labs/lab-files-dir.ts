/**
 * Checks on a lab's files/ folder, which is copied into every learner's home.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { LabError } from './lab-error.js';

/**
 * The learner's home is a small size-capped tmpfs, and files/ is copied into it
 * at every session start: demo sources and data, not datasets.
 */
export const FILES_DIR_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Refuse what cannot be copied faithfully into a sandbox: a symlink would point
 * at a path on the server (or nowhere inside the sandbox), and devices, FIFOs
 * and sockets are state a setup.sh should create, not content.
 *
 * @param show names a path relative to files/ as the author sees it, for errors
 * @throws LabError
 */
export function checkFilesDir(filesDir: string, show: (rel: string) => string): void {
  let total = 0;
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(filesDir, rel)).sort()) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const stat = lstatSync(path.join(filesDir, childRel));
      if (stat.isSymbolicLink()) throw new LabError(show(childRel), '', 'is a symlink: copy the file in instead');
      if (stat.isDirectory()) {
        walk(childRel);
      } else if (stat.isFile()) {
        total += stat.size;
        if (total > FILES_DIR_MAX_BYTES) {
          throw new LabError(show(childRel), '', `files/ holds more than ${FILES_DIR_MAX_BYTES / 1024 / 1024} MiB, too much to copy into every learner's home`);
        }
      } else {
        throw new LabError(show(childRel), '', 'is not a regular file or folder: create FIFOs, sockets and devices in a setup.sh');
      }
    }
  };
  walk('');
}
