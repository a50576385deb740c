import { pythonString, replaceNode } from './engine/fixBuilders';
import type { Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments } from './semantic/calls';
import { type FeatureClientKind, featureClientCalls } from './semantic/featureStore';
import { literalString, stringValue } from './semantic/values';

const VALID_MODES: Record<FeatureClientKind, readonly string[]> = {
  FeatureStoreClient: ['merge', 'overwrite'],
  FeatureEngineeringClient: ['merge'],
};

function check(context: RuleContext): void {
  const { model } = context;
  for (const { site, client } of featureClientCalls(model, 'write_table')) {
    if (hasSplatArguments(site)) continue;
    const mode = argument(site, 'mode', 2);
    const value = stringValue(model, mode);
    if (!mode || value === undefined || VALID_MODES[client].includes(value)) continue;
    // `"MERGE"`: whether the client accepts another spelling of a valid mode is not documented.
    if (VALID_MODES[client].includes(value.toLowerCase())) continue;
    const message =
      client === 'FeatureEngineeringClient' && value === 'overwrite'
        ? 'FeatureEngineeringClient.write_table only supports mode="merge" (upsert by primary key); "overwrite" is a FeatureStoreClient mode'
        : `write_table has no mode "${value}": the modes are "merge" (upsert by primary key) and "overwrite"${client === 'FeatureEngineeringClient' ? ' (only "merge" for FeatureEngineeringClient)' : ''}`;
    // A literal keeps its quotes; a name is replaced by the literal where it is used.
    const like = literalString(mode) !== undefined ? mode : undefined;
    context.report({
      node: mode,
      message,
      fixes: [{ title: 'Write with mode="merge"', safety: 'safe', edits: [replaceNode(mode, pythonString('merge', like))] }],
    });
  }
}

export const mlt502InvalidFeatureWriteMode: Rule = {
  meta: {
    id: 'MLT502',
    name: 'invalid-feature-write-mode',
    severity: 'error',
    area: 'Feature Store',
    domain: 'Model Development',
    title: 'write_table mode must be "merge" (or "overwrite" with FeatureStoreClient)',
  },
  docs: {
    trap: 'Writing to a feature table with `write_table(..., mode="append")` (or "update"), as if it were a Delta write, or with "overwrite" through the Unity Catalog FeatureEngineeringClient.',
    reality:
      '`write_table` modes are "merge" (upsert by primary key: existing keys are updated, new keys inserted) and "overwrite" (FeatureStoreClient only; FeatureEngineeringClient supports only "merge"). "append" and "update" do not exist: the call fails.',
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.write_table(name="ml.fs.customer_features", df=daily_features_df, mode="append")',
    ].join('\n'),
    useInstead: 'fe.write_table(name="ml.fs.customer_features", df=daily_features_df, mode="merge")',
    fix: 'Replaces the mode with "merge".',
    fixSafety: 'Safe: the call fails with the old mode, and "merge" upserts the rows by primary key.',
    examFact: '"merge" upserts by primary key; it is the default mode of write_table.',
  },
  triggers: ['write_table'],
  check,
};
