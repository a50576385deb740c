import { mlt503ScoreBatchWithoutFeatureMetadata } from '../../rules/mlt503-score-batch-without-feature-metadata';
import { describeRule } from '../support/ruleTester';

describeRule(mlt503ScoreBatchWithoutFeatureMetadata, {
  flagged: [
    {
      name: "score_batch in a helper on its client parameter: the message does not name the parameter, which does not exist where the model is logged",
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.m")
        def score(client):
            return client.score_batch(model_uri="models:/ml.fs.m/1", df=ids)
        score(fe)
      `,
      findings: [{ line: 6, column: 41, message: "log it with the feature store client's log_model(..., training_set=...)" }],
    },
    {
      name: 'the client comes from another notebook (%run): score_batch names the API on any receiver',
      code: `
        # Databricks notebook source
        # MAGIC %run ./setup
        # COMMAND ----------
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        predictions = fs.score_batch("models:/ml.fs.churn_model/1", ids_df)
      `,
      findings: [{ line: 6, column: 30, message: 'that model carries no feature metadata, so score_batch cannot look its features up; log it with fs.log_model(..., training_set=...)' }],
    },
    {
      name: 'registered by a plain sklearn log_model, scored by name and version',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        predictions = fe.score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
      findings: [{ line: 6, column: 40, message: 'score_batch on a model logged with mlflow.sklearn.log_model (line 5)' }],
    },
    {
      name: 'scored by alias, model name in a variable used by both calls',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        MODEL_NAME = "ml.fs.churn_model"
        mlflow.xgboost.log_model(booster, artifact_path="model", registered_model_name=MODEL_NAME)
        FeatureEngineeringClient().score_batch(model_uri=f"models:/{MODEL_NAME}@champion", df=ids_df)
      `,
      findings: [{ line: 5, column: 50, message: 'mlflow.xgboost.log_model (line 4)' }],
    },
    {
      name: 'registered and scored under the same f-string of names assigned once at the module level',
      code: `
        import mlflow
        from databricks import feature_engineering
        cat = dbutils.widgets.get("catalog")
        sch = "churn_" + dbutils.widgets.get("env")
        fe = feature_engineering.FeatureEngineeringClient()
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(sk_model=pipe, artifact_path="m")
        mlflow.register_model(f"runs:/{run.info.run_id}/m", f"{cat}.{sch}.churn")
        preds = fe.score_batch(model_uri=f"models:/{cat}.{sch}.churn@latest", df=keys_df)
      `,
      findings: [{ line: 9, column: 34, message: 'score_batch on a model logged with mlflow.sklearn.log_model (line 7)' }],
    },
    {
      name: 'a name bound to an f-string of widget values, registered under it and scored by it with an alias from a name',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        catalog = dbutils.widgets.get("catalog")
        model_full_name = f"{catalog}.ml.churn_model"
        alias = "champion"
        fe = FeatureEngineeringClient()
        mlflow.lightgbm.log_model(booster, artifact_path="model", registered_model_name=model_full_name)
        scored = fe.score_batch(model_uri=f"models:/{model_full_name}@{alias}", df=ids_df)
      `,
      findings: [{ line: 8, column: 35, message: 'score_batch on a model logged with mlflow.lightgbm.log_model (line 7)' }],
    },
    {
      name: 'the version is computed: the name alone decides',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        catalog = spark.conf.get("ml.catalog")
        mlflow.sklearn.log_model(model, "model", registered_model_name=f"{catalog}.ml.churn_model")
        fe.score_batch(model_uri=f"models:/{catalog}.ml.churn_model/{latest_version(catalog)}", df=ids_df)
      `,
      findings: [{ line: 6, column: 26, message: 'score_batch on a model logged with mlflow.sklearn.log_model (line 5)' }],
    },
    {
      name: 'the model_uri of the log_model result',
      code: `
        import mlflow
        from databricks.feature_store import FeatureStoreClient
        fs = FeatureStoreClient()
        info = mlflow.sklearn.log_model(model, "model")
        scored = fs.score_batch(info.model_uri, ids_df)
      `,
      findings: [{ line: 5, column: 25, message: 'log it with fs.log_model(..., training_set=...)' }],
    },
    {
      name: 'a runs:/ URI of the run that logged the model',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        with mlflow.start_run() as run:
            mlflow.lightgbm.log_model(booster, artifact_path="churn")
        scored = fe.score_batch(model_uri=f"runs:/{run.info.run_id}/churn", df=ids_df)
      `,
      findings: [{ line: 6, column: 35 }],
    },
    {
      name: 'registered through mlflow.register_model of a plain model',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model")
        run_id = run.info.run_id
        mlflow.register_model(f"runs:/{run_id}/model", "ml.fs.churn_model")
        FeatureEngineeringClient().score_batch(model_uri="models:/ml.fs.churn_model/2", df=ids_df)
      `,
      findings: [{ line: 7, column: 50 }],
    },
    {
      name: 'model_uri bound to a name, pyfunc flavor',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.pyfunc.log_model("model", python_model=Wrapper(), registered_model_name="ml.fs.wrapped")
        uri = "models:/ml.fs.wrapped/3"
        batch = fe.score_batch(model_uri=uri, df=ids_df)
      `,
      findings: [{ line: 6, column: 34 }],
    },
  ],
  silent: [
    {
      name: 'names the file never assigns, attributes and names changed between the calls: they may hold other text at the scoring call',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "a", registered_model_name=f"{cat}.{sch}.churn")
        fe.score_batch(model_uri=f"models:/{cat}.{sch}.churn@latest", df=keys_df)
        mlflow.sklearn.log_model(model, "b", registered_model_name=f"{cfg.catalog}.ml.churn")
        cfg.catalog = "prod"
        fe.score_batch(model_uri=f"models:/{cfg.catalog}.ml.churn/1", df=keys_df)
        name = f"{catalog}.ml.baseline"
        mlflow.sklearn.log_model(model, "c", registered_model_name=name)
        name += "_fs"
        fe.score_batch(model_uri=f"models:/{name}/1", df=keys_df)
      `,
    },
    {
      name: 'a name bound in a loop, in a function called twice, declared global, or written through globals(): one key, several values',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        for variant in ["baseline", "fs"]:
            model_name = f"ml.churn.{variant}"
            if variant == "baseline":
                mlflow.sklearn.log_model(model, "m", registered_model_name=model_name)
            else:
                fe.score_batch(model_uri=f"models:/{model_name}/1", df=keys_df)

        def step(name, train):
            if train:
                mlflow.sklearn.log_model(model, "m", registered_model_name=f"ml.churn.{name}")
            else:
                fe.score_batch(model_uri=f"models:/ml.churn.{name}/1", df=keys_df)
        step("baseline", True)
        step("fs", False)
      `,
    },
    {
      name: 'a module-level name a function rebinds with global, and a self-documenting f-string field',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        env = dbutils.widgets.get("env")
        def switch():
            global env
            env = "prod"
        mlflow.sklearn.log_model(model, "m", registered_model_name=f"{env}.ml.churn")
        switch()
        fe.score_batch(model_uri=f"models:/{env}.ml.churn/1", df=keys_df)
        tag = dbutils.widgets.get("tag")
        mlflow.sklearn.log_model(model, "m2", registered_model_name=f"ml.churn.{tag}")
        fe.score_batch(model_uri=f"models:/ml.churn.{tag=}/1", df=keys_df)
      `,
    },
    {
      name: 'the name is bound again between the registration and the scoring: another binding, maybe another model',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        name = f"{catalog}.ml.baseline"
        mlflow.sklearn.log_model(model, "model", registered_model_name=name)
        name = f"{catalog}.ml.with_features"
        fe.score_batch(model_uri=f"models:/{name}/1", df=ids_df)
      `,
    },
    {
      name: 'a feature store log_model registers under an f-string too: it may be the scored name',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name=f"{catalog}.ml.churn")
        fe.log_model(model=model, artifact_path="fs_model", flavor=mlflow.sklearn, training_set=ts, registered_model_name=f"{catalog}.{schema}.{name}")
        fe.score_batch(model_uri=f"models:/{catalog}.ml.churn/1", df=ids_df)
      `,
    },
    {
      name: 'a name set in both arms of an if: the scored name may be either',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name=f"{env}.ml.churn")
        if prod:
            env = "prod"
        else:
            env = get_env()
        fe.score_batch(model_uri=f"models:/{env}.ml.churn/1", df=ids_df)
      `,
    },
    {
      name: 'a format spec changes the text: the names are not compared',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name=f"{catalog}.ml.churn")
        fe.score_batch(model_uri=f"models:/{catalog!s}.ml.churn/1", df=ids_df)
      `,
    },
    {
      name: 'the scoring function takes the name as a parameter: not the module-level name',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name=f"{catalog}.ml.churn")
        def score(catalog):
            return fe.score_batch(model_uri=f"models:/{catalog}.ml.churn/1", df=ids_df)
      `,
    },
    {
      name: 'a client from another notebook logs the model with its training set (plain log of the same name too)',
      code: `
        # Databricks notebook source
        # MAGIC %run ./setup
        # COMMAND ----------
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        fs.log_model(model, "model", flavor=mlflow.sklearn, training_set=training_set, registered_model_name="ml.fs.churn_model")
        predictions = fs.score_batch("models:/ml.fs.churn_model/1", ids_df)
      `,
    },
    {
      name: 'score_batch of an object of a local class',
      code: `
        import mlflow
        class Scorer:
            def score_batch(self, model_uri, df): ...
        mlflow.sklearn.log_model(model, "model", registered_model_name="m")
        Scorer().score_batch("models:/m/1", df)
      `,
    },
    {
      name: 'score_batch in a plain Python file that shows no feature store library',
      fileName: 'scoring.py',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="m")
        engine.score_batch("models:/m/1", df)
      `,
    },
    {
      name: 'logged with the feature store client and its training set',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set, registered_model_name="ml.fs.churn_model")
        fe.score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
    },
    {
      name: 'both a plain and a feature store log_model for the same name',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "baseline", registered_model_name="ml.fs.churn_model")
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts, registered_model_name="ml.fs.churn_model")
        fe.score_batch(model_uri="models:/ml.fs.churn_model/2", df=ids_df)
      `,
    },
    {
      name: 'a model that the file does not log',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        FeatureEngineeringClient().score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
    },
    {
      name: 'a plain model under another name',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.other_model")
        FeatureEngineeringClient().score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
    },
    {
      name: 'a feature store log_model registers under a name the file does not spell out',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts, registered_model_name=name)
        fe.score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
    },
    {
      name: 'the run URI points at the feature store log_model of that run',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "baseline")
            fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts)
        fe.score_batch(model_uri=f"runs:/{run.info.run_id}/model", df=ids_df)
      `,
    },
    {
      name: 'spark_udf on a plain model (not score_batch)',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        predict = mlflow.pyfunc.spark_udf(spark, "models:/ml.fs.churn_model/1")
      `,
    },
    {
      name: 'score_batch of an unknown object',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        scorer.score_batch(model_uri="models:/ml.fs.churn_model/1", df=ids_df)
      `,
    },
    {
      name: 'a run URI whose run id is not the logging run',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(model, "model")
        FeatureEngineeringClient().score_batch(model_uri=f"runs:/{other_run_id}/model", df=ids_df)
      `,
    },
    {
      name: 'registered model name in the URI is not known',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")
        FeatureEngineeringClient().score_batch(model_uri=f"models:/{dbutils.widgets.get('model')}/1", df=ids_df)
      `,
    },
  ],
  fixes: [],
});
