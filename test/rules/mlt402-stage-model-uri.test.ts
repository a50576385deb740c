import * as assert from 'node:assert/strict';
import { mlt402StageModelUri } from '../../rules/mlt402-stage-model-uri';
import { describeRule, findingsOf } from '../support/ruleTester';

describeRule(mlt402StageModelUri, {
  flagged: [
    {
      name: 'a session load in a notebook whose only client is built for a local store: the load goes to the session registry, not that client',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        local_runs = MlflowClient(tracking_uri="sqlite:///tmp/experiments.db")
        runs = local_runs.search_runs(["0"])
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      findings: [{ line: 6, column: 34, message: "models:/churn/Production loads the model by the workspace registry's legacy stage; in Unity Catalog it raises" }],
    },
    {
      name: 'a stage read from the environment with a stage as its default (os.getenv, os.environ.get, in a config class or in place): no fix',
      code: `
        import os
        import mlflow

        MODEL_STAGE = os.getenv("MODEL_STAGE", "Production")
        model = mlflow.pyfunc.load_model(f"models:/wine/{MODEL_STAGE}")
        staged = mlflow.pyfunc.load_model("models:/wine/" + os.environ.get("STAGE", "staging"))
      `,
      findings: [
        {
          line: 5,
          column: 34,
          message:
            'models:/wine/{MODEL_STAGE} (MODEL_STAGE is "Production" wherever the environment variable MODEL_STAGE is unset) loads the model by a legacy MLflow model stage',
        },
        { line: 6, column: 35, message: 'models:/wine/{os.environ.get("STAGE", "staging")} (os.environ.get("STAGE", "staging") is "staging" wherever the environment variable STAGE is unset)' },
      ],
    },
    {
      name: 'a stage read from a notebook widget the file creates with a stage as its default (text, dropdown): no fix',
      code: `
        # Databricks notebook source
        import mlflow
        dbutils.widgets.text("stage", "Production")
        dbutils.widgets.dropdown("env_stage", "Staging", ["Staging", "Production"])
        STAGE = dbutils.widgets.get("stage")
        model = mlflow.pyfunc.load_model(f"models:/churn/{STAGE}")
        other = mlflow.pyfunc.load_model("models:/churn/" + dbutils.widgets.get("env_stage"))

        def load_model(dbutils):
            dbutils.widgets.text("version_stage", "Production")
            return mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('version_stage')}")
      `,
      findings: [
        { line: 6, column: 34, message: 'models:/churn/{STAGE} (STAGE is "Production" wherever a run passes no other value to the widget "stage") loads the model by' },
        { line: 7, column: 34, message: 'is "Staging" wherever a run passes no other value to the widget "env_stage")' },
        { line: 11, column: 37, message: 'wherever a run passes no other value to the widget "version_stage")' },
      ],
    },
    {
      name: 'tests with no stand-in where they load: a patched save_model, a stub only named in a comment, a load_model patched in another test',
      fileName: 'tests/test_scoring.py',
      code: `
        import mlflow
        from unittest.mock import patch

        # Other suites put a stub in sys.modules["mlflow"]; this one loads the real model.
        @patch("mlflow.pyfunc.save_model")
        def test_scores(save_model):
            model = mlflow.pyfunc.load_model("models:/churn/Production")
            assert model.predict(batch) is not None

        @patch("mlflow.sklearn.load_model")
        def test_loader(load_model):
            load("models:/churn/3")

        def test_udf(spark):
            udf = mlflow.pyfunc.spark_udf(spark, "models:/churn/Production")
            assert udf is not None
      `,
      findings: [{ line: 7, column: 38 }, { line: 15, column: 42 }],
    },
    {
      name: 'real loads beside stand-ins: sys.modules["mlflow"] only read, a load before the patch of its test, a URI outside any test',
      fileName: 'tests/test_reload.py',
      code: `
        import importlib
        import sys
        import mlflow
        from unittest.mock import patch

        URI = "models:/churn/Production"

        def test_reload():
            importlib.reload(sys.modules["mlflow"])
            assert mlflow.pyfunc.load_model("models:/churn/Staging") is not None

        def test_before_patch():
            real = mlflow.pyfunc.load_model("models:/churn/Production")
            with patch("mlflow.pyfunc.load_model") as fake:
                fake.return_value = real
                assert load(URI) is real

        def test_bound_and_loaded_before_patch():
            uri = "models:/churn/Production"
            real = mlflow.pyfunc.load_model(uri)
            with patch("mlflow.pyfunc.load_model") as fake:
                fake.return_value = real
                assert load(uri) is real
      `,
      findings: [{ line: 6, column: 7 }, { line: 10, column: 37 }, { line: 13, column: 37 }, { line: 19, column: 11 }],
    },
    {
      name: 'a URI a test binds to a global name, patched there but loaded by another test for real',
      fileName: 'tests/test_global.py',
      code: `
        import mlflow

        def test_one(monkeypatch):
            global URI
            URI = "models:/churn/Production"
            monkeypatch.setattr("mlflow.pyfunc.load_model", lambda uri: "stub")
            assert load(URI) == "stub"

        def test_two():
            assert mlflow.pyfunc.load_model(URI) is not None
      `,
      findings: [{ line: 5, column: 11 }],
    },
    {
      name: 'tests that patch only a tracking call (directly, or through the module under test), then load by stage for real',
      fileName: 'tests/test_scoring.py',
      code: `
        import mlflow
        from unittest.mock import patch

        @patch("mlflow.log_metric")
        def test_scores(log_metric):
            model = mlflow.pyfunc.load_model("models:/churn/Production")
            assert model.predict(batch) is not None

        @patch("serving.mlflow.log_metric")
        def test_serving_scores(log_metric):
            assert mlflow.pyfunc.load_model("models:/churn/Staging").predict(batch) is not None
      `,
      findings: [
        { line: 6, column: 38 },
        { line: 11, column: 37 },
      ],
    },
    {
      name: 'a spy that wraps the real loader, and a load the test makes itself beside a patch through the module under test',
      fileName: 'tests/test_spies.py',
      code: `
        import mlflow
        from unittest.mock import patch

        def test_spy():
            with patch("mlflow.pyfunc.load_model", wraps=mlflow.pyfunc.load_model) as spy:
                mlflow.pyfunc.load_model("models:/churn/Production")
                spy.assert_called_once()

        @patch("serving.app.mlflow.sklearn.load_model")
        def test_own_load(fake):
            model = mlflow.pyfunc.load_model("models:/churn/Staging")
            assert model is not None
      `,
      findings: [
        { line: 6, column: 34 },
        { line: 11, column: 38 },
      ],
    },
    {
      name: "a method of the file's own class named copy_model_version, which loads its source",
      code: `
        import mlflow
        class ModelPromoter:
            def copy_model_version(self, src_model_uri, dst_name):
                mlflow.pyfunc.log_model("model", python_model=mlflow.pyfunc.load_model(src_model_uri), registered_model_name=dst_name)
        ModelPromoter().copy_model_version("models:/churn/Production", "churn_v2")
      `,
      findings: [{ line: 5, column: 36, message: 'models:/churn/Production loads the model by a legacy MLflow model stage' }],
    },
    {
      name: 'a name that is a copy\'s source and is also loaded',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient

        client = MlflowClient(registry_uri="databricks")
        source = "models:/churn_model/Production"
        client.copy_model_version(source, "main.ml.churn_model")
        model = mlflow.pyfunc.load_model(source)
      `,
      findings: [{ line: 6, column: 10, message: "models:/churn_model/Production loads the model by the workspace registry's legacy stage" }],
    },
    {
      name: 'a copy\'s source in Unity Catalog, by stage: resolved there, it raises',
      code: `
        import mlflow
        from mlflow import MlflowClient

        mlflow.set_registry_uri("databricks-uc")
        MlflowClient().copy_model_version("models:/main.ml.churn/Staging", "main.ml.churn_copy")
      `,
      findings: [{ line: 5, column: 35, message: 'models:/main.ml.churn/Staging raises in Unity Catalog' }],
    },
    {
      name: 'a literal given to .format is shown as the text it puts in the URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/{}/{}".format("churn", "Production"))
      `,
      findings: [{ line: 2, column: 34, message: 'models:/churn/Production loads the model by a legacy MLflow model stage' }],
    },
    {
      name: 'a comment between the pieces of a URI that Python joins into one string',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn"  # the registered name
            "/Production")
      `,
      findings: [{ line: 2, column: 34, message: 'models:/churn/Production loads the model by a legacy MLflow model stage' }],
    },
    {
      name: 'a URI read before its name is bound again, and a constant nothing in the file reads (other modules may)',
      code: `
        import mlflow
        model_uri = "models:/churn/Production"
        baseline = mlflow.pyfunc.load_model(model_uri)
        model_uri = mlflow.get_artifact_uri("model")
        CHAMPION_URI = "models:/fraud/Staging"
      `,
      findings: [{ line: 2, column: 13 }, { line: 5, column: 16 }],
    },
    {
      name: 'a loop over stage names, each loaded in turn (Production first, Staging as the fallback)',
      code: `
        import mlflow
        def load_serving_model(name):
            for stage in ("Production", "Staging"):
                try:
                    return mlflow.pyfunc.load_model(f"models:/{name}/{stage}")
                except mlflow.exceptions.MlflowException:
                    continue
      `,
      findings: [{ line: 5, column: 45, message: '(stage is "Production" or "Staging")' }],
    },
    {
      name: 'URI templates (printf, str.format) filled in with a stage: reported where filled, not where the template is written',
      code: `
        import mlflow
        A = "models:/churn/%s"
        m1 = mlflow.pyfunc.load_model(A % "Production")
        B = "models:/churn/{stage}"
        m2 = mlflow.pyfunc.load_model(B.format(stage="Staging"))
      `,
      findings: [
        { line: 3, column: 31, message: 'models:/churn/Production' },
        { line: 5, column: 31, message: 'models:/churn/Staging' },
      ],
    },
    {
      name: 'a Production stage URI passed to pyfunc.load_model',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production")
      `,
      findings: [{ line: 2, column: 34, message: 'load the alias URI models:/churn_model@champion', severity: 'information' }],
    },
    {
      name: 'a URI bound to a name that is printed and also loaded; one a settings module defines for other files',
      code: `
        import mlflow
        uri = "models:/churn/Production"
        print(f"loading {uri}")
        model = mlflow.pyfunc.load_model(uri)
        SCORING_MODEL_URI = "models:/fraud/Staging"
      `,
      findings: [{ line: 2, column: 7 }, { line: 5, column: 21 }],
    },
    {
      name: 'a URI bound to a name nothing reads, written again where the model is loaded: reported once, where it is loaded',
      code: `
        from databricks.feature_store import FeatureStoreClient
        model_uri = f"models:/{registry_name}/production"
        fs = FeatureStoreClient()
        scored = fs.score_batch(f"models:/{registry_name}/production", batch_df)
        fallback_uri = "models:/churn/Staging"
      `,
      findings: [{ line: 4, column: 25 }, { line: 5, column: 16 }],
    },
    {
      name: 'an f-string URI passed to spark_udf, the name computed',
      code: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}/Staging", result_type="double")
      `,
      findings: [{ line: 2, column: 42, message: 'models:/{MODEL_NAME}@challenger' }],
    },
    {
      name: 'a mis-cased stage works but the message gives the canonical spelling',
      code: `
        import mlflow.sklearn
        model = mlflow.sklearn.load_model(model_uri="models:/churn_model/production")
      `,
      findings: [{ line: 2, column: 45, message: 'the stage is spelled "Production"', severity: 'information' }],
    },
    {
      name: 'an unknown segment is an error',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Prod")
      `,
      findings: [{ line: 2, column: 34, message: '"Prod" is neither a version number, "latest", nor a stage', severity: 'error' }],
    },
    {
      name: 'Development is no stage either',
      code: `
        import mlflow
        uri = f"models:/{catalog}.ml.churn/Development"
        model = mlflow.pyfunc.load_model(uri)
      `,
      findings: [{ line: 2, column: 7, severity: 'error' }],
    },
    {
      name: 'a URI bound to a name and passed to score_batch of the feature engineering client',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        model_uri = "models:/ml.churn.model/Production"
        scored = fe.score_batch(model_uri=model_uri, df=batch_df)
      `,
      findings: [{ line: 3, column: 13 }],
    },
    {
      name: 'a model_uri entry of a job config dict',
      code: `
        task_params = {"model_uri": "models:/churn_model/Archived", "table": "ml.churn.scores"}
      `,
      findings: [{ line: 1, column: 29, message: 'models:/churn_model@<alias>' }],
    },
    {
      name: 'model_uri= of a deployment call',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        client.create_deployment(name="churn", model_uri='models:/churn_model/Staging')
      `,
      findings: [{ line: 3, column: 50 }],
    },
    {
      name: 'a mis-cased stage in a Databricks notebook: only the spelling is given (Databricks does not document how its workspace registry reads the case)',
      code: `
        # Databricks notebook source
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn/production")
      `,
      findings: [
        {
          line: 3,
          column: 34,
          message:
            'models:/churn/production loads the model by the workspace registry\'s legacy stage (the stage is spelled "Production"); in Unity Catalog it raises (stage URIs go through get_latest_versions, which Unity Catalog refuses): load the alias URI models:/churn@champion',
        },
      ],
    },
    {
      name: 'URIs built with +, .format and %',
      code: `
        import mlflow
        a = mlflow.pyfunc.load_model("models:/" + model_name + "/Production")
        b = mlflow.pyfunc.load_model("models:/{}/Staging".format(model_name))
        c = mlflow.pyfunc.load_model("models:/%s/production" % model_name)
      `,
      findings: [
        { line: 2, column: 30, message: 'models:/{...}/Production' },
        { line: 3, column: 30, message: 'models:/{model_name}/Staging loads the model by a legacy MLflow model stage (stages are deprecated since MLflow 2.9 in favour of aliases); in Unity Catalog it raises (stage URIs go through get_latest_versions, which Unity Catalog refuses): load the alias URI models:/{model_name}@challenger' },
        { line: 4, column: 30, message: 'the stage is spelled "Production"' },
      ],
    },
    {
      name: '.format with the stage as a literal argument: the URI is shown with its values',
      code: `
        import mlflow
        m = mlflow.pyfunc.load_model("models:/{}/{}".format(name, "Staging"))
      `,
      findings: [{ line: 2, column: 30, message: 'models:/{name}/Staging loads the model by a legacy MLflow model stage' }],
    },
    {
      name: 'the stage from a constant interpolated into the f-string',
      code: `
        import mlflow
        STAGE = "Production"
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}/{STAGE}")
      `,
      findings: [{ line: 3, column: 34, message: 'models:/{...}/Production' }],
    },
    {
      name: 'a URI defined for other notebooks (used through %run), and one handed to a helper',
      code: `
        # Databricks notebook source
        _model_uri = f"models:/{_model_name}/production"

        # COMMAND ----------

        predictions = score_with(model_uri_of("models:/churn_model/Staging"), batch_df)
      `,
      findings: [{ line: 2, column: 14 }, { line: 6, column: 39 }],
    },
    {
      name: 'ModelsArtifactRepository, download_artifacts and mlflow.evaluate (model and baseline_model)',
      code: `
        import mlflow
        from mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository
        local = ModelsArtifactRepository(f"models:/{name}/Production").download_artifacts("")
        path = mlflow.artifacts.download_artifacts(artifact_uri=prefix + "/Staging")
        mlflow.evaluate(model="models:/churn/Staging", baseline_model="models:/churn/Production", data=df, targets="y")
      `,
      findings: [
        { line: 3, column: 34 },
        { line: 5, column: 23, message: 'models:/churn/Staging' },
        { line: 5, column: 63, message: 'models:/churn/Production' },
      ],
    },
    {
      name: 'Unity Catalog context: a stage URI is an error, with MLflow\'s own exception text',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        model = mlflow.pyfunc.load_model(f"models:/{CATALOG}.ml.churn/Production")
      `,
      findings: [
        {
          line: 3,
          column: 34,
          severity: 'error',
          message: `raises in Unity Catalog: MLflow resolves a stage URI through get_latest_versions, and Unity Catalog refuses it ("Method 'get_latest_versions' is unsupported for models in the Unity Catalog")`,
        },
      ],
    },
    {
      name: 'latest in a Unity Catalog context (a three-part name): an error',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/ml.churn.model/latest")
      `,
      findings: [{ line: 2, column: 34, severity: 'error', message: 'MLflow resolves "latest" through get_latest_versions' }],
    },
    {
      name: 'workspace registry context: information, no claim that it fails',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks")
        model = mlflow.pyfunc.load_model("models:/churn_model/Production")
      `,
      findings: [{ line: 3, column: 34, severity: 'information', message: 'loads the model by the workspace registry\'s legacy stage; in Unity Catalog, load the alias URI models:/churn_model@champion' }],
    },
    {
      name: 'an unknown segment in a Unity Catalog context is an error too',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        model = mlflow.pyfunc.load_model("models:/ml.churn.model/QA")
      `,
      findings: [{ line: 3, column: 34, severity: 'error', message: 'loading the model fails' }],
    },
    {
      name: 'a script for an open-source MLflow server: stages are MLflow\'s own, not a workspace registry\'s',
      code: `
        import mlflow
        mlflow.set_tracking_uri("http://mlflow.internal:5000")
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      findings: [{ line: 3, column: 34, message: 'loads the model by a legacy MLflow model stage (stages are deprecated since MLflow 2.9 in favour of aliases)' }],
    },
    {
      name: 'a Databricks notebook: the workspace registry\'s stage',
      code: `
        # Databricks notebook source
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      findings: [{ line: 3, column: 34, message: 'loads the model by the workspace registry\'s legacy stage; in Unity Catalog it raises' }],
    },
    {
      name: 'a helper method whose stage parameter defaults to Production builds the URI',
      code: `
        import mlflow

        class Registry:
            def load(self, stage: str = "Production"):
                return mlflow.pyfunc.load_model(f"models:/{self.name}/{stage}")
      `,
      findings: [{ line: 5, column: 41, message: 'models:/{self.name}/{stage} with stage="Production" (its default) loads the model by ', severity: 'information' }],
    },
    {
      name: 'a helper function gets its stage from the file\'s call, by keyword, through .format',
      code: `
        import mlflow

        def uri_of(model_name, model_stage):
            return "models:/{model_name}/{model_stage}".format(model_name=model_name, model_stage=model_stage)

        latest = uri_of("fraud", model_stage="latest")
        production = uri_of("fraud", model_stage="production")
      `,
      findings: [{ line: 4, column: 12, message: 'models:/{model_name}/{model_stage} with model_stage="production" (as the call on line 7 passes it)' }],
    },
    {
      name: 'a helper called with Production and, as a fallback, with Staging: both stages, each with its call, and an alias for each',
      code: `
        import mlflow

        def load_by_stage(stage):
            return mlflow.sklearn.load_model(f"models:/fraud/{stage}")

        model = load_by_stage("Production")
        if model is None:
            model = load_by_stage("Staging")
        both = [load_by_stage("Staging"), load_by_stage("Production")]
      `,
      findings: [
        {
          line: 4,
          column: 38,
          message:
            'models:/fraud/{stage} with stage="Production" (as the call on line 6 passes it) or "Staging" (as the call on line 8 passes it) loads the model by a legacy MLflow model stage (stages are deprecated since MLflow 2.9 in favour of aliases); in Unity Catalog it raises (stage URIs go through get_latest_versions, which Unity Catalog refuses): load an alias URI instead (models:/fraud@champion for Production, models:/fraud@challenger for Staging)',
        },
      ],
    },
    {
      name: 'two stages, both written in lower case: the spelling of each is given',
      code: `
        import mlflow

        def load(stage):
            return mlflow.pyfunc.load_model(f"models:/churn/{stage}")

        load("staging")
        load("production")
      `,
      findings: [{ line: 4, column: 37, message: 'MLflow matches stage names in any case; the stages are spelled "Staging" and "Production")' }],
    },
    {
      name: 'two stages passed on one line are named once, with that line',
      code: `
        import mlflow

        def score(stage):
            return mlflow.pyfunc.load_model(f"models:/taxi/{stage}").predict(X_test)

        print(score("Production"), score("Staging"))
      `,
      findings: [{ line: 4, column: 37, message: 'models:/taxi/{stage} with stage="Production" or "Staging" (as the calls on line 6 pass them) loads the model by' }],
    },
    {
      name: 'a stage passed on through two functions (run -> score(stage) -> uri_of(stage)): the literal of the outer call',
      code: `
        import mlflow

        def uri_of(name, stage):
            return f"models:/{name}/{stage}"

        def score(name, stage, pdf):
            return mlflow.pyfunc.load_model(uri_of(name, stage)).predict(pdf)

        def run(pdf):
            return score("churn", "Production", pdf)
      `,
      findings: [{ line: 4, column: 12, message: 'models:/{name}/{stage} with stage="Production" (as the call on line 10 passes it)' }],
    },
    // The same stage URI under three registries: an MLflow server and a sqlite store of its own
    // hear of MLflow's aliases; the workspace registry (the near miss) is pointed at Unity Catalog.
    ...[
      {
        name: "a script for an MLflow server of its own is pointed at that server's aliases, not at Unity Catalog",
        setup: 'mlflow.set_tracking_uri("http://mlflow.internal:5000")',
        segment: 'Production',
        message: 'models:/churn/Production loads the model by a legacy MLflow model stage (stages are deprecated since MLflow 2.9 in favour of aliases); load the alias URI models:/churn@champion (aliases exist since MLflow 2.3)',
      },
      {
        name: "a Databricks notebook whose registry is a sqlite store of its own: MLflow's stages, not the workspace registry's",
        setup: 'mlflow.set_registry_uri("sqlite:///dbfs/tmp/registry.db")',
        segment: 'production',
        message: 'models:/churn/production loads the model by a legacy MLflow model stage (stages are deprecated since MLflow 2.9 in favour of aliases; MLflow matches stage names in any case; the stage is spelled "Production"); load the alias URI models:/churn@champion (aliases exist since MLflow 2.3)',
      },
      {
        name: 'a Databricks notebook on the workspace registry is pointed at Unity Catalog (near miss of the own-store wording)',
        setup: 'mlflow.set_registry_uri("databricks")',
        segment: 'Production',
        message: "models:/churn/Production loads the model by the workspace registry's legacy stage; in Unity Catalog, load the alias URI models:/churn@champion",
      },
    ].map(({ name, setup, segment, message }) => ({
      name,
      code: `# Databricks notebook source\nimport mlflow\n${setup}\nmodel = mlflow.pyfunc.load_model("models:/churn/${segment}")\n`,
      findings: [{ line: 4, column: 34, message }],
    })),
    {
      name: "a notebook's helper named test_model on a sqlite store is no test file's: reported",
      code: `
        import mlflow
        mlflow.set_tracking_uri("sqlite:///mlflow.db")

        def test_model(name, stage, X_test, y_test):
            model = mlflow.pyfunc.load_model(f"models:/{name}/{stage}")
            return model.predict(X_test)

        test_model(name="nyc-taxi-regressor", stage="Production", X_test=X_test, y_test=y_test)
      `,
      findings: [{ line: 5, column: 38, message: 'models:/{name}/{stage} with stage="Production" (as the call on line 8 passes it) loads the model by a legacy MLflow model stage' }],
    },
    {
      name: 'a positional argument into a + template, in a Unity Catalog context',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")

        def score(name, stage):
            return mlflow.pyfunc.spark_udf(spark, "models:/" + name + "/" + stage)

        score("ml.fraud.model", "Staging")
      `,
      findings: [{ line: 5, column: 43, severity: 'error', message: 'with stage="Staging" (as the call on line 7 passes it)' }],
    },
    {
      name: 'a .format template names its model by its named field, in the message and the fix title',
      code: `
        import mlflow
        uri = "models:/{model_name}/staging".format(model_name=model_name)
        model = mlflow.spark.load_model(uri)
      `,
      findings: [{ line: 2, column: 7, message: 'models:/{model_name}/staging loads the model by' }],
    },
    {
      name: 'a name read from a dotted attribute is one computed part, not a three-part Unity Catalog name',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{self.config.model_name}/Production")
      `,
      findings: [{ line: 2, column: 34, severity: 'information', message: 'in Unity Catalog it raises (stage URIs go through get_latest_versions' }],
    },
    {
      name: 'a request body that names a stage URI (the API loads what it is sent), beside a schema example',
      code: `
        import requests
        EXAMPLE = {"example": {"model_uri": "models:/churn/Staging"}}
        requests.post(f"{API}/deploy", json={"model_uri": "models:/churn/Staging"})
      `,
      findings: [{ line: 3, column: 51 }],
    },
    {
      name: 'a stage segment from a function of the file that looks the stage up in a dict of stages, by environment',
      code: `
        import mlflow

        STAGE_FOR_ENV = {"dev": "Staging", "staging": "Staging", "prod": "Production"}

        def stage_for_env(env):
            return STAGE_FOR_ENV[env]

        stage = stage_for_env(dbutils.widgets.get("env"))
        predict = mlflow.pyfunc.spark_udf(spark, f"models:/{model_name}/{stage}")
      `,
      findings: [
        {
          line: 9,
          column: 42,
          severity: 'information',
          message: 'models:/{model_name}/{stage} (stage is "Staging" or "Production") loads the model by the workspace registry\'s legacy stage; in Unity Catalog it raises (stage URIs go through get_latest_versions, which Unity Catalog refuses): load an alias URI instead (models:/{model_name}@challenger for Staging, models:/{model_name}@champion for Production)',
        },
      ],
    },
    {
      name: 'a stage segment from a conditional expression, from the arms of an if/else, and from .get with a stage default, in Unity Catalog',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        STAGES = {"prod": "Production"}
        stage = "Production" if env == "prod" else "Staging"
        first = mlflow.pyfunc.load_model(f"models:/ml.churn.model/{stage}")
        if env == "prod":
            other = "Production"
        else:
            other = "Staging"
        second = mlflow.pyfunc.load_model("models:/ml.churn.model/" + other)
        third = mlflow.pyfunc.load_model(f"models:/ml.churn.model/{STAGES.get(env, 'Staging')}")
        fourth = mlflow.pyfunc.load_model(f"models:/ml.churn.model/{ {'dev': 'Staging', 'staging': 'Staging', 'prod': 'Production'}[env] }")
      `,
      findings: [
        { line: 5, column: 34, severity: 'error', message: 'models:/ml.churn.model/{stage} (stage is "Production" or "Staging") raises in Unity Catalog' },
        { line: 10, column: 35, severity: 'error', message: 'models:/ml.churn.model/{other} (other is "Production" or "Staging") raises in Unity Catalog' },
        { line: 11, column: 34, severity: 'error', message: `(STAGES.get(env, 'Staging') is "Production" or "Staging")` },
        { line: 12, column: 35, severity: 'error', message: 'models:/ml.churn.model/{...} (its stage part is "Staging" or "Production") raises in Unity Catalog' },
      ],
    },
    {
      name: 'a helper that puts its alias parameter after a slash, called with "champion": neither a version nor a stage',
      code: `
        import mlflow
        def load_by_alias(name, alias):
            return mlflow.pyfunc.load_model(f"models:/{name}/{alias}")
        champion = load_by_alias("bike_demand", "champion")
      `,
      findings: [
        {
          line: 3,
          column: 37,
          severity: 'error',
          message: 'models:/{name}/{alias} with alias="champion" (as the call on line 4 passes it): "champion" is neither a version number, "latest", nor a stage (None, Staging, Production, Archived, in any case), so loading the model fails; load a version (models:/{name}/3) or an alias (models:/{name}@champion)',
        },
      ],
    },
    {
      name: 'a stage left None, formatted into the URI: models:/<name>/None loads the None stage',
      code: `
        import mlflow
        model_name = "toxicity"
        stage = None
        model = mlflow.spark.load_model(f"models:/{model_name}/{stage}")
        if refresh:
            stage = "Staging"
        other = mlflow.pyfunc.load_model("models:/{}/{}".format(model_name, stage))
      `,
      findings: [
        { line: 4, column: 33, message: 'models:/{model_name}/{stage} (stage is None) loads the model by a legacy MLflow model stage' },
        { line: 7, column: 34, message: '(stage is None or "Staging")' },
      ],
    },
  ],
  silent: [
    {
      name: 'a widget whose default is a version, an alias, created twice with different defaults, or never created in the file',
      code: `
        # Databricks notebook source
        import mlflow
        dbutils.widgets.text("version", "3")
        dbutils.widgets.text("alias", "champion")
        dbutils.widgets.text("stage", "Production")
        dbutils.widgets.text("stage", "2")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('version')}")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('alias')}")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('stage')}")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('from_job')}")
      `,
    },
    {
      name: 'a widget read before it is created, also created by a helper of the file, or after a %run that may create it; a dbutils the file binds to a stand-in',
      code: `
        # Databricks notebook source
        import mlflow
        from unittest.mock import MagicMock
        early = dbutils.widgets.get("early")
        dbutils.widgets.text("early", "Production")
        mlflow.pyfunc.load_model(f"models:/churn/{early}")

        def make_widget(name, default):
            dbutils.widgets.text(name, default)

        make_widget("stage", "Staging")
        dbutils.widgets.text("stage", "Production")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('stage')}")
      `,
    },
    {
      name: 'a %run before the widget is created, and a stand-in dbutils',
      code: `
        # Databricks notebook source
        # MAGIC %run ./config/widgets

        # COMMAND ----------

        import mlflow
        dbutils.widgets.text("stage", "Production")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('stage')}")

        # COMMAND ----------

        class FakeDbutils:
            pass
        dbutils = FakeDbutils()
        dbutils.widgets.text("other", "Production")
        mlflow.pyfunc.load_model(f"models:/churn/{dbutils.widgets.get('other')}")
      `,
    },
    {
      name: 'a stage variable the file sets itself (an item set, setdefault): the default never applies, or may not',
      code: `
        import os
        import mlflow

        os.environ["MODEL_STAGE"] = "2"
        STAGE = os.getenv("MODEL_STAGE", "Production")
        mlflow.pyfunc.load_model(f"models:/wine/{STAGE}")
        os.environ.setdefault("SCORING_STAGE", "champion")
        mlflow.pyfunc.load_model(f"models:/wine/{os.getenv('SCORING_STAGE', 'Staging')}")
      `,
    },
    {
      name: 'a segment read from the environment whose default is an alias, a version, or missing',
      code: `
        import os
        import mlflow

        ALIAS = os.getenv("MODEL_ALIAS", "champion")
        mlflow.pyfunc.load_model(f"models:/wine@{ALIAS}")
        mlflow.pyfunc.load_model(f"models:/wine/{os.getenv('MODEL_VERSION', '3')}")
        mlflow.pyfunc.load_model(f"models:/wine/{os.getenv('MODEL_STAGE')}")
      `,
    },
    {
      name: 'a pytest that patches load_model where the module under test holds MLflow, then asserts the URI the mock was given',
      fileName: 'tests/test_serving.py',
      code: `
        from unittest.mock import patch
        import serving

        @patch("serving.mlflow.pyfunc.load_model")
        def test_load_uses_stage(fake_load):
            serving.load()
            fake_load.assert_called_once_with("models:/churn/Production")

        def test_spark_udf_stubbed(mocker):
            fake = mocker.patch("app.batch.mlflow.pyfunc.spark_udf")
            serving.score("models:/churn/Staging")
            fake.assert_called_once()
      `,
    },
    {
      name: 'tests that stub MLflow out (a module in sys.modules, a patched load_model): the URI is input to the code under test, nothing is loaded',
      fileName: 'tests/test_loader.py',
      code: `
        import sys
        import types
        from unittest.mock import patch

        def test_loader_returns_what_the_stub_gives(monkeypatch):
            stub = types.ModuleType("mlflow")
            stub.pyfunc = types.SimpleNamespace(load_model=lambda uri: "stub-model")
            monkeypatch.setitem(sys.modules, "mlflow", stub)
            from app.loader import load
            assert load("models:/churn/Production") == "stub-model"

        @patch("mlflow.pyfunc.load_model")
        def test_loads_production(load_model):
            from app.loader import load
            load("models:/churn/Production")
            load_model.assert_called_once_with("models:/churn/Production")

        def test_stubs_two_modules():
            stub = types.ModuleType("mlflow")
            sys.modules["mlflow"], sys.modules["mlflow.pyfunc"] = stub, stub
            assert load("models:/churn/Staging") is not None
      `,
    },
    {
      name: 'a URI bound in a test and read after its patch block only by assertions on the mock; a comment that says global',
      fileName: 'tests/test_mock_asserts.py',
      code: `
        from unittest.mock import patch

        def test_asserts_the_uri():
            # the global registry is never reached
            uri = "models:/churn/Production"
            with patch("mlflow.pyfunc.load_model") as load_model:
                load(uri)
            load_model.assert_called_once_with(uri)
      `,
    },
    {
      name: 'a test that patches load_model on the module under an alias of its import',
      fileName: 'tests/test_alias.py',
      code: `
        from unittest import mock
        import mlflow.pyfunc as pf

        def test_loads_by_stage():
            with mock.patch.object(pf, "load_model", return_value="stub"):
                assert load("models:/churn/Production") == "stub"
      `,
    },
    {
      name: 'a test that binds the URI to a name, then patches load_model before the name is read',
      fileName: 'tests/test_loader.py',
      code: `
        from unittest.mock import patch

        def test_loads_by_stage(monkeypatch):
            uri = "models:/churn/Production"
            monkeypatch.setattr("mlflow.pyfunc.load_model", lambda u: "stub-model")
            assert load(uri) == "stub-model"
      `,
    },
    {
      name: 'the source of a copy from the workspace registry to Unity Catalog, by stage (written in the call, by keyword, or through a name)',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient

        client = MlflowClient(registry_uri="databricks")
        client.copy_model_version("models:/churn_model/Production", "main.ml.churn_model")
        client.copy_model_version(src_model_uri=f"models:/{name}/Staging", dst_name=f"main.ml.{name}")
        source = f"models:/{name}/Production"
        client.copy_model_version(source, "main.ml.churn")
      `,
    },
    {
      name: 'a version passed on through a retrying wrapper that calls itself: the outer call gives a version, the recursion adds nothing',
      code: `
        import mlflow

        def load(name, version):
            uri = f"models:/{name}/{version}"
            return mlflow.pyfunc.load_model(uri)

        def load_with_retries(name, version, attempts):
            if attempts == 0:
                return load(name, version)
            return load_with_retries(name, version, attempts - 1)

        model = load_with_retries("churn", "3", 2)
      `,
    },
    {
      name: "a test that loads a model by stage from a sqlite registry of its own",
      fileName: 'tests/test_scoring.py',
      code: `
        import mlflow

        def test_scores_staging_model(tmp_path):
            mlflow.set_tracking_uri(f"sqlite:///{tmp_path}/mlflow.db")
            model = mlflow.pyfunc.load_model("models:/churn/Staging")
            assert model is not None
      `,
    },
    {
      name: 'loops over what is not only stages: a version among them, a computed list, a list changed before the loop',
      code: `
        import mlflow
        for ref in ("Production", "3"):
            mlflow.pyfunc.load_model(f"models:/churn/{ref}")
        for stage in stages_from_config():
            mlflow.pyfunc.load_model(f"models:/churn/{stage}")
        STAGES = ["Production"]
        STAGES.append(latest_alias)
        for stage in STAGES:
            mlflow.pyfunc.load_model(f"models:/churn/{stage}")
      `,
    },
    {
      name: 'URI templates whose segment is a placeholder, filled in with a version or never used',
      code: `
        import mlflow
        MODEL_NAME = "demand"
        template = f"models:/{MODEL_NAME}/%s"
        by_field = "models:/fraud/{version}"
        positional = "models:/fraud/{}"
        named = "models:/fraud/%(version)d"
        m1 = mlflow.pyfunc.load_model(template % 3)
        m2 = mlflow.pyfunc.load_model(by_field.format(version=7))
        m3 = mlflow.pyfunc.load_model(positional.format(7))
        m4 = mlflow.pyfunc.load_model(named % {"version": 7})
        unused = "models:/churn/%s"
      `,
    },
    {
      name: 'a URI assigned, then bound again before anything reads it (a template\'s leftover)',
      code: `
        import mlflow
        model_uri = "models:/churn/Production"
        with mlflow.start_run(run_name="evaluation"):
            model_uri = mlflow.get_artifact_uri("model")
            mlflow.models.evaluate(model_uri, data=data, targets="y", model_type="regressor")
      `,
    },
    {
      name: 'a course\'s fill-in placeholders, written whole or composed',
      code: `
        import mlflow
        model_uri = "models:/" + "<model_name>" + "/" + "<model_version>"  # fill in
        model = mlflow.pyfunc.load_model(model_uri)
        mlflow.pyfunc.load_model("models:/<model_name>/<version>")
      `,
    },
    {
      name: 'a helper whose segment parameter gets version numbers, or a fill-in',
      code: `
        import mlflow
        def load_version(name, version):
            return mlflow.pyfunc.load_model(f"models:/{name}/{version}")
        first = load_version("bike_demand", "3")
        other = load_version("bike_demand", "<version>")
      `,
    },
    {
      name: 'None concatenated into a URI raises a TypeError before any model is loaded',
      code: `
        import mlflow
        stage = None
        model = mlflow.pyfunc.load_model("models:/churn/" + stage)
      `,
    },
    {
      name: 'a computed segment that may be a version, that .get may leave None, or that a function may not return',
      code: `
        import mlflow
        STAGES = {"prod": "Production", "dev": "Staging"}
        segment = "3" if env == "prod" else "Production"
        a = mlflow.pyfunc.load_model(f"models:/churn/{segment}")
        b = mlflow.pyfunc.load_model(f"models:/churn/{STAGES.get(env)}")

        def stage_or_nothing(env):
            if env == "prod":
                return "Production"

        c = mlflow.pyfunc.load_model(f"models:/churn/{stage_or_nothing(env)}")

        def stage_from(config):
            return config["stage"]

        d = mlflow.pyfunc.load_model(f"models:/churn/{stage_from(cfg)}")
      `,
    },
    {
      name: 'a URI bound to a name that is only printed, shown in an f-string or compared (nothing loads it)',
      code: `
        import mlflow
        legacy_uri = "models:/churn/Production"
        print(legacy_uri)
        print(f"Old form: {legacy_uri}")
        if chosen == legacy_uri:
            print("the stage form")
        model = mlflow.pyfunc.load_model("models:/main.ml.churn@champion")
      `,
    },
    {
      name: 'a URI only recorded with the run (log_param, set_tag, a client\'s set_tag): nothing loads it',
      code: `
        import mlflow
        baseline = "models:/house_price/Production"
        with mlflow.start_run() as run:
            mlflow.log_param("compared_against", baseline)
            mlflow.set_tag("baseline_uri", baseline)
            mlflow.MlflowClient().set_tag(run.info.run_id, "source", "models:/house_price/Staging")
      `,
    },
    {
      name: 'example values of an API schema (pydantic json_schema_extra, Field(examples=...)): documentation that nothing loads',
      code: `
        from pydantic import BaseModel, Field

        class PromoteRequest(BaseModel):
            model_uri: str = Field(..., examples=["models:/churn/Staging"])

            class Config:
                json_schema_extra = {"example": {"model_uri": "models:/churn/Production"}}
      `,
    },
    {
      name: 'a message that mentions a stage URI in prose',
      code: `
        import mlflow
        def load(name):
            raise ValueError("models:/churn/Production is not available")
      `,
    },
    {
      name: 'a parameter that takes versions, latest (outside Unity Catalog) or nothing known',
      code: `
        import mlflow

        def load(name, version="3"):
            return mlflow.pyfunc.load_model(f"models:/{name}/{version}")

        def newest(name, suffix="latest"):
            return mlflow.pyfunc.load_model(f"models:/{name}/{suffix}")

        def any_stage(name, stage):
            return mlflow.pyfunc.load_model(f"models:/{name}/{stage}")

        any_stage("fraud", stage_from_widget)
      `,
    },
    {
      name: 'a stage parameter rebound before the URI, and a call of another function with the same parameter name',
      code: `
        import mlflow

        def load(name, stage="Production"):
            stage = resolve_version(name, stage)
            return mlflow.pyfunc.load_model(f"models:/{name}/{stage}")

        def fetch(name, stage):
            return mlflow.pyfunc.load_model(f"models:/{name}/{stage}")

        def other(name, stage):
            pass

        other("fraud", stage="Production")
      `,
    },
    {
      name: 'an alias parameter',
      code: `
        import mlflow

        def load(name, alias="champion"):
            return mlflow.pyfunc.load_model(f"models:/{name}@{alias}")
      `,
    },
    {
      name: 'a .format template with named fields for the name and the version',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/{model_name}/{version}".format(model_name=name, version=3))
      `,
    },
    {
      name: 'latest after a dotted attribute name, outside a Unity Catalog context',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{self.config.model_name}/latest")
      `,
    },
    {
      name: 'a URI compared in an assertion, not loaded',
      code: `
        import mlflow
        def test_uri(registry):
            model_uri = registry.production_uri()
            assert model_uri == "models:/test_model/Production"
      `,
    },
    {
      name: 'latest outside a Unity Catalog context (the workspace registry resolves it)',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks")
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}/latest")
      `,
    },
    {
      name: 'an MLflow 3 logged model id (models:/<model_id>)',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{model_info.model_id}")
        other = mlflow.pyfunc.load_model("models:/m-4f2b8c1d9e")
      `,
    },
    {
      name: 'a version built from a variable, or with .format',
      code: `
        import mlflow
        a = mlflow.pyfunc.load_model("models:/" + name + "/" + str(version))
        b = mlflow.pyfunc.load_model("models:/{}/{}".format(name, version))
      `,
    },
    {
      name: 'a version read from the ModelVersion or ModelInfo the file holds',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mv = MlflowClient().get_model_version_by_alias("churn_model", "champion")
        champion = mlflow.pyfunc.load_model(f"models:/churn_model/{mv.version}")
        info = mlflow.sklearn.log_model(model, "model", registered_model_name="churn_model")
        latest = mlflow.pyfunc.load_model(f"models:/churn_model/{info.registered_model_version}")
      `,
    },
    {
      name: 'a stage URI only in the workspace branch of a Unity Catalog check',
      code: `
        import mlflow
        if is_unity_catalog(model_name):
            uri = f"models:/{model_name}@champion"
        else:
            uri = f"models:/{model_name}/Production"
      `,
    },
    {
      name: 'markdown pasted into a code cell (backticks are no string)',
      code: `
        # Databricks notebook source
        * Uses the model URI: \`models:/mini_mlops/production\`.
      `,
    },
    {
      name: 'a logged message that mentions a stage URI',
      code: `
        import logging
        logger = logging.getLogger(__name__)
        logger.info("models:/churn_model/Production")
        print(f"Loading models:/{name}/Production")
      `,
    },
    {
      name: 'a version number',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/3")
      `,
    },
    {
      name: 'latest, in any case',
      code: `
        import mlflow
        a = mlflow.pyfunc.load_model("models:/churn_model/latest")
        b = mlflow.pyfunc.load_model("models:/churn_model/Latest")
      `,
    },
    {
      name: 'an alias URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}@champion")
      `,
    },
    {
      name: 'a runs:/ URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
      `,
    },
    {
      name: 'the stage computed at run time',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}/{stage}")
      `,
    },
    {
      name: 'a URI mentioned in a print or a docstring, not loaded',
      code: `
        """Loads models:/churn_model/Production every night."""
        print("models:/churn_model/Production")
      `,
    },
    {
      name: 'a URI with a path after the version (not a stage segment)',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production/extra")
      `,
    },
    {
      name: 'predict on a loaded model takes data, not a URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model@champion")
        model.predict("models:/churn_model/Production")
      `,
    },
  ],
  fixes: [
    {
      name: 'the alias the file sets, named after the stage ("production"), not champion',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mv = mlflow.register_model("runs:/abc/model", "churn")
        MlflowClient().set_registered_model_alias("churn", "production", mv.version)
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      output: `
        import mlflow
        from mlflow import MlflowClient
        mv = mlflow.register_model("runs:/abc/model", "churn")
        MlflowClient().set_registered_model_alias("churn", "production", mv.version)
        model = mlflow.pyfunc.load_model("models:/churn@production")
      `,
      safety: 'unsafe',
    },
    {
      name: 'champion where the file names both, or an alias that is not the stage\'s name (prod)',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn", "prod", 3)
        client.set_registered_model_alias("fraud", "production", 4)
        client.set_registered_model_alias("fraud", "champion", 4)
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      output: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn", "prod", 3)
        client.set_registered_model_alias("fraud", "production", 4)
        client.set_registered_model_alias("fraud", "champion", 4)
        model = mlflow.pyfunc.load_model("models:/churn@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'stages named only in a comment, a string, a Spark pipeline loop or a longer name, and read only of another model: the fix stays',
      fileName: 'promote.py',
      safety: 'unsafe',
      code: `
        import mlflow
        from mlflow import MlflowClient
        # get_latest_versions and current_stage are gone from this project
        print("no more latest_versions here")
        current_stage_idx = 0
        for current_stage in pipeline_model.stages:
            print(current_stage)
        fraud = MlflowClient().get_latest_versions("fraud", ["Production"])
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      output: `
        import mlflow
        from mlflow import MlflowClient
        # get_latest_versions and current_stage are gone from this project
        print("no more latest_versions here")
        current_stage_idx = 0
        for current_stage in pipeline_model.stages:
            print(current_stage)
        fraud = MlflowClient().get_latest_versions("fraud", ["Production"])
        model = mlflow.pyfunc.load_model("models:/churn@champion")
      `,
    },
    {
      name: 'the stage at the end of a + template',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/" + model_name + "/Production")
      `,
      output: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/" + model_name + "@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'the stage in a .format template',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/{}/Staging".format(model_name))
      `,
      output: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/{}@challenger".format(model_name))
      `,
      safety: 'unsafe',
    },
    {
      name: 'the stage in a .format template with a named field, the title naming the field',
      code: `
        import mlflow
        model = mlflow.spark.load_model("models:/{model_name}/staging".format(model_name=model_name))
      `,
      output: `
        import mlflow
        model = mlflow.spark.load_model("models:/{model_name}@challenger".format(model_name=model_name))
      `,
      fixTitle: 'Load the alias URI models:/{model_name}@challenger',
      safety: 'unsafe',
    },
    {
      name: 'in a Unity Catalog context',
      code: `
        import mlflow
        udf = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.model/Production")
      `,
      output: `
        import mlflow
        udf = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.model@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'Production becomes @champion inside a plain string',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production")
      `,
      output: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'Staging becomes @challenger inside an f-string, keeping its parts',
      code: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f'models:/{CATALOG}.{SCHEMA}.churn/Staging')
      `,
      output: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f'models:/{CATALOG}.{SCHEMA}.churn@challenger')
      `,
      safety: 'unsafe',
    },
    {
      name: 'a file whose transition to Production MLT401 rewrites to the champion alias: the Production URI becomes @champion too',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn", 3, "Production")
        model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      output: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn", 3, "Production")
        model = mlflow.pyfunc.load_model("models:/churn@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'a file that keeps a stage transition of another model (its returned version is used): the URI of this model still becomes @champion',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        fraud_version = client.transition_model_version_stage("fraud", 7, "Production")
        print(fraud_version.version)
        churn_model = mlflow.pyfunc.load_model("models:/churn/Production")
      `,
      output: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        fraud_version = client.transition_model_version_stage("fraud", 7, "Production")
        print(fraud_version.version)
        churn_model = mlflow.pyfunc.load_model("models:/churn@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'a mis-cased stage in a string bound to a name',
      code: `
        import mlflow
        MODEL_URI = "models:/churn_model/production"
        model = mlflow.pyfunc.load_model(MODEL_URI)
      `,
      output: `
        import mlflow
        MODEL_URI = "models:/churn_model@champion"
        model = mlflow.pyfunc.load_model(MODEL_URI)
      `,
      safety: 'unsafe',
    },
  ],
});

describe('MLT402 fixes only where an alias exists to load', () => {
  const cases: Array<[string, string]> = [
    ['a notebook that installs an MLflow older than aliases (2.3)', '# Databricks notebook source\n# MAGIC %pip install mlflow==1.29.0\n\n# COMMAND ----------\n\nimport mlflow\nm = mlflow.pyfunc.spark_udf(spark, "models:/churn/Production")\n'],
    [
      'a helper whose stage parameter the calls give two stages (one alias would load the same version for both)',
      'import mlflow\ndef load(stage):\n    return mlflow.pyfunc.load_model(f"models:/churn/{stage}")\nmodel = load("Production") or load("Staging")\n',
    ],
    ['Archived', 'import mlflow\nm = mlflow.pyfunc.load_model("models:/churn/Archived")\n'],
    ['latest in Unity Catalog', 'import mlflow\nm = mlflow.pyfunc.load_model("models:/a.b.churn/latest")\n'],
    ['the workspace registry (no aliases there)', 'import mlflow\nmlflow.set_registry_uri("databricks")\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n'],
    ['the stage from an interpolated constant', 'import mlflow\nS = "Staging"\nm = mlflow.pyfunc.load_model(f"models:/{n}/{S}")\n'],
    // The file still moves versions to the stage in a way MLT401's fix leaves as written: the alias would be set by nothing.
    [
      'a file that promotes to Production by stage and reads the stage back (MLT401 leaves the transition)',
      'import mlflow\nfrom mlflow import MlflowClient\nclient = MlflowClient()\nclient.transition_model_version_stage("churn", 3, "Production")\nprint(client.get_model_version("churn", 3).current_stage)\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n',
    ],
    [
      'a file that keeps a stage transition of the same model named through a constant, loaded through an f-string of it',
      'import mlflow\nfrom mlflow import MlflowClient\nMODEL = "churn"\nmv = MlflowClient().transition_model_version_stage(MODEL, 3, "Production")\nm = mlflow.pyfunc.load_model(f"models:/{MODEL}/Production")\n',
    ],
    [
      'a file whose transition takes its name and version from a splat (MLT401 cannot rewrite it)',
      'import mlflow\nfrom mlflow import MlflowClient\ntarget = ("churn", 3)\nMlflowClient().transition_model_version_stage(*target, stage="Production")\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n',
    ],
    [
      'a file whose helper promotes to the stage its callers pass',
      'import mlflow\nfrom mlflow import MlflowClient\ndef promote(version, stage):\n    MlflowClient().transition_model_version_stage("churn", version, stage)\npromote(3, "Production")\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n',
    ],
    [
      'a file that reads the stage back with get_latest_versions to compare and promote (nothing sets the alias, and it would go on reading Staging)',
      'import mlflow\nfrom mlflow import MlflowClient\nstaging = mlflow.spark.load_model("models:/ALS4/Staging")\nrun_stage = MlflowClient().get_latest_versions("ALS4", ["Staging"])[0]\n',
    ],
    [
      'a file that picks the model by its current_stage, then loads it by stage',
      'import mlflow\nfrom mlflow import MlflowClient\nfor mv in MlflowClient().search_model_versions("name=\'tokens\'"):\n    if mv.current_stage == "Production":\n        name = mv.name\nm = mlflow.spark.load_model("models:/tokens/Production")\n',
    ],
    [
      'a stage read from the environment (no text to replace: the default is only what applies where the variable is unset)',
      'import os, mlflow\nSTAGE = os.getenv("MODEL_STAGE", "Production")\nm = mlflow.pyfunc.load_model(f"models:/churn/{STAGE}")\n',
    ],
    [
      "a file that promotes through the REST transition endpoint",
      'import mlflow, requests\nrequests.post(f"{host}/api/2.0/mlflow/model-versions/transition-stage", json={"name": "churn", "version": "3", "stage": "Production"})\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n',
    ],
  ];
  for (const [name, code] of cases) {
    it(`no fix: ${name}`, async () => {
      const findings = await findingsOf(mlt402StageModelUri, code);
      assert.equal(findings.length, 1, JSON.stringify(findings.map((finding) => finding.message)));
      assert.deepEqual(findings[0].fixes, []);
    });
  }

  it('no alias fix for a name Unity Catalog cannot hold in a Databricks notebook (the workspace registry refuses aliases); other names keep it', async () => {
    const databricks = (uri: string) => `# Databricks notebook source\nimport mlflow\nNAME = "Churn Prediction Bank"\nmodel = mlflow.pyfunc.spark_udf(spark, model_uri=${uri})\n`;
    for (const uri of ['f"models:/{NAME}/staging"', '"models:/churn model/Production"', 'f"models:/{prefix} churn/Production"']) {
      const findings = await findingsOf(mlt402StageModelUri, databricks(uri));
      assert.equal(findings.length, 1, uri);
      assert.deepEqual(findings[0].fixes, [], uri);
      assert.match(findings[0].message, /loads the model by the workspace registry's legacy stage( \(the stage is spelled "Staging"\))?; in Unity Catalog, load the alias URI/);
    }
    const fixes = async (code: string) => (await findingsOf(mlt402StageModelUri, code))[0]?.fixes.length;
    assert.equal(await fixes('import mlflow\nNAME = "Churn Prediction Bank"\nmodel = mlflow.pyfunc.load_model(f"models:/{NAME}/Production")\n'), 1, 'a module: an open-source registry may hold it');
    // Unity Catalog completes a one-part name from the current catalog and schema.
    assert.equal(await fixes(databricks('"models:/churn/Production"')), 1, 'one part, a name Unity Catalog can hold');
    assert.equal(await fixes(databricks('"models:/main.ml.churn/Production"')), 1, 'three parts: Unity Catalog');
    assert.equal(await fixes(databricks('f"models:/{name}/Production"')), 1, 'a name the file does not show');
  });

  it('in a notebook that installs an MLflow older than aliases, the advice to load one says it needs an upgrade; not with a newer one', async () => {
    const notebook = (pip: string, uri: string) => `# Databricks notebook source\n# MAGIC %pip install ${pip}\n\n# COMMAND ----------\n\nimport mlflow\nm = mlflow.pyfunc.load_model(${uri})\n`;
    const old = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.2.2', '"models:/churn/Production"'));
    assert.ok(old[0]?.message.endsWith('load the alias URI models:/churn@champion (after upgrading MLflow: this notebook installs mlflow==2.2.2, and aliases came with MLflow 2.3)'), old[0]?.message);
    const unity = await findingsOf(mlt402StageModelUri, notebook('"mlflow~=2.2.0"', '"models:/main.ml.churn/Staging"'));
    assert.ok(unity[0]?.message.endsWith('load the alias URI models:/main.ml.churn@challenger (after upgrading MLflow: this notebook installs mlflow~=2.2.0, and aliases came with MLflow 2.3)'), unity[0]?.message);
    const current = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.9.2', '"models:/churn/Production"'));
    assert.ok(current[0]?.message.endsWith('load the alias URI models:/churn@champion'), current[0]?.message);
    // A later install replaces the pin: the alias is there to load, and the fix with it.
    const upgraded = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.2.2\n\n# COMMAND ----------\n\n# MAGIC %pip install --upgrade mlflow', '"models:/main.ml.churn/Production"'));
    assert.ok(upgraded[0]?.message.endsWith('load the alias URI models:/main.ml.churn@champion'), upgraded[0]?.message);
    assert.equal(upgraded[0].fixes.length, 1);
    // A store of MLflow's own: one note, not "(after upgrading ...) (aliases exist since MLflow 2.3)".
    const ownStore = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.2.2', '"models:/churn/Production"').replace('import mlflow\n', 'import mlflow\nmlflow.set_tracking_uri("http://mlflow.internal:5000")\n'));
    assert.ok(ownStore[0]?.message.endsWith('load the alias URI models:/churn@champion (after upgrading MLflow: this notebook installs mlflow==2.2.2, and aliases came with MLflow 2.3)'), ownStore[0]?.message);
    // The other advice to load an alias: an unknown segment, and latest in Unity Catalog.
    const unknown = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.2.2', '"models:/churn/Prod"'));
    assert.ok(unknown[0]?.message.endsWith('or an alias (models:/churn@champion) (after upgrading MLflow: this notebook installs mlflow==2.2.2, and aliases came with MLflow 2.3)'), unknown[0]?.message);
    const latest = await findingsOf(mlt402StageModelUri, notebook('mlflow==2.2.2', '"models:/ml.churn.model/latest"'));
    assert.ok(latest[0]?.message.includes('load an alias (models:/ml.churn.model@champion) (after upgrading MLflow'), latest[0]?.message);
  });
});
