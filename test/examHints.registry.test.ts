// The registry and webhook cards carry the v2 facts of the spec's "Exam hint cards" section.
import * as assert from 'node:assert/strict';
import { allApiCards } from '../rules/examHints';

function card(key: string) {
  const found = allApiCards.find((candidate) => candidate.key === key);
  assert.ok(found, `no card ${key}`);
  return found;
}

describe('registry and webhook cards (v2 facts)', () => {
  it('stages: legacy, and the Unity Catalog exception MLflow raises', () => {
    const transition = card('MlflowClient.transition_model_version_stage');
    assert.equal(transition.domain, 'MLOps');
    assert.match(transition.legacy ?? '', /aliases/);
    assert.match(transition.examFact, /unsupported for models in the Unity Catalog/);
    assert.match(transition.examFact, /models:\/<name>\/latest/);
    assert.match(transition.examFact, /in any letter case/);
  });

  it('aliases: moving one does not change what an endpoint serves', () => {
    const alias = card('MlflowClient.set_registered_model_alias');
    assert.equal(alias.domain, 'MLOps');
    assert.match(alias.studyMaterial ?? '', /^The study material says .*; in fact an endpoint serves the model version its config names/);
  });

  it('every registry webhook card is legacy and says Unity Catalog models have none', () => {
    for (const key of ['create_webhook', 'test_webhook', 'update_webhook', 'JobSpec', 'HttpUrlSpec']) {
      const webhook = card(key);
      assert.equal(webhook.domain, 'MLOps', key);
      assert.match(webhook.legacy ?? '', /not available for Unity Catalog models/, key);
      assert.ok((webhook.references ?? []).some((reference) => reference.url.includes('model-registry-webhooks')), key);
    }
    assert.match(card('create_webhook').examFact, /REGISTERED_MODEL_CREATED only on a registry-wide webhook/);
  });

  it('cites official pages only', () => {
    const keys = ['MlflowClient.transition_model_version_stage', 'MlflowClient.set_registered_model_alias', 'create_webhook'];
    for (const reference of keys.flatMap((key) => card(key).references ?? [])) {
      assert.match(reference.url, /^https:\/\/(docs\.databricks\.com|mlflow\.org|www\.mlflow\.org)\//);
    }
  });
});
