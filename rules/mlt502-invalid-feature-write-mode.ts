import { pythonString, replaceNode } from './engine/fixBuilders';
import type { Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments } from './semantic/calls';
import { type FeatureClientKind, featureClientCalls } from './semantic/featureStore';
import { literalString, stringValue } from './semantic/values';

const VALID_MODES: Record<FeatureClientKind, readonly string[]> = {
  FeatureStoreClient: ['merge', 'overwrite'],
  FeatureEngineeringClient: ['merge'],
};

/** What happens with `mode`, by client: the exam's point is the valid modes of each. */
function messageFor(client: FeatureClientKind, mode: string): string {
  if (client === 'FeatureEngineeringClient') {
    return mode.toLowerCase() === 'overwrite'
      ? 'FeatureEngineeringClient.write_table raises on mode="overwrite": "merge" (upsert by primary key) is its only mode; to replace the rows, DELETE FROM the table (or drop and re-create it) before writing'
      : `FeatureEngineeringClient.write_table has no mode "${mode}" and raises: "merge" (upsert by primary key) is its only mode`;
  }
  return `FeatureStoreClient.write_table has no mode "${mode}" and fails: its modes are "merge" (upsert by primary key) and "overwrite" (replace the table's rows)`;
}

function check(context: RuleContext): void {
  const { model } = context;
  for (const { site, client } of featureClientCalls(model, 'write_table')) {
    if (hasSplatArguments(site)) continue;
    const mode = argument(site, 'mode', 2);
    const value = stringValue(model, mode);
    if (!mode || value === undefined || VALID_MODES[client].includes(value)) continue;
    // `"MERGE"`: whether a client accepts another spelling of a valid mode is not documented.
    if (VALID_MODES[client].includes(value.toLowerCase())) continue;
    // A literal keeps its quotes; a name is replaced by the literal where it is used.
    const like = literalString(mode) !== undefined ? mode : undefined;
    const edits = [replaceNode(mode, pythonString('merge', like))];
    // Replacing rows and upserting them differ: rows missing from the DataFrame stay in the table.
    const replacesRows = value.toLowerCase() === 'overwrite';
    context.report({
      node: mode,
      message: messageFor(client, value),
      fixes: [
        replacesRows
          ? { title: 'Write with mode="merge" (upserts by primary key: rows missing from the DataFrame stay in the table)', safety: 'unsafe', edits }
          : { title: 'Write with mode="merge"', safety: 'safe', edits },
      ],
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
      '`write_table` modes are "merge" (upsert by primary key: existing keys are updated, new keys inserted) and, with the workspace FeatureStoreClient only, "overwrite" (replace the table\'s rows). FeatureEngineeringClient.write_table accepts "merge" only and raises on any other mode; to replace a Unity Catalog feature table\'s rows, run `DELETE FROM <table>` (or drop and re-create the table) before writing. "append" and "update" are no write_table modes on either client.',
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.write_table(name="ml.fs.customer_features", df=daily_features_df, mode="append")',
    ].join('\n'),
    useInstead: 'fe.write_table(name="ml.fs.customer_features", df=daily_features_df, mode="merge")',
    fix: 'Replaces the mode with "merge".',
    fixSafety:
      'Safe for a mode that does not exist (the call fails as written, and "merge" upserts by primary key). Unsafe for "overwrite" on FeatureEngineeringClient: "merge" keeps the rows that are missing from the DataFrame, which an overwrite meant to remove.',
    examFact: '"merge" upserts by primary key and is the default mode of write_table; "overwrite" exists only in the workspace FeatureStoreClient.',
    references: [
      { title: 'Work with feature tables in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/machine-learning/feature-store/uc/feature-tables-uc.html' },
    ],
  },
  triggers: ['write_table'],
  alsoNeeds: ['FeatureStoreClient', 'FeatureEngineeringClient'],
  check,
};
