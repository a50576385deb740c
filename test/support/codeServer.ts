import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { killTree, killTreeNow } from './processTree';

// code-server (VS Code's server with its web workbench) as scripts/e2e/setup-code-server.sh
// installs it, started on a free loopback port with every folder it writes in a temporary root.

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'e2e', 'setup-code-server.sh');

/** Debian's Chromium, which the set-up installs (no browser can be downloaded here). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser test does not run here, or undefined when it does. */
export function e2eSkipReason(): string | undefined {
  if (process.env.MLTRAPS_SKIP_E2E === '1') return 'MLTRAPS_SKIP_E2E=1 is set: the browser test of VS Code (code-server + Chromium) is skipped';
  return undefined;
}

/** code-server's entry script, from the set-up's --check, which installs nothing. */
export function codeServerEntry(): string {
  const check = spawnSync('bash', [SETUP_SCRIPT, '--check'], { encoding: 'utf8', timeout: 30_000 });
  const entry = check.stdout.trim();
  if (check.status !== 0 || !fs.existsSync(entry)) {
    throw new Error(`code-server is not set up (${SETUP_SCRIPT} --check exited with ${check.status}):\n${check.stderr}`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run npm run e2e:setup`);
  return entry;
}

export interface CodeServerDirs {
  userData: string;
  extensions: string;
  config: string;
  /** code-server and VS Code write logs and state under XDG_* (the user's home otherwise). */
  xdgHome: string;
}

export function codeServerDirs(root: string): CodeServerDirs {
  const dirs: CodeServerDirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    config: path.join(root, 'config.yaml'),
    xdgHome: path.join(root, 'xdg'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdgHome]) fs.mkdirSync(dir, { recursive: true });
  // Given, so code-server does not write a default one (with a password) into the home folder.
  fs.writeFileSync(dirs.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  return dirs;
}

/** User settings that keep the workbench quiet: no welcome page, tips, telemetry or gallery checks. */
export function writeUserSettings(dirs: CodeServerDirs, settings: Record<string, unknown>): void {
  const file = path.join(dirs.userData, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

function codeServerEnv(dirs: CodeServerDirs): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Inside a VS Code terminal, VSCODE_IPC_HOOK_CLI and friends would make code-server's CLI
  // hand the folder to that editor instead of starting its own server.
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(name)) env[name] = value;
  }
  env.XDG_CONFIG_HOME = path.join(dirs.xdgHome, 'config');
  env.XDG_DATA_HOME = path.join(dirs.xdgHome, 'data');
  env.XDG_CACHE_HOME = path.join(dirs.xdgHome, 'cache');
  return env;
}

function commonArgs(dirs: CodeServerDirs): string[] {
  return ['--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
}

/** `code-server --install-extension`, as a user installs a VSIX; returns the extension's folder. */
export function installExtension(entry: string, dirs: CodeServerDirs, vsixPath: string, extensionId: string): string {
  const run = spawnSync(process.execPath, [entry, ...commonArgs(dirs), '--install-extension', vsixPath], {
    encoding: 'utf8',
    env: codeServerEnv(dirs),
    timeout: 120_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`installing ${vsixPath} failed (exit ${run.status}):\n${output}`);
  }
  const folder = fs.readdirSync(dirs.extensions).find((name) => name.toLowerCase().startsWith(`${extensionId.toLowerCase()}-`));
  if (!folder) throw new Error(`${vsixPath} installed, but no ${extensionId}-* folder in ${dirs.extensions}:\n${output}`);
  return path.join(dirs.extensions, folder);
}

export interface RunningCodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  pid: number;
  /** Everything code-server printed so far. */
  output(): string;
  /** Ends code-server and every process it started (extension host, language server, ...). */
  stop(): Promise<void>;
}

/** Starts code-server on a free loopback port (the OS picks it) and waits until it answers. */
export async function startCodeServer(entry: string, dirs: CodeServerDirs, workspace: string, timeoutMs = 60_000): Promise<RunningCodeServer> {
  const args = [
    entry,
    ...commonArgs(dirs),
    '--bind-addr',
    '127.0.0.1:0',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    workspace,
  ];
  // Detached: its own process group, which stop() ends as a whole.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: codeServerEnv(dirs) });
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  // Should the test process end without running its after() hook, code-server still goes.
  const onExit = (): void => killTreeNow(pid);
  process.on('exit', onExit);

  let output = '';
  let exited: string | undefined;
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => (exited = `code-server exited (code ${code}, signal ${signal})`));

  const server: RunningCodeServer = {
    url: '',
    pid,
    output: () => output,
    stop: async () => {
      process.off('exit', onExit);
      await killTree(pid);
    },
  };
  try {
    const deadline = Date.now() + timeoutMs;
    let url: string | undefined;
    while (!url) {
      if (exited) throw new Error(exited);
      if (Date.now() > deadline) throw new Error(`code-server did not report its address within ${timeoutMs} ms`);
      url = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (;;) {
      if (exited) throw new Error(exited);
      if (Date.now() > deadline) throw new Error(`code-server at ${url} did not answer /healthz within ${timeoutMs} ms`);
      const healthy = await fetch(new URL('healthz', url)).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    server.url = url;
    return server;
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\ncode-server's output:\n${output}`);
  }
}
