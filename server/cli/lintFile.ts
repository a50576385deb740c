import { writeIpynbSources } from '../../rules/engine/ipynb';
import type { FixedRule, Linter, LintOptions, SourceOptions } from '../../rules/engine/linter';
import type { InclusionReader, ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import type { Finding, ProjectContext } from '../../rules/engine/types';
import type { ResolvedLintSettings } from '../configuration/lintSettings';
import { uriOfPath } from '../inclusions';
import { readNotebookFile } from '../notebookFiles';
import { isJupyterNotebookPath } from './fileDiscovery';
import { decodeSource, writeSource } from './sourceText';

/**
 * One file's lint (and fixes), as a value: the same work whether it runs in the CLI's own
 * thread or in a worker thread, and what the results cache stores. The messages are data
 * (the display path is put in when they are printed), so that the main thread can print
 * every file's messages in the files' order whatever thread linted them.
 */

export type FileMessage =
  | { kind: 'skipped'; reason: string }
  | { kind: 'cannot'; what: 'read' | 'write'; message: string }
  | { kind: 'ruleError'; ruleId: string; message: string };

export function formatFileMessage(message: FileMessage, displayPath: string): string {
  switch (message.kind) {
    case 'skipped':
      return `${displayPath}: skipped: ${message.reason}`;
    case 'cannot':
      return `${displayPath}: cannot ${message.what}: ${message.message}`;
    case 'ruleError':
      return `mltraps: rule ${message.ruleId} failed on ${displayPath}: ${message.message}`;
  }
}

/** What the fixes did (or, without writing, would do) to one file; the display path is the caller's. */
export interface FileFix {
  notebook: boolean;
  /** The file's text before and after (for a notebook the .ipynb JSON, every untouched byte kept). */
  originalText: string;
  fixedText: string;
  /** Each cell's text before and after (one cell for a .py file). */
  originalCells: readonly string[];
  fixedCells: readonly string[];
  /** The rule of each applied fix. */
  fixedRules: readonly FixedRule[];
}

export interface FileOutcome {
  /** I/O error, skipped (with a message), or linted. */
  status: 'ioError' | 'skipped' | 'linted';
  /** Skipped as a notebook in another language (SQL, R, Scala): it holds no Python to lint. */
  otherLanguage?: true;
  /** What to print on stderr for this file, in order. */
  messages: FileMessage[];
  /** The fixes applied (or that would be), if any changed the file. */
  fix?: FileFix;
  fixesApplied: number;
  /** The findings of a linted file. */
  notebook?: boolean;
  findings?: Finding[];
  /** For a linted notebook with a fixable finding: the .ipynb text and its cells as linted (after fixes). */
  notebookFile?: { text: string; cells: readonly string[] };
  /** The text after fixes, when a fix changed it: what stdin's --fix prints. */
  lastText?: { text: string; bom: boolean };
}

export interface FileLintJob {
  absolutePath: string;
  /** The file's bytes (read by the caller: the cache hashes them, and stdin has no file). */
  contents: Uint8Array;
  settings: ResolvedLintSettings;
  fix: boolean;
  unsafeFixes: boolean;
  /** Write the fixed text back to `absolutePath`. */
  write: boolean;
}

/** A file as the engine takes it, or why it is skipped. */
function programSourceOf(absolutePath: string, uri: string, text: string): { source: ProgramSource } | { skipped: string; otherLanguage?: true } {
  if (isJupyterNotebookPath(absolutePath)) return readNotebookFile(uri, text);
  return { source: fileSource(uri, text) };
}

/** The file's new text after fixes: for a notebook only the changed cells' sources are rewritten, every other byte kept. */
function fixedText(source: ProgramSource, originalText: string, cells: readonly string[]): string {
  if (!source.notebook) return cells[0];
  const changed = new Map<number, string>();
  cells.forEach((text, index) => {
    if (text !== source.cells[index].text) changed.set(index, text);
  });
  return changed.size === 0 ? originalText : writeIpynbSources(originalText, changed);
}

/** Lint one file (with `fix`, fix it first, and with `write` write it back); never throws because of the file. */
export function lintFile(linter: Linter, job: FileLintJob, readInclusion: InclusionReader, project: ProjectContext): FileOutcome {
  const messages: FileMessage[] = [];
  const decoded = decodeSource(job.contents);
  if (!decoded.ok) return { status: 'skipped', messages: [{ kind: 'skipped', reason: decoded.reason }], fixesApplied: 0 };
  const uri = uriOfPath(job.absolutePath);
  const lintOptions: LintOptions & SourceOptions = {
    ...job.settings,
    project,
    readInclusion,
    onRuleError: (rule, error) => {
      messages.push({ kind: 'ruleError', ruleId: rule.meta.id, message: error instanceof Error ? error.message : String(error) });
    },
  };
  const read = programSourceOf(job.absolutePath, uri, decoded.text);
  if ('skipped' in read) return { status: 'skipped', messages: [{ kind: 'skipped', reason: read.skipped }], fixesApplied: 0, ...(read.otherLanguage ? { otherLanguage: true } : {}) };
  let source = read.source;
  let text = decoded.text;
  let fix: FileFix | undefined;
  let fixesApplied = 0;
  if (job.fix) {
    // Rule failures are reported once, by the final lint below.
    const fixed = linter.fixAllSource(source, { ...lintOptions, onRuleError: undefined, includeUnsafe: job.unsafeFixes });
    if (fixed.applied > 0) {
      const newText = fixedText(source, decoded.text, fixed.cells);
      if (job.write) {
        try {
          writeSource(job.absolutePath, newText, decoded.bom);
        } catch (error) {
          return { status: 'ioError', messages: [{ kind: 'cannot', what: 'write', message: (error as Error).message }], fixesApplied: 0 };
        }
      }
      fix = {
        notebook: source.notebook,
        originalText: decoded.text,
        fixedText: newText,
        originalCells: source.cells.map((cell) => cell.text),
        fixedCells: fixed.cells,
        fixedRules: fixed.fixedRules,
      };
      source = { ...source, cells: source.cells.map((cell, index) => ({ ...cell, text: fixed.cells[index] })) };
      text = newText;
      fixesApplied = fixed.applied;
    }
  }
  // Only a fixed text: without fixes stdin's --fix prints the bytes it read. Every file's whole
  // text went back from the lint workers to the main thread, and was kept there to the end.
  const lastText = fix ? { lastText: { text, bom: decoded.bom } } : {};
  const { findings, skipped } = linter.lintSource(source, lintOptions);
  if (skipped) return { status: 'skipped', messages: [...messages, { kind: 'skipped', reason: skipped }], fix, fixesApplied, ...lastText };
  return {
    status: 'linted',
    messages,
    fix,
    fixesApplied,
    ...lastText,
    notebook: source.notebook,
    findings,
    // SARIF writes a notebook's fixes against the .ipynb text: without a fix it needs none, and
    // the text need not travel back from a worker thread.
    ...(source.notebook && findings.some((finding) => finding.fixes.length > 0) ? { notebookFile: { text, cells: source.cells.map((cell) => cell.text) } } : {}),
  };
}
