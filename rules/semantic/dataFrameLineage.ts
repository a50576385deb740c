import type { Node } from 'web-tree-sitter';
import { contains, field } from '../engine/syntax';
import { targetNames } from './bindings';
import { NOTEBOOK_GLOBALS, type SemanticModel } from './semanticModel';

/**
 * Which values in a file are derived from some source expressions (e.g. the DataFrames that
 * come out of `assembler.transform(df)`), by name: `assembled = va.transform(df)` then
 * `train, test = assembled.randomSplit(...)` makes `train` and `test` derived. Names are
 * matched without scopes, which errs towards "derived" (rules then stay silent).
 */
export type Derivation = 'derived' | 'not derived' | 'unknown';

export class DerivedValues {
  private readonly names = new Set<string>();

  constructor(
    private readonly model: SemanticModel,
    private readonly sources: readonly Node[],
  ) {
    const statements = [
      ...model.syntax.nodes('assignment').map((node) => ({ targets: field(node, 'left'), value: field(node, 'right') })),
      ...model.syntax.nodes('named_expression').map((node) => ({ targets: field(node, 'name'), value: field(node, 'value') })),
      ...model.syntax.nodes('for_statement').map((node) => ({ targets: field(node, 'left'), value: field(node, 'right') })),
      ...model.syntax.nodes('for_in_clause').map((node) => ({ targets: field(node, 'left'), value: field(node, 'right') })),
    ];
    if (sources.length === 0) return;
    // Until nothing changes: each pass can only add names, so this ends.
    for (let changed = true; changed; ) {
      changed = false;
      for (const { targets, value } of statements) {
        if (!targets || !value || !this.mentionsDerived(value)) continue;
        for (const name of targetNames(targets)) {
          if (!this.names.has(name.text)) {
            this.names.add(name.text);
            changed = true;
          }
        }
      }
    }
  }

  /** Whether `expression` holds a source or a name derived from one; 'unknown' when it uses a name of unknown origin. */
  classify(expression: Node): Derivation {
    if (this.mentionsDerived(expression)) return 'derived';
    for (const identifier of valueIdentifiers(expression)) {
      const binding = this.model.lookup(identifier);
      if (!binding) {
        if (!(identifier.text in NOTEBOOK_GLOBALS)) return 'unknown';
      } else if (binding.kind === 'opaque') return 'unknown';
    }
    return 'not derived';
  }

  private mentionsDerived(expression: Node): boolean {
    if (this.sources.some((source) => contains(expression, source))) return true;
    return valueIdentifiers(expression).some((identifier) => this.names.has(identifier.text));
  }
}

/** Identifiers in an expression that name values (not `.attribute` names or `keyword=`s). */
function valueIdentifiers(expression: Node): Node[] {
  const all = expression.type === 'identifier' ? [expression] : expression.descendantsOfType('identifier').filter((node): node is Node => !!node);
  return all.filter((identifier) => {
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === identifier.id) return false;
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === identifier.id) return false;
    return true;
  });
}
