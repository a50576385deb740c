import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { SemanticModel } from '../rules/semantic/semanticModel';
import { sequenceElements, stringList, stringLiteralValue, stringValue } from '../rules/semantic/values';
import { readPipRequirements } from '../rules/semantic/notebook';
import { dedent, testLinter } from './support/linter';

async function modelOf(code: string): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse('file:///t.py', dedent(code)));
}

function callNamed(model: SemanticModel, name: string, index = 0): Node {
  const site = model.callsNamed(name)[index];
  assert.ok(site, `no call named ${name}`);
  return site.node;
}

describe('semantic layer', () => {
  describe('qualified names through imports', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['from pyspark.ml.feature import StringIndexer as SI\nSI()', 'SI', 'pyspark.ml.feature.StringIndexer'],
      ['import pyspark.ml.feature as F\nF.StringIndexer()', 'StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['import mlflow.pyfunc\nmlflow.pyfunc.log_model()', 'log_model', 'mlflow.pyfunc.log_model'],
      ['import mlflow\nmlflow.pyfunc.log_model()', 'log_model', 'mlflow.pyfunc.log_model'],
      ['from mlflow import MlflowClient\nc = MlflowClient()\nc.get_run()', 'get_run', 'mlflow.MlflowClient.get_run'],
      ['from pyspark.ml.feature import *\nStringIndexer()', 'StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['class StringIndexer:\n    pass\nStringIndexer()', 'StringIndexer', undefined],
      ['StringIndexer()', 'StringIndexer', undefined],
      ['from pyspark.ml.feature import StringIndexer\nStringIndexer = object\nStringIndexer()', 'StringIndexer', undefined],
      ['spark.read.table("t")', 'table', 'databricks.globals.spark.read.table'],
      ['def f():\n    import mlflow\n    mlflow.log_metric()\nmlflow.log_param()', 'log_param', undefined],
      // The binding in effect is the last one in the source, whatever its kind.
      ['def StringIndexer():\n    pass\nfrom pyspark.ml.feature import StringIndexer\nStringIndexer()', 'StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['from pyspark.ml.feature import StringIndexer\nclass StringIndexer:\n    pass\nStringIndexer()', 'StringIndexer', undefined],
      ['from mlflow import MlflowClient as C\nimport mlflow.tracking\nfrom mlflow.tracking import MlflowClient as C\nC()', 'C', 'mlflow.tracking.MlflowClient'],
      ['from pyspark.ml.feature import PCA as P\nimport sklearn.decomposition as P\nP.PCA()', 'PCA', 'sklearn.decomposition.PCA'],
      // Several star imports: the name comes from the last module that binds it.
      ['from pyspark.ml.feature import *\nfrom pyspark.ml.regression import *\nStringIndexer()', 'StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['from pyspark.ml.feature import *\nfrom pyspark.ml.regression import *\nLinearRegression()', 'LinearRegression', 'pyspark.ml.regression.LinearRegression'],
      ['from pyspark.ml.regression import *\nfrom pyspark.ml.feature import *\nLinearRegression()', 'LinearRegression', 'pyspark.ml.regression.LinearRegression'],
      // A module of unknown contents after one known to bind the name: either may, so neither is assumed.
      ['from pyspark.ml.feature import *\nfrom mylib.stages import *\nStringIndexer()', 'StringIndexer', undefined],
      ['from mylib.stages import *\nfrom pyspark.ml.feature import *\nStringIndexer()', 'StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['from mylib.stages import *\nMyStage()', 'MyStage', 'mylib.stages.MyStage'],
      // A notebook's spark is no pyspark module's: a star import of one leaves it the notebook's.
      ['from pyspark.sql.functions import *\nspark.read.table("t")', 'table', 'databricks.globals.spark.read.table'],
      ['from pyspark.ml.feature import *\nspark.read.table("t")', 'table', 'databricks.globals.spark.read.table'],
      // A parameter holds what the file passes for it: an instance of one class from every call, or its annotation.
      ['from mlflow import MlflowClient\ndef promote(client, v):\n    client.set_registered_model_alias("m", "champion", v)\npromote(MlflowClient(), 3)\nc = MlflowClient()\npromote(c, v=4)', 'set_registered_model_alias', 'mlflow.MlflowClient.set_registered_model_alias'],
      ['from mlflow import MlflowClient\ndef promote(client: MlflowClient, v):\n    client.set_registered_model_alias("m", "champion", v)', 'set_registered_model_alias', 'mlflow.MlflowClient.set_registered_model_alias'],
      ['from mlflow import MlflowClient\nclass Promoter:\n    def promote(self, client):\n        client.get_run("r")\nPromoter().promote(MlflowClient())', 'get_run', 'mlflow.MlflowClient.get_run'],
      // Calls that disagree, pass nothing for it, pass a parameter of their own, or pass what is no instance of a class.
      ['from mlflow import MlflowClient\nfrom mylib import Other\ndef promote(client):\n    client.get_run("r")\npromote(MlflowClient())\npromote(Other())', 'get_run', undefined],
      ['from mlflow import MlflowClient\ndef promote(client=None):\n    client.get_run("r")\npromote(MlflowClient())\npromote()', 'get_run', undefined],
      ['def promote(client):\n    client.get_run("r")\ndef main(c):\n    promote(c)', 'get_run', undefined],
      ['def score(df):\n    df.toPandas()\nscore(spark.read.table("t"))', 'toPandas', undefined],
      ['def promote(client):\n    client.get_run("r")', 'get_run', undefined],
    ];
    for (const [code, name, expected] of cases) {
      it(`${JSON.stringify(code)} -> ${expected}`, async () => {
        const model = await modelOf(code);
        assert.equal(model.callsNamed(name)[0]?.qualifiedName, expected);
      });
    }
  });

  describe('def-use', () => {
    it('follows a name to the list it was bound to, across cells', async () => {
      const model = await modelOf(`
        # Databricks notebook source
        indexer = 1
        # COMMAND ----------
        stages = [indexer, "b"]
        # COMMAND ----------
        Pipeline(stages=stages)
      `);
      const call = callNamed(model, 'Pipeline');
      const argument = call.childForFieldName('arguments')!.namedChildren[0]!.childForFieldName('value')!;
      const sequence = sequenceElements(model, argument)!;
      assert.equal(sequence.complete, true);
      assert.deepEqual(sequence.elements.map((node) => node.text), ['indexer', '"b"']);
    });

    it('follows a literal key of a dict and an index of a list that a name holds, and nothing less certain', async () => {
      const cases: Array<[string, string]> = [
        ['CFG = {"mode": "overwrite", "n": 3}\nf(CFG["mode"])', '"overwrite"'],
        ['CFG = {"mode": "a", "mode": "b"}\nf(CFG["mode"])', '"b"'],
        ['CFG = {"outer": {"inner": "x"}}\nf(CFG["outer"]["inner"])', '"x"'],
        ['MODE = "m"\nCFG = {"m": ("a", "b")}\nf(CFG["m"][-1])', '"b"'],
        ['S = ["a", "b"]\nf(S[0])', '"a"'],
        // Unknown: a ** part may hold the key; the key is missing or computed; the dict changes first.
        ['CFG = {**BASE, "n": 1}\nf(CFG["mode"])', 'CFG["mode"]'],
        ['CFG = {"mode": "a", **OVERRIDES}\nf(CFG["mode"])', 'CFG["mode"]'],
        ['CFG = {**BASE, "mode": "b"}\nf(CFG["mode"])', '"b"'],
        ['CFG = {"n": 1}\nf(CFG["mode"])', 'CFG["mode"]'],
        ['CFG = {"mode": "a"}\nf(CFG[key])', 'CFG[key]'],
        ['CFG = {"mode": "a"}\nf(CFG[f"{k}"])', 'CFG[f"{k}"]'],
        ['CFG = {"mode": "a"}\nCFG["mode"] = "b"\nf(CFG["mode"])', 'CFG["mode"]'],
        ['CFG = {"mode": "a"}\nCFG.update(other)\nf(CFG["mode"])', 'CFG["mode"]'],
        ['S = [*rest, "b"]\nf(S[0])', 'S[0]'],
        ['S = ["a"]\nf(S[1:])', 'S[1:]'],
        ['df = spark.table("t")\nf(df["mode"])', 'df["mode"]'],
        // Handed whole to code that may change it (a function of the file, an unknown one); only read or logged.
        ['CFG = {"mode": "a"}\ndef apply_env(cfg):\n    cfg["mode"] = "b"\napply_env(CFG)\nf(CFG["mode"])', 'CFG["mode"]'],
        ['CFG = {"mode": "a"}\nf(CFG["mode"])\nconfigure(settings=CFG)', 'CFG["mode"]'],
        ['import json, mlflow\nCFG = {"mode": "a"}\nprint(json.dumps(CFG))\nmlflow.log_params(CFG)\nrun(**CFG)\nf(CFG["mode"])', '"a"'],
      ];
      for (const [code, expected] of cases) {
        const model = await modelOf(code);
        const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
        assert.equal(model.resolveValue(use).text, expected, code);
      }
    });

    it('stops on names that lead back to themselves through subscripts and self attributes, and on deep subscripts', async () => {
      const deep = `x = 1\nf(x${'[0]'.repeat(2000)})\n`;
      // Both bindings of b have the same text, so a use of b in the loop sees one value: b -> [a] -> b[0] -> ...
      const loop = 'a = 0\nb = [a]\nwhile True:\n    a = b[0]\n    b = [a]\n    f(b[0])\n';
      const attributes = 'class J:\n    def __init__(self):\n        self.a = self.b\n        self.b = self.a\n    def run(self):\n        f(self.a)\n';
      // Each stops at an expression it cannot take further (a hang would time the test out; a
      // recursion without bound would overflow the stack).
      const cases: Array<[string, RegExp]> = [
        [deep, /^x(\[0\])+$/],
        [loop, /^(a|0|b\[0\])$/],
        [attributes, /^self\.[ab]$/],
      ];
      for (const [code, stop] of cases) {
        const model = await modelOf(code);
        const resolved = model.resolveValue(callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!);
        assert.match(resolved.text, stop, code.slice(0, 40));
      }
    });

    it('does not follow a list changed in place afterwards', async () => {
      const model = await modelOf('cols = ["a"]\ncols.append("b")\nf(cols)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringList(model, use), undefined);
    });

    it('gives up when two branches bind the name', async () => {
      const model = await modelOf('if x:\n    c = "a"\nelse:\n    c = "b"\nf(c)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, use), undefined);
    });

    it('reads a binding where it is read, not where an assignment binds the name again; mayRead keeps uses that other bindings reach too', async () => {
      const model = await modelOf('train = split(df)\ntrain.describe()\nif other:\n    train = df\nfit(train)');
      const first = model.bindings.all('train')[0];
      const at = (nodes: Node[]) => nodes.map((node) => `${node.parent?.type}@${node.startPosition.row + 1}`);
      // `train = df` on line 4 binds train again: it reads nothing. fit(train) on line 5 may read either binding.
      assert.deepEqual(at(model.usesOf(first)), ['attribute@2']);
      assert.deepEqual(at(model.mayRead(first)), ['attribute@2', 'argument_list@5']);
    });

    it('sees the latest binding before the use', async () => {
      const model = await modelOf('c = "a"\nf(c)\nc = "b"\ng(c)');
      const first = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      const second = callNamed(model, 'g').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, first), 'a');
      assert.equal(stringValue(model, second), 'b');
    });

    it('sees an assignment below a loop over the same name, and a parameter rebound in its function', async () => {
      // Bindings of different statement kinds are compared by position, not by kind.
      const model = await modelOf('for c in cols:\n    pass\nc = "a"\nf(c)\ndef h(stage="Production"):\n    stage = "3"\n    g(stage)');
      const afterLoop = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      const rebound = callNamed(model, 'g').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, afterLoop), 'a');
      assert.equal(stringValue(model, rebound), '3');
    });

    it('finds, among hundreds of bindings of one name, the one each use sees', async () => {
      // A name rebound in every cell of a long notebook: the lookup searches the name's bindings
      // in its scope (binary search), so each boundary matters.
      const cells = Array.from({ length: 300 }, (_, n) => `c = "v${n}"\nf${n}(c)`);
      const model = await modelOf(`def early():\n    g(c)\n${cells.join('\n')}\nif x:\n    c = "then"\nelse:\n    c = "else"\nh(c)`);
      for (const n of [0, 1, 150, 298, 299]) {
        const use = callNamed(model, `f${n}`).childForFieldName('arguments')!.namedChildren[0]!;
        assert.equal(stringValue(model, use), `v${n}`, `f${n}`);
      }
      // A function body runs later: with no binding before it, it sees one after (not decided: the last).
      const inFunction = callNamed(model, 'g').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(model.bindings.reachingBindings('c', inFunction).length, 3);
      // Both arms of the if/else and the binding before them may reach the use.
      const afterBranches = callNamed(model, 'h').childForFieldName('arguments')!.namedChildren[0]!;
      assert.deepEqual(model.bindings.reachingBindings('c', afterBranches).map((binding) => binding.value?.text), ['"v299"', '"then"', '"else"']);
      assert.equal(stringValue(model, afterBranches), undefined);
    });

    it('a function or lambda body sees a name the module binds again after it: either value, as it runs when called; a comprehension runs at once', async () => {
      const model = await modelOf(
        'grid = "small"\ndef train():\n    f(grid)\nscore = lambda: g(grid)\nsizes = [h(grid) for _ in range(2)]\ndef nested():\n    return [k(grid) for _ in range(2)]\ngrid = "large"\ntrain()\nm(grid)',
      );
      const argumentOf = (name: string) => callNamed(model, name).childForFieldName('arguments')!.namedChildren[0]!;
      for (const name of ['f', 'g', 'k']) {
        assert.deepEqual(model.bindings.reachingBindings('grid', argumentOf(name)).map((binding) => binding.value?.text), ['"small"', '"large"'], name);
        assert.equal(stringValue(model, argumentOf(name)), undefined, name);
      }
      assert.equal(stringValue(model, argumentOf('h')), 'small', 'a comprehension at module level runs where it is written');
      assert.equal(stringValue(model, argumentOf('m')), 'large');
      const once = await modelOf('grid = "small"\ndef train():\n    f(grid)\ntrain()');
      assert.equal(stringValue(once, callNamed(once, 'f').childForFieldName('arguments')!.namedChildren[0]!), 'small', 'bound once: the value is known');
      // Imported again after the function (the next cell re-imports it by another path): the same class.
      const reimported = await modelOf('from mlflow.tracking import MlflowClient\ndef newest():\n    return MlflowClient(registry_uri="databricks-uc")\nfrom mlflow.tracking.client import MlflowClient\n');
      const client = callNamed(reimported, 'MlflowClient');
      assert.equal(reimported.bindings.reachingBindings('MlflowClient', client.childForFieldName('function')!).length, 1);
    });

    it('treats a loop variable as unknown', async () => {
      const model = await modelOf('c = "a"\nfor c in cols:\n    f(c)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, use), undefined);
    });

    it('keeps a mutation inside a function to that function', async () => {
      const model = await modelOf('cols = ["a"]\ndef tweak(cols):\n    cols.extra = 1\n    cols.append("x")\nf(cols)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.deepEqual(stringList(model, use), ['a']);
    });

    it('does not let an attribute set on another name hide a bound value', async () => {
      const model = await modelOf('class Job:\n    def run(self):\n        self.stage = "Staging"\nstage = "Production"\nf(stage)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, use), 'Production');
    });

    it('sees a list before it is changed in place, and not after', async () => {
      const model = await modelOf('cols = ["a"]\nf(cols)\ncols.append("b")\ng(cols)');
      const before = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      const after = callNamed(model, 'g').childForFieldName('arguments')!.namedChildren[0]!;
      assert.deepEqual(stringList(model, before), ['a']);
      assert.equal(stringList(model, after), undefined);
    });

    it('sees the value before the change inside the statement that changes it in place', async () => {
      const model = await modelOf('cols = ["a"]\ncols[0] = f(cols)\nrows = ["x"]\nrows.append(g(rows))\nh(cols)');
      const inAssignment = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      const inCall = callNamed(model, 'g').childForFieldName('arguments')!.namedChildren[0]!;
      const after = callNamed(model, 'h').childForFieldName('arguments')!.namedChildren[0]!;
      assert.deepEqual(stringList(model, inAssignment), ['a']);
      assert.deepEqual(stringList(model, inCall), ['x']);
      assert.equal(stringList(model, after), undefined);
    });

    it('treats a module-level list mutated after a def as unknown inside the def (it runs later)', async () => {
      const model = await modelOf('cols = ["a"]\ndef build():\n    return f(cols)\ncols.append("b")');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringList(model, use), undefined);
    });

    it('follows if/else arms that bind the same kind of client', async () => {
      const model = await modelOf('from mlflow import MlflowClient\nif uc:\n    client = MlflowClient(registry_uri="databricks-uc")\nelse:\n    client = MlflowClient()\nclient.get_run("x")');
      assert.equal(model.callsNamed('get_run')[0]?.qualifiedName, 'mlflow.MlflowClient.get_run');
    });

    it('stays unknown when if/else arms disagree, or one path keeps an earlier value', async () => {
      const disagree = await modelOf('from mlflow import MlflowClient\nimport requests\nif uc:\n    client = MlflowClient()\nelse:\n    client = requests.Session()\nclient.get_run("x")');
      assert.equal(disagree.callsNamed('get_run')[0]?.qualifiedName, undefined);
      const partial = await modelOf('from mlflow import MlflowClient\nclient = None\nif uc:\n    client = MlflowClient()\nclient.get_run("x")');
      assert.equal(partial.callsNamed('get_run')[0]?.qualifiedName, undefined);
    });

    it('reads a value both arms assign alike', async () => {
      const model = await modelOf('if x:\n    c = "a"\nelse:\n    c = "a"\nf(c)');
      const use = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren[0]!;
      assert.equal(stringValue(model, use), 'a');
    });

    it('does not read f-strings as literals', async () => {
      const model = await modelOf('f(f"x{y}", "a" "b", r"\\d")');
      const args = callNamed(model, 'f').childForFieldName('arguments')!.namedChildren;
      assert.deepEqual(args.map((node) => stringValue(model, node!)), [undefined, 'ab', '\\d']);
    });
  });

  describe('string literal values from their source text', () => {
    const cases: Array<[string, string | undefined]> = [
      ['"plan"', 'plan'],
      ["'a\\tb'", 'a\tb'],
      ['r"\\d+"', '\\d+'],
      ['"""multi\nline"""', 'multi\nline'],
      ['f"no fields {{x}}"', 'no fields {x}'],
      ['f"{name}_idx"', undefined],
      ['F"x{y!r}"', undefined],
      ['b"bytes"', 'bytes'],
      ['"unterminated', undefined],
      ['u"\\u00e9"', '\u00e9'],
    ];
    for (const [source, expected] of cases) {
      it(`${JSON.stringify(source)} -> ${JSON.stringify(expected)}`, () => assert.equal(stringLiteralValue(source), expected));
    }
  });

  describe('notebooks', () => {
    it('splits cells and reads %pip install lines', async () => {
      const text = dedent(`
        # Databricks notebook source
        # MAGIC %pip install scikit-learn==1.3.2 "xgboost>=2" -q --index-url https://x/simple
        # COMMAND ----------
        import mlflow
      `);
      const info = (await modelOf(text)).notebook;
      assert.equal(info.isDatabricksNotebook, true);
      assert.deepEqual(info.cells.map((cell) => [cell.startLine, cell.endLine, cell.magic]), [[1, 1, '%pip'], [3, 3, undefined]]);
      assert.deepEqual(info.pipRequirements.map((r) => [r.normalizedName, r.specifier, r.pinnedVersion]), [
        ['scikit-learn', '==1.3.2', '1.3.2'],
        ['xgboost', '>=2', undefined],
      ]);
    });

    it('reads plain %pip and !pip lines, skipping requirement files and URLs', () => {
      const requirements = readPipRequirements('%pip install -r req.txt prophet==1.1.5\n!pip install git+https://x/y.git Pillow\n');
      assert.deepEqual(requirements.map((r) => r.name), ['prophet', 'Pillow']);
    });

    it('gives each pip line its line number, with \\n, \\r\\n and lone \\r line ends, "install" twice on a line and a file that ends on a pip line', () => {
      const text = '# install notes\r\n%pip install a==1 install\rx = 1\n!pip install b c\n\n%pip install d';
      assert.deepEqual(readPipRequirements(text).map((r) => [r.name, r.line]), [['a', 1], ['install', 1], ['b', 3], ['c', 3], ['d', 5]]);
      assert.deepEqual(readPipRequirements('x = "no pip here"\n'), []);
    });

    it('follows an install line continued with trailing backslashes, each line once, up to a blank line, a comment or 50 lines', () => {
      const text = '%pip install a \\\r\n  b==2 pip-install-helper \\\n  c # d \\\n  e\n%pip install f \\\n\n  g\n';
      assert.deepEqual(readPipRequirements(text).map((r) => [r.name, r.line]), [['a', 0], ['b', 1], ['pip-install-helper', 1], ['c', 2], ['f', 4]]);
      const long = `%pip install x0 \\\n${Array.from({ length: 60 }, (_, i) => `  x${i + 1} \\\n`).join('')}  last\n`;
      assert.deepEqual(readPipRequirements(long).map((r) => r.name).slice(-2), ['x49', 'x50']);
    });

    it('is not a notebook without the header', async () => {
      const info = (await modelOf('import mlflow\n# COMMAND ----------\n')).notebook;
      assert.equal(info.isDatabricksNotebook, false);
      assert.equal(info.cells.length, 1);
    });
  });
});
