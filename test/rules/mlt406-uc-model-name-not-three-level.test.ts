import { mlt406UcModelNameNotThreeLevel } from '../../rules/mlt406-uc-model-name-not-three-level';
import { describeRule } from '../support/ruleTester';

describeRule(mlt406UcModelNameNotThreeLevel, {
  flagged: [
    {
      name: 'Unity Catalog shown by an alias read on a three-part name',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mv = mlflow.register_model(f"runs:/{run_id}/model", "wine_quality")
        champion = MlflowClient().get_model_version_by_alias(name="main.default.wine_quality", alias="champion")
      `,
      findings: [{ line: 3, column: 53, message: '"wine_quality" has one part: in Unity Catalog' }],
    },
    {
      name: 'registered_model_name with one part',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="churn_model")
      `,
      findings: [
        {
          line: 3,
          column: 85,
          severity: 'information',
          message: `"churn_model" has one part: in Unity Catalog MLflow completes it from the Spark session's current catalog and schema (set by USE CATALOG / USE SCHEMA, else the workspace default) and registers <current catalog>.<current schema>.churn_model; where there is no Spark session, or the current catalog is hive_metastore (or spark_catalog), the name is rejected`,
        },
      ],
    },
    {
      name: 'register_model with a two-part name by position',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        result = mlflow.register_model(f"runs:/{run_id}/model", "churn.churn_model")
      `,
      findings: [{ line: 3, column: 57, message: '"churn.churn_model" has two parts: in Unity Catalog MLflow completes it from the Spark session\'s current catalog (set by USE CATALOG / USE SCHEMA, else the workspace default) and registers <current catalog>.churn.churn_model' }],
    },
    {
      name: 'register_model name= bound to a name in an earlier cell',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        MODEL_NAME = "churn_model"

        # COMMAND ----------

        mlflow.register_model(model_uri=f"runs:/{run_id}/model", name=MODEL_NAME)
      `,
      findings: [{ line: 8, column: 63 }],
    },
    {
      name: 'create_registered_model on an MlflowClient',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        MlflowClient().create_registered_model("churn_model")
      `,
      findings: [{ line: 4, column: 40 }],
    },
    {
      name: 'the registry URI set after the registration, through an alias import',
      code: `
        import mlflow as mf
        from mlflow.xgboost import log_model
        log_model(booster, artifact_path="model", input_example=example, registered_model_name="ml.churn_model")
        mf.set_registry_uri("databricks-uc")
      `,
      findings: [{ line: 3, column: 88 }],
    },
    {
      name: 'autolog with registered_model_name',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.sklearn.autolog(registered_model_name="churn_model")
      `,
      findings: [{ line: 3, column: 46 }],
    },
    {
      name: 'the feature engineering client log_model',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        mlflow.set_registry_uri("databricks-uc")
        fe = FeatureEngineeringClient()
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set, registered_model_name="churn_model")
      `,
      findings: [{ line: 5, column: 122 }],
    },
    {
      name: 'the message names what the USE statements before it make of the name',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        spark.sql("USE CATALOG ml_prod")
        spark.sql("USE SCHEMA churn")
        mlflow.register_model(f"runs:/{run_id}/model", "churn_model")
      `,
      findings: [{ line: 5, column: 48, message: 'registers ml_prod.churn.churn_model' }],
    },
    {
      name: 'USE catalog.schema in a %sql cell; a value computed at run time stays unnamed',
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.set_registry_uri("databricks-uc")

        # COMMAND ----------

        # MAGIC %sql
        # MAGIC USE ml_dev.churn

        # COMMAND ----------

        mlflow.register_model(f"runs:/{run_id}/model", "churn_model")
        spark.sql(f"USE CATALOG {env}")
        mlflow.register_model(f"runs:/{run_id}/model", "churn_model")
      `,
      findings: [
        { line: 12, column: 48, message: 'registers ml_dev.churn.churn_model' },
        { line: 14, column: 48, message: 'registers <current catalog>.<current schema>.churn_model' },
      ],
    },
    {
      name: 'Unity Catalog context from a three-part name elsewhere in the file',
      code: `
        import mlflow
        mlflow.register_model(f"runs:/{run_id}/model", "ml.churn.churn_model")
        mlflow.register_model(f"runs:/{baseline}/model", "baseline_model")
      `,
      findings: [{ line: 3, column: 50 }],
    },
    {
      name: 'an f-string whose parts are all known counts as literal',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        SCHEMA = "churn"
        mlflow.register_model(f"runs:/{run_id}/model", f"{SCHEMA}.model")
      `,
      findings: [{ line: 4, column: 48, message: 'two parts' }],
    },
    {
      name: 'create_registered_model on a client built for Unity Catalog',
      code: `
        from mlflow import MlflowClient
        MlflowClient(registry_uri="databricks-uc").create_registered_model("churn_model")
      `,
      findings: [{ line: 2, column: 68 }],
    },
  ],
  silent: [
    {
      name: 'a migration script: a Unity Catalog client reads the source, the fluent registration goes to a tracking server from the environment',
      code: `
        import os
        import mlflow
        from mlflow import MlflowClient
        source = MlflowClient(tracking_uri="databricks", registry_uri="databricks-uc")
        mlflow.set_tracking_uri(os.environ["TARGET_MLFLOW_URI"])
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="churn")
      `,
    },
    {
      name: 'an alias on a one-part name says nothing of the registry',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mv = mlflow.register_model(f"runs:/{run_id}/model", "wine_quality")
        MlflowClient().set_registered_model_alias("wine_quality", "champion", mv.version)
      `,
    },
    {
      name: 'names bound to three-part f-strings or formats',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        MODEL_NAME = f"{catalog}.{schema}.churn_model"
        mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME)
        mlflow.register_model(f"runs:/{run_id}/model", "{}.{}.churn_model".format(catalog, schema))
      `,
    },
    {
      name: 'an f-string with a computed part (it may hold the dots)',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.register_model(f"runs:/{run_id}/model", f"{prefix}_churn_model")
      `,
    },
    {
      name: 'context unknown (nothing says Unity Catalog)',
      code: `
        import mlflow
        mlflow.register_model(f"runs:/{run_id}/model", "churn_model")
      `,
    },
    {
      name: 'a short name on a client built for the workspace registry, in a Unity Catalog file',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        MlflowClient(registry_uri="databricks").create_registered_model("churn_model_legacy")
      `,
    },
    {
      name: 'a three-level name',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="ml.churn.churn_model")
        mlflow.register_model(f"runs:/{run_id}/model", "ml.churn.churn_model")
      `,
    },
    {
      name: 'no Unity Catalog registry URI in the file (workspace registry)',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="churn_model")
      `,
    },
    {
      name: 'the workspace registry set explicitly',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks")
        mlflow.register_model(f"runs:/{run_id}/model", "churn_model")
      `,
    },
    {
      name: 'a name computed at run time',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.register_model(f"runs:/{run_id}/model", f"{catalog}.{schema}.churn_model")
        mlflow.register_model(f"runs:/{run_id}/model", model_name_widget)
      `,
    },
    {
      name: 'a local register_model function',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        def register_model(uri, name):
            return (uri, name)
        register_model("runs:/1/model", "churn_model")
      `,
    },
    {
      name: 'registered_model_name on an unrelated call',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        report = build_report(registered_model_name="churn_model")
      `,
    },
    {
      name: 'set_registry_uri only in a string or comment',
      code: `
        import mlflow
        # mlflow.set_registry_uri("databricks-uc")
        note = 'mlflow.set_registry_uri("databricks-uc")'
        mlflow.register_model("runs:/1/model", "churn_model")
      `,
    },
    {
      name: 'a set_registry_uri of another object',
      code: `
        import mlflow
        class Settings:
            def set_registry_uri(self, uri):
                self.uri = uri
        Settings().set_registry_uri("databricks-uc")
        mlflow.register_model("runs:/1/model", "churn_model")
      `,
    },
    {
      name: 'an empty name being typed',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.register_model("runs:/1/model", "")
      `,
    },
  ],
  fixes: [],
});
