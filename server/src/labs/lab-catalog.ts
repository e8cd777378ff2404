/**
 * Every lab in the labs folder, loaded and validated once at start-up. A lab
 * that fails validation is left out and reported, so one broken lab cannot take
 * the others down; the server logs the errors and the CLI fails on them.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { LabSummary } from '../../../common/src/api.js';
import type { LabPublicView } from '../../../common/src/lab-api.js';
import type { Lab } from './lab.js';
import { LabError } from './lab-error.js';
import { loadLab } from './lab-loader.js';
import { publicView } from './lab-public-view.js';

export interface LabCatalog {
  /** Every valid lab, ordered by id. */
  list(): LabSummary[];
  get(id: string): Lab | undefined;
  /** What the browser may see of a lab: no answers, patterns, commands, explanations or paths. */
  publicView(lab: Lab): LabPublicView;
}

export interface LoadedCatalog {
  catalog: LabCatalog;
  /** One per lab that was left out, in id order. */
  errors: LabError[];
}

export function loadCatalog(labsDir: string): LoadedCatalog {
  const labs = new Map<string, Lab>();
  const errors: LabError[] = [];
  let ids: string[];
  try {
    ids = readdirSync(labsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(e as Error).message}`;
    ids = [];
    errors.push(new LabError(path.resolve(labsDir), '', `the labs folder ${reason}`));
  }
  for (const id of ids) {
    try {
      labs.set(id, loadLab(labsDir, id));
    } catch (e) {
      // Anything else is a bug in the loader, not in the lab: let it surface.
      if (!(e instanceof LabError)) throw e;
      errors.push(e);
    }
  }
  return { catalog: new MapLabCatalog(labs), errors };
}

class MapLabCatalog implements LabCatalog {
  private readonly summaries: LabSummary[];

  constructor(private readonly labs: ReadonlyMap<string, Lab>) {
    this.summaries = [...labs.values()].map((lab) => ({
      id: lab.id,
      title: lab.title,
      summary: lab.summary,
      steps: lab.steps.length,
    }));
  }

  list(): LabSummary[] {
    return this.summaries.map((s) => ({ ...s }));
  }

  get(id: string): Lab | undefined {
    return this.labs.get(id);
  }

  publicView(lab: Lab): LabPublicView {
    return publicView(lab);
  }
}
