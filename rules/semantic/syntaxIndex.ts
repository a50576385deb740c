import { Query, type Language, type Node, type Tree } from 'web-tree-sitter';

/**
 * Every node kind that the semantic layer or a rule looks at, collected by one tree-sitter
 * query (one traversal inside the parser's C code) per lint, instead of one walk per rule.
 * Rules read these lists; add a kind here when a rule needs a new one.
 */
export const INDEXED_NODE_TYPES = [
  'import_statement',
  'import_from_statement',
  'assignment',
  'augmented_assignment',
  'named_expression',
  'call',
  'function_definition',
  'class_definition',
  'lambda',
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
  'for_statement',
  'for_in_clause',
  'with_statement',
  'while_statement',
  'if_statement',
  'conditional_expression',
  'try_statement',
  'match_statement',
  'return_statement',
  'assert_statement',
  'string',
  'dictionary',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'except_clause',
  'as_pattern_target',
] as const;

/**
 * Kinds that only some rules read, and that are numerous (every string literal): collected
 * by a second query the first time a rule asks for one of them.
 */
const ON_DEMAND_TYPES: ReadonlySet<string> = new Set(['string', 'dictionary', 'assert_statement', 'return_statement']);

export type IndexedNodeType = (typeof INDEXED_NODE_TYPES)[number];

const queries = new WeakMap<Language, { core: Query; onDemand: Query }>();

function indexQueries(language: Language): { core: Query; onDemand: Query } {
  let entry = queries.get(language);
  if (!entry) {
    const source = (types: readonly string[]) => types.map((type) => `(${type}) @${type}`).join('\n');
    entry = {
      core: new Query(language, source(INDEXED_NODE_TYPES.filter((type) => !ON_DEMAND_TYPES.has(type)))),
      onDemand: new Query(language, source([...ON_DEMAND_TYPES])),
    };
    queries.set(language, entry);
  }
  return entry;
}

export class SyntaxIndex {
  private readonly byType = new Map<string, Node[]>();
  private onDemandCollected = false;

  constructor(private readonly tree: Tree) {
    for (const type of INDEXED_NODE_TYPES) this.byType.set(type, []);
    this.collect(indexQueries(tree.language).core);
  }

  private collect(query: Query): void {
    for (const capture of query.captures(this.tree.rootNode)) this.byType.get(capture.name)!.push(capture.node);
  }

  /** Nodes of one kind, in document order. */
  nodes(type: IndexedNodeType): readonly Node[] {
    if (!this.onDemandCollected && ON_DEMAND_TYPES.has(type)) {
      this.onDemandCollected = true;
      this.collect(indexQueries(this.tree.language).onDemand);
    }
    return this.byType.get(type)!;
  }
}
