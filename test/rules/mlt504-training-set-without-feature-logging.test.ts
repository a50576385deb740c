import { mlt504TrainingSetWithoutFeatureLogging } from '../../rules/mlt504-training-set-without-feature-logging';
import { describeRule } from '../support/ruleTester';

const TRAINING = `
  import mlflow
  from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
  from sklearn.ensemble import RandomForestClassifier

  fe = FeatureEngineeringClient()
  training_set = fe.create_training_set(
      df=labels_df,
      feature_lookups=[FeatureLookup(table_name="ml.fs.customers", lookup_key="customer_id")],
      label="churned",
  )
  pdf = training_set.load_df().toPandas()
  model = RandomForestClassifier().fit(pdf.drop(columns=["churned"]), pdf["churned"])
`;

// A training set a helper creates and returns, loaded and trained on (create_training_set on line 5).
const BUILT_BY_HELPER = `import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
fe = FeatureEngineeringClient()
def build(labels):
    return fe.create_training_set(df=labels, feature_lookups=[FeatureLookup(table_name="ml.fs.t", lookup_key="id")], label="y")
ts = build(labels_df)
data = ts.load_df().toPandas()
model = LGBMClassifier().fit(data.drop(columns="y"), data["y"])`;

/** A hyperopt search whose objective logs each trial's model, trained on a feature store training set. */
const TRIAL_SEARCH = `import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
from hyperopt import fmin, hp, tpe
from sklearn.ensemble import RandomForestRegressor
fe = FeatureEngineeringClient()
ts = fe.create_training_set(df=labels, label="y", feature_lookups=[FeatureLookup(table_name="main.ml.feats", lookup_key="id")])
pdf = ts.load_df().toPandas()
X, y = pdf.drop(columns=["y"]), pdf["y"]
def objective(params):
    with mlflow.start_run(nested=True):
        model = RandomForestRegressor(n_estimators=int(params["n"])).fit(X, y)
        mlflow.sklearn.log_model(model, "model")
        return -model.score(X, y)
best = fmin(objective, {"n": hp.quniform("n", 10, 100, 10)}, algo=tpe.suggest, max_evals=8)
`;

