import * as assert from 'node:assert/strict';
import { loadPythonParser } from '../../rules/engine/parser';
import { field, namedChildren } from '../../rules/engine/syntax';
import { argument, callArgumentEntries, positionalArguments } from '../../rules/semantic/calls';

describe('call arguments: a backslash that continues a line inside the parentheses is not an argument', () => {
  it('reads the keywords and positions around line continuations and comments', async () => {
    const parser = await loadPythonParser();
    const tree = parser.parse('f(a, \\\n  b,  # the second\n  c=1, \\\n  d=2)\n');
    try {
      const call = namedChildren(namedChildren(tree.rootNode)[0])[0];
      assert.equal(call.type, 'call');
      // The grammar does put the continuations among the argument list's named nodes.
      assert.deepEqual(field(call, 'arguments')!.namedChildren.map((node) => node?.type), ['identifier', 'line_continuation', 'identifier', 'comment', 'keyword_argument', 'line_continuation', 'keyword_argument']);
      assert.deepEqual(callArgumentEntries(call).map((entry) => entry.keyword ?? entry.node.text), ['a', 'b', 'c', 'd']);
      assert.deepEqual(positionalArguments(call).map((node) => node.text), ['a', 'b']);
      assert.equal(argument(call, 'd')?.text, '2');
    } finally {
      tree.delete();
    }
  });
});
