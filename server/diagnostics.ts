import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver';
import { findRule } from '../rules';
import { rulePageFileName } from '../rules/engine/ruleDocs';
import type { Finding, Severity } from '../rules/engine/types';
import type { DocumentLinter } from './documentLinter';
import { describeError } from './guard';

export const DIAGNOSTIC_SOURCE = 'mltraps';
const DEBOUNCE_MS = 50;

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

  constructor(
    private readonly linter: DocumentLinter,
    private readonly send: (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  schedule(uri: string, delay = DEBOUNCE_MS): void {
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
    const cells = this.publishedCells.get(uri);
    this.publishedCells.delete(uri);
    if (cells) for (const cell of cells) this.send(cell, undefined, []);
    else this.send(uri, undefined, []);
  }

  private async run(uri: string, ticket: number): Promise<void> {
    try {
      const linted = await this.linter.lint(uri);
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
