import type { InlayHint, Range } from 'vscode-languageserver';
import { crossValidatorHints } from '../rules/inlayHints/crossValidatorHints';
import type { SourceDocument } from '../rules/engine/sourceDocument';
import { SemanticModel } from '../rules/semantic/semanticModel';

/**
 * One model per parsed version of a document: the editor asks for hints on every scroll, and
 * the text (so the model) only changes with an edit, which brings a new SourceDocument.
 */
const models = new WeakMap<SourceDocument, SemanticModel>();

function modelOf(source: SourceDocument): SemanticModel {
  let model = models.get(source);
  if (!model) {
    model = new SemanticModel(source);
    models.set(source, model);
  }
  return model;
}

/** The inlay hints (model counts of CrossValidator calls) placed inside `range`. */
export function inlayHintsIn(source: SourceDocument, range: Range): InlayHint[] {
  const offsets = { start: source.offsetAt(range.start), end: source.offsetAt(range.end) };
  return crossValidatorHints(modelOf(source), offsets).map((hint) => ({
    position: source.positionAt(hint.offset),
    label: hint.label,
    tooltip: hint.tooltip,
    // The hint follows a closing parenthesis: a space keeps it from reading as part of the call.
    paddingLeft: true,
  }));
}
