import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Linter } from '../rules/engine/linter';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { InclusionReader } from '../rules/engine/program';
import type { Finding, TextEdit } from '../rules/engine/types';
import { computeLineStarts } from '../rules/engine/sourceDocument';
import { findingRange, isMltrapsDiagnostic } from './diagnostics';
import { lintOptions, type LintedDocument } from './documentLinter';
import { cellRange } from './positions';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mltraps`;
export const FIX_ALL_TITLE = 'Fix all mltraps problems';
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/** Kept in a fix-all action that is resolved later (`codeAction/resolve`). */
export interface FixAllData {
  uri: string;
  version: number;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

function sameRange(diagnostic: Diagnostic, finding: Finding): boolean {
  const range = findingRange(finding);
  return (
    diagnostic.range.start.line === range.start.line &&
    diagnostic.range.start.character === range.start.character &&
    diagnostic.range.end.line === range.end.line &&
    diagnostic.range.end.character === range.end.character
  );
}

/** The finding behind a diagnostic, looked up in the current findings (never in the diagnostic's stale data). */
function findingFor(diagnostic: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  return findings.find((finding) => finding.ruleId === diagnostic.code && sameRange(diagnostic, finding));
}

/** A fix's edits, by the editor document they change (a fix in a notebook may add an import to another cell). */
function workspaceChanges(linted: LintedDocument, source: SourceDocument, edits: readonly TextEdit[]): Record<string, LspTextEdit[]> {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const cell = edit.cell ?? 0;
    const uri = linted.cells[cell]?.uri;
    if (!uri) continue;
    (changes[uri] ??= []).push({ range: cellRange(source, cell, edit), newText: edit.newText });
  }
  return changes;
}

function quickFixes(linted: LintedDocument, cell: number, source: SourceDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const findings = linted.findings.filter((finding) => (finding.cell ?? 0) === cell);
  for (const diagnostic of diagnostics) {
    if (!isMltrapsDiagnostic(diagnostic)) continue;
    const finding = findingFor(diagnostic, findings);
    if (!finding) continue;
    finding.fixes.forEach((fix, index) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safety === 'safe' && index === 0,
        edit: { changes: workspaceChanges(linted, source, fix.edits) },
      });
    });
  }
  return actions;
}

/** One edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): LspTextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  // Never split a surrogate pair or a \r\n between the edit and the kept text.
  while (prefix > 0 && isSplitPoint(before, prefix)) prefix--;
  while (suffix > 0 && isSplitPoint(before, before.length - suffix)) suffix--;
  const lineStarts = computeLineStarts(before);
  const positionAt = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    return { line, character: offset - lineStarts[line] };
  };
  return {
    range: { start: positionAt(prefix), end: positionAt(before.length - suffix) },
    newText: after.slice(prefix, after.length - suffix),
  };
}

function isSplitPoint(text: string, offset: number): boolean {
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (previous >= 0xd800 && previous <= 0xdbff) || (previous === 13 && next === 10);
}

/** Every safe fix, applied round after round as the CLI's `--fix` does. */
export function fixAllEdit(
  linter: Linter,
  linted: LintedDocument,
  onRuleError: Parameters<typeof lintOptions>[2],
  readInclusion?: InclusionReader,
): WorkspaceEdit | undefined {
  const source = linted.source;
  if (!source) return undefined;
  // Fix-all lints throwaway versions under the document's uri: their models are not the
  // document's, so they do not go through the per-document model cache.
  const fixed = linter.fixAllSource(source.program.source, { ...lintOptions(linted.uri, linted.lintSettings, onRuleError), semanticModel: undefined, readInclusion });
  const changes: Record<string, LspTextEdit[]> = {};
  linted.cells.forEach((cell, index) => {
    const edit = minimalEdit(cell.text, fixed.cells[index] ?? cell.text);
    if (edit || !linted.notebook) changes[cell.uri] = edit ? [edit] : [];
  });
  return { changes };
}

/**
 * Quick fixes for the mltraps diagnostics in the request, and the "fix all" source action
 * when some finding has a safe fix. The fix-all edit costs a few lints, so it is computed at
 * once only for clients that cannot resolve it later.
 */
export function codeActions(
  linted: LintedDocument,
  cell: number,
  params: CodeActionParams,
  fixAll: { resolveLater: boolean; compute: () => WorkspaceEdit | undefined },
): CodeAction[] {
  const source = linted.source;
  if (!source) return [];
  const only = params.context.only;
  const actions = wants(only, CodeActionKind.QuickFix) ? quickFixes(linted, cell, source, params.context.diagnostics) : [];
  const hasSafeFix = linted.findings.some((finding) => finding.fixes.some((fix) => fix.safety === 'safe'));
  if (hasSafeFix && wants(only, FIX_ALL_KIND)) {
    const action: CodeAction = { title: FIX_ALL_TITLE, kind: FIX_ALL_KIND };
    if (fixAll.resolveLater) {
      const data: FixAllData = { uri: linted.uri, version: linted.version };
      action.data = data;
    } else {
      action.edit = fixAll.compute();
    }
    actions.push(action);
  }
  return actions;
}
