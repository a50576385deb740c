// MLT401 legacy-stage-transition: flagged cases, silent look-alikes and exact fix outputs.
import * as assert from 'node:assert/strict';
import type { Rule } from '../../rules/engine/types';
import { mlt401LegacyStageTransition } from '../../rules/mlt401-legacy-stage-transition';
import { mlt402StageModelUri } from '../../rules/mlt402-stage-model-uri';
import { dedent } from '../support/linter';
import { describeRule, findingsOf } from '../support/ruleTester';

const UNSUPPORTED = `"Method 'transition_model_version_stage' is unsupported for models in the Unity Catalog"`;

describeRule(mlt401LegacyStageTransition, {
  flagged: [
    {
      name: "a helper that copies its stage parameter into a local name first: the calls' stage, and the version left in Production",
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        def move(version, stage, name):
            new_stage = stage
            client.transition_model_version_stage(name=name, version=version, stage=new_stage, archive_existing_versions=False)
        move(1, "Production", "churn")
        move(4, "Production", "churn")
      `,
      findings: [
        {
          line: 5,
          column: 12,
          message: 'transition_model_version_stage to Production (stage, as the calls on lines 6 and 7 pass it) uses',
        },
      ],
    },
    {
      name: 'the ModelVersion held in a name and loaded (no alias set), and versions listed by stage and archived without a deletion',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        newest = client.get_latest_versions("churn", stages=["Production"])[0]
        model = mlflow.pyfunc.load_model(f"models:/churn/{newest.version}")
        for mv in client.get_latest_versions("fraud", stages=["Staging"]):
            client.transition_model_version_stage("fraud", mv.version, "Archived")
      `,
      findings: [
        { line: 4, column: 17, message: 'get_latest_versions' },
        { line: 6, column: 18, message: 'get_latest_versions' },
        { line: 7, column: 12, message: 'transition_model_version_stage to Archived' },
      ],
    },
    {
      name: 'a version found by stage given an alias on another model, or also promoted by stage; a listing archived before one version (not the model) is deleted',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        found = client.get_latest_versions("churn", stages=["Production"])[0]
        client.set_registered_model_alias("fraud", "champion", found.version)
        staged = client.get_latest_versions("churn", stages=["Staging"])[0]
        client.set_registered_model_alias("churn", "challenger", staged.version)
        client.transition_model_version_stage("churn", staged.version, "Production", archive_existing_versions=True)
        for mv in client.get_latest_versions("leads", stages=["Production"]):
            client.transition_model_version_stage("leads", mv.version, "Archived")
        client.transition_model_version_stage("leads", 7, "Production")
        client.delete_model_version("leads", 3)
      `,
      findings: [
        { line: 3, column: 16, message: 'get_latest_versions' },
        { line: 5, column: 17, message: 'get_latest_versions' },
        { line: 7, column: 8, message: 'transition_model_version_stage to Production' },
        { line: 8, column: 18, message: 'get_latest_versions' },
        { line: 10, column: 8, message: 'transition_model_version_stage to Production' },
      ],
    },
    {
      name: "fixtures that do not decide the parameter: overridden by a class's own fixture or by parametrize, or registered under another name",
      fileName: 'tests/test_overrides.py',
      code: `
        import pytest
        from mlflow import MlflowClient
        from my_plugin.store import FakeStore

        @pytest.fixture
        def client():
            return FakeStore()

        class TestReal:
            @pytest.fixture
            def client(self):
                return MlflowClient()

            def test_promote(self, client):
                client.transition_model_version_stage("churn", 3, "Production")

        @pytest.mark.parametrize("store", [MlflowClient()])
        def test_param(store):
            store.transition_model_version_stage("churn", 4, "Production")

        @pytest.fixture(name="registry")
        def real_registry():
            return MlflowClient()

        @pytest.fixture(name="fake")
        def registry():
            return FakeStore()

        def test_named(registry):
            registry.transition_model_version_stage("churn", 5, "Production")
      `,
      findings: [
        { line: 15, column: 16, message: 'transition_model_version_stage to Production' },
        { line: 19, column: 11, message: 'transition_model_version_stage to Production' },
        { line: 30, column: 14, message: 'transition_model_version_stage to Production' },
      ],
    },
    {
      name: 'stage lookups that are no migration: the alias goes on a version computed from the found one, a lookup with no stages, a wrapper that sets something else, Unity Catalog',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        staged = client.get_latest_versions("churn", stages=["Staging"])
        client.set_registered_model_alias("churn", "next", int(staged[0].version) + 1)
        for mv in client.get_latest_versions("fraud"):
            client.set_registered_model_alias("fraud", "champion", mv.version)
        prod = client.get_latest_versions("risk", stages=["Production"])
        tracker.set_run_display_alias(prod[0].version, "prod")
      `,
      findings: [
        { line: 4, column: 17, message: 'get_latest_versions' },
        { line: 6, column: 18, message: 'get_latest_versions' },
        { line: 8, column: 15, message: 'get_latest_versions' },
      ],
    },
    {
      name: "a pytest fixture that gives MLflow's own client: its stage calls are MLflow's",
      fileName: 'tests/test_promotion.py',
      code: `
        import pytest
        from mlflow import MlflowClient

        @pytest.fixture
        def client():
            return MlflowClient()

        def test_promotes(client):
            client.transition_model_version_stage("churn", 3, "Production")
      `,
      findings: [{ line: 9, column: 12, message: 'transition_model_version_stage to Production' }],
    },
    {
      name: 'a stage lookup whose version is loaded, beside an alias set from another version: no migration',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        prod = client.get_latest_versions("churn", stages=["Production"])
        model = mlflow.pyfunc.load_model(f"models:/churn/{prod[0].version}")
        client.set_registered_model_alias("churn", "champion", new_version)
      `,
      findings: [{ line: 4, column: 15, message: 'get_latest_versions uses' }],
    },
    {
      name: 'a proxy class of the file whose __getattr__ passes the call on to the MlflowClient it wraps',
      code: `
        from mlflow import MlflowClient
        class Proxy:
            def __init__(self, client):
                self._client = client
            def __getattr__(self, name):
                return getattr(self._client, name)
        target = Proxy(MlflowClient(registry_uri="databricks"))
        target.transition_model_version_stage(name="churn", version=3, stage="Staging")
      `,
      findings: [{ line: 8, column: 8, message: 'transition_model_version_stage to Staging uses' }],
    },
    {
      name: 'Production transition, context unknown: information, alias champion, the previous version stays too',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Production")
      `,
      findings: [
        { line: 3, column: 8, severity: 'information', message: `in Unity Catalog it raises ${UNSUPPORTED}; set the alias instead: set_registered_model_alias(name, "champion", version)` },
      ],
    },
    {
      name: 'a module-level Unity Catalog check in an earlier cell that does not leave guards nothing',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        if mlflow.get_registry_uri() == "databricks-uc":
            print("this notebook expects the workspace registry")

        # COMMAND ----------

        MlflowClient().transition_model_version_stage("churn_model", 3, "Production")
      `,
      findings: [{ line: 9, column: 16, severity: 'information', message: 'in Unity Catalog it raises' }],
    },
    {
      name: 'the same call says that a version already in Production stays there (MLT404\'s point)',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "production", archive_existing_versions=False)
      `,
      findings: [{ line: 2, column: 16, message: 'Without archive_existing_versions=True, a version already in Production stays in Production too' }],
    },
    {
      name: 'the first promotion of a model the file deletes first: no version can be in Production, so that sentence is not said; the second promotion says it',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        try:
            client.delete_registered_model("churn_model")
        except Exception:
            pass
        client.create_model_version("churn_model", source, run_id)
        client.transition_model_version_stage("churn_model", 1, "Production")
        client.create_model_version("churn_model", new_source, new_run_id)
        client.transition_model_version_stage("churn_model", 2, "Production")
      `,
      findings: [
        { line: 8, column: 8, message: 'set_registered_model_alias(name, "champion", version)', notInMessage: 'stays in Production' },
        { line: 10, column: 8, message: 'Without archive_existing_versions=True, a version already in Production stays in Production too' },
      ],
    },
    {
      name: 'a model name made unique with uuid: its first promotion does not say that an older version stays in Production',
      code: `
        import uuid
        from mlflow import MlflowClient
        model_name = f"churn_{uuid.uuid4().hex[:6]}"
        details = mlflow.register_model(f"runs:/{run_id}/model", model_name)
        MlflowClient().transition_model_version_stage(name=details.name, version=details.version, stage="Production")
      `,
      findings: [{ line: 5, column: 16, notInMessage: 'stays in Production' }],
    },
    {
      name: 'promoted by the name of what register_model returned, archived by hand by the name given to it: the same model, whose versions the file archives itself',
      code: `
        import mlflow
        from mlflow import MlflowClient
        NAME = "power-forecast"
        client = MlflowClient()
        mv = mlflow.register_model("runs:/abc123/model", NAME)
        client.transition_model_version_stage(name=mv.name, version=mv.version, stage="Production")
        client.transition_model_version_stage(name=NAME, version=1, stage="Archived")
      `,
      findings: [
        { line: 6, column: 8, message: 'to Production', notInMessage: 'stays in Production' },
        { line: 7, column: 8, message: 'to Archived' },
      ],
    },
    {
      name: 'promoted by the name of what register_model returned, after archiving the model\'s listed Production versions in a loop',
      code: `
        import mlflow
        from mlflow import MlflowClient
        MODEL_NAME = "churn_classifier"
        client = MlflowClient()
        mv = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME)
        for current in client.get_latest_versions(MODEL_NAME, stages=["Production"]):
            client.transition_model_version_stage(current.name, current.version, "Archived")
        client.transition_model_version_stage(mv.name, mv.version, "Production")
      `,
      findings: [
        { line: 6, column: 23, message: 'get_latest_versions' },
        { line: 7, column: 12, message: 'to Archived' },
        { line: 8, column: 8, message: 'to Production', notInMessage: 'stays in Production' },
      ],
    },
    {
      name: 'promoted by the name of what register_model returned, another model archived by hand: the sentence stays',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        mv = mlflow.register_model("runs:/abc123/model", "power-forecast")
        client.transition_model_version_stage(name=mv.name, version=mv.version, stage="Production")
        client.transition_model_version_stage(name="power-baseline", version=1, stage="Archived")
      `,
      findings: [
        { line: 5, column: 8, message: 'Without archive_existing_versions=True, a version already in Production stays in Production too' },
        { line: 6, column: 8, message: 'to Archived' },
      ],
    },
    {
      name: 'a model name made with shortuuid.uuid(): its first promotion does not say that an older version stays in Production',
      code: `
        import shortuuid
        from mlflow import MlflowClient
        client = MlflowClient()
        name = shortuuid.uuid()
        client.create_model_version(name, source, run_id)
        client.transition_model_version_stage(name, 1, "Production")
      `,
      findings: [{ line: 6, column: 8, notInMessage: 'stays in Production' }],
    },
    {
      name: 'mlflow.tracking.MlflowClient() through the module import, Staging: alias challenger',
      code: `
        import mlflow
        client = mlflow.tracking.MlflowClient()
        client.transition_model_version_stage(name="churn_model", version=3, stage="Staging")
      `,
      findings: [{ line: 3, column: 8, message: 'set_registered_model_alias(name, "challenger", version)' }],
    },
    {
      name: 'Archived with no deletion after it: Unity Catalog has no archive step',
      code: `
        from mlflow.tracking.client import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "Archived")
      `,
      findings: [{ line: 2, column: 16, message: 'Unity Catalog has no archive step: delete the alias (delete_registered_model_alias) or drop the call' }],
    },
    {
      name: 'Archived, then a different model is deleted',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Archived")
        client.delete_registered_model("old_churn_model")
      `,
      findings: [{ line: 3, column: 8 }],
    },
    {
      name: 'the versions of every stage listed, with no deletion after it',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        versions = client.get_latest_versions("churn_model")
        client.delete_registered_model("other_model")
      `,
      findings: [{ line: 3, column: 19, message: 'the newest version of each stage' }],
    },
    {
      name: 'a listing shown cells before a deletion that does not go through it',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        client = MlflowClient()
        print(client.get_latest_versions("churn_model"))

        # COMMAND ----------

        client.delete_model_version("churn_model", 2)
      `,
      findings: [{ line: 4, column: 14, message: 'the newest version of each stage' }],
    },
    {
      name: 'Archived after the deletion (not before it)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.delete_model_version("churn_model", 2)
        client.transition_model_version_stage("churn_model", 3, "Archived")
      `,
      findings: [{ line: 4, column: 8 }],
    },
    {
      name: 'get_latest_versions with stages=["Production"]: alias champion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        latest = client.get_latest_versions("churn_model", stages=["Production"])[0]
      `,
      findings: [{ line: 3, column: 17, severity: 'information', message: 'load the version by alias: get_model_version_by_alias(name, "champion")' }],
    },
    {
      name: 'get_latest_versions with the stages list given by position',
      code: `
        import mlflow
        staging = mlflow.MlflowClient().get_latest_versions("churn_model", ["Staging"])
      `,
      findings: [{ line: 2, column: 33, message: '"challenger"' }],
    },
    {
      name: 'get_latest_versions without stages, or with stages=None: the newest version of each stage',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        every_stage = client.get_latest_versions("churn_model")
        also_every_stage = client.get_latest_versions("churn_model", stages=None)
      `,
      findings: [
        { line: 3, column: 22, message: 'get_latest_versions (the newest version of each stage)' },
        { line: 4, column: 27, message: 'use search_model_versions for the newest version' },
      ],
    },
    {
      name: 'get_latest_versions(stages=["None"]): search_model_versions or a version number',
      code: `
        from mlflow import MlflowClient
        newest = MlflowClient().get_latest_versions("churn_model", stages=["None"])[0]
      `,
      findings: [{ line: 2, column: 25, message: 'use search_model_versions or a version number' }],
    },
    {
      name: 'a helper whose client parameter is annotated MlflowClient',
      code: `
        from mlflow.client import MlflowClient as Client
        def promote(client: Client, version: str) -> None:
            client.transition_model_version_stage("churn_model", version, "Production")
      `,
      findings: [{ line: 3, column: 12 }],
    },
    {
      name: 'an unannotated client parameter in a file that imports mlflow',
      code: `
        import mlflow
        def promote(client, version):
            client.transition_model_version_stage("churn_model", version, "Production")
      `,
      findings: [{ line: 3, column: 12 }],
    },
    {
      name: 'a client held in an attribute (self.client)',
      code: `
        from mlflow import MlflowClient

        class Promoter:
            def __init__(self):
                self.client = MlflowClient()

            def promote(self, version):
                self.client.transition_model_version_stage("churn_model", version, "Staging")
      `,
      findings: [{ line: 8, column: 21 }],
    },
    {
      name: 'a client from a %run notebook (the name is not bound in this one)',
      code: `
        # Databricks notebook source
        # MAGIC %run ./setup

        # COMMAND ----------

        mlflow_client.transition_model_version_stage(model_name, version_id, "Production")
      `,
      findings: [{ line: 6, column: 15 }],
    },
    {
      name: 'mlflow reached through a star import of a project module',
      code: `
        # Databricks notebook source
        from utils.project_utils import *

        # COMMAND ----------

        client = mlflow.tracking.MlflowClient()
        client.transition_model_version_stage(name=config["model"]["name"], version=version, stage="Production")
      `,
      findings: [{ line: 7, column: 8 }],
    },
    {
      name: 'client from an earlier notebook cell, call split over lines with a backslash',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        client = MlflowClient()

        # COMMAND ----------

        client \\
            .transition_model_version_stage("churn_model", 3, "Production")
      `,
      findings: [{ line: 8, column: 6 }],
    },
    {
      name: 'the stage from a variable: set an alias, no alias named',
      code: `
        from mlflow import MlflowClient
        target = dbutils.widgets.get("stage")
        MlflowClient().transition_model_version_stage("churn_model", 3, target)
      `,
      findings: [{ line: 3, column: 16, message: 'set_registered_model_alias(name, alias, version)' }],
    },
    {
      name: 'Unity Catalog context (set_registry_uri): error, MLflow\'s own exception text',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks-uc")
        MlflowClient().transition_model_version_stage("ml.churn.model", 3, "Production")
      `,
      findings: [{ line: 4, column: 16, severity: 'error', message: `transition_model_version_stage to Production raises in Unity Catalog: ${UNSUPPORTED}; set the alias instead` }],
    },
    {
      name: 'Unity Catalog context from a three-part registered name: get_latest_versions is an error',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.churn.model", input_example=X)
        prod = mlflow.MlflowClient().get_latest_versions("ml.churn.model", stages=["Production"])
      `,
      findings: [{ line: 3, column: 30, severity: 'error', message: `raises in Unity Catalog: "Method 'get_latest_versions' is unsupported for models in the Unity Catalog"` }],
    },
    {
      name: 'a Unity Catalog registry URI with a computed profile (a script run from a laptop): error',
      code: `
        import mlflow
        mlflow.set_registry_uri(f"databricks-uc://{profile}")
        mlflow.MlflowClient().get_latest_versions(name, stages=["Staging"])
      `,
      findings: [{ line: 3, column: 23, severity: 'error', message: 'get_latest_versions raises in Unity Catalog' }],
    },
    {
      name: 'a workspace registry URI with a computed profile: information',
      code: `
        import mlflow
        mlflow.set_registry_uri(f"databricks://{profile}")
        mlflow.MlflowClient().get_latest_versions(name, stages=["Staging"])
      `,
      findings: [{ line: 3, column: 23, severity: 'information', message: 'in Unity Catalog, load the version by alias' }],
    },
    {
      name: 'a client built for Unity Catalog, in a file that says nothing else',
      code: `
        from mlflow import MlflowClient
        uc = MlflowClient(registry_uri="databricks-uc")
        uc.transition_model_version_stage("ml.churn.model", 3, "Staging")
      `,
      findings: [{ line: 3, column: 4, severity: 'error' }],
    },
    {
      name: 'workspace registry context: information, the alias is what Unity Catalog uses',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_registry_uri("databricks")
        MlflowClient().transition_model_version_stage("churn_model", 3, "Production")
      `,
      findings: [{ line: 4, column: 16, severity: 'information', message: 'uses the workspace registry\'s legacy stages; in Unity Catalog an alias takes its place' }],
    },
    {
      name: 'the REST endpoints of stage transitions and transition requests, in URL literals',
      code: `
        import requests
        requests.post(f"{host}/api/2.0/mlflow/databricks/model-versions/transition-stage", json=body, headers=headers)
        url = "https://example.cloud.databricks.com/api/2.0/mlflow/transition-requests/create"
      `,
      findings: [
        {
          line: 2,
          column: 15,
          message:
            'the REST endpoint model-versions/transition-stage moves a model version to a stage: stages exist in the workspace registry and in open-source MLflow (deprecated there since 2.9), not in Unity Catalog, whose models have aliases instead; set an alias',
        },
        { line: 3, column: 7, message: 'the REST endpoint transition-requests handles stage transition requests: transition requests exist only in the workspace registry; models in Unity Catalog have aliases instead' },
      ],
    },
    {
      name: 'a script for an open-source MLflow server: MLflow\'s deprecated stages, and a Databricks notebook: the workspace registry\'s',
      code: `
        import mlflow
        mlflow.set_tracking_uri("http://mlflow.internal:5000")
        mlflow.MlflowClient().transition_model_version_stage("churn", 3, "Staging")
      `,
      findings: [{ line: 3, column: 23, severity: 'information', message: 'transition_model_version_stage to Staging uses MLflow\'s legacy model stages (deprecated since MLflow 2.9 in favour of aliases)' }],
    },
    {
      name: "a Databricks notebook whose registry URI names a store of its own (sqlite): MLflow's stages, not the workspace registry's",
      code: `
        # Databricks notebook source
        import mlflow
        mlflow.set_registry_uri("sqlite:///dbfs/tmp/registry.db")
        mlflow.MlflowClient().transition_model_version_stage("churn", 3, "Staging")
      `,
      findings: [{ line: 4, column: 23, severity: 'information', message: "transition_model_version_stage to Staging uses MLflow's legacy model stages (deprecated since MLflow 2.9 in favour of aliases)" }],
    },
    {
      name: 'a script only named like a test (no test, no assert, not under tests/) that promotes on its own server',
      fileName: 'api/test_model.py',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_tracking_uri("http://127.0.0.1:5000")
        MlflowClient().transition_model_version_stage("wine", 3, "Production")
      `,
      findings: [{ line: 4, column: 16, message: "transition_model_version_stage to Production uses MLflow's legacy model stages" }],
    },
    {
      name: 'a method of a subclass of MlflowClient that calls the inherited get_latest_versions on self',
      code: `
        import mlflow
        from mlflow.tracking.client import MlflowClient
        class Registry(MlflowClient):
            def newest(self, name):
                return self.get_latest_versions(name)[-1]
      `,
      findings: [{ line: 5, column: 21, message: 'get_latest_versions (the newest version of each stage) uses' }],
    },
    {
      name: "a client built for a store of MLflow's own by its tracking_uri talks to that store's registry (MLflow falls back to the client's tracking URI); a session registry set in the file comes first",
      code: `
        from mlflow.tracking import MlflowClient
        import mlflow
        client = MlflowClient(tracking_uri="sqlite:///registry.db")
        client.transition_model_version_stage("churn", 4, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 4, column: 8, message: 'uses MLflow\'s legacy model stages (deprecated since MLflow 2.9 in favour of aliases); an alias takes its place (MLflow 2.3 and later)' }],
    },
    {
      name: 'the same client where the file sets MLFLOW_REGISTRY_URI, which MLflow takes before the client\'s tracking URI',
      code: `
        from mlflow.tracking import MlflowClient
        import os
        os.environ["MLFLOW_REGISTRY_URI"] = "databricks-uc"
        client = MlflowClient(tracking_uri="sqlite:///registry.db")
        client.transition_model_version_stage("churn", 4, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 5, column: 8, message: 'in Unity Catalog it raises' }],
    },
    {
      name: "the same client where the file sets the session's registry: MLflow takes that one first",
      code: `
        from mlflow.tracking import MlflowClient
        import mlflow
        mlflow.set_registry_uri("databricks")
        client = MlflowClient(tracking_uri="sqlite:///registry.db")
        client.transition_model_version_stage("churn", 4, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 5, column: 8, message: "uses the workspace registry's legacy stages; in Unity Catalog an alias takes its place" }],
    },
    {
      name: 'test code that talks to the Databricks registry is reported (only a store of its own makes a stage test deliberate)',
      fileName: 'tests/test_promotion.py',
      code: `
        import mlflow
        from mlflow import MlflowClient

        def test_staging_model_loads():
            mlflow.set_registry_uri("databricks")
            latest = MlflowClient().get_latest_versions("churn", stages=["Staging"])
            assert latest
      `,
      findings: [{ line: 6, column: 29, severity: 'information', message: "get_latest_versions uses the workspace registry's legacy stages" }],
    },
    // A promotion and an archive under two registries: an MLflow server of its own hears of its
    // aliases; the workspace registry (the near miss) is pointed at Unity Catalog.
    ...[
      {
        name: "a script for an MLflow server of its own hears of that server's aliases, not of Unity Catalog",
        setup: 'mlflow.set_tracking_uri("http://localhost:5000")',
        promoted: 'transition_model_version_stage to Production uses MLflow\'s legacy model stages (deprecated since MLflow 2.9 in favour of aliases); an alias takes its place (MLflow 2.3 and later): set_registered_model_alias(name, "champion", version)',
        archived: "transition_model_version_stage to Archived uses MLflow's legacy model stages (deprecated since MLflow 2.9 in favour of aliases); aliases have no archive step: delete the alias",
      },
      {
        name: 'a Databricks notebook on the workspace registry is pointed at Unity Catalog (near miss of the own-store wording)',
        setup: 'mlflow.set_registry_uri("databricks")',
        promoted: 'transition_model_version_stage to Production uses the workspace registry\'s legacy stages; in Unity Catalog an alias takes its place: set_registered_model_alias(name, "champion", version)',
        archived: "transition_model_version_stage to Archived uses the workspace registry's legacy stages; Unity Catalog has no archive step",
      },
    ].map(({ name, setup, promoted, archived }) => ({
      name,
      code: [
        '# Databricks notebook source',
        'import mlflow',
        setup,
        'client = mlflow.MlflowClient()',
        'client.transition_model_version_stage("churn", 3, "Production", archive_existing_versions=True)',
        'client.transition_model_version_stage("churn", 2, "Archived")',
      ].join('\n'),
      findings: [
        { line: 5, column: 8, severity: 'information' as const, message: promoted },
        { line: 6, column: 8, severity: 'information' as const, message: archived },
      ],
    })),
    {
      name: "a branch that sets a local store's tracking URI uses its stages, whatever registry the other branch uses",
      code: `
        # Databricks notebook source
        import mlflow
        name = "main.recsys.next_product"
        if mode == "databricks":
            version = mlflow.MlflowClient().get_model_version_by_alias(name, "champion").version
        else:
            mlflow.set_tracking_uri("file:///tmp/mlruns")
            latest = mlflow.MlflowClient().get_latest_versions("next_product")
        mlflow.MlflowClient().get_latest_versions(name)
      `,
      findings: [
        { line: 8, column: 36, severity: 'information', message: "get_latest_versions (the newest version of each stage) uses MLflow's legacy model stages (deprecated since MLflow 2.9 in favour of aliases); use search_model_versions" },
        { line: 9, column: 23, severity: 'error', message: 'get_latest_versions (the newest version of each stage) raises in Unity Catalog' },
      ],
    },
    {
      name: "the branch a notebook takes away from Databricks talks to MLflow's own store; the Databricks branch keeps the file's Unity Catalog context",
      code: `
        import mlflow
        name = "main.recsys.next_product"
        client = mlflow.MlflowClient()
        if env_mode == "databricks":
            version = client.get_model_version_by_alias(name, "production").version
        else:
            latest = client.get_latest_versions("next_product")
        if env_mode != 'databricks':
            client.transition_model_version_stage("next_product", 3, "Staging")
        else:
            client.get_latest_versions(name)
      `,
      findings: [
        { line: 7, column: 21, severity: 'information', message: "get_latest_versions (the newest version of each stage) uses MLflow's legacy model stages" },
        { line: 9, column: 12, severity: 'information', message: "transition_model_version_stage to Staging uses MLflow's legacy model stages" },
        { line: 11, column: 12, severity: 'error', message: 'raises in Unity Catalog' },
      ],
    },
    {
      name: 'a Databricks notebook without a registry setting',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        MlflowClient().get_latest_versions("churn", stages=["Production"])
      `,
      findings: [{ line: 3, column: 16, message: 'get_latest_versions uses the workspace registry\'s legacy stages; in Unity Catalog it raises' }],
    },
    {
      name: 'a class that keeps a three-part model name in self and registers under it: Unity Catalog context',
      code: `
        import mlflow
        from mlflow import MlflowClient

        class Trainer:
            def __init__(self, config):
                self.model_name = f"{config.catalog}.{config.schema}.churn"

            def register(self, run_id):
                mlflow.register_model(f"runs:/{run_id}/model", self.model_name)

            def newest(self):
                return MlflowClient().get_latest_versions(self.model_name)[0]
      `,
      findings: [{ line: 12, column: 31, severity: 'error', message: 'get_latest_versions (the newest version of each stage) raises in Unity Catalog' }],
    },
    {
      name: 'a self attribute assigned two different names decides nothing',
      code: `
        import mlflow
        from mlflow import MlflowClient

        class Trainer:
            def __init__(self, config):
                self.model_name = f"{config.catalog}.{config.schema}.churn"

            def use_workspace(self):
                self.model_name = "churn"

            def register(self, run_id):
                mlflow.register_model(f"runs:/{run_id}/model", self.model_name)

            def newest(self):
                return MlflowClient().get_latest_versions(self.model_name)[0]
      `,
      findings: [{ line: 15, column: 31, severity: 'information' }],
    },
    {
      name: 'the path of a transition-request action passed to a helper that adds the /api/2.0/mlflow/ prefix',
      code: `
        import json
        from mlflow.utils.rest_utils import http_request

        def registry_call(path, body):
            return http_request(host_creds=creds, endpoint=f"/api/2.0/mlflow/{path}", method="POST", json=json.loads(body))

        registry_call("transition-requests/create", json.dumps({"name": "churn", "version": 2, "stage": "Staging"}))
        registry_call('transition-requests/approve', approval)
        method = "approve"
        if rejected:
            method = "reject"
        registry_call(f"transition-requests/{method}", approval)
      `,
      findings: [
        { line: 7, column: 15, message: 'the REST endpoint transition-requests handles stage transition requests' },
        { line: 8, column: 15 },
        { line: 12, column: 15 },
      ],
    },
    {
      name: 'a helper whose stage parameter the file sets: the stages it gets, the Production point, no rewrite of the helper',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        move(3, "Staging")
        move(4, stage="production")
      `,
      findings: [{ line: 4, column: 20, message: 'transition_model_version_stage to Staging or Production (stage, as the calls on lines 6 and 7 pass it) uses', severity: 'information' }],
    },
    {
      name: "a helper's stage parameter set through a wrapper (deploy(env_stage) -> move(version, stage)): the outer call's literal",
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        def deploy(version, env_stage):
            move(version, env_stage)

        deploy(5, "Staging")
      `,
      findings: [{ line: 4, column: 20, message: 'transition_model_version_stage to Staging (stage, as the call on line 9 passes it) uses', severity: 'information' }],
    },
    {
      name: 'a helper whose stage defaults to Production',
      code: `
        from mlflow import MlflowClient

        def promote(version, stage="Production"):
            MlflowClient().transition_model_version_stage("churn", version, stage, archive_existing_versions=True)
      `,
      findings: [{ line: 4, column: 20, message: 'to Production (stage, its default) uses' }],
    },
    {
      name: 'a helper that archives, called where nothing is deleted afterwards',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def _archive_all(name):
            for version in client.search_model_versions(f"name='{name}'"):
                client.transition_model_version_stage(name=name, version=version.version, stage="Archived")

        def retire(name):
            _archive_all(name)
            client.set_registered_model_tag(name, "retired", "true")
      `,
      findings: [{ line: 6, column: 16 }],
    },
  ],
  silent: [
    {
      name: 'a stage-to-alias migration through the ModelVersion held in a name, and a reset that archives what a listing by stage finds before deleting the model',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def migrate_stage_to_alias(model_name, stage, alias):
            newest = client.get_latest_versions(model_name, stages=[stage])[0]
            client.set_registered_model_alias(model_name, alias, newest.version)

        migrate_stage_to_alias("churn", "Production", "champion")
        name = "churn_reset"
        for stage in ["Production", "Staging"]:
            for mv in client.get_latest_versions(name, stages=[stage]):
                client.transition_model_version_stage(name, mv.version, "Archived")
        client.delete_registered_model(name)
        for version in [m.version for stage in ["production", "staging"] for m in client.get_latest_versions("old_model", stages=[stage])]:
            client.transition_model_version_stage("old_model", version, "archived")
        client.delete_registered_model("old_model")
      `,
    },
    {
      name: 'the same file with a test in it: a test of the stage support of its own server',
      fileName: 'api/test_model.py',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.set_tracking_uri("http://127.0.0.1:5000")
        def test_promotes():
            MlflowClient().transition_model_version_stage("wine", 3, "Production")
      `,
    },
    {
      name: 'self.get_latest_versions in a class of the file that defines it, or that does not inherit from MlflowClient',
      code: `
        import mlflow
        from mlflow.tracking.client import MlflowClient
        class Registry(MlflowClient):
            def get_latest_versions(self, name, stages=None):
                return self.search_model_versions(f"name='{name}'")
            def newest(self, name):
                return self.get_latest_versions(name)[-1]
        class Store:
            def newest(self, name):
                return self.get_latest_versions(name)
        class AliasMixin:
            def transition_model_version_stage(self, name, version, stage):
                self.set_registered_model_alias(name, stage.lower(), version)
        class Registry2(AliasMixin, MlflowClient):
            def promote(self, name, version):
                self.transition_model_version_stage(name, version, "Production")
      `,
    },
    {
      name: "a registry plugin's tests of its own store, filled in by a pytest fixture of the file: the plugin's methods, not MLflow's client",
      fileName: 'tests/test_my_store.py',
      code: `
        import pytest
        from mlflow.entities.model_registry import ModelVersion
        from my_plugin.store import KeyValueRegistryStore

        @pytest.fixture
        def store():
            return KeyValueRegistryStore(store_uri="kv://memory/registry")

        @pytest.fixture()
        def client_store(tmp_path):
            yield KeyValueRegistryStore(store_uri=f"kv://{tmp_path}")

        def test_transition_sets_stage(store):
            mv = store.transition_model_version_stage("m", "1", "Production", False)
            assert isinstance(mv, ModelVersion)
            assert store.get_latest_versions("m", stages=["Production"])[0].version == 1

        class TestStore:
            def test_archive(self, client_store):
                client_store.transition_model_version_stage("m", "1", "Archived", False)
      `,
    },
    {
      name: 'a migration from stages to aliases: the versions a stage lookup finds are given aliases (through a name, a loop, in place)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def migrate(name):
            for stage, alias in {"Production": "champion", "Staging": "challenger"}.items():
                found = client.get_latest_versions(name, stages=[stage])
                if found:
                    client.set_registered_model_alias(name, alias, found[0].version)

        for mv in client.get_latest_versions("churn", stages=["Production"]):
            client.set_registered_model_alias("churn", "champion", mv.version)
        client.set_registered_model_alias("fraud", "champion", client.get_latest_versions("fraud", stages=["Production"])[0].version)

        class Registry:
            def migrate(self, name):
                for stage, alias in {"Production": "production"}.items():
                    versions = self.client.get_latest_versions(name=name, stages=[stage])
                    if versions:
                        version = versions[0].version
                        self.set_model_alias(version, alias)
                        print(f"migrated {stage} to {alias} for version {version}")
      `,
    },
    {
      name: 'a class of the file that defines the method itself (a fake, or a wrapper whose own MLflow call is what counts), also with a __getattr__',
      code: `
        class FakeRegistry:
            def transition_model_version_stage(self, name, version, stage):
                self.moves.append((name, version, stage))
            def __getattr__(self, name):
                raise AttributeError(name)
        target = FakeRegistry()
        target.transition_model_version_stage(name="churn", version=3, stage="Staging")
      `,
    },
    {
      name: "a library's test of its stage support, on a sqlite registry in a temporary folder (session URI and client both)",
      fileName: 'tests/io/test_registry_dataset.py',
      code: `
        import mlflow
        from mlflow import MlflowClient

        def test_dataset_loads_given_stage(tmp_path):
            uri = "sqlite:///" + (tmp_path / "mlruns.db").as_posix()
            mlflow.set_tracking_uri(uri)
            mlflow.set_registry_uri(uri)
            client = MlflowClient(tracking_uri=uri, registry_uri=uri)
            client.transition_model_version_stage(name="demo_model", version=2, stage="Production")
            assert client.get_latest_versions("demo_model", stages=["Production"])[0].version == "2"
      `,
    },
    {
      name: "a test file whose client alone is built for a file store",
      fileName: 'test_registry.py',
      code: `
        from mlflow import MlflowClient

        def test_latest_staging(tmp_path):
            client = MlflowClient(registry_uri=f"file://{tmp_path}/mlruns")
            assert client.get_latest_versions("m", stages=["Staging"]) == []
      `,
    },
    {
      name: 'clean-up: a version moved back to None, then deleted (None versions can be deleted too)',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "None")

        # COMMAND ----------

        client.delete_model_version("churn_model", 3)
      `,
    },
    {
      name: 'clean-up in notebook cells: the listed versions are deleted in a loop over the listing',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        client = MlflowClient()
        versions = client.get_latest_versions("churn_model")

        # COMMAND ----------

        for v in versions:
            client.delete_model_version("churn_model", v.version)
      `,
    },
    {
      name: 'clean-up in methods: self._archive_all(name) then delete_registered_model in the caller',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        class DemoSetup:
            @staticmethod
            def _archive_all(name):
                for version in client.get_registered_model(name=name).latest_versions:
                    client.transition_model_version_stage(name=name, version=version.version, stage="Archived")

            def _drop(self, name):
                self._archive_all(name)
                client.delete_registered_model(name=name)
      `,
    },
    {
      name: 'clean-up: a helper archives every version, and each function that calls it deletes the model next',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def _archive_all(name):
            for version in client.search_model_versions(f"name='{name}'"):
                client.transition_model_version_stage(name=name, version=version.version, stage="Archived")

        def drop_model(name):
            _archive_all(name)
            client.delete_registered_model(name=name)
      `,
    },
    {
      name: 'a clean-up helper that archives each listed version, then deletes the model by its own name',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        def cleanup_registered_model(registry_model_name):
            versions = client.search_model_versions(f"name='{registry_model_name}'")
            for model_version in versions:
                try:
                    client.transition_model_version_stage(name=model_version.name, version=model_version.version, stage="Archived")
                except Exception:
                    pass
            client.delete_registered_model(registry_model_name)
      `,
    },
    {
      name: 'aliases: set_registered_model_alias and get_model_version_by_alias',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("ml.churn.model", "champion", 3)
        champion = client.get_model_version_by_alias("ml.churn.model", "champion")
      `,
    },
    {
      name: 'an alias that a team named like a stage is an alias, not a stage',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "Production", 3)
        current = client.get_model_version_by_alias("churn_model", "Production")
        model = mlflow.pyfunc.load_model("models:/churn_model@Production")
      `,
    },
    {
      name: 'a local class with a method of the same name',
      code: `
        import mlflow

        class FakeRegistry:
            def transition_model_version_stage(self, name, version, stage):
                return (name, version, stage)

        registry = FakeRegistry()
        registry.transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'an unknown receiver in a file that does not show MLflow at all',
      code: `
        def promote(client, version):
            client.transition_model_version_stage("churn_model", version, "Production")
      `,
    },
    {
      name: 'a method of an unrelated library object',
      code: `
        import mlflow
        from my_registry import Registry
        registry = Registry()
        registry.transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'a local function of the same name',
      code: `
        import mlflow
        def transition_model_version_stage(name, version, stage):
            print(name, version, stage)

        transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'text in strings, comments and markdown cells',
      code: `
        # Databricks notebook source
        # MAGIC %md Promote with client.transition_model_version_stage(name, 3, "Production")

        # COMMAND ----------

        # client.transition_model_version_stage("churn_model", 3, "Production")
        note = 'client.transition_model_version_stage("churn_model", 3, "Production")'
        print(note)
      `,
    },
    {
      name: 'the Databricks SDK workspace registry API (not MlflowClient)',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import Stage
        w = WorkspaceClient()
        w.model_registry.transition_stage("churn_model", "3", Stage.PRODUCTION, archive_existing_versions=True)
      `,
    },
    {
      name: 'client rebound in two branches to different kinds of object (cannot decide)',
      code: `
        from mlflow import MlflowClient
        if use_fake:
            client = FakeClient()
        else:
            client = MlflowClient()
        client.get_latest_versions("churn_model", stages=["Production"])
      `,
    },
    {
      name: 'clean-up: archive each version, then delete it (the workspace registry deletes only versions in None or Archived)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def delete_model(model_name):
            for v in client.get_latest_versions(model_name):
                client.transition_model_version_stage(model_name, v.version, "Archived")
                client.delete_model_version(model_name, v.version)
      `,
    },
    {
      name: 'clean-up: archive, then delete the registered model later in the notebook',
      code: `
        # Databricks notebook source
        import mlflow
        client = mlflow.tracking.MlflowClient()
        client.transition_model_version_stage(name=config["model"]["name"], version=1, stage="Archived")

        # COMMAND ----------

        client.delete_registered_model(name=config["model"]["name"])
      `,
    },
    {
      name: 'the workspace branch of a Unity Catalog check (elif after `if is_unity_catalog(...)`)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def register(model_name, version, alias=None, stage=None):
            if is_unity_catalog(model_name):
                client.set_registered_model_alias(model_name, alias, version)
            elif stage:
                client.transition_model_version_stage(model_name, version, stage)
      `,
    },
    {
      name: 'guarded by `if not use_uc:` and by a registry URI comparison',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        if not use_uc:
            client.transition_model_version_stage("churn_model", 3, "Production", archive_existing_versions=True)
        if mlflow.get_registry_uri() != "databricks-uc":
            latest = client.get_latest_versions("churn_model", stages=["Production"])
      `,
    },
    {
      name: 'after a module-level Unity Catalog check in an earlier cell that raises',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        if mlflow.get_registry_uri() == "databricks-uc":
            raise ValueError("this notebook uses the workspace registry")

        # COMMAND ----------

        MlflowClient().transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'after an early return when the registry is Unity Catalog',
      code: `
        from mlflow import MlflowClient

        def promote(client: MlflowClient, name, version, registry_uri):
            if registry_uri == "databricks-uc":
                client.set_registered_model_alias(name, "champion", version)
                return
            client.transition_model_version_stage(name, version, "Production", archive_existing_versions=True)
      `,
    },
    {
      name: 'REST endpoints in a docstring, and other registry endpoints',
      code: `
        import requests

        def promote():
            """Calls /api/2.0/mlflow/model-versions/transition-stage on the workspace."""
            requests.post(f"{host}/api/2.0/mlflow/registered-models/alias", json=body)
      `,
    },
    {
      name: 'other registry paths passed to a helper, and prose that names a transition-request path',
      code: `
        registry_call("registry-webhooks/create", body)
        registry_call("registered-models/get", body)
        message = "see transition-requests/create in the REST reference"
        note = f"see transition-requests/{action} in the REST reference"
      `,
    },
  ],
  fixes: [
    {
      name: "a Production transition becomes the alias the file already names after the stage (its loads read @production)",
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Production")
        current = client.get_model_version_by_alias("churn_model", "production")
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "production", 3)
        current = client.get_model_version_by_alias("churn_model", "production")
      `,
      safety: 'unsafe',
    },
    {
      name: 'positional Production transition becomes the champion alias',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Production")
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "champion", 3)
      `,
      safety: 'unsafe',
    },
    {
      name: 'keyword Staging transition becomes the challenger alias, archive flag dropped',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(name=MODEL_NAME, version=mv.version, stage="Staging", archive_existing_versions=True)
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias(name=MODEL_NAME, version=mv.version, alias="challenger")
      `,
      safety: 'unsafe',
    },
    {
      name: 'arguments on one line after the bracket (black\'s layout): only the archive flag goes',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
            "churn_model", 3, "Production", archive_existing_versions=False
        )
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias(
            "churn_model", "champion", 3
        )
      `,
      safety: 'unsafe',
    },
    {
      name: 'one argument per line keeps its layout',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
            name=MODEL_NAME,
            version=new_version,
            stage="Production",
            archive_existing_versions=True,
        )
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias(
            name=MODEL_NAME,
            version=new_version,
            alias="champion",
        )
      `,
      safety: 'unsafe',
    },
    {
      name: 'the archive flag on the last line with the closing bracket: the bracket stays',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
          name = "churn",
          version = 3,
          stage = "Production",
          archive_existing_versions=True)  # promote
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias(
          name = "churn",
          version = 3,
          alias="champion")  # promote
      `,
      safety: 'unsafe',
    },
    {
      name: 'positional arguments with a comment among them keep their places, named',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
            "churn",
            4,
            # move to staging for QA
            "Staging",
        )
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias(
            "churn",
            version=4,
            # move to staging for QA
            alias="challenger",
        )
      `,
      safety: 'unsafe',
    },
    {
      name: 'positional version with a keyword stage: version becomes a keyword',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage(MODEL_NAME, v, stage='production')
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().set_registered_model_alias(MODEL_NAME, version=v, alias='champion')
      `,
      safety: 'unsafe',
    },
    {
      name: 'positional archive flag removed',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Production", True)
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "champion", 3)
      `,
      safety: 'unsafe',
    },
    {
      name: 'in a Unity Catalog context too (where the call raises)',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.MlflowClient().transition_model_version_stage("ml.churn.model", 3, "Staging")
      `,
      output: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.MlflowClient().set_registered_model_alias("ml.churn.model", "challenger", 3)
      `,
      safety: 'unsafe',
    },
  ],
});

