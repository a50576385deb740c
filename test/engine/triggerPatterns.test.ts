import * as assert from 'node:assert/strict';
import { canAnyRuleFire } from '../../rules/engine/linter';
import type { Rule } from '../../rules/engine/types';
import { mlt101MissingVectorAssembler } from '../../rules/mlt101-missing-vector-assembler';
import { mlt102OnehotBeforeStringindexer } from '../../rules/mlt102-onehot-before-stringindexer';
import { mlt406UcModelNameNotThreeLevel } from '../../rules/mlt406-uc-model-name-not-three-level';
import { mlt603BatchScoringThroughEndpoint } from '../../rules/mlt603-batch-scoring-through-endpoint';
import { mlt301NestedRunWithoutFlag } from '../../rules/mlt301-nested-run-without-flag';
import { mlt305AutologAfterFit } from '../../rules/mlt305-autolog-after-fit';
import { mlt307ImportNameAsRequirement } from '../../rules/mlt307-import-name-as-requirement';
import { mlt701MetricAssertInUnitTest } from '../../rules/mlt701-metric-assert-in-unit-test';
import { mlt704HardcodedToken } from '../../rules/mlt704-hardcoded-token';

/**
 * Trigger patterns run on every file a CLI run reads, before anything is parsed: a pattern that
 * backtracks on some text stalls the whole run. Each input here took the first versions of the
 * patterns from seconds to minutes; mocha fails a test that runs past its timeout.
 */
describe('trigger patterns on texts that make a regular expression backtrack', () => {
  it('MLT704: the word token, then lines of blanks a comment could end on (4^n ways for the first pattern: 2 minutes on a real notebook)', function () {
    this.timeout(2_000);
    const text = `# Databricks notebook source\n# MAGIC %scala\n# MAGIC   // associate a storage account and SAS token\n${'# MAGIC   \n'.repeat(15)}# MAGIC   println(regions)\n`;
    assert.equal(canAnyRuleFire(text, [mlt704HardcodedToken]), false);
    // What it is for still holds: a keyword argument with a comment before its `=`.
    assert.equal(canAnyRuleFire(`connect(password  # the service account's\n${'   \n'.repeat(15)} = "S3rvice-Acc0unt")\n`, [mlt704HardcodedToken]), true);
  });

  it('MLT704: an empty token, then a banner comment of many # (each # a place a comment could end: exponential)', function () {
    this.timeout(2_000);
    assert.equal(canAnyRuleFire(`login(token=""\n${'#'.repeat(200)}\n`, [mlt704HardcodedToken]), false);
    assert.equal(canAnyRuleFire(`login(token=""\n${'# '.repeat(100)}\n    "hf_AbC123dEf456")\n`, [mlt704HardcodedToken]), true);
  });

  it('MLT301: a long line of start_run words after a with (each word once)', function () {
    this.timeout(2_000);
    assert.equal(canAnyRuleFire(`import mlflow\nwith ${'start_run '.repeat(50_000)}\n`, [mlt301NestedRunWithoutFlag]), true);
    assert.equal(canAnyRuleFire(`import mlflow\nwith mlflow.start_run():  ${'x '.repeat(200_000)}\n`, [mlt301NestedRunWithoutFlag]), false);
  });

  it('MLT406: the keyword, then a comment of many # before no =', function () {
    this.timeout(2_000);
    const text = `mlflow.set_registry_uri("databricks-uc")\nx = cfg.registered_model_name  ${'#'.repeat(40)}\n`;
    assert.equal(canAnyRuleFire(text, [mlt406UcModelNameNotThreeLevel]), false);
  });

  it('MLT307: a %pip line with "install" over and over (each one once read to the line\'s end: quadratic)', function () {
    this.timeout(2_000);
    const line = `%pip install ${'install '.repeat(50_000)}pandas\n`;
    assert.equal(canAnyRuleFire(`${line}import mlflow\nmlflow.pyfunc.log_model("m", python_model=Wrapper())\n`, [mlt307ImportNameAsRequirement]), false);
    assert.equal(canAnyRuleFire(`%pip install pandas sklearn\nimport mlflow\n`, [mlt307ImportNameAsRequirement]), true);
  });

  it('MLT704: a text test that reads a whole notebook of credential-shaped lines once', function () {
    this.timeout(2_000);
    const lines = Array.from({ length: 10_000 }, (_, index) => `h${index} = {"Authorization": f"Bearer {token}"}; login(token=token, password=pw)`).join('\n');
    assert.equal(canAnyRuleFire(lines, [mlt704HardcodedToken]), false);
    assert.equal(canAnyRuleFire(`${lines}\ntoken = "AbCdEf123456ghIJ"`, [mlt704HardcodedToken]), true);
  });
});

