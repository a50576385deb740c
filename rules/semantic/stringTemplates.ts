import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
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
  if (expr.type === 'concatenated_string') return joined(model, namedChildren(expr), depth);
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
