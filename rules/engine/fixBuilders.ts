import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/semanticModel';
import type { SourceDocument } from './sourceDocument';
import { codeChildren, field, namedChildren } from './syntax';
import type { TextEdit } from './types';
import { restartsBetween } from '../semantic/notebook';

/** Edits that fixes share. They keep the user's formatting around the change. */

export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.startIndex, end: node.endIndex, newText };
}

export function insertAt(offset: number, newText: string): TextEdit {
  return { start: offset, end: offset, newText };
}

/** The named, non-comment items of a list, tuple, argument list or dict. */
export function listItems(container: Node): Node[] {
  return codeChildren(container);
}

/** Whether each item of a bracketed container sits on its own line. */
function isOneItemPerLine(document: SourceDocument, container: Node, items: Node[]): boolean {
  if (items.length === 0) return false;
  let line = document.positionAt(container.startIndex).line;
  // Black's hanging layout (`f(\n    a, b, c\n)`) puts several items on the line after the
  // bracket: that line is not one item's to remove.
  for (const item of items) {
    const itemLine = document.positionAt(item.startIndex).line;
    if (itemLine <= line) return false;
    line = document.positionAt(item.endIndex).line;
  }
  return true;
}

/**
 * Insert `text` as a new item of a list / argument list, before `before` (or at the end),
 * matching the container's layout: one item per line keeps that, inline stays inline.
 */
