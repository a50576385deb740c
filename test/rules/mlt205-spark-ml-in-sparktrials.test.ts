import { mlt205SparkMlInSparktrials } from '../../rules/mlt205-spark-ml-in-sparktrials';
import { describeRule } from '../support/ruleTester';

const HEADER = `from hyperopt import SparkTrials, fmin, hp, tpe
from pyspark.ml.classification import LogisticRegression
train_df = spark.table("main.ml.churn_train")
`;

describeRule(mlt205SparkMlInSparktrials, {
  flagged: [
    {
      name: 'the pandas API on Spark in the objective (it needs the SparkContext too)',
      code: `
        import pyspark.pandas as ps
        from hyperopt import SparkTrials, fmin, tpe

        def objective(params):
            pdf = ps.read_table("main.iot.sensors").to_pandas()
            return float(pdf["v"].mean()) * params["w"]

        fmin(objective, space, algo=tpe.suggest, max_evals=20, trials=SparkTrials())
      `,
      findings: [{ line: 8, column: 63, message: 'but objective() calls the pandas API on Spark (pyspark.pandas.read_table()) (line 5)' }],
    },
    {
      name: 'an objective that is a method of a tuner class (self.objective) and fits Spark ML',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        from pyspark.ml.regression import LinearRegression

        class Tuner:
            def objective(self, params):
                return -LinearRegression(regParam=params["reg"]).fit(self.train).summary.r2

            def run(self, space):
                return fmin(self.objective, space, algo=tpe.suggest, max_evals=20, trials=SparkTrials())
      `,
      findings: [{ line: 9, column: 83, message: 'SparkTrials runs each trial of objective() in a Spark task on a worker' }],
    },
    {
      name: 'a read through the session\'s read property is named with its method (spark.read is no call)',
      code: `
        from hyperopt import SparkTrials, fmin, tpe
        def objective(p):
            return len(spark.read.parquet("/Volumes/main/ml/raw").toPandas())
        fmin(fn=objective, space=s, algo=tpe.suggest, max_evals=20, trials=SparkTrials(parallelism=4))
      `,
      findings: [{ line: 4, column: 68, message: 'but objective() calls spark.read.parquet() (line 3)' }],
    },
    {
      name: 'the spec trap: the objective builds and fits a Spark ML estimator, trials=SparkTrials(...) inline',
      code: `${HEADER}
def objective(params):
    model = LogisticRegression(regParam=params["reg"]).fit(train_df)
    return -model.summary.areaUnderROC

fmin(fn=objective, space={"reg": hp.loguniform("reg", -5, 0)}, algo=tpe.suggest, max_evals=20, trials=SparkTrials(parallelism=4))
`,
      findings: [{ line: 9, column: 103, message: 'SparkTrials runs each trial of objective() in a Spark task on a worker, where there is no SparkContext, but objective() creates a Spark ML LogisticRegression (line 6)', severity: 'error' }],
    },
    {
      name: 'functools.partial binds a Spark ML pipeline to the parameter the objective fits',
      code: `${HEADER}
from functools import partial
from pyspark.ml import Pipeline

def objective(params, pipeline, data):
    return -pipeline.fit(data).summary.areaUnderROC

pipe = Pipeline(stages=[LogisticRegression()])
fmin(fn=partial(objective, pipeline=pipe, data=train_df), space=space, algo=tpe.suggest, max_evals=8, trials=SparkTrials(parallelism=2))
`,
      findings: [{ line: 12, column: 110, message: 'objective() fits a Spark ML Pipeline (line 9)' }],
    },
    {
      name: 'trials through a name, objective as the first positional; a DataFrame method on a Spark DataFrame',
      code: `${HEADER}
def objective(params):
    rows = train_df.filter("tenure > 3").count()
    return rows * params["x"]

trials = SparkTrials(parallelism=2)
best = fmin(objective, space, tpe.suggest, 10, trials=trials)
`,
      findings: [{ line: 9, column: 10, message: 'objective() calls filter() on a Spark DataFrame' }],
    },
    {
      name: 'a helper the objective calls reads a table with spark.',
      code: `${HEADER}
def load():
    return spark.table("main.ml.features").toPandas()

def objective(params):
    pdf = load()
    return float(pdf["y"].mean()) * params["x"]

fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
      findings: [{ line: 12, column: 54, message: 'objective() (through load()) calls spark.table()' }],
    },
    {
      name: 'toPandas() on a parameter of a helper, in a Databricks notebook',
      code: `# Databricks notebook source
from hyperopt import SparkTrials, fmin, tpe

def to_frame(df):
    return df.toPandas()

# COMMAND ----------

def objective(params):
    return len(to_frame(features_df)) * params["x"]

fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=8, trials=SparkTrials(parallelism=2))
`,
      findings: [{ line: 12, column: 71, message: 'calls toPandas() on a Spark DataFrame' }],
    },
    {
      name: 'a lambda objective that fits a Spark ML estimator bound outside it',
      code: `${HEADER}
lr = LogisticRegression()
fmin(fn=lambda params: lr.fit(train_df).summary.accuracy, space=space, max_evals=10, trials=SparkTrials())
`,
      findings: [{ line: 6, column: 93, message: 'the objective lambda fits a Spark ML LogisticRegression' }],
    },
  ],
  silent: [
    {
      name: 'plain pandas in the objective, and pandas API on Spark read on the driver before the search',
      code: `
        import pandas as pd
        import pyspark.pandas as ps
        from hyperopt import SparkTrials, fmin, tpe

        pdf = ps.read_table("main.iot.sensors").to_pandas()

        def objective(params):
            local = pd.read_csv("/tmp/sample.csv")
            return float(pdf["v"].mean() + local["v"].mean()) * params["w"]

        fmin(objective, space, algo=tpe.suggest, max_evals=20, trials=SparkTrials())
      `,
    },
    {
      name: 'functools.partial binds a scikit-learn pipeline; a parameter rebound inside the objective',
      code: `${HEADER}
from functools import partial
from sklearn.pipeline import Pipeline as SkPipeline

def objective(params, pipeline, X, y):
    return -pipeline.fit(X, y).score(X, y)

def objective2(params, pipeline, X, y):
    pipeline = make_local_pipeline(params)
    return -pipeline.fit(X, y).score(X, y)

pipe = SkPipeline(steps=[("clf", clf)])
fmin(fn=partial(objective, pipeline=pipe, X=X, y=y), space=space, algo=tpe.suggest, max_evals=8, trials=SparkTrials(parallelism=2))
fmin(fn=partial(objective2, pipeline=Pipeline(stages=[LogisticRegression()]), X=X, y=y), space=space, algo=tpe.suggest, max_evals=8, trials=SparkTrials(parallelism=2))
`,
    },
    {
      name: 'a single-machine objective (scikit-learn on a pandas frame made on the driver)',
      code: `${HEADER}
from sklearn.ensemble import RandomForestClassifier
pdf = train_df.toPandas()

def objective(params):
    model = RandomForestClassifier(max_depth=int(params["depth"])).fit(pdf[["a", "b"]], pdf["y"])
    return -model.score(pdf[["a", "b"]], pdf["y"])

fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=SparkTrials(parallelism=4))
`,
    },
    {
      name: 'Spark ML in the objective with the default Trials()',
      code: `${HEADER}
from hyperopt import Trials

def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=Trials())
`,
    },
    {
      name: 'Spark ML in the objective without trials (fmin uses Trials)',
      code: `${HEADER}
def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20)
`,
    },
    {
      name: 'Spark used only outside the objective, and pure-Python pyspark.ml.linalg vectors inside it',
      code: `${HEADER}
from pyspark.ml.linalg import Vectors
train_pdf = train_df.select("a", "b").toPandas()

def objective(params):
    v = Vectors.dense([params["x"], 1.0])
    return float(v.norm(2)) + float(train_pdf["a"].mean())

fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
    },
    {
      name: 'the training data broadcast on the driver (spark.sparkContext.broadcast, or through sc) and read with .value in the objective',
      code: `${HEADER}
from sklearn.ensemble import RandomForestClassifier
pdf = train_df.toPandas()
bc = spark.sparkContext.broadcast(pdf)
sc = spark.sparkContext
bc_test = sc.broadcast(spark.table("main.ml.churn_test").toPandas())

def objective(params):
    data = bc.value
    X = data.drop(columns=["y"])
    test = bc_test.value.copy()
    model = RandomForestClassifier(max_depth=int(params["depth"])).fit(X, data["y"])
    return -model.score(test.drop(columns=["y"]), test["y"])

fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=SparkTrials(parallelism=4))
`,
    },
    {
      name: 'pandas-on-Spark data made local on the driver with to_pandas() / to_numpy()',
      code: `${HEADER}
from sklearn.linear_model import Ridge
local = spark.table("main.ml.churn_train").pandas_api().to_pandas()
y = spark.table("main.ml.churn_train").pandas_api()["y"].to_numpy()

def objective(params):
    X = local.drop(columns=["y"])
    return -Ridge(alpha=params["a"]).fit(X, y).score(X, y)

fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
    },
    {
      name: 'a toPandas method of a class of the file',
      code: `${HEADER}
class Frame:
    def toPandas(self):
        return None

def objective(params):
    Frame().toPandas()
    return params["x"]

fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
    },
    {
      name: 'an objective defined in another file (unknown)',
      code: `${HEADER}
from my_project.tuning import objective
fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
    },
    {
      name: 'Spark deeper than three helper levels is not followed',
      code: `${HEADER}
def d():
    return spark.table("t")
def c():
    return d()
def b():
    return c()
def a():
    return b()
def objective(params):
    a()
    return params["x"]
fmin(fn=objective, space=space, max_evals=10, trials=SparkTrials())
`,
    },
  ],
  fixes: [
    {
      name: 'replaces SparkTrials(...) with Trials(), which takes its place in the import',
      code: `${HEADER}
def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

trials = SparkTrials(parallelism=4)
fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=trials)
`,
      output: `from hyperopt import Trials, fmin, hp, tpe
from pyspark.ml.classification import LogisticRegression
train_df = spark.table("main.ml.churn_train")

def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

trials = Trials()
fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=trials)
`,
      fixTitle: 'Replace SparkTrials(...) with Trials()',
      safety: 'unsafe',
    },
    {
      name: 'reuses `import hyperopt`',
      code: `import hyperopt
from pyspark.ml.classification import LogisticRegression

def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

hyperopt.fmin(fn=objective, space=space, max_evals=20, trials=hyperopt.SparkTrials(parallelism=4))
`,
      output: `import hyperopt
from pyspark.ml.classification import LogisticRegression

def objective(params):
    return -LogisticRegression(regParam=params["reg"]).fit(train_df).summary.areaUnderROC

hyperopt.fmin(fn=objective, space=space, max_evals=20, trials=hyperopt.Trials())
`,
      safety: 'unsafe',
    },
  ],
});