describe('MLT401 and MLT402 fix titles say where aliases exist when the file does not show Unity Catalog', () => {
  it('unknown registry: the title says it; Unity Catalog: it does not', async () => {
    const where = '(for a model in Unity Catalog or an open-source MLflow 2.3+ registry)';
    const titles = async (rule: Rule, code: string) => (await findingsOf(rule, code)).flatMap((finding) => finding.fixes.map((fix) => fix.title));
    const unknown = 'from mlflow import MlflowClient\nMlflowClient().transition_model_version_stage("churn", 3, "Production")\n';
    const unity = 'import mlflow\nmlflow.set_registry_uri("databricks-uc")\nmlflow.MlflowClient().transition_model_version_stage("ml.churn.model", 3, "Production")\n';
    assert.deepEqual(await titles(mlt401LegacyStageTransition, unknown), [`Replace the Production transition with set_registered_model_alias(..., "champion", ...) ${where}`]);
    assert.deepEqual(await titles(mlt401LegacyStageTransition, unity), ['Replace the Production transition with set_registered_model_alias(..., "champion", ...)']);
    assert.deepEqual(await titles(mlt402StageModelUri, 'import mlflow\nm = mlflow.pyfunc.load_model("models:/churn/Production")\n'), [`Load the alias URI models:/churn@champion ${where}`]);
    assert.deepEqual(await titles(mlt402StageModelUri, 'import mlflow\nm = mlflow.pyfunc.load_model("models:/ml.churn.model/Production")\n'), ['Load the alias URI models:/ml.churn.model@champion']);
  });
});

