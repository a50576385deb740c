import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Inclusion } from '../rules/engine/kernelCells';
import { MAX_LINT_LENGTH } from '../rules/engine/lintability';
import type { InclusionReader, ProgramSource } from '../rules/engine/program';
import { fileSource } from '../rules/engine/programParser';
import { importRoots } from './projectContext';
import { notebookSourceOfText } from './notebookFiles';

/**
 * Finds and reads what `%run ./includes/setup` and `from helpers import *` bring into a
 * notebook or module, for the engine (which never touches the disk). Shared by the CLI and the
 * language server; the server first looks among the open editor buffers.
 *
 * - `%run` paths are relative to the notebook's folder, with or without extension: a `.py`
 *   source export or an `.ipynb`. Workspace-absolute paths (`/Repos/...`) and `$arguments`
 *   cannot be followed from a checkout and are left unresolved.
 * - Star imports are followed only to the project's own modules (the file's folder and those
 *   above it up to the repository root), never into installed packages.
 */
export type OpenSourceLookup = (uri: string) => ProgramSource | undefined;

const NOTEBOOK_EXTENSIONS = ['.py', '.ipynb'];

export function uriOfPath(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/**
 * One spelling per file for comparing uris: the editor writes `file:` uris its own way (VS Code
 * escapes `@`, `+`, `(`... as `%40`, `%2B`, `%28`), `uriOfPath` the URL standard's way.
 */
export function fileKeyOfUri(uri: string): string {
  const filePath = pathOfUri(uri);
  return filePath === undefined ? uri : uriOfPath(filePath);
}

function pathOfUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function isFile(filePath: string): boolean {
  try {
    return fs.statSync(filePath).isFile();
  } catch {
    return false;
  }
}

function runTargetCandidates(fromPath: string, target: string): string[] {
  if (target.startsWith('/') || target.includes('$') || target.includes('{')) return [];
  const base = path.resolve(path.dirname(fromPath), target);
  const extension = path.extname(base);
  if (NOTEBOOK_EXTENSIONS.includes(extension)) return [base];
  return NOTEBOOK_EXTENSIONS.map((candidate) => base + candidate);
}

/** What the reader asks the disk, remembered for its life (a CI run, one server request). */
class DiskLookups {
  private readonly files = new Map<string, boolean>();
  private readonly roots = new Map<string, string[]>();

  isFile(filePath: string): boolean {
    let answer = this.files.get(filePath);
    if (answer === undefined) this.files.set(filePath, (answer = isFile(filePath)));
    return answer;
  }

  importRoots(fromPath: string): string[] {
    const folder = path.dirname(fromPath);
    let roots = this.roots.get(folder);
    if (!roots) this.roots.set(folder, (roots = importRoots(fromPath)));
    return roots;
  }
}

function moduleCandidates(disk: DiskLookups, fromPath: string, target: string): string[] {
  const dots = /^\.*/.exec(target)![0].length;
  const parts = target.slice(dots).split('.').filter((part) => part !== '');
  if (parts.length === 0) return [];
  const roots = dots > 0 ? [path.resolve(path.dirname(fromPath), ...Array<string>(dots - 1).fill('..'))] : disk.importRoots(fromPath);
  return roots.flatMap((root) => [path.join(root, ...parts) + '.py', path.join(root, ...parts, '__init__.py')]);
}

function candidatesFor(disk: DiskLookups, fromPath: string, inclusion: Inclusion): string[] {
  return inclusion.kind === 'run' ? runTargetCandidates(fromPath, inclusion.target) : moduleCandidates(disk, fromPath, inclusion.target);
}

/**
 * Targets read from disk, kept across readers while the file's modification time and size
 * stay the same: the server builds a reader per lint, and a keystroke should not re-read the
 * notebook's setup notebook.
 */
export class TargetFileCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; source: ProgramSource | undefined }>();

  read(filePath: string, uri: string): ProgramSource | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      this.entries.delete(filePath);
      return undefined;
    }
    const cached = this.entries.get(filePath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.source;
    const source = readSourceFile(filePath, uri);
    this.entries.set(filePath, { mtimeMs: stat.mtimeMs, size: stat.size, source });
    return source;
  }
}

/**
 * A reader over the disk, after the open buffers (`openSource`); what it finds on disk is
 * remembered for the reader's life (one CI run, one lint in the server), file contents
 * across readers through `files`.
 */
export function createInclusionReader(openSource: OpenSourceLookup = () => undefined, files?: TargetFileCache): InclusionReader {
  const read = new Map<string, ProgramSource | undefined>();
  const disk = new DiskLookups();
  // A file's `%run` lines are resolved again in every program that holds the file (a setup run
  // by every notebook of a course): the places each may name are worked out once per reader.
  // The open buffers are asked each time (a reader may outlive a buffer being closed).
  const candidatesByInclusion = new Map<string, ReadonlyArray<{ path: string; uri: string }>>();
  return (fromUri, inclusion) => {
    const key = `${inclusion.kind}\0${inclusion.target}\0${fromUri}`;
    let candidates = candidatesByInclusion.get(key);
    if (!candidates) {
      const fromPath = pathOfUri(fromUri);
      candidates = fromPath ? candidatesFor(disk, fromPath, inclusion).map((candidate) => ({ path: candidate, uri: uriOfPath(candidate) })) : [];
      candidatesByInclusion.set(key, candidates);
    }
    for (const { path: candidate, uri } of candidates) {
      const open = openSource(uri);
      if (open) return open;
      if (read.has(candidate)) {
        const cached = read.get(candidate);
        if (cached) return cached;
        continue;
      }
      const source = !disk.isFile(candidate) ? undefined : files ? files.read(candidate, uri) : readSourceFile(candidate, uri);
      read.set(candidate, source);
      if (source) return source;
    }
    return undefined;
  };
}

function readSourceFile(filePath: string, uri: string): ProgramSource | undefined {
  try {
    if (fs.statSync(filePath).size > MAX_LINT_LENGTH * 4) return undefined;
    const text = fs.readFileSync(filePath, 'utf8').replace(/^\uFEFF/, '');
    return filePath.endsWith('.ipynb') ? notebookSourceOfText(uri, text) : fileSource(uri, text);
  } catch {
    return undefined;
  }
}
