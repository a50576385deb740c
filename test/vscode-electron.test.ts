import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT, SKIP_REASON, vscodeSource } from '../scripts/run-vscode-tests';

// The extension-host suite (test/vscode/) needs VS Code desktop, which cannot be downloaded on
// every machine: it runs when VSCODE_EXECUTABLE or MLTRAPS_DOWNLOAD_VSCODE=1 says where to get
// it, and is reported as skipped otherwise.

const TIMEOUT_MS = 15 * 60_000;

/** Also after the runner exited: whatever VS Code left behind in its group goes too. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('VS Code desktop (@vscode/test-electron)', function () {
  this.timeout(TIMEOUT_MS + 30_000);
  let runner: ChildProcess | undefined;

  after(() => {
    if (runner) killGroup(runner);
  });

  it('runs the extension-host suite: activation, diagnostics, hover, quick fix', async function () {
    if (!vscodeSource()) {
      console.log(`      skipped: ${SKIP_REASON}`);
      this.skip();
    }
    // Its own process group: VS Code's processes go with it if the run has to be stopped.
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'run-vscode-tests.ts')], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    runner = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child);
        reject(new Error(`the VS Code run did not finish within ${TIMEOUT_MS} ms:\n${output}`));
      }, TIMEOUT_MS);
      child.on('error', (error) => (clearTimeout(timer), reject(error)));
      child.on('close', (exitCode) => (clearTimeout(timer), resolve(exitCode)));
    });
    assert.equal(code, 0, `scripts/run-vscode-tests.ts exited with ${code}:\n${output}`);
  });
});
