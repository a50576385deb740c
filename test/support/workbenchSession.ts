import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Browser, type BrowserServer, chromium, type Page } from 'playwright-core';
import { CHROMIUM, codeServerDirs, codeServerEntry, installExtension, type RunningCodeServer, startCodeServer, writeUserSettings } from './codeServer';
import { packageVsixInCopy, REPO_ROOT } from './packageVsix';
import { killTree, killTreeNow } from './processTree';
import { Workbench } from './workbench';

// One editor session of a browser test: the packaged extension installed into a fresh
// code-server, a workspace folder with the test's files, and Chromium showing the workbench.

export const ARTIFACTS = path.join(REPO_ROOT, '.test-artifacts');
const EXTENSION_ID = 'mltraps.mltraps';

/** User settings that keep the workbench quiet: no welcome page, tips, telemetry, gallery checks or git. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
  'git.enabled': false,
};

export interface SessionOptions {
  /** Files of the workspace folder by relative path. Written before code-server starts, so Quick Open's file search knows them from the start (a file created later may not be indexed in time). */
  files: Record<string, string>;
  /** Added to QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Names the session's artifacts in .test-artifacts/: `<name>-code-server.log`, `<name>-failed-<step>.png`. */
  artifactName: string;
}

export interface WorkbenchSession {
  page: Page;
  workbench: Workbench;
  workspace: string;
  /** Saves what the browser shows as .test-artifacts/<artifactName>-failed-<step>.png. */
  saveFailureScreenshot(step: string): Promise<void>;
  /** Ends Chromium and code-server, keeps code-server's log, removes the temporary folders. Throws what failed, after trying every step. */
  close(): Promise<void>;
}

/**
 * Packages and installs the VSIX, starts code-server on the workspace and Chromium, and loads
 * the workbench with the folder open. On failure everything started so far is ended again.
 */
export async function startWorkbenchSession(options: SessionOptions): Promise<WorkbenchSession> {
  const entry = codeServerEntry();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-e2e-'));
  let server: RunningCodeServer | undefined;
  let browserServer: BrowserServer | undefined;
  let browser: Browser | undefined;
  let killChromiumOnExit: (() => void) | undefined;
  let page: Page | undefined;

  const saveFailureScreenshot = async (step: string): Promise<void> => {
    if (!page) return;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, `${options.artifactName}-failed-${step}.png`) }).catch(() => undefined);
  };

  const close = async (): Promise<void> => {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${String(error)}`);
      }
    };
    if (server) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, `${options.artifactName}-code-server.log`), server.output());
    }
    if (browser) await attempt('closing the browser connection', () => browser!.close());
    if (browserServer) {
      const pid = browserServer.process().pid;
      await attempt('closing Chromium', () => browserServer!.close());
      if (pid !== undefined) await attempt('ending Chromium', () => killTree(pid));
      if (killChromiumOnExit) process.off('exit', killChromiumOnExit);
    }
    if (server) await attempt('ending code-server', () => server!.stop());
    fs.rmSync(root, { recursive: true, force: true });
    if (problems.length > 0) throw new Error(`clean-up failed:\n${problems.join('\n')}`);
  };

  try {
    const dirs = codeServerDirs(path.join(root, 'code-server'));
    const packaged = await packageVsixInCopy();
    try {
      installExtension(entry, dirs, packaged.vsixPath, EXTENSION_ID);
    } finally {
      fs.rmSync(packaged.copyDir, { recursive: true, force: true });
    }
    writeUserSettings(dirs, { ...QUIET_SETTINGS, ...options.settings });

    const workspace = path.join(root, 'workspace');
    for (const [name, text] of Object.entries(options.files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      fs.writeFileSync(path.join(workspace, name), text);
    }

    server = await startCodeServer(entry, dirs, workspace);
    browserServer = await chromium.launchServer({
      executablePath: CHROMIUM,
      // Chromium's background services (component updates, sync, field trials) would call out
      // to the internet, which this machine does not reach: they stay off.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const browserPid = browserServer.process().pid;
    // Should the test process end without closing the session, Chromium still goes.
    if (browserPid !== undefined) {
      killChromiumOnExit = () => killTreeNow(browserPid);
      process.on('exit', killChromiumOnExit);
    }
    browser = await chromium.connect(browserServer.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    // Only code-server is reachable: the workbench's gallery and other outside calls fail fast.
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort('blockedbyclient'));
    page = await context.newPage();
    const workbench = new Workbench(page);
    try {
      await workbench.open(`${server.url}?folder=${encodeURIComponent(workspace)}`);
      await workbench.dismissNotifications();
    } catch (error) {
      await saveFailureScreenshot('open-the-workbench');
      throw error;
    }
    return { page, workbench, workspace, saveFailureScreenshot, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
