import type { ExpectedTrap } from './expectedTrap';

/** examples/04_registry_lifecycle.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT406', line: 68, why: '"churn.baseline_model" has two parts: Unity Catalog completes it from the session\'s current catalog' },
  { rule: 'MLT401', line: 78, why: 'transition_model_version_stage raises in Unity Catalog (error there): set the challenger alias' },
  { rule: 'MLT407', line: 87, why: 'champion alias moved right after training, with no comparison' },
  { rule: 'MLT404', line: 141, why: 'the workspace side of the helper moves to Production without archiving the previous Production version' },
  { rule: 'MLT403', line: 148, why: '"Archive" is not a stage (Archived)' },
  { rule: 'MLT402', line: 157, why: 'spark_udf loads models:/<legacy>/Production by stage in a Unity Catalog session: raises' },
  { rule: 'MLT405', line: 184, why: 'MODEL_VERSION_TRANSITIONED_TO_PROD is not a webhook event' },
];
