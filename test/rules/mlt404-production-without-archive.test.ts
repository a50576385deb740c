// MLT404 production-without-archive: flagged cases, silent look-alikes and exact fix outputs.
import * as assert from 'node:assert/strict';
import { mlt404ProductionWithoutArchive } from '../../rules/mlt404-production-without-archive';
import { dedent, testLinter } from '../support/linter';
import { describeRule } from '../support/ruleTester';

// A function that archives a model's Production versions (its transition on line 5).
const RETIRE_CURRENT = `from mlflow import MlflowClient
client = MlflowClient()

def retire_current(name):
    for mv in client.get_latest_versions(name, ["Production"]):
        client.transition_model_version_stage(name, mv.version, "Archived")
`;

describeRule(mlt404ProductionWithoutArchive, {
  flagged: [
    {
      name: 'a later Archived transition of the very version promoted here (when the next one replaces it) archives nothing that was in Production before',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        first = mlflow.register_model(f"runs:/{run_id}/model", "wine")
        client.transition_model_version_stage(name="wine", version=first.version, stage="Production")
        second = mlflow.register_model(f"runs:/{best_run_id}/model", "wine")
        client.transition_model_version_stage(name="wine", version=first.version, stage="Archived")
        client.transition_model_version_stage(name="wine", version=second.version, stage="Production")
      `,
      findings: [{ line: 5, column: 81, message: 'pass archive_existing_versions=True' }],
    },
    {
      name: 'a helper called first that archives other versions: the Staging ones, or another model',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def clear_staging(name):
            for mv in client.get_latest_versions(name, stages=["Staging"]):
                client.transition_model_version_stage(name, mv.version, "Archived")

        def retire_legacy():
            client.transition_model_version_stage("legacy_model", 3, "Archived")

        clear_staging("m")
        client.transition_model_version_stage("m", 7, "Production")
        retire_legacy()
        client.transition_model_version_stage("new_model", 7, "Production")
      `,
      findings: [
        { line: 12, column: 47, message: 'pass archive_existing_versions=True' },
        { line: 14, column: 55, message: 'pass archive_existing_versions=True' },
      ],
    },
    {
      name: 'a helper that archives called only after the promotion, and a promotion in a function that calls no such helper',
      code: `${RETIRE_CURRENT}
def go_live(name, version):
    client.transition_model_version_stage(name, version, "Production")
    retire_current(name)

def hotfix(name, version):
    client.transition_model_version_stage(name, version, "Production")
`,
      findings: [
        { line: 9, column: 58, message: 'pass archive_existing_versions=True' },
        { line: 13, column: 58, message: 'pass archive_existing_versions=True' },
      ],
    },
    {
      name: 'positional transition to Production',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 5, "Production")
      `,
      findings: [{ line: 3, column: 57, message: 'pass archive_existing_versions=True' }],
    },
    {
      name: 'keyword stage in lower case',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage(name="churn_model", version=5, stage="production")
      `,
      findings: [{ line: 2, column: 84 }],
    },
    {
      name: 'archive_existing_versions=False written out',
      code: `
        import mlflow
        client = mlflow.tracking.MlflowClient()
        client.transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=False)
      `,
      findings: [{ line: 3, column: 57 }],
    },
    {
      name: 'positional False',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", False)
      `,
      findings: [{ line: 2, column: 65 }],
    },
    {
      name: 'the stage and the flag bound to names earlier',
      code: `
        from mlflow import MlflowClient
        TARGET = "Production"
        ARCHIVE = False
        MlflowClient().transition_model_version_stage("churn_model", 5, TARGET, archive_existing_versions=ARCHIVE)
      `,
      findings: [{ line: 4, column: 65 }],
    },
    {
      name: 'an Archived transition of another model archives nothing of this one',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("legacy_fraud", 2, "Archived")
        client.transition_model_version_stage("fraud", 7, "Production")
      `,
      findings: [{ line: 4, column: 51 }],
    },
    {
      name: 'a multi-line call in a later notebook cell',
      code: `
        # Databricks notebook source
        from mlflow import MlflowClient
        client = MlflowClient()

        # COMMAND ----------

        client.transition_model_version_stage(
            name="churn_model",
            version=new_version,
            stage="Production",
        )
      `,
      findings: [{ line: 10, column: 11 }],
    },
    {
      name: 'a helper whose stage the file sets to Production: reported, no fix (the helper also serves Staging)',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn_model", version, stage)

        move(3, "Staging")
        move(4, "Production")
      `,
      findings: [{ line: 4, column: 75, message: 'this transition to Production (stage, as the call on line 7 passes it) leaves any version already in Production there too' }],
    },
  ],
  silent: [
    {
      name: 'the same version expression that is another version: a loop variable at each turn, a name bound again between the archive and the promotion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        for mv in client.search_model_versions("name='wine'"):
            if mv.current_stage == "Production":
                client.transition_model_version_stage("wine", mv.version, "Archived")
            elif mv.version == new_version:
                client.transition_model_version_stage("wine", mv.version, "Production")

        version = client.get_latest_versions("churn", stages=["Production"])[0].version
        client.transition_model_version_stage("churn", version, "Archived")
        version = client.get_latest_versions("churn", stages=["Staging"])[0].version
        client.transition_model_version_stage("churn", version, "Production")
      `,
    },
    {
      name: 'the versions in Production archived by hand after the promotion (a loop over the others): handled',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(name="wine", version=new_version, stage="Production")
        for mv in client.search_model_versions("name='wine'"):
            if mv.current_stage == "Production" and mv.version != new_version:
                client.transition_model_version_stage(name="wine", version=mv.version, stage="Archived")
      `,
    },
    {
      name: 'an archiving classmethod called through cls before the promotion in another classmethod',
      code: `
        from mlflow import MlflowClient
        class Promoter:
            client = MlflowClient()
            @classmethod
            def retire_current(cls, name):
                for mv in cls.client.get_latest_versions(name, stages=["Production"]):
                    cls.client.transition_model_version_stage(name=name, version=mv.version, stage="Archived")
            @classmethod
            def promote(cls, name, version):
                cls.retire_current(name)
                cls.client.transition_model_version_stage(name=name, version=version, stage="Production")
        Promoter.promote("fraud", 3)
      `,
    },
    {
      name: 'an archiving helper that is a static method, called on its class before the promotion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        class Ops:
            @staticmethod
            def retire_production(name):
                for mv in client.get_latest_versions(name, stages=["Production"]):
                    client.transition_model_version_stage(name, mv.version, "Archived")
        Ops.retire_production("churn")
        client.transition_model_version_stage("churn", 5, "Production")
      `,
    },
    {
      name: "a helper called first that archives the latest version of every stage of the promoted model (get_latest_versions without stages)",
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def reset(model_name):
            for v in client.get_latest_versions(model_name):
                client.transition_model_version_stage(model_name, v.version, "Archived")

        def promote(model_name, version):
            reset(model_name)
            client.transition_model_version_stage(model_name, version, "Production")
      `,
    },
    {
      name: 'the old Production version archived by a helper of the file called just before the promotion (a function, a method)',
      code: `${RETIRE_CURRENT}
def go_live(name, version):
    retire_current(name)
    client.transition_model_version_stage(name, version, "Production")

class Promoter:
    def retire(self, model_name):
        for mv in client.get_latest_versions(model_name, ["Production"]):
            client.transition_model_version_stage(model_name, mv.version, "Archived")

    def promote(self, model_name, version):
        self.retire(model_name)
        client.transition_model_version_stage(model_name, version, "Production")
`,
    },
    {
      name: 'the first promotion of a model the file creates: no version is in Production yet',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.create_registered_model("churn_model")
        version = client.create_model_version("churn_model", source, run_id)
        client.transition_model_version_stage("churn_model", version.version, "Production")
      `,
    },
    {
      name: 'archive_existing_versions=True',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=True)
      `,
    },
    {
      name: 'positional True',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", True)
      `,
    },
    {
      name: 'a transition to Staging or Archived',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 5, "Staging")
        client.transition_model_version_stage("churn_model", 4, "Archived")
      `,
    },
    {
      name: 'the previous version archived by hand before the promotion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(name="fraud", version=old_version, stage="Archived")
        client.transition_model_version_stage(name="fraud", version=new_version, stage="Production")
      `,
    },
    {
      name: 'the flag computed at run time',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=keep_only_one)
      `,
    },
    {
      name: 'arguments from a splat',
      code: `
        from mlflow import MlflowClient
        options = {"archive_existing_versions": True}
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", **options)
      `,
    },
    {
      name: 'the stage computed at run time',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, target_stage)
      `,
    },
    {
      name: 'a local class with the same method',
      code: `
        class Registry:
            def transition_model_version_stage(self, name, version, stage):
                pass

        Registry().transition_model_version_stage("churn_model", 5, "Production")
      `,
    },
    {
      name: 'aliases',
      code: `
        from mlflow import MlflowClient
        MlflowClient().set_registered_model_alias("ml.churn.model", "champion", 5)
      `,
    },
    {
      name: 'a Unity Catalog context: the call raises (MLT401), no version stays anywhere',
      code: `
        import mlflow
        mlflow.set_registry_uri("databricks-uc")
        mlflow.MlflowClient().transition_model_version_stage("ml.churn.model", 5, "Production")
      `,
    },
    {
      name: 'a stage name that is no stage (MLT403 reports it)',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Prod")
      `,
    },
    {
      name: 'a helper that archives, and one the file only moves to Staging',
      code: `
        from mlflow import MlflowClient

        def promote(version, stage="Production"):
            MlflowClient().transition_model_version_stage("churn_model", version, stage, archive_existing_versions=True)

        def stage_it(version, stage):
            MlflowClient().transition_model_version_stage("churn_model", version, stage)

        stage_it(3, "Staging")
      `,
    },
  ],
  fixes: [
    {
      name: 'adds the keyword to an inline call',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 5, "Production")
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=True)
      `,
    },
    {
      name: 'adds the keyword on its own line, keeping the trailing comma',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
            name="churn_model",
            version=new_version,
            stage="Production",
        )
      `,
      output: `
        from mlflow import MlflowClient
        client = MlflowClient()
        client.transition_model_version_stage(
            name="churn_model",
            version=new_version,
            stage="Production",
            archive_existing_versions=True,
        )
      `,
    },
    {
      name: 'turns a written False into True',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=False)
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", archive_existing_versions=True)
      `,
    },
    {
      name: 'turns a positional False into True',
      code: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", False)
      `,
      output: `
        from mlflow import MlflowClient
        MlflowClient().transition_model_version_stage("churn_model", 5, "Production", True)
      `,
    },
  ],
});

describe('MLT404 and MLT401: one call, one finding', () => {
  async function ruleIds(code: string, select: string[]): Promise<string[]> {
    const linter = await testLinter();
    const { findings } = linter.lintText('file:///test/notebook.py', dedent(code), { select });
    return findings.map((finding) => `${finding.start.line + 1} ${finding.ruleId}`);
  }

  it('stays silent where MLT401 reports the transition (MLT401 carries the point)', async () => {
    const code = `
      from mlflow import MlflowClient
      MlflowClient().transition_model_version_stage("churn_model", 5, "Production")
    `;
    assert.deepEqual(await ruleIds(code, ['MLT401', 'MLT404']), ['2 MLT401']);
    assert.deepEqual(await ruleIds(code, ['MLT4']), ['2 MLT401']);
  });

  it('offers no fix on a helper\'s stage parameter', async () => {
    const linter = await testLinter();
    const code = 'from mlflow import MlflowClient\ndef move(v, stage):\n    MlflowClient().transition_model_version_stage("churn_model", v, stage)\nmove(4, "Production")\n';
    const { findings } = linter.lintText('file:///test/notebook.py', code, { select: ['MLT404'] });
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('speaks when MLT401 is turned off', async () => {
    const linter = await testLinter();
    const code = 'from mlflow import MlflowClient\nMlflowClient().transition_model_version_stage("churn_model", 5, "Production")\n';
    const { findings } = linter.lintText('file:///test/notebook.py', code, { select: ['MLT4'], ruleSettings: { 'legacy-stage-transition': 'off' } });
    assert.deepEqual(findings.map((finding) => finding.ruleId), ['MLT404']);
  });

  it('speaks on the workspace side of a Unity Catalog check, even in a Unity Catalog notebook', async () => {
    const code = `
      import mlflow
      mlflow.set_registry_uri("databricks-uc")

      def promote(client, name, version, unity_catalog):
          if unity_catalog:
              client.set_registered_model_alias(name, "champion", version)
          else:
              client.transition_model_version_stage(name, version, "Production")
    `;
    assert.deepEqual(await ruleIds(code, ['MLT4']), ['8 MLT404']);
  });

  it('speaks where MLT401 leaves the call alone (the workspace branch of a Unity Catalog check)', async () => {
    const code = `
      from mlflow import MlflowClient
      client = MlflowClient()
      if is_unity_catalog(name):
          client.set_registered_model_alias(name, "champion", version)
      else:
          client.transition_model_version_stage(name, version, "Production")
    `;
    assert.deepEqual(await ruleIds(code, ['MLT401', 'MLT404']), ['6 MLT404']);
  });
});
