// Runs the extension-host suite (test/vscode/*.suite.ts) in VS Code desktop with
// @vscode/test-electron: the repository is the extension under development, and VS Code opens
// a throw-away workspace holding a Databricks notebook export with five traps.
//   VSCODE_EXECUTABLE=/path/to/vscode/binary  use this VS Code (the executable itself, not the `code` shell script)
//   MLTRAPS_DOWNLOAD_VSCODE=1                 download VS Code (MLTRAPS_VSCODE_VERSION, default stable) into .vscode-test/
// Usage: npm run test:vscode   (exit code 0 when every test passed)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { build } from 'esbuild';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const SUITE_OUT = path.join(REPO_ROOT, 'dist-test', 'vscode');
export const SKIP_REASON = 'VS Code desktop is not available here (set VSCODE_EXECUTABLE=/path/to/code or MLTRAPS_DOWNLOAD_VSCODE=1)';
const NOTEBOOK = path.join(REPO_ROOT, 'test', 'fixtures', 'five-traps.py');

export interface VSCodeSource {
  executable?: string;
  download: boolean;
}

/** Where VS Code comes from, or undefined when it cannot be had here. */
export function vscodeSource(env: NodeJS.ProcessEnv = process.env): VSCodeSource | undefined {
  const executable = env.VSCODE_EXECUTABLE?.trim() || undefined;
  const download = env.MLTRAPS_DOWNLOAD_VSCODE === '1';
  return executable || download ? { executable, download } : undefined;
}

/** Bundles test/vscode/index.ts and each *.suite.ts into `outdir`; returns the entry VS Code loads. */
export async function bundleSuite(outdir = SUITE_OUT): Promise<string> {
  const sources = path.join(REPO_ROOT, 'test', 'vscode');
  const suites = fs.readdirSync(sources).filter((file) => file.endsWith('.suite.ts'));
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.join(sources, 'index.ts'), ...suites.map((file) => path.join(sources, file))],
    outdir,
    outbase: sources,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // The extension host provides `vscode`; mocha stays a module of its own (resolved from the
    // repository's node_modules) so the suites see the globals it sets up.
    external: ['vscode', 'mocha'],
    // As in scripts/build.mjs: web-tree-sitter's CommonJS build reads import.meta.url.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return path.join(outdir, 'index.js');
}

/** A fresh folder holding the five-traps notebook export, for VS Code to open. */
export function prepareWorkspace(parent: string): string {
  const workspace = path.join(parent, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.copyFileSync(NOTEBOOK, path.join(workspace, path.basename(NOTEBOOK)));
  return workspace;
}

async function main(): Promise<number> {
  const source = vscodeSource();
  if (!source) {
    console.error(`run-vscode-tests: ${SKIP_REASON}`);
    return 1;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('run-vscode-tests: no DISPLAY: VS Code desktop needs one (on a headless machine run this under `xvfb-run -a`)');
  }
  const dist = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (dist.status !== 0) return 1;
  const extensionTestsPath = await bundleSuite();

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-vscode-'));
  try {
    const code = await runTests({
      ...(source.executable
        ? { vscodeExecutablePath: source.executable }
        : { version: process.env.MLTRAPS_VSCODE_VERSION || 'stable', cachePath: path.join(REPO_ROOT, '.vscode-test') }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath,
      launchArgs: [
        prepareWorkspace(scratch),
        // Only the extension under test (built-in extensions such as Python's grammar stay on).
        '--disable-extensions',
        '--disable-telemetry',
        `--user-data-dir=${path.join(scratch, 'user-data')}`,
        `--extensions-dir=${path.join(scratch, 'extensions')}`,
      ],
    });
    return code;
  } catch (error) {
    if (error instanceof TestRunFailedError) return error.code ?? 1;
    console.error(`run-vscode-tests: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
