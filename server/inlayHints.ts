import type { InlayHint, Range } from 'vscode-languageserver';
import { crossValidatorHints } from '../rules/inlayHints/crossValidatorHints';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import { semanticModelOf } from './semanticModels';

/** The inlay hints (model counts of CrossValidator calls) placed inside `range`. */
export function inlayHintsIn(source: SourceDocument, range: Range): InlayHint[] {
  const offsets = { start: source.offsetAt(range.start), end: source.offsetAt(range.end) };
  return crossValidatorHints(semanticModelOf(source), offsets).map((hint) => ({
    position: source.positionAt(hint.offset),
    label: hint.label,
    tooltip: hint.tooltip,
    // The hint follows a closing parenthesis: a space keeps it from reading as part of the call.
    paddingLeft: true,
  }));
}
