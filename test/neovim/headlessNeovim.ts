import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const INIT_LUA = path.join(__dirname, 'init.lua');

/** One diagnostic as Neovim stored it (vim.diagnostic.get): 0-based lines, 0-based byte columns. */
export interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number | null;
  end_col: number | null;
  code: string | number | null;
  source: string | null;
  severity: number;
  message: string;
  /** codeDescription.href of the LSP diagnostic, as Neovim kept it. */
  href: string | null;
}

export interface NeovimReport {
  nvim: { major: number; minor: number; patch: number };
  uri: string;
  diagnostics: NeovimDiagnostic[];
}

/** The `nvim` on PATH and its version line, or undefined when there is none. */
export function findNeovim(): { executable: string; version: string } | undefined {
  const result = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error || result.status !== 0) return undefined;
  return { executable: 'nvim', version: result.stdout.split('\n')[0] };
}

interface Options {
  server: string;
  root: string;
  /** Kill Neovim (and the server it started) after this long. */
  timeoutMs: number;
}

/**
 * Opens `file` in a headless Neovim whose only configuration is test/neovim/init.lua, which
 * attaches `node <server> --stdio` and writes the diagnostics it received as JSON. Neovim runs
 * in its own process group, so the server it spawns dies with it when the group is killed.
 */
export async function diagnosticsFromNeovim(file: string, options: Options): Promise<NeovimReport> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-nvim-'));
  const out = path.join(scratch, 'diagnostics.json');
  // XDG dirs in scratch keep the user's config, shada and LSP log out of the run.
  const env = {
    ...process.env,
    MLTRAPS_SERVER: options.server,
    MLTRAPS_ROOT: options.root,
    MLTRAPS_NODE: process.execPath,
    MLTRAPS_NVIM_OUT: out,
    MLTRAPS_TIMEOUT_MS: String(Math.max(1000, options.timeoutMs - 5000)),
    XDG_CONFIG_HOME: path.join(scratch, 'config'),
    XDG_DATA_HOME: path.join(scratch, 'data'),
    XDG_CACHE_HOME: path.join(scratch, 'cache'),
    XDG_STATE_HOME: path.join(scratch, 'state'),
  };
  const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', INIT_LUA, file], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // ESRCH: Neovim and the server are gone already.
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    const written = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    if (timedOut) throw new Error(`nvim did not finish within ${options.timeoutMs} ms and was killed\n${output}`);
    const report = written ? (JSON.parse(written) as NeovimReport | { error: string }) : undefined;
    if (report && 'error' in report) throw new Error(`nvim reported: ${report.error}\n${output}`);
    if (exit.code !== 0 || !report) {
      throw new Error(`nvim exited with ${exit.code ?? exit.signal} and ${report ? 'a report' : 'no report'}\n${output}`);
    }
    return report;
  } finally {
    clearTimeout(timer);
    // Whatever Neovim left behind in its group (a server that ignored shutdown) goes too.
    killGroup();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
