import { type Hover, MarkupKind, type Position } from 'vscode-languageserver';
import { hoverCard } from '../rules/engine/ruleDocs';
import type { Rule } from '../rules/engine/types';
import type { LintedDocument } from './documentLinter';
import { containsOffset, lspRange } from './positions';

/**
 * The rule card ("exam hint") of each rule flagged under the cursor; the editor shows the
 * diagnostic's message next to it already.
 */
export function hoverAt(linted: LintedDocument, position: Position, rules: readonly Rule[]): Hover | null {
  const source = linted.source;
  if (!source) return null;
  const offset = source.offsetAt(position);
  const here = linted.findings.filter((finding) => containsOffset(finding.range, offset));
  const cards: string[] = [];
  const seen = new Set<string>();
  for (const finding of here) {
    const rule = rules.find((candidate) => candidate.meta.id === finding.ruleId);
    if (!rule || seen.has(rule.meta.id)) continue;
    seen.add(rule.meta.id);
    cards.push(hoverCard(rule));
  }
  if (cards.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: cards.join('\n\n---\n\n') },
    range: lspRange(source, here[0].range),
  };
}
