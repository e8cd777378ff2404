/**
 * `npm run lab -- <command>`: tools for lab authors.
 *
 *   check <id>… | --all   validate labs and run their content tests in real sandboxes
 *   new <id>              scaffold a lab that passes check
 *
 * Its own composition root, like main.ts: flags in, nothing from the
 * environment.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { runContentTest } from '../engine/content-test.js';
import { ScriptFiles } from '../engine/lab-scripts.js';
import type { Lab } from '../labs/lab.js';
import { loadCatalog } from '../labs/lab-catalog.js';
import { LabError } from '../labs/lab-error.js';
import { loadLab } from '../labs/lab-loader.js';
import { LAB_ID_PATTERN } from '../labs/lab-schema.js';
import { SandboxError } from '../sandbox/driver.js';
import { CheckSandboxes, type CheckDriver } from './check-sandbox.js';
import { writeScaffold } from './lab-scaffold.js';

const ExitCode = {
  OK: 0,
  /** A lab is invalid or failed its content test. */
  LAB_FAILED: 1,
  /** The command line is wrong. */
  USAGE: 2,
  /** Sandboxes cannot run on this machine (bubblewrap missing, no user namespaces). */
  NO_SANDBOX: 3,
} as const;

const usage = (prog: string) => `Usage: ${prog} <command> [options]

Commands:
  check <id>...     Validate each lab and run its content test in a fresh bubblewrap
                    sandbox: for each step, setup.sh (if any), verify.sh must fail,
                    solve.sh, verify.sh must pass; then every quiz question.
  check --all       The same for every lab in the labs folder.
  new <id>          Create <labs>/<id> from a template that passes check.

Options:
  --labs-dir DIR    The labs folder (default: ./labs).
  --driver NAME     Sandboxes for check: bubblewrap (default) or docker (the engine
                    and lab image of the default SYSLAB_DOCKER_* settings).
  -h, --help        Show this.

Exit status: 0 all good; 1 a lab is invalid or failed; 2 usage error;
3 sandboxes cannot run here. docs/authoring.md describes the lab format.
`;

interface Args {
  /** How the user invoked us, for the usage text: `npm run lab --` or `syslab labs`. */
  prog: string;
  command: string | undefined;
  ids: string[];
  all: boolean;
  labsDir: string;
  driver: CheckDriver;
  help: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[], prog: string): Args {
  const args: Args = { prog, command: undefined, ids: [], all: false, labsDir: 'labs', driver: 'bubblewrap', help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') args.help = true;
    else if (a === '--all') args.all = true;
    else if (a === '--labs-dir') {
      const dir = argv[++i];
      if (dir === undefined) throw new UsageError('--labs-dir needs a folder');
      args.labsDir = dir;
    } else if (a.startsWith('--labs-dir=')) args.labsDir = a.slice('--labs-dir='.length);
    else if (a === '--driver' || a.startsWith('--driver=')) {
      const name = a === '--driver' ? argv[++i] : a.slice('--driver='.length);
      if (name !== 'bubblewrap' && name !== 'docker') throw new UsageError('--driver is bubblewrap or docker');
      args.driver = name;
    }
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (args.command === undefined) args.command = a;
    else args.ids.push(a);
  }
  return args;
}

