import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { ANY_KEY, pathsMeet } from '../../rules/semantic/valuePaths';
import { dedent, testLinter } from '../support/linter';

async function modelOf(code: string): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse('file:///t.py', dedent(code)));
}

/** The first list literal written on the line holding `marker`. */
function listOn(model: SemanticModel, marker: string): Node {
  const line = model.document.text.split('\n').findIndex((text) => text.includes(marker));
  const list = model.nodesAroundText(['['], 'list').find((node) => node.startPosition.row === line);
  assert.ok(list, `no list on the line of ${marker}`);
  return list;
}

// A literal bound to a name, then changed in place where it sits (SemanticModel.isChangedInPlace),
// and the changes of other parts of the value that leave it as written.
describe('literals changed in place after they are written', () => {
  const cases: Array<[string, string, boolean]> = [
    ['an append through the keys that lead to it', 'cfg = {"a": {"routes": [1]}}  # here\ncfg["a"]["routes"].append(2)', true],
    ['an item set by index inside it', 'cfg = {"a": {"routes": [{"p": 1}]}}  # here\ncfg["a"]["routes"][0]["p"] = 2', true],
    ['the key above it replaced', 'cfg = {"a": {"routes": [1]}}  # here\ncfg["a"] = {}', true],
    ['another key of the same value', 'cfg = {"a": {"routes": [1]}, "name": "x"}  # here\ncfg["name"] = "y"', false],
    ['a sibling list appended to', 'cfg = {"a": {"routes": [1]}, "b": []}  # here\ncfg["b"].append(2)', false],
    ['another name for the part', 'cfg = {"a": {"routes": [1]}}  # here\nroutes = cfg["a"]["routes"]\nroutes.append(2)', true],
    ['another name for a sibling part', 'cfg = {"a": {"routes": [1]}, "b": []}  # here\nother = cfg["b"]\nother.append(2)', false],
    ['a loop variable over it', 'cfg = {"routes": [{"p": 0}]}  # here\nfor route in cfg["routes"]:\n    route["p"] = 50', true],
    ['an attribute of an object a class builds', 'tc = TrafficConfig(routes=[1])  # here\ntc.routes.append(2)', true],
    ['the result of a call that is no class', 'r = requests.put(json=[1])  # here\nr.append(2)', false],
    ['nothing changes it', 'cfg = {"routes": [1]}  # here\nprint(cfg)', false],
  ];
  for (const [name, code, changed] of cases) {
    it(`${name}: ${changed ? 'changed' : 'as written'}`, async () => {
      const model = await modelOf(code);
      assert.equal(model.isChangedInPlace(listOn(model, '# here')), changed);
    });
  }

  it('paths meet when one leads into the other, any key matching any', () => {
    assert.equal(pathsMeet(['a', 'routes'], ['a']), true);
    assert.equal(pathsMeet(['a', 'routes'], ['a', 'routes', ANY_KEY, 'p']), true);
    assert.equal(pathsMeet(['a', 'routes'], ['b']), false);
    assert.equal(pathsMeet([ANY_KEY, 'p'], ['x', 'q']), false);
    assert.equal(pathsMeet([], ['anything']), true);
  });
});
