// MLT401 legacy-stage-transition: flagged cases, silent look-alikes and exact fix outputs.
import { mlt401LegacyStageTransition } from '../../rules/mlt401-legacy-stage-transition';
import { describeRule } from '../support/ruleTester';

describeRule(mlt401LegacyStageTransition, {
  flagged: [
    {
      name: 'transition on a client from `from mlflow import MlflowClient`, positional arguments',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, "Production")
      `,
      findings: [{ line: 3, column: 8, message: 'set_registered_model_alias(name, "champion", version)' }],
    },
    {
      name: 'mlflow.tracking.MlflowClient() through the module import',
      code: `
        import mlflow
        client = mlflow.tracking.MlflowClient()
        client.transition_model_version_stage(name="churn_model", version=3, stage="Staging")
      `,
      findings: [{ line: 3, column: 8, message: '"challenger"' }],
    },
    {
      name: 'legacy mlflow.tracking.client module, called on the instance directly',
      code: `
        from mlflow.tracking.client import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "Archived")
      `,
      findings: [{ line: 2, column: 16, message: '"<alias>"' }],
    },
    {
      name: 'get_latest_versions with stages=',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        latest = client.get_latest_versions("churn_model", stages=["Production"])[0]
      `,
      findings: [{ line: 3, column: 17, message: 'get_model_version_by_alias' }],
    },
    {
      name: 'get_latest_versions with the stages list given by position',
      code: `
        import mlflow
        staging = mlflow.MlflowClient().get_latest_versions("churn_model", ["Staging"])
      `,
      findings: [{ line: 2, column: 33 }],
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
      name: 'the stage from a variable: placeholder alias in the message',
      code: `
        from mlflow import MlflowClient
        target = dbutils.widgets.get("stage")
        MlflowClient().transition_model_version_stage("churn_model", 3, target)
      `,
      findings: [{ line: 3, column: 16, message: '"<alias>"' }],
    },
  ],
  silent: [
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
      name: 'get_latest_versions without stages, or with stages=None',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        every_stage = client.get_latest_versions("churn_model")
        also_every_stage = client.get_latest_versions("churn_model", stages=None)
      `,
    },
    {
      name: 'a local class with a method of the same name',
      code: `
        class FakeRegistry:
            def transition_model_version_stage(self, name, version, stage):
                return (name, version, stage)

        registry = FakeRegistry()
        registry.transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'a client of unknown origin (unannotated parameter)',
      code: `
        def promote(client, version):
            client.transition_model_version_stage("churn_model", version, "Production")
      `,
    },
    {
      name: 'a method of an unrelated library object',
      code: `
        from my_registry import Registry
        registry = Registry()
        registry.transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'a local function of the same name',
      code: `
        def transition_model_version_stage(name, version, stage):
            print(name, version, stage)

        transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'text in strings and comments',
      code: `
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
      name: 'client rebound in two branches (cannot decide)',
      code: `
        from mlflow import MlflowClient
        if use_fake:
            client = FakeClient()
        else:
            client = MlflowClient()
        client.get_latest_versions("churn_model", stages=["Production"])
      `,
    },
  ],
  fixes: [
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
      name: 'Archived: placeholder alias, the title says so',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 2, "Archived")
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "<alias>", 2)
      `,
      fixTitle: 'placeholder alias',
      safety: 'unsafe',
    },
  ],
});
