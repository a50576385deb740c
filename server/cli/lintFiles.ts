import type { Linter, LintOptions } from '../../rules/engine/linter';
import { projectContextFor } from '../projectContext';
import type { FileFindings } from './fileFindings';
import type { SourceFile } from './fileDiscovery';
import { readSource, writeSource, type SourceText } from './sourceText';

export interface LintFilesOptions {
  /** --select / --ignore. */
  lint: LintOptions;
  fix: boolean;
  unsafeFixes: boolean;
  /** Where messages about skipped files, rule failures and I/O errors go (stderr). */
  warn(message: string): void;
}

export interface LintFilesResult {
  files: FileFindings[];
  /** Files actually linted (not skipped). */
  linted: number;
  /** Fixes applied, and the files they changed. */
  fixesApplied: number;
  filesFixed: number;
  ioErrors: number;
}

function fileUri(absolutePath: string): string {
  return `file://${absolutePath.split('\\').join('/')}`;
}

/** Lint (and with `fix`, first fix in place) each file; a file that cannot be read or decoded is skipped. */
export function lintFiles(linter: Linter, sources: readonly SourceFile[], options: LintFilesOptions): LintFilesResult {
  const result: LintFilesResult = { files: [], linted: 0, fixesApplied: 0, filesFixed: 0, ioErrors: 0 };
  for (const source of sources) {
    let decoded: SourceText;
    try {
      decoded = readSource(source.absolutePath);
    } catch (error) {
      options.warn(`${source.displayPath}: cannot read: ${(error as Error).message}`);
      result.ioErrors++;
      continue;
    }
    if (!decoded.ok) {
      options.warn(`${source.displayPath}: skipped: ${decoded.reason}`);
      continue;
    }
    const uri = fileUri(source.absolutePath);
    const lintOptions: LintOptions = {
      ...options.lint,
      project: projectContextFor(source.absolutePath),
      onRuleError: (rule, error) => {
        const message = error instanceof Error ? error.message : String(error);
        options.warn(`mltraps: rule ${rule.meta.id} failed on ${source.displayPath}: ${message}`);
      },
    };
    let text = decoded.text;
    if (options.fix) {
      // Rule failures are reported once, by the final lint below.
      const fixed = linter.fixAll(uri, text, { ...lintOptions, onRuleError: undefined, includeUnsafe: options.unsafeFixes });
      if (fixed.text !== text) {
        try {
          writeSource(source.absolutePath, fixed.text, decoded.bom);
        } catch (error) {
          options.warn(`${source.displayPath}: cannot write: ${(error as Error).message}`);
          result.ioErrors++;
          continue;
        }
        text = fixed.text;
        result.fixesApplied += fixed.applied;
        result.filesFixed++;
      }
    }
    const { findings, skipped } = linter.lintText(uri, text, lintOptions);
    if (skipped) {
      options.warn(`${source.displayPath}: skipped: ${skipped}`);
      continue;
    }
    result.linted++;
    result.files.push({ displayPath: source.displayPath, findings });
  }
  return result;
}
