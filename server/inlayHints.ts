import type { InlayHint, Range } from 'vscode-languageserver';
import { crossValidatorHints } from '../rules/inlayHints/crossValidatorHints';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { LintSettings } from '../rules/engine/types';
import { semanticModelOf } from './semanticModels';

/** The inlay hints (model counts of CrossValidator calls) placed inside `range` of cell `cell` (0 for a text document). */
export function inlayHintsIn(source: SourceDocument, cell: number, range: Range, declaredRegistry?: LintSettings['declaredRegistry']): InlayHint[] {
  const { host } = source;
  const start = host.toProgram(cell, host.offset(cell, range.start));
  const end = host.toProgram(cell, host.offset(cell, range.end));
  if (start === undefined || end === undefined) return [];
  const hints: InlayHint[] = [];
  for (const hint of crossValidatorHints(semanticModelOf(source, declaredRegistry), { start, end })) {
    const place = host.range({ start: hint.offset, end: hint.offset });
    if (!place || place.cell !== cell) continue;
    hints.push({
      position: host.position(cell, place.range.start),
      label: hint.label,
      tooltip: hint.tooltip,
      // The hint follows a closing parenthesis: a space keeps it from reading as part of the call.
      paddingLeft: true,
    });
  }
  return hints;
}
