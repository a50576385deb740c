import * as assert from 'node:assert/strict';
import { allRules, findRule } from '../rules';

// Rule ids and names never change once shipped: users write them in settings, configuration
// files (select, ignore, per-file-ignores, severity) and suppression comments. This list is
// the catalogue as shipped; a rule may be added to it, never renamed or renumbered.

const SHIPPED: ReadonlyArray<[string, string]> = [
    ['MLT101', 'missing-vector-assembler'],
    ['MLT102', 'onehot-before-stringindexer'],
    ['MLT103', 'raw-string-into-assembler'],
    ['MLT104', 'features-column-mismatch'],
    ['MLT105', 'crossvalidator-model-count'],
    ['MLT106', 'crossvalidator-inside-pipeline'],
    ['MLT107', 'random-split-without-seed'],
    ['MLT201', 'mapinpandas-per-group-training'],
    ['MLT202', 'tuning-parallelism-too-high'],
    ['MLT203', 'maximized-metric-minimized'],
    ['MLT204', 'optuna-without-mlflow-callback'],
    ['MLT205', 'spark-ml-in-sparktrials'],
    ['MLT301', 'nested-run-without-flag'],
    ['MLT302', 'pyfunc-undeclared-dependencies'],
    ['MLT303', 'pyfunc-local-file'],
    ['MLT304', 'registered-without-signature'],
    ['MLT305', 'autolog-after-fit'],
    ['MLT306', 'uc-signature-without-outputs'],
    ['MLT307', 'import-name-as-requirement'],
    ['MLT401', 'legacy-stage-transition'],
    ['MLT402', 'stage-model-uri'],
    ['MLT403', 'invalid-stage-name'],
    ['MLT404', 'production-without-archive'],
    ['MLT405', 'invalid-webhook-event'],
    ['MLT406', 'uc-model-name-not-three-level'],
    ['MLT407', 'promotion-without-validation'],
    ['MLT501', 'point-in-time-lookup-missing'],
    ['MLT502', 'invalid-feature-write-mode'],
    ['MLT503', 'score-batch-without-feature-metadata'],
    ['MLT504', 'training-set-without-feature-logging'],
    ['MLT601', 'traffic-split-not-100'],
    ['MLT602', 'route-unknown-served-model'],
    ['MLT603', 'batch-scoring-through-endpoint'],
    ['MLT604', 'driver-side-batch-inference'],
    ['MLT605', 'stream-without-checkpoint'],
    ['MLT606', 'streaming-aggregation-without-watermark'],
    ['MLT607', 'serving-payload-format'],
    ['MLT608', 'zorder-on-partition-column'],
    ['MLT609', 'batch-write-on-stream'],
    ['MLT701', 'metric-assert-in-unit-test'],
    ['MLT702', 'drift-test-mismatch'],
    ['MLT703', 'inference-table-wrong-monitor'],
    ['MLT704', 'hardcoded-token'],
    ['MLT705', 'notebook-token-in-automation'],
    ['MLT706', 'monitor-without-refresh'],
];

describe('rule catalogue', () => {
  it('has every shipped id with its shipped name, in id order', () => {
    assert.deepEqual(
      allRules.map((rule) => [rule.meta.id, rule.meta.name]),
      SHIPPED,
    );
  });

  for (const [id, name] of SHIPPED) {
    it(`${id} is found by its id, its lower-case id and its name (as configuration and suppressions write them)`, () => {
      assert.equal(findRule(id)?.meta.name, name);
      assert.equal(findRule(id.toLowerCase())?.meta.name, name);
      assert.equal(findRule(name)?.meta.id, id);
    });
  }
});
