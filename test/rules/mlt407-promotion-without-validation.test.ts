import { mlt407PromotionWithoutValidation } from '../../rules/mlt407-promotion-without-validation';
import { describeRule } from '../support/ruleTester';

describeRule(mlt407PromotionWithoutValidation, {
  flagged: [
    {
      name: 'the champion alias set right after registering',
      code: `
        import mlflow
        from mlflow import MlflowClient
        version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)
      `,
      findings: [{ line: 4, column: 16, message: 'the "champion" alias moves to this version without any check' }],
    },
    {
      name: 'alias given by keyword, after training',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        client.set_registered_model_alias(name=MODEL_NAME, alias="champion", version=new_version)
      `,
      findings: [{ line: 4, column: 8 }],
    },
    {
      name: 'a transition to Production in a file that logs a model',
      code: `
        import mlflow
        from mlflow import MlflowClient
        mlflow.sklearn.log_model(model, "model", signature=signature)
        MlflowClient().transition_model_version_stage("churn_model", 4, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 4, column: 16, message: 'this version goes to Production' }],
    },
    {
      name: 'inside a loop and a try block (no check)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X, y)
        for version in new_versions:
            try:
                client.set_registered_model_alias(MODEL_NAME, "champion", version)
            except Exception as error:
                print(error)
      `,
      findings: [{ line: 6, column: 16 }],
    },
    {
      name: 'a helper called without a check',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def promote(version):
            client.set_registered_model_alias(MODEL_NAME, "champion", version)

        model.fit(X, y)
        promote(new_version)
      `,
      findings: [{ line: 5, column: 12 }],
    },
    {
      name: 'the alias bound to a name, registered_model_name in the file',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow import MlflowClient
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name=MODEL_NAME)

        # COMMAND ----------

        ALIAS = "champion"
        MlflowClient().set_registered_model_alias(MODEL_NAME, ALIAS, latest_version)
      `,
      findings: [{ line: 9, column: 16 }],
    },
    {
      name: 'a check in an if that does not leave does not guard what follows',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        if new_auc < champion_auc:
            print("worse than the champion")
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
      findings: [{ line: 5, column: 16 }],
    },
  ],
  silent: [
    {
      name: "after MLflow's validation gate: evaluate with thresholds against the champion raises when the challenger is worse",
      code: `
        import mlflow
        from mlflow import MlflowClient
        from mlflow.models import MetricThreshold

        version = mlflow.register_model(f"runs:/{run_id}/model", "ml.churn.model").version
        mlflow.evaluate(
            f"models:/ml.churn.model/{version}",
            eval_df,
            targets="label",
            model_type="classifier",
            validation_thresholds={"roc_auc": MetricThreshold(threshold=0.8, min_relative_change=0.01, greater_is_better=True)},
            baseline_model="models:/ml.churn.model@champion",
        )
        MlflowClient().set_registered_model_alias("ml.churn.model", "champion", version)
      `,
    },
    {
      name: 'after mlflow.validate_evaluation_results',
      code: `
        import mlflow
        from mlflow import MlflowClient

        version = mlflow.register_model(f"runs:/{run_id}/model", "ml.churn.model").version
        mlflow.validate_evaluation_results(candidate_result=candidate, baseline_result=baseline, validation_thresholds=thresholds)
        MlflowClient().set_registered_model_alias("ml.churn.model", "champion", version)
      `,
    },
    {
      name: 'inside an if that compares with the champion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X, y)
        if new_auc > champion_auc:
            client.set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
    },
    {
      name: 'in the else branch',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X, y)
        if new_auc <= champion_auc:
            print("keeping the champion")
        else:
            client.set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
    },
    {
      name: 'after an assert in the same block',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        assert new_auc > champion_auc, "the challenger is not better"
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
    },
    {
      name: 'after an early exit',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        if new_auc <= champion_auc:
            dbutils.notebook.exit("challenger rejected")
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
    },
    {
      name: 'a helper called only under a check',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()

        def promote(version):
            client.set_registered_model_alias(MODEL_NAME, "champion", version)

        model.fit(X, y)
        if challenger_wins:
            promote(new_version)
      `,
    },
    {
      name: 'the challenger alias (no promotion)',
      code: `
        import mlflow
        from mlflow import MlflowClient
        version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version
        MlflowClient().set_registered_model_alias(MODEL_NAME, "challenger", version)
      `,
    },
    {
      name: 'a deployment notebook that neither trains nor registers',
      code: `
        from mlflow import MlflowClient
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", approved_version)
      `,
    },
    {
      name: 'the alias chosen by a conditional expression',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        alias = "champion" if new_auc > champion_auc else "challenger"
        MlflowClient().set_registered_model_alias(MODEL_NAME, alias, new_version)
      `,
    },
    {
      name: 'a helper that is never called in the file',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        def promote(client: MlflowClient, version):
            client.set_registered_model_alias(MODEL_NAME, "champion", version)
      `,
    },
    {
      name: 'an unrelated object with the same method',
      code: `
        model.fit(X, y)
        class Registry:
            def set_registered_model_alias(self, name, alias, version):
                pass
        Registry().set_registered_model_alias(MODEL_NAME, "champion", 3)
      `,
    },
    {
      name: 'a transition to Staging',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        MlflowClient().transition_model_version_stage("churn_model", 4, "Staging")
      `,
    },
  ],
  fixes: [],
});