describeRule(mlt504TrainingSetWithoutFeatureLogging, {
  flagged: [
    {
      name: "near miss of trial models: the file registers the best trial's model afterwards",
      code: `${TRIAL_SEARCH}mlflow.register_model(f"runs:/{best_run_id}/model", "main.ml.rf")\n`,
      findings: [{ line: 12, column: 9, message: 'is logged only with mlflow.sklearn.log_model' }],
    },
    {
      name: 'the training data loaded three helpers deep, or written to a table and read back before the fit',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from sklearn.ensemble import RandomForestClassifier
        fe = FeatureEngineeringClient()
        def load(labels):
            return fe.create_training_set(df=labels, feature_lookups=[FeatureLookup(table_name="ml.f", lookup_key="id")], label="y").load_df()
        def prepare(labels):
            return load(labels).toPandas()
        def dataset(labels):
            return prepare(labels)
        pdf = dataset(spark.table("ml.labels"))
        model = RandomForestClassifier().fit(pdf.drop(columns=["y"]), pdf["y"])
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model")
      `,
      findings: [{ line: 14, column: 5, message: 'is logged only with mlflow.sklearn.log_model' }],
    },
    {
      name: 'a training set written to a table, read back and fitted on',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from sklearn.ensemble import RandomForestClassifier
        fe = FeatureEngineeringClient()
        ts = fe.create_training_set(df=spark.table("ml.labels"), feature_lookups=[FeatureLookup(table_name="ml.f", lookup_key="id")], label="y")
        ts.load_df().write.mode("overwrite").saveAsTable("ml.snapshot")
        pdf = spark.table("ml.snapshot").toPandas()
        model = RandomForestClassifier().fit(pdf.drop(columns=["y"]), pdf["y"])
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model")
      `,
      findings: [{ line: 10, column: 5, message: 'is logged only with mlflow.sklearn.log_model' }],
    },
    {
      name: 'a training set a function of the file creates and returns, loaded by its caller',
      code: `${BUILT_BY_HELPER}
with mlflow.start_run():
    mlflow.lightgbm.log_model(model, "model")
`,
      findings: [{ line: 10, column: 5, message: 'is logged only with mlflow.lightgbm.log_model' }],
    },
    {
      name: 'the training set built in a helper that takes the client as a parameter, which every call passes',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from xgboost import XGBRegressor

        def prepare(fe, labels_df):
            training_set = fe.create_training_set(df=labels_df, label="ltv", feature_lookups=[FeatureLookup(table_name="ml.fs.users", lookup_key="user_id")])
            return training_set.load_df().toPandas()

        def main():
            fe = FeatureEngineeringClient()
            pdf = prepare(fe, spark.table("ml.fs.labels"))
            model = XGBRegressor().fit(pdf.drop(columns=["ltv"]), pdf["ltv"])
            with mlflow.start_run():
                mlflow.xgboost.log_model(model, artifact_path="model")
      `,
      findings: [{ line: 14, column: 9, message: 'create_training_set, line 6' }],
    },
    {
      name: 'the client parameter annotated with the feature client class',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient

        def prepare(client: FeatureEngineeringClient, labels_df):
            return client.create_training_set(df=labels_df, label="ltv", feature_lookups=[]).load_df().toPandas()

        def main(client):
            pdf = prepare(client, spark.table("ml.fs.labels"))
            model = XGBRegressor().fit(pdf.drop(columns=["ltv"]), pdf["ltv"])
            mlflow.xgboost.log_model(model, artifact_path="model")
      `,
      findings: [{ line: 10, column: 5, message: 'log it with client.log_model' }],
    },
    {
      name: 'a class that keeps the training set, its data and the model in self attributes across methods',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from sklearn.linear_model import LinearRegression

        class Trainer:
            def __init__(self, df):
                self.fe = FeatureEngineeringClient()
                self.df = df

            def build(self):
                self.training_set = self.fe.create_training_set(
                    df=self.df, label="y", feature_lookups=[FeatureLookup(table_name="c.s.feats", lookup_key="id")],
                )
                self.pdf = self.training_set.load_df().toPandas()

            def train(self):
                self.model = LinearRegression().fit(self.pdf[["x"]], self.pdf["y"])

            def log(self):
                with mlflow.start_run():
                    mlflow.sklearn.log_model(self.model, "model")
      `,
      findings: [{ line: 21, column: 13, message: 'the model trained on the feature store training set (create_training_set, line 11) is logged only with mlflow.sklearn.log_model' }],
    },
    {
      name: 'a per-group training function the file calls on the driver only (no applyInPandas): flagged',
      code: `${TRAINING}
  def train_one(pdf):
      m = RandomForestClassifier().fit(pdf[["x"]], pdf["churned"])
      mlflow.sklearn.log_model(m, "model")
      return pdf
  train_one(pdf)
`,
      findings: [{ line: 16, column: 5, message: 'is logged only with mlflow.sklearn.log_model' }],
    },
    {
      name: 'autolog turned on twice (again inside the tuning objective): one finding, on the first',
      code: `
        import mlflow
        import lightgbm as lgb
        from hyperopt import fmin
        from databricks.feature_store import FeatureStoreClient
        mlflow.lightgbm.autolog()
        fs = FeatureStoreClient()
        pdf = fs.create_training_set(labels_df, feature_lookups=lookups, label="y").load_df().toPandas()
        def objective(params):
            mlflow.lightgbm.autolog()
            return lgb.train(params, lgb.Dataset(pdf)).best_score["valid_0"]["l2"]
        best = fmin(objective, space, max_evals=20)
      `,
      findings: [{ line: 5, column: 1, message: 'is logged only with mlflow.lightgbm.autolog()' }],
    },
    {
      name: 'a plain mlflow.sklearn.log_model after training on load_df()',
      code: `${TRAINING}
  with mlflow.start_run():
      mlflow.sklearn.log_model(model, "model")
`,
      findings: [{ line: 15, column: 5, message: 'fe.log_model(model=..., artifact_path=..., flavor=mlflow.sklearn, training_set=...)', severity: 'warning' }],
    },
    {
      name: 'autolog only',
      code: `
  import mlflow
  from databricks.feature_store import FeatureStoreClient
  fs = FeatureStoreClient()
  mlflow.sklearn.autolog()
  ts = fs.create_training_set(df, feature_lookups=lookups, label="y")
  train = ts.load_df().toPandas()
  model = clf.fit(train[cols], train["y"])
`,
      findings: [{ line: 4, column: 1, message: 'mlflow.sklearn.autolog()' }],
    },
    {
      name: 'load_df chained on the create_training_set call, in a Databricks notebook',
      code: `
  # Databricks notebook source
  import mlflow
  from databricks.feature_engineering import FeatureEngineeringClient
  fe = FeatureEngineeringClient()
  df = fe.create_training_set(df=ids, feature_lookups=lookups, label="y").load_df()

  # COMMAND ----------

  model = pipeline.fit(df)
  mlflow.spark.log_model(model, "model")
`,
      findings: [{ line: 10, column: 1, message: 'mlflow.spark.log_model' }],
    },
    {
      name: 'a second training set whose model is logged plain, after one logged by the feature client',
      code: `${TRAINING}
  fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set)
  small_set = fe.create_training_set(df=labels_df, feature_lookups=small_lookups, label="churned")
  small = small_set.load_df().toPandas()
  small_model = RandomForestClassifier().fit(small[cols], small["churned"])
  mlflow.sklearn.log_model(small_model, "small")
`,
      findings: [{ line: 18, column: 1, message: '(create_training_set, line 15)' }],
    },
  ],
  silent: [
    {
      name: "a search's trial models, logged in its objective, in a file that registers and batch-scores no model (the deployed one is retrained and logged elsewhere)",
      code: TRIAL_SEARCH,
    },
    {
      name: 'a model fitted only on the raw labels, while the training set serves another split',
      code: `
        import mlflow
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        from sklearn.ensemble import RandomForestClassifier
        fs = FeatureStoreClient()
        labels = spark.table("ml.labels")
        train, test = labels.randomSplit([0.8, 0.2], seed=1)
        lookups = [FeatureLookup(table_name="ml.user_features", lookup_key="id")]
        test_set = fs.create_training_set(test, feature_lookups=lookups, label="y").load_df()
        train_pd = train.toPandas()
        model = RandomForestClassifier().fit(train_pd.drop("y", axis=1), train_pd["y"])
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model")
      `,
    },
    {
      name: 'a training set a function returns, loaded and logged with the feature client',
      code: `${BUILT_BY_HELPER}
fe.log_model(model=model, artifact_path="model", flavor=mlflow.lightgbm, training_set=ts)
`,
    },
    {
      name: 'an instance attribute assigned twice (here through a tuple) is not followed',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from sklearn.linear_model import LinearRegression

        class Trainer:
            def build(self, df):
                self.training_set = FeatureEngineeringClient().create_training_set(df=df, label="y", feature_lookups=[FeatureLookup(table_name="c.s.f", lookup_key="id")])
                self.training_set, self.note = other_set(), "swapped"
                self.pdf = self.training_set.load_df().toPandas()

            def train(self):
                self.model = LinearRegression().fit(self.pdf[["x"]], self.pdf["y"])
                mlflow.sklearn.log_model(self.model, "model")
      `,
    },
    {
      name: 'per-group models logged on the executors, in the function handed to applyInPandas (no feature client there)',
      code: `${TRAINING}
  def train_one(pdf):
      m = RandomForestClassifier().fit(pdf[["x"]], pdf["churned"])
      mlflow.sklearn.log_model(m, f"store_{pdf['store'].iloc[0]}")
      return pdf[["store"]].head(1)
  training_set.load_df().groupBy("store").applyInPandas(train_one, schema="store int").collect()
`,
    },
    {
      name: 'logged in a helper that a mapInPandas function calls',
      code: `${TRAINING}
  def log_it(m):
      mlflow.sklearn.log_model(m, "model")
  def train_batches(batches):
      for pdf in batches:
          log_it(RandomForestClassifier().fit(pdf[["x"]], pdf["churned"]))
          yield pdf
  training_set.load_df().mapInPandas(train_batches, schema="x double").count()
`,
    },
    {
      name: 'a train set and a test set; trial models logged plain, the final one by the feature client',
      code: `
  import mlflow
  from databricks.feature_store import FeatureStoreClient
  fs = FeatureStoreClient()
  train_set = fs.create_training_set(train_ids, feature_lookups=lookups, label="y")
  test_set = fs.create_training_set(test_ids, feature_lookups=lookups, label="y")
  train, test = train_set.load_df().toPandas(), test_set.load_df().toPandas()
  for params in grid:
      trial = clf(**params).fit(train[cols], train["y"])
      mlflow.sklearn.log_model(trial, "model")
  fs.log_model(model=best, artifact_path="model", flavor=mlflow.sklearn, training_set=train_set)
`,
    },
    {
      name: 'a baseline logged plain after the feature-logged model of the only training set',
      code: `${TRAINING}
  fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set)
  baseline = LogisticRegression().fit(X, y)
  mlflow.sklearn.log_model(baseline, "baseline")
`,
    },
    {
      name: 'a feature-client log_model whose training set the file does not resolve',
      code: `${TRAINING}
  def log(ts):
      fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts)
  mlflow.sklearn.log_model(model, "copy")
`,
    },
    {
      name: 'the feature client logs the model with its training set',
      code: `${TRAINING}
  with mlflow.start_run():
      fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set)
`,
    },
    {
      name: 'both a plain log and a feature-client log',
      code: `${TRAINING}
  mlflow.sklearn.log_model(model, "plain")
  fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set)
`,
    },
    { name: 'no model logged at all', code: TRAINING },
    {
      name: 'a training set built but never loaded (data preparation only)',
      code: `
  import mlflow
  from databricks.feature_engineering import FeatureEngineeringClient
  fe = FeatureEngineeringClient()
  training_set = fe.create_training_set(df=ids, feature_lookups=lookups, label="y")
  model = clf.fit(X, y)
  mlflow.sklearn.log_model(model, "model")
`,
    },
    {
      name: 'no training in the file (the model was trained elsewhere)',
      code: `
  import mlflow
  from databricks.feature_engineering import FeatureEngineeringClient
  fe = FeatureEngineeringClient()
  df = fe.create_training_set(df=ids, feature_lookups=lookups, label="y").load_df()
  mlflow.pyfunc.log_model("model", python_model=Wrapper())
`,
    },
    {
      name: 'autolog with log_models=False',
      code: `${TRAINING}
  mlflow.sklearn.autolog(log_models=False)
`,
    },
    {
      name: 'a helper parameter the file passes something else, or nothing it can tell, for',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        from mylib import DataClient

        def prepare(client, labels_df):
            return client.create_training_set(df=labels_df, label="y").load_df().toPandas()

        def prepare_unknown(client, labels_df):
            return client.create_training_set(df=labels_df, label="y").load_df().toPandas()

        def main(external_client):
            pdf = prepare(FeatureEngineeringClient(), labels)
            other = prepare(DataClient(), labels)
            unknown = prepare_unknown(external_client, labels)
            model = clf.fit(pdf)
            mlflow.sklearn.log_model(model, "model")
      `,
    },
    {
      name: 'create_training_set on an object that is not a feature client',
      code: `
  import mlflow
  from mylib import DataClient
  dc = DataClient()
  df = dc.create_training_set(df=ids).load_df()
  model = clf.fit(df)
  mlflow.sklearn.log_model(model, "model")
`,
    },
  ],
  fixes: [],
});
