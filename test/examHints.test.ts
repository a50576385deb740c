import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules, findRule } from '../rules';
import type { ApiCard } from '../rules/examHints/apiCard';
import { allApiCards, apiCardAt, apiCardMarkdown, apiCardText, apiCardUseAt, findApiCard } from '../rules/examHints';
import { cardUseAt } from '../rules/examHints/apiUses';
import { ApiCardIndex } from '../rules/examHints/cardIndex';
import { mlflowCards } from '../rules/examHints/mlflowCards';
import { sparkMlCards } from '../rules/examHints/sparkMlCards';
import { tuningCards } from '../rules/examHints/tuningCards';
import { ancestorOfType, ancestorsOf } from '../rules/engine/syntax';
import { SemanticModel } from '../rules/semantic/semanticModel';
import { dedent, testLinter } from './support/linter';

/** `‸` marks the hovered character; it is removed from the code. */
const CURSOR = '‸';

interface Hovered {
  model: SemanticModel;
  offset: number;
}

async function hover(sample: string): Promise<Hovered> {
  const marked = dedent(sample);
  const offset = marked.indexOf(CURSOR);
  assert.ok(offset >= 0 && marked.indexOf(CURSOR, offset + 1) === -1, `one ${CURSOR} in:\n${marked}`);
  const code = marked.slice(0, offset) + marked.slice(offset + 1);
  const linter = await testLinter();
  return { model: new SemanticModel(linter.parse('file:///sample.py', code)), offset };
}

async function cardKeyAt(sample: string): Promise<string | undefined> {
  const { model, offset } = await hover(sample);
  return apiCardUseAt(model, offset)?.card.key;
}

