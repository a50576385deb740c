import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import { findRule } from '../rules';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import type { Finding, Severity } from '../rules/engine/types';
import type { DocumentLinter } from './documentLinter';
import { describeError } from './guard';

export const DIAGNOSTIC_SOURCE = 'mltraps';
const DEBOUNCE_MS = 50;
/** The longest wait after a keystroke, however slow the document's last lint was. */
const MAX_DEBOUNCE_MS = 1_000;

/** Carried by each diagnostic so a code action can find its finding again in the current state. */
export interface DiagnosticData {
  ruleId: string;
  /** UTF-16 offsets of the finding in document `version`. */
  start: number;
  end: number;
  version: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The rule's page shipped with the extension: dist/server.js -> docs/rules/<id>-<name>.md. */
export function rulePageUri(ruleId: string): string | undefined {
  const rule = findRule(ruleId);
  return rule ? pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', rulePageFileName(rule))).href : undefined;
}

export function findingRange(finding: Finding): Range {
  return { start: finding.start, end: finding.end };
}

export function toDiagnostic(finding: Finding, version: number): Diagnostic {
  const href = rulePageUri(finding.ruleId);
  const data: DiagnosticData = { ruleId: finding.ruleId, start: finding.range.start, end: finding.range.end, version };
  return {
    range: findingRange(finding),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
}

export function isMltrapsDiagnostic(diagnostic: Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && typeof diagnostic.code === 'string';
}

/**
 * Pushes diagnostics ~50 ms after the last open/change of a document. A newer change cancels
 * the pending run, and a run whose document moved on while it waited publishes nothing.
 */
export class DiagnosticsPublisher {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; ticket: number }>();
  /** Per notebook, the cell uris that have diagnostics now: a deleted cell's are cleared. */
  private readonly publishedCells = new Map<string, Set<string>>();
  private tickets = 0;
  /** Per document, how long its last lint took: a document that is slow to lint waits that long for a pause in typing. */
  private readonly lintCosts = new Map<string, number>();

  constructor(
    private readonly linter: DocumentLinter,
    private readonly send: (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * A lint of a large document costs more than the pause between two keystrokes (near the
   * 1 MB limit ~0.5 s): such a document waits as long as its last lint took (at most 1 s), so
   * typing costs one lint per pause, not one per keystroke.
   */
  schedule(uri: string, delay = Math.min(MAX_DEBOUNCE_MS, Math.max(DEBOUNCE_MS, this.lintCosts.get(uri) ?? 0))): void {
    this.scheduleIn(uri, delay);
  }

  /**
   * A document just opened is linted at once: no typing is under way to wait for, and the wait
   * was a quarter of the time to its first diagnostics (a 2,000-line notebook: about 200 ms
   * from didOpen, 50 of them waiting). A change that comes before the lint ran still cancels it.
   */
  scheduleOpened(uri: string): void {
    this.scheduleIn(uri, 0);
  }

  private scheduleIn(uri: string, delay: number): void {
    const previous = this.pending.get(uri);
    if (previous) clearTimeout(previous.timer);
    const ticket = ++this.tickets;
    const timer = setTimeout(() => void this.run(uri, ticket), delay);
    this.pending.set(uri, { timer, ticket });
  }

  clear(uri: string): void {
    const previous = this.pending.get(uri);
    if (previous) clearTimeout(previous.timer);
    this.pending.delete(uri);
    this.lintCosts.delete(uri);
    const cells = this.publishedCells.get(uri);
    this.publishedCells.delete(uri);
    if (cells) for (const cell of cells) this.send(cell, undefined, []);
    else this.send(uri, undefined, []);
  }

  private async run(uri: string, ticket: number): Promise<void> {
    try {
      const started = performance.now();
      const linted = await this.linter.lint(uri);
      this.lintCosts.set(uri, performance.now() - started);
      if (this.pending.get(uri)?.ticket !== ticket) return;
      this.pending.delete(uri);
      if (!linted) return;
      if (!linted.notebook) {
        this.send(uri, linted.version, linted.findings.map((finding) => toDiagnostic(finding, linted.version)));
        return;
      }
      // A notebook's diagnostics go to its cells' documents.
      const before = this.publishedCells.get(uri) ?? new Set<string>();
      const now = new Set<string>();
      linted.cells.forEach((cell, index) => {
        const diagnostics = linted.findings.filter((finding) => finding.cell === index).map((finding) => toDiagnostic(finding, linted.version));
        if (diagnostics.length === 0 && !before.has(cell.uri)) return;
        this.send(cell.uri, undefined, diagnostics);
        if (diagnostics.length > 0) now.add(cell.uri);
      });
      for (const cellUri of before) if (!now.has(cellUri) && !linted.cells.some((cell) => cell.uri === cellUri)) this.send(cellUri, undefined, []);
      this.publishedCells.set(uri, now);
    } catch (error) {
      this.log(`mltraps: diagnostics for ${uri} failed: ${describeError(error)}`);
    }
  }
}
