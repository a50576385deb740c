import type { Node } from 'web-tree-sitter';
import { field, withItemValues } from '../engine/syntax';

/** `pytest.raises(...)`, `raises(...)` imported from pytest, `self.assertRaises(...)` / `assertRaisesRegex(...)`. */
const EXPECTS_ERROR = /^(?:(?:pytest\.)?raises|self\.assertRaises(?:Regex|Regexp)?)$/;

/**
 * Whether `node` runs inside a block that expects it to raise (`with pytest.raises(MlflowException):`):
 * a test of the error a trap causes, where the trap is the point.
 */
export function expectsError(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition') return false;
    if (current.type !== 'with_statement') continue;
    for (const call of withItemValues(current)) {
      const callee = call.type === 'call' ? field(call, 'function') : undefined;
      if (callee && EXPECTS_ERROR.test(callee.text)) return true;
    }
  }
  return false;
}
