/**
 * The names a text may bind to a value that SemanticModel.resolveValue can follow to a string
 * literal, read from the text alone, for trigger conditions (engine/types' TextTest) that decide
 * whether a file is parsed at all. resolveValue follows a name only to the value of an assignment
 * (bindings.ts: `name = v`, `name: T = v`, `name := v`, `a = name = v`, and `a, name = x, v`
 * element by element); a parameter, a loop variable or an import holds no value it knows. The
 * value must start like something that can end in a string: a string, a bracket (a literal
 * container subscripted in place, a parenthesized string), a line continuation, or a name alone,
 * subscripted, read with `.get(...)` or assigned in turn. The answer may name more than the
 * model binds (`f(token=token\n)` reads like an assignment), never fewer.
 */
export function namesBoundInText(text: string): Set<string> {
  return readNamesBound(text);
}

/**
 * `namesBoundInText(text).has(name)` for a text asked about a few names, most of which it never
 * writes: the text is read once, at the first name it writes, and not at all for the others.
 */
export function nameBindingTest(text: string): (name: string) => boolean {
  let bound: Set<string> | undefined;
  return (name) => text.includes(name) && (bound ??= readNamesBound(text)).has(name);
}

function readNamesBound(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(ASSIGNED)) names.add(match[1]);
  for (const match of text.matchAll(UNPACKED)) {
    for (const name of (match[1] ?? match[2]).split(',')) names.add(name.replace(/[\s\\]/g, ''));
  }
  return names;
}

/**
 * What the value of such an assignment starts with. Not an empty string alone (`token = ''`,
 * set later), which every reader of a credential takes for a placeholder, and not None, True or
 * False: a name bound only so can never hold a literal worth reporting. A dict's entry is read
 * by a key (`CFG.get("token")`): `var.get(None)` is another method (a ContextVar's).
 */
const VALUE_START = String.raw`\s*(?:[rRuUbBfF]{0,2}(?!(?:''|"")[ \t]*(?:$|[#;]))["']|[([{\\]|(?!(?:None|True|False)\b)[A-Za-z_]\w*\s*(?:$|[#;[=]|\.\s*get\s*\(\s*(?!(?:None|True|False)\b)[\w"']))`;

/**
 * `name = v`, `name: T = v`, `name := v`, and both names of `a = name = v`: the match is the name
 * alone (the rest is looked ahead at), so the next search starts right after it.
 */
const ASSIGNED = new RegExp(String.raw`(?<![\w.])([A-Za-z_]\w*)(?=\s*(?::=|(?::[^=\n]*)?=(?!=))${VALUE_START})`, 'gm');

/**
 * `a, name = ...` or `(name, b) = ...` at a statement's start: a target list of plain names with a
 * comma. Without brackets the list stays on its line (a continuation aside): the names that end
 * lines of a call's arguments before a keyword (`f(\n    token,\n    path=p)`) are no targets.
 * Each run of blanks is bounded by a character that must be there: runs side by side would be
 * split every way over a long blank stretch (cubic).
 */
const BLANKS = String.raw`(?:[ \t]|\\\r?\n)*`;
const NAME_LIST = (blanks: string) => String.raw`((?:[A-Za-z_]\w*${blanks},${blanks})+[A-Za-z_]\w*)`;
const UNPACKED = new RegExp(
  String.raw`(?:^|;)[ \t]*(?:${NAME_LIST(BLANKS)}(?=${BLANKS}(?:,${BLANKS})?=(?!=))|[([]\s*${NAME_LIST(String.raw`\s*`)}(?=\s*(?:,\s*)?[)\]]\s*=(?!=)))`,
  'gm',
);
