import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackagedVsix {
  /** The throw-away copy of the repository the VSIX was built in; remove it when done. */
  copyDir: string;
  vsixPath: string;
  /** What `npm run package` printed (stdout and stderr). */
  output: string;
}

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

/** Runs a command in its own process group, so a timeout can end npm and everything it started. */
function runGrouped(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
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
      resolve({ code, output });
    });
  });
}

/**
 * Builds the VSIX exactly as a user's `npm run package` does, in a copy of the checkout (with
 * its node_modules linked) so this checkout's dist/ keeps the development build the other tests
 * run, and no stray local file can slip into the package.
 */
export async function packageVsixInCopy(timeoutMs = 180_000): Promise<PackagedVsix> {
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-package-'));
  try {
    for (const file of checkoutFiles()) {
      fs.mkdirSync(path.dirname(path.join(copyDir, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(copyDir, file));
    }
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copyDir, 'node_modules'), 'dir');
    const { code, output } = await runGrouped('npm', ['run', 'package'], copyDir, timeoutMs);
    if (code !== 0) throw new Error(`npm run package exited with ${code}:\n${output}`);
    const manifest = JSON.parse(fs.readFileSync(path.join(copyDir, 'package.json'), 'utf8')) as { name: string; version: string };
    const vsixPath = path.join(copyDir, `${manifest.name}-${manifest.version}.vsix`);
    if (!fs.existsSync(vsixPath)) throw new Error(`npm run package did not write ${vsixPath}:\n${output}`);
    return { copyDir, vsixPath, output };
  } catch (error) {
    fs.rmSync(copyDir, { recursive: true, force: true });
    throw error;
  }
}
