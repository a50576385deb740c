import { FactCache } from '../engine/reads';
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
    if (sources.length === 0) return;
    const statements = bindingStatements(model);
    // The fixpoint runs over the statements' text, not their nodes (no wasm calls): a derived
    // name counts where it stands as a value, i.e. not after a dot and not as `keyword=`. Text
    // inside strings or comments may count too, which errs towards "derived". A worklist: a
    // name that becomes derived rechecks only the statements that use it (repeated passes over
    // every statement were quadratic in a file of thousands of assignments).
    const users = new Map<string, BindingStatement[]>();
    for (const statement of statements) {
      for (const name of statement.valueNames) {
        const list = users.get(name);
        if (list) list.push(statement);
        else users.set(name, [statement]);
      }
    }
    const pending: string[] = [];
    const derive = (statement: BindingStatement) => {
      for (const name of statement.targetNames) {
        if (this.names.has(name)) continue;
        this.names.add(name);
        pending.push(name);
      }
    };
    for (const statement of statements) {
      if (sources.some((source) => statement.valueStart <= source.startIndex && source.endIndex <= statement.valueEnd)) derive(statement);
    }
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      for (const statement of users.get(name) ?? []) derive(statement);
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

interface BindingStatement {
  targetNames: string[];
  /** Names the value uses as values: not `.attribute`, not `keyword=`. */
  valueNames: Set<string>;
  valueStart: number;
  valueEnd: number;
}

const statementsByModel = new FactCache<SemanticModel, BindingStatement[]>();

/** `x = value`, `(x := value)`, `for x in value`, read once per file. */
function bindingStatements(model: SemanticModel): BindingStatement[] {
  return statementsByModel.get(model, () => {
    const pairs = [
      ...model.syntax.nodes('assignment').map((node) => [model.syntax.partsOfAssignment(node)?.left, model.syntax.partsOfAssignment(node)?.right]),
      ...model.syntax.nodes('named_expression').map((node) => [field(node, 'name'), field(node, 'value')]),
      ...model.syntax.nodes('for_statement').map((node) => [field(node, 'left'), field(node, 'right')]),
      ...model.syntax.nodes('for_in_clause').map((node) => [field(node, 'left'), field(node, 'right')]),
    ];
    const statements: BindingStatement[] = [];
    for (const [targets, value] of pairs) {
      if (!targets || !value) continue;
      statements.push({
        targetNames: targetNames(targets).map((name) => name.text),
        valueNames: valueNamesIn(value.text),
        valueStart: value.startIndex,
        valueEnd: value.endIndex,
      });
    }
    return statements;
  });
}

/** A name standing as a value: not after a dot, not part of a longer name, not `name=` (a keyword). */
const VALUE_NAME = /(?<![\w.])[A-Za-z_]\w*(?!\w)(?!\s*=(?!=))/g;

function valueNamesIn(text: string): Set<string> {
  return new Set(text.match(VALUE_NAME) ?? []);
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
