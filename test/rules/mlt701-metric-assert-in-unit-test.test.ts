// MLT701 metric-assert-in-unit-test: flagged cases and silent look-alikes (the rule has no fix).
import { mlt701MetricAssertInUnitTest } from '../../rules/mlt701-metric-assert-in-unit-test';
import { describeRule } from '../support/ruleTester';

describeRule(mlt701MetricAssertInUnitTest, {
  flagged: [
    {
      name: 'beside a loaded fixture, a model the module fits, and one read from a fixture that fits (models[0]): measured too',
      fileName: 'tests/test_compare.py',
      code: `
        import joblib
        import pytest
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score

        clf = LogisticRegression().fit(X_train, y_train)

        @pytest.fixture
        def released():
            return joblib.load("artifacts/model.joblib")

        @pytest.fixture
        def models():
            return [LogisticRegression().fit(X_train, y_train)]

        def test_module_model(released):
            assert accuracy_score(y, released.predict(X)) > 0.5
            assert accuracy_score(y, clf.predict(X)) > 0.9

        def test_listed_model(released, models):
            assert accuracy_score(y, models[0].predict(X)) > 0.9
      `,
      findings: [{ line: 17, column: 12 }, { line: 18, column: 12 }, { line: 21, column: 12 }],
    },
    {
      name: 'a metric named by its field after a prediction call (out.evaluation["mape"], result.scores["accuracy"])',
      fileName: 'tests/test_forecast.py',
      code: `
        from myproj.forecast import Forecaster

        def test_forecast(history, future):
            model = Forecaster().fit(history)
            out = model.predict(future)
            assert out.evaluation["mape"] < 0.2
            result = model.predict(future)
            assert result.scores["accuracy"] > 0.8
      `,
      findings: [{ line: 6, column: 12 }, { line: 8, column: 12 }],
    },
    {
      name: 'metrics a prediction call returns beside its predictions: Trainer.predict(...).metrics, result["metrics"] (not a field of a row)',
      fileName: 'tests/test_finetune.py',
      code: `
        from transformers import Trainer
        from myproj.evaluation import Evaluator

        def test_finetune(model, args, train_ds, test_ds):
            trainer = Trainer(model=model, args=args, train_dataset=train_ds)
            trainer.train()
            out = trainer.predict(test_ds)
            assert out.metrics["test_accuracy"] > 0.8
            result = Evaluator(trainer.model).predict(X_test, y_test)
            assert result["metrics"]["accuracy"] > 0.8
      `,
      findings: [{ line: 8, column: 12 }, { line: 10, column: 12 }],
    },
    {
      name: 'fixtures that give a trained model: one that fits on data another fixture loads, one that loads then fits, a loaded encoder beside a model fitted in a fixture',
      fileName: 'tests/test_fixtures_train.py',
      code: `
        import joblib
        import pytest
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score

        @pytest.fixture
        def training_data():
            return joblib.load("tests/fixtures/train.joblib")

        @pytest.fixture
        def model(training_data):
            X, y = training_data
            return RandomForestClassifier().fit(X, y)

        @pytest.fixture
        def pipeline():
            pipe = joblib.load("untrained_pipeline.joblib")
            pipe.fit(X_train, y_train)
            return pipe

        @pytest.fixture
        def encoder():
            return joblib.load("encoder.joblib")

        @pytest.fixture
        def classifier():
            return LogisticRegression().fit(X_train, y_train)

        def test_model(model):
            assert accuracy_score(y_test, model.predict(X_test)) > 0.9

        def test_pipeline(pipeline):
            assert accuracy_score(y_test, pipeline.predict(X_test)) > 0.9

        def test_encoded(encoder, classifier):
            assert accuracy_score(y_test, classifier.predict(encoder.transform(X_test))) > 0.9
      `,
      findings: [{ line: 31, column: 12 }, { line: 34, column: 12 }, { line: 37, column: 12 }],
    },
    {
      name: 'a baseline a fixture loads, and a model the test trains through a project function: the trained one is measured',
      fileName: 'tests/test_vs_baseline.py',
      code: `
        import joblib
        import pytest
        from sklearn.metrics import accuracy_score
        from myproj.training import train_model

        @pytest.fixture
        def baseline():
            return joblib.load("baseline.joblib")

        def test_beats_baseline(baseline):
            model = train_model(X, y)
            assert accuracy_score(y, model.predict(X)) > 0.85
            assert baseline.predict(X).shape == y.shape
      `,
      findings: [{ line: 12, column: 12 }],
    },
    {
      name: 'a fixture that loads data (not the model) with joblib: the model the test trains is still measured',
      fileName: 'tests/test_training.py',
      code: `
        import joblib
        import pytest
        from sklearn.metrics import accuracy_score
        from myproj.training import train_model

        @pytest.fixture
        def data():
            return joblib.load("tests/fixtures/iris.joblib")

        def test_accuracy(data):
            X, y = data
            model = train_model(X, y)
            assert accuracy_score(y, model.predict(X)) > 0.9
      `,
      findings: [{ line: 13, column: 12 }],
    },
    {
      name: 'assertAlmostEqual of two metrics with a tolerance of quality (delta=0.05, places=1), not of rounding',
      fileName: 'tests/test_gap.py',
      code: `
        import unittest

        class TestModel(unittest.TestCase):
            def test_gap(self):
                model = clf.fit(X_train, y_train)
                self.assertAlmostEqual(model.score(X_train, y_train), model.score(X_val, y_val), delta=0.05)
                self.assertAlmostEqual(model.score(X_train, y_train), model.score(X_val, y_val), places=1)
      `,
      findings: [
        { line: 6, column: 9, message: 'unit test asserts on model.score(...)' },
        { line: 7, column: 9, message: 'unit test asserts on model.score(...)' },
      ],
    },
    {
      name: 'claims about how the model generalises: a train/validation gap wider than rounding, a model ordered above its baseline',
      fileName: 'tests/test_generalises.py',
      code: `
        import unittest
        from sklearn.dummy import DummyClassifier
        from sklearn.metrics import f1_score

        def test_not_overfitting():
            model = clf.fit(X_train, y_train)
            train_acc = model.score(X_train, y_train)
            val_acc = model.score(X_val, y_val)
            assert abs(train_acc - val_acc) < 0.05

        class TestModel(unittest.TestCase):
            def test_beats_baseline(self):
                model = clf.fit(X, y)
                baseline = DummyClassifier().fit(X, y)
                self.assertGreater(f1_score(y, model.predict(X)), f1_score(y, baseline.predict(X)))
                self.assertLess(abs(model.score(X_val, y_val) - model.score(X, y)), 0.5)
      `,
      findings: [
        { line: 9, column: 12, message: 'unit test asserts on train_acc' },
        { line: 15, column: 9, message: 'unit test asserts on f1_score(...)' },
        { line: 16, column: 9, message: 'unit test asserts on model.score(...)' },
      ],
    },
    {
      name: 'an error metric under 1 is a quality claim (MASE below the naive forecast), also by its long name or a forecasting library\'s function',
      fileName: 'tests/test_forecaster.py',
      code: `
        import unittest
        import mlflow
        from sktime.performance_metrics.forecasting import mean_absolute_scaled_error

        def smape(actual, forecast):
            return (2 * abs(forecast - actual) / (abs(forecast) + abs(actual))).mean()

        def test_beats_naive():
            model = fit_model(train_df)
            preds = model.predict(X_test)
            assert mean_absolute_scaled_error(y_test, preds, y_train=y_train) < 1.0
            mase = compute_mase(y_test, preds)
            assert 1.0 > mase
            assert smape(y_test, preds) < 0.2
            result = mlflow.evaluate(model_uri, data, targets="y", model_type="regressor")
            assert result.metrics["mean_absolute_percentage_error"] < 0.1

        class TestModel(unittest.TestCase):
            def test_mae(self):
                mae = fit_model(train_df).evaluate(X_test)
                self.assertLess(mae, 1.0)
      `,
      findings: [
        { line: 11, column: 12, message: 'unit test asserts on mean_absolute_scaled_error(...)' },
        { line: 13, column: 12, message: 'unit test asserts on mase' },
        { line: 14, column: 12, message: 'unit test asserts on smape(...)' },
        { line: 16, column: 12, message: 'unit test asserts on result.metrics["mean_absolute_percentage_error"]' },
        { line: 21, column: 9, message: 'unit test asserts on mae' },
      ],
    },
    {
      name: 'a metric within a tolerance of a number the test expects (abs(score - 0.9) < 0.05): a quality claim',
      fileName: 'tests/test_accuracy.py',
      code: `
        from sklearn.linear_model import LogisticRegression

        EXPECTED = 0.9

        def test_accuracy_near_expected():
            model = LogisticRegression().fit(X, y)
            assert abs(model.score(X, y) - 0.9) < 0.05
            assert abs(model.score(X, y) - EXPECTED) < 0.05
      `,
      findings: [
        { line: 7, column: 12, message: 'unit test asserts on model.score(...)' },
        { line: 8, column: 12, message: 'unit test asserts on model.score(...)' },
      ],
    },
    {
      name: "forecast error metrics (sMAPE, MAPE) of a model fitted in the test (databricks/automl's forecast test)",
      fileName: 'tests/test_forecast.py',
      code: `
        from sklearn.linear_model import LinearRegression

        def test_model_error_is_small():
            model = LinearRegression().fit(X_train, y_train)
            preds = model.predict(X_test)
            smape = (2 * abs(preds - y_test) / (abs(preds) + abs(y_test))).mean()
            assert smape < 0.05
            results = model.fit(X_train, y_train).evaluate(X_test)
            assert results["mape"] < 0.1
      `,
      findings: [
        { line: 7, column: 12, message: 'unit test asserts on smape' },
        { line: 9, column: 12, message: 'unit test asserts on results["mape"]' },
      ],
    },
    {
      name: 'a test-named notebook that trains at its top level and asserts the score',
      fileName: 'unittest_model_gate.py',
      code: `
        # Databricks notebook source
        import mlflow
        from sklearn.metrics import roc_auc_score
        baseline = mlflow.sklearn.load_model(model_uri)
        model = clf.fit(X_train, y_train)
        assert roc_auc_score(y_holdout, model.predict(X_holdout)) > 0.8
      `,
      findings: [{ line: 6, column: 8 }],
    },
    {
      name: 'a test function in a notebook no path marks as tests, its metric named in camel case with a trailing underscore',
      fileName: 'notebooks/train_churn.py',
      code: `
        # Databricks notebook source
        from sklearn.linear_model import LogisticRegression

        # COMMAND ----------

        def testChurnModel():
            valAUC_ = LogisticRegression().fit(X, y).score(X_val, y_val)
            assert valAUC_ > 0.8
      `,
      findings: [{ line: 8, column: 12, message: 'unit test asserts on valAUC_' }],
    },
    {
      name: 'a test function whose name follows a line continuation after def',
      fileName: 'notebooks/checks.py',
      code: `
        from sklearn.linear_model import LogisticRegression

        def \\
            test_quality():
            acc = LogisticRegression().fit(X, y).score(X_val, y_val)
            assert acc > 0.8
      `,
      findings: [{ line: 6, column: 12, message: 'unit test asserts on acc' }],
    },
    {
      name: 'a saved model loaded, then trained again in the test: a unit test of training',
      fileName: 'test_model_quality.py',
      code: `
        import joblib
        from sklearn.metrics import r2_score

        def test_retrained_model():
            model = joblib.load("assets/model.joblib")
            model.fit(X_train, y_train)
            assert r2_score(y_holdout, model.predict(X_holdout)) > 0.5
      `,
      findings: [{ line: 7, column: 12, message: 'unit test asserts on' }],
    },
    {
      name: 'the difference of two accuracies, kept in a name that does not say metric',
      fileName: 'tests/test_scaling.py',
      code: `
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import accuracy_score

        def test_more_data_keeps_accuracy():
            small = RandomForestClassifier().fit(X_small, y_small)
            large = RandomForestClassifier().fit(X_large, y_large)
            acc_small = accuracy_score(y_test, small.predict(X_test))
            acc_large = accuracy_score(y_test, large.predict(X_test))
            performance_drop = acc_small - acc_large
            assert performance_drop < 0.2
      `,
      findings: [{ line: 10, column: 12, message: 'unit test asserts on accuracy_score(...)' }],
    },
    {
      name: 'a test that trains, logs and loads the model back before asserting its accuracy',
      fileName: 'tests/test_roundtrip.py',
      code: `
        import mlflow
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import accuracy_score

        def test_roundtrip():
            model = RandomForestClassifier().fit(X, y)
            info = mlflow.sklearn.log_model(model, name="m")
            loaded = mlflow.sklearn.load_model(info.model_uri)
            assert accuracy_score(y, loaded.predict(X)) > 0.9
      `,
      findings: [{ line: 9, column: 12, message: 'unit test asserts on accuracy_score(...)' }],
    },
    {
      name: 'a unit test in a repository checked out under a folder named e2e: only the folders near the file count',
      fileName: 'srv/e2e/checkouts/project/src/models/test_train.py',
      code: `
        from sklearn.metrics import accuracy_score
        def test_model_is_good_enough():
            assert accuracy_score(y_test, model.predict(X_test)) > 0.8
      `,
      findings: [{ line: 3, column: 12 }],
    },
    {
      name: 'assert on an accuracy variable fed by a sklearn metric of predictions, in test_*.py',
      fileName: 'test_train.py',
      code: `
        from sklearn.metrics import accuracy_score
        def test_model_is_good_enough():
            accuracy = accuracy_score(y_test, model.predict(X_test))
            assert accuracy > 0.8
      `,
      findings: [
        {
          line: 4,
          column: 12,
          message: 'unit test asserts on accuracy, a metric computed from a model: model quality depends on the data, the seeds and the library versions, not only on the code under test; check it in an integration or end-to-end test',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a sklearn.metrics call in the assert, *_test.py file, helper function',
      fileName: 'model_test.py',
      code: `
        from sklearn import metrics
        def check(model):
            assert metrics.roc_auc_score(y_test, model.predict_proba(X_test)[:, 1]) >= 0.75
      `,
      findings: [{ line: 3, column: 12, message: 'roc_auc_score(...)' }],
    },
    {
      name: 'an evaluator fixture applied to the predictions of a model the test trains',
      fileName: 'tests/test_auc.py',
      code: `
        from pyspark.ml.classification import LogisticRegression

        def test_auc(evaluator, train_df, test_df):
            predictions = LogisticRegression().fit(train_df).transform(test_df)
            assert evaluator.evaluate(predictions) > 0.8
      `,
      findings: [{ line: 5, column: 12, message: 'evaluator.evaluate(...)' }],
    },
    {
      name: 'a def test_* in a notebook that imports pytest: evaluator.evaluate(...) with pytest.approx',
      code: `
        import pytest
        from pyspark.ml.evaluation import BinaryClassificationEvaluator
        evaluator = BinaryClassificationEvaluator(labelCol="label")
        def test_auc():
            predictions = pipeline_model.transform(test_df)
            assert evaluator.evaluate(predictions) == pytest.approx(0.91, abs=0.01)
      `,
      findings: [{ line: 6, column: 12, message: 'evaluator.evaluate(...)' }],
    },
    {
      name: 'unittest self.assertGreater and assertAlmostEqual on metrics of a model trained in the test',
      fileName: 'test_model.py',
      code: `
        import unittest
        from sklearn.metrics import f1_score, mean_squared_error
        class TestModel(unittest.TestCase):
            def test_quality(self):
                model = RandomForestClassifier().fit(X_train, y_train)
                f1 = f1_score(y_test, model.predict(X_test))
                self.assertGreater(f1, 0.7)
                rmse = mean_squared_error(y_test, model.predict(X_test)) ** 0.5
                self.assertAlmostEqual(rmse, 0.42, places=2)
      `,
      findings: [
        { line: 7, column: 9, message: 'asserts on f1,' },
        { line: 9, column: 9, message: 'asserts on rmse,' },
      ],
    },
    {
      name: 'a metric from mlflow.evaluate results, in a boolean combination',
      fileName: 'test_eval.py',
      code: `
        import mlflow
        def test_evaluate():
            result = mlflow.evaluate(model_uri, data, targets="label", model_type="classifier")
            assert result.metrics["accuracy_score"] > 0.8 and result.metrics["f1_score"] > 0.7
      `,
      findings: [{ line: 4, column: 12, message: 'result.metrics["accuracy_score"]' }],
    },
    {
      name: 'model.score(X, y), and abs() around the difference of a metric from fit/predict',
      fileName: 'test_regression.py',
      code: `
        from sklearn.metrics import r2_score
        def test_r2():
            model = LinearRegression().fit(X_train, y_train)
            assert model.score(X_test, y_test) > 0.6
            r2 = r2_score(y_test, model.predict(X_test))
            assert abs(r2 - 0.8) < 0.05
      `,
      findings: [
        { line: 4, column: 12, message: 'model.score(...)' },
        { line: 6, column: 12, message: 'asserts on r2,' },
      ],
    },
    {
      name: 'assertTrue with a comparison, and math.isclose, in a TestCase of a notebook',
      code: `
        import math
        import unittest
        class T(unittest.TestCase):
            def test_metrics(self):
                history = model.fit(x_train, y_train, validation_split=0.2)
                val_accuracy = history.history["val_accuracy"][-1]
                self.assertTrue(val_accuracy >= 0.9)
                mae = mean_absolute_error(y_test, model.predict(x_test))
                assert math.isclose(mae, 1.5, abs_tol=0.1)
      `,
      findings: [
        { line: 7, column: 9, message: 'val_accuracy' },
        { line: 9, column: 16, message: 'mae' },
      ],
    },
    {
      name: 'metrics unpacked from a helper fed by predictions',
      fileName: 'test_pipeline.py',
      code: `
        def test_pipeline_quality():
            predictions = trained.predict(X_test)
            precision, recall = precision_and_recall(y_test, predictions)
            assert precision > 0.7
      `,
      findings: [{ line: 4, column: 12, message: 'asserts on precision,' }],
    },
    {
      name: 'a def test_* in a notebook that the notebook calls without arguments',
      code: `
        # Databricks notebook source
        from sklearn.metrics import roc_auc_score
        def test_churn_model_auc():
            model = train_churn_model(training_pdf)
            auc = roc_auc_score(holdout["churned"], model.predict_proba(holdout_features)[:, 1])
            assert auc > 0.85
        test_churn_model_auc()
      `,
      findings: [{ line: 6, column: 12, message: 'asserts on auc,' }],
    },
    {
      name: 'a notebook named as a unit test (unittest_*.py) trains and asserts a module-level metric',
      fileName: 'jobs/unittest_candidate.py',
      code: `
        # Databricks notebook source
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import f1_score
        candidate = RandomForestClassifier(random_state=0).fit(train_features, train_labels)
        f1 = f1_score(labels, candidate.predict(features))
        assert f1 >= 0.7
      `,
      findings: [{ line: 6, column: 8, message: 'unit test asserts on f1' }],
    },
    {
      name: 'classification_report\'s "f1-score" key, as scikit-learn spells it (a hyphen), directly and through a name',
      fileName: 'tests/test_model_performance.py',
      code: `
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import classification_report

        def test_report():
            model = RandomForestClassifier().fit(X_train, y_train)
            report = classification_report(y_test, model.predict(X_test), output_dict=True)
            assert report["1"]["f1-score"] > 0.9
            f1 = report["macro avg"]["f1-score"]
            assert f1 > 0.8
      `,
      findings: [
        { line: 7, column: 12, message: 'report["1"]["f1-score"]' },
        { line: 9, column: 12 },
      ],
    },
    {
      name: 'cross-validation scores: cross_val_score(...).mean() and cross_validate(...)["test_score"] fit the estimator in the test',
      fileName: 'tests/test_nb.py',
      code: `
        from sklearn.model_selection import cross_val_score, cross_validate
        from sklearn.naive_bayes import GaussianNB

        def test_cv_score():
            scores = cross_val_score(GaussianNB(), X, y, cv=5)
            assert scores.mean() > 0.8

        def test_cv_validate():
            result = cross_validate(GaussianNB(), X, y, cv=5)
            assert result["test_score"].mean() > 0.8
      `,
      findings: [{ line: 6, column: 12, message: 'cross_val_score(...)' }, { line: 10, column: 12, message: 'result["test_score"]' }],
    },
    {
      name: 'a pytest fixture that trains the model: the test takes a trained model, not a released one',
      fileName: 'tests/test_quality.py',
      code: `
        import pytest
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import accuracy_score

        @pytest.fixture
        def model():
            return RandomForestClassifier().fit(X_train, y_train)

        def test_accuracy(model):
            assert accuracy_score(y_test, model.predict(X_test)) > 0.8
      `,
      findings: [{ line: 10, column: 12 }],
    },
    {
      name: 'a fixture registered under another name (name="model") that trains: the test takes a trained model',
      fileName: 'tests/test_quality.py',
      code: `
        import pytest
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import accuracy_score

        @pytest.fixture(name="model")
        def trained_model():
            return RandomForestClassifier().fit(X_train, y_train)

        def test_accuracy(model):
            assert accuracy_score(y_test, model.predict(X_test)) > 0.8
      `,
      findings: [{ line: 10, column: 12 }],
    },
    {
      name: 'a parameter named like a function of the file that is no fixture (no decorator): not followed, the test trains',
      fileName: 'tests/test_quality.py',
      code: `
        import joblib
        from sklearn.ensemble import RandomForestClassifier
        from sklearn.metrics import accuracy_score

        def model():
            return joblib.load("assets/model.joblib")

        def test_accuracy(model):
            fitted = RandomForestClassifier().fit(X_train, y_train)
            assert accuracy_score(y_test, fitted.predict(X_test)) > 0.8
      `,
      findings: [{ line: 10, column: 12 }],
    },
    {
      name: 'equal to a number the test expects (a constant, approx of one), or to a threshold attribute; a patch of another object\'s predict',
      fileName: 'tests/test_quality.py',
      code: `
        import pytest
        from unittest.mock import patch
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score

        EXPECTED_ACCURACY = 0.93

        def test_accuracy_pinned():
            clf = LogisticRegression().fit(X, y)
            acc = accuracy_score(y, clf.predict(X))
            assert acc == pytest.approx(EXPECTED_ACCURACY)
            assert acc == cfg.min_accuracy

        def test_other_patched():
            clf = LogisticRegression().fit(X, y)
            with patch.object(baseline, "predict", return_value=[0, 1]):
                assert clf.score(X, y) == pytest.approx(1.0)

        def test_patch_ended():
            clf = LogisticRegression().fit(X, y)
            with open("rows.csv") as rows:
                with patch.object(clf, "predict", return_value=[0, 1]):
                    pass
                assert clf.score(X, y) == pytest.approx(0.97)
      `,
      findings: [
        { line: 11, column: 12, message: 'unit test asserts on acc' },
        { line: 12, column: 12, message: 'unit test asserts on acc' },
        { line: 17, column: 16, message: 'unit test asserts on clf.score(...)' },
        { line: 24, column: 16, message: 'unit test asserts on clf.score(...)' },
      ],
    },
  ],
  silent: [
    {
      name: 'no model measured: a scaler fitted in place and round-tripped, a latency called performance, a trainer patched by assignment, by patch.multiple or through a target constant, one handed a stub class or a fixture that gives a mock, a config getter, and literal Spark rows',
      fileName: 'tests/test_pipeline.py',
      code: `
        from unittest.mock import DEFAULT, MagicMock, patch
        import numpy as np
        import pytest
        from sklearn.metrics import mean_squared_error
        from sklearn.preprocessing import StandardScaler
        from mypkg import training
        from mypkg.training import train_and_evaluate, train_model_config

        TRAINER = "mypkg.training.fit_classifier"

        class StubEstimator:
            def fit(self, X, y):
                return self

        @pytest.fixture
        def fake_estimator():
            return MagicMock()

        def test_scaler_round_trip():
            X = np.array([[1.0], [2.0], [3.0]])
            scaler = StandardScaler()
            scaler.fit(X)
            mse = mean_squared_error(X, scaler.inverse_transform(scaler.transform(X)))
            assert mse < 1e-12

        def test_latency(model, X):
            performance = measure_latency(model.predict, X)
            assert performance < 0.05

        def test_assigned_fake(spark):
            training.train_model = MagicMock(return_value={"accuracy": 0.9})
            assert training.train_model(spark)["accuracy"] == 0.9

        def test_patch_multiple(spark):
            with patch.multiple(training, fit_and_score=DEFAULT) as fakes:
                fakes["fit_and_score"].return_value = {"f1": 0.8}
                assert training.fit_and_score(spark)["f1"] == 0.8

        @patch(TRAINER)
        def test_constant_target(fit_classifier, spark):
            fit_classifier.return_value = {"auc": 0.7}
            assert training.fit_classifier(spark)["auc"] == 0.7

        def test_stub_and_fixture(fake_estimator, df):
            _, accuracy = train_and_evaluate(StubEstimator(), df)
            assert accuracy > 0.5
            _, f1 = train_and_evaluate(fake_estimator, df)
            assert f1 > 0.5

        def test_config(tmp_path):
            cfg = train_model_config(tmp_path / "conf.yaml")
            assert cfg["min_accuracy"] >= 0.8

        def test_literal_rows(spark):
            df = spark.createDataFrame([(1.0, 0), (2.0, 1)], ["x", "label"])
            _, accuracy = train_and_evaluate(df)
            assert accuracy == 1.0
      `,
    },
    {
      name: 'trainers the test patches (patch.object, monkeypatch.setattr, a patch decorator of the module, a parenthesized with), one of the file, one handed a mock model, and getters named train_*',
      fileName: 'tests/test_training.py',
      code: `
        from unittest import mock
        from unittest.mock import MagicMock, patch
        from mypkg import training
        from mypkg.training import fit_model, train_and_log, train_data, train_config

        def fit_dummy():
            return {"accuracy": 1.0}

        def test_patched_object():
            with patch.object(training, "train_and_evaluate", return_value=(None, 0.95)):
                _, accuracy = training.train_and_evaluate(spark)
                assert accuracy == 0.95

        def test_monkeypatched(monkeypatch):
            monkeypatch.setattr(training, "fit_model", lambda df: {"f1": 0.9})
            assert fit_model(df)["f1"] == 0.9

        @patch("mypkg.training.train_model")
        def test_decorated(train_model_mock, spark):
            scores = training.train_model(spark)
            assert scores["auc"] > 0.5

        def test_parenthesized_with(spark):
            with (
                patch("mypkg.train.train_model") as train_model,
            ):
                train_model.return_value = {"accuracy": 0.95}
                assert train_model(spark)["accuracy"] == 0.95

        def test_local_fake():
            assert fit_dummy()["accuracy"] == 1.0

        def test_trainer_given_a_mock(tmp_path):
            model = MagicMock()
            metrics = train_and_log(model, X=X, y=y, out=tmp_path)
            assert metrics["accuracy"] == 1.0

        def test_getters():
            df = train_data()
            assert df["score"].mean() > 0.3
            assert train_config()["min_accuracy"] >= 0.8
      `,
    },
    {
      name: 'a fixture with name=None: pytest registers it under its def name, and it loads a released model',
      fileName: 'tests/test_quality.py',
      code: `
        import joblib
        import pytest
        from sklearn.metrics import accuracy_score

        @pytest.fixture(name=None)
        def model():
            return joblib.load("models/model.joblib")

        def test_accuracy(model):
            assert accuracy_score(y_val, model.predict(X_val)) > 0.8
      `,
    },
    {
      name: 'a transform of an object rebound after the fit (a fresh, unfitted one), and a performance computed on literal values',
      fileName: 'tests/test_wrapper.py',
      code: `
        import numpy as np
        from mypkg.models import WrappedClassifier
        from mypkg.metrics import abs_error

        def test_transform_of_unfitted_wrapper_is_identity(toy_dataset):
            model = WrappedClassifier(n_estimators=10)
            model.fit(toy_dataset)
            model = WrappedClassifier(n_estimators=10)
            predictions = model.transform(toy_dataset)
            accuracy = float((toy_dataset["label"] == predictions).mean())
            assert accuracy > 0.9

        def test_abs_error():
            performance = abs_error(np.array([1.0, 2.0]), np.array([1.0, 3.0]))
            assert performance == 1.0
      `,
    },
    {
      name: 'a training function the test patched in (with patch(...) as name), and a split helper named train_*_split: no model is trained',
      fileName: 'tests/test_training.py',
      code: `
        from unittest.mock import patch
        from mypkg.data import train_val_split

        def test_reports_accuracy(spark):
            with patch("mypkg.train.train_and_evaluate") as train_and_evaluate:
                train_and_evaluate.return_value = (None, 0.95)
                _, accuracy = train_and_evaluate(spark, "data/iris.csv")
                assert accuracy == 0.95

        def test_split_sizes(df):
            train_score, val_score = train_val_split(df, 0.8)
            assert train_score.count() > val_score.count()
      `,
    },
    {
      name: 'released models that fixtures registered under another name load (name="model", and with a scope, name="clf"): pytest knows them only by that name',
      fileName: 'tests/test_quality.py',
      code: `
        import joblib
        import pytest
        from sklearn.metrics import accuracy_score, f1_score

        @pytest.fixture(name="model")
        def released_model():
            return joblib.load("models/model.joblib")

        @pytest.fixture(scope="module", name="clf")
        def released_classifier():
            return joblib.load("models/classifier.joblib")

        def test_accuracy(model):
            assert accuracy_score(y_val, model.predict(X_val)) > 0.8

        def test_f1(clf):
            assert f1_score(y_val, clf.predict(X_val)) > 0.7
      `,
    },
    {
      name: 'a released model a fixture gives, with features transformed around it by a module, pandas, a loaded scaler, or a Spark DataFrame the test reads; and a fixture it takes that fits a scaler for a warm-up batch',
      fileName: 'tests/test_release_features.py',
      code: `
        import joblib
        import mlflow
        import pandas as pd
        import pytest
        from pyspark.ml.evaluation import BinaryClassificationEvaluator
        from sklearn.metrics import accuracy_score
        from sklearn.preprocessing import StandardScaler
        import features

        SCALER = joblib.load("artifacts/scaler.joblib")

        @pytest.fixture
        def warmup_batch():
            return StandardScaler().fit_transform(raw_sample)

        @pytest.fixture
        def model(warmup_batch):
            loaded = joblib.load("artifacts/model.joblib")
            loaded.predict(warmup_batch)
            return loaded

        @pytest.fixture
        def spark_model():
            return mlflow.spark.load_model("models:/churn/3")

        def test_accuracy(model, holdout):
            X, y = holdout
            X = SCALER.transform(features.transform(X))
            X["spend_mean"] = X.groupby("customer_id")["spend"].transform("mean")
            assert accuracy_score(y, model.predict(X)) > 0.8

        def test_auc(spark_model, spark):
            frame = spark.read.table("ml.holdout.churn")
            frame = frame.transform(add_features)
            auc = BinaryClassificationEvaluator().evaluate(spark_model.transform(frame))
            assert auc > 0.8
      `,
    },
    {
      name: 'fields of predictions read through columns, rows and attributes: a prediction\'s own scores, not metrics',
      fileName: 'tests/test_scores.py',
      code: `
        from sklearn.ensemble import IsolationForest
        from sklearn.linear_model import LogisticRegression

        def test_prediction_fields(train_df, sample_df, client):
            model = IsolationForest(random_state=0).fit(train_df)
            preds = wrap(model).predict(sample_df)
            assert preds["anomaly_score"][0] < 0.1
            assert preds.iloc[0]["anomaly_score"] < 0.1
            response = client.predict(endpoint="churn", inputs=rows)
            assert response["predictions"][0]["score"] > 0.9
            result = detector.predict(image)
            assert result.boxes[0].score > 0.5

        def test_positive_scores_high():
            model = LogisticRegression().fit([[0.0], [1.0], [2.0], [3.0]], [0, 0, 1, 1])
            score = model.predict_proba([[3.0]])[:, 1]
            assert score[0] > 0.5
      `,
    },
    {
      name: 'a released model loaded in the test, with a fixture that fits a scaler for the holdout rows: the fixture trains no model under test',
      fileName: 'tests/test_release.py',
      code: `
        import mlflow
        import pytest
        from sklearn.metrics import roc_auc_score
        from sklearn.preprocessing import StandardScaler

        @pytest.fixture
        def holdout():
            scaler = StandardScaler().fit(frame[FEATURES])
            return scaler.transform(frame[FEATURES]), frame["label"]

        def test_released_model_auc(holdout):
            X, y = holdout
            model = mlflow.pyfunc.load_model("models:/churn/3")
            assert roc_auc_score(y, model.predict(X)) > 0.8
      `,
    },
    {
      name: 'hyphenated keys that are features or fields of a prediction, not classification_report\'s metrics ("user-score", "checking-acc"); a field of a row of predictions',
      fileName: 'tests/test_features.py',
      code: `
        from sklearn.preprocessing import OneHotEncoder
        from myproj.features import build_features, encode

        def test_feature_keys():
            encoder = OneHotEncoder().fit(frame[["plan"]])
            feats = build_features({"user-score": 3, "age": 40}, encoder=encoder)
            assert feats["user-score"] == 3
            row = encode({"checking-acc": 2}, encoder)
            assert row["checking-acc"] == 2

        def test_prediction_rows(model):
            rows = model.predict(make_input())
            assert rows[0]["user-score"] > 0.5
            assert rows[0]["user_score"] > 0.5
      `,
    },
    {
      name: 'cross_val_score of a dummy estimator on literal arrays: a custom scorer checked, not a model',
      fileName: 'tests/test_scorer.py',
      code: `
        import numpy as np
        import pytest
        from sklearn.dummy import DummyClassifier
        from sklearn.model_selection import cross_val_score
        from myproj.scoring import business_cost_scorer

        def test_scorer():
            X = np.array([[0], [1], [2], [3]])
            y = np.array([0, 1, 0, 1])
            scores = cross_val_score(DummyClassifier(strategy="constant", constant=1), X, y, cv=2, scoring=business_cost_scorer)
            assert scores.mean() == pytest.approx(-2.0)
      `,
    },
    {
      name: 'a released model that a pytest fixture of the file loads (joblib.load, also with a scope, and through another fixture), in a file whose other test trains',
      fileName: 'tests/test_model_performance.py',
      code: `
        import joblib
        import pytest
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, classification_report

        def test_training_runs():
            assert LogisticRegression().fit(X_small, y_small).coef_.shape == (1, 3)

        @pytest.fixture(scope="module")
        def model_path():
            return "assets/model.joblib"

        @pytest.fixture
        def model(model_path):
            return joblib.load(model_path)

        def test_report(model):
            report = classification_report(y_test, model.predict(X_test), output_dict=True)
            assert report["1"]["f1-score"] > 0.9
            assert accuracy_score(y_test, model.predict(X_test)) > 0.9
      `,
    },
    {
      name: 'a report computed from literals: checks the metric code, not a model',
      fileName: 'tests/test_metrics.py',
      code: `
        from sklearn.metrics import classification_report

        def test_report_keys():
            report = classification_report([0, 1, 1], [0, 1, 0], output_dict=True)
            assert report["1"]["f1-score"] == 2 / 3
      `,
    },
    {
      name: 'a metric checked on predictions that pytest.mark.parametrize writes out (no model involved)',
      fileName: 'tests/test_metric_contract.py',
      code: `
        import pytest
        from sklearn.metrics import f1_score, roc_auc_score

        @pytest.mark.parametrize("scores", [[0.1, 0.2, 0.8, 0.9], [0.0, 0.3, 0.6, 1.0]])
        def test_perfect_ranking(scores):
            assert roc_auc_score([0, 0, 1, 1], scores) == 1.0

        @pytest.mark.parametrize("y_pred, expected", [([1, 1, 0], 0.8), ([0, 0, 0], 0.0)])
        def test_f1_table(y_pred, expected):
            assert f1_score([1, 1, 0], y_pred) == pytest.approx(expected, abs=0.01)
      `,
    },
    {
      name: 'two metrics compared: a metric function against sklearn\'s, a reproducibility check, a save/load round trip',
      fileName: 'tests/test_metrics.py',
      code: `
        import math
        import pytest
        from sklearn.metrics import f1_score

        def fast_f1(y, p):
            return f1_score(y, p)

        def test_matches_sklearn():
            pred = clf.fit(X, y).predict(X)
            assert fast_f1(y, pred) == pytest.approx(f1_score(y, pred))

        def test_same_seed():
            a_score = train(seed=1).score(X, y)
            b_score = train(seed=1).score(X, y)
            assert a_score == b_score

        def test_roundtrip():
            model = clf.fit(X, y)
            score = model.score(X, y)
            reloaded_score = load(save(model)).score(X, y)
            assert math.isclose(reloaded_score, score)
      `,
    },
    {
      name: 'the gap between two metrics bounded by a tolerance (abs, np.abs), and two metrics in one unittest assert: code checked against code',
      fileName: 'tests/test_reproducible.py',
      code: `
        import unittest
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import roc_auc_score

        def test_seeded_fits_agree():
            a = LogisticRegression(random_state=0).fit(X, y)
            b = LogisticRegression(random_state=0).fit(X, y)
            assert abs(a.score(X, y) - b.score(X, y)) < 1e-9

        def test_spark_and_pandas_agree():
            auc_pandas = roc_auc_score(y, clf.fit(X, y).predict_proba(X)[:, 1])
            auc_spark = evaluator.evaluate(spark_model.transform(df))
            assert np.abs(auc_spark - auc_pandas) <= 1e-6

        class TestRoundTrip(unittest.TestCase):
            def test_reloaded(self):
                model = clf.fit(X, y)
                self.assertAlmostEqual(load(save(model)).score(X, y), model.score(X, y))
                self.assertLess(abs(load(save(model)).score(X, y) - model.score(X, y)), 1e-6)
      `,
    },
    {
      name: 'the full range of a correlation-like metric (-1 to 1), chained and in two asserts',
      fileName: 'tests/test_classifier.py',
      code: `
        from sklearn.metrics import cohen_kappa_score, matthews_corrcoef

        def test_ranges():
            model = clf.fit(X_train, y_train)
            preds = model.predict(X_test)
            mcc = matthews_corrcoef(y_test, preds)
            assert -1.0 <= mcc <= 1.0
            kappa = cohen_kappa_score(y_test, preds)
            assert kappa >= -1
            assert kappa <= 1
      `,
    },
    {
      name: 'a range check in two unittest asserts with the lower bound written first (assertLessEqual(0, mape)), up to 2',
      fileName: 'tests/test_model.py',
      code: `
        import unittest
        from sklearn.linear_model import LinearRegression
        from sklearn.metrics import mean_absolute_percentage_error

        class TestModel(unittest.TestCase):
            def test_mape(self):
                model = LinearRegression().fit(X_train, y_train)
                mape = mean_absolute_percentage_error(y_test, model.predict(X_test))
                self.assertLessEqual(0, mape)
                self.assertLessEqual(mape, 2)
      `,
    },
    {
      name: 'range checks of error metrics: two-sided from 0 (sMAPE up to 2, MAPE up to 100, also in two halves: with and, a reversed chain, two asserts, unittest asserts), non-negative; an accuracy up to 1',
      fileName: 'tests/test_forecaster.py',
      code: `
        import unittest

        def test_ranges():
            model = fit_model(train_df)
            preds = model.predict(X_test)
            smape = compute_smape(y_test, preds)
            mape = compute_mape(y_test, preds)
            rmse = compute_rmse(y_test, preds)
            mae = compute_mae(y_test, preds)
            accuracy = model.score(X_test, y_test)
            assert 0 <= smape <= 2
            assert 0.0 <= mape <= 100
            assert rmse >= 0
            assert accuracy <= 1.0
            assert mae >= 0 and mae <= 1
            assert 2 >= smape >= 0
            assert rmse <= 1.0

        class TestRanges(unittest.TestCase):
            def test_mase(self):
                mase = fit_model(train_df).evaluate(X_test)
                self.assertGreaterEqual(mase, 0)
                self.assertLessEqual(mase, 1)
      `,
    },
    {
      name: 'a sMAPE helper checked on literal inputs',
      fileName: 'tests/test_metrics.py',
      code: `
        from forecasting.metrics import smape

        def test_smape_of_perfect_forecast_is_zero():
            error = smape([1.0, 2.0], [1.0, 2.0])
            assert error == 0
      `,
    },
    {
      name: "an evaluator fixture (the test file's own class) scoring a fixture's result",
      fileName: 'tests/test_eval.py',
      code: `
        import pytest

        class ConcreteEval:
            def evaluate(self, agent_result):
                return {"score": 0.0 if agent_result.get("failed") else 1.0}

        @pytest.fixture
        def evaluator():
            return ConcreteEval()

        def test_failure(evaluator, failed_result):
            result = evaluator.evaluate(failed_result)
            assert result["score"] == 0.0
      `,
    },
    {
      name: "a score from the evaluate() of a class the test file defines (a rubric, not a model)",
      fileName: 'tests/test_rubric.py',
      code: `
        class RubricEval:
            def evaluate(self, agent_result):
                return {"score": 0.5 if agent_result.get("ok") else 0.0}

        def test_rubric_scores():
            result = RubricEval().evaluate({"ok": True})
            assert result["score"] == 0.5
            rubric = RubricEval()
            accuracy = rubric.evaluate({"ok": False})["score"]
            assert accuracy == 0.0
      `,
    },
    {
      name: 'a difference of counts kept in a name: not a metric',
      fileName: 'tests/test_dedup.py',
      code: `
        def test_dedup_drops_rows():
            model = Deduplicator().fit(frame)
            dropped = len(frame) - len(model.predict(frame))
            assert dropped < 5
      `,
    },
    {
      name: 'a validation of a registered model: loaded from MLflow (in the test or its class setup), nothing trained',
      fileName: 'tests/test_model.py',
      code: `
        import unittest
        import mlflow
        import pandas as pd
        from sklearn.metrics import accuracy_score

        class TestRegisteredModel(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.model = mlflow.pyfunc.load_model("models:/emotion_detection/3")

            def test_model_performance(self):
                holdout = pd.read_csv("data/holdout.csv")
                accuracy = accuracy_score(holdout["y"], self.model.predict(holdout.drop(columns="y")))
                self.assertGreaterEqual(accuracy, 0.7)

        def test_champion():
            champion = mlflow.sklearn.load_model("models:/churn@champion")
            assert accuracy_score(y_holdout, champion.predict(X_holdout)) > 0.8
      `,
    },
    {
      name: 'a CI gate over a released model saved to a file (pickle through a helper, joblib in the test)',
      fileName: 'test_model_quality.py',
      code: `
        import pickle
        import joblib
        from sklearn.metrics import r2_score

        def load_released_model(path="assets/model.pkl"):
            with open(path, "rb") as handle:
                return pickle.load(handle)

        def test_released_model_quality():
            model = load_released_model()
            assert r2_score(y_holdout, model.predict(X_holdout)) > 0.5

        def test_joblib_model():
            model = joblib.load("assets/model.joblib")
            assert r2_score(y_holdout, model.predict(X_holdout)) > 0.5
      `,
    },
    {
      name: 'a field of what predict returned (an anomaly score, a confidence): a prediction, not a measure of the model',
      fileName: 'test_detector.py',
      code: `
        import pytest
        from sensors.detector import AnomalyDetector

        def test_fallback_when_no_model():
            detector = AnomalyDetector(model=None)
            result = detector.predict({"temp": 21.5})
            assert result["score"] == pytest.approx(0.0)
            assert detector.predict({"temp": 99.0}).score >= 0
      `,
    },
    {
      name: 'a test-named gate notebook that loads the logged model at its top level and trains nothing',
      fileName: 'unittest_model_gate.py',
      code: `
        # Databricks notebook source
        import mlflow
        from sklearn.metrics import roc_auc_score
        model = mlflow.sklearn.load_model(model_uri)
        assert roc_auc_score(y_holdout, model.predict(X_holdout)) > 0.8
      `,
    },
    {
      name: 'an assert on a metric outside any test (a notebook validation step)',
      code: `
        from sklearn.metrics import accuracy_score
        accuracy = accuracy_score(y_test, model.predict(X_test))
        assert accuracy > 0.8, "model below the bar"
      `,
    },
    {
      name: 'a notebook helper named test_* that the pipeline calls with arguments (promotion check)',
      code: `
        # Databricks notebook source
        from sklearn.metrics import accuracy_score
        def test_prediction(run_id):
            model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
            accuracy = accuracy_score(y_holdout, model.predict(X_holdout))
            assert accuracy > 0.8
        test_prediction(run_id=latest_version.run_id)
      `,
    },
    {
      name: 'a Lightning module test_step and a PyTorch test(model, ...) loop in a training script',
      fileName: 'train.py',
      code: `
        from sklearn.metrics import accuracy_score
        class Classifier(pl.LightningModule):
            def test_step(self, batch, batch_idx):
                acc = accuracy_score(batch["y"], self.predict(batch["x"]))
                assert acc >= 0.5
        def test(model, loader):
            acc = accuracy_score(labels, model.predict(loader))
            assert acc > 0.5
        test(model, test_loader)
      `,
    },
    {
      name: 'a metric-named value the test did not compute from a model (hyperopt rec_eval result)',
      fileName: 'tests/unit/test_vectorize.py',
      code: `
        def test_clone():
            r = rec_eval(config)
            r2 = rec_eval(recursive_set_rng_kwarg(config2, scope.rng_from_seed(5)))
            assert r == r2
      `,
    },
    {
      name: 'values planted by the test: a mock return_value and a dict literal read back',
      fileName: 'test_reporting.py',
      code: `
        from unittest.mock import MagicMock
        def test_report_reads_metrics():
            evaluator = MagicMock()
            evaluator.evaluate.return_value = {"accuracy": 0.93}
            metrics = evaluator.evaluate(model)
            assert metrics["accuracy"] == 0.93
            expected = {"f1": 0.5}
            assert format_metrics(expected)["f1"] == 0.5
      `,
    },
    {
      name: 'a patched trainer: the metrics come from the mock',
      fileName: 'test_train_job.py',
      code: `
        from unittest.mock import patch
        def test_job_logs_metrics():
            with patch("jobs.train.fit_and_score") as fit_and_score:
                fit_and_score.return_value = {"rmse": 1.0}
                result = fit_and_score(df)
                assert result["rmse"] == 1.0
      `,
    },
    {
      name: 'free names: a metric variable of unknown origin (fixture, parameter)',
      fileName: 'test_quality.py',
      code: `
        def test_threshold(accuracy):
            assert accuracy > 0.8
        def test_global():
            assert f1 > 0.7
      `,
    },
    {
      name: 'deterministic asserts in a unit test, predictions shape included',
      fileName: 'test_features.py',
      code: `
        def test_add_tenure_bucket():
            pdf = add_tenure_bucket(pd.DataFrame({"tenure_months": [1, 13, 40]}))
            assert pdf["tenure_bucket"].tolist() == ["new", "regular", "loyal"]
            assert len(pdf) == 3
        def test_predict_shape():
            predictions = model.predict(X_sample)
            assert predictions.shape == (3,)
            assert len(model.predict(X_sample)) == 3
      `,
    },
    {
      name: 'integration tests folder',
      fileName: 'tests/integration/test_model_quality.py',
      code: `
        from sklearn.metrics import accuracy_score
        def test_accuracy():
            assert accuracy_score(y, model.predict(X)) > 0.8
      `,
    },
    {
      name: 'a test marked as integration',
      fileName: 'test_model.py',
      code: `
        import pytest
        from sklearn.metrics import accuracy_score
        @pytest.mark.integration
        def test_accuracy():
            assert accuracy_score(y, model.predict(X)) > 0.8
      `,
    },
    {
      name: 'range checks and key checks on metrics',
      fileName: 'test_eval.py',
      code: `
        from sklearn.metrics import accuracy_score
        def test_metrics_shape():
            accuracy = accuracy_score(y, model.predict(X))
            assert 0.0 <= accuracy <= 1.0
            assert "f1_score" in result.metrics
            assert accuracy is not None
            assert isinstance(accuracy, float)
            self.assertGreaterEqual(accuracy, 0)
      `,
    },
    {
      name: 'testing a metric function on literal inputs (deterministic)',
      fileName: 'test_metrics.py',
      code: `
        from sklearn.metrics import mean_squared_error
        def test_rmse_helper():
            assert mean_squared_error([1, 2], [1, 2]) == 0.0
            rmse = compute_rmse([1, 2], [1, 4])
            assert rmse == 1.4142
      `,
    },
    {
      name: 'a Spark evaluator checked on a DataFrame of literal predictions',
      fileName: 'test_evaluator.py',
      code: `
        from pyspark.ml.evaluation import RegressionEvaluator
        def test_evaluator_config():
            predictions = spark.createDataFrame([(1.0, 1.0), (2.0, 2.0)], ["prediction", "label"])
            rmse = RegressionEvaluator(metricName="rmse").evaluate(predictions)
            assert rmse == 0.0
      `,
    },
    {
      name: 'an evaluator whose class is imported from another library (an Optuna terminator scores trials, not a model)',
      fileName: 'tests/test_terminator.py',
      code: `
        from optuna.terminator import BestValueStagnationEvaluator
        from optuna.study import StudyDirection
        def test_stagnation():
            evaluator = BestValueStagnationEvaluator(max_stagnation_trials=1)
            assert evaluator.evaluate(trials=trials, study_direction=StudyDirection.MAXIMIZE) == 1
            self.assertEqual(evaluator.evaluate(trials, StudyDirection.MINIMIZE), -1)
      `,
    },
    {
      name: 'not a test file, not a test function',
      fileName: 'train.py',
      code: `
        def validate(model):
            assert model.score(X_test, y_test) > 0.5
      `,
    },
    {
      name: 'names that only look like metrics: counts and sizes',
      fileName: 'test_data.py',
      code: `
        def test_rows():
            assert row_count == 100
            assert scored_df.count() == 100
            assert len(scores) == 5
      `,
    },
    {
      name: 'a feature column that ends in a metric word, read from a DataFrame',
      fileName: 'test_features.py',
      code: `
        def test_credit_score_column():
            assert pdf["credit_score"].min() >= 300
      `,
    },
    {
      name: 'assert text in a string or comment',
      fileName: 'test_doc.py',
      code: `
        # assert accuracy > 0.8
        doc = "assert accuracy > 0.8"
      `,
    },
    {
      name: 'end-to-end test by function name',
      code: `
        import pytest
        from sklearn.metrics import accuracy_score
        def test_e2e_training():
            assert accuracy_score(y, model.predict(X)) > 0.8
      `,
    },
    {
      name: 'a notebook whose name only mentions unit tests is no test file',
      fileName: 'notebooks/unittests_overview.py',
      code: `
        import mlflow
        from sklearn.metrics import f1_score
        candidate = mlflow.sklearn.load_model(candidate_uri)
        f1 = f1_score(labels, candidate.predict(features))
        assert f1 >= 0.7
      `,
    },
    {
      name: 'an integration test named as a unit test file under integration/',
      fileName: 'integration/unittest_model_quality.py',
      code: `
        import mlflow
        from sklearn.metrics import f1_score
        f1 = f1_score(labels, mlflow.sklearn.load_model(candidate_uri).predict(features))
        assert f1 >= 0.7
      `,
    },
    {
      name: 'a metric equal to the value the code logged or returned (a consistency check), as an assert and with assertEqual',
      fileName: 'tests/test_autolog.py',
      code: `
        import unittest
        import mlflow
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score

        def test_autolog_records_accuracy():
            mlflow.sklearn.autolog()
            with mlflow.start_run() as run:
                model = LogisticRegression(max_iter=200).fit(X, y)
            expected = accuracy_score(y, model.predict(X))
            logged = mlflow.get_run(run.info.run_id).data.metrics["training_accuracy_score"]
            assert logged == expected
            assert expected == pytest.approx(summary(run)["accuracy"])

        class TestEvaluate(unittest.TestCase):
            def test_logged(self):
                model = LogisticRegression().fit(X, y)
                self.assertEqual(accuracy_score(y, model.predict(X)), read_metrics(run_id)["accuracy"])
      `,
    },
    {
      name: "the score of predictions the test planted: predict patched around the call, or replaced before it",
      fileName: 'tests/test_scoring.py',
      code: `
        import numpy as np
        import pytest
        from unittest.mock import patch
        from sklearn.dummy import DummyClassifier
        from sklearn.metrics import accuracy_score

        def test_score_uses_predict():
            clf = DummyClassifier().fit(X, y)
            with patch.object(clf, "predict", return_value=np.array([0, 1, 0])):
                score = clf.score(X, y)
            assert score == pytest.approx(1.0)

        def test_replaced(mocker):
            clf = DummyClassifier().fit(X, y)
            clf.predict = lambda rows: np.array([0, 1, 0])
            assert clf.score(X, y) == pytest.approx(1.0)
            with mocker.patch.object(clf, "predict_proba", return_value=np.array([[0.2, 0.8]])):
                assert clf.score(X, y) > 0.5
      `,
    },
  ],
  fixes: [],
});
