import type { ExpectedTrap } from './expectedTrap';

/** examples/04_registry_lifecycle.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT406', line: 68, why: '"churn.baseline_model" has two parts under the databricks-uc registry' },
  { rule: 'MLT407', line: 78, why: 'champion alias moved right after training, with no comparison' },
  { rule: 'MLT401', line: 128, why: 'legacy transition_model_version_stage to Production' },
  { rule: 'MLT404', line: 131, why: 'the transition to Production does not archive the previous Production version' },
  { rule: 'MLT401', line: 134, why: 'legacy transition_model_version_stage (to an invalid stage)' },
  { rule: 'MLT403', line: 134, why: '"Archive" is not a stage (Archived)' },
  { rule: 'MLT402', line: 138, why: 'spark_udf loads models:/<legacy>/Production by stage' },
  { rule: 'MLT405', line: 163, why: 'MODEL_VERSION_TRANSITIONED_TO_PROD is not a webhook event' },
];
