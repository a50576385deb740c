import { writeIpynbSources } from '../../rules/engine/ipynb';
import type { FixedRule, Linter, LintOptions, SourceOptions } from '../../rules/engine/linter';
import type { ProgramSource } from '../../rules/engine/program';
import { fileSource } from '../../rules/engine/programParser';
import type { ResolvedLintSettings } from '../configuration/lintSettings';
import { createInclusionReader, uriOfPath } from '../inclusions';
import { readNotebookFile } from '../notebookFiles';
import { projectContextFor } from '../projectContext';
import type { FileFindings } from './fileFindings';
import { isJupyterNotebookPath, type SourceFile } from './fileDiscovery';
import { decodeSource, readSource, writeSource, type SourceText } from './sourceText';

export interface LintFilesOptions {
  /** The rule settings for a file (its configuration with the command line's --select / --ignore). */
  settingsFor(absolutePath: string): ResolvedLintSettings;
  /** Compute the fixes (--fix, --diff). */
  fix: boolean;
  unsafeFixes: boolean;
  /** Write the fixed text back to the file (--fix on files; not --diff, not stdin). */
  write: boolean;
  /** Where messages about skipped files, rule failures and I/O errors go (stderr). */
  warn(message: string): void;
}

/** What the fixes did (or, without writing, would do) to one file. */
export interface FixedFile {
  displayPath: string;
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

export interface LintFilesResult {
  files: FileFindings[];
  /** Files whose fixes changed (or would change) them, in path order. */
  fixed: FixedFile[];
  /** Files actually linted (not skipped). */
  linted: number;
  /** Files skipped with a message (not text, not a notebook, too large). */
  skipped: number;
  /** Fixes applied, and the files they changed. */
  fixesApplied: number;
  filesFixed: number;
  ioErrors: number;
  /** The text of the last file after fixes (the whole source when nothing changed): what stdin's --fix prints. */
  lastText?: { text: string; bom: boolean };
}

/** A file as the engine takes it, or why it is skipped. */
function programSourceOf(source: SourceFile, uri: string, text: string): { source: ProgramSource } | { skipped: string } {
  if (isJupyterNotebookPath(source.absolutePath)) return readNotebookFile(uri, text);
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

function decode(file: SourceFile): SourceText {
  return file.contents === undefined ? readSource(file.absolutePath) : decodeSource(file.contents);
}

/** Lint (and with `fix`, first fix, in place with `write`) each file; a file that cannot be read or decoded is skipped. */
export function lintFiles(linter: Linter, sources: readonly SourceFile[], options: LintFilesOptions): LintFilesResult {
  const result: LintFilesResult = { files: [], fixed: [], linted: 0, skipped: 0, fixesApplied: 0, filesFixed: 0, ioErrors: 0 };
  // One reader for the whole run: a setup notebook that every notebook runs is read once.
  const readInclusion = createInclusionReader();
  for (const file of sources) {
    let decoded: SourceText;
    try {
      decoded = decode(file);
    } catch (error) {
      options.warn(`${file.displayPath}: cannot read: ${(error as Error).message}`);
      result.ioErrors++;
      continue;
    }
    if (!decoded.ok) {
      options.warn(`${file.displayPath}: skipped: ${decoded.reason}`);
      result.skipped++;
      continue;
    }
    const uri = uriOfPath(file.absolutePath);
    const lintOptions: LintOptions & SourceOptions = {
      ...options.settingsFor(file.absolutePath),
      project: projectContextFor(file.absolutePath),
      readInclusion,
      onRuleError: (rule, error) => {
        const message = error instanceof Error ? error.message : String(error);
        options.warn(`mltraps: rule ${rule.meta.id} failed on ${file.displayPath}: ${message}`);
      },
    };
    const read = programSourceOf(file, uri, decoded.text);
    if ('skipped' in read) {
      options.warn(`${file.displayPath}: skipped: ${read.skipped}`);
      result.skipped++;
      continue;
    }
    let source = read.source;
    let text = decoded.text;
    if (options.fix) {
      // Rule failures are reported once, by the final lint below.
      const fixed = linter.fixAllSource(source, { ...lintOptions, onRuleError: undefined, includeUnsafe: options.unsafeFixes });
      if (fixed.applied > 0) {
        const newText = fixedText(source, decoded.text, fixed.cells);
        if (options.write) {
          try {
            writeSource(file.absolutePath, newText, decoded.bom);
          } catch (error) {
            options.warn(`${file.displayPath}: cannot write: ${(error as Error).message}`);
            result.ioErrors++;
            continue;
          }
        }
        result.fixed.push({
          displayPath: file.displayPath,
          notebook: source.notebook,
          originalText: decoded.text,
          fixedText: newText,
          originalCells: source.cells.map((cell) => cell.text),
          fixedCells: fixed.cells,
          fixedRules: fixed.fixedRules,
        });
        source = { ...source, cells: source.cells.map((cell, index) => ({ ...cell, text: fixed.cells[index] })) };
        text = newText;
        result.fixesApplied += fixed.applied;
        result.filesFixed++;
      }
    }
    result.lastText = { text, bom: decoded.bom };
    const { findings, skipped } = linter.lintSource(source, lintOptions);
    if (skipped) {
      options.warn(`${file.displayPath}: skipped: ${skipped}`);
      result.skipped++;
      continue;
    }
    result.linted++;
    result.files.push({
      displayPath: file.displayPath,
      notebook: source.notebook,
      findings,
      ...(source.notebook ? { notebookFile: { text, cells: source.cells.map((cell) => cell.text) } } : {}),
    });
  }
  return result;
}