export function insertItem(document: SourceDocument, container: Node, text: string, before?: Node): TextEdit {
  const items = listItems(container);
  if (isOneItemPerLine(document, container, items)) {
    const anchor = before ?? items[items.length - 1];
    const indent = document.indentationAt(anchor.startIndex);
    if (before) {
      const lineStart = document.lineStarts[document.positionAt(before.startIndex).line];
      return insertAt(lineStart, `${indent}${text},${document.eol}`);
    }
    const last = items[items.length - 1];
    const trailingComma = document.textIn(last.endIndex, container.endIndex).match(/^\s*,/);
    const after = trailingComma ? last.endIndex + trailingComma[0].length : last.endIndex;
    const added = `${document.eol}${indent}${text}${trailingComma ? ',' : ''}`;
    // A comment after the last item stays with it (`test_size=0.2,  # 20 % held out`).
    const lineEnd = document.lineEnd(document.positionAt(after).line);
    const rest = document.textIn(after, lineEnd);
    if (/^[ \t]*#/.test(rest)) return { start: after, end: lineEnd, newText: `${trailingComma ? '' : ','}${rest}${added}` };
    return insertAt(after, `${trailingComma ? '' : ','}${added}`);
  }
  if (before) return insertAt(before.startIndex, `${text}, `);
  if (items.length === 0) return insertAt(container.startIndex + 1, text);
  const last = items[items.length - 1];
  // `["a",]`: the new item goes after the trailing comma, which it keeps.
  const trailingComma = /^\s*,/.exec(document.textIn(last.endIndex, container.endIndex));
  return trailingComma ? insertAt(last.endIndex + trailingComma[0].length, ` ${text},`) : insertAt(last.endIndex, `, ${text}`);
}

/**
 * Whether an item's lines hold nothing else than it, its comma and a comment: then removing
 * the lines removes the item. `archive_existing_versions=True)` also holds the closing bracket.
 */
function holdsItsLines(document: SourceDocument, item: Node): boolean {
  const first = document.positionAt(item.startIndex).line;
  const last = document.positionAt(item.endIndex).line;
  const before = document.textIn(document.lineStarts[first], item.startIndex);
  const after = document.textIn(item.endIndex, document.lineEnd(last));
  return /^[ \t]*$/.test(before) && /^[ \t]*,?[ \t]*(#.*)?$/.test(after);
}

/** Remove an item of a list with its separating comma. */
export function removeItem(document: SourceDocument, container: Node, item: Node): TextEdit {
  const items = listItems(container);
  const index = items.findIndex((candidate) => candidate.id === item.id);
  if (isOneItemPerLine(document, container, items) && holdsItsLines(document, item)) {
    const line = document.positionAt(item.startIndex).line;
    const endLine = document.positionAt(item.endIndex).line;
    const nextLineStart = endLine + 1 < document.lineCount ? document.lineStarts[endLine + 1] : document.lineEnd(endLine);
    return { start: document.lineStarts[line], end: nextLineStart, newText: '' };
  }
  if (index < items.length - 1) return { start: item.startIndex, end: items[index + 1].startIndex, newText: '' };
  if (index > 0) return { start: items[index - 1].endIndex, end: item.endIndex, newText: '' };
  return { start: item.startIndex, end: item.endIndex, newText: '' };
}

/** Add `name=value` to a call's arguments, keeping its layout. */
export function addKeywordArgument(document: SourceDocument, call: Node, keywordText: string): TextEdit | undefined {
  const args = field(call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  return insertItem(document, args, keywordText);
}

/**
 * The name under which `module.name` can be used at `use`, and the import edit when it is
 * not imported yet: reuses `from module import name [as X]` and `import module [as M]`.
 */
export function ensureImported(
  model: SemanticModel,
  module: string,
  name: string,
  use: Node,
): { localName: string; edits: TextEdit[] } {
  const wanted = `${module}.${name}`;
  for (const binding of model.importBindings) {
    if (model.bindings.lookup(binding.name, use) !== binding) continue;
    const imported = binding.imported!.qualifiedName;
    if (imported === wanted) return { localName: binding.name, edits: [] };
    if (imported === module) return { localName: `${binding.name}.${name}`, edits: [] };
  }
  const joined = joinedImport(model, module, use);
  return { localName: name, edits: [joined ? insertAt(joined.endIndex, `, ${name}`) : importInsertion(model, use, `from ${module} import ${name}`, module)] };
}

/**
 * The user's `from module import a, b` that `name` can join (as isort and Ruff would write it):
 * at module level, where it always runs (not under `if TYPE_CHECKING:` or another branch, a
 * `try`, a function), with no restart of Python between it and `use`, one line, no
 * parentheses, no `*`, in the user's text, before `use` and seen from it. The last name
 * imported there, after which `, name` goes.
 */
function joinedImport(model: SemanticModel, module: string, use: Node): Node | undefined {
  const document = model.document;
  for (const binding of model.importBindings) {
    const statement = binding.node;
    if (statement.type !== 'import_from_statement' || statement.parent?.type !== 'module' || field(statement, 'module_name')?.text !== module) continue;
    if (statement.endIndex > use.startIndex || !document.inUserText(statement.startIndex) || model.bindings.lookup(binding.name, use) !== binding) continue;
    // A restart of Python between them (a `%pip` cell, restartPython()) forgets what the import bound.
    if (restartsBetween(document, model, statement.endIndex, use.startIndex)) continue;
    if (statement.hasError || /[()*\\]/.test(statement.text) || document.positionAt(statement.startIndex).line !== document.positionAt(statement.endIndex).line) continue;
    const names = statement.childrenForFieldName('name').filter((child): child is Node => child !== null);
    return names[names.length - 1];
  }
  return undefined;
}

/**
 * ensureImported for a name that replaces `replaced` (a call's callee): where `replaced` is
 * imported by the user's `from <module> import ..., Old, ...` and this is its only use, the new
 * name takes Old's place in that import, which would otherwise be left unused (Ruff's F401).
 */
export function ensureImportedReplacing(model: SemanticModel, module: string, name: string, use: Node, replaced: Node): { localName: string; edits: TextEdit[] } {
  const imported = ensureImported(model, module, name, use);
  if (imported.edits.length === 0 || replaced.type !== 'identifier') return imported;
  const binding = model.bindings.lookup(replaced.text, replaced);
  if (binding?.kind !== 'import' || binding.node.type !== 'import_from_statement' || binding.imported?.qualifiedName !== `${module}.${replaced.text}`) return imported;
  if (!model.document.inUserText(binding.node.startIndex) || model.usesOf(binding).length !== 1) return imported;
  const written = binding.node.childrenForFieldName('name').find((child: Node | null) => child?.type === 'dotted_name' && child.text === replaced.text);
  return written ? { localName: name, edits: [replaceNode(written, name)] } : imported;
}

/**
 * The user's last import of `root` that runs before `use` in a block around it, when that
 * import is not at module level: there the package may only be importable after what the block
 * does first (a run-time pip install), or be an optional dependency imported where it is used.
 */
function nestedPackageImport(model: SemanticModel, use: Node, root: string): Node | undefined {
  let found: Node | undefined;
  for (const binding of model.importBindings) {
    const statement = binding.node;
    const block = statement.parent;
    if (!block || statement.endIndex > use.startIndex || binding.imported!.qualifiedName.split('.')[0] !== root) continue;
    if (block.startIndex > use.startIndex || use.startIndex >= block.endIndex || !model.document.inUserText(statement.startIndex)) continue;
    if (!found || statement.endIndex > found.endIndex) found = statement;
  }
  return found && found.parent?.type !== 'module' ? found : undefined;
}

/**
 * Where a new import line goes: right after the user's own import of the same package when
 * that import is inside a block around `use` (a `try:` that installs the package at run time
 * first, a function that imports an optional dependency), at its indentation; else after the
 * last module-level import before `use`, else at the top.
 */
function importInsertion(model: SemanticModel, use: Node, importLine: string, module: string): TextEdit {
  const document = model.document;
  const eol = document.eol;
  const nested = nestedPackageImport(model, use, module.split('.')[0]);
  if (nested) {
    const line = document.positionAt(nested.endIndex).line;
    const indent = /^[ \t]*/.exec(document.lineText(document.positionAt(nested.startIndex).line))![0];
    return insertAt(document.lineEnd(line), `${eol}${indent}${importLine}`);
  }
  const moduleImports = [...model.syntax.nodes('import_statement'), ...model.syntax.nodes('import_from_statement')]
    // Imports that %run brought in are not the user's text: nothing can be inserted there.
    .filter((statement) => statement.parent?.type === 'module' && statement.endIndex <= use.startIndex && document.inUserText(statement.startIndex))
    .sort((a, b) => a.endIndex - b.endIndex);
  const last = moduleImports[moduleImports.length - 1];
  // Python restarted between that import and the use (a `%pip` cell, restartPython()): the
  // import goes right above the statement that uses the name, where it runs after the restart.
  const firstCell = document.parsedCells.find((parsed) => !parsed.cell.hidden);
  const after = last?.endIndex ?? firstCell?.cell.python[0]?.start ?? use.startIndex;
  if (after < use.startIndex && restartsBetween(document, model, after, use.startIndex)) {
    let statement = use;
    while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
    const indent = /^[ \t]*/.exec(document.lineText(document.positionAt(statement.startIndex).line))![0];
    return insertAt(document.lineStarts[document.positionAt(statement.startIndex).line], `${indent}${importLine}${eol}`);
  }
  if (last) {
    const line = document.positionAt(last.endIndex).line;
    return insertAt(document.lineEnd(line), `${eol}${importLine}`);
  }
  // At the top of the first Python cell (not in a %pip cell above it), after comments and a module docstring.
  if (!firstCell) return insertAt(use.startIndex, `${importLine}${eol}`);
  let line = document.positionAt(firstCell.cell.python[0].start).line;
  const first = namedChildren(firstCell.tree.rootNode).find((child) => child.type !== 'comment');
  const docstring = first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string' ? first : undefined;
  if (docstring) line = document.positionAt(docstring.endIndex).line + 1;
  else {
    // Skip the leading comment block (a licence), blank lines, and lines that are not the
    // user's Python (a `%pip` or `%sql` cell, a cell separator, code %run brought in): an
    // import put above a cell's magic line would turn that cell into Python.
    const python = document.parsedCells.filter((parsed) => !parsed.cell.hidden).flatMap((parsed) => parsed.cell.python);
    const useLine = document.positionAt(use.startIndex).line;
    let range = 0;
    for (; line < useLine; line++) {
      const start = document.lineStarts[line];
      while (range < python.length && python[range].end <= start) range++;
      const inPython = range < python.length && python[range].start <= start;
      if (inPython && !/^\s*(?:#(?!\s*MAGIC)|$)/.test(document.lineText(line))) break;
    }
  }
  if (line >= document.lineCount) return insertAt(document.text.length, `${document.text.endsWith('\n') ? '' : eol}${importLine}${eol}`);
  return insertAt(document.lineStarts[line], `${importLine}${eol}`);
}

/** A Python string literal for `value`, with the quote character of `like` when it has a plain one. */
export function pythonString(value: string, like?: Node): string {
  const text = like?.text ?? '';
  const quote = /^['"]/.test(text) && text[0] === text[text.length - 1] ? text[0] : '"';
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(quote === '"' ? /"/g : /'/g, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}