/** For each of the cards written here: a use of its API, hovered where a user would hover. */
const SAMPLES: Array<[string, string]> = [
  ['mapInPandas', 'scored = spark.table("ml.sales").‸mapInPandas(predict, schema="id long, prediction double")'],
  ['mapInPandas', 'def score(df):\n    return df.‸mapInPandas(predict, "id long")'],
  ['applyInPandas', 'sales = spark.read.table("ml.sales")\ncoefs = sales.groupBy("store_id").‸applyInPandas(train, schema="store_id string, coef double")'],
  ['mlflow.pyfunc.spark_udf', 'import mlflow\npredict = mlflow.pyfunc.‸spark_udf(spark, "models:/m@champion")'],
  ['mlflow.pyfunc.spark_udf', 'import mlflow\npredict = mlflow.‸pyfunc.spark_udf(spark, "models:/m@champion")'],
  ['mlflow.pyfunc.spark_udf', 'from mlflow.pyfunc import spark_udf as load_udf\npredict = ‸load_udf(spark, "models:/m/3")'],
  ['mlflow.pyfunc.load_model', 'import mlflow.pyfunc as pf\nmodel = pf.‸load_model("models:/m@champion")'],
  ['MlflowClient.transition_model_version_stage', 'from mlflow.tracking import MlflowClient\nclient = MlflowClient()\nclient.‸transition_model_version_stage("m", 1, "Production")'],
  ['MlflowClient.set_registered_model_alias', 'import mlflow\nmlflow.MlflowClient().‸set_registered_model_alias("ml.a.m", "champion", 3)'],
  ['MlflowClient.set_registered_model_alias', 'from mlflow import MlflowClient\n‸MlflowClient().set_registered_model_alias("ml.a.m", "champion", 3)'],
  ['mlflow.register_model', 'import mlflow\nmlflow.‸register_model("runs:/abc/model", "ml.churn.model")'],
  ['mlflow.start_run', 'import mlflow\nwith mlflow.start_run():\n    with mlflow.‸start_run(nested=True):\n        pass'],
  ['mlflow.start_run', 'import mlflow\nwith mlflow.start_run():\n    with mlflow.start_run(‸nested=True):\n        pass'],
  ['mlflow.log_param', 'from mlflow import log_param\n‸log_param("max_depth", 8)'],
  ['mlflow.log_metric', 'import mlflow as mf\nmf.‸log_metric("rmse", 0.5, step=3)'],
  ['mlflow.log_artifact', 'import mlflow\nmlflow.‸log_artifact("confusion_matrix.png")'],
  ['mlflow.models.infer_signature', 'from mlflow.models import infer_signature\nsignature = ‸infer_signature(X, model.predict(X))'],
  ['mlflow.pyfunc.log_model', 'import mlflow\nmlflow.pyfunc.‸log_model("model", python_model=ChurnModel())'],
  ['mlflow.pyfunc.PythonModel', 'import mlflow\nclass ChurnModel(mlflow.pyfunc.‸PythonModel):\n    pass'],
  ['pyspark.ml.tuning.CrossValidator', 'from pyspark.ml.tuning import CrossValidator\ncv = ‸CrossValidator(estimator=lr, numFolds=3)'],
  ['pyspark.ml.tuning.TrainValidationSplit', 'from pyspark.ml import tuning\ntvs = tuning.‸TrainValidationSplit(trainRatio=0.8)'],
  ['pyspark.ml.tuning.ParamGridBuilder', 'from pyspark.ml.tuning import *\ngrid = ‸ParamGridBuilder().addGrid(lr.regParam, [0.1]).build()'],
  ['pyspark.ml.feature.StringIndexer', 'from pyspark.ml.feature import StringIndexer as SI\nindexer = ‸SI(inputCol="plan", outputCol="plan_index")'],
  ['pyspark.ml.feature.OneHotEncoder', 'import pyspark.ml.feature as F\nencoder = F.‸OneHotEncoder(inputCols=["i"], outputCols=["v"])'],
  ['pyspark.ml.feature.VectorAssembler', 'from pyspark.ml.feature import ‸VectorAssembler'],
  ['hyperopt.SparkTrials', 'from hyperopt import fmin, SparkTrials\ntrials = ‸SparkTrials(parallelism=4)'],
  ['hyperopt.fmin', 'import hyperopt\nbest = hyperopt.‸fmin(fn=objective, space=space, max_evals=40)'],
  ['hyperopt.fmin', 'from hyperopt import fmin\nminimize = fmin\nbest = run(optimizer=‸minimize)'],
  ['optuna.create_study', 'import optuna\nstudy = optuna.‸create_study(direction="maximize")'],
  ['optuna.integration.mlflow.MLflowCallback', 'from optuna.integration.mlflow import MLflowCallback\ncallback = ‸MLflowCallback(metric_name="f1")'],
  ['pyspark.sql.functions.pandas_udf', 'from pyspark.sql.functions import pandas_udf\n@‸pandas_udf("double")\ndef f(s):\n    return s'],
  ['pyspark.sql.functions.pandas_udf', 'import pyspark.sql.functions as F\nudf = F.‸pandas_udf(f, "double")'],
  ['hyperopt.Trials', 'from hyperopt import Trials, fmin\nbest = fmin(fn=objective, space=space, max_evals=20, trials=‸Trials())'],
  ['MlflowSparkStudy', 'from mlflow.pyspark.optuna.study import MlflowSparkStudy\nstudy = ‸MlflowSparkStudy("s", storage)'],
  ['MlflowSparkStudy', 'from mlflow.optuna.storage import MlflowStorage\nstorage = ‸MlflowStorage(experiment_id="1")'],
  ['mlflow.autolog', 'import mlflow\nmlflow.‸autolog()'],
  ['mlflow.autolog', 'import mlflow.sklearn\nmlflow.sklearn.‸autolog(log_models=True)'],
  ['mlflow.spark.autolog', 'import mlflow\nmlflow.spark.‸autolog()'],
  ['mlflow.<flavor>.log_model', 'import mlflow\nmlflow.sklearn.‸log_model(model, name="model")'],
  ['mlflow.<flavor>.load_model', 'import mlflow.spark\nmodel = mlflow.spark.‸load_model("models:/ml.churn.model@champion")'],
  ['mlflow.log_input', 'import mlflow\nmlflow.‸log_input(dataset, context="training")'],
  ['mlflow.log_input', 'import mlflow\ndataset = mlflow.data.‸from_spark(df, table_name="ml.a.t")'],
  ['MlflowClient.get_model_version_by_alias', 'from mlflow import MlflowClient\nclient = MlflowClient()\nv = client.‸get_model_version_by_alias("ml.a.m", "champion")'],
  ['MlflowClient.delete_registered_model_alias', 'from mlflow import MlflowClient\nMlflowClient().‸delete_registered_model_alias("ml.a.m", "challenger")'],
  ['MlflowClient.copy_model_version', 'from mlflow.tracking import MlflowClient\nclient = MlflowClient()\nclient.‸copy_model_version("models:/dev.a.m@champion", "prod.a.m")'],
  ['MlflowClient.search_model_versions', 'from mlflow import MlflowClient\nclient = MlflowClient()\nclient.‸search_model_versions("name=\'ml.a.m\'")'],
  ['mlflow.models.predict', 'import mlflow\nmlflow.models.‸predict(model_uri=uri, input_data=data, env_manager="virtualenv")'],
];

