// MLT204 optuna-without-mlflow-callback: flagged cases, silent look-alikes and exact fix outputs.
import * as assert from 'node:assert/strict';
import { fileSource } from '../../rules/engine/programParser';
import { mlt204OptunaWithoutMlflowCallback } from '../../rules/mlt204-optuna-without-mlflow-callback';
import { testLinter } from '../support/linter';
import { describeRule } from '../support/ruleTester';

// A study of a squared suggestion, run right away (optimize on line 6).
const SQUARE_STUDY = `import mlflow
import optuna
def objective(trial):
    return trial.suggest_float("x", 0, 1) ** 2
study = optuna.create_study()
study.optimize(objective, n_trials=50)`;

/** The first cell of a Databricks export whose `%pip install` takes `requirements`. */
const EXPORT_INSTALL = (requirements: string) => `# Databricks notebook source\n# MAGIC %pip install ${requirements}\n\n# COMMAND ----------\n`;

/** A notebook that installs (`install`) and tunes with Optuna, and the fix's output with the install line as `fixedInstall`. */
function installedNotebook(install: string, fixedInstall: string): { code: string; output: string } {
  const tuning = (imports: string[], optimize: string) =>
    ['import mlflow', 'import optuna', ...imports, 'def objective(trial):', '    rmse = train(trial)', '    return rmse', optimize].join('\n');
  return {
    code: `${install}\n${tuning([], 'optuna.create_study().optimize(objective, n_trials=10)')}\n`,
    output: `${fixedInstall}\n${tuning(['from optuna.integration.mlflow import MLflowCallback'], 'optuna.create_study().optimize(objective, n_trials=10, callbacks=[MLflowCallback(metric_name="rmse", create_experiment=False)])')}\n`,
  };
}

