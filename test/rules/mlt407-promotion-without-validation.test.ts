import * as assert from 'node:assert/strict';
import { mlt407PromotionWithoutValidation } from '../../rules/mlt407-promotion-without-validation';
import { lintWithRunTargets } from '../support/linter';
import { describeRule } from '../support/ruleTester';

/** A trainer class whose run() promotes the new version to champion, unconditionally (the alias set on line 11). */
const TRAINER = `import mlflow
from mlflow import MlflowClient
from sklearn.linear_model import Ridge
class Trainer:
    def __init__(self, name):
        self.name = name
    def run(self, X, y):
        with mlflow.start_run() as r:
            mlflow.sklearn.log_model(Ridge().fit(X, y), "model")
        mv = mlflow.register_model(f"runs:/{r.info.run_id}/model", self.name)
        MlflowClient().set_registered_model_alias(self.name, "champion", mv.version)
`;

describeRule(mlt407PromotionWithoutValidation, {
  flagged: [
    {
      name: 'an alias copied from another that the file sets, spelled in another case',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        model = LogisticRegression().fit(X, y)
        mv = mlflow.register_model(f"runs:/{run_id}/model", "churn")
        client.set_registered_model_alias("churn", "Challenger", mv.version)
        client.set_registered_model_alias("churn", "champion", client.get_model_version_by_alias("churn", "challenger").version)
      `,
      findings: [{ line: 7, column: 8, message: 'the "champion" alias moves to this version' }],
    },
    {
      name: 'an alias copied from another alias that the file itself points at the version it just registered: the copy promotes it unchecked',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(LogisticRegression().fit(X, y), "model")
        mv = mlflow.register_model(f"runs:/{run.info.run_id}/model", "churn")
        client.set_registered_model_alias("churn", "challenger", mv.version)
        challenger = client.get_model_version_by_alias("churn", "challenger")
        client.set_registered_model_alias("churn", "champion", challenger.version)
      `,
      findings: [{ line: 9, column: 8, message: 'the "champion" alias moves to this version with no check' }],
    },
    {
      name: 'loops that do not gate: a break in an inner loop\'s else, a count, polling for a job or a logged metric; version "1" a function rebinds with global',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        rmse = 1000.0
        while rmse >= 680:
            for attempt in range(3):
                rmse = evaluator.evaluate(als.fit(train_df).transform(valid_df))
            else:
                break
        client.transition_model_version_stage(name="a", version=new_a, stage="Production")
        scores = []
        while len(scores) < 5:
            scores.append(evaluator.evaluate(lr.fit(train_df).transform(valid_df)))
        client.transition_model_version_stage(name="b", version=new_b, stage="Production")
        while mlflow.get_run(run_id).data.metrics.get("val_rmse") is None:
            time.sleep(10)
        client.transition_model_version_stage(name="c", version=new_c, stage="Production")
        VERSION = "1"
        def register_new():
            global VERSION
            VERSION = mlflow.register_model(uri, "d").version
        register_new()
        client.transition_model_version_stage(name="d", version=VERSION, stage="Production")
      `,
      findings: [
        { line: 10, column: 8, message: 'no check of the model\'s quality guarding the move' },
        { line: 14, column: 8, message: 'no check of the model\'s quality guarding the move' },
        { line: 17, column: 8, message: 'no check of the model\'s quality guarding the move' },
        { line: 23, column: 8, message: 'no check of the model\'s quality guarding the move' },
      ],
    },
    {
      name: 'a retrain loop on the metric that a break may leave early, and version 2 given as a string of a model the file deletes and registers again',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        rmse, version = 1000.0, 0
        while rmse >= 680:
            version += 1
            rmse = evaluator.evaluate(als.fit(train_df).transform(valid_df))
            if version > 5:
                break
        client.transition_model_version_stage(name="m_c", version=version, stage="Production")
        client.delete_registered_model("m_d")
        client.create_model_version("m_d", source, run_id)
        client.transition_model_version_stage(name="m_d", version="1", stage="Production")
        client.create_model_version("m_d", new_source, new_run_id)
        client.transition_model_version_stage(name="m_d", version="2", stage="Production")
        tries, auc = 0, 0.0
        while auc < 0.8 and tries < 5:
            tries += 1
            auc = evaluator.evaluate(lr.fit(train_df).transform(valid_df))
        client.transition_model_version_stage(name="m_e", version=tries, stage="Production")
      `,
      findings: [
        { line: 9, column: 8, message: 'no check of the model\'s quality guarding the move' },
        { line: 14, column: 8, message: 'no check of the model\'s quality guarding the move' },
        { line: 19, column: 8, message: 'no check of the model\'s quality guarding the move' },
      ],
    },
    {
      name: 'a version registered from the run a search picked, ranked by a metric or not: ranking runs by a metric is no comparison with the champion that guards the move',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from sklearn.linear_model import Ridge
        with mlflow.start_run():
            mlflow.sklearn.log_model(Ridge().fit(X, y), "model")
        client = MlflowClient()
        best = client.search_runs([experiment_id], order_by=["metrics.val_rmse ASC"], max_results=1)[0]
        mv = mlflow.register_model(f"runs:/{best.info.run_id}/model", "demo_model")
        client.set_registered_model_alias("demo_model", "champion", mv.version)
        latest = client.search_runs([experiment_id], order_by=["attributes.start_time DESC"])[0]
        other = mlflow.register_model(f"runs:/{latest.info.run_id}/model", "other_model")
        client.set_registered_model_alias("other_model", "champion", other.version)
      `,
      findings: [{ line: 9, column: 8 }, { line: 12, column: 8 }],
    },
    {
      name: 'a promotion in a method, called on an instance made in place and through a name bound to one',
      code: `${TRAINER}
Trainer("ml.a.b").run(X, y)
trainer = Trainer("ml.a.c")
trainer.run(X, y)
`,
      findings: [{ line: 11, column: 24, message: 'the "champion" alias moves to this version with no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'a comparison that checks something else than the model (the environment) guards nothing',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        if env == "prod":
            client.set_registered_model_alias(name=MODEL_NAME, alias="Champion", version=version)
      `,
      findings: [{ line: 5, column: 12 }],
    },
    {
      name: 'a check_ function of the file that only prints what it finds stops nothing',
      code: `
        from mlflow import MlflowClient
        def check_null_share(pdf, limit):
            print(pdf.isnull().mean()[lambda share: share > limit])
        check_null_share(new_pdf, 0.5)
        model = LinearRegression().fit(X_train, y_train)
        MlflowClient().set_registered_model_alias("sales_model", "champion", new_version)
      `,
      findings: [{ line: 6, column: 16 }],
    },
    {
      name: 'a validation function of the file that only refits candidates through another function of the file stops nothing',
      code: `
        import mlflow
        from mlflow import MlflowClient
        def fit_and_log(X, y, depth):
            with mlflow.start_run():
                model = DecisionTreeRegressor(max_depth=depth).fit(X, y)
                mlflow.log_metric("score", model.score(X, y))
        def run_validation(X, y, depths):
            for depth in depths:
                fit_and_log(X, y, depth)
        def main(X, y, version):
            run_validation(X, y, [2, 4, 8])
            MlflowClient().set_registered_model_alias("fares", "champion", version)
        main(features, labels, new_version)
      `,
      findings: [{ line: 12, column: 20, message: 'no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'the alias read from the environment, with a production alias as its default',
      code: `
        import os
        import mlflow
        from mlflow import MlflowClient
        DEFAULT_ALIAS = "champion"
        model = LogisticRegression().fit(X_train, y_train)
        alias = os.getenv("MODEL_ALIAS", DEFAULT_ALIAS)
        MlflowClient().set_registered_model_alias("churn", alias, version)
        MlflowClient().set_registered_model_alias("churn", os.environ.get("SERVING_ALIAS", "prod"), version)
      `,
      findings: [
        { line: 7, column: 16, message: 'the "champion" alias (the default when the environment variable MODEL_ALIAS is unset) moves to this version with no check of the model\'s quality guarding the move' },
        { line: 8, column: 16, message: 'the "prod" alias (the default when the environment variable SERVING_ALIAS is unset) moves' },
      ],
    },
    {
      name: 'the champion alias set right after registering',
      code: `
        import mlflow
        from mlflow import MlflowClient
        model = GradientBoostingClassifier().fit(X_train, y_train)
        version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)
      `,
      findings: [{ line: 5, column: 16, severity: 'information', message: 'the "champion" alias moves to this version with no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'both models scored and the better one printed, then the alias moved whatever the scores said',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from sklearn.metrics import f1_score
        challenger = RandomForestClassifier().fit(X_train, y_train)
        current = mlflow.sklearn.load_model(f"models:/{MODEL_NAME}@champion")
        new_f1, old_f1 = f1_score(y_test, challenger.predict(X_test)), f1_score(y_test, current.predict(X_test))
        print("challenger wins" if new_f1 > old_f1 else "keep the champion")
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", new_version)
      `,
      findings: [{ line: 8, column: 16, message: 'the "champion" alias moves to this version with no check of the model\'s quality guarding the move (an `if` on a comparison with the current champion, an assert, a validation gate): compare the challenger with the champion on the same held-out data and metrics, and promote it only if it wins' }],
    },
    {
      name: 'a check of the inputs that runs before the model is trained checks the data, not the model',
      code: `
        import sys
        import mlflow
        from mlflow import MlflowClient
        def check_shapes(features, labels):
            if len(features) != len(labels):
                sys.exit(1)
        def main(features, labels):
            check_shapes(features, labels)
            model = GradientBoostingRegressor().fit(features, labels)
            version = mlflow.register_model(f"runs:/{run_id}/model", "demand").version
            MlflowClient().set_registered_model_alias("demand", "champion", version)
        if __name__ == "__main__":
            main(load_features(), load_labels())
      `,
      findings: [{ line: 11, column: 20 }],
    },
    {
      name: 'a check of the inputs before a function of the file that trains, then the best run promoted',
      code: `
        from mlflow import MlflowClient
        def train_all(features, labels):
            for estimator in CANDIDATES:
                estimator.fit(features, labels)
        def main():
            validate_inputs(features, labels)
            train_all(features, labels)
            MlflowClient().transition_model_version_stage("diabetes", best_version, stage="Production")
        main()
      `,
      findings: [{ line: 8, column: 20 }],
    },
    {
      name: 'a check inside a function that is only defined before the promotion, never run there',
      code: `
        from mlflow import MlflowClient
        def nightly(df):
            check_rows(df)
            return df
        model = LinearRegression().fit(X_train, y_train)
        MlflowClient().set_registered_model_alias("sales_model", "champion", v)
      `,
      findings: [{ line: 6, column: 16 }],
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
        import xgboost as xgb
        from mlflow import MlflowClient
        booster = xgb.train(params, dtrain, num_boost_round=200)
        mlflow.xgboost.log_model(booster, "model", signature=signature)
        MlflowClient().transition_model_version_stage("churn_model", new_version, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 6, column: 16, message: 'this version goes to Production' }],
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
        pipeline_model = pipeline.fit(train_df)
        mlflow.spark.log_model(pipeline_model, "model", signature=signature, registered_model_name=MODEL_NAME)

        # COMMAND ----------

        ALIAS = "champion"
        MlflowClient().set_registered_model_alias(MODEL_NAME, ALIAS, latest_version)
      `,
      findings: [{ line: 10, column: 16 }],
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
    {
      name: 'other production-like aliases, any case: prod, Production, LIVE, serving',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X, y)
        client.set_registered_model_alias(MODEL_NAME, "prod", v)
        client.set_registered_model_alias(MODEL_NAME, "Production", v)
        client.set_registered_model_alias(MODEL_NAME, "LIVE", v)
        client.set_registered_model_alias(name=MODEL_NAME, alias="serving", version=v)
      `,
      findings: [
        { line: 4, column: 8, message: 'the "prod" alias' },
        { line: 5, column: 8 },
        { line: 6, column: 8 },
        { line: 7, column: 8 },
      ],
    },
    {
      name: 'if __name__ == "__main__", a plain boolean parameter and try: are not comparisons',
      code: `
        import mlflow
        from mlflow import MlflowClient

        def main(promote: bool = True):
            model = train(X, y)
            version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version
            if promote:
                MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)

        def train(X, y):
            return LogisticRegression().fit(X, y)

        if __name__ == "__main__":
            main()
            try:
                MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", latest_version)
            except Exception:
                pass
      `,
      findings: [{ line: 8, column: 24 }, { line: 16, column: 24 }],
    },
    {
      name: 'tests of the stage or of a count are not comparisons of the model',
      code: `
        import mlflow
        client = mlflow.MlflowClient()
        model.fit(X, y)
        mv = client.get_model_version(MODEL_NAME, v)
        if mv.current_stage != "Production":
            client.transition_model_version_stage(MODEL_NAME, v, "Production", archive_existing_versions=True)
        if len(client.search_model_versions(f"name='{MODEL_NAME}'")) > 0:
            client.set_registered_model_alias(MODEL_NAME, "champion", v)
      `,
      findings: [{ line: 6, column: 12 }, { line: 8, column: 12 }],
    },
    {
      name: 'a client parameter (API-specific method name) in a file that tunes with hyperopt',
      code: `
        from hyperopt import fmin, tpe
        import mlflow
        best = fmin(objective, space, algo=tpe.suggest, max_evals=20)

        def promote(client, version):
            client.set_registered_model_alias(MODEL_NAME, "champion", version)

        promote(mlflow.MlflowClient(), best_version)
      `,
      findings: [{ line: 6, column: 12 }],
    },
    {
      name: 'a helper that moves a version to the stage it is given, called with Production after training',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        model = RandomForestClassifier().fit(X_train, y_train)
        move(new_version, "Production")
      `,
      findings: [{ line: 7, column: 1, message: 'this version goes to Production (through transition_model_version_stage on line 4) with no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'a helper whose stage defaults to Production, called without it',
      code: `
        from mlflow import MlflowClient

        def promote(version, stage="Production"):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        model = pipeline.fit(train_df)
        promote(new_version)
        promote(old_version, "Archived")
      `,
      findings: [{ line: 7, column: 1 }],
    },
    {
      name: 'a flag the file sets to a constant only is no comparison',
      code: `
        from mlflow import MlflowClient
        model = RandomForestClassifier().fit(X_train, y_train)
        deploy = True
        if deploy:
            MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", version)
      `,
      findings: [{ line: 5, column: 20 }],
    },
    {
      name: 'a model made unique for the run: its second promotion replaces a champion without a check',
      code: `
        import uuid
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        forest = RandomForestRegressor().fit(X_train, y_train)
        model_name = f"rent-forest_{uuid.uuid4().hex[:6]}"
        first = mlflow.register_model(f"runs:/{run_id}/model", model_name)
        client.transition_model_version_stage(model_name, first.version, "Production")
        second = mlflow.register_model(f"runs:/{new_run_id}/model", model_name)
        client.transition_model_version_stage(model_name, second.version, "Production", archive_existing_versions=True)
      `,
      findings: [{ line: 10, column: 8 }],
    },
    {
      name: 'a model the file creates, but under another name than the one promoted',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        client.create_registered_model("wine_staging")
        client.set_registered_model_alias("wine", "champion", version)
      `,
      findings: [{ line: 5, column: 8 }],
    },
    {
      name: 'a model created only when it does not exist yet: otherwise it has versions, maybe a champion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        if "wine" not in [m.name for m in client.search_registered_models()]:
            client.create_registered_model("wine")
        version = client.create_model_version("wine", source, run_id)
        client.set_registered_model_alias("wine", "champion", version.version)
      `,
      findings: [{ line: 7, column: 8 }],
    },
    {
      name: 'a model deleted only when a flag says so: otherwise it keeps its versions, maybe a champion',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        if reset:
            client.delete_registered_model("wine")
        version = client.create_model_version("wine", source, run_id)
        client.transition_model_version_stage("wine", version.version, "Production")
      `,
      findings: [{ line: 7, column: 8 }],
    },
    {
      name: 'a helper that deletes another model, one that deletes only under a flag, or one called only under a flag',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        def cleanup(name):
            client.delete_registered_model(name)
        def maybe_cleanup(name, reset):
            if reset:
                client.delete_registered_model(name)
        model.fit(X_train, y_train)
        cleanup("other_model")
        maybe_cleanup("wine", reset)
        if fresh:
            cleanup("wine")
        mv = mlflow.register_model(f"runs:/{run_id}/model", "wine")
        client.set_registered_model_alias("wine", "champion", mv.version)
      `,
      findings: [{ line: 15, column: 8 }],
    },
    {
      name: 'after deleting the model, the second promotion has a champion to compare with',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        try:
            client.delete_registered_model("wine")
        except Exception as e:
            print(e)
        client.create_model_version("wine", source, run_id)
        client.transition_model_version_stage("wine", 1, "Production")
        client.create_model_version("wine", new_source, new_run_id)
        client.transition_model_version_stage("wine", 2, "Production")
      `,
      findings: [{ line: 11, column: 8 }],
    },
    {
      name: 'a helper that moves the alias its caller names, called with "production" right after training',
      code: `
        import mlflow
        def set_alias_to_latest(name, alias):
            client = mlflow.MlflowClient()
            latest = client.search_model_versions(f"name='{name}'", max_results=1)[0]
            client.set_registered_model_alias(name=name, version=latest.version, alias=alias)
        model = RandomForestClassifier().fit(X_train, y_train)
        mlflow.sklearn.log_model(model, "model", registered_model_name="iris")
        set_alias_to_latest("iris", alias="production")
      `,
      findings: [{ line: 8, column: 1, message: 'the "production" alias moves to this version (through set_registered_model_alias on line 5) with no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'a helper whose alias parameter defaults to "champion", called without it',
      code: `
        from mlflow import MlflowClient
        def promote(version, alias="champion"):
            MlflowClient().set_registered_model_alias("iris", alias, version)
        model.fit(X_train, y_train)
        promote(new_version)
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'MLflow\'s validation gate in a try whose except only prints: the alias moves whether the candidate passed or not',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from mlflow.models.evaluation.validation import ModelValidationFailedException
        model = GradientBoostingRegressor().fit(X_train, y_train)
        try:
            mlflow.evaluate(candidate_uri, eval_df, targets="label", model_type="regressor", validation_thresholds=thresholds, baseline_model=baseline_uri)
        except ModelValidationFailedException:
            print("the candidate is worse than the baseline")
        MlflowClient().set_registered_model_alias("main.ml.penguins", "champion", new_version)
      `,
      findings: [{ line: 9, column: 16, message: 'the "champion" alias moves to this version with no check of the model\'s quality guarding the move' }],
    },
    {
      name: 'the gate\'s try inside a with mlflow.start_run() block, its failure only printed: the champion alias moves after the block anyway',
      code: `
        import mlflow
        from mlflow import MlflowClient
        model = GradientBoostingRegressor().fit(X_train, y_train)
        with mlflow.start_run(run_name="model_validation"):
            try:
                mlflow.evaluate(candidate_uri, eval_df, targets="label", model_type="regressor", validation_thresholds=thresholds)
            except ModelValidationFailedException:
                print("worse than the baseline")
            else:
                print("better than the baseline")
        MlflowClient().set_registered_model_alias("main.ml.penguins", "champion", new_version)
      `,
      findings: [{ line: 11, column: 16 }],
    },
  ],
  silent: [
    {
      name: 'version 1 given as a string, and a promotion after a while loop that retrains until the metric passes',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model = RandomForestRegressor().fit(X, y)
        first = "1"
        client.transition_model_version_stage(name="m_b", version=first, stage="Production")
        rmse, version, reg = 1000.0, 0, 0.1
        while rmse >= 680:
            version += 1
            rmse = evaluator.evaluate(als.setRegParam(reg).fit(train_df).transform(valid_df))
            reg += 0.1
        client.transition_model_version_stage(name="m_c", version=version, stage="Production")
      `,
    },
    {
      name: 'a promotion in a method whose every call is checked, and one in a method the file never calls',
      code: `${TRAINER}
if new_auc > champion_auc:
    Trainer("ml.a.b").run(X, y)
class Unused:
    def promote(self, name, version):
        Ridge().fit(X, y)
        MlflowClient().set_registered_model_alias(name, "champion", version)
`,
    },
    {
      name: 'the first version of a model whose name is made unique for this run with uuid: no champion exists yet',
      code: `
        import uuid
        import mlflow
        from mlflow import MlflowClient
        forest = RandomForestRegressor().fit(X_train, y_train)
        suffix = uuid.uuid4().hex[:6]
        model_name = f"rent-forest_{suffix}"
        details = mlflow.register_model(f"runs:/{run_id}/model", model_name)
        MlflowClient().transition_model_version_stage(name=details.name, version=details.version, stage="Production")
      `,
    },
    {
      name: 'the first version after the file deletes and creates the registered model again',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        client.delete_registered_model("wine")
        client.create_registered_model("wine")
        version = client.create_model_version("wine", source, run_id)
        client.set_registered_model_alias("wine", "champion", version.version)
      `,
    },
    {
      name: 'the first version after a helper of the file deletes the model (only when it has versions: none are left either way)',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        MODEL_NAME = "income_classifier"
        def cleanup_registered_model(registry_model_name):
            versions = client.search_model_versions(f"name='{registry_model_name}'")
            if len(versions) > 0:
                client.delete_registered_model(registry_model_name)
        def drop_if_exists(registry_model_name):
            if client.search_registered_models(filter_string=f"name='{registry_model_name}'"):
                client.delete_registered_model(registry_model_name)
        model.fit(X_train, y_train)
        cleanup_registered_model(MODEL_NAME)
        mv = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME)
        client.set_registered_model_alias(MODEL_NAME, "champion", mv.version)
        drop_if_exists("wine_quality")
        wine = mlflow.register_model(f"runs:/{run_id}/model", "wine_quality")
        client.set_registered_model_alias("wine_quality", "champion", wine.version)
      `,
    },
    {
      name: 'the first version after the file deletes the model in a try (absent on the first run), then gets or creates it',
      code: `
        from mlflow import MlflowClient
        from mlflow.exceptions import RestException
        client = MlflowClient()
        model.fit(X_train, y_train)
        try:
            client.delete_registered_model(model_name)
        except Exception as e:
            print(e)
        try:
            registered_model = client.get_registered_model(model_name)
        except RestException as e:
            client.create_registered_model(model_name)
        client.create_model_version(model_name, source, run_id)
        client.transition_model_version_stage(model_name, 1, "Production")
      `,
    },
    {
      name: 'the alias helper called with "challenger", and with "champion" only when the challenger wins',
      code: `
        from mlflow import MlflowClient
        def set_alias(version, alias):
            MlflowClient().set_registered_model_alias("iris", alias, version)
        model.fit(X_train, y_train)
        set_alias(new_version, "challenger")
        if new_f1 > champion_f1:
            set_alias(new_version, "champion")
      `,
    },
    {
      name: 'the validation gate and the promotion in one try body: the promotion runs only when the gate passed',
      code: `
        import mlflow
        from mlflow import MlflowClient
        model = GradientBoostingRegressor().fit(X_train, y_train)
        try:
            mlflow.evaluate(candidate_uri, eval_df, targets="label", model_type="regressor", validation_thresholds=thresholds)
            MlflowClient().set_registered_model_alias("main.ml.penguins", "champion", new_version)
        except Exception as error:
            print(error)
      `,
    },
    {
      name: 'a gate in a try whose except stops the notebook: what follows runs only when it passed',
      code: `
        import mlflow
        from mlflow import MlflowClient
        model = GradientBoostingRegressor().fit(X_train, y_train)
        try:
            mlflow.evaluate(candidate_uri, eval_df, targets="label", model_type="regressor", validation_thresholds=thresholds)
        except Exception as error:
            dbutils.notebook.exit(f"not promoted: {error}")
        MlflowClient().set_registered_model_alias("main.ml.penguins", "champion", new_version)
      `,
    },
    {
      name: 'a version a person picked, written as a number, a string or a constant: a new version never moves by it',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        with mlflow.start_run():
            mlflow.lightgbm.autolog()
            lgb.LGBMClassifier().fit(X_train, y_train)
        client.transition_model_version_stage(name="wine", version=2, stage="Production")
        client.transition_model_version_stage("taxi", "7", "Production", archive_existing_versions=True)
        BEST = 4
        client.set_registered_model_alias("churn", "champion", BEST)
      `,
    },
    {
      name: "a helper's promotions of versions each call names as a number, through local copies of its parameters",
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        model = LogisticRegression().fit(X, y)
        def transition_stage(version, stage, model_name):
            model_version = version
            new_stage = stage
            client.transition_model_version_stage(name=model_name, version=model_version, stage=new_stage)
        version = 1
        transition_stage(version, "Production", "churn")
        version = 4
        transition_stage(version, "Production", "churn")
      `,
    },
    {
      name: 'an alias copied from the version another alias points at (already promoted there)',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        model = LogisticRegression().fit(X, y)
        version = client.get_model_version_by_alias(name=model_name, alias="Champion").version
        client.set_registered_model_alias(name=model_name, alias="Production", version=version)
        client.set_registered_model_alias(model_name, "prod", client.get_model_version_by_alias(model_name, "challenger").version)
      `,
    },
    {
      name: 'version 1, written as the number: the model\'s first version, promoted when there is no champion yet',
      code: `
        import mlflow
        from mlflow import MlflowClient
        client = MlflowClient()
        model = LogisticRegression().fit(X, y)
        mlflow.sklearn.log_model(model, "model", registered_model_name=model_name)
        client.transition_model_version_stage(name=model_name, version=1, stage="Production")
      `,
    },
    {
      name: 'promotion only when a validation job tagged the version approved (a comparison with a check word)',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model.fit(X_train, y_train)
        tags = client.get_model_version(MODEL_NAME, version).tags
        if tags.get("validation_status", "").lower() == "approved":
            client.set_registered_model_alias(name=MODEL_NAME, alias="Champion", version=version)
      `,
    },
    {
      name: 'a notebook that registers a model trained elsewhere (downloaded weights) and aliases it',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from transformers import AutoModelForCausalLM, AutoTokenizer
        model = AutoModelForCausalLM.from_pretrained("mosaicml/mpt-7b-instruct")
        tokenizer = AutoTokenizer.from_pretrained("mosaicml/mpt-7b-instruct")
        with mlflow.start_run():
            result = mlflow.transformers.log_model({"model": model, "tokenizer": tokenizer}, "model", registered_model_name=registered_name)
        MlflowClient().set_registered_model_alias(name=registered_name, alias="Champion", version=result.registered_model_version)
      `,
    },
    {
      name: 'test code: a test file, and a test function',
      fileName: 'tests/test_promotion.py',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)
        MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", 1)
      `,
    },
    {
      name: 'a test function in a training module',
      code: `
        from mlflow import MlflowClient
        model.fit(X, y)

        def test_alias_round_trip():
            MlflowClient().set_registered_model_alias(MODEL_NAME, "champion", 1)
      `,
    },
    {
      name: 'guarded by the outcome of a check: a flag named for it, a comparison helper, a threshold',
      code: `
        import mlflow
        client = mlflow.MlflowClient()
        model.fit(X, y)
        if passed_validation:
            client.set_registered_model_alias(MODEL_NAME, "champion", v)
        if is_better(candidate_metrics, champion_metrics):
            client.set_registered_model_alias(MODEL_NAME, "champion", v)
        if run.data.metrics["test_f1"] >= 0.85:
            client.set_registered_model_alias(MODEL_NAME, "champion", v)
        if champion_version is None:
            client.set_registered_model_alias(MODEL_NAME, "champion", v)
      `,
    },
    {
      name: 'the first champion, promoted only when looking the alias up fails',
      code: `
        import mlflow
        client = mlflow.MlflowClient()
        model.fit(X, y)

        def save_to_registry():
            version = mlflow.register_model(f"runs:/{run_id}/model", MODEL_NAME).version
            client.set_registered_model_alias(MODEL_NAME, "prod", version)

        try:
            current = client.get_model_version_by_alias(MODEL_NAME, "prod")
        except Exception:
            save_to_registry()
      `,
    },
    // Each gate alone before its promotion: a check_ function of the file that raises, one that
    // exits, one that calls another function of the file, and one defined elsewhere.
    ...['check_auc(new_auc, champion_auc)', 'check_rows(scored)', 'check_all(scored)', 'check_drift(scored)'].map((gate) => ({
      name: `after ${gate}`,
      code: `
        import sys
        from mlflow import MlflowClient
        from quality import check_drift
        def check_auc(new_auc, champion_auc):
            if new_auc < champion_auc:
                raise ValueError("the challenger is worse")
        def check_rows(df):
            if df.count() == 0:
                sys.exit(1)
        def check_all(df):
            check_rows(df)
        model = LinearRegression().fit(X_train, y_train)
        ${gate}
        MlflowClient().set_registered_model_alias("sales_model", "champion", v)
      `,
    })),
    {
      name: 'a check of the project after the model is trained, in the function that promotes it',
      code: `
        import mlflow
        from mlflow import MlflowClient
        def main(features, labels):
            model = GradientBoostingRegressor().fit(features, labels)
            version = mlflow.register_model(f"runs:/{run_id}/model", "demand").version
            check_against_champion("demand", version)
            MlflowClient().set_registered_model_alias("demand", "champion", version)
        main(load_features(), load_labels())
      `,
    },
    {
      name: 'after a validation function of the file whose helper raises when the challenger does worse',
      code: `
        import mlflow
        from mlflow import MlflowClient
        def compare(new_score, old_score):
            if new_score < old_score:
                raise ValueError("the challenger does worse")
        def run_validation(model, champion, X, y):
            compare(model.score(X, y), champion.score(X, y))
        def main(X, y, champion, version):
            model = DecisionTreeRegressor().fit(X, y)
            run_validation(model, champion, X, y)
            MlflowClient().set_registered_model_alias("fares", "champion", version)
        main(features, labels, current, new_version)
      `,
    },
    {
      name: 'after a validation call of the project',
      code: `
        import mlflow
        client = mlflow.MlflowClient()
        model.fit(X, y)
        validate_against_champion(MODEL_NAME, v, eval_df)
        client.set_registered_model_alias(MODEL_NAME, "champion", v)
      `,
    },
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
      name: 'an alias from the environment whose default is no production alias, or that has no default',
      code: `
        import os
        from mlflow import MlflowClient
        model = LogisticRegression().fit(X_train, y_train)
        MlflowClient().set_registered_model_alias("churn", os.getenv("MODEL_ALIAS", "challenger"), version)
        MlflowClient().set_registered_model_alias("churn", os.getenv("MODEL_ALIAS"), version)
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
      name: 'after training, the new version becomes challenger and the old champion keeps a rollback alias: no promotion',
      code: `
        import mlflow
        from mlflow import MlflowClient
        from sklearn.linear_model import LogisticRegression
        client = MlflowClient()
        model = LogisticRegression().fit(X_train, y_train)
        info = mlflow.sklearn.log_model(model, "model", registered_model_name=MODEL_NAME)
        current = client.get_model_version_by_alias(MODEL_NAME, "champion")
        client.set_registered_model_alias(MODEL_NAME, "previous_champion", current.version)
        client.set_registered_model_alias(MODEL_NAME, "challenger", info.registered_model_version)
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
    {
      name: 'a helper called with Production only after a comparison, and with Staging unchecked',
      code: `
        from mlflow import MlflowClient

        def move(version, stage):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        model = RandomForestClassifier().fit(X_train, y_train)
        move(new_version, "Staging")
        if new_auc > champion_auc:
            move(new_version, "Production")
      `,
    },
    {
      name: 'a helper with a Production default that every call overrides',
      code: `
        from mlflow import MlflowClient

        def promote(version, stage="Production"):
            MlflowClient().transition_model_version_stage("churn", version, stage)

        model = pipeline.fit(train_df)
        promote(new_version, "Staging")
      `,
    },
    {
      name: 'a flag that holds a comparison where a champion exists (set before in a try), or right away',
      code: `
        from mlflow import MlflowClient
        client = MlflowClient()
        model = RandomForestClassifier().fit(X_train, y_train)
        promote = True
        try:
            incumbent = client.get_model_version_by_alias(MODEL_NAME, "champion")
            promote = challenger_f1 >= incumbent_f1 + MIN_GAIN
        except Exception:
            print("no champion yet: the first version becomes champion")
        if promote:
            client.set_registered_model_alias(MODEL_NAME, "champion", new_version)
        should_deploy = new_rmse < old_rmse
        if not should_deploy:
            raise SystemExit("the challenger is not better")
        client.set_registered_model_alias(MODEL_NAME, "prod", new_version)
      `,
    },
  ],
  fixes: [],
});

describe('MLT407 with code that %run brings in', () => {
  const utils = `
    # Databricks notebook source
    import databricks.automl
    import xgboost as xgb
    from mlflow import MlflowClient

    def train_model(params, dtrain):
        return xgb.train(params, dtrain)

    def transition_model(name, stage):
        client = MlflowClient()
        version = client.get_latest_versions(name, stages=["Staging"])[0].version
        client.transition_model_version_stage(name, version, stage)

    def start_automl_run(dataset, target_col):
        return databricks.automl.classify(dataset=dataset, target_col=target_col)

    def get_or_start_run(dataset, target_col):
        return start_automl_run(dataset, target_col)
  `;
  const lint = (notebook: string) => lintWithRunTargets(notebook, { './utils': utils }, ['MLT407']);

  it('a promotion notebook that only runs the utilities trains nothing: an uncalled helper that trains does not count', async () => {
    const findings = await lint(`
      # Databricks notebook source
      # MAGIC %run ./utils

      # COMMAND ----------

      transition_model("churn-model", "Production")
    `);
    assert.deepEqual(findings, []);
  });

  it('a helper that trains, called only by another helper nothing calls, does not count', async () => {
    const notebook = (call: string) => `
      # Databricks notebook source
      # MAGIC %run ./utils

      # COMMAND ----------

      ${call}
      transition_model("churn-model", "Production")
    `;
    assert.deepEqual(await lint(notebook('print("promoting")')), []);
    // Near miss: the notebook calls the outer helper, which calls the one that trains.
    assert.deepEqual((await lint(notebook('summary = get_or_start_run(df, "churned")'))).map((finding) => finding.ruleId), ['MLT407']);
  });

  it('a notebook that calls the training helper it brings in trains', async () => {
    const findings = await lint(`
      # Databricks notebook source
      # MAGIC %run ./utils

      # COMMAND ----------

      booster = train_model(params, dtrain)
      transition_model("churn-model", "Production")
    `);
    assert.deepEqual(
      findings.map((finding) => finding.ruleId),
      ['MLT407'],
    );
  });
});
