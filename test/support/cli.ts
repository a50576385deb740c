import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The bundled CLI as users run it (`npm test` builds dist/ first). */
export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs dist/cli.js; `input` is written to its stdin (for `mltraps -`). */
export function mltraps(args: readonly string[], cwd = ROOT, input?: string): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, ...(input === undefined ? {} : { input }) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

export function codesOf(stdout: string): string[] {
  return lines(stdout).map((line) => / (MLT\d{3}) /.exec(line)?.[1] ?? `unparsed: ${line}`);
}

/** Folders of files for a test, under one temporary folder removed by `remove()`. */
export class ScratchFolders {
  private root: string | undefined;

  /** A new folder holding `files` (path relative to it -> content). */
  create(files: Record<string, string | Buffer>): string {
    this.root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mltraps-cli-'));
    const dir = fs.mkdtempSync(path.join(this.root, 'case-'));
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }

  remove(): void {
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
    this.root = undefined;
  }
}