describeRule(mlt204OptunaWithoutMlflowCallback, {
  flagged: [
    {
      name: 'autologging turned on only after the study, for the model fitted on the best parameters',
      code: `${SQUARE_STUDY}

# COMMAND ----------

mlflow.sklearn.autolog(log_models=False)
with mlflow.start_run():
    mlflow.log_params(study.best_params)
`,
      findings: [{ line: 6, column: 1, message: 'study.optimize logs no trial to MLflow' }],
    },
    {
      name: 'trials read after the study but only counted, or only the best one logged (from the frame, or under an if in the loop)',
      code: `${SQUARE_STUDY}
mlflow.log_metric("n_trials", len(study.trials))
history = study.trials_dataframe()
mlflow.log_metric("best", history["value"].min())
for t in study.trials:
    if t.number == study.best_trial.number:
        mlflow.log_params(t.params)
`,
      findings: [{ line: 6, column: 1, message: 'study.optimize logs no trial to MLflow' }],
    },
    {
      name: 'an objective that is a method of a tuner class (self.objective)',
      code: `
        import mlflow
        import optuna

        class Search:
            def objective(self, trial):
                return trial.suggest_float("x", 0, 1) ** 2

            def run(self):
                study = optuna.create_study()
                study.optimize(self.objective, n_trials=40)
      `,
      findings: [{ line: 10, column: 9, message: 'study.optimize logs no trial to MLflow' }],
    },
    {
      name: 'trials read after the study but not logged (printed), or only the best trial logged',
      code: `${SQUARE_STUDY}
for t in study.trials:
    print(t.number, t.value)
mlflow.log_params(study.best_params)
`,
      findings: [{ line: 6, column: 1, message: 'study.optimize logs no trial to MLflow' }],
    },
    {
      name: 'in a Databricks notebook, where Databricks Autologging may record the LightGBM fits, no trial is logged',
      code: `
        # Databricks notebook source
        import mlflow
        import optuna
        from lightgbm import LGBMClassifier
        def objective(trial):
            model = LGBMClassifier(num_leaves=trial.suggest_int("num_leaves", 8, 64)).fit(X_train, y_train)
            return model.score(X_val, y_val)
        study = optuna.create_study(direction="maximize")
        study.optimize(objective, n_trials=20)
      `,
      findings: [{ line: 9, column: 1, message: 'study.optimize logs no trial to MLflow: the objective does not log and no MLflowCallback is passed — add callbacks=[MLflowCallback(...)] to log each trial (its parameters and objective value) as a run' }],
    },
    {
      name: 'an objective that calls only well-known libraries (their code does not log to MLflow)',
      code: `
        import mlflow
        import optuna
        from sklearn.linear_model import Ridge
        from sklearn.metrics import mean_squared_error
        def objective(trial):
            model = Ridge(alpha=trial.suggest_float("alpha", 1e-3, 10, log=True)).fit(X_train, y_train)
            return mean_squared_error(y_val, model.predict(X_val))
        study = optuna.create_study()
        study.optimize(objective, n_trials=50)
      `,
      findings: [{ line: 9, column: 1, message: 'study.optimize logs no trial to MLflow' }],
    },
    {
      name: 'a study in an MLflow notebook whose objective logs nothing',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            return train(trial.suggest_float("alpha", 0.1, 10))
        study = optuna.create_study()
        study.optimize(objective, n_trials=50)
      `,
      findings: [{ line: 6, column: 1, message: 'study.optimize logs no trial to MLflow', severity: 'hint' }],
    },
    {
      name: 'callbacks given, none of them MLflow\'s',
      code: `
        import mlflow
        import optuna
        from optuna.study import MaxTrialsCallback
        def objective(trial):
            return 1.0
        study = optuna.create_study()
        study.optimize(objective, n_trials=50, callbacks=[MaxTrialsCallback(10)])
      `,
      findings: [{ line: 7, column: 1 }],
    },
    {
      name: 'a lambda objective on a chained study',
      code: `
        import mlflow.sklearn
        import optuna
        optuna.create_study(direction="maximize").optimize(lambda t: fit(t).score(X, y), n_trials=20)
      `,
      findings: [{ line: 3, column: 1 }],
    },
    {
      name: 'callbacks=None',
      code: `
        from mlflow import log_metric
        import optuna
        def objective(trial):
            return 0.5
        optuna.create_study().optimize(objective, 10, callbacks=None)
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'logging only after the search, outside the objective',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            return 0.5
        study = optuna.create_study()
        with mlflow.start_run():
            study.optimize(objective, n_trials=10)
            mlflow.log_params(study.best_params)
      `,
      findings: [{ line: 7, column: 5 }],
    },
    {
      name: 'a callback function of the file that does not log',
      code: `
        import mlflow
        import optuna
        def stop_early(study, trial):
            if trial.value < 0.01:
                study.stop()
        def objective(trial):
            return 0.5
        optuna.create_study().optimize(objective, n_trials=10, callbacks=[stop_early])
      `,
      findings: [{ line: 8, column: 1 }],
    },
    {
      name: 'an objective that only switches autologging off logs nothing',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            mlflow.sklearn.autolog(disable=True)
            return fit(trial).score(X_val, y_val)
        optuna.create_study(direction="maximize").optimize(objective, n_trials=40)
      `,
      findings: [{ line: 6, column: 1 }],
    },
    {
      name: 'a study kept in a local SQLite storage is still not in MLflow',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            return train(trial)
        study = optuna.create_study(study_name="s", storage="sqlite:///optuna.db", load_if_exists=True)
        study.optimize(objective, n_trials=40)
      `,
      findings: [{ line: 6, column: 1 }],
    },
  ],
  silent: [
    {
      name: 'autologging turned on after the study in the same loop body: on from the second pass',
      code: `
        import mlflow
        import optuna

        def objective(trial):
            return trial.suggest_float("x", 0, 1) ** 2

        for seed in range(3):
            again = optuna.create_study()
            again.optimize(objective, n_trials=20)
            mlflow.sklearn.autolog()
      `,
    },
    {
      name: 'autologging turned on after the study, which a %run before it may have turned on first',
      code: `
        # Databricks notebook source
        # MAGIC %run ./setup_tracking

        # COMMAND ----------

        import mlflow
        import optuna

        def objective(trial):
            return trial.suggest_float("x", 0, 1) ** 2

        study = optuna.create_study()
        study.optimize(objective, n_trials=20)
        mlflow.autolog()
      `,
    },
    {
      name: 'autologging turned on in a function, or after the study in module code that then runs a study defined in a function',
      code: `
        import mlflow
        import optuna

        def objective(trial):
            return trial.suggest_float("x", 0, 1) ** 2

        def tune():
            study = optuna.create_study()
            study.optimize(objective, n_trials=50)

        mlflow.sklearn.autolog()
        tune()
      `,
    },
    {
      name: 'the trials frame logged whole in another form (to_dict of every record)',
      code: `${SQUARE_STUDY}
with mlflow.start_run():
    mlflow.log_dict(study.trials_dataframe().to_dict(orient="records"), "trials.json")
`,
    },
    {
      name: 'a method objective that logs each trial itself',
      code: `
        import mlflow
        import optuna

        class Search:
            def objective(self, trial):
                x = trial.suggest_float("x", 0, 1)
                with mlflow.start_run(nested=True):
                    mlflow.log_param("x", x)
                    mlflow.log_metric("loss", x ** 2)
                return x ** 2

            def run(self):
                optuna.create_study().optimize(self.objective, n_trials=40)
      `,
    },
    {
      name: 'every trial logged after the study: a run per trial from study.trials, all of them as a table (in the call, or through a name)',
      code: `${SQUARE_STUDY}
for t in study.trials:
    with mlflow.start_run(nested=True):
        mlflow.log_params(t.params)
        mlflow.log_metric("loss", t.value)
other = optuna.create_study()
other.optimize(objective, n_trials=20)
mlflow.log_table(other.trials_dataframe(), "trials.json")
third = optuna.create_study()
third.optimize(objective, n_trials=20)
table = third.trials_dataframe()
mlflow.log_table(table, artifact_file="third.json")
      `,
    },
    {
      name: 'the objective logs through a function imported under another name (from mlflow import log_metric as record_metric)',
      code: `
        import optuna
        from mlflow import log_metric as record_metric

        def objective(trial):
            loss = trial.suggest_float("x", 0, 1)
            record_metric("loss", loss)
            return loss

        optuna.create_study().optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'a callable objective whose __call__ logs through a method of its own class (self.log)',
      code: `
        import mlflow
        import optuna

        class Objective:
            def log(self, loss):
                mlflow.log_metric("loss", loss)

            def __call__(self, trial):
                loss = trial.suggest_float("x", 0, 1)
                self.log(loss)
                return loss

        optuna.create_study().optimize(Objective(), n_trials=30)
      `,
    },
    {
      name: 'the objective hands the trial to a function of the project, which may log (a module no package list knows, a relative import)',
      code: `
        import mlflow
        import optuna
        from objectives import objective
        from .training import fit_and_log

        with mlflow.start_run():
            study = optuna.create_study(direction="maximize")
            study.optimize(lambda trial: objective(trial, 3), n_trials=10)
            other = optuna.create_study()
            other.optimize(lambda trial: fit_and_log(trial), n_trials=10)
      `,
    },
    {
      name: 'an MLflowCallback is passed',
      code: `
        import mlflow
        import optuna
        from optuna.integration.mlflow import MLflowCallback
        def objective(trial):
            return 0.5
        mlflc = MLflowCallback(metric_name="rmse")
        optuna.create_study().optimize(objective, n_trials=10, callbacks=[mlflc])
      `,
    },
    {
      name: 'optuna.integration.MLflowCallback written inline, optuna_integration too',
      code: `
        import mlflow
        import optuna
        import optuna_integration
        def objective(trial):
            return 0.5
        optuna.create_study().optimize(objective, n_trials=10, callbacks=[optuna.integration.MLflowCallback()])
        optuna.create_study().optimize(objective, n_trials=10, callbacks=[optuna_integration.MLflowCallback()])
      `,
    },
    {
      name: 'the objective logs with mlflow.log_metric in a nested run',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            with mlflow.start_run(nested=True):
                rmse = train(trial)
                mlflow.log_metric("rmse", rmse)
            return rmse
        optuna.create_study().optimize(objective, n_trials=10)
      `,
    },
    {
      name: 'the objective calls a helper of the file that logs',
      code: `
        import mlflow
        import optuna
        def train_and_log(params):
            mlflow.log_params(params)
            return 0.5
        def objective(trial):
            return train_and_log({"a": trial.suggest_int("a", 1, 3)})
        optuna.create_study().optimize(objective, n_trials=10)
      `,
    },
    {
      name: 'an objective decorated with track_in_mlflow',
      code: `
        import mlflow
        import optuna
        @mlflc.track_in_mlflow()
        def objective(trial):
            return 0.5
        optuna.create_study().optimize(objective, n_trials=10)
      `,
    },
    {
      name: 'a file that does not use MLflow',
      code: `
        import optuna
        def objective(trial):
            return 0.5
        optuna.create_study().optimize(objective, n_trials=10)
      `,
    },
    {
      name: 'autologging is on',
      code: `
        import mlflow
        import optuna
        mlflow.sklearn.autolog()
        def objective(trial):
            return fit(trial).score(X, y)
        optuna.create_study().optimize(objective, n_trials=10)
      `,
    },
    {
      name: 'callbacks that cannot be read, an objective that cannot be resolved, **kwargs',
      code: `
        import mlflow
        import optuna
        from tuning import objective as imported_objective
        def objective(trial):
            return 0.5
        study = optuna.create_study()
        study.optimize(objective, n_trials=10, callbacks=make_callbacks())
        study.optimize(imported_objective, n_trials=10)
        study.optimize(objective, **options)
      `,
    },
    {
      name: 'optimize on something that is not an Optuna study',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            return 0.5
        optimizer.optimize(objective, n_trials=10)
        scipy_result = minimize(objective, x0)
      `,
    },
    {
      name: 'MLflow keeps the trials: an MlflowSparkStudy, a study on MlflowStorage',
      code: `
        import mlflow
        import optuna
        from mlflow.optuna.storage import MlflowStorage
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        def objective(trial):
            return train(trial)
        storage = MlflowStorage(experiment_id=experiment_id)
        MlflowSparkStudy("spark-tuning", storage).optimize(objective, n_trials=32, n_jobs=4)
        optuna.create_study(study_name="s", storage=storage).optimize(objective, n_trials=32)
      `,
    },
    {
      name: 'an objective that turns autologging on logs its fits',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            mlflow.sklearn.autolog(disable=False)
            return fit(trial).score(X_val, y_val)
        optuna.create_study(direction="maximize").optimize(objective, n_trials=40)
      `,
    },
  ],
  fixes: [
    {
      name: 'a notebook that installs Optuna 4 without optuna-integration: the fix installs it beside optuna, whose integration module raises without it',
      ...installedNotebook(EXPORT_INSTALL('optuna==4.1.0 mlflow'), EXPORT_INSTALL('optuna==4.1.0 optuna-integration mlflow')),
      fixTitle: 'Log each trial to MLflow: add MLflowCallback(metric_name="rmse", create_experiment=False) to callbacks, and optuna-integration to the %pip install',
      safety: 'unsafe',
    },
    {
      name: 'an unpinned requirement followed by another: optuna-integration goes between them, not into the next word',
      ...installedNotebook(EXPORT_INSTALL('--quiet optuna mlflow'), EXPORT_INSTALL('--quiet optuna optuna-integration mlflow')),
      safety: 'unsafe',
    },
    {
      name: 'a quoted requirement with an environment marker: optuna-integration goes after the closing quote',
      ...installedNotebook(EXPORT_INSTALL(`"optuna==4.1.0; python_version>='3.9'" mlflow`), EXPORT_INSTALL(`"optuna==4.1.0; python_version>='3.9'" optuna-integration mlflow`)),
      safety: 'unsafe',
    },
    {
      name: 'Optuna held below 3.6 by a compatible release (~=3.5.0 is ==3.5.*): the install line stays',
      ...installedNotebook(EXPORT_INSTALL('optuna~=3.5.0 mlflow'), EXPORT_INSTALL('optuna~=3.5.0 mlflow')),
      safety: 'unsafe',
    },
    {
      name: 'any Optuna 3 (==3.*, which pip resolves to 3.6 or later): optuna-integration is added',
      ...installedNotebook(EXPORT_INSTALL('"optuna==3.*" mlflow'), EXPORT_INSTALL('"optuna==3.*" optuna-integration mlflow')),
      safety: 'unsafe',
    },
    {
      name: 'a quoted requirement whose marker holds escaped quotes: optuna-integration goes after the closing quote, not the first escaped one',
      ...installedNotebook(EXPORT_INSTALL('"optuna>=3.6; python_version>=\\"3.9\\"" mlflow'), EXPORT_INSTALL('"optuna>=3.6; python_version>=\\"3.9\\"" optuna-integration mlflow')),
      safety: 'unsafe',
    },
    {
      name: 'Optuna held below 3.6 by an upper bound: the install line stays',
      ...installedNotebook(EXPORT_INSTALL('"optuna<3.6" mlflow'), EXPORT_INSTALL('"optuna<3.6" mlflow')),
      safety: 'unsafe',
    },
    {
      name: 'a quoted unpinned requirement: optuna-integration goes after the closing quote',
      ...installedNotebook('%pip install "optuna>=3.6" mlflow', '%pip install "optuna>=3.6" optuna-integration mlflow'),
      safety: 'unsafe',
    },
    {
      name: 'Optuna pinned before 3.6 (its own integration module serves the callback): the install line stays',
      ...installedNotebook(EXPORT_INSTALL('optuna==3.4.0 mlflow'), EXPORT_INSTALL('optuna==3.4.0 mlflow')),
      fixTitle: 'Log each trial to MLflow: add MLflowCallback(metric_name="rmse", create_experiment=False) to callbacks',
      safety: 'unsafe',
    },
    {
      name: 'optuna-integration already installed: the install line stays',
      ...installedNotebook('%pip install optuna optuna-integration mlflow', '%pip install optuna optuna-integration mlflow'),
      safety: 'unsafe',
    },
    {
      name: 'Optuna installed at run time inside a try block: the import goes after the user\'s own import of optuna, at its indentation',
      code: `
        import sys
        try:
            import subprocess
            subprocess.check_call([sys.executable, "-m", "pip", "install", "optuna"])
            import mlflow
            import optuna
            def objective(trial):
                rmse = train(trial)
                return rmse
            study = optuna.create_study()
            study.optimize(objective, n_trials=10)
        except ImportError:
            print("no optuna")
      `,
      output: `
        import sys
        try:
            import subprocess
            subprocess.check_call([sys.executable, "-m", "pip", "install", "optuna"])
            import mlflow
            import optuna
            from optuna.integration.mlflow import MLflowCallback
            def objective(trial):
                rmse = train(trial)
                return rmse
            study = optuna.create_study()
            study.optimize(objective, n_trials=10, callbacks=[MLflowCallback(metric_name="rmse", create_experiment=False)])
        except ImportError:
            print("no optuna")
      `,
      safety: 'unsafe',
    },
    {
      name: 'an optional dependency imported in the function that tunes: the import stays in the function',
      code: `
        import mlflow
        def tune(train):
            from optuna import create_study
            def objective(trial):
                loss = train(trial)
                return loss
            study = create_study()
            study.optimize(objective, n_trials=10)
            return study.best_params
      `,
      output: `
        import mlflow
        def tune(train):
            from optuna import create_study
            from optuna.integration.mlflow import MLflowCallback
            def objective(trial):
                loss = train(trial)
                return loss
            study = create_study()
            study.optimize(objective, n_trials=10, callbacks=[MLflowCallback(metric_name="loss", create_experiment=False)])
            return study.best_params
      `,
      safety: 'unsafe',
    },
    {
      name: 'a returned conversion (float(...), round(...)) names the metric after what it converts',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            mape = evaluate(trial)
            return float(round(mape, 4))
        study = optuna.create_study()
        study.optimize(objective, n_trials=50)
      `,
      output: `
        import mlflow
        import optuna
        from optuna.integration.mlflow import MLflowCallback
        def objective(trial):
            mape = evaluate(trial)
            return float(round(mape, 4))
        study = optuna.create_study()
        study.optimize(objective, n_trials=50, callbacks=[MLflowCallback(metric_name="mape", create_experiment=False)])
      `,
      safety: 'unsafe',
    },
    {
      name: 'adds callbacks and the import, naming the metric after the returned value',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            rmse = train(trial)
            return rmse
        study = optuna.create_study()
        study.optimize(objective, n_trials=50)
      `,
      output: `
        import mlflow
        import optuna
        from optuna.integration.mlflow import MLflowCallback
        def objective(trial):
            rmse = train(trial)
            return rmse
        study = optuna.create_study()
        study.optimize(objective, n_trials=50, callbacks=[MLflowCallback(metric_name="rmse", create_experiment=False)])
      `,
      safety: 'unsafe',
    },
    {
      name: 'appends to an existing callbacks list and reuses the imported name',
      code: `
        import mlflow
        import optuna
        from optuna.integration import MLflowCallback as MLflc
        from optuna.study import MaxTrialsCallback
        def objective(trial):
            return mean_squared_error(y, fit(trial).predict(X))
        optuna.create_study().optimize(
            objective,
            n_trials=50,
            callbacks=[MaxTrialsCallback(100)],
        )
      `,
      output: `
        import mlflow
        import optuna
        from optuna.integration import MLflowCallback as MLflc
        from optuna.study import MaxTrialsCallback
        def objective(trial):
            return mean_squared_error(y, fit(trial).predict(X))
        optuna.create_study().optimize(
            objective,
            n_trials=50,
            callbacks=[MaxTrialsCallback(100), MLflc(metric_name="mean_squared_error", create_experiment=False)],
        )
      `,
      safety: 'unsafe',
    },
    {
      name: 'inside an active run the callback logs child runs; callbacks=None is replaced',
      code: `
        import mlflow
        import optuna
        def objective(trial):
            return trial.suggest_float("x", 0, 1) ** 2
        study = optuna.create_study()
        with mlflow.start_run(run_name="search"):
            study.optimize(objective, n_trials=20, callbacks=None)
      `,
      output: `
        import mlflow
        import optuna
        from optuna.integration.mlflow import MLflowCallback
        def objective(trial):
            return trial.suggest_float("x", 0, 1) ** 2
        study = optuna.create_study()
        with mlflow.start_run(run_name="search"):
            study.optimize(objective, n_trials=20, callbacks=[MLflowCallback(metric_name="value", create_experiment=False, mlflow_kwargs={"nested": True})])
      `,
      safety: 'unsafe',
    },
    {
      name: 'names the metric after what the objective behind a lambda returns',
      code: `
        import mlflow
        import optuna
        def objective(trial, gpu_id=0):
            mae = fit(trial, gpu_id)
            return mae
        study = optuna.create_study()
        study.optimize(lambda trial: objective(trial, gpu_id=0), n_trials=20)
      `,
      output: `
        import mlflow
        import optuna
        from optuna.integration.mlflow import MLflowCallback
        def objective(trial, gpu_id=0):
            mae = fit(trial, gpu_id)
            return mae
        study = optuna.create_study()
        study.optimize(lambda trial: objective(trial, gpu_id=0), n_trials=20, callbacks=[MLflowCallback(metric_name="mae", create_experiment=False)])
      `,
      safety: 'unsafe',
    },
  ],
});

describe('MLT204 and an install that %run brings in', () => {
  it('keeps the callback fix and leaves the included notebook alone', async () => {
    const linter = await testLinter();
    const setup = '# Databricks notebook source\n# MAGIC %pip install optuna mlflow\n';
    const notebook = `# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\n${SQUARE_STUDY}\n`;
    const readInclusion = () => fileSource('file:///p/setup.py', setup);
    const [finding] = linter.lintText('file:///p/nb.py', notebook, { select: ['MLT204'], readInclusion }).findings;
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0].title, 'Log each trial to MLflow: add MLflowCallback(metric_name="value", create_experiment=False) to callbacks');
    assert.ok(finding.fixes[0].edits.every((edit) => edit.start >= notebook.indexOf('import mlflow')), JSON.stringify(finding.fixes[0].edits));
  });
});