/**
 * Per rule, texts on which its trigger conditions must hold (the file is parsed) and texts on
 * which they must not: the near misses are shapes of real repositories parsed for nothing.
 */
const PARSE_TABLES: ReadonlyArray<{ title: string; rules: readonly Rule[]; parsed: ReadonlyArray<[string, string]>; notParsed: ReadonlyArray<[string, string]> }> = [
  {
    title: 'MLT704 parses a file only where a credential can be a literal',
    rules: [mlt704HardcodedToken],
    parsed: [
      ['a literal', 'api = HfApi(token="hf_AbC123dEf456")'],
      ['a name bound to a literal', 'TOKEN = "hf_AbC123dEf456"\napi = HfApi(token=TOKEN)'],
      ['a header built from a bound name', 'tok = "hf_AbC123dEf456"\nh = {"Authorization": "Bearer " + tok}'],
      ['an environment variable set to a bound name', 'import os\nKEY = "AbCdEf123456"\nos.environ["HF_TOKEN"] = KEY'],
      ['an environment variable set to a bound name in brackets', 'import os\nKEY = "AbCdEf123456"\nos.environ["HF_TOKEN"] = (\n    KEY\n)'],
      ['a token in brackets', 'token = (\n    "hf_AbC123dEf456"\n)'],
      ['a token in brackets, a bound name', 'TOKEN = "hf_AbC123dEf456"\napi = HfApi(token=(TOKEN))'],
      ['an empty string joined to the next line\'s string in brackets', 'login(token=""\n    "hf_AbC123dEf456")'],
      ['a placeholder, then a name bound to a literal handed over', 'token = ""\nTOKEN = "hf_AbC123dEf456"\nlogin(token=TOKEN)'],
      ['an f-string in brackets', 'login(token=(f"hf_{suffix}AbC123"))'],
      ['a short password', 'connect(password="hunter2")'],
      ['a bearer token after a placeholder one', 'h = {"Authorization": "Bearer <token>"}\ng = {"Authorization": "Bearer AbC123dEf456"}'],
      ['an environment variable set to a dict entry', 'import os\nos.environ["HF_TOKEN"] = CFG["token"]'],
      ['an entry of a literal dict', 'CFG = {"token": "hf_AbC123dEf456"}\napi = HfApi(token=CFG["token"])'],
      ['a header text of eight characters', 'h = {"Authorization": "Bearer abcdefgh1"}'],
      ['a personal access token', 'x = "dapi0123456789abcdef0123456789abcdef"'],
      ['an environment variable set to a literal, a bare name on the next line', 'import os\nos.environ["AWS_SECRET_ACCESS_KEY"] = "admin123"\nresult\n'],
    ],
    notParsed: [
      ['an entry of a parameter', 'def upload(cfg):\n    api = HfApi(token=cfg["token"], repo=cfg.get("repo"))'],
      ['a parameter passed on', 'def upload(token):\n    api = HfApi(\n        token=token,\n    )'],
      ['a header from an attribute', 'h = {"Authorization": f"Bearer {self.token}"}'],
      ['a header from a call', 'h = {"Authorization": "Bearer " + get_token()}'],
      ['a header from a subscript in an f-string', "h = {\"Authorization\": f\"Bearer {cfg['token']}\"}"],
      ['an environment variable set from another', 'import os\nos.environ["HF_TOKEN"] = os.getenv("HUGGINGFACE_TOKEN")'],
      ['an environment variable set to a parameter', 'import os\ndef setup(key):\n    os.environ["OPENAI_API_KEY"] = key'],
      // h71: the course and app code of whole Databricks repositories, parsed for nothing.
      ['an empty token set later', "token = ''\nif cloud == 'azure':\n    token = dbutils.secrets.get(scope, key)\nh = {'Authorization': 'Bearer %s' % token}"],
      ['None, then a header read', 'user_token = None\nif request:\n    user_token = request.headers.get("x-forwarded-access-token")\nclient = WorkspaceClient(token=user_token)'],
      ['a token read through brackets', 'token = (headers or {}).get("Authorization", "").removeprefix("Bearer ").strip()'],
      ['a placeholder header', 'mcp = {"headers": {"Authorization": "Bearer <YOUR_PAT_OR_OAUTH_TOKEN>"}}'],
      ['a header in a docstring of its form', 'def handler(request):\n    """Reads ``Authorization: Bearer <token>`` from the proxy."""'],
      ['a placeholder environment variable', 'import os\nos.environ["HUGGINGFACEHUB_API_TOKEN"] = "<FILL IN>"'],
      ['an environment variable the check does not read as a credential', 'import os\nos.environ["OPENAI_API_KEY"] = "sk-AbC123dEf456"'],
      ['a token short and in one case (a configuration\'s shape)', 'api = HfApi(token="abc")'],
      ['positional arguments before a keyword, across lines', 'upload(\n    token,\n    host,\n    path=volume_path,\n)\nh = {"Authorization": f"Bearer {token}"}'],
    ],
  },
  {
    title: 'the Spark ML pipeline rules parse a file only where a pyspark.ml name can be imported',
    rules: [mlt101MissingVectorAssembler, mlt102OnehotBeforeStringindexer],
    parsed: [
      ['from pyspark.ml', 'from pyspark.ml import Pipeline\nPipeline(stages=stages).fit(df)'],
      ['a module path with blanks', 'from pyspark . ml . feature import OneHotEncoder\nOneHotEncoder(inputCols=["a"])'],
      ['import pyspark.ml under a name', 'import pyspark.ml.classification as C\nC.LogisticRegression().fit(df)'],
      ['pyspark under another name', 'import pyspark as ps\nps.ml.Pipeline(stages=s).fit(df)'],
      ['ml from pyspark, in brackets', 'from pyspark import (\n    ml,\n)\nml.Pipeline(stages=s).fit(df)'],
    ],
    notParsed: [
      // h71: data-preparation modules that read tables with pyspark.sql and fit scikit-learn models.
      ['pyspark.sql and a scikit-learn pipeline', 'from pyspark.sql import functions as F\nfrom sklearn.pipeline import Pipeline\nPipeline([("clf", clf)]).fit(X, y)'],
      ['pyspark.sql and scikit-learn\'s encoder', 'from pyspark.sql import SparkSession\nfrom sklearn.preprocessing import OneHotEncoder\nOneHotEncoder().fit(X)'],
      ['a word pyspark in a comment, a fit call', '# runs on pyspark clusters\nmodel.fit(X, y)'],
    ],
  },
  {
    title: 'MLT603 parses a file only where a request to a serving endpoint can be written',
    rules: [mlt603BatchScoringThroughEndpoint],
    parsed: [
      ['an HTTP request to the invocations path', 'for row in df.collect():\n    requests.post(f"{host}/serving-endpoints/churn/invocations", json=row.asDict())'],
      ['the SDK\'s query', 'for row in df.collect():\n    w.serving_endpoints.query(name="churn", dataframe_records=[row.asDict()])'],
      ['the deployments client\'s predict', 'client = get_deploy_client("databricks")\nfor _, r in pdf.iterrows():\n    client.predict(endpoint="churn", inputs={"dataframe_records": [r.to_dict()]})'],
    ],
    notParsed: [
      // h71: workspace set-up and clean-up code that manages endpoints row by row and sends no request.
      ['endpoints created and deleted with the SDK', 'for row in spark.table("cfg.endpoints").collect():\n    w.serving_endpoints.create(name=row.name, config=cfg)\n    w.serving_endpoints.delete(name=row.old)'],
      ['permissions granted on endpoints', 'for ep in endpoints.take(100):\n    w.serving_endpoints.set_permissions(ep.id, access_control_list=acl)'],
    ],
  },
  {
    title: 'MLT307 parses a file only where a misnamed requirement can be read',
    rules: [mlt307ImportNameAsRequirement],
    parsed: [
      ['an install line', '%pip install yaml\nimport yaml'],
      ['a requirement given to log_model', 'mlflow.pyfunc.log_model("m", python_model=M(), pip_requirements=["sklearn==1.3.2"])'],
    ],
    notParsed: [
      // h71: an app server that installs nothing itself and names "yaml" as a format.
      ['a format named yaml, the word install in a message', 'FORMATS = ["json", "yaml"]\nlog.info("install the CLI first")'],
      ['a list naming cv2 beside an install line of other packages, given to no log_model', '%pip install mlflow\nreqs = ["cv2"]'],
    ],
  },
  {
    title: 'MLT305 parses a file only where a library autologging records is trained',
    rules: [mlt305AutologAfterFit],
    parsed: [
      ['a scikit-learn fit', 'import mlflow\nfrom sklearn.linear_model import LinearRegression\nLinearRegression().fit(X, y)\nmlflow.autolog()'],
      ['lightgbm.train', 'import mlflow, lightgbm as lgb\nlgb.train(params, data)\nmlflow.lightgbm.autolog()'],
      ['a Lightning trainer', 'import mlflow\nimport lightning as L\nL.Trainer().fit(model)\nmlflow.pytorch.autolog()'],
    ],
    notParsed: [
      // h71: agent and tracing code that turns on an LLM flavor's autologging and trains nothing autologging knows.
      ['an agent\'s autolog', 'import mlflow\nfrom langchain.agents import AgentExecutor\nmlflow.langchain.autolog()\nagent.invoke({"input": q})'],
      ['a transformers trainer', 'import mlflow\nfrom transformers import Trainer\nTrainer(model=m).train()\nmlflow.transformers.autolog()'],
    ],
  },
  {
    title: 'MLT301 parses a file only where a second run can start while one is active',
    rules: [mlt301NestedRunWithoutFlag],
    parsed: [
      ['a run inside another', 'import mlflow\nwith mlflow.start_run():\n    with mlflow.start_run():\n        pass'],
      ['an objective that starts a run, in another cell', 'import mlflow\ndef objective(p):\n    with mlflow.start_run():\n        pass\n# COMMAND ----------\nwith mlflow.start_run():\n    fmin(objective, space)'],
      ['one start in a loop, not in a with statement', 'import mlflow\nfor alpha in [0.1, 0.5]:\n    mlflow.start_run()\n    mlflow.log_param("alpha", alpha)'],
      ['one start on a loop\'s line', 'import mlflow\nfor a in alphas: run = mlflow.start_run()'],
    ],
    notParsed: [
      // h71: training notebooks and modules that start one run in one with statement.
      ['one with block', 'import mlflow\nwith mlflow.start_run(run_name="train") as run:\n    model.fit(X, y)\n    mlflow.log_metric("rmse", rmse)'],
      ['one with block in a loop (each pass ends its run)', 'import mlflow\nfor alpha in alphas:\n    with mlflow.start_run():\n        train(alpha)'],
      ['one with statement of two items, the run among them', 'import mlflow\nwith open(path) as f, mlflow.start_run():\n    pass'],
    ],
  },
  {
    title: 'MLT406 parses a file only where a model is registered under a name',
    rules: [mlt406UcModelNameNotThreeLevel],
    parsed: [
      ['the keyword of log_model', 'mlflow.set_registry_uri("databricks-uc")\nmlflow.sklearn.log_model(m, "model", registered_model_name="churn")'],
      ['the keyword on its own line', 'mlflow.set_registry_uri("databricks-uc")\nlog_model(\n    m,\n    registered_model_name\n    = NAME,\n)'],
      ['register_model', 'mlflow.set_registry_uri("databricks-uc")\nmlflow.register_model(uri, "churn")'],
      ['create_registered_model', 'mlflow.set_registry_uri("databricks-uc")\nclient.create_registered_model("churn")'],
    ],
    notParsed: [
      // h71: a processing module that reads the name from its configuration and registers nothing.
      ['the name read from a configuration', 'mlflow.set_registry_uri("databricks-uc")\nif config.registered_model_name != "default":\n    name = f"{catalog}.{schema}.{config.registered_model_name}"'],
    ],
  },
  {
    title: 'MLT701 parses a file only where a metric can come from a model',
    rules: [mlt701MetricAssertInUnitTest],
    parsed: [
      ['a model\'s predictions scored', 'def test_model():\n    model.fit(X, y)\n    assert f1(y, model\n        .predict(X)) > 0.9'],
      ['an estimator\'s score', 'def test_model():\n    assert clf.score(X, y) > 0.8'],
      ['mlflow.evaluate under another name', 'from mlflow import evaluate as run_evaluation\ndef test_eval():\n    result = run_evaluation(model_uri, data)\n    assert result.metrics["accuracy"] > 0.8'],
      ['a sklearn.metrics function', 'from sklearn.metrics import accuracy_score\ndef test_acc():\n    assert accuracy_score(y, y_hat) > 0.8'],
    ],
    notParsed: [
      // h71: unit tests of data pipelines and detectors that name scores and call no model.
      ['a score column of a data pipeline', 'def test_scores():\n    df = build_scores(rows, threshold=0.5)\n    assert df["score"].mean() > 0.4'],
      ['a detector\'s score, no method of a model', 'def test_detector():\n    result = detect(text, score_threshold=0.8)\n    assert result[0]["score"] >= 0.8'],
    ],
  },
];

for (const { title, rules, parsed, notParsed } of PARSE_TABLES) {
  describe(title, () => {
    for (const [name, text] of parsed) it(`parsed: ${name}`, () => assert.equal(canAnyRuleFire(text, rules), true, text));
    for (const [name, text] of notParsed) it(`not parsed: ${name}`, () => assert.equal(canAnyRuleFire(text, rules), false, text));
  });
}
