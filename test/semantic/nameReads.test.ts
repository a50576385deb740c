import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { dedent, testLinter } from '../support/linter';

/**
 * Which identifiers read a variable: `x = 1` at the top, then one line per case. The line reads
 * `x` (the module binding can reach it) or only spells the name.
 */
const cases: Array<[string, string, boolean]> = [
  ['a call argument', 'print(x)', true],
  ['a keyword argument value', 'f(k=x)', true],
  ['the keyword of a keyword argument', 'f(x=2)', false],
  ['the keyword of a class argument', 'class C(x=2): pass', false],
  ['the object of an attribute', 'x.y', true],
  ['the attribute of an attribute', 'obj.x', false],
  ['an augmented assignment', 'x += 1', true],
  ['a del statement', 'del x', true],
  ['an item set (it changes the value)', 'x[0] = 1', true],
  ['an assignment target', 'x = 2', false],
  ['a tuple target', 'a, x = 1, 2', false],
  ['a starred target', 'a, *x = 1, 2, 3', false],
  ['a for target', 'for x in []: pass', false],
  ['a for loop iterating it', 'for y in x: pass', true],
  ['a comprehension over it', '[y for y in x]', true],
  ['an import', 'import x', false],
  ['an imported name', 'from m import x', false],
  ['an import source', 'from x import y', false],
  ['an import alias', 'import m as x', false],
  ['a def name', 'def x(): pass', false],
  ['a class name', 'class x: pass', false],
  ['a parameter', 'def g(x): pass', false],
  ['a keyword-only default parameter', 'def g(*, x=1): pass', false],
  ['a default value', 'def g(y=x): pass', true],
  ['a typed parameter', 'def g(x: int): pass', false],
  ['a splat parameter', 'def g(*x, **kw): pass', false],
  ['a lambda parameter', 'lambda x: 0', false],
  ['a with target', 'with open("f") as x: pass', false],
  ['a with subject', 'with x: pass', true],
  ['a with subject bound to a name', 'with x as y: pass', true],
  ['an except class bound to a name', 'try:\n    pass\nexcept x as e:\n    pass', true],
  ['an except target', 'try:\n    pass\nexcept E as x:\n    pass', false],
  ['a global statement', 'def g():\n    global x', false],
  ['a walrus target', '(x := 5)', false],
  ['a walrus value', '(y := x)', true],
  ['a decorator', '@x\ndef g(): pass', true],
  ['a dotted value pattern', 'match v:\n    case x.RED: pass', true],
  ['a keyword pattern', 'match v:\n    case P(x=1): pass', false],
  ['a class pattern', 'match v:\n    case x(): pass', true],
  ['a capture pattern', 'match v:\n    case [x, *rest]: pass', false],
  ['a star capture', 'match v:\n    case [a, *x]: pass', false],
  ['an as pattern alias', 'match v:\n    case P() as x: pass', false],
];

describe('reads of a variable (mayRead, usesOf)', () => {
  for (const [name, line, reads] of cases) {
    it(`${name}: ${reads ? 'reads' : 'does not read'} x`, async () => {
      const linter = await testLinter();
      const model = new SemanticModel(linter.parse('file:///t.py', dedent(`x = 1\n${line}\n`)));
      const [binding] = model.bindings.all('x');
      const readLines = (nodes: ReturnType<SemanticModel['mayRead']>) => nodes.filter((node) => node.startPosition.row > 0).length > 0;
      assert.equal(readLines(model.mayRead(binding)), reads, 'mayRead');
      if (!reads) assert.equal(readLines(model.usesOf(binding)), false, 'usesOf');
    });
  }
});
