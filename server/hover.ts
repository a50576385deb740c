import { type Hover, MarkupKind, type Position } from 'vscode-languageserver';
import { hoverCard } from '../rules/engine/ruleDocs';
import type { Rule } from '../rules/engine/types';
import { apiCardMarkdown, apiCardUseAt } from '../rules/examHints';
import { rulePageUri } from './diagnostics';
import type { LintedDocument } from './documentLinter';
import { cellRange, containsOffset } from './positions';
import { semanticModelOf } from './semanticModels';

/**
 * The rule card ("exam hint") of each rule flagged under the cursor; the editor shows the
 * diagnostic's message next to it already. Then, with `mltraps.examHints`, the card of the
 * API used under the cursor (`mapInPandas`, `mlflow.pyfunc.spark_udf`, ...).
 */
export function hoverAt(linted: LintedDocument, cell: number, position: Position, rules: readonly Rule[]): Hover | null {
  const source = linted.source;
  if (!source) return null;
  const offset = source.host.offset(cell, position);
  const here = linted.findings.filter((finding) => (finding.cell ?? 0) === cell && containsOffset(finding.range, offset));
  const cards: string[] = [];
  const seen = new Set<string>();
  for (const finding of here) {
    const rule = rules.find((candidate) => candidate.meta.id === finding.ruleId);
    if (!rule || seen.has(rule.meta.id)) continue;
    seen.add(rule.meta.id);
    cards.push(hoverCard(rule));
  }
  const { enable, examHints } = linted.settings;
  // API uses are found in the program (the cells together, with what %run brought in).
  const programOffset = source.host.toProgram(cell, offset);
  const api = enable && examHints && programOffset !== undefined ? apiCardUseAt(semanticModelOf(source, linted.lintSettings.settings.declaredRegistry), programOffset) : undefined;
  const apiPlace = api && source.host.range({ start: api.node.startIndex, end: api.node.endIndex });
  if (api && apiPlace?.cell === cell) cards.push(apiCardMarkdown(api.card, rulePageUri));
  // A finding's range wins: its card comes first.
  const range = here.length > 0 ? here[0].range : apiPlace?.cell === cell ? apiPlace.range : undefined;
  if (cards.length === 0 || !range) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: cards.join('\n\n---\n\n') },
    range: cellRange(source, cell, range),
  };
}

/**
 * The hover for a client that renders plain text only (hover.contentFormat without markdown):
 * the same text without markdown's marks. Code stays as written, links keep their address.
 */
export function asPlainText(hover: Hover): Hover {
  const contents = hover.contents;
  if (typeof contents !== 'object' || !('kind' in contents) || contents.kind !== MarkupKind.Markdown) return hover;
  const value = contents.value
    .split('\n')
    .filter((line) => !line.startsWith('```'))
    .map((line) => (line === '---' ? '' : line))
    .join('\n')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=[\s).,:;]|$)/gm, '$1$2');
  return { ...hover, contents: { kind: MarkupKind.PlainText, value } };
}
