/**
 * Whether a name can hold a string literal that SemanticModel.resolveValue reaches, read from
 * the text alone, for trigger conditions (engine/types' TextTest) that decide whether a file is
 * parsed at all. resolveValue follows a name only to the value of an assignment (bindings.ts:
 * `name = v`, `name: T = v`, `name := v`, `a = name = v`, and `a, name = x, v` element by
 * element); a parameter, a loop variable or an import holds no value it knows. From such a value
 * it goes on through a name alone (`token = STATIC_TOKEN`) and through an entry of a literal dict
 * or list (`token = CFG["token"]`, `CFG.get("token")`), never through a call's result or an
 * attribute. The answers may say yes where the model says no (`f(token=token\n)` reads like an
 * assignment), never the other way.
 */

/** How the value a name is bound to starts. */
export type BoundValue =
  /** A string, a bracket (a literal container, a parenthesized string), a line continuation, a chain, an unpacking. */
  | { kind: 'may-be-string' }
  /** A name alone: `token = STATIC_TOKEN`. */
  | { kind: 'name'; name: string }
  /** An entry read from a name: `token = CFG["token"]`, `CFG.get("token")`. */
  | { kind: 'entry'; of: string };

/**
 * The values a text binds `name` to, read at the first question about a name the text writes
 * (most of the texts a condition reads are asked about a few names they never write).
 */
export function nameBindingReader(text: string): (name: string) => readonly BoundValue[] {
  let unpacked: ReadonlyMap<string, BoundValue[]> | undefined;
  const answers = new Map<string, readonly BoundValue[]>();
  return (name) => {
    if (!text.includes(name)) return NONE;
    let values = answers.get(name);
    if (!values) {
      unpacked ??= readUnpacked(text);
      values = [...assignedValues(text, name), ...(unpacked.get(name) ?? [])];
      answers.set(name, values);
    }
    return values;
  };
}

/**
 * Whether `name` can hold a string literal, by the values `bindingsOf` gives (those of every
 * cell): bound to something that may be a string, to a name that may hold one, or to an entry
 * of a name that may hold a literal container. Past a few steps, yes.
 */
export function mayHoldString(name: string, bindingsOf: (name: string) => readonly BoundValue[]): boolean {
  return reaches(name, bindingsOf, new Set());
}

const NONE: readonly BoundValue[] = [];
const MAY_BE_STRING: BoundValue = { kind: 'may-be-string' };
/** As far as resolveValue follows names (MAX_RESOLUTION_DEPTH is larger; past this, the answer is yes). */
const MAX_STEPS = 12;

function reaches(name: string, bindingsOf: (name: string) => readonly BoundValue[], seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  if (seen.size >= MAX_STEPS) return true;
  seen.add(name);
  // An entry's container is asked the same question: a literal dict or list starts with a bracket, as a string may.
  return bindingsOf(name).some((value) => value.kind === 'may-be-string' || reaches(value.kind === 'name' ? value.name : value.of, bindingsOf, seen));
}

/**
 * The value starts of `name = v`, `name: T = v`, `name := v` and both names of `a = name = v`.
 * Not an empty string alone (`token = ''`, set later), which every reader of a credential takes
 * for a placeholder, and not None, True or False: a name bound only so never holds a literal
 * worth reporting. A dict's entry is read by a key (`CFG.get("token")`): `var.get(None)` is
 * another method (a ContextVar's).
 */
function assignedValues(text: string, name: string): BoundValue[] {
  const values: BoundValue[] = [];
  const assigned = new RegExp(
    String.raw`(?<![\w.])${name}(?=\s*(?::=|(?::[^=\n]*)?=(?!=))\s*(?:[rRuUbBfF]{0,2}(?!(?:''|"")[ \t]*(?:$|[#;]))["']|[([{\\]|(?!(?:None|True|False)\b)([A-Za-z_]\w*)\s*(?:($|[#;])|(=)|\[|\.\s*get\s*\(\s*(?!(?:None|True|False)\b)[\w"'])))`,
    'gm',
  );
  for (const match of text.matchAll(assigned)) {
    const [, other, alone, chained] = match;
    if (other === undefined || chained !== undefined) values.push(MAY_BE_STRING);
    else values.push(alone !== undefined ? { kind: 'name', name: other } : { kind: 'entry', of: other });
  }
  return values;
}

/** The names of target lists (`a, name = ...`), each bound to an element that may be a string, unless the value is one call (`host, token = _get_auth()`). */
function readUnpacked(text: string): Map<string, BoundValue[]> {
  const names = new Map<string, BoundValue[]>();
  for (const match of text.matchAll(UNPACKED)) {
    const end = match.index + match[0].length;
    const lineEnd = text.indexOf('\n', end);
    if (ONE_CALL_ASSIGNED.test(text.slice(end, lineEnd < 0 ? text.length : lineEnd))) continue;
    for (const target of (match[1] ?? match[2]).split(',')) {
      const name = target.replace(/[\s\\]/g, '');
      names.set(name, [...(names.get(name) ?? []), MAY_BE_STRING]);
    }
  }
  return names;
}

/**
 * The rest of an unpacking's line when its value is one call with no bracket in its arguments: a
 * call's result, never unpacked element by element. Each run of blanks ends at a character that
 * must be there (runs side by side split a long blank stretch every way).
 */
const ONE_CALL_ASSIGNED = /^[ \t]*(?:,[ \t]*)?(?:[)\]][ \t]*)?=[ \t]*[A-Za-z_][\w.]*[ \t]*\([^()\n]*\)[ \t]*(?:#.*)?\r?$/;

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