/** Names, keywords and strings that look like an API but are not one of its uses. */
const LOOK_ALIKES: Array<[string, string]> = [
  ['a local def named fmin', 'from hyperopt import fmin\ndef ‸fmin(fn, space):\n    return None'],
  ['a call of a local def named fmin', 'def fmin(fn, space):\n    return None\nbest = ‸fmin(objective, space)'],
  ['a local def named fmin shadowing the import', 'from hyperopt import fmin\ndef fmin(fn, space):\n    return None\nbest = ‸fmin(objective, space)'],
  ['log_metric of an object resolved into another package', 'from mylib import tracker\ntracker.‸log_metric("rmse", 0.5)'],
  ['log_metric of a local class instance', 'class Tracker:\n    def log_metric(self, key, value):\n        pass\nTracker().‸log_metric("rmse", 0.5)'],
  ['log_metric on an object of unknown type', 'def report(run):\n    run.‸log_metric("rmse", 0.5)'],
  ['mapInPandas on a pandas DataFrame', 'import pandas as pd\npdf = pd.DataFrame()\npdf.‸mapInPandas(f)'],
  ['mapInPandas of a local class instance', 'class Frame:\n    pass\nframe = Frame()\nframe.‸mapInPandas(f)'],
  ['a string that merely contains the word', 'import hyperopt\nprint("tune with ‸fmin and SparkTrials")'],
  ['a string naming a method', 'label = "‸mapInPandas"'],
  ['an assignment target named like the import', 'from hyperopt import fmin\n‸fmin = None'],
  ['a keyword of a local function', 'def start(nested=False):\n    pass\nstart(‸nested=True)'],
  ['a module in a chain that ends in no API', 'import mlflow\nmlflow.‸pyfunc'],
  ['a comment', 'import mlflow\n# mlflow.pyfunc.‸spark_udf'],
  ['a variable holding the result of fmin', 'from hyperopt import fmin\nbest = fmin(fn=f, space=s, max_evals=10)\nprint(‸best)'],
  ['a variable holding a CrossValidator', 'from pyspark.ml.tuning import CrossValidator\ncv = CrossValidator(numFolds=3)\nmodel = ‸cv.fit(train)'],
  ['a method earlier in a chain than the API', 'scored = spark.table("t").‸filter("x > 0").mapInPandas(predict, "id long")'],
];

/** A use of each match entry of a card, written generically: covers the cards of every area. */
function generatedUses(card: ApiCard): Array<[string, string]> {
  const uses: Array<[string, string]> = [];
  for (const name of card.match.qualifiedNames ?? []) {
    const root = name.split('.')[0];
    const dot = name.lastIndexOf('.');
    uses.push([name, `import ${root}\nvalue = ${name.slice(0, dot + 1)}${CURSOR}${name.slice(dot + 1)}`]);
  }
  for (const method of card.match.methods ?? []) {
    const hint = card.match.receiverHints?.[0];
    const receiver = hint ? `source.step(${JSON.stringify(hint)})` : 'source';
    uses.push([method, `def use(source):\n    return ${receiver}.${CURSOR}${method}()`]);
  }
  for (const keyword of card.match.keywords ?? []) {
    uses.push([`${keyword}=`, `def use(client):\n    client.call(${CURSOR}${keyword}=1)`]);
  }
  for (const value of card.match.strings ?? []) {
    uses.push([JSON.stringify(value), `payload = "${CURSOR}${value.replace(/["\\]/g, '\\$&')}"`]);
  }
  return uses;
}

