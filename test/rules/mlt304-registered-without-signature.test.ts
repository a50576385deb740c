// MLT304 registered-without-signature: flagged cases (severity by registry context) and silent look-alikes (the rule has no fix).
import * as assert from 'node:assert/strict';
import { mlt304RegisteredWithoutSignature } from '../../rules/mlt304-registered-without-signature';
import { lintWithRunTargets } from '../support/linter';
import { describeRule } from '../support/ruleTester';

describeRule(mlt304RegisteredWithoutSignature, {
  flagged: [
    {
      name: 'a run a function of the file returns from its run block, whose model is registered after the call',
      code: `
        # Databricks notebook source
        import mlflow
        def train():
            mlflow.pytorch.autolog(log_models=False)
            with mlflow.start_run() as run:
                mlflow.pytorch.log_model(net, artifact_path="model")
                return run
        run = train()
        mlflow.set_registry_uri("databricks-uc")
        mlflow.register_model("runs:/" + run.info.run_id + "/model", "main.cv.net")
      `,
      findings: [{ line: 10, column: 1, severity: 'error', message: 'mlflow.register_model registers "main.cv.net" logged by mlflow.pytorch.log_model on line 6 without signature= or input_example=' }],
    },
    {
      name: 'a migration script whose Unity Catalog client sits beside a fluent registration, with no other tracking store: the client decides',
      code: `
        import mlflow
        from mlflow import MlflowClient
        source = MlflowClient(tracking_uri="databricks", registry_uri="databricks-uc")
        versions = source.search_model_versions("name = 'main.ml.churn'")
        mlflow.set_tracking_uri("databricks")
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model", registered_model_name="main.ml.churn_copy")
      `,
      findings: [{ line: 7, column: 5, severity: 'error', message: 'Unity Catalog rejects a model version without a signature' }],
    },
    {
      name: 'a model loaded by alias, or by a stage chosen at run time (the other arm is an alias), a latest URI only printed, a name latest_versions: no registry with stages shown',
      code: `
        # Databricks notebook source
        import mlflow
        from sklearn.linear_model import LinearRegression
        reference = mlflow.sklearn.load_model("models:/base_model@champion" if USE_UC else "models:/base_model/Production")
        print("load it with models:/my_model/latest")
        latest_versions = sorted(client.search_model_versions("name='my_model'"), key=lambda v: int(v.version))
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(LinearRegression().fit(X, y), "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "my_model")
      `,
      findings: [{ line: 9, column: 1, message: 'in Unity Catalog, registering a model version without a signature fails' }],
    },
    {
      name: 'more guards against None: an assert, a parenthesized or compound condition, a membership test, os._exit, and an f-string or a concatenation that cannot be empty',
      code: `
        import os
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        a = dbutils.widgets.get("a") or None
        assert a is not None, "a is required"
        b = dbutils.widgets.get("b") or None
        if (b is None):
            raise ValueError("b")
        c = dbutils.widgets.get("c") or None
        if c is None or not c.startswith("main."):
            raise ValueError("c")
        d = dbutils.widgets.get("d") or None
        if d in (None, ""):
            os._exit(1)
        mlflow.sklearn.log_model(model, "a", registered_model_name=a)
        mlflow.sklearn.log_model(model, "b", registered_model_name=b)
        mlflow.sklearn.log_model(model, "c", registered_model_name=c)
        mlflow.sklearn.log_model(model, "d", registered_model_name=d)
        mlflow.sklearn.log_model(model, "e", registered_model_name=f"{catalog}.ml.churn" or None)
        mlflow.sklearn.log_model(model, "f", registered_model_name=("main.ml." + suffix) or None)
      `,
      findings: [{ line: 15, column: 1 }, { line: 16, column: 1 }, { line: 17, column: 1 }, { line: 18, column: 1 }, { line: 19, column: 1 }, { line: 20, column: 1 }],
    },
    {
      name: 'a name that may be None but is guarded before the call (a default set when None, a raise, an exit in an earlier cell), and a non-empty constant or None',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        target = dbutils.widgets.get("target") or None
        if target is None:
            dbutils.notebook.exit("target is required")

        # COMMAND ----------

        name = dbutils.widgets.get("name") or None
        if name is None:
            name = "main.ml.churn_default"
        strict = dbutils.widgets.get("strict") or None
        if not strict:
            raise ValueError("strict is required")
        REGISTERED = "main.ml.churn"
        mlflow.sklearn.log_model(model, "a", registered_model_name=target)
        mlflow.sklearn.log_model(model, "b", registered_model_name=name)
        mlflow.sklearn.log_model(model, "c", registered_model_name=strict)
        mlflow.sklearn.log_model(model, "d", registered_model_name=REGISTERED or None)
      `,
      findings: [{ line: 17, column: 1 }, { line: 18, column: 1 }, { line: 19, column: 1 }, { line: 20, column: 1 }],
    },
    {
      name: 'a registered name with a fallback that is a name, not None (`or "churn"`), and one chosen between two names: registered either way',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        reg_name = dbutils.widgets.get("registered_model") or "ml.retail.churn"
        other = "ml.retail.a" if use_a else "ml.retail.b"
        mlflow.sklearn.log_model(model, "model", registered_model_name=reg_name)
        mlflow.sklearn.log_model(model, "model2", registered_model_name=other)
      `,
      findings: [{ line: 5, column: 1 }, { line: 6, column: 1 }],
    },
    {
      name: 'a log_model whose registered name may be None, then a register_model of its run: the register_model call registers for sure',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        reg_name = dbutils.widgets.get("registered_model") or None
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model", registered_model_name=reg_name)
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.retail.churn")
      `,
      findings: [{ line: 6, column: 1, message: 'mlflow.register_model registers "ml.retail.churn" logged by mlflow.sklearn.log_model' }],
    },
    {
      name: 'a Spark ML model: the advice builds the signature from a DataFrame and transform (a PipelineModel has no predict)',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.spark.log_model(pipeline_model, "model", registered_model_name="ml.churn.spark_model")
      `,
      findings: [{ line: 3, column: 1, message: 'pass signature=infer_signature(input_df, model.transform(input_df).select(<its predictionCol, "prediction" by default>)) or an input_example' }],
    },
    {
      name: 'signature=False beside an input_example: MLflow saves the example and infers no signature (also registered later by register_model)',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        class Scorer(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return model_input
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model", input_example=X.head(3), signature=False, registered_model_name="ml.retail.churn")
            mlflow.pyfunc.log_model("scorer", python_model=Scorer(), input_example=X.head(3), signature=False)
            mlflow.sklearn.log_model(model, "bare", signature=False, registered_model_name="ml.retail.bare")
        mlflow.register_model(f"runs:/{run.info.run_id}/scorer", "ml.retail.scorer")
      `,
      findings: [
        {
          line: 7,
          column: 5,
          message:
            'mlflow.sklearn.log_model registers "ml.retail.churn" with signature=False, which stops MLflow inferring a signature from its input_example: Unity Catalog rejects a model version without a signature — pass signature=infer_signature(X, model.predict(X)) in place of signature=False',
          severity: 'error',
        },
        { line: 9, column: 5, message: 'registers "ml.retail.bare" with signature=False and no input_example: Unity Catalog rejects a model version without a signature — pass signature=infer_signature(X, model.predict(X)) in place of signature=False' },
        { line: 10, column: 1, message: 'logged by mlflow.pyfunc.log_model on line 8 with signature=False, which stops MLflow inferring a signature from its input_example' },
      ],
    },
    {
      name: "signature=False beside predict's list[str] type hints: pyfunc reads the hints only when no signature= is given",
      code: `
        import mlflow
        from mlflow.pyfunc import PythonModel
        mlflow.set_registry_uri("databricks-uc")
        class Echo(PythonModel):
            def predict(self, context, model_input: list[str], params=None) -> list[str]:
                return model_input
        mlflow.pyfunc.log_model("echo", python_model=Echo(), input_example=["a"], signature=False, registered_model_name="ml.text.echo")
        mlflow.pyfunc.log_model("typed", python_model=Echo(), registered_model_name="ml.text.typed")
      `,
      findings: [{ line: 7, column: 1, message: "with signature=False, which stops MLflow inferring a signature from predict's type hints and its input_example" }],
    },
    {
      name: 'a three-part name: Unity Catalog context, an error that says Unity Catalog rejects it',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, artifact_path="model", registered_model_name="ml.retail.churn")
      `,
      findings: [
        {
          line: 3,
          column: 5,
          message:
            'mlflow.sklearn.log_model registers "ml.retail.churn" without signature= or input_example=: Unity Catalog rejects a model version without a signature — pass signature=infer_signature(X, model.predict(X)) or an input_example',
          severity: 'error',
        },
      ],
    },
    {
      name: 'set_registry_uri("databricks-uc") and a name in a variable: an error',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        MODEL_NAME = "churn_model"
        mlflow.xgboost.log_model(
            booster,
            "model",
            registered_model_name=MODEL_NAME,
        )
      `,
      findings: [{ line: 4, column: 1, message: '"churn_model" without signature= or input_example=: Unity Catalog rejects', severity: 'error' }],
    },
    {
      name: 'a Databricks notebook with no registry context: information, phrased "in Unity Catalog"',
      code: `
        # Databricks notebook source
        import mlflow.spark
        mlflow.spark.log_model(pipeline_model, "model", registered_model_name=name, signature=None)
      `,
      findings: [
        {
          line: 3,
          column: 1,
          message: 'registers the model without signature= or input_example=: in Unity Catalog, registering a model version without a signature fails',
          severity: 'information',
        },
      ],
    },
    {
      name: 'a PythonModel whose predict has no type hints',
      code: `
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input, params=None):
                return model_input
        mlflow.pyfunc.log_model(artifact_path="m", python_model=Model(), registered_model_name="ml.a.b")
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'a PythonModel whose predict is hinted pd.DataFrame or np.ndarray: MLflow cannot infer from those',
      code: `
        import mlflow
        import numpy as np
        import pandas as pd
        class FrameModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input: pd.DataFrame, params=None) -> pd.DataFrame:
                return model_input
        class ArrayModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input: "np.ndarray"):
                return model_input
        mlflow.pyfunc.log_model(artifact_path="m", python_model=FrameModel(), registered_model_name="ml.a.b")
        mlflow.pyfunc.log_model(artifact_path="m", python_model=ArrayModel(), registered_model_name="ml.a.c")
      `,
      findings: [{ line: 10, column: 1 }, { line: 11, column: 1 }],
    },
    {
      name: 'through an import alias, autolog switched off',
      code: `
        import mlflow.lightgbm as mlgb
        import mlflow
        mlflow.autolog(disable=True)
        mlgb.log_model(booster, "model", registered_model_name="ml.a.b")
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'autolog without model signatures, or without models, does not sign this model',
      code: `
        import mlflow
        mlflow.sklearn.autolog(log_model_signatures=False)
        mlflow.pytorch.autolog(log_models=False)
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'autolog with signatures signs the models it logs, not one an explicit log_model call logs and registers',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.sklearn.autolog(log_model_signatures=True, log_input_examples=True)
        with mlflow.start_run():
            ridge = Ridge(alpha=0.9).fit(X_train, y_train)
            mlflow.sklearn.log_model(sk_model=ridge, artifact_path="ridge", registered_model_name="ridge_model")
      `,
      findings: [{ line: 6, column: 5, severity: 'information', message: 'mlflow.sklearn.log_model registers "ridge_model" without signature= or input_example=: in Unity Catalog, registering a model version without a signature fails' }],
    },
    {
      name: 'MlflowClient.create_model_version of a run\'s model logged without a signature, in Unity Catalog',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(clf, artifact_path="model")
        client = MlflowClient()
        client.create_registered_model("ml.demo.rf")
        version = client.create_model_version(name="ml.demo.rf", source=f"runs:/{run.info.run_id}/model", run_id=run.info.run_id)
      `,
      findings: [{ line: 8, column: 11, severity: 'error', message: 'MlflowClient.create_model_version registers "ml.demo.rf" logged by mlflow.sklearn.log_model on line 5 without signature= or input_example=: Unity Catalog rejects a model version without a signature' }],
    },
    {
      name: 'from mlflow import sklearn, input_example=None',
      code: `
        from mlflow import sklearn as mlflow_sklearn
        mlflow_sklearn.log_model(sk_model=model, artifact_path="model", registered_model_name="ml.a.b", input_example=None)
      `,
      findings: [{ line: 2, column: 1 }],
    },
    {
      name: 'register_model of a runs:/ URI logged in the same run block without a signature',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.retail.churn")
      `,
      findings: [
        {
          line: 5,
          column: 1,
          message:
            'mlflow.register_model registers "ml.retail.churn" logged by mlflow.sklearn.log_model on line 4 without signature= or input_example=: Unity Catalog rejects a model version without a signature',
          severity: 'error',
        },
      ],
    },
    {
      name: 'register_model through run_id = run.info.run_id, a concatenated URI, and model_info.model_uri',
      code: `
        import mlflow
        dbutils.widgets.text("model_name", "churn")
        with mlflow.start_run() as run:
            mlflow.xgboost.log_model(booster, artifact_path="booster")
            run_id = run.info.run_id
        model_uri = f"runs:/{run_id}/booster"
        mlflow.register_model(model_uri=model_uri, name=model_name)
        mlflow.register_model("runs:/" + run.info.run_id + "/booster", model_name)
        with mlflow.start_run():
            info = mlflow.lightgbm.log_model(lgbm, name="model")
        mlflow.register_model(info.model_uri, model_name)
      `,
      findings: [
        { line: 7, column: 1, severity: 'information' },
        { line: 8, column: 1 },
        { line: 11, column: 1, message: 'logged by mlflow.lightgbm.log_model on line 10' },
      ],
    },
    {
      name: 'register_model of mlflow.active_run() inside the block',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.spark.log_model(pipeline_model, "spark-model")
            run_id = mlflow.active_run().info.run_id
        mlflow.register_model(f"runs:/{run_id}/spark-model", "ml.a.b")
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'register_model of a URI built with str.format or % formatting',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model")
            run_id = mlflow.active_run().info.run_id
        mlflow.register_model("runs:/{}/model".format(run_id), "ml.a.b")
        mlflow.register_model("runs:/{0}/{1}".format(run.info.run_id, "model"), "ml.a.b")
        mlflow.register_model("runs:/{id}/model".format(id=run_id), "ml.a.b")
        mlflow.register_model("runs:/%s/model" % run_id, "ml.a.b")
      `,
      findings: [
        { line: 6, column: 1, message: 'logged by mlflow.sklearn.log_model on line 4', severity: 'error' },
        { line: 7, column: 1 },
        { line: 8, column: 1 },
        { line: 9, column: 1 },
      ],
    },
    {
      name: 'register_model of mlflow.get_artifact_uri(path) read inside the run block that logs there',
      code: `
        # Databricks notebook source
        import mlflow
        with mlflow.start_run():
            mlflow.xgboost.log_model(booster, "booster")
            booster_uri = mlflow.get_artifact_uri("booster")
        mlflow.register_model(booster_uri, "churn")
      `,
      findings: [{ line: 6, column: 1, message: 'registers "churn" logged by mlflow.xgboost.log_model on line 4', severity: 'information' }],
    },
    {
      name: 'register_model of self.<name>.model_uri, where the class assigns self.<name> once from log_model',
      code: `
        # Databricks notebook source
        import mlflow
        class Trainer:
            def train(self):
                with mlflow.start_run():
                    info = mlflow.sklearn.log_model(self.model, artifact_path="model")
                self.model_info = info
            def register(self, name):
                return mlflow.register_model(model_uri=self.model_info.model_uri, name=name)
      `,
      findings: [{ line: 9, column: 16, message: 'logged by mlflow.sklearn.log_model on line 6', severity: 'information' }],
    },
    {
      name: 'register_model of a run found by search_runs, at a path the file logs without a signature (artifact_uri + path)',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.spark.log_model(pipeline_model, "pipeline")
            mlflow.set_tag("family", "gbt")
        best = mlflow.search_runs(filter_string='tags.family = "gbt"', order_by=["metrics.f1 DESC"]).iloc[0]
        mlflow.register_model(best.artifact_uri + "/pipeline", "ml.plant.failures")
      `,
      findings: [
        {
          line: 6,
          column: 1,
          message:
            'mlflow.register_model registers "ml.plant.failures" from a run found by search_runs, at "pipeline", where this file logs with mlflow.spark.log_model (line 3) without signature= or input_example=: Unity Catalog rejects a model version without a signature',
          severity: 'error',
        },
      ],
    },
    {
      name: 'search_runs through a run id read from the frame, a concatenation, and pyfunc.log_model whose first argument is the path',
      code: `
        # Databricks notebook source
        import mlflow
        class Forecaster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return model_input
        with mlflow.start_run():
            mlflow.pyfunc.log_model("forecaster", python_model=Forecaster())
        runs = mlflow.search_runs(experiment_ids=[experiment_id])
        top_id = runs["run_id"][0]
        mlflow.register_model(f"runs:/{top_id}/forecaster", "forecaster")
        mlflow.register_model("runs:/" + runs.iloc[0].run_id + "/forecaster", "forecaster")
      `,
      findings: [
        { line: 10, column: 1, message: 'at "forecaster", where this file logs with mlflow.pyfunc.log_model (line 7)', severity: 'information' },
        { line: 11, column: 1, message: 'in Unity Catalog, registering a model version without a signature fails', severity: 'information' },
      ],
    },
    {
      name: 'search_runs of an MlflowClient, and two calls that log at that path: both named',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        for model in candidates:
            with mlflow.start_run():
                mlflow.sklearn.log_model(model, "model")
        with mlflow.start_run():
            mlflow.sklearn.log_model(baseline, artifact_path="model")
        best_run = MlflowClient().search_runs([experiment_id], order_by=["metrics.rmse ASC"])[0]
        mlflow.register_model(f"runs:/{best_run.info.run_id}/model", "churn")
      `,
      findings: [{ line: 10, column: 1, message: 'with mlflow.sklearn.log_model (lines 6 and 8) without signature= or input_example=' }],
    },
    {
      name: 'mlflow.spark.autolog() records data sources, not models: it does not sign the logged model',
      code: `
        import mlflow
        mlflow.spark.autolog()
        mlflow.spark.log_model(pipeline_model, "model", registered_model_name="ml.a.b")
      `,
      findings: [{ line: 3, column: 1, severity: 'error' }],
    },
    {
      name: 'a script that reads a DBFS path is Databricks code',
      code: `
        import mlflow
        df = spark.read.format("libsvm").load("/dbfs/datasets/digits.libsvm")
        with mlflow.start_run():
            mlflow.spark.log_model(model, artifact_path="model", registered_model_name="digits")
      `,
      findings: [{ line: 4, column: 5, message: 'in Unity Catalog, registering a model version without a signature fails', severity: 'information' }],
    },
    {
      name: 'a notebook that looks its versions up with search_model_versions, no stage call',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.sklearn.log_model(forest, "model", registered_model_name="rent_forest")
        versions = mlflow.MlflowClient().search_model_versions("name='rent_forest'")
      `,
      findings: [{ line: 3, column: 1, message: 'in Unity Catalog, registering a model version without a signature fails' }],
    },
  ],
  silent: [
    {
      name: 'a module whose only mention of dbutils is in a string and a comment: no Databricks code',
      code: `
        import mlflow
        from sklearn.neighbors import KNeighborsClassifier

        def register():
            model = KNeighborsClassifier().fit([[0], [1]], [0, 1])
            with mlflow.start_run():
                mlflow.sklearn.log_model(sk_model=model, artifact_path="model", registered_model_name="wheels-test")

        # dbutils.library.restartPython() is refused in this code path
        CODE = "dbutils.library.restartPython()\\nx = 5"
      `,
    },
    {
      name: 'near miss of a returned run: the model the returned run logs is signed',
      code: `
        # Databricks notebook source
        import mlflow
        def train():
            with mlflow.start_run() as run:
                mlflow.pytorch.log_model(net, artifact_path="model", signature=signature)
            return run
        run = train()
        mlflow.set_registry_uri("databricks-uc")
        mlflow.register_model("runs:/" + run.info.run_id + "/model", "main.cv.net")
      `,
    },
    {
      name: 'a Databricks notebook that loads models:/<name>/latest or reads latest_versions: written for a registry with stages (Unity Catalog refuses both)',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow.tracking import MlflowClient
        from sklearn.linear_model import LinearRegression
        with mlflow.start_run():
            mlflow.sklearn.log_model(LinearRegression().fit(X, y), "model", registered_model_name="echo_model")
        model = mlflow.pyfunc.load_model("models:/echo_model/latest")
      `,
    },
    {
      name: 'the same with latest_versions read from the registered model',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow.tracking import MlflowClient
        from sklearn.linear_model import LinearRegression
        with mlflow.start_run():
            mlflow.sklearn.log_model(LinearRegression().fit(X, y), "model", registered_model_name="echo_model")
        version = MlflowClient().get_registered_model("echo_model").latest_versions[0].version
      `,
    },
    {
      name: 'a migration script: a Unity Catalog client reads the source, the fluent registration goes to a tracking server from the environment',
      code: `
        import os
        import mlflow
        from mlflow import MlflowClient
        source = MlflowClient(tracking_uri="databricks", registry_uri="databricks-uc")
        versions = source.search_model_versions("name = 'main.ml.churn'")
        mlflow.set_tracking_uri(os.environ["TARGET_MLFLOW_URI"])
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
      `,
    },
    {
      name: 'an input_example with signature=None (MLflow infers one from the example) or a signature= whose value the file does not show',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.sklearn.log_model(model, "model", input_example=X.head(3), signature=None, registered_model_name="ml.retail.churn")
        mlflow.sklearn.log_model(model, "other", input_example=X.head(3), signature=use_signature, registered_model_name="ml.retail.other")
      `,
    },
    {
      name: 'checks that let None through: assert name != "", a membership without None, an assert before the name is bound again, an or with a conditional, an assert of an outer function',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        a = dbutils.widgets.get("a") or None
        assert a != ""
        b = dbutils.widgets.get("b") or None
        if b in ("",):
            raise ValueError("b")
        c = dbutils.widgets.get("c")
        assert c
        c = dbutils.widgets.get("other") or None
        d = dbutils.widgets.get("d") or None
        if d is None or strict if mode else False:
            raise ValueError("d")
        mlflow.sklearn.log_model(model, "a", registered_model_name=a)
        mlflow.sklearn.log_model(model, "b", registered_model_name=b)
        mlflow.sklearn.log_model(model, "c", registered_model_name=c)
        mlflow.sklearn.log_model(model, "d", registered_model_name=d)

        def outer(name):
            assert name
            def inner(name=None):
                name = name or None
                mlflow.sklearn.log_model(model, "e", registered_model_name=name)
            inner()
      `,
    },
    {
      name: 'guards that leave the None through: one in a branch only, one on another name, one after the call, one joined by and',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        name = dbutils.widgets.get("name") or None
        other = dbutils.widgets.get("other") or None
        if strict:
            if name is None:
                raise ValueError("name")
        if other is None:
            raise ValueError("other")
        if name is None and strict:
            raise ValueError("name")
        mlflow.sklearn.log_model(model, "a", registered_model_name=name)
        third = dbutils.widgets.get("third") or None
        mlflow.sklearn.log_model(model, "b", registered_model_name=third)
        assert third is not None
      `,
    },
    {
      name: 'a registered name that may be None (a widget left empty becomes None, `or None`, a None arm): the call registers only sometimes',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        registered = dbutils.widgets.get("registered_model")
        if registered == "":
            registered = None
        mlflow.sklearn.log_model(model, "a", registered_model_name=registered)
        mlflow.sklearn.log_model(model, "b", registered_model_name=dbutils.widgets.get("name") or None)
        mlflow.sklearn.log_model(model, "c", registered_model_name="ml.retail.churn" if register else None)
      `,
    },
    {
      name: 'a logged model signed afterwards with mlflow.models.set_signature, then registered',
      code: `
        import mlflow
        from mlflow.models import infer_signature, set_signature

        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, artifact_path="model")
        uri = f"runs:/{run.info.run_id}/model"
        set_signature(uri, infer_signature(X, model.predict(X)))
        mlflow.register_model(uri, "ml.default.model")
      `,
    },
    {
      name: 'a python_model whose class the file imports from a module of the project (it may be a ResponsesAgent, or have typed hints)',
      code: `
        import mlflow
        from agents.parrot import ParrotAgent
        from models.wrappers import ChurnWrapper
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run():
            mlflow.pyfunc.log_model(name="agent", python_model=ParrotAgent(), registered_model_name="main.agents.parrot")
            wrapper = ChurnWrapper(model)
            mlflow.pyfunc.log_model(name="churn", python_model=wrapper, registered_model_name="main.ml.churn")
      `,
    },
    {
      name: "ChatModel, ChatAgent and ResponsesAgent subclasses: MLflow sets their chat signature itself (and refuses signature=)",
      code: `
        import mlflow
        from mlflow.pyfunc import ChatAgent, ChatModel, ResponsesAgent
        mlflow.set_registry_uri("databricks-uc")
        class Parrot(ChatModel):
            def predict(self, context, messages, params):
                return messages[-1]
        class Helper(ChatAgent):
            def predict(self, messages, context=None, custom_inputs=None):
                return messages
        class Base(ResponsesAgent):
            pass
        class Responder(Base):
            def predict(self, request):
                return request
        mlflow.pyfunc.log_model(name="parrot", python_model=Parrot(), registered_model_name="main.chat.parrot")
        mlflow.pyfunc.log_model(name="helper", python_model=Helper(), registered_model_name="main.chat.helper")
        mlflow.pyfunc.log_model(name="responder", python_model=Responder(), registered_model_name="main.chat.responder")
      `,
    },
    {
      name: 'a model from code whose path is built at run time (os.path.join, a Path): its class is not in this file',
      code: `
        import os
        from pathlib import Path
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        agent_path = os.path.join(project_root, "agent", "agent.py")
        mlflow.pyfunc.log_model(name="agent", python_model=agent_path, registered_model_name="ml.agents.support")
        mlflow.pyfunc.log_model(name="router", python_model=Path(project_root) / "router.py", registered_model_name="ml.agents.router")
      `,
    },
    {
      name: 'the workspace registry accepts a version without a signature',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks")
        mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
      `,
    },
    {
      name: 'a notebook that promotes the version it registers by stage: written for the workspace registry',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(forest, "model")
        details = mlflow.register_model(f"runs:/{run.info.run_id}/model", "rent_forest")
        MlflowClient().transition_model_version_stage("rent_forest", details.version, "Staging")
      `,
    },
    {
      name: 'a notebook that loads a model by its stage (models:/name/Production): written for a registry with stages, which accepts unsigned versions',
      code: `
        # Databricks notebook source
        import mlflow
        from sklearn.linear_model import LinearRegression
        reference = mlflow.sklearn.load_model("models:/base_model/Production")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(LinearRegression().fit(X, y), "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "my_model")
      `,
    },
    {
      name: 'a notebook that reads the latest version by stage after registering',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.sklearn.log_model(forest, "model", registered_model_name="rent_forest")
        latest = mlflow.MlflowClient().get_latest_versions("rent_forest", stages=["None"])[0]
      `,
    },
    {
      name: "a notebook that lists the model's latest versions and their stages after registering (get_latest_versions raises in Unity Catalog, with or without stages)",
      code: `
        # Databricks notebook source
        import mlflow
        client = mlflow.MlflowClient()
        mlflow.sklearn.log_model(forest, "model", registered_model_name="rent_forest")
        for mv in client.get_latest_versions("rent_forest"):
            print(mv.version, mv.current_stage)
      `,
    },
    {
      name: 'an open-source MLflow server (the tracking store is the registry)',
      code: `
        import mlflow
        mlflow.set_tracking_uri("http://localhost:5000")
        mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
      `,
    },
    {
      name: 'a plain script that shows no Databricks at all',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.xgboost.log_model(booster, artifact_path="model", registered_model_name="churn")
      `,
    },
    {
      name: 'a signature is given',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        signature = infer_signature(X, model.predict(X))
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'an input example is given',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", input_example=X.head(5), registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'not registered',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model")
        mlflow.sklearn.log_model(model, "model", registered_model_name=None)
      `,
    },
    {
      name: 'create_model_version of a model logged with a signature, and of a source the file does not log',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(clf, artifact_path="model", signature=signature)
        client = MlflowClient()
        client.create_model_version("ml.demo.rf", f"runs:/{run.info.run_id}/model", run.info.run_id)
        client.create_model_version("ml.demo.other", source=artifact_location)
      `,
    },
    {
      name: 'autolog is on (with signatures), and the model registered is the one autolog logs',
      code: `
        import mlflow
        mlflow.sklearn.autolog(log_input_examples=True, log_model_signatures=True)
        with mlflow.start_run() as run:
            model.fit(X, y)
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.a.b")
      `,
    },
    {
      name: 'flavors that write their own signature',
      code: `
        import mlflow
        mlflow.transformers.log_model(pipe, "model", registered_model_name="ml.a.b")
        mlflow.sentence_transformers.log_model(encoder, "model", registered_model_name="ml.a.c")
        mlflow.openai.log_model(model="gpt-4o-mini", task=openai.chat.completions, name="model", registered_model_name="ml.a.d")
      `,
    },
    {
      name: 'PythonModels whose predict hints MLflow turns into a signature, and a model from code',
      code: `
        import mlflow
        from dataclasses import dataclass
        from typing import List
        from pydantic import BaseModel

        @dataclass
        class Query:
            text: str

        class Message(BaseModel):
            role: str
            content: str

        class ListModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input: list[str], params=None) -> list[str]:
                return model_input
        class TypingModel(mlflow.pyfunc.PythonModel):
            def predict(self, model_input: List[Query]):
                return model_input
        class PydanticModel(mlflow.pyfunc.PythonModel):
            def predict(self, model_input: list[Message], params=None):
                return model_input
        mlflow.pyfunc.log_model(artifact_path="m", python_model=ListModel(), registered_model_name="ml.a.b")
        mlflow.pyfunc.log_model(artifact_path="m", python_model=TypingModel(), registered_model_name="ml.a.b")
        mlflow.pyfunc.log_model(artifact_path="m", python_model=PydanticModel(), registered_model_name="ml.a.b")
        mlflow.pyfunc.log_model(artifact_path="m", python_model="agent.py", registered_model_name="ml.a.c")
      `,
    },
    {
      name: 'Feature Engineering client log_model (not an MLflow flavor)',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts, registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'a **kwargs splat and many positional arguments',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b", **extra)
        mlflow.sklearn.log_model(model, "model", None, None, "cloudpickle", registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'a local object called mlflow-like, and text in a comment',
      code: `
        import mlflow
        tracker.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
        # mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'register_model of a model logged with a signature, of another path, or of a run the file does not show',
      code: `
        import mlflow
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model", signature=signature)
            mlflow.sklearn.log_model(other, "other")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.a.b")
        mlflow.register_model(f"runs:/{run.info.run_id}/elsewhere", "ml.a.b")
        mlflow.register_model(f"runs:/{best_run_id}/other", "ml.a.b")
        mlflow.register_model(f"runs:/{automl_run.best_trial.mlflow_run_id}/model", "ml.a.b")
      `,
    },
    {
      name: 'register_model of a path that two calls of the run log (one with a signature): the file cannot tell which model it is',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            if use_xgboost:
                mlflow.xgboost.log_model(booster, "model", signature=signature)
            else:
                mlflow.sklearn.log_model(model, "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.a.b")
      `,
    },
    {
      name: 'formatted URIs whose run or path the file does not show: a format spec, an unknown path, a missing argument, **kwargs',
      code: `
        # Databricks notebook source
        import mlflow
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model")
            run_id = run.info.run_id
        mlflow.register_model("runs:/{}/{}".format(run_id, artifact_path), "churn")
        mlflow.register_model("runs:/{!s:>40}/model".format(run_id), "churn")
        mlflow.register_model("runs:/{}/model".format(), "churn")
        mlflow.register_model("runs:/{id}/model".format(**ids), "churn")
        mlflow.register_model("runs:/%s/%s" % (run_id, artifact_path), "churn")
        mlflow.register_model("runs:/%d/model" % run_id, "churn")
        mlflow.register_model("runs:/{}/model".format(other_run_id), "churn")
      `,
    },
    {
      name: 'mlflow.get_artifact_uri outside a run block, of another path, of the whole run, or of a path known only at run time',
      code: `
        # Databricks notebook source
        import mlflow
        with mlflow.start_run():
            mlflow.xgboost.log_model(booster, "booster")
            other_uri = mlflow.get_artifact_uri("other")
            run_uri = mlflow.get_artifact_uri()
            path_uri = mlflow.get_artifact_uri(path)
        later_uri = mlflow.get_artifact_uri("booster")
        mlflow.register_model(other_uri, "churn")
        mlflow.register_model(run_uri, "churn")
        mlflow.register_model(path_uri, "churn")
        mlflow.register_model(later_uri, "churn")
      `,
    },
    {
      name: 'self.<name>.model_uri assigned twice in the class, or assigned by another class',
      code: `
        # Databricks notebook source
        import mlflow
        class Trainer:
            def train(self):
                self.model_info = mlflow.sklearn.log_model(self.model, "model")
            def load(self, uri):
                self.model_info = mlflow.models.get_model_info(uri)
            def register(self, name):
                mlflow.register_model(self.model_info.model_uri, name)
        class Logger:
            def log(self):
                self.info = mlflow.sklearn.log_model(self.model, "model")
        class Registrar:
            def register(self, name):
                mlflow.register_model(self.info.model_uri, name)
      `,
    },
    {
      name: 'register_model of a model the logging call already registers (that call carries the finding)',
      code: `
        import mlflow
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b", signature=signature)
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.a.c")
      `,
    },
    {
      name: 'register_model when autolog logs the model with its signature',
      code: `
        import mlflow
        mlflow.sklearn.autolog()
        with mlflow.start_run() as run:
            model.fit(X, y)
            mlflow.sklearn.log_model(model, "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.a.b")
      `,
    },
    {
      name: 'register_model of a searched run, where the file also logs that path with a signature, never logs it, or logs it with a feature store client',
      code: `
        # Databricks notebook source
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model")
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model", signature=signature)
            mlflow.xgboost.log_model(booster, "booster")
            fe.log_model(model=booster, artifact_path="booster", flavor=mlflow.xgboost, training_set=ts)
        best = mlflow.search_runs(order_by=["metrics.rmse ASC"]).iloc[0]
        mlflow.register_model(best.artifact_uri + "/model", "ml.a.b")
        mlflow.register_model(best.artifact_uri + "/elsewhere", "ml.a.b")
        mlflow.register_model(best.artifact_uri + "/booster", "ml.a.b")
      `,
    },
    {
      name: 'a run id that search_runs did not find, or a searched path logged by a call that registers it already',
      code: `
        # Databricks notebook source
        import mlflow
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model", registered_model_name="churn", signature=signature)
            mlflow.sklearn.log_model(model, "other")
        run_id = dbutils.widgets.get("run_id")
        mlflow.register_model(f"runs:/{run_id}/other", "churn")
        experiments = mlflow.search_experiments()
        mlflow.register_model(f"runs:/{experiments[0].run_id}/other", "churn")
        best = mlflow.search_runs().iloc[0]
        mlflow.register_model(f"runs:/{best.run_id}/model", "churn")
      `,
    },
    {
      name: 'mlflow.pyspark.ml.autolog() logs Spark ML models with their signatures',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.pyspark.ml.autolog()
        with mlflow.start_run() as run:
            pipeline_model = pipeline.fit(train)
            mlflow.spark.log_model(pipeline_model, "model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "churn")
      `,
    },
    {
      name: 'a script whose only path is under /Volumes (macOS mounts disks there) shows no Databricks',
      code: `
        import mlflow
        df = pd.read_csv("/Volumes/USB/data.csv")
        mlflow.sklearn.log_model(model, "model", registered_model_name="churn")
      `,
    },
  ],
  fixes: [],
});

describe('MLT304 with code that %run brings in', () => {
  const common = `
    # Databricks notebook source
    def delete_registered_model(client, name):
        for version in client.get_latest_versions(name):
            client.transition_model_version_stage(name, version.version, "Archived")
            client.delete_model_version(name, version.version)
  `;
  const lint = (notebook: string) => lintWithRunTargets(notebook, { './common': common }, ['MLT304']);
  const registration = `
    # Databricks notebook source
    # MAGIC %run ./common

    # COMMAND ----------

    import mlflow
    from mlflow import MlflowClient
    mlflow.sklearn.log_model(forest, "model", registered_model_name="wine")
  `;

  it('a stage helper of the %run code that the notebook never calls says nothing of its registry', async () => {
    assert.deepEqual(
      (await lint(registration)).map((finding) => finding.ruleId),
      ['MLT304'],
    );
  });

  it('the notebook that calls it archives by stage: code for the workspace registry', async () => {
    assert.deepEqual(await lint(`${registration}\n    delete_registered_model(MlflowClient(), "wine_old")\n`), []);
  });
});
