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
  'for_statement',
  'for_in_clause',
  'with_statement',
  'while_statement',
  'if_statement',
  'conditional_expression',
  'try_statement',
  'return_statement',
  'assert_statement',
  'string',
  'dictionary',
  'global_statement',
  'nonlocal_statement',
  'delete_statement',
  'except_clause',
] as const;

export type IndexedNodeType = (typeof INDEXED_NODE_TYPES)[number];

const queries = new WeakMap<Language, Query>();

function indexQuery(language: Language): Query {
  let query = queries.get(language);
  if (!query) {
    query = new Query(language, INDEXED_NODE_TYPES.map((type) => `(${type}) @${type}`).join('\n'));
    queries.set(language, query);
  }
  return query;
}

export class SyntaxIndex {
  private readonly byType = new Map<string, Node[]>();

  constructor(tree: Tree) {
    for (const type of INDEXED_NODE_TYPES) this.byType.set(type, []);
    for (const capture of indexQuery(tree.language).captures(tree.rootNode)) {
      this.byType.get(capture.name)!.push(capture.node);
    }
  }

  /** Nodes of one kind, in document order. */
  nodes(type: IndexedNodeType): readonly Node[] {
    return this.byType.get(type)!;
  }
}
