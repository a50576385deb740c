import type { Node, Tree } from 'web-tree-sitter';
import { hasError } from './programParser';
import { namedChildren } from './syntax';

/**
 * Whether Python 3 compiles a cell's code, as far as its tree tells: no syntax error, and none
 * of the shapes that tree-sitter-python reads without an error where CPython 3 refuses them:
 * - Python 2 statements (`print "x"`, `exec "code"`), `except E, e:`, long literals (`5L`);
 * - an assignment whose value starts on a later line with no backslash (`x = # TODO` then
 *   `y = 1`: tree-sitter reads `x = y = 1`);
 * - top-level statements that start at different columns (an unexpected indent).
 * A notebook cell that does not compile never runs (engine/linter hides its findings).
 * Read once per tree: a tree moved by an edit is the same object.
 */
export function compiles(tree: Tree, text: string): boolean {
  let answer = answers.get(tree);
  if (answer === undefined) answers.set(tree, (answer = !hasError(tree) && !refusedByPython3(tree.rootNode, text)));
  return answer;
}

const answers = new WeakMap<Tree, boolean>();

/** `text` is the program text the tree's offsets point into. */
function refusedByPython3(root: Node, text: string): boolean {
  const code = text.slice(root.startIndex, root.endIndex);
  // One walk of the tree for the node kinds below (each walk crosses into WebAssembly), where
  // the text can hold one of the shapes: most cells hold none, and the walk was
  // 7% of the lint of a course's small lessons.
  if (SUSPECT_TEXT.test(code)) {
    for (const node of root.descendantsOfType(SUSPECT_TYPES)) {
      if (!node) continue;
      if (node.type === 'print_statement' || node.type === 'exec_statement') return true;
      if (node.type === 'except_clause') {
        if (node.childrenForFieldName('value').length > 1) return true;
      } else if (valueOnALaterLine(node, text)) return true;
    }
  }
  if (/\b\d+[lL]\b/.test(code) && root.descendantsOfType('integer').some((integer) => integer !== null && /[lL]$/.test(integer.text))) return true;
  return indentedUnexpectedly(root, text);
}

const SUSPECT_TYPES = ['print_statement', 'exec_statement', 'except_clause', 'assignment', 'augmented_assignment'];

/**
 * Text without which none of SUSPECT_TYPES' shapes can occur: `print` or `exec` not followed by
 * `(` (a statement), `except` with a comma before its colon, an `=` that ends its line (before
 * a comment). A superset: a match only means the tree is walked.
 */
const SUSPECT_TEXT = /\b(?:print|exec)\b(?![ \t]*\()|\bexcept\b[^:\r\n]*,|=[ \t]*(?:#[^\r\n]*)?[\r\n]/;

/** `x =` with its value on a later line, the line not continued by a backslash. */
function valueOnALaterLine(assignment: Node, text: string): boolean {
  const right = assignment.childForFieldName('right');
  const operator = right?.previousSibling;
  if (!right || !operator) return false;
  // Between the operator and the value, anything but backslash-continued blank line ends.
  const gap = text.slice(operator.endIndex, right.startIndex);
  return /[\r\n]/.test(gap) && !/^(?:[ \t]*\\\r?\n)*[ \t]*$/.test(gap);
}

/**
 * A top-level statement that starts a line at another column than the first statement. Only
 * statements with nothing but blanks before them on their line count: after `x = 1;`, after
 * `%time ` (IPython times the statement) or a `# MAGIC ` prefix the column says nothing.
 */
function indentedUnexpectedly(root: Node, text: string): boolean {
  let column: number | undefined;
  for (const statement of namedChildren(root)) {
    if (statement.type === 'comment') continue;
    const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
    if (!/^[ \t]*$/.test(text.slice(lineStart, statement.startIndex))) continue;
    const at = statement.startIndex - lineStart;
    if (column === undefined) column = at;
    else if (at !== column) return true;
  }
  return false;
}
