import { mlt203MaximizedMetricMinimized } from '../../rules/mlt203-maximized-metric-minimized';
import { describeRule } from '../support/ruleTester';

describeRule(mlt203MaximizedMetricMinimized, {
  flagged: [
    {
      name: 'the score of a scikit-learn estimator the objective fits (or of an XGBoost one bound to a name), kept in a variable named loss',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.cluster import KMeans
        from sklearn.linear_model import Lasso
        from xgboost import XGBRegressor

        def objective(alpha):
            model = Lasso(alpha=alpha).fit(X_train, y_train)
            loss = model.score(X_test, y_test)
            return {"loss": loss, "status": STATUS_OK}

        def boosted(params):
            booster = XGBRegressor(**params)
            booster.fit(X_train, y_train)
            loss = booster.score(X_test, y_test)
            return {"loss": loss, "status": STATUS_OK}

        def clustered(params):
            km = KMeans(n_clusters=params["k"]).fit(X_train)
            return km.score(X_val)

        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20)
        fmin(fn=boosted, space=space, algo=tpe.suggest, max_evals=20)
        fmin(fn=clustered, space=space, algo=tpe.suggest, max_evals=20)
      `,
      findings: [
        { line: 9, column: 21, message: 'this objective returns score(...) (higher is better) as the loss' },
        { line: 15, column: 21, message: 'this objective returns score(...) (higher is better) as the loss' },
        { line: 19, column: 12, message: 'this objective returns score(...) (higher is better) as the loss' },
      ],
    },
    {
      name: 'a sklearn metric under another name, a rename in both arms of an if/else, renamed metrics scaled or shifted in place (loss *= 2, loss -= 1), and a fallback constant in an except',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import f1_score as f1s

        def by_alias(params):
            f1 = f1s(y_val, fit(params).predict(X_val))
            return {"loss": f1, "status": STATUS_OK}

        def by_arms(params):
            acc = evaluate_model(params)
            if params["balanced"]:
                loss = acc
            else:
                loss = acc
            return {"loss": loss, "status": STATUS_OK}

        def scaled(params):
            f1 = evaluate_model(params)
            loss = f1
            loss *= 2
            loss -= 1
            return {"loss": loss, "status": STATUS_OK}

        def with_fallback(params):
            try:
                loss = evaluate_model(params)["accuracy"]
            except ValueError:
                loss = 0.0
            return {"loss": loss, "status": STATUS_OK}

        for objective in (by_alias, by_arms, scaled, with_fallback):
            fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=8)
      `,
      findings: [
        { line: 6, column: 21, message: 'this objective returns f1 (higher is better) as the loss' },
        { line: 14, column: 21, message: 'this objective returns acc (higher is better) as the loss' },
        { line: 21, column: 21, message: 'this objective returns f1 (higher is better) as the loss' },
        { line: 28, column: 21, message: 'this objective returns evaluate_model(params)["accuracy"] (higher is better) as the loss' },
      ],
    },
    {
      name: "a metric renamed to loss (the Databricks Hyperopt + MLlib notebook's `loss = - f1_score` without its minus)",
      code: `
        from hyperopt import STATUS_OK, fmin, hp, tpe

        def objective(params):
            model, f1_score = train_tree(params["maxBins"])
            loss = f1_score
            return {"loss": loss, "status": STATUS_OK}

        best = fmin(fn=objective, space={"maxBins": hp.uniform("maxBins", 2, 32)}, algo=tpe.suggest, max_evals=8)
      `,
      findings: [{ line: 6, column: 21, message: 'this objective returns f1_score (higher is better) as the loss' }],
    },
    {
      name: 'an objective redefined only in a branch: the first may still be the one fmin gets',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import f1_score

        def objective(params):
            return {"loss": f1_score(y_val, fit(params).predict(X_val)), "status": STATUS_OK}

        if use_negated:
            def objective(params):
                return {"loss": -f1_score(y_val, fit(params).predict(X_val)), "status": STATUS_OK}

        best = fmin(objective, space, algo=tpe.suggest, max_evals=30)
      `,
      findings: [{ line: 5, column: 21, message: 'this objective returns f1_score(...) (higher is better) as the loss' }],
    },
    {
      name: 'a nested objective chosen at run time that returns f1 with STATUS_OK: whichever fmin gets it, it minimizes f1',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK
        from sklearn.metrics import f1_score
        def pick(maximize):
            def by_f1(params):
                return {"loss": f1_score(y_val, train(params).predict(X_val)), "status": STATUS_OK}
            def by_loss(params):
                return {"loss": log_loss(y_val, train(params).predict_proba(X_val)), "status": STATUS_OK}
            return by_f1 if maximize else by_loss
        fmin(fn=pick(flag), space=space, algo=tpe.suggest, max_evals=40)
      `,
      findings: [{ line: 5, column: 25, message: 'returns f1_score(...) (higher is better) as the loss' }],
    },
    {
      name: 'AutoML\'s generated objective with max_evals=1: one trial chooses nothing yet, more trials pick the worst model',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK, Trials
        def objective(params):
            val_metrics = evaluate(train(params))
            loss = val_metrics["val_f1_score"]
            return {"loss": loss, "status": STATUS_OK}
        fmin(objective, space=space, algo=tpe.suggest, max_evals=1, trials=Trials())
      `,
      findings: [
        {
          line: 5,
          column: 21,
          message: 'with max_evals=1 there is one trial and nothing to choose yet, but with more trials the search picks the worst model — return its negation',
        },
      ],
    },
    {
      name: 'an objective defined for an fmin in another module: it returns hyperopt\'s STATUS_OK with accuracy as the loss',
      fileName: 'churn/train.py',
      code: `
        from hyperopt import STATUS_OK
        from sklearn.metrics import accuracy_score

        def objective(params):
            model = build(params).fit(X_train, y_train)
            accuracy = accuracy_score(y_val, model.predict(X_val))
            return {"loss": accuracy, "status": STATUS_OK}
      `,
      findings: [{ line: 7, column: 21, message: "hyperopt's fmin minimizes the loss, and this objective returns accuracy (higher is better) as the loss" }],
    },
    {
      name: 'a variable called score that holds an accuracy computed by a helper of the file',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import accuracy_score
        def evaluate(actual, predicted):
            return accuracy_score(actual, predicted)
        def objective(params):
            score = evaluate(y_val, fit(params).predict(X_val))
            return {"loss": score, "status": "ok"}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
      `,
      findings: [{ line: 7, column: 21, message: 'accuracy_score(...)' }],
    },
    {
      name: 'hyperopt objective returns f1 as the loss in a dict',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import f1_score
        def objective(params):
            model = train(params)
            f1 = f1_score(y_val, model.predict(X_val))
            return {"loss": f1, "status": STATUS_OK}
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
      findings: [{ line: 6, column: 21, message: 'fmin minimizes the loss, and this objective returns f1 (higher is better)', severity: 'warning' }],
    },
    {
      name: 'a bare sklearn *_score call, objective passed by position',
      code: `
        import hyperopt
        from sklearn import metrics
        def objective(params):
            model = train(params)
            return metrics.roc_auc_score(y_val, model.predict_proba(X_val)[:, 1])
        hyperopt.fmin(objective, space, algo=hyperopt.tpe.suggest, max_evals=20)
      `,
      findings: [{ line: 5, column: 12, message: 'roc_auc_score(...)' }],
    },
    {
      name: 'a neutral name bound to accuracy_score, wrapped in float()',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import accuracy_score
        def objective(params):
            result = accuracy_score(y_val, train(params).predict(X_val))
            return {"loss": float(result), "status": "ok"}
        fmin(objective, space, tpe.suggest, 10)
      `,
      findings: [{ line: 5, column: 21, message: 'accuracy_score(...)' }],
    },
    {
      name: 'cross_val_score mean (every sklearn scorer is higher-is-better)',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK
        from sklearn.model_selection import cross_val_score
        def objective(params):
            score = cross_val_score(RandomForestRegressor(**params), X, y, scoring="neg_mean_squared_error").mean()
            return {"loss": score, "status": STATUS_OK}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
      `,
      findings: [{ line: 5, column: 21 }],
    },
    {
      name: 'Optuna objective returning val_accuracy to a study created without direction',
      code: `
        import optuna
        def objective(trial):
            model = build(trial.suggest_int("depth", 2, 8))
            val_accuracy = model.evaluate(X_val, y_val)[1]
            return val_accuracy
        study = optuna.create_study(study_name="depth")
        study.optimize(objective, n_trials=30)
      `,
      findings: [{ line: 5, column: 12, message: 'the study created on line 6 minimizes, and this objective returns val_accuracy' }],
    },
    {
      name: 'Optuna study created with direction="minimize", a lambda objective',
      code: `
        import optuna
        study = optuna.create_study(direction="minimize")
        study.optimize(lambda trial: fit(trial).score(X_val, y_val), n_trials=10)
      `,
      findings: [{ line: 3, column: 30, message: 'score(...)' }],
    },
    {
      name: 'a callable class objective (its __call__)',
      code: `
        import optuna
        from sklearn.metrics import r2_score
        class Objective:
            def __init__(self, data):
                self.data = data
            def __call__(self, trial):
                return r2_score(self.data.y, fit(trial, self.data).predict(self.data.X))
        optuna.create_study().optimize(Objective(data), n_trials=5)
      `,
      findings: [{ line: 7, column: 16 }],
    },
    {
      name: 'functools.partial around the objective; the dict bound to a name',
      code: `
        from functools import partial
        from hyperopt import fmin, tpe, STATUS_OK
        def objective(params, data):
            precision = evaluate(params, data)
            result = {"loss": precision, "status": STATUS_OK}
            return result
        fmin(partial(objective, data=df), space, tpe.suggest, 10)
      `,
      findings: [{ line: 5, column: 23 }],
    },
    {
      name: 'a variable named loss that holds the F1 score read from a metrics dict',
      code: `
        import mlflow
        from hyperopt import STATUS_OK, Trials, fmin, tpe
        def objective(params):
            model = train(params)
            val_metrics = mlflow.evaluate(model=model, data=val_df, targets="label", model_type="classifier").metrics
            loss = val_metrics["val_f1_score"]
            return {"loss": loss, "status": STATUS_OK, "val_metrics": val_metrics}
        fmin(objective, space=space, algo=tpe.suggest, max_evals=1, trials=Trials())
      `,
      findings: [{ line: 7, column: 21, message: 'this objective returns val_metrics["val_f1_score"] (higher is better) as the loss' }],
    },
    {
      name: 'a variable named loss bound to a sklearn score, through another name',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import balanced_accuracy_score
        def objective(params):
            ba = balanced_accuracy_score(y_val, train(params).predict(X_val))
            loss = ba
            return loss
        fmin(objective, space, tpe.suggest, 10)
      `,
      findings: [{ line: 6, column: 12, message: 'returns balanced_accuracy_score(...) (higher is better)' }],
    },
    {
      name: 'a lambda that returns the result of the real objective (Optuna)',
      code: `
        import optuna
        from sklearn.metrics import f1_score
        def objective(trial, gpu_id=0):
            model = train(trial, gpu_id)
            return f1_score(y_val, model.predict(X_val))
        study = optuna.create_study(study_name="gpu")
        study.optimize(lambda trial: objective(trial, gpu_id=0), n_trials=20)
      `,
      findings: [{ line: 5, column: 12, message: 'the study created on line 6 minimizes' }],
    },
    {
      name: 'a lambda around the real objective (hyperopt): flagged, but the shared function is not rewritten',
      code: `
        from hyperopt import fmin, tpe
        def evaluate(params, data):
            return {"loss": data.accuracy(params), "status": "ok"}
        fmin(lambda params: evaluate(params, data), space, tpe.suggest, 10)
      `,
      findings: [{ line: 3, column: 21, message: 'accuracy(...)' }],
    },
    {
      name: 'an MlflowSparkStudy minimizes unless told otherwise',
      code: `
        from mlflow.optuna.storage import MlflowStorage
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        from sklearn.metrics import roc_auc_score
        def objective(trial):
            return roc_auc_score(y_val, fit(trial).predict_proba(X_val)[:, 1])
        study = MlflowSparkStudy("auc-tuning", MlflowStorage(experiment_id=experiment_id))
        study.optimize(objective, n_trials=32, n_jobs=4)
      `,
      findings: [{ line: 5, column: 12, message: 'the MlflowSparkStudy created on line 6 minimizes (only recent MLflow versions take direction="maximize")' }],
    },
    {
      name: 'an MlflowSparkStudy created with direction="minimize"',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        def objective(trial):
            accuracy = fit(trial).score(X_val, y_val)
            return accuracy
        MlflowSparkStudy("s", storage, direction="minimize").optimize(objective, n_trials=32, n_jobs=4)
      `,
      findings: [{ line: 4, column: 12 }],
    },
    {
      name: 'an objective made by a factory in the file (one per model class): the inner def returns the metric',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK
        from sklearn.metrics import average_precision_score
        def make_objective(estimator_class):
            def objective(params):
                fitted = estimator_class(**params).fit(X_train, y_train)
                ap = average_precision_score(y_val, fitted.predict_proba(X_val)[:, 1])
                return {"loss": ap, "status": STATUS_OK}
            return objective
        for estimator_class in [LogisticRegression, RandomForestClassifier]:
            fmin(fn=make_objective(estimator_class), space=spaces[estimator_class], algo=tpe.suggest, max_evals=40)
      `,
      findings: [{ line: 7, column: 25, message: 'this objective returns average_precision_score(...) (higher is better)' }],
    },
    {
      name: 'a Spark ML evaluator: the default areaUnderROC, metricName="r2", a chained setMetricName("accuracy")',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator, RegressionEvaluator
        roc = BinaryClassificationEvaluator(labelCol="churned")
        r2 = RegressionEvaluator(labelCol="price", metricName="r2")
        def by_roc(params):
            metric = roc.evaluate(pipeline(params).fit(train).transform(val))
            return {"loss": metric, "status": STATUS_OK}
        def by_r2(params):
            return r2.evaluate(pipeline(params).fit(train).transform(val))
        def by_accuracy(params):
            evaluator = MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol("label")
            return evaluator.evaluate(pipeline(params).fit(train).transform(val))
        fmin(fn=by_roc, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_r2, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_accuracy, space=space, algo=tpe.suggest, max_evals=30)
      `,
      findings: [
        { line: 7, column: 21, message: 'this objective returns the areaUnderROC of roc.evaluate(...) (higher is better) as the loss' },
        { line: 9, column: 12, message: 'returns the r2 of r2.evaluate(...) (higher is better)' },
        { line: 12, column: 12, message: 'returns the accuracy of evaluator.evaluate(...) (higher is better)' },
      ],
    },
    {
      name: "a metrics dict read at Spark's metric names (areaUnderPR, weightedFMeasure)",
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        def objective(params):
            metrics = evaluate_all(pipeline(params).fit(train).transform(val))
            return {"loss": metrics["areaUnderPR"], "status": STATUS_OK}
        def other(params):
            scores = evaluate_all(pipeline(params).fit(train).transform(val))
            return scores["weightedFMeasure"]
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=other, space=space, algo=tpe.suggest, max_evals=30)
      `,
      findings: [
        { line: 4, column: 21, message: 'returns metrics["areaUnderPR"] (higher is better)' },
        { line: 7, column: 12, message: 'returns scores["weightedFMeasure"] (higher is better)' },
      ],
    },
  ],
  silent: [
    {
      name: 'the score of a search (its scoring= decides, an MAE scorer here) or of a ranker (its eval metric), kept in a variable named loss',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import make_scorer, mean_absolute_error
        from sklearn.model_selection import GridSearchCV
        from xgboost import XGBRanker

        def searched(params):
            search = GridSearchCV(estimator, grid, scoring=make_scorer(mean_absolute_error)).fit(X_train, y_train)
            loss = search.score(X_val, y_val)
            return {"loss": loss, "status": STATUS_OK}

        def ranked(params):
            ranker = XGBRanker(eval_metric="rmse").fit(X_train, y_train, qid=qid)
            loss = ranker.score(X_val, y_val)
            return {"loss": loss, "status": STATUS_OK}

        fmin(fn=searched, space=space, algo=tpe.suggest, max_evals=20)
        fmin(fn=ranked, space=space, algo=tpe.suggest, max_evals=20)
      `,
    },
    {
      name: 'the score of an object the file does not show to be an estimator, kept in a variable named loss',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe

        def objective(params):
            scorer = build_scorer(params)
            loss = scorer.score(X_val, y_val)
            return {"loss": loss, "status": STATUS_OK}

        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20)
      `,
    },
    {
      name: "a def returning {'loss': accuracy, 'status': STATUS_OK} where STATUS_OK is the file's own constant, not hyperopt's (no hyperopt import)",
      code: `
        from sklearn.metrics import accuracy_score
        STATUS_OK = "ok"

        def evaluate(params):
            accuracy = accuracy_score(y_val, fit(params).predict(X_val))
            return {"loss": accuracy, "status": STATUS_OK}
      `,
    },
    {
      name: 'a renamed metric negated in place (loss *= -1), and arms that disagree (one negates)',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe

        def in_place(params):
            f1 = evaluate_model(params)
            loss = f1
            loss *= -1
            return {"loss": loss, "status": STATUS_OK}

        def arms(params):
            acc = evaluate_model(params)
            if params["balanced"]:
                loss = -acc
            else:
                loss = acc
            return {"loss": loss, "status": STATUS_OK}

        def arms_then_negated(params):
            acc = evaluate_model(params)
            if params["balanced"]:
                loss = acc
            else:
                loss = acc
            loss *= -1
            return {"loss": loss, "status": STATUS_OK}

        fmin(fn=in_place, space=space, algo=tpe.suggest, max_evals=8)
        fmin(fn=arms, space=space, algo=tpe.suggest, max_evals=8)
        fmin(fn=arms_then_negated, space=space, algo=tpe.suggest, max_evals=8)
      `,
    },
    {
      name: 'a lower-is-better metric, and a complement, renamed before an Optuna study minimizes them',
      code: `
        import optuna

        def by_error(trial):
            rmse = train(trial.suggest_int("depth", 2, 8))
            value = rmse
            return value

        def by_complement(trial):
            f1_score = 1 - evaluate(trial.suggest_float("lr", 1e-4, 1e-1))
            value = f1_score
            return value

        optuna.create_study().optimize(by_error, n_trials=5)
        optuna.create_study(direction="minimize").optimize(by_complement, n_trials=5)
      `,
    },
    {
      name: 'an objective replaced by a corrected copy in a later cell before fmin runs',
      code: `
        # Databricks notebook source
        import mlflow
        from hyperopt import STATUS_OK, Trials, fmin, hp, tpe
        from sklearn.metrics import f1_score

        def objective(params):
            val_f1 = f1_score(y_val, fit(params).predict(X_val))
            return {"loss": val_f1, "status": STATUS_OK}

        # COMMAND ----------

        def objective(params):
            val_f1 = f1_score(y_val, fit(params).predict(X_val))
            return {"loss": -val_f1, "status": STATUS_OK}

        # COMMAND ----------

        best = fmin(objective, {"C": hp.loguniform("C", -3, 3)}, algo=tpe.suggest, max_evals=30, trials=Trials())
      `,
    },
    {
      name: 'an objective for an fmin elsewhere that negates its accuracy, and a dict with a status that is not hyperopt\'s',
      fileName: 'churn/train.py',
      code: `
        from hyperopt import STATUS_OK
        def objective(params):
            accuracy = accuracy_score(y_val, build(params).fit(X, y).predict(X_val))
            return {"loss": -accuracy, "status": STATUS_OK}
        def report(run):
            return {"loss": run.accuracy, "status": "done"}
      `,
    },
    {
      name: 'the drop of a metric from a baseline (baseline - accuracy) is a loss, whatever its name says',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import accuracy_score
        def objective(params):
            val_accuracy_drop = baseline - accuracy_score(y_val, fit(params).predict(X_val))
            return {"loss": val_accuracy_drop, "status": "ok"}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
      `,
    },
    {
      name: "a metrics dict read at Spark's lower-is-better metric names (logLoss, hammingLoss, weightedFalsePositiveRate)",
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        def by_log_loss(params):
            metrics = evaluate_all(pipeline(params).fit(train).transform(val))
            return {"loss": metrics["logLoss"], "status": STATUS_OK}
        def by_hamming(params):
            return evaluate_all(pipeline(params).fit(train).transform(val))["hammingLoss"]
        def by_false_positives(params):
            return evaluate_all(pipeline(params).fit(train).transform(val))["weightedFalsePositiveRate"]
        fmin(fn=by_log_loss, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_hamming, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_false_positives, space=space, algo=tpe.suggest, max_evals=30)
      `,
    },
    {
      name: 'Spark ML evaluators whose metric is a loss or not known: RegressionEvaluator (rmse by default), logLoss, a metric set elsewhere, a param map, a metric name read at run time, an evaluator passed in',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator, RegressionEvaluator
        rmse = RegressionEvaluator(labelCol="price")
        log_loss = MulticlassClassificationEvaluator(metricName="logLoss")
        later = BinaryClassificationEvaluator()
        later.setMetricName(metric_from_widget)
        chosen = BinaryClassificationEvaluator(metricName=dbutils.widgets.get("metric"))
        roc = BinaryClassificationEvaluator()
        def by_rmse(params):
            return {"loss": rmse.evaluate(pipeline(params).fit(train).transform(val)), "status": STATUS_OK}
        def by_log_loss(params):
            return log_loss.evaluate(pipeline(params).fit(train).transform(val))
        def by_later(params):
            return later.evaluate(pipeline(params).fit(train).transform(val))
        def by_param_map(params):
            return roc.evaluate(pipeline(params).fit(train).transform(val), {roc.metricName: "areaUnderPR"})
        def by_widget(params):
            return chosen.evaluate(pipeline(params).fit(train).transform(val))
        def by_argument(params, evaluator=None):
            return evaluator.evaluate(pipeline(params).fit(train).transform(val))
        for objective in [by_rmse, by_log_loss, by_later, by_param_map, by_widget, by_argument]:
            fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_rmse, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_log_loss, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_later, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_param_map, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_widget, space=space, algo=tpe.suggest, max_evals=30)
        fmin(fn=by_argument, space=space, algo=tpe.suggest, max_evals=30)
      `,
    },
    {
      name: 'xgboost best_score: the best value of the eval metric, here rmse (lower is better)',
      code: `
        import xgboost as xgb
        from hyperopt import STATUS_OK, fmin, tpe
        def train_model(params):
            booster = xgb.train(params={"eval_metric": "rmse", **params}, dtrain=train, evals=[(test, "test")], early_stopping_rounds=50)
            return {"status": STATUS_OK, "loss": booster.best_score}
        fmin(fn=train_model, space=space, algo=tpe.suggest, max_evals=50)
      `,
    },
    {
      name: 'a variable called score that holds an RMSE computed by a helper of the file',
      code: `
        from math import sqrt
        from hyperopt import fmin, tpe
        from sklearn.metrics import mean_squared_error
        def evaluate(actual, predicted):
            mse = mean_squared_error(actual, predicted)
            return sqrt(mse)
        def objective(params):
            forecast = fit(params).predict(future)
            score = evaluate(test["y"].values, forecast["yhat"].values)
            return score
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
      `,
    },
    {
      name: 'a variable called score from a call the file does not define: the word alone decides nothing',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            score = run_backtest(params)
            return {"loss": score, "status": "ok"}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=30)
      `,
    },
    {
      name: 'a negated metric',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK
        from sklearn.metrics import f1_score
        def objective(params):
            f1 = f1_score(y_val, train(params).predict(X_val))
            return {"loss": -f1, "status": STATUS_OK}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
    },
    {
      name: '1 - accuracy',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            accuracy = evaluate(params)
            return {"loss": 1 - accuracy, "status": "ok"}
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
    },
    {
      name: 'a variable holding the negated score',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.model_selection import cross_val_score
        def objective(params):
            score = -cross_val_score(model(params), X, y).mean()
            return score
        fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
    },
    {
      name: 'losses: rmse, log_loss, mean_squared_error, error',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import log_loss, mean_squared_error
        def a(params):
            rmse = mean_squared_error(y, predict(params)) ** 0.5
            return {"loss": rmse, "status": "ok"}
        def b(params):
            return log_loss(y, predict_proba(params))
        def c(params):
            val_error = 1.0
            return {"loss": val_error}
        def d(params):
            return mean_squared_error(y, predict(params))
        for fn in (a, b, c, d):
            fmin(fn, space, tpe.suggest, 10)
        fmin(a, space, tpe.suggest, 10)
        fmin(b, space, tpe.suggest, 10)
        fmin(c, space, tpe.suggest, 10)
        fmin(d, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'a maximize study',
      code: `
        import optuna
        from sklearn.metrics import accuracy_score
        def objective(trial):
            return accuracy_score(y_val, fit(trial).predict(X_val))
        study = optuna.create_study(direction="maximize")
        study.optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'a multi-objective study (directions=) and a non-literal direction',
      code: `
        import optuna
        def objective(trial):
            return accuracy_score(y_val, fit(trial).predict(X_val))
        optuna.create_study(directions=["maximize"]).optimize(objective, n_trials=30)
        optuna.create_study(direction=optuna.study.StudyDirection.MAXIMIZE).optimize(objective, n_trials=30)
        optuna.create_study(**study_options).optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'a loaded study (its direction is stored elsewhere)',
      code: `
        import optuna
        def objective(trial):
            return accuracy_score(y_val, fit(trial).predict(X_val))
        optuna.load_study(study_name="s", storage=url).optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'a local fmin that is not hyperopt\'s',
      code: `
        def fmin(fn, **kwargs):
            return fn(kwargs)
        def objective(params):
            return {"loss": params["accuracy"]}
        fmin(fn=objective, max_evals=3)
      `,
    },
    {
      name: 'an objective whose result cannot be told (a neutral name, an imported function)',
      code: `
        from hyperopt import fmin, tpe
        from my_project.tuning import objective as imported_objective
        def objective(params):
            value = run_experiment(params)
            return {"loss": value, "status": "ok"}
        fmin(objective, space, tpe.suggest, 10)
        fmin(imported_objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'accuracy returned by a nested helper, not by the objective itself',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            def report(acc):
                return acc
            report(0.9)
            return {"loss": compute_loss(params), "status": "ok"}
        fmin(objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'a function returning accuracy that is not an objective',
      code: `
        from hyperopt import fmin, tpe
        from sklearn.metrics import accuracy_score
        def evaluate(model):
            return accuracy_score(y_val, model.predict(X_val))
        fmin(lambda params: -evaluate(train(params)), space, tpe.suggest, 10)
      `,
    },
    {
      name: 'Optuna objective returning a tuple (multi-objective)',
      code: `
        import optuna
        def objective(trial):
            return accuracy, latency
        optuna.create_study().optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'a variable named loss keeps its word against a function that is only named a score',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            loss = evaluate_score(params)
            return {"loss": loss, "status": "ok"}
        fmin(objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'Keras evaluate() results: score[0] is the loss',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            model = build(params)
            score = model.evaluate(X_val, y_val, verbose=0)
            return {"loss": score[0], "status": "ok"}
        fmin(objective, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'a loss variable holding a negated, a complemented, or a lower-is-better metric',
      code: `
        from hyperopt import fmin, tpe
        def a(params):
            loss = -metrics["val_f1_score"]
            return {"loss": loss}
        def b(params):
            loss = 1 - metrics["val_accuracy"]
            return {"loss": loss}
        def c(params):
            loss = metrics["val_log_loss"]
            return {"loss": loss}
        fmin(a, space, tpe.suggest, 10)
        fmin(b, space, tpe.suggest, 10)
        fmin(c, space, tpe.suggest, 10)
      `,
    },
    {
      name: 'an MlflowSparkStudy created to maximize, or whose directions were set by hand',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        def objective(trial):
            return fit(trial).score(X_val, y_val)
        MlflowSparkStudy("a", storage, direction="maximize").optimize(objective, n_trials=32)
        MlflowSparkStudy("b", storage, directions=["maximize"]).optimize(objective, n_trials=32)
        study = MlflowSparkStudy("c", storage)
        study._directions = ["maximize"]
        study.optimize(objective, n_trials=32)
      `,
    },
    {
      name: 'a lambda around a function whose result cannot be told',
      code: `
        import optuna
        def objective(trial, gpu_id):
            return run(trial, gpu_id)
        optuna.create_study().optimize(lambda trial: objective(trial, 0), n_trials=20)
      `,
    },
    {
      name: 'objective factories: one that returns the negated metric, one whose returns give different functions (those return losses)',
      code: `
        from hyperopt import fmin, tpe, STATUS_OK
        from sklearn.metrics import f1_score
        def make_objective(estimator_class):
            def objective(params):
                f1 = f1_score(y_val, estimator_class(**params).fit(X, y).predict(X_val))
                return {"loss": -f1, "status": STATUS_OK}
            return objective
        def pick(weighted):
            def by_weighted_loss(params):
                return {"loss": weighted_log_loss(y_val, train(params).predict_proba(X_val)), "status": STATUS_OK}
            def by_loss(params):
                return {"loss": log_loss(y_val, train(params).predict_proba(X_val)), "status": STATUS_OK}
            if weighted:
                return by_weighted_loss
            return by_loss
        fmin(fn=make_objective(LogisticRegression), space=space, algo=tpe.suggest, max_evals=40)
        fmin(fn=pick(flag), space=space, algo=tpe.suggest, max_evals=40)
      `,
    },
    {
      name: 'a metric multiplied by -1 is negated',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import accuracy_score, f1_score
        def by_accuracy(params):
            acc = accuracy_score(y_val, train(params).predict(X_val))
            return {"loss": -1 * acc, "status": STATUS_OK}
        def by_f1(params):
            f1 = f1_score(y_val, train(params).predict(X_val))
            return {"loss": f1 * -1, "status": STATUS_OK}
        fmin(fn=by_accuracy, space=space, algo=tpe.suggest, max_evals=20)
        fmin(fn=by_f1, space=space, algo=tpe.suggest, max_evals=20)
      `,
    },
  ],
  fixes: [
    {
      name: 'negates the loss inside the objective a factory makes',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        def make_objective(estimator_class):
            def objective(params):
                recall = recall_score(y_val, estimator_class(**params).fit(X, y).predict(X_val))
                return {"loss": recall, "status": STATUS_OK}
            return objective
        fmin(fn=make_objective(SVC), space=space, algo=tpe.suggest, max_evals=50)
      `,
      output: `
        from hyperopt import STATUS_OK, fmin, tpe
        def make_objective(estimator_class):
            def objective(params):
                recall = recall_score(y_val, estimator_class(**params).fit(X, y).predict(X_val))
                return {"loss": -recall, "status": STATUS_OK}
            return objective
        fmin(fn=make_objective(SVC), space=space, algo=tpe.suggest, max_evals=50)
      `,
      safety: 'unsafe',
    },
    {
      name: 'negates the loss in the dict',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import f1_score
        def objective(params):
            f1 = f1_score(y_val, train(params).predict(X_val))
            return {"loss": f1, "status": STATUS_OK}
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
      output: `
        from hyperopt import STATUS_OK, fmin, tpe
        from sklearn.metrics import f1_score
        def objective(params):
            f1 = f1_score(y_val, train(params).predict(X_val))
            return {"loss": -f1, "status": STATUS_OK}
        best = fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=50)
      `,
      safety: 'unsafe',
    },
    {
      name: 'negates a bare returned call (a conditional expression is left alone)',
      code: `
        from hyperopt import fmin, tpe
        def objective(params):
            return float(accuracy) if ok else float(accuracy)
        fmin(objective, space, tpe.suggest, 10)
        def objective2(params):
            return round(val_auc, 4)
        fmin(objective2, space, tpe.suggest, 10)
      `,
      output: `
        from hyperopt import fmin, tpe
        def objective(params):
            return float(accuracy) if ok else float(accuracy)
        fmin(objective, space, tpe.suggest, 10)
        def objective2(params):
            return -round(val_auc, 4)
        fmin(objective2, space, tpe.suggest, 10)
      `,
      safety: 'unsafe',
    },
    {
      name: 'adds direction="maximize" to create_study',
      code: `
        import optuna
        def objective(trial):
            return fit(trial).score(X_val, y_val)
        study = optuna.create_study(study_name="rf")
        study.optimize(objective, n_trials=30)
      `,
      output: `
        import optuna
        def objective(trial):
            return fit(trial).score(X_val, y_val)
        study = optuna.create_study(study_name="rf", direction="maximize")
        study.optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'adds direction to a multi-line create_study, and to an empty one',
      code: `
        import optuna
        def objective(trial):
            return fit(trial).score(X_val, y_val)
        study = optuna.create_study(
            study_name="rf",
            sampler=optuna.samplers.TPESampler(seed=42),
        )
        study.optimize(objective, n_trials=30)
      `,
      output: `
        import optuna
        def objective(trial):
            return fit(trial).score(X_val, y_val)
        study = optuna.create_study(
            study_name="rf",
            sampler=optuna.samplers.TPESampler(seed=42),
            direction="maximize",
        )
        study.optimize(objective, n_trials=30)
      `,
    },
    {
      name: 'turns direction="minimize" into "maximize", keeping the quotes',
      code: `
        import optuna
        study = optuna.create_study(direction='minimize')
        study.optimize(lambda t: f1_of(t), n_trials=5)
      `,
      output: `
        import optuna
        study = optuna.create_study(direction='maximize')
        study.optimize(lambda t: f1_of(t), n_trials=5)
      `,
    },
    {
      name: 'negates a variable named loss',
      code: `
        from hyperopt import STATUS_OK, fmin, tpe
        def objective(params):
            loss = metrics["val_roc_auc"]
            return {"loss": loss, "status": STATUS_OK}
        fmin(objective, space, tpe.suggest, 10)
      `,
      output: `
        from hyperopt import STATUS_OK, fmin, tpe
        def objective(params):
            loss = metrics["val_roc_auc"]
            return {"loss": -loss, "status": STATUS_OK}
        fmin(objective, space, tpe.suggest, 10)
      `,
      safety: 'unsafe',
    },
    {
      name: 'negates the value an MlflowSparkStudy objective returns',
      code: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        from sklearn.metrics import f1_score
        def objective(trial):
            return f1_score(y_val, fit(trial).predict(X_val))
        MlflowSparkStudy("f1", storage).optimize(objective, n_trials=32, n_jobs=4)
      `,
      output: `
        from mlflow.pyspark.optuna.study import MlflowSparkStudy
        from sklearn.metrics import f1_score
        def objective(trial):
            return -f1_score(y_val, fit(trial).predict(X_val))
        MlflowSparkStudy("f1", storage).optimize(objective, n_trials=32, n_jobs=4)
      `,
      safety: 'unsafe',
    },
    {
      name: 'the Optuna fix reaches the study through a lambda around the objective',
      code: `
        import optuna
        def objective(trial, fold):
            return cv_accuracy(trial, fold)
        study = optuna.create_study()
        study.optimize(lambda t: objective(t, 0), n_trials=20)
      `,
      output: `
        import optuna
        def objective(trial, fold):
            return cv_accuracy(trial, fold)
        study = optuna.create_study(direction="maximize")
        study.optimize(lambda t: objective(t, 0), n_trials=20)
      `,
    },
  ],
});
