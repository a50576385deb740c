import type { Node } from 'web-tree-sitter';
import type { OffsetRange, SourceDocument } from './sourceDocument';
import { ancestorsOf } from './syntax';
import type { Fix } from './types';

/**
 * Fixes that are never wrong (the spec's "Fixes" principle): no fix is offered where the
 * statement it reads or edits does not parse, or still holds a course placeholder
 * (`<FILL_IN>`, `FILL_IN`, `...` in place of an argument or a value). Such code is half
 * written; a fix built from it would guess. Applied by the engine to every rule's fixes.
 */

const COMPOUND_STATEMENTS = new Set([
  'with_statement',
  'if_statement',
  'for_statement',
  'while_statement',
  'try_statement',
  'function_definition',
  'class_definition',
  'decorated_definition',
  'match_statement',
]);

/** Where an ellipsis stands for something still to write, not for a stub body or a slice. */
const PLACEHOLDER_PARENTS = new Set(['argument_list', 'keyword_argument', 'list', 'tuple', 'set', 'pair', 'assignment', 'return_statement']);

const PLACEHOLDER_WORD = /\bFILL_IN\b|<\s*FILL[ _-]?IN\s*>/i;

/**
 * The part of the code a range belongs to: its innermost simple statement, or for a range in
 * the header of a compound statement (`with mlflow.start_run() as run:`) that header part only.
 */
function enclosingStatementPart(document: SourceDocument, range: OffsetRange): Node | undefined {
  const smallest = document.nodeAt(range.start, Math.max(range.start, range.end));
  if (!smallest) return undefined;
  // The lowest node (the smallest itself or an ancestor) whose parent is a module or a block;
  // the ancestors read in one descent (a walk up with `parent` is quadratic in depth).
  const chain = ancestorsOf(smallest);
  let node = chain[0];
  for (let index = chain.length - 1; index >= 1; index--) {
    if (chain[index - 1].type === 'module' || chain[index - 1].type === 'block') {
      node = chain[index];
      break;
    }
  }
  if (node.type === 'module') return undefined;
  if (!COMPOUND_STATEMENTS.has(node.type)) return node;
  for (const child of node.children) {
    if (child && child.type !== 'block' && child.startIndex <= range.start && range.end <= child.endIndex) return child;
  }
  return undefined;
}

function hasPlaceholder(node: Node): boolean {
  const text = node.text;
  if (PLACEHOLDER_WORD.test(text)) return true;
  // An ellipsis is the token `...`: without it in the text the tree need not be walked.
  if (!text.includes('...')) return false;
  for (const ellipsis of node.descendantsOfType('ellipsis')) {
    if (ellipsis?.parent && PLACEHOLDER_PARENTS.has(ellipsis.parent.type)) return true;
  }
  return false;
}

function isUnfinished(part: Node | undefined): boolean {
  return !!part && (part.hasError || hasPlaceholder(part));
}

/** The fixes that may be offered for a finding at `range`: none when its code is unfinished. */
/**
 * An edit in an export's `# MAGIC %python` cell that adds a line or joins two: the new line
 * would lack its `# MAGIC ` prefix (Databricks would no longer read it as part of the cell), so
 * such a fix is not offered there; an edit within one line keeps every prefix.
 */
function breaksMagicPrefixes(document: SourceDocument, edit: OffsetRange & { newText?: string }): boolean {
  const cell = document.program.cells.find((candidate) => candidate.prefixedPython && candidate.start <= edit.start && edit.start < candidate.end);
  if (!cell) return false;
  return /[\n\r]/.test(edit.newText ?? '') || /[\n\r]/.test(document.text.slice(edit.start, edit.end));
}

export function guardFixes(document: SourceDocument, range: OffsetRange, fixes: readonly Fix[]): Fix[] {
  if (fixes.length === 0) return [];
  if (isUnfinished(enclosingStatementPart(document, range))) return [];
  return fixes.filter((fix) =>
    !fix.edits.some((edit) => {
      if (breaksMagicPrefixes(document, edit)) return true;
      const part = enclosingStatementPart(document, edit);
      // An insertion before a statement (an import at the top) does not read that statement.
      if (part && edit.start === edit.end && edit.start <= part.startIndex) return false;
      return isUnfinished(part);
    }),
  );
}
