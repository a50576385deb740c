import { mlt403InvalidStageName } from '../../rules/mlt403-invalid-stage-name';
import { describeRule } from '../support/ruleTester';

describeRule(mlt403InvalidStageName, {
  flagged: [
    {
      name: 'a stage read from a dict or a list by a literal key or index',
      code: `
        from mlflow import MlflowClient
        c = MlflowClient()
        STAGES = {"dev": "Dev", "prod": "Production"}
        ORDER = ["QA", "Production"]
        c.transition_model_version_stage("m", 4, STAGES["dev"])
        c.transition_model_version_stage("m", 5, ORDER[0])
      `,
      findings: [
        { line: 5, column: 42, message: '"Dev" is not a model stage' },
        { line: 6, column: 42, message: '"QA" is not a model stage' },
      ],
    },
    {
      name: 'a keyword-only stage parameter given by keyword',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        def promote(version, *, stage="Staging"):
            client.transition_model_version_stage("churn", version, stage)
        promote(3, stage="Prod")
      `,
      findings: [{ line: 5, column: 18 }],
    },
    {
      name: 'Prod as a keyword stage',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, stage="Prod")
      `,
      findings: [{ line: 3, column: 63, message: 'Did you mean "Production"?' }],
    },
    {
      name: 'Development as a positional stage: no close stage',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "Development")
      `,
      findings: [{ line: 2, column: 65, message: '"Development" is not a model stage' }],
    },
    {
      name: 'a client parameter in a file that imports mlflow (API-specific method name)',
      code: `
        import mlflow
        def promote(client, version):
            client.transition_model_version_stage("churn_model", version, "QA")
      `,
      findings: [{ line: 3, column: 67, message: '"QA" is not a model stage' }],
    },
    {
      name: 'a client held in self.client, looked up by stage',
      code: `
        from mlflow import MlflowClient
        class Scorer:
            def __init__(self):
                self.client = MlflowClient()
            def current(self):
                return self.client.get_latest_versions("churn_model", stages=["Prod"])
      `,
      findings: [{ line: 6, column: 71, message: 'Did you mean "Production"?' }],
    },
    {
      name: 'Staging with a stray space',
      code: `
        import mlflow
        client = mlflow.MlflowClient()
        client.transition_model_version_stage(name="churn_model", version=2, stage="Staging ")
      `,
      findings: [{ line: 3, column: 76, message: 'Did you mean "Staging"?' }],
    },
    {
      name: 'a stage bound to a name earlier',
      code: `
        from mlflow import MlflowClient
        TARGET_STAGE = "QA"
        MlflowClient().transition_model_version_stage("churn_model", 3, TARGET_STAGE)
      `,
      findings: [{ line: 3, column: 65, message: '"QA" is not a model stage' }],
    },
    {
      name: 'get_latest_versions stages list, one bad element',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        versions = client.get_latest_versions("churn_model", stages=["Staging", "Dev"])
      `,
      findings: [{ line: 3, column: 73 }],
    },
    {
      name: 'get_latest_versions stages list through a name',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        stages = ["Stage", "Archive"]
        versions = client.get_latest_versions("churn_model", stages)
      `,
      findings: [
        { line: 3, column: 11, message: '"Staging"' },
        { line: 3, column: 20, message: '"Archived"' },
      ],
    },
    {
      name: 'an empty stage',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "")
      `,
      findings: [{ line: 2, column: 65 }],
    },
    {
      name: 'a stage a helper passes on: the wrong value where the caller writes it, by position and by keyword',
      code: `
        from mlflow import MlflowClient

        class Registry:
            def __init__(self):
                self.client = MlflowClient()

            def move(self, version, stage):
                self.client.transition_model_version_stage("churn", version, stage)

        registry = Registry()
        registry.move(3, "Prod")
        registry.move(4, stage="QA")
      `,
      findings: [
        { line: 11, column: 18, message: '"Prod" is not a model stage: the registry knows only None, Staging, Production, Archived and rejects any other name (MLflow\'s own stores accept those four in any letter case). It reaches transition_model_version_stage on line 8 as stage. Did you mean "Production"?' },
        { line: 12, column: 24, message: 'It reaches transition_model_version_stage on line 8 as stage.' },
      ],
    },
    {
      name: 'a helper\'s default stage that is no stage, and a lookup helper',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def promote(version, stage="Prod"):
            client.transition_model_version_stage("churn", version, stage)

        def newest(stage):
            return client.get_latest_versions("churn", stages=[stage])

        newest("Dev")
      `,
      findings: [
        { line: 4, column: 28, message: 'It reaches transition_model_version_stage on line 5 as stage.' },
        { line: 10, column: 8, message: 'It reaches get_latest_versions on line 8 as stage.' },
      ],
    },
  ],
  silent: [
    {
      name: 'a positional argument after *args does not reach a keyword-only stage parameter',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        def promote(version, *notes, stage="Staging"):
            client.transition_model_version_stage("churn", version, stage)
        promote(3, "Prod release")
      `,
    },
    {
      name: 'the four stages',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("m", 1, "None")
        client.transition_model_version_stage("m", 1, "Staging")
        client.transition_model_version_stage("m", 1, "Production", archive_existing_versions=True)
        client.transition_model_version_stage("m", 1, "Archived")
      `,
    },
    {
      name: 'stages in any letter case',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("m", 1, "production")
        client.get_latest_versions("m", stages=["STAGING", "production"])
      `,
    },
    {
      name: 'a stage computed at run time',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("m", 1, dbutils.widgets.get("stage"))
      `,
    },
    {
      name: 'a stage constant imported from MLflow',
      code: `
        from mlflow import MlflowClient
        from mlflow.entities.model_registry.model_version_stages import STAGE_PRODUCTION
        MlflowClient().transition_model_version_stage("m", 1, STAGE_PRODUCTION)
      `,
    },
    {
      name: 'a local class with the same method',
      code: `
        class Registry:
            def transition_model_version_stage(self, name, version, stage):
                pass

        Registry().transition_model_version_stage("m", 1, "Prod")
      `,
    },
    {
      name: 'a client of unknown origin in a file that does not show MLflow',
      code: `
        def promote(client):
            client.transition_model_version_stage("m", 1, "Prod")
      `,
    },
    {
      name: 'the Databricks SDK stage enum',
      code: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.service.ml import Stage
        WorkspaceClient().model_registry.transition_stage("m", "1", Stage.PRODUCTION, archive_existing_versions=True)
      `,
    },
    {
      name: 'a stage-like word in another argument or in a string',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_model_version_tag("m", "1", "stage", "Prod")
        note = 'client.transition_model_version_stage("m", 1, "Prod")'
      `,
    },
    {
      name: 'alias names are free: "Prod" and "QA" as aliases, not stages',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.set_registered_model_alias("churn_model", "Prod", 3)
        client.get_model_version_by_alias("churn_model", "QA")
        client.delete_registered_model_alias("churn_model", "Dev")
      `,
    },
    {
      name: 'a stages list with a computed element',
      code: `
        from mlflow import MlflowClient
        MlflowClient().get_latest_versions("m", stages=[current_stage])
      `,
    },
    {
      name: 'a helper that gets valid stages in any case, and another function with a stage parameter',
      code: `
        from mlflow import MlflowClient

        def move(version, stage="staging"):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        def describe(stage):
            print(stage)

        move(3, "PRODUCTION")
        describe("Prod")
      `,
    },
    {
      name: 'a helper parameter rebound before the call, and one whose callers pass computed values',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            stage = STAGES[stage]
            MlflowClient().transition_model_version_stage("churn", version, stage)

        def move_to(version, target):
            MlflowClient().transition_model_version_stage("churn", version, target)

        move(3, "prod")
        move_to(3, widgets.get("target"))
      `,
    },
  ],
  fixes: [
    {
      name: 'Prod becomes Production',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, stage="Prod")
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 3, stage="Production")
      `,
    },
    {
      name: 'Stage becomes Staging, single quotes kept',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage('churn_model', 3, 'Stage')
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage('churn_model', 3, 'Staging')
      `,
    },
    {
      name: 'Staging with a trailing space is trimmed',
      code: `
        from mlflow import MlflowClient
        MlflowClient().get_latest_versions("churn_model", stages=["Staging "])
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().get_latest_versions("churn_model", stages=["Staging"])
      `,
    },
    {
      name: 'a typo is corrected',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "Prodution")
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 3, "Production")
      `,
    },
    {
      name: 'the value a caller passes to a helper is corrected where it is written',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        move(3, "Stagin")
      `,
      output: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        move(3, "Staging")
      `,
    },
  ],
});
