import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';
import type { InclusionReader } from '../../rules/engine/program';
import type { ResolvedLintSettings } from '../configuration/lintSettings';
import { dependenciesHold, type LintDependencies } from './lintDependencies';
import type { FileMessage, FileOutcome } from './lintFile';

/**
 * The CLI's results cache, as Ruff's `.ruff_cache/`: `.mltraps_cache/` in the project root
 * (the folder of the configuration file, or the current folder), ignored by git through a
 * `.gitignore` of its own. One entry per file, engine build and settings: its name is a hash
 * of the engine's identity (version and build), the file's path and its effective settings;
 * it holds a hash of the file's bytes, what the lint read besides the file (%run targets,
 * star-imported modules, which modules are local) and the result. A re-run on an unchanged
 * tree reads each file, hashes it and reads its entry: no parse, no wasm.
 *
 * An entry that does not check out (truncated, edited, another format) is a miss, never an
 * error; a cache folder that cannot be written is not used, silently. The cache only ever
 * writes inside its own folder, and not through a symlink.
 */

export const CACHE_FOLDER = '.mltraps_cache';
/** Bumped when the entries' shape changes. */
const FORMAT = 1;

/** What an entry keeps of a file's outcome: findings, messages, the cells of a notebook. */
interface CachedOutcome {
  status: 'skipped' | 'linted';
  /** Skipped as a notebook in another language: not a failure to lint. */
  otherLanguage?: true;
  messages: FileMessage[];
  notebook?: boolean;
  findings?: FileOutcome['findings'];
  cells?: readonly string[];
}

interface Entry {
  format: number;
  engine: string;
  contentHash: string;
  dependencies: LintDependencies;
  outcome: CachedOutcome;
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function isRealFolder(folder: string): boolean {
  try {
    return fs.lstatSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function isEntry(value: unknown, engine: string): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<Entry>;
  return (
    entry.format === FORMAT &&
    entry.engine === engine &&
    typeof entry.contentHash === 'string' &&
    typeof entry.dependencies === 'object' &&
    entry.dependencies !== null &&
    Array.isArray(entry.dependencies.inclusions) &&
    Array.isArray(entry.dependencies.localModules) &&
    typeof entry.outcome === 'object' &&
    entry.outcome !== null &&
    Array.isArray(entry.outcome.messages) &&
    (entry.outcome.status === 'skipped' || (entry.outcome.status === 'linted' && Array.isArray(entry.outcome.findings)))
  );
}

export class ResultCache {
  private writable: boolean | undefined;
  private readonly entries: string;

  /**
   * `root`: the project root; `engine`: the mltraps version and build (entries of another build
   * are never read); `readInclusion`: how dependencies are re-read to check an entry.
   */
  constructor(
    readonly root: string,
    private readonly engine: string,
    private readonly readInclusion: InclusionReader,
  ) {
    this.entries = path.join(root, CACHE_FOLDER, engine.replace(/[^\w.-]/g, '_'));
  }

  private entryPath(absolutePath: string, settings: ResolvedLintSettings): string {
    return path.join(this.entries, `${sha256(JSON.stringify([this.engine, absolutePath, settings]))}.json`);
  }

  /** The cached outcome of a file with these bytes and settings, if its entry holds and what it read is unchanged. */
  lookup(absolutePath: string, contentHash: string, settings: ResolvedLintSettings, text: () => string): FileOutcome | undefined {
    let entry: unknown;
    try {
      const raw = fs.readFileSync(this.entryPath(absolutePath, settings), 'utf8');
      // The first line is a hash of the rest: a truncated or damaged entry is a miss.
      const newline = raw.indexOf('\n');
      if (newline === -1 || raw.slice(0, newline) !== sha256(raw.slice(newline + 1))) return undefined;
      entry = JSON.parse(raw.slice(newline + 1));
    } catch {
      return undefined;
    }
    if (!isEntry(entry, this.engine) || entry.contentHash !== contentHash) return undefined;
    if (!dependenciesHold(entry.dependencies, absolutePath, this.readInclusion)) return undefined;
    const { status, otherLanguage, messages, notebook, findings, cells } = entry.outcome;
    return {
      status,
      ...(status === 'skipped' && otherLanguage === true ? { otherLanguage } : {}),
      messages,
      fixesApplied: 0,
      ...(status === 'linted' ? { notebook, findings } : {}),
      ...(status === 'linted' && notebook && cells ? { notebookFile: { text: text(), cells } } : {}),
    };
  }

  /** Keeps a lint's outcome (not one with fixes, not an I/O error); any failure to write is ignored. */
  store(absolutePath: string, contentHash: string, settings: ResolvedLintSettings, outcome: FileOutcome, dependencies: LintDependencies): void {
    if (outcome.status === 'ioError' || outcome.fix) return;
    if (!this.prepare()) return;
    const cached: CachedOutcome = {
      status: outcome.status,
      ...(outcome.otherLanguage ? { otherLanguage: true } : {}),
      messages: outcome.messages,
      ...(outcome.status === 'linted' ? { notebook: outcome.notebook, findings: outcome.findings } : {}),
      ...(outcome.notebookFile ? { cells: outcome.notebookFile.cells } : {}),
    };
    const entry: Entry = { format: FORMAT, engine: this.engine, contentHash, dependencies, outcome: cached };
    const body = JSON.stringify(entry);
    const target = this.entryPath(absolutePath, settings);
    // Written aside and renamed: a reader (another mltraps run) never sees half an entry.
    const temporary = `${target}.${process.pid}.${threadId}.tmp`;
    try {
      fs.writeFileSync(temporary, `${sha256(body)}\n${body}`);
      fs.renameSync(temporary, target);
    } catch {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // nothing more to do
      }
      this.writable = false;
    }
  }

  /** Creates the cache folder (with its .gitignore) once; false when it cannot be used. */
  private prepare(): boolean {
    if (this.writable !== undefined) return this.writable;
    this.writable = false;
    try {
      if (!isRealFolder(this.root)) return false;
      const folder = path.join(this.root, CACHE_FOLDER);
      if (!fs.existsSync(folder)) {
        fs.mkdirSync(folder);
        fs.writeFileSync(path.join(folder, '.gitignore'), '# Created by mltraps: the results cache, never committed.\n*\n');
        fs.writeFileSync(path.join(folder, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# This file marks the mltraps results cache (https://bford.info/cachedir/).\n');
      }
      if (!isRealFolder(folder)) return false;
      if (!fs.existsSync(this.entries)) fs.mkdirSync(this.entries);
      this.writable = isRealFolder(this.entries);
    } catch {
      this.writable = false;
    }
    return this.writable;
  }
}
