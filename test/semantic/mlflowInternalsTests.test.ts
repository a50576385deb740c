import * as assert from 'node:assert/strict';
import { dedent, testLinter } from '../support/linter';

// MLflow's own test suite (and tests of code built on MLflow's internals): its stage names,
// model URIs and registrations are the inputs of the library's behaviour under test; the
// registry rules skip such files, the tuning and metric-assert rules do not.

const REGISTRY_RULES = ['MLT105', 'MLT304', 'MLT401', 'MLT402', 'MLT403', 'MLT406', 'MLT701'];

const QUALITY_TEST = `
  from mlflow.utils._spark_utils import _get_active_spark_session
  from sklearn.linear_model import LogisticRegression
  from sklearn.metrics import accuracy_score

  def test_quality():
      clf = LogisticRegression().fit(X, y)
      assert accuracy_score(y, clf.predict(X)) > 0.9
`;

async function rulesReported(fileName: string, code: string): Promise<string[]> {
  const linter = await testLinter();
  const { findings } = linter.lintText(`file:///proj/${fileName}`, dedent(code));
  return [...new Set(findings.map((finding) => finding.ruleId))].filter((id) => REGISTRY_RULES.includes(id)).sort();
}

const PARSER_TEST = `
  import pytest
  from mlflow.store.artifact.utils.models import _parse_model_uri

  @pytest.mark.parametrize("uri", ["models:/AdsModel1/Production", "models:/AdsModel1/staging"])
  def test_parse_stage_uri(uri):
      assert _parse_model_uri(uri).stage
`;

const MOCKED_STORE_TEST = `
  from unittest import mock
  from mlflow import MlflowClient

  @mock.patch("mlflow.tracking._model_registry.utils._get_store")
  def test_defaults(get_store):
      client = MlflowClient(tracking_uri="databricks", registry_uri="databricks-uc")
      client.create_registered_model(name="name")
      client.get_latest_versions("Model 1", ["Stage1"])
`;

describe("MLflow's own tests", () => {
  it('a test file that imports or patches a private part of MLflow gets no registry findings', async () => {
    assert.deepEqual(await rulesReported('tests/store/test_models_uri.py', PARSER_TEST), []);
    assert.deepEqual(await rulesReported('tests/tracking/test_client.py', MOCKED_STORE_TEST), []);
  });

  it("a project's quality assert beside a private MLflow import is still reported (MLT701 is not about MLflow's behaviour)", async () => {
    assert.deepEqual(await rulesReported('tests/test_quality.py', QUALITY_TEST), ['MLT701']);
  });

  it('the same code outside test files, and a test file that uses only public MLflow, are reported', async () => {
    assert.deepEqual(await rulesReported('pipelines/models_uri.py', PARSER_TEST), ['MLT402']);
    assert.deepEqual(await rulesReported('pipelines/client.py', MOCKED_STORE_TEST), ['MLT401', 'MLT403', 'MLT406']);
    const publicOnly = MOCKED_STORE_TEST.replace('@mock.patch("mlflow.tracking._model_registry.utils._get_store")\n  ', '');
    assert.deepEqual(await rulesReported('tests/tracking/test_client.py', publicOnly), ['MLT401', 'MLT403', 'MLT406']);
  });
});
