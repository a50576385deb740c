import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The checkout's files as git sees them: tracked or new, never ignored ones (dist/, *.vsix, caches). */
function checkoutFiles(): string[] {
  const listing = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (listing.status !== 0) throw new Error(`git ls-files failed in ${REPO_ROOT}: ${listing.error ?? listing.stderr}`);
  // A tracked file deleted in the work tree is still listed. A node_modules that is a symlink
  // (a git worktree sharing the main checkout's) escapes .gitignore's `node_modules/`, which
  // matches directories only; the copy links node_modules itself.
  return listing.stdout
    .split('\0')
    .filter((file) => file !== '' && file !== 'node_modules' && fs.existsSync(path.join(REPO_ROOT, file)));
}

/**
 * A throw-away copy of the checkout (what git sees, with node_modules linked), so a packaging
 * test builds from the sources as a clean clone would, no stray local file can slip into the
 * package, and this checkout's dist/ keeps the development build the other tests run.
 * The caller removes it.
 */
export function copyCheckout(prefix: string): string {
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    for (const file of checkoutFiles()) {
      fs.mkdirSync(path.dirname(path.join(copyDir, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(copyDir, file));
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copyDir, 'node_modules'), 'dir');
    return copyDir;
  } catch (error) {
    fs.rmSync(copyDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The environment without what an outer npm (`npm test`) sets for its scripts: a nested npm
 * reads npm_config_* as its own configuration (npm_config_local_prefix would point it at this
 * checkout, npm_config_prefix at the global folder).
 */
export function withoutNpmScriptEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

export interface GroupedRun {
  code: number | null;
  /** stdout alone, for commands whose answer is there (`npm pack` prints the tarball's name). */
  stdout: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
}

/** Runs a command in its own process group, so a timeout can end npm and everything it started. */
export function runGrouped(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' },
): Promise<GroupedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killGroup = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code, stdout, output });
    });
  });
}
