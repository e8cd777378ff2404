/**
 * Read one lab folder into a Lab, or refuse it with a LabError naming the file
 * and field. Labs are read once at start-up, so this is synchronous and simple.
 *
 * Beyond the schema, the folder itself is held to the format: every listed step
 * folder has its files, every step folder is listed, and nothing unexpected
 * lies around, because a misspelt file name (quiz.yml, setup.sh.txt) would
 * otherwise silently drop part of the lab.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Lab, LabStep } from './lab.js';
import { LabError } from './lab-error.js';
import { checkFilesDir } from './lab-files-dir.js';
import { hostProblem, LAB_ID_PATTERN, LabManifestSchema, QuizSchema, type StepEntry } from './lab-schema.js';
import { runnableBlockProblems } from './runnable-blocks.js';
import { parseYamlFile } from './yaml-file.js';

const LAB_ENTRIES = new Set(['lab.yaml', 'intro.md', 'finish.md', 'quiz.yaml', 'steps', 'files']);
const STEP_ENTRIES = new Set(['text.md', 'verify.sh', 'solve.sh', 'setup.sh']);
const REQUIRED_STEP_FILES = ['text.md', 'verify.sh', 'solve.sh'] as const;
/**
 * A script reaches the sandbox as one argv string (engine/lab-scripts.ts),
 * and Linux refuses one over 128 KiB (MAX_ARG_STRLEN); a check needs a
 * fraction of this.
 */
export const MAX_SCRIPT_BYTES = 64 * 1024;

/**
 * @param labsDir the folder holding all labs (its own name starts every path in errors)
 * @param id      the lab's folder name inside labsDir
 * @throws LabError when the lab breaks the format
 */
export function loadLab(labsDir: string, id: string): Lab {
  const folder = new LabFolder(labsDir, id);
  if (!LAB_ID_PATTERN.test(id)) {
    throw new LabError(folder.show(), '', `"${id}" is not a valid lab id: use 1–40 lower-case letters, digits and dashes`);
  }
  if (!folder.isDir('')) throw new LabError(folder.show(), '', 'there is no such lab folder');
  folder.refuseUnexpected('', LAB_ENTRIES, 'a lab folder holds only lab.yaml, intro.md, finish.md, quiz.yaml, steps/ and files/');

  const manifest = parseYamlFile(folder.read('lab.yaml'), folder.show('lab.yaml'), LabManifestSchema);
  const { data } = manifest;
  if (data.id !== id) {
    throw new LabError(folder.show('lab.yaml'), 'id', `"${data.id}" must equal the lab's folder name "${id}"`, manifest.lineOf(['id']));
  }

  if (!folder.isDir('steps')) throw new LabError(folder.show('steps'), '', 'is missing: each step is a folder under steps/');
  const listed = new Set(data.steps.map((s) => s.dir));
  for (const entry of folder.entries('steps')) {
    if (!listed.has(entry)) {
      throw new LabError(folder.show('lab.yaml'), 'steps', `does not list the folder steps/${entry}: add it, or delete the folder`, manifest.lineOf(['steps']));
    }
  }
  const steps = data.steps.map((entry, i) => loadStep(folder, entry, i, manifest.lineOf(['steps', i, 'dir'])));

  const quizFile = parseYamlFile(folder.read('quiz.yaml'), folder.show('quiz.yaml'), QuizSchema);
  const quiz = quizFile.data;
  quiz.questions.forEach((q, i) => {
    if (q.type !== 'live' || q.host === undefined) return;
    const problem = hostProblem(q.host, data.network?.hosts.map((h) => h.name));
    if (problem) throw new LabError(folder.show('quiz.yaml'), `questions.${i}.host`, problem, quizFile.lineOf(['questions', i, 'host']));
  });

  let filesDir: string | null = null;
  if (folder.exists('files')) {
    if (!folder.isDir('files')) throw new LabError(folder.show('files'), '', 'must be a folder');
    filesDir = folder.abs('files');
    checkFilesDir(filesDir, (rel) => folder.show('files', rel));
  }

  return {
    id,
    title: data.title,
    summary: data.summary,
    level: data.level,
    minutes: data.minutes,
    tags: data.tags,
    dir: folder.abs(),
    intro: folder.readMarkdown('intro.md'),
    finish: folder.readMarkdown('finish.md'),
    steps,
    quiz: quiz.questions,
    filesDir,
    network: data.network ?? null,
  };
}