/** The lab commands; `syslab labs …` calls this too. Resolves with the exit status. */
export async function labCli(argv: readonly string[], prog = 'npm run lab --'): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, prog);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n\n${usage(prog)}`);
    return ExitCode.USAGE;
  }
  if (args.help) {
    process.stdout.write(usage(args.prog));
    return ExitCode.OK;
  }
  const labsDir = path.resolve(args.labsDir);
  switch (args.command) {
    case 'check':
      return check(labsDir, args);
    case 'new':
      return scaffold(labsDir, args);
    default:
      process.stderr.write(`${args.command === undefined ? 'no command given' : `unknown command "${args.command}"`}\n\n${usage(args.prog)}`);
      return ExitCode.USAGE;
  }
}

async function check(labsDir: string, args: Args): Promise<number> {
  if (args.all === (args.ids.length > 0)) {
    process.stderr.write(`check needs the ids of the labs to check, or --all (not both)\n\n${usage(args.prog)}`);
    return ExitCode.USAGE;
  }
  const labs: Lab[] = [];
  let failed = false;
  if (args.all) {
    const { catalog, errors } = loadCatalog(labsDir);
    for (const e of errors) process.stdout.write(`✗ ${e.message}\n`);
    failed = errors.length > 0;
    for (const { id } of catalog.list()) labs.push(catalog.get(id)!);
  } else {
    for (const id of args.ids) {
      try {
        labs.push(loadLab(labsDir, id));
      } catch (e) {
        if (!(e instanceof LabError)) throw e;
        process.stdout.write(`✗ ${e.message}\n`);
        failed = true;
      }
    }
  }
  if (labs.length === 0) {
    if (!failed) process.stdout.write(`no labs in ${labsDir}\n`);
    return ExitCode.LAB_FAILED;
  }

  const log = pino({ level: 'warn' }, pino.destination(2));
  const opened = await CheckSandboxes.open(log, args.driver);
  if ('unavailable' in opened) {
    process.stderr.write(`cannot run content tests here: ${opened.unavailable}\n`);
    return ExitCode.NO_SANDBOX;
  }
  const scripts = new ScriptFiles();
  try {
    for (const lab of labs) {
      process.stdout.write(`${lab.id}: ${lab.steps.length} step${lab.steps.length === 1 ? '' : 's'}, ${lab.quiz.length} quiz question${lab.quiz.length === 1 ? '' : 's'}\n`);
      let sandbox;
      try {
        sandbox = await opened.sandboxes.start(lab);
      } catch (e) {
        // One lab this driver cannot run (a network of hosts under Docker) must not stop the others.
        if (!(e instanceof SandboxError)) throw e;
        process.stdout.write(`✗ ${lab.id}: no sandbox: ${e.userMessage} (${e.detail})\n`);
        failed = true;
        continue;
      }
      try {
        const report = await runContentTest(lab, sandbox, { scripts, onLine: (line) => process.stdout.write(`${line}\n`) });
        process.stdout.write(report.ok ? `✓ ${lab.id} passes\n` : `✗ ${lab.id} fails (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})\n`);
        if (!report.ok) failed = true;
      } finally {
        await sandbox.destroy();
      }
    }
  } finally {
    await opened.sandboxes.close();
  }
  return failed ? ExitCode.LAB_FAILED : ExitCode.OK;
}

function scaffold(labsDir: string, args: Args): number {
  const [id, ...rest] = args.ids;
  if (id === undefined || rest.length > 0 || args.all) {
    process.stderr.write(`new needs exactly one lab id\n\n${usage(args.prog)}`);
    return ExitCode.USAGE;
  }
  if (!LAB_ID_PATTERN.test(id)) {
    process.stderr.write(`"${id}" is not a valid lab id: use 1–40 lower-case letters, digits and dashes, starting with a letter or digit\n`);
    return ExitCode.USAGE;
  }
  const written = writeScaffold(labsDir, id);
  if ('problem' in written) {
    process.stderr.write(`${written.problem}\n`);
    return ExitCode.LAB_FAILED;
  }
  // The template is meant to be valid; say so loudly if an edit to it broke that.
  loadLab(labsDir, id);
  const relative = path.relative(process.cwd(), written.dir);
  const shown = relative === '' || relative.startsWith('..') ? written.dir : relative;
  process.stdout.write(`created ${shown}/\n\nNext: edit its files (docs/authoring.md describes each), then run\n  ${args.prog} check ${id}\n`);
  return ExitCode.OK;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  labCli(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err) => {
      process.stderr.write(`lab: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
