/**
 * Whether a text may bind `name` to a value that SemanticModel.resolveValue can follow to a
 * string literal, read from the text alone, for trigger conditions (engine/types' TextTest) that
 * decide whether a file is parsed at all. resolveValue follows a name only to the value of an
 * assignment (bindings.ts: `name = v`, `name: T = v`, `name := v`, `a = name = v`, and `a, name =
 * x, v` element by element); a parameter, a loop variable or an import holds no value it knows.
 * The value must start like something that can end in a string: a string, a bracket (a literal
 * container subscripted in place, a parenthesized string), a line continuation, or a name alone,
 * subscripted, read with `.get(...)` or assigned in turn. The answer may be yes where the model's
 * is no (`f(token=token\n)` reads like an assignment), never the other way.
 */
export function bindsNameInText(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return assignedHere(escaped).test(text) || unpackedHere(escaped).test(text);
}

/** What the value of such an assignment starts with. */
const VALUE_START = String.raw`\s*(?:[rRuUbBfF]{0,2}["']|[([{\\]|[A-Za-z_]\w*\s*(?:$|[#;[=]|\.\s*get\s*\())`;

/** `name = v`, `name: T = v`, `name := v`, and the `name = v` of `a = name = v`. */
function assignedHere(name: string): RegExp {
  return new RegExp(String.raw`(?<![\w.])${name}\s*(?::=|(?::[^=\n]*)?=(?!=))${VALUE_START}`, 'm');
}

/** `a, name = ...` or `(name, b) = ...` at a statement's start: a target list of plain names with a comma. */
function unpackedHere(name: string): RegExp {
  const other = String.raw`[A-Za-z_]\w*`;
  const targets = String.raw`(?:(?:${other}\s*,\s*)+${name}(?:\s*,\s*${other})*|${name}(?:\s*,\s*${other})+)`;
  // Each run of blanks is bounded by a character that must be there: runs side by side would be
  // split every way over a long blank stretch (cubic).
  return new RegExp(String.raw`(?:^|;)[ \t]*(?:[([][ \t]*)?${targets}\s*(?:,\s*)?(?:[)\]]\s*)?=(?!=)`, 'm');
}
