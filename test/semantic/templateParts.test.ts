import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { templateParts } from '../../rules/semantic/stringTemplates';
import { dedent, testLinter } from '../support/linter';

/** The parts of the value the last assignment binds, fields shown as `{expression}`. */
async function partsOf(code: string): Promise<string | undefined> {
  const linter = await testLinter();
  const model = new SemanticModel(linter.parse('file:///t.py', dedent(code)));
  const last = model.syntax.nodes('assignment').at(-1);
  const value = last && model.syntax.partsOfAssignment(last)?.right;
  const parts = value && templateParts(model, value);
  return parts?.map((part) => ('text' in part ? part.text : `{${part.expression.text}}`)).join('|');
}

describe('templateParts: a string built at run time, text and fields in order', () => {
  const cases: Array<[string, string | undefined]> = [
    ['s = "plain"', 'plain'],
    ['s = f"name=\'{model_name}\' and {{x}}"', "name='|{model_name}|' and {x}"],
    ['s = "{}/{}.bin".format(base, run_id)', '{base}|/|{run_id}|.bin'],
    ['s = "{1}-{0}-{tag}".format(a, b, tag=t)', '{b}|-|{a}|-|{t}'],
    ['s = "{{{}}}".format(a)', '{|{a}|}'],
    ['s = "%s/%d%%" % (root, n)', '{root}|/|{n}|%'],
    ['s = "name=\'%s\'" % model_name', "name='|{model_name}|'"],
    ['s = base + "/models/" + name', '{base}|/models/|{name}'],
    ['fmt = "{}/x"\ns = fmt.format(root)', '{root}|/x'],
    // Fields whose expression cannot be told: a format spec, a mapping, **kwargs.
    ['s = "{0:>5}".format(a)', undefined],
    ['s = "%(name)s" % values', undefined],
    ['s = "{a}".format(**values)', undefined],
  ];
  for (const [code, expected] of cases) {
    it(code.replace(/\n/g, '; '), async () => assert.equal(await partsOf(code), expected));
  }
});
