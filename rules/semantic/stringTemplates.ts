import type { Node } from 'web-tree-sitter';
import { codeChildren, field, namedChildren, unparenthesize } from '../engine/syntax';
import type { SemanticModel } from './semanticModel';
import { literalString } from './values';

/**
 * The text a string expression will have, as far as the file tells: f-strings, `a + b`
 * concatenation and `"...".format(...)` keep their literal parts, and names bound to strings
 * earlier are followed. Parts computed at run time stand as UNKNOWN_PART, so that a rule can
 * still see `/serving-endpoints/` in `f"{host}/serving-endpoints/{name}/invocations"`.
 */

/** Stands for a part of the text that is only known at run time. */
export const UNKNOWN_PART = '\u0000';

export interface StringTemplate {
  text: string;
  /** Every part is known: `text` is the exact value. */
  exact: boolean;
}

const MAX_DEPTH = 8;

export function stringTemplate(model: SemanticModel, node: Node | undefined, depth = 0): StringTemplate | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const expr = model.resolveValue(node);
  const plain = literalString(expr);
  if (plain !== undefined) return { text: plain, exact: true };
  if (expr.type === 'string') return interpolatedString(model, expr, depth);
  if (expr.type === 'concatenated_string') return joined(model, codeChildren(expr), depth);
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '%') {
    // `"models:/%s/Production" % name`: printf-style fields are run-time parts.
    const template = stringTemplate(model, field(expr, 'left'), depth + 1);
    if (!template) return undefined;
    const text = template.text.replace(/%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[sdifrxXeEgGcaou%]/g, (spec) => (spec === '%%' ? '%' : UNKNOWN_PART));
    return { text, exact: false };
  }
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    if (!left || !right) return undefined;
    const parts = joined(model, [left, right], depth);
    return parts && parts.text.replaceAll(UNKNOWN_PART, '') !== '' ? parts : undefined;
  }
  if (expr.type === 'call') {
    // `"{}/serving-endpoints/{}/invocations".format(host, name)`: the literal parts stay.
    const callee = field(expr, 'function');
    if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format') {
      const receiver = field(callee, 'object');
      const template = receiver ? stringTemplate(model, receiver, depth + 1) : undefined;
      if (template) return { text: template.text.replace(/\{[^{}]*\}/g, UNKNOWN_PART), exact: false };
    }
  }
  return undefined;
}

function joined(model: SemanticModel, parts: Node[], depth: number): StringTemplate {
  let text = '';
  let exact = true;
  for (const part of parts) {
    const template = stringTemplate(model, part, depth + 1);
    text += template ? template.text : UNKNOWN_PART;
    exact &&= !!template?.exact;
  }
  return { text, exact };
}

function interpolatedString(model: SemanticModel, expr: Node, depth: number): StringTemplate | undefined {
  const prefix = expr.firstChild?.type === 'string_start' ? expr.firstChild.text.replace(/["']/g, '') : '';
  if (/[bB]/.test(prefix)) return undefined;
  let text = '';
  let exact = true;
  for (const child of namedChildren(expr)) {
    if (child.type === 'string_content') {
      text += child.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    } else if (child.type === 'interpolation') {
      const inner = field(child, 'expression') ?? namedChildren(child)[0];
      // A format spec or conversion (`{x!r}`, `{x:>5}`) changes the text: unknown.
      const plainInterpolation = namedChildren(child).length === 1;
      const template = inner && plainInterpolation ? stringTemplate(model, unparenthesize(inner), depth + 1) : undefined;
      text += template ? template.text : UNKNOWN_PART;
      exact &&= !!template?.exact;
    }
  }
  return { text, exact };
}

/** A piece of a string built at run time: literal text, or the expression that fills a field. */
export type TemplatePart = { text: string } | { expression: Node };

/**
 * A string built at run time as written, piece by piece: an f-string's text and
 * interpolations, `"...{}...".format(a)` and `"...%s..." % a` with their arguments in the
 * fields, `a + b` joined. Names bound to such strings are followed. Undefined when a field's
 * expression cannot be told (`{0:{width}}`, `**kwargs`, a `%(name)s` mapping).
 */
export function templateParts(model: SemanticModel, node: Node, depth = 0): TemplatePart[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expr = unparenthesize(model.resolveValue(node));
  const plain = literalString(expr);
  if (plain !== undefined) return [{ text: plain }];
  if (expr.type === 'string') {
    const parts: TemplatePart[] = [];
    for (const child of namedChildren(expr)) {
      if (child.type === 'string_content') parts.push({ text: child.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') });
      else if (child.type === 'interpolation') {
        const inner = field(child, 'expression') ?? namedChildren(child)[0];
        if (!inner) return undefined;
        parts.push({ expression: unparenthesize(inner) });
      }
    }
    return parts;
  }
  if (expr.type === 'binary_operator') {
    const operator = field(expr, 'operator')?.text;
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    if (!left || !right) return undefined;
    if (operator === '+') {
      const side = (part: Node) => templateParts(model, part, depth + 1) ?? [{ expression: unparenthesize(part) }];
      return [...side(left), ...side(right)];
    }
    if (operator === '%') {
      const format = literalString(unparenthesize(model.resolveValue(left)));
      const operand = unparenthesize(right);
      const values = operand.type === 'tuple' ? codeChildren(operand) : [operand];
      return format === undefined ? undefined : fillFields(format, /%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[sdifrxXeEgGcaou%]/g, (field, index) => (field === '%%' ? '%' : field.includes('(') ? undefined : values[index]));
    }
    return undefined;
  }
  const callee = expr.type === 'call' ? field(expr, 'function') : undefined;
  if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format') {
    const receiver = field(callee, 'object');
    const format = receiver ? literalString(unparenthesize(model.resolveValue(receiver))) : undefined;
    const args = field(expr, 'arguments');
    const given = args ? codeChildren(args) : [];
    if (format === undefined || given.some((arg) => arg.type.endsWith('splat'))) return undefined;
    const positional = given.filter((arg) => arg.type !== 'keyword_argument');
    const keyword = new Map(given.filter((arg) => arg.type === 'keyword_argument').map((arg) => [field(arg, 'name')?.text ?? '', field(arg, 'value') ?? undefined]));
    // Read left to right as Python does: `{{` and `}}` are braces, `{...}` a field.
    return fillFields(format, /\{\{|\}\}|\{[^{}]*\}/g, (written, index) => {
      if (written === '{{' || written === '}}') return written[0];
      const name = written.slice(1, -1).split(/[!:]/)[0];
      if (written.slice(1, -1) !== name) return undefined;
      if (name === '') return positional[index];
      return /^\d+$/.test(name) ? positional[Number(name)] : keyword.get(name);
    });
  }
  return undefined;
}

/**
 * The parts of a format string whose fields `fill` gives: an expression for a field (counted
 * in order: `{}` and `%s` take the next argument), text for an escape, undefined when a field
 * cannot be told.
 */
function fillFields(format: string, fields: RegExp, fill: (field: string, index: number) => Node | string | undefined): TemplatePart[] | undefined {
  const parts: TemplatePart[] = [];
  let from = 0;
  let index = 0;
  for (const match of format.matchAll(fields)) {
    if (match.index > from) parts.push({ text: format.slice(from, match.index) });
    from = match.index + match[0].length;
    const filled = fill(match[0], index);
    if (filled === undefined) return undefined;
    if (typeof filled === 'string') parts.push({ text: filled });
    else {
      parts.push({ expression: unparenthesize(filled) });
      index++;
    }
  }
  if (from < format.length) parts.push({ text: format.slice(from) });
  return parts;
}
