import type { Node, Tree } from 'web-tree-sitter';
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
  const inTree = keyInOneTree(document, range, fixes);
  const known = inTree && answersByTree.get(inTree.tree)?.get(inTree.key);
  const offered = known ?? offeredFixes(document, range, fixes);
  if (inTree && !known) {
    let answers = answersByTree.get(inTree.tree);
    if (!answers) answersByTree.set(inTree.tree, (answers = new Map()));
    answers.set(inTree.key, offered);
  }
  return fixes.filter((_, index) => offered[index]);
}

/** Which of the fixes may be offered. */
function offeredFixes(document: SourceDocument, range: OffsetRange, fixes: readonly Fix[]): boolean[] {
  if (isUnfinished(enclosingStatementPart(document, range))) return fixes.map(() => false);
  return fixes.map(
    (fix) =>
      !fix.edits.some((edit) => {
        if (breaksMagicPrefixes(document, edit)) return true;
        const part = enclosingStatementPart(document, edit);
        // An insertion before a statement (an import at the top) does not read that statement.
        if (part && edit.start === edit.end && edit.start <= part.startIndex) return false;
        return isUnfinished(part);
      }),
  );
}

/**
 * The answers for fixes that read and edit one tree only, by the tree and their offsets from
 * its first code. A tree the server keeps from one version to the next has the same text,
 * moved, so the same answers: a finding kept across keystrokes is not guarded again (walking
 * down to its statement and finding its cell took 4% of a keystroke in a 2,000-line notebook).
 */
const answersByTree = new WeakMap<Tree, Map<string, boolean[]>>();

function keyInOneTree(document: SourceDocument, range: OffsetRange, fixes: readonly Fix[]): { tree: Tree; key: string } | undefined {
  const parsed = document.parsedCellAt(range.start);
  if (!parsed) return undefined;
  // From the tree's first code, which moves with its nodes: a cell's start does not when a line
  // before its code (`!pip install ...`) is edited and the tree is kept, moved.
  const { python } = parsed.cell;
  const start = python[0].start;
  const end = python[python.length - 1].end;
  // Within the tree's code; an offset at its end may belong to the next cell's tree.
  const inside = (stretch: OffsetRange) => stretch.start >= start && stretch.start < end && stretch.end <= end;
  if (!inside(range) || !fixes.every((fix) => fix.edits.every(inside))) return undefined;
  const key = `${range.start - start},${range.end - start}:${fixes.map((fix) => fix.edits.map((edit) => `${edit.start - start},${edit.end - start},${edit.newText}`).join(';')).join('|')}`;
  return { tree: parsed.tree, key };
}
