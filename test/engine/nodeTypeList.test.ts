import * as assert from 'node:assert/strict';
import { NodeTypeList } from '../../rules/engine/nodeTypeList';
import { loadPythonParser } from '../../rules/engine/parser';

describe('node type lists for descendantsOfType', () => {
  it('answers includes from its names, stays an array, and finds the same nodes as a plain list', async () => {
    const names = ['call', 'lambda', 'assignment', 'for_in_clause'];
    const list = NodeTypeList.holding(names);
    assert.ok(Array.isArray(list));
    assert.deepEqual([...list], names);
    assert.equal(list.includes('lambda'), true);
    assert.equal(list.includes('identifier'), false);
    const parser = await loadPythonParser();
    const tree = parser.parse('f = lambda x: [g(y) for y in x]\nh(f)\n')!;
    try {
      const found = (types: string[]) => tree.rootNode.descendantsOfType(types).map((node) => `${node?.type}@${node?.startIndex}`);
      const expected = found(names);
      // The keyword `lambda` is a node of type "lambda" too: both lists find it, in the same order.
      assert.deepEqual(expected, ['assignment@0', 'lambda@4', 'lambda@4', 'call@15', 'for_in_clause@20', 'call@32']);
      assert.deepEqual(found(list), expected);
    } finally {
      tree.delete();
    }
  });
});
