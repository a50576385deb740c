import type { SourceDocument } from '../rules/engine/sourceDocument';
import type { LintSettings } from '../rules/engine/types';
import { SemanticModel } from '../rules/semantic/semanticModel';
import { forgetSyntaxIndex } from '../rules/semantic/syntaxIndex';

/**
 * How many documents keep their analysis between uses. An editor shows a few documents at a
 * time and the user types in one: the others' analyses (semantic model, the rules' caches on
 * it, the syntax index of each cell's tree) are most of the server's heap — 20 large real
 * notebooks hold ~30 MB of them — and are rebuilt when the document is used again. The store
 * keeps the trees of as many (DocumentStore.parkIdle).
 */
export const DOCUMENTS_KEEPING_ANALYSIS = 4;

/**
 * One semantic model per parsed version of a document: hovers come on every mouse move, and
 * the text (so the model) only changes with an edit, which brings a new SourceDocument. The
 * model goes with the SourceDocument it was built from, and with the registry the
 * configuration declares (a changed configuration file brings another model). Only the latest
 * version of each document is held, and only for the documents used last.
 */
const recent = new Map<string, { source: SourceDocument; model: SemanticModel }>();

export function semanticModelOf(source: SourceDocument, declaredRegistry?: LintSettings['declaredRegistry']): SemanticModel {
  const entry = recent.get(source.uri);
  let model = entry?.source === source ? entry.model : undefined;
  if (!model || model.declaredRegistry !== declaredRegistry) model = new SemanticModel(source, declaredRegistry);
  // A Map iterates in insertion order: re-inserting makes this document the most recent.
  recent.delete(source.uri);
  recent.set(source.uri, { source, model });
  for (const [uri, oldest] of recent) {
    if (recent.size <= DOCUMENTS_KEEPING_ANALYSIS) break;
    recent.delete(uri);
    // The document's trees outlive the model (the store keeps them for the next edit's
    // reparse); their syntax indexes are rebuilt from them on the next use.
    for (const tree of oldest.source.trees) forgetSyntaxIndex(tree);
  }
  return model;
}

/** A closed document keeps nothing here. */
export function forgetSemanticModel(uri: string): void {
  recent.delete(uri);
}
