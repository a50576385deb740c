// MLT701 metric-assert-in-unit-test: flagged cases and silent look-alikes (the rule has no fix).
import { mlt701MetricAssertInUnitTest } from '../../rules/mlt701-metric-assert-in-unit-test';
import { describeRule } from '../support/ruleTester';

describeRule(mlt701MetricAssertInUnitTest, {
  flagged: [
    {
      name: 'assert on an accuracy variable in test_*.py',
      fileName: 'test_train.py',
      code: `
        from sklearn.metrics import accuracy_score
        def test_model_is_good_enough():
            accuracy = accuracy_score(y_test, model.predict(X_test))
            assert accuracy > 0.8
      `,
      findings: [{ line: 4, column: 12, message: 'unit test asserts on the model metric accuracy' }],
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
      name: 'a def test_* in a notebook: evaluator.evaluate(...) with pytest.approx',
      code: `
        import pytest
        from pyspark.ml.evaluation import BinaryClassificationEvaluator
        evaluator = BinaryClassificationEvaluator(labelCol="label")
        def test_auc():
            assert evaluator.evaluate(predictions) == pytest.approx(0.91, abs=0.01)
      `,
      findings: [{ line: 5, column: 12, message: 'evaluator.evaluate(...)' }],
    },
    {
      name: 'unittest self.assertGreater and assertAlmostEqual on metrics',
      fileName: 'test_model.py',
      code: `
        import unittest
        class TestModel(unittest.TestCase):
            def test_quality(self):
                self.assertGreater(f1, 0.7)
                self.assertAlmostEqual(self.rmse, 0.42, places=2)
      `,
      findings: [
        { line: 4, column: 9, message: 'metric f1' },
        { line: 5, column: 9, message: 'metric self.rmse' },
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
      name: 'model.score(X, y) and abs() around a metric difference',
      fileName: 'test_regression.py',
      code: `
        def test_r2():
            assert model.score(X_test, y_test) > 0.6
            assert abs(r2 - 0.8) < 0.05
      `,
      findings: [
        { line: 2, column: 12, message: 'model.score(...)' },
        { line: 3, column: 12, message: 'metric r2' },
      ],
    },
    {
      name: 'assertTrue with a comparison, and math.isclose',
      code: `
        import math
        import unittest
        class T(unittest.TestCase):
            def test_metrics(self):
                self.assertTrue(val_accuracy >= 0.9)
                assert math.isclose(mae, 1.5, abs_tol=0.1)
      `,
      findings: [
        { line: 5, column: 9 },
        { line: 6, column: 16 },
      ],
    },
  ],
  silent: [
    {
      name: 'an assert on a metric outside any test (a notebook validation step)',
      code: `
        from sklearn.metrics import accuracy_score
        accuracy = accuracy_score(y_test, model.predict(X_test))
        assert accuracy > 0.8, "model below the bar"
      `,
    },
    {
      name: 'deterministic asserts in a unit test',
      fileName: 'test_features.py',
      code: `
        def test_add_tenure_bucket():
            pdf = add_tenure_bucket(pd.DataFrame({"tenure_months": [1, 13, 40]}))
            assert pdf["tenure_bucket"].tolist() == ["new", "regular", "loyal"]
            assert len(pdf) == 3
      `,
    },
    {
      name: 'integration tests folder',
      fileName: 'tests/integration/test_model_quality.py',
      code: `
        def test_accuracy():
            assert accuracy > 0.8
      `,
    },
    {
      name: 'a test marked as integration',
      fileName: 'test_model.py',
      code: `
        import pytest
        @pytest.mark.integration
        def test_accuracy():
            assert accuracy > 0.8
      `,
    },
    {
      name: 'range checks and key checks on metrics',
      fileName: 'test_eval.py',
      code: `
        def test_metrics_shape():
            assert 0.0 <= accuracy <= 1.0
            assert "f1_score" in result.metrics
            assert auc is not None
            assert isinstance(rmse, float)
            self.assertGreaterEqual(precision, 0)
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
        def test_e2e_training():
            assert accuracy > 0.8
      `,
    },
  ],
  fixes: [],
});
