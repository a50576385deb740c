import type { SourceDocument } from '../rules/engine/sourceDocument';
import { SemanticModel } from '../rules/semantic/semanticModel';

/**
 * One semantic model per parsed version of a document: hovers come on every mouse move, and
 * the text (so the model) only changes with an edit, which brings a new SourceDocument. The
 * model goes with the SourceDocument it was built from.
 */
const models = new WeakMap<SourceDocument, SemanticModel>();

export function semanticModelOf(source: SourceDocument): SemanticModel {
  let model = models.get(source);
  if (!model) {
    model = new SemanticModel(source);
    models.set(source, model);
  }
  return model;
}
