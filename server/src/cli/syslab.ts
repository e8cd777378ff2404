#!/usr/bin/env node
/**
 * The `syslab` command (package.json "bin"): serve, sessions, labs, doctor.
 * Its own composition root for the commands that are not the server; every
 * setting comes from the one schema (config.ts) as a flag or SYSLAB_* variable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, describeSettings, loadConfig, type Config } from '../config.js';
import { parseFlags, serveHelp } from '../config-flags.js';
import { AdminUnreachable, formatSessions, killSession, listSessions } from './sessions-command.js';

const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** The repository (or installed package) root: sandbox/packages.txt and the version live there. */
const REPO = findRepo(path.dirname(fileURLToPath(import.meta.url)));

/**
 * Where `npm start` finds its data, labs and page (./data, ./labs and
 * ./dist/web of the syslab folder, since npm runs it there), so `syslab`
 * behaves the same from any directory. A flag or variable still wins, and a
 * relative one is taken from the current directory.
 */
const INSTALL_DEFAULTS = {
  SYSLAB_DATA_DIR: path.join(REPO, 'data'),
  SYSLAB_LABS_DIR: path.join(REPO, 'labs'),
  SYSLAB_WEB_DIR: path.join(REPO, 'dist/web'),
};

const HELP = `syslab: a Linux systems lab in the browser

Usage: syslab <command> [flags]

Commands:
  serve                     Run the server (what npm start does).
  sessions list [--json]    The running server's sessions (through its admin
                            socket, <data dir>/admin.sock; run as the server's user).
  sessions kill <id>...     End sessions: their clients are told, sandboxes destroyed.
  labs check <id>...|--all  Validate labs and run their content tests in real sandboxes.
  labs new <id>             Scaffold a lab (docs/authoring.md).
  doctor                    Check this host for what the configured driver needs;
                            exits 1 when it cannot work here.
  help [command]            This text, or a command's.
  --version                 The version.

Every command takes the settings below as flags (a flag wins over the
environment variable). docs/operations.md describes the commands,
docs/configuration.md the settings.

Settings:
${describeSettings()}
`;

const SESSIONS_HELP = `Usage: syslab sessions list [--json] [--data-dir DIR]
       syslab sessions kill <id>... [--data-dir DIR]

Talks to the server running with that data directory through its admin
socket (DIR/admin.sock, mode 0600): run it as the user the server runs as.
kill ends a session as DELETE /api/sessions/<id> would: its terminals are
told and closed, its sandbox destroyed. Exit status 1 if an id was not running.
`;

const DOCTOR_HELP = `Usage: syslab doctor [flags]

Checks this host for what the configured driver (--driver, SYSLAB_DRIVER)
needs: Node.js, root, the data directory, bubblewrap and its tools, user
namespaces, cgroups (by making one), the learner tools of
sandbox/packages.txt, the Docker engine and lab image, the labs and the web
page; then starts a real sandbox with that driver, runs a command in it and
removes it. Prints the fix for each problem. Exit status 1 when the
configured driver cannot work here, 0 otherwise (warnings included).
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      return help(rest[0]);
    case '--version':
    case '-V':
      process.stdout.write(`syslab ${version()}\n`);
      return ExitCode.OK;
    case 'serve': {
      // Loaded on demand: the other commands need not load the whole server.
      const { runServer } = await import('../main.js');
      await runServer(rest, INSTALL_DEFAULTS);
      return ExitCode.OK;
    }
    case 'labs': {
      const { labCli } = await import('./lab-cli.js');
      // The installation's labs unless --labs-dir (later, so it wins) says otherwise.
      return labCli(['--labs-dir', INSTALL_DEFAULTS.SYSLAB_LABS_DIR, ...rest], 'syslab labs');
    }
    case 'sessions':
      return sessions(rest);
    case 'doctor': {
      const parsed = parseOrExit(rest, [], 'doctor');
      if (parsed === null) return ExitCode.OK;
      if (typeof parsed === 'number') return parsed;
      const { doctor } = await import('./doctor.js');
      return doctor(parsed.config, REPO, (line) => process.stdout.write(`${line}\n`));
    }
    default:
      process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
      return ExitCode.USAGE;
  }
}

async function help(topic: string | undefined): Promise<number> {
  if (topic === 'serve') process.stdout.write(serveHelp());
  else if (topic === 'sessions') process.stdout.write(SESSIONS_HELP);
  else if (topic === 'doctor') process.stdout.write(DOCTOR_HELP);
  else if (topic === 'labs') return (await import('./lab-cli.js')).labCli(['--help'], 'syslab labs');
  else process.stdout.write(HELP);
  return ExitCode.OK;
}

async function sessions(argv: string[]): Promise<number> {
  const parsed = parseOrExit(argv, ['--json'], 'sessions');
  if (parsed === null) return ExitCode.OK;
  if (typeof parsed === 'number') return parsed;
  const [sub, ...ids] = parsed.positional;
  const dataDir = parsed.config.DATA_DIR;
  try {
    if (sub === 'list' && ids.length === 0) {
      const list = await listSessions(dataDir);
      // --json stays the list of sessions it always was; the table also says what the warm pool holds.
      process.stdout.write(parsed.switches.has('--json') ? `${JSON.stringify(list.sessions, null, 2)}\n` : formatSessions(list));
      return ExitCode.OK;
    }
    if (sub === 'kill' && ids.length > 0) {
      let missing = 0;
      for (const id of ids) {
        if (await killSession(dataDir, id)) process.stdout.write(`ended ${id}\n`);
        else {
          process.stderr.write(`no running session ${id} (syslab sessions list shows them)\n`);
          missing++;
        }
      }
      return missing > 0 ? ExitCode.FAILED : ExitCode.OK;
    }
  } catch (err) {
    if (err instanceof AdminUnreachable) {
      process.stderr.write(`${err.message}\n`);
      return ExitCode.FAILED;
    }
    throw err;
  }
  process.stderr.write(`${sub === undefined ? 'sessions needs list or kill' : `cannot do "sessions ${parsed.positional.join(' ')}"`}\n\n${SESSIONS_HELP}`);
  return ExitCode.USAGE;
}

/** Flags and environment → config; null after printing help; an exit code on a usage error. */
function parseOrExit(argv: string[], switches: string[], topic: string): { config: Config; positional: string[]; switches: Set<string> } | null | number {
  try {
    const flags = parseFlags(argv, switches);
    if (flags.help) {
      void help(topic);
      return null;
    }
    return { config: loadConfig({ ...INSTALL_DEFAULTS, ...process.env, ...flags.env }), positional: flags.positional, switches: flags.switches };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return ExitCode.USAGE;
  }
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Walk up from this file (server/src/cli or dist/server/src/cli) to the directory with syslab's package.json. */
function findRepo(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'syslab') return dir;
    } catch { /* not here */ }
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== ExitCode.OK || process.exitCode === undefined) process.exitCode = code; },
  (err) => {
    process.stderr.write(`syslab: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
