import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../engine/syntax';

/** One name that an import statement binds, with the dotted path it stands for. */
export interface ImportedName {
  /** The local name: `F` in `import pyspark.ml.feature as F`. */
  localName: string;
  /** `pyspark.ml.feature`; for `import a.b.c` the local name `a` stands for `a`. */
  qualifiedName: string;
  statement: Node;
}

export interface StarImport {
  module: string;
  statement: Node;
}

export interface ImportStatementInfo {
  names: ImportedName[];
  star?: StarImport;
}

/** What an `import ...` or `from ... import ...` statement binds. */
export function readImportStatement(statement: Node): ImportStatementInfo {
  const names: ImportedName[] = [];
  if (statement.type === 'import_statement') {
    for (const item of statement.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const dotted = field(item, 'name');
        const alias = field(item, 'alias');
        if (dotted && alias) names.push({ localName: alias.text, qualifiedName: dotted.text, statement });
      } else if (item.type === 'dotted_name') {
        const head = namedChildren(item)[0];
        if (head) names.push({ localName: head.text, qualifiedName: head.text, statement });
      }
    }
    return { names };
  }
  // import_from_statement
  const moduleNode = field(statement, 'module_name');
  const module = moduleNode ? moduleNode.text.replace(/\s+/g, '') : '';
  if (namedChildren(statement).some((child) => child.type === 'wildcard_import')) {
    return { names, star: { module, statement } };
  }
  const join = (name: string) => (module.endsWith('.') ? module + name : `${module}.${name}`);
  for (const item of statement.childrenForFieldName('name')) {
    if (!item) continue;
    if (item.type === 'aliased_import') {
      const dotted = field(item, 'name');
      const alias = field(item, 'alias');
      if (dotted && alias) names.push({ localName: alias.text, qualifiedName: join(dotted.text), statement });
    } else if (item.type === 'dotted_name') {
      names.push({ localName: item.text, qualifiedName: join(item.text), statement });
    }
  }
  return { names };
}
