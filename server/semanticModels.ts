import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { LintSettings } from '../rules/engine/types';
import { SemanticModel } from '../rules/semantic/semanticModel';

/**
 * One semantic model per parsed version of a document: hovers come on every mouse move, and
 * the text (so the model) only changes with an edit, which brings a new SourceDocument. The
 * model goes with the SourceDocument it was built from, and with the registry the
 * configuration declares (a changed configuration file brings another model).
 */
const models = new WeakMap<SourceDocument, SemanticModel>();

export function semanticModelOf(source: SourceDocument, declaredRegistry?: LintSettings['declaredRegistry']): SemanticModel {
  let model = models.get(source);
  if (!model || model.declaredRegistry !== declaredRegistry) {
    model = new SemanticModel(source, declaredRegistry);
    models.set(source, model);
  }
  return model;
}