function loadStep(folder: LabFolder, entry: StepEntry, i: number, line: number | undefined): LabStep {
  const stepDir = `steps/${entry.dir}`;
  const field = `steps.${i}.dir`;
  if (!folder.isDir(stepDir)) {
    throw new LabError(folder.show('lab.yaml'), field, `"${entry.dir}" has no folder ${stepDir}`, line);
  }
  for (const required of REQUIRED_STEP_FILES) {
    if (!folder.exists(`${stepDir}/${required}`)) {
      throw new LabError(folder.show('lab.yaml'), field, `"${entry.dir}" has no ${required}`, line);
    }
  }
  folder.refuseUnexpected(stepDir, STEP_ENTRIES, 'a step folder holds only text.md, verify.sh, solve.sh and setup.sh');

  const text = folder.readMarkdown(`${stepDir}/text.md`);
  const script = (name: string) => {
    // An empty verify.sh exits 0 and would pass every learner at once.
    const content = folder.readNonEmpty(`${stepDir}/${name}`);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_SCRIPT_BYTES) {
      throw new LabError(folder.show(`${stepDir}/${name}`), '', `is ${bytes} bytes; a script may be at most ${MAX_SCRIPT_BYTES} (move data into files/)`);
    }
    return folder.abs(`${stepDir}/${name}`);
  };
  return {
    index: i + 1,
    dir: entry.dir,
    title: entry.title,
    ...(entry.view ? { view: entry.view } : {}),
    ...(entry.host ? { host: entry.host } : {}),
    text,
    verifyScript: script('verify.sh'),
    solveScript: script('solve.sh'),
    setupScript: folder.exists(`${stepDir}/setup.sh`) ? script('setup.sh') : null,
  };
}

/** One lab's folder: reads relative paths, and names them as the author sees them. */
class LabFolder {
  private readonly root: string;
  private readonly labsName: string;

  constructor(labsDir: string, private readonly id: string) {
    const labs = path.resolve(labsDir);
    this.root = path.join(labs, id);
    this.labsName = path.basename(labs);
  }

  abs(...rel: string[]): string {
    return path.join(this.root, ...rel);
  }

  show(...rel: string[]): string {
    return [this.labsName, this.id, ...rel].filter((p) => p !== '').join('/');
  }

  exists(rel: string): boolean {
    return statOrNull(this.abs(rel)) !== null;
  }

  isDir(rel: string): boolean {
    return statOrNull(this.abs(rel))?.isDirectory() ?? false;
  }

  /** Entries of a folder, without dotfiles (editors and OSes leave those around). */
  entries(rel: string): string[] {
    return readdirSync(this.abs(rel)).filter((name) => !name.startsWith('.')).sort();
  }

  refuseUnexpected(rel: string, allowed: Set<string>, why: string): void {
    const stray = this.entries(rel).find((name) => !allowed.has(name));
    if (stray !== undefined) throw new LabError(this.show(rel, stray), '', `unexpected here: ${why}`);
  }

  read(rel: string): string {
    const stat = statOrNull(this.abs(rel));
    if (stat === null) throw new LabError(this.show(rel), '', 'is missing');
    if (!stat.isFile()) throw new LabError(this.show(rel), '', 'must be a file');
    return readFileSync(this.abs(rel), 'utf8');
  }

  readNonEmpty(rel: string): string {
    const content = this.read(rel);
    if (content.trim() === '') throw new LabError(this.show(rel), '', 'is empty');
    return content;
  }

  /** Markdown the guide shows, with its ```run and ```ctrl-c blocks checked. */
  readMarkdown(rel: string): string {
    const text = this.readNonEmpty(rel);
    const problem = runnableBlockProblems(text)[0];
    if (problem) throw new LabError(this.show(rel), '', `line ${problem.line}: ${problem.problem}`);
    return text;
  }
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
