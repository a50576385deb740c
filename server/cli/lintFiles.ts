import type { Linter } from '../../rules/engine/linter';
import type { ResolvedLintSettings } from '../configuration/lintSettings';
import { createInclusionReader } from '../inclusions';
import type { FileFindings } from './fileFindings';
import type { SourceFile } from './fileDiscovery';
import { lintFileRecording, type LintDependencies } from './lintDependencies';
import { formatFileMessage, type FileFix, type FileLintJob, type FileOutcome } from './lintFile';
import { LintWorkerPool } from './lintWorker';
import { sha256, type ResultCache } from './resultCache';
import { decodeSource } from './sourceText';
import * as fs from 'node:fs';

export interface LintFilesOptions {
  /**
   * The rule settings for a file (its configuration with the command line's --select / --ignore),
   * resolved in this thread; `warn` takes the configuration warnings raised meanwhile, which are
   * printed where the file's messages are.
   */
  settingsFor(absolutePath: string, warn: (line: string) => void): ResolvedLintSettings;
  /** Compute the fixes (--fix, --diff). */
  fix: boolean;
  unsafeFixes: boolean;
  /** Write the fixed text back to the file (--fix on files; not --diff, not stdin). */
  write: boolean;
  /** Where messages about skipped files, rule failures and I/O errors go (stderr). */
  warn(message: string): void;
  /**
   * How many threads lint: `--jobs N` (1: this one only; more: this one and N - 1 workers as
   * soon as there are two files to lint), or by default `auto` up to this many, one per 512 KB
   * to lint.
   */
  jobs: number | { auto: number };
  /** The script a worker thread runs (the CLI bundle); without it every file is linted in this thread. */
  workerScript?: string;
  /** A module whose requireWithCompileCache loads `workerScript` in the workers (bin/compileCache.js). */
  workerLoader?: string;
  /** The results cache (not with --fix, --diff or stdin). */
  cache?: ResultCache;
}

/** What the fixes did (or, without writing, would do) to one file, with the path to show. */
export interface FixedFile extends FileFix {
  displayPath: string;
}

export interface LintFilesResult {
  files: FileFindings[];
  /** Files whose fixes changed (or would change) them, in path order. */
  fixed: FixedFile[];
  /** Files actually linted (not skipped). */
  linted: number;
  /** Files skipped with a message (not text, not a notebook, too large, a notebook in another language). */
  skipped: number;
  /** Of those, notebooks in another language than Python: nothing to lint, not a failure to lint. */
  otherLanguage: number;
  /** Fixes applied, and the files they changed. */
  fixesApplied: number;
  filesFixed: number;
  ioErrors: number;
  /** The text of the last file after fixes, when a fix changed it: what stdin's --fix prints (otherwise the bytes it read). */
  lastText?: { text: string; bom: boolean };
  /** Files whose result came from the cache (for the benchmark; never printed). */
  cacheHits: number;
}

/**
 * The threads a run may use by default on a machine with `cores` cores: one per core, at most
 * MAX_DEFAULT_THREADS. A lint
 * thread keeps more than one core busy (V8's collector and compilers run beside it), and this
 * was one fewer than the cores while V8's optimizing compiler took a third of a run's CPU: on
 * this project's 2-vCPU VM two threads were slower than one. With the CLI's V8 flags
 * (bin/v8Flags.js) and more jobs sent ahead to each worker (lintWorker), two threads lint 5,000
 * real files in 4.1-4.2 s where one takes 5.7, 2,219 in 2.4 s where one takes 2.9, dbdemos in 0.71
 * s where one takes 0.78.
 */
export function defaultThreads(cores: number): number {
  return Math.max(1, Math.min(cores, MAX_DEFAULT_THREADS));
}

/**
 * Each lint thread is an isolate of its own: the peak resident set grew by 100-125 MB per thread
 * on 2,219 real files (one thread 306 MB, two 430, four 550). A 32-core runner would start 32.
 */
const MAX_DEFAULT_THREADS = 8;

/**
 * By default, one worker per this many bytes to lint: a worker costs 0.1-0.3 s to start (it
 * loads the bundle and compiles the grammar), which 512 KB of Python (about 15,000 lines, some
 * 0.3 s of lint) pays back; a small run stays in this thread.
 */
const AUTO_BYTES_PER_WORKER = 512 * 1024;

function workerCount(jobs: LintFilesOptions['jobs'], files: number, bytes: number): number {
  if (typeof jobs === 'number') return files >= 2 ? Math.min(jobs, files) : 1;
  return Math.max(1, Math.min(jobs.auto, files, Math.floor(bytes / AUTO_BYTES_PER_WORKER)));
}

/**
 * A file at least this large is handed out first: linted last, it would leave the other threads
 * idle while one thread lints it (the largest real notebooks take a few tenths of a second).
 */
const LARGE_FILE_BYTES = 256 * 1024;

/**
 * The order the pool hands the files out in: the large ones first, largest first; then the
 * others in path order, whose two ends the workers and this thread take (LintWorkerPool).
 */
function dispatchOrder(toLint: readonly Slot[]): Slot[] {
  const large = toLint.filter((slot) => slot.job!.contents.byteLength >= LARGE_FILE_BYTES).sort((a, b) => b.job!.contents.byteLength - a.job!.contents.byteLength);
  return [...large, ...toLint.filter((slot) => slot.job!.contents.byteLength < LARGE_FILE_BYTES)];
}