function matchEntries(card: ApiCard): string[] {
  const { qualifiedNames = [], methods = [], keywords = [], strings = [] } = card.match;
  return [...qualifiedNames, ...methods, ...keywords.map((k) => `${k}=`), ...strings.map((s) => JSON.stringify(s))];
}

describe('exam hints: API cards', () => {
  describe('the cards', () => {
    it('have unique keys, a fact, something to match and related rules that exist', () => {
      const keys = allApiCards.map((card) => card.key.toLowerCase());
      assert.deepEqual(keys.filter((key, index) => keys.indexOf(key) !== index), []);
      for (const card of allApiCards) {
        assert.ok(card.title && card.what && card.examFact, `${card.key}: title, what and exam fact`);
        assert.ok(matchEntries(card).length > 0, `${card.key}: something to match`);
        for (const id of card.relatedRules) assert.ok(findRule(id), `${card.key}: related rule ${id} exists`);
      }
    });

    it('cover every API this part of the list names, each with a sample below', () => {
      const written = [...sparkMlCards, ...tuningCards, ...mlflowCards].map((card) => card.key);
      assert.equal(written.length, 37);
      const sampled = new Set(SAMPLES.map(([key]) => key));
      assert.deepEqual(written.filter((key) => !sampled.has(key)), []);
    });
  });

  describe('a use of each API shows its card', () => {
    for (const [key, sample] of SAMPLES) {
      it(`${key}: ${sample.split('\n').find((line) => line.includes(CURSOR))!.trim()}`, async () => {
        assert.equal(await cardKeyAt(sample), key);
      });
    }

    it('every match entry of every card (all areas) finds a card that lists it', async () => {
      const misses: string[] = [];
      for (const card of allApiCards) {
        for (const [entry, sample] of generatedUses(card)) {
          const { model, offset } = await hover(sample);
          const found = apiCardUseAt(model, offset)?.card;
          if (!found || !matchEntries(found).includes(entry)) misses.push(`${card.key}: ${entry} -> ${found?.key ?? 'nothing'}`);
        }
      }
      assert.deepEqual(misses, []);
    });

    it('reports the hovered node: the name, or the whole string literal', async () => {
      const { model, offset } = await hover('import mlflow\nmlflow.pyfunc.spark_u‸df(spark, uri)');
      assert.equal(apiCardUseAt(model, offset)?.node.text, 'spark_udf');
    });

    it('apiCardAt takes the node itself: a name, an attribute chain or a call', async () => {
      const { model } = await hover('from hyperopt import fmin\n‸best = fmin(fn=f, space=s, max_evals=10)');
      const call = model.callsNamed('fmin')[0];
      assert.equal(apiCardAt(model, call.node)?.key, 'hyperopt.fmin');
      assert.equal(apiCardAt(model, call.callee)?.key, 'hyperopt.fmin');
      assert.equal(apiCardAt(model, model.document.roots[0]), undefined);
    });
  });

  describe('keywords, strings, SQL words and receiver hints', () => {
    const synthetic = (key: string, match: ApiCard['match']): ApiCard => ({ key, title: key, match, what: '-', examFact: '-', relatedRules: [] });
    const index = new ApiCardIndex([
      synthetic('create_table', { qualifiedNames: ['databricks.feature_engineering.FeatureEngineeringClient.create_table'], keywords: ['timestamp_keys'] }),
      synthetic('withWatermark', { methods: ['withWatermark'], receiverHints: ['readStream'] }),
      synthetic('dataframe_split', { strings: ['dataframe_split'] }),
      synthetic('RESTORE', { strings: ['RESTORE'] }),
      synthetic('ZORDER BY', { strings: ['ZORDER BY'] }),
    ]);
    async function keyAt(sample: string): Promise<string | undefined> {
      const { model, offset } = await hover(sample);
      return cardUseAt(index, model, offset)?.card.key;
    }
    const cases: Array<[string, string, string | undefined]> = [
      ['a keyword that identifies the API, on an unknown receiver', 'def f(fe):\n    fe.create_table(name="t", ‸timestamp_keys=["ts"])', 'create_table'],
      ['the same keyword on a local function', 'def make(timestamp_keys):\n    pass\nmake(‸timestamp_keys=["ts"])', undefined],
      ['the same keyword on a call into another package', 'import mylib\nmylib.make(‸timestamp_keys=["ts"])', undefined],
      ['a method whose receiver chain mentions the hint', 'events = spark.readStream.table("events")\nevents.‸withWatermark("ts", "10 minutes")', 'withWatermark'],
      ['the method on a batch DataFrame', 'events = spark.read.table("events")\nevents.‸withWatermark("ts", "10 minutes")', undefined],
      ['a string literal with the exact value', 'body = {"‸dataframe_split": {"columns": cols, "data": rows}}', 'dataframe_split'],
      ['a string that only contains the value', 'note = "send a ‸dataframe_split payload"', undefined],
      ['a SQL keyword in spark.sql text', 'spark.sql("‸RESTORE TABLE ml.sales TO VERSION AS OF 3")', 'RESTORE'],
      ['the keyword under the cursor among several', 'spark.sql("OPTIMIZE ml.sales ZORDER ‸BY (customer_id)")', 'ZORDER BY'],
      ['a SQL keyword in prose', 'message = "please ‸restore the table"', undefined],
    ];
    for (const [what, sample, key] of cases) {
      it(`${what} -> ${key ?? 'nothing'}`, async () => {
        assert.equal(await keyAt(sample), key);
      });
    }
  });

  describe('deep inside a long expression (issue 12: a hover there was quadratic in depth)', () => {
    // 4,000 levels: the walk up from the hovered name to the root used to take seconds.
    const conditional = `import mlflow\nx = ${Array(4000).fill('mlflow.log_metric if ok else').join(' ')} None\n`;
    const negations = `import mlflow\nx = ${'not '.repeat(4000)}mlflow.log_metric\n`;
    it('the innermost name of a 4,000-level conditional expression gets its card', async () => {
      const linter = await testLinter();
      const model = new SemanticModel(linter.parse('file:///deep.py', conditional));
      assert.equal(apiCardUseAt(model, conditional.lastIndexOf('log_metric') + 2)?.card.key, 'mlflow.log_metric');
      assert.equal(apiCardUseAt(model, conditional.lastIndexOf(' ok ') + 2), undefined);
    });
    it('the name under 4,000 negations gets its card; the import line still resolves', async () => {
      const linter = await testLinter();
      const model = new SemanticModel(linter.parse('file:///deep.py', negations));
      assert.equal(apiCardUseAt(model, negations.lastIndexOf('log_metric') + 2)?.card.key, 'mlflow.log_metric');
      assert.equal(apiCardUseAt(model, 'import ml'.length)?.card.key, apiCardUseAt(new SemanticModel(linter.parse('file:///flat.py', 'import mlflow\n')), 'import ml'.length)?.card.key);
    });
    it('ancestorOfType finds the ancestor the parent walk finds, at any depth', async () => {
      const linter = await testLinter();
      const document = linter.parse('file:///deep.py', conditional);
      const leaf = document.nodeAt(conditional.lastIndexOf('log_metric') + 2)!;
      const parents: Array<{ id: number; type: string }> = [];
      for (let current = leaf.parent; current; current = current.parent) parents.push({ id: current.id, type: current.type });
      for (const types of [['attribute'], ['conditional_expression'], ['expression_statement'], ['module'], ['import_statement'], ['assignment', 'module']]) {
        assert.equal(ancestorOfType(leaf, types)?.id, parents.find((parent) => types.includes(parent.type))?.id, types.join());
      }
      assert.deepEqual(
        ancestorsOf(leaf).map((node) => node.id),
        [...parents.map((parent) => parent.id).reverse(), leaf.id],
      );
    });
  });

  describe('look-alikes get no card', () => {
    for (const [what, sample] of LOOK_ALIKES) {
      it(what, async () => {
        assert.equal(await cardKeyAt(sample), undefined);
      });
    }
  });

  describe('findApiCard', () => {
    const cases: Array<[string, string | undefined]> = [
      ['mapInPandas', 'mapInPandas'],
      ['MAPINPANDAS', 'mapInPandas'],
      ['mlflow.pyfunc.spark_udf', 'mlflow.pyfunc.spark_udf'],
      ['spark_udf', 'mlflow.pyfunc.spark_udf'],
      ['pyfunc.spark_udf', 'mlflow.pyfunc.spark_udf'],
      ['transition_model_version_stage', 'MlflowClient.transition_model_version_stage'],
      ['StringIndexer', 'pyspark.ml.feature.StringIndexer'],
      ['fmin', 'hyperopt.fmin'],
      ['log_metrics', 'mlflow.log_metric'],
      [' create_study ', 'optuna.create_study'],
      ['udf', undefined],
      ['MLT201', undefined],
      ['', undefined],
    ];
    for (const [name, key] of cases) {
      it(`"${name}" -> ${key ?? 'nothing'}`, () => {
        assert.equal(findApiCard(name)?.key, key);
      });
    }
  });

  describe('rendering', () => {
    const card = findApiCard('mapInPandas')!;

    it('markdown: the title as code, the exam fact, the look-alike, the example and linked rules', () => {
      const markdown = apiCardMarkdown(card, (id) => `file:///docs/rules/${id}.md`);
      assert.match(markdown, /^\*\*`DataFrame\.mapInPandas\(func, schema\)`\*\*\n/);
      assert.match(markdown, /\*\*Exam fact:\*\* It works per partition/);
      assert.match(markdown, /\*\*Confused with:\*\* `groupBy\(key\)\.applyInPandas/);
      assert.match(markdown, /```python\ndef predict\(batches\):[\s\S]*\n```/);
      assert.match(markdown, /\*\*Rules:\*\* \[MLT201 mapinpandas-per-group-training\]\(file:\/\/\/docs\/rules\/MLT201\.md\)$/m);
      assert.match(markdown, /\*\*References:\*\* \[PySpark API: DataFrame\.mapInPandas\]\(https:\/\/spark\.apache\.org\/docs\/latest\/api\/python\//);
    });

    it('markdown without a link maker names the rules as code', () => {
      assert.match(apiCardMarkdown(card), /\*\*Rules:\*\* `MLT201 mapinpandas-per-group-training`$/m);
    });

    it('plain text for the terminal', () => {
      const text = apiCardText(card);
      assert.match(text, /^mapInPandas: DataFrame\.mapInPandas\(func, schema\)\n/);
      assert.match(text, /\nExam fact: +It works per partition/);
      assert.match(text, /\nConfused with: /);
      assert.match(text, /\n {4}def predict\(batches\):/);
      assert.match(text, /\nRules: MLT201 mapinpandas-per-group-training/);
    });

    it('the README\'s hover example is the current mapInPandas card', () => {
      const quote = apiCardMarkdown(card, (id) => `docs/rules/${findRule(id)!.meta.id}-${findRule(id)!.meta.name}.md`)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
      assert.ok(fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8').includes(quote), `README.md quotes:\n${quote}`);
    });

    it('every card renders, and every rule it links is in the catalogue', () => {
      const ruleIds = new Set(allRules.map((rule) => rule.meta.id));
      for (const each of allApiCards) {
        const links: string[] = [];
        apiCardMarkdown(each, (id) => {
          links.push(id);
          return `file:///${id}`;
        });
        assert.deepEqual(links, each.relatedRules, each.key);
        assert.ok(links.every((id) => ruleIds.has(id)), each.key);
        assert.ok(apiCardText(each).startsWith(`${each.key}: `), each.key);
      }
    });
  });
});