describe('MLT401 offers its fix only where the result is correct code', () => {
  const noFix: Array<{ name: string; code: string }> = [
    { name: 'Archived', code: 'client.transition_model_version_stage("churn_model", 2, "Archived")' },
    { name: 'None', code: 'client.transition_model_version_stage("churn_model", 2, "None")' },
    { name: 'a stage that is not a literal', code: 'client.transition_model_version_stage("churn_model", 2, stage)' },
    { name: 'the value the call returns is used', code: 'mv = client.transition_model_version_stage("churn_model", 2, "Production")' },
    { name: 'the value is returned', code: 'def promote():\n    return client.transition_model_version_stage("churn_model", 2, "Production")' },
    { name: 'a course placeholder among the arguments', code: 'client.transition_model_version_stage(\n    <FILL_IN>\n)' },
    { name: 'a helper\'s stage parameter that the file sets to Production', code: 'def promote(v, stage):\n    client.transition_model_version_stage("churn_model", v, stage)\npromote(2, "Production")' },
    {
      name: 'a wait loop that reads the stage back (current_stage)',
      code: 'client.transition_model_version_stage("churn_model", 2, "Staging")\ndef wait(v, stage):\n    while str(client.get_model_version("churn_model", v).current_stage) != stage:\n        pass\nwait(2, "Staging")',
    },
    { name: 'a client built for the workspace registry (its workflow is stages)', code: 'client = MlflowClient(registry_uri="databricks")\nclient.transition_model_version_stage("churn_model", 2, "Production")' },
    {
      name: 'a file that creates a registry webhook through the REST API (it fires on the stage transition)',
      code: 'client.transition_model_version_stage("churn_model", 2, "Staging")\nbody = json.dumps({"model_name": "churn_model", "events": ["MODEL_VERSION_TRANSITIONED_TO_STAGING"]})\ncall_endpoint("registry-webhooks/create", method="POST", body=body)',
    },
    {
      name: 'a file that creates a registry webhook with the webhooks client',
      code: 'from databricks_registry_webhooks import RegistryWebhooksClient, JobSpec\nclient.transition_model_version_stage("churn_model", 2, "Production")\nRegistryWebhooksClient().create_webhook(model_name="churn_model", events=["MODEL_VERSION_CREATED"], job_spec=JobSpec(job_id="1"))',
    },
  ];
  for (const { name, code } of noFix) {
    it(`no fix: ${name}`, async () => {
      const findings = await findingsOf(mlt401LegacyStageTransition, dedent(`from mlflow import MlflowClient\nclient = MlflowClient()\n${code}\n`));
      assert.equal(findings.length, 1, JSON.stringify(findings.map((finding) => finding.message)));
      assert.deepEqual(findings[0].fixes, []);
    });
  }

  it('no fix in a notebook that installs an MLflow older than aliases (2.3); the fix stays with a newer one', async () => {
    const notebook = (pip: string) =>
      `# Databricks notebook source\n# MAGIC %pip install ${pip}\n\n# COMMAND ----------\n\nfrom mlflow import MlflowClient\nMlflowClient().transition_model_version_stage("main.ml.churn_model", 2, "Production")\n`;
    for (const pip of ['mlflow==1.29.0', 'mlflow-skinny==2.2.2 scikit-learn', '"mlflow<2.3"', '"mlflow>=1.20,<2"', '"mlflow~=2.2.0"', '"mlflow~=1.29"']) {
      const findings = await findingsOf(mlt401LegacyStageTransition, notebook(pip));
      assert.equal(findings.length, 1, pip);
      assert.deepEqual(findings[0].fixes, [], pip);
    }
    for (const pip of ['mlflow==2.9.2', 'mlflow', '"mlflow<2.3.1"', '"mlflow~=2.2"', 'mlflow-export-import==1.2.0']) {
      const findings = await findingsOf(mlt401LegacyStageTransition, notebook(pip));
      assert.equal(findings[0]?.fixes.length, 1, pip);
    }
  });

  it('no alias fix for a name Unity Catalog cannot hold in a Databricks notebook (the workspace registry refuses aliases); other names keep it', async () => {
    const call = (name: string) => `from mlflow import MlflowClient\nMlflowClient().transition_model_version_stage(${name}, 2, "Production")\n`;
    const fixes = async (code: string) => (await findingsOf(mlt401LegacyStageTransition, code))[0]?.fixes.length;
    assert.equal(await fixes(`# Databricks notebook source\nNAME = "Churn Prediction Bank"\n${call('NAME')}`), 0);
    assert.equal(await fixes(`# Databricks notebook source\n${call('"churn/model"')}`), 0);
    assert.equal(await fixes(`# Databricks notebook source\nPREFIX = read_prefix()\n${call('f"{PREFIX} Churn"')}`), 0, 'a space in the text the file shows');
    // Read as the workspace registry's: its stages, and aliases only in Unity Catalog.
    const [finding] = await findingsOf(mlt401LegacyStageTransition, `# Databricks notebook source\nNAME = "Churn Prediction Bank"\n${call('NAME')}`);
    assert.ok(finding?.message.startsWith("transition_model_version_stage to Production uses the workspace registry's legacy stages; in Unity Catalog an alias takes its place:"), finding?.message);
    assert.equal(await fixes(`NAME = "Churn Prediction Bank"\n${call('NAME')}`), 1, 'a module: an open-source registry may hold it');
    assert.equal(await fixes(`# Databricks notebook source\n${call('"churn_model"')}`), 1, 'one part: Unity Catalog completes it');
    assert.equal(await fixes(`# Databricks notebook source\n${call('"main.ml.churn_model"')}`), 1, 'three parts');
    assert.equal(await fixes(`# Databricks notebook source\n${call('model_name')}`), 1, 'a name the file does not show');
  });

  it("the REST transition endpoint's advice follows the stage its body asks for: Archived and None have no alias to set", async () => {
    const request = (body: string) => `import json, requests\nbody = ${body}\nrequests.post(f"{host}/api/2.0/mlflow/model-versions/transition-stage", data=json.dumps(body), headers=headers)\n`;
    const archived = await findingsOf(mlt401LegacyStageTransition, request('{"name": "wine", "version": "3", "stage": "Archived"}'));
    assert.ok(archived[0]?.message.endsWith('; Unity Catalog has no archive step: delete the alias (delete_registered_model_alias) or drop the call'), archived[0]?.message);
    const none = await findingsOf(mlt401LegacyStageTransition, request('{"name": "wine", "version": "3", "stage": "none"}'));
    assert.ok(none[0]?.message.endsWith('; Unity Catalog has no stage to leave: delete the alias (delete_registered_model_alias) or drop the call'), none[0]?.message);
    // The URL joined from a host, or bound to a name first.
    const joined = await findingsOf(mlt401LegacyStageTransition, 'import requests\nrequests.post(host + "/api/2.0/mlflow/model-versions/transition-stage", json={"name": "wine", "version": "3", "stage": "archived"})\n');
    assert.ok(joined[0]?.message.endsWith('Unity Catalog has no archive step: delete the alias (delete_registered_model_alias) or drop the call'), joined[0]?.message);
    const bound = await findingsOf(mlt401LegacyStageTransition, 'import requests\nurl = f"{host}/api/2.0/mlflow/model-versions/transition-stage"\nrequests.post(url, json={"name": "wine", "version": "3", "stage": "None"})\n');
    assert.ok(bound[0]?.message.endsWith('Unity Catalog has no stage to leave: delete the alias (delete_registered_model_alias) or drop the call'), bound[0]?.message);
    for (const body of ['{"name": "wine", "version": "3", "stage": "Production"}', '{"name": "wine", "stage": target_stage}', 'make_body()']) {
      const findings = await findingsOf(mlt401LegacyStageTransition, request(body));
      assert.ok(findings[0]?.message.endsWith('; set an alias (set_registered_model_alias)'), `${body}: ${findings[0]?.message}`);
    }
  });

  it('in a notebook that installs an MLflow older than aliases, the advice to use one says it needs an upgrade; not with a newer one', async () => {
    const notebook = (pip: string, call: string) => `# Databricks notebook source\n# MAGIC %pip install ${pip}\n\n# COMMAND ----------\n\nfrom mlflow import MlflowClient\nclient = MlflowClient()\n${call}\n`;
    const upgrade = (written: string) => `(after upgrading MLflow: this notebook installs ${written}, and aliases came with MLflow 2.3)`;
    const calls: Array<[string, string]> = [
      ['client.transition_model_version_stage("churn", 2, "Production")', 'set the alias instead: set_registered_model_alias(name, "champion", version) '],
      ['client.transition_model_version_stage("churn", 2, "Archived")', 'delete the alias (delete_registered_model_alias) or drop the call '],
      ['v = client.get_latest_versions("churn", stages=["Staging"])', 'get_model_version_by_alias(name, "challenger") '],
      ['v = client.get_latest_versions("churn")', 'get_model_version_by_alias(name, "champion") '],
    ];
    for (const [call, advice] of calls) {
      const old = await findingsOf(mlt401LegacyStageTransition, notebook('mlflow-skinny==2.2.2 scikit-learn', call));
      assert.ok(old[0]?.message.includes(advice + upgrade('mlflow-skinny==2.2.2')), old[0]?.message);
      const range = await findingsOf(mlt401LegacyStageTransition, notebook('"mlflow>=1.20,<2"', call));
      assert.ok(range[0]?.message.includes(upgrade('mlflow>=1.20,<2')), range[0]?.message);
      const current = await findingsOf(mlt401LegacyStageTransition, notebook('mlflow==2.9.2', call));
      assert.ok(current[0]?.message.includes(advice.trimEnd()), current[0]?.message);
      assert.ok(!current[0].message.includes('upgrading'), current[0].message);
    }
    // Nothing to upgrade for: the newest versions in None or Archived come from search_model_versions.
    const none = await findingsOf(mlt401LegacyStageTransition, notebook('mlflow==2.2.2', 'v = client.get_latest_versions("churn", stages=["None"])'));
    assert.ok(none[0]?.message.endsWith('use search_model_versions or a version number'), none[0]?.message);
  });

  it('says nothing about a version already in Production where the call raises or archives it', async () => {
    const archived = await findingsOf(mlt401LegacyStageTransition, 'from mlflow import MlflowClient\nMlflowClient().transition_model_version_stage("m", 3, "Production", archive_existing_versions=True)\n');
    const unity = await findingsOf(mlt401LegacyStageTransition, 'import mlflow\nmlflow.set_registry_uri("databricks-uc")\nmlflow.MlflowClient().transition_model_version_stage("a.b.m", 3, "Production")\n');
    // The old version archived by hand just before the new one is promoted.
    const byHand = await findingsOf(
      mlt401LegacyStageTransition,
      'from mlflow import MlflowClient\nc = MlflowClient()\nname = "fraud"\nc.transition_model_version_stage(name, old_version, "Archived")\nc.transition_model_version_stage(name, new_version, "Production")\n',
    );
    assert.equal(byHand.length, 2);
    assert.ok(!byHand[1].message.includes('stays in Production'), byHand[1].message);
    for (const findings of [archived, unity]) {
      assert.equal(findings.length, 1);
      assert.ok(!findings[0].message.includes('stays in Production'), findings[0].message);
    }
  });

  it('says nothing about a version already in Production where the promotion runs only when none is there', async () => {
    const promotion = async (setup: string, guarded: string) =>
      (await findingsOf(mlt401LegacyStageTransition, `from mlflow import MlflowClient\nc = MlflowClient()\nname = "price"\n${setup}\n${guarded}\n`)).find((finding) => finding.message.includes('to Production'))!;
    const filtered = 'prod = [mv for mv in c.search_model_versions(f"name=\'{name}\'") if mv.current_stage == "Production"]';
    const looked = 'prod = c.get_latest_versions(name, stages=["Production"])';
    const promote = 'c.transition_model_version_stage(name, 7, "Production")';
    for (const [setup, guarded] of [
      [filtered, `if not prod:\n    ${promote}`],
      [looked, `if len(prod) == 0:\n    ${promote}`],
      [looked, `if prod:\n    print("kept")\nelse:\n    ${promote}`],
      ['versions = c.search_model_versions(f"name=\'{name}\'")\nprod = [v for v in versions if v.current_stage == "Production"]', `if not prod:\n    ${promote}`],
      [looked, `if ready is None:\n    raise SystemExit(1)\nelif len(prod) > 0:\n    print("kept")\nelse:\n    ${promote}`],
    ]) {
      const finding = await promotion(setup, guarded);
      assert.ok(!finding.message.includes('stays in Production'), `${guarded}: ${finding.message}`);
    }
    // Near misses: the test is of another list, of the other way round, or of Staging versions.
    for (const [setup, guarded] of [
      [filtered, `if prod:\n    ${promote}`],
      ['staged = c.get_latest_versions(name, stages=["Staging"])', `if not staged:\n    ${promote}`],
      [filtered, `if not ready:\n    ${promote}`],
      ['prod = c.get_latest_versions("price_baseline", stages=["Production"])', `if not prod:\n    ${promote}`],
      [looked, `if ready is None:\n    raise SystemExit(1)\nelif len(prod) == 0:\n    print("none yet")\nelse:\n    ${promote}`],
      ['prod = [mv for mv in c.search_model_versions("name=\'price_baseline\'") if mv.current_stage == "Production"]', `if not prod:\n    ${promote}`],
    ]) {
      const finding = await promotion(setup, guarded);
      assert.ok(finding.message.includes('stays in Production'), `${guarded}: ${finding.message}`);
    }
  });

  it('reads a loop that archives each listed version of the model (name=mv.name) as archiving by hand, and only for that model', async () => {
    const archiveLoop = (listing: string) =>
      `from mlflow import MlflowClient\nc = MlflowClient()\nname = "fraud"\nfor mv in ${listing}:\n    c.transition_model_version_stage(name=mv.name, version=mv.version, stage="Archived")\nc.transition_model_version_stage(name, new_version, "Production")\n`;
    const promotion = async (listing: string) => (await findingsOf(mlt401LegacyStageTransition, archiveLoop(listing))).find((finding) => finding.message.includes('to Production'))!;
    for (const listing of [`c.search_model_versions("name='fraud'")`, `c.search_model_versions(f"name='{name}'")`, `c.search_model_versions("name='{0}'".format(name))`, `c.search_model_versions("name = \\"%s\\"" % name)`, 'c.get_latest_versions(name, stages=["Production"])']) {
      const finding = await promotion(listing);
      assert.ok(!finding.message.includes('stays in Production'), `${listing}: ${finding.message}`);
    }
    for (const listing of [`c.search_model_versions("name='churn'")`, `c.search_model_versions(f"run_id='{run_id}'")`, 'c.get_latest_versions("churn")', `c.search_model_versions(f"name='{other}' and tags.x='{name}'")`]) {
      const finding = await promotion(listing);
      assert.ok(finding.message.includes('stays in Production'), `${listing}: ${finding.message}`);
    }
  });

  it('never says "fails" outside a Unity Catalog context', async () => {
    const findings = await findingsOf(mlt401LegacyStageTransition, 'from mlflow import MlflowClient\nc = MlflowClient()\nc.transition_model_version_stage("m", 3, "Staging")\nc.get_latest_versions("m")\n');
    assert.equal(findings.length, 2);
    for (const finding of findings) assert.match(finding.message, /in Unity Catalog it raises/);
  });
});