/** One file of the run: its configuration warnings, then its outcome. */
interface Slot {
  file: SourceFile;
  warnings: string[];
  outcome?: FileOutcome | Promise<FileOutcome>;
  /** For a file still to lint (not read errors, not cache hits). */
  job?: FileLintJob;
  contentHash?: string;
  cached?: boolean;
}

/**
 * Lint (and with `fix`, first fix, in place with `write`) each file; a file that cannot be read
 * or decoded is skipped. Every file is read and hashed here; what the cache does not answer is
 * linted here alone (`jobs` 1, or little to lint) or here and on worker threads. The result and the messages are
 * in the files' order whatever thread linted what, so the output does not depend on `jobs`.
 */
export async function lintFiles(loadLinter: () => Promise<Linter>, sources: readonly SourceFile[], options: LintFilesOptions): Promise<LintFilesResult> {
  const slots: Slot[] = [];
  const toLint: Slot[] = [];
  const record = options.cache !== undefined && !options.fix;
  // Workers start while the files are still being read: as soon as what is left to lint asks
  // for them (workerCount), not once every file is read.
  const pool = options.workerScript ? new LintWorkerPool(options.workerScript, options.workerLoader) : undefined;
  let bytesToLint = 0;
  try {
    for (const file of sources) {
      const slot: Slot = { file, warnings: [] };
      slots.push(slot);
      let contents: Uint8Array;
      try {
        contents = file.contents ?? fs.readFileSync(file.absolutePath);
      } catch (error) {
        slot.outcome = { status: 'ioError', messages: [{ kind: 'cannot', what: 'read', message: (error as Error).message }], fixesApplied: 0 };
        continue;
      }
      const settings = options.settingsFor(file.absolutePath, (line) => slot.warnings.push(line));
      if (options.cache && !options.fix) {
        slot.contentHash = sha256(contents);
        const cached = options.cache.lookup(file.absolutePath, slot.contentHash, settings, () => {
          const decoded = decodeSource(contents);
          return decoded.ok ? decoded.text : '';
        });
        if (cached) {
          slot.outcome = cached;
          slot.cached = true;
          continue;
        }
      }
      slot.job = { absolutePath: file.absolutePath, contents, settings, fix: options.fix, unsafeFixes: options.unsafeFixes, write: options.write };
      toLint.push(slot);
      bytesToLint += contents.byteLength;
      pool?.grow(workerCount(options.jobs, toLint.length, bytesToLint) - 1);
    }

    const keep = (slot: Slot, outcome: FileOutcome, dependencies: LintDependencies | undefined) => {
      if (options.cache && dependencies && slot.contentHash !== undefined) options.cache.store(slot.file.absolutePath, slot.contentHash, slot.job!.settings, outcome, dependencies);
      return outcome;
    };
    if (pool && pool.size > 0) {
      for (const slot of dispatchOrder(toLint)) {
        const outcome = pool.lint({ ...slot.job!, record }).then(({ outcome, dependencies }) => keep(slot, outcome, dependencies));
        // Awaited in order below; after a worker failure only the first rejection is reported.
        outcome.catch(() => undefined);
        slot.outcome = outcome;
      }
      const linter = await loadLinter();
      const readInclusion = createInclusionReader();
      for (let taken = pool.takeOne(); taken; taken = pool.takeOne()) {
        taken.settle(lintFileRecording(linter, taken.job, readInclusion, taken.job.record));
        // Let the workers' answers in, so that they are sent their next files.
        await new Promise((resolve) => setImmediate(resolve));
      }
      linter.dispose();
    } else if (toLint.length > 0) {
      const linter = await loadLinter();
      // One reader for the whole run: a setup notebook that every notebook runs is read once.
      const readInclusion = createInclusionReader();
      try {
        for (const slot of toLint) {
          const { outcome, dependencies } = lintFileRecording(linter, slot.job!, readInclusion, record);
          slot.outcome = keep(slot, outcome, dependencies);
        }
      } finally {
        linter.dispose();
      }
    }
  } catch (error) {
    await pool?.close();
    throw error;
  }

  const result: LintFilesResult = { files: [], fixed: [], linted: 0, skipped: 0, otherLanguage: 0, fixesApplied: 0, filesFixed: 0, ioErrors: 0, cacheHits: slots.filter((slot) => slot.cached).length };
  try {
    for (const slot of slots) {
      for (const line of slot.warnings) options.warn(line);
      const outcome = await slot.outcome!;
      merge(result, slot.file, outcome, options.warn);
    }
  } finally {
    await pool?.close();
  }
  return result;
}

function merge(result: LintFilesResult, file: SourceFile, outcome: FileOutcome, warn: (message: string) => void): void {
  for (const message of outcome.messages) warn(formatFileMessage(message, file.displayPath));
  if (outcome.fix) {
    result.fixed.push({ displayPath: file.displayPath, ...outcome.fix });
    result.fixesApplied += outcome.fixesApplied;
    result.filesFixed++;
  }
  if (outcome.lastText) result.lastText = outcome.lastText;
  switch (outcome.status) {
    case 'ioError':
      result.ioErrors++;
      return;
    case 'skipped':
      result.skipped++;
      if (outcome.otherLanguage) result.otherLanguage++;
      return;
    case 'linted':
      result.linted++;
      result.files.push({
        displayPath: file.displayPath,
        notebook: outcome.notebook ?? false,
        findings: outcome.findings ?? [],
        ...(outcome.notebookFile ? { notebookFile: outcome.notebookFile } : {}),
      });
  }
}
