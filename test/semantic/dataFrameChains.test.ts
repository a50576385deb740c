import * as assert from 'node:assert/strict';
import { chainCalls, isSparkSession, methodChain, startsFromSparkSession } from '../../rules/semantic/dataFrameChains';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { stringTemplate, UNKNOWN_PART } from '../../rules/semantic/stringTemplates';
import { dedent, testLinter } from '../support/linter';

async function modelOf(code: string): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse('file:///t.py', dedent(code)));
}

describe('DataFrame method chains', () => {
  it('follows names and stops at the Spark session', async () => {
    const model = await modelOf(`
      from pyspark.sql import SparkSession
      session = SparkSession.builder.appName("x").getOrCreate()
      events = session.readStream.table("e")
      parsed = events.select("a").where("a > 0")
      parsed.groupBy("a").count()
    `);
    const groupBy = model.callsNamed('groupBy')[0];
    const chain = methodChain(model, groupBy.receiver!);
    assert.equal(chain.root.text, 'session');
    assert.deepEqual(chainCalls(chain).map((site) => site.name), ['table', 'select', 'where']);
    assert.equal(startsFromSparkSession(model, chain), true);
  });

  it('a name cut short by the resolution depth limit still resolves on its own', async () => {
    // Resolving `p` reaches `spark` just past the depth limit: `spark` must not be cached as unknown.
    const model = await modelOf(`
      p = spark.a.b.c.d.e.f.g.h.i.j.k.l
      p.m()
    `);
    const use = model.callsNamed('m')[0].receiver!;
    assert.equal(model.resolveQualifiedName(use), undefined);
    const assignment = model.syntax.nodes('assignment')[0];
    let head = model.syntax.partsOfAssignment(assignment)!.right!;
    while (head.type === 'attribute') head = head.childForFieldName('object')!;
    assert.equal(head.text, 'spark');
    assert.equal(isSparkSession(model, head), true);
  });
});

describe('string templates', () => {
  const cases: Array<[string, string | undefined, boolean]> = [
    ['x = "a/b"', 'a/b', true],
    ['host = "h"\nx = f"https://{host}/serving-endpoints/{name}/invocations"', `https://h/serving-endpoints/${UNKNOWN_PART}/invocations`, false],
    ['x = base + "/serving-endpoints/e/invocations"', `${UNKNOWN_PART}/serving-endpoints/e/invocations`, false],
    ['x = "{}/serving-endpoints/{}/invocations".format(h, e)', `${UNKNOWN_PART}/serving-endpoints/${UNKNOWN_PART}/invocations`, false],
    ['T = "main.s.t"\nx = f"OPTIMIZE {T} ZORDER BY ({{c}})"', 'OPTIMIZE main.s.t ZORDER BY ({c})', true],
    ['x = f"{v!r}"', UNKNOWN_PART, false],
    ['x = compute()', undefined, false],
  ];
  for (const [code, text, exact] of cases) {
    it(code.split('\n').pop()!, async () => {
      const model = await modelOf(code);
      const assignment = model.syntax.nodes('assignment').at(-1)!;
      const template = stringTemplate(model, model.syntax.partsOfAssignment(assignment)!.right!);
      assert.equal(template?.text, text);
      if (template) assert.equal(template.exact, exact);
    });
  }
});
