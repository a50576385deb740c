import { addKeywordArgument, pythonString } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments, keywordArgument, keywordArgumentNode } from './semantic/calls';
import { knownColumns } from './semantic/dataFrameColumns';
import { type FeatureTable, featureLookupCalls, featureTablesCreated, lookupServesOnline, lookupTableName, timeColumnKeyword, trainingSetOf } from './semantic/featureStore';
import type { CallSite } from './semantic/semanticModel';
import { isNoneLiteral, stringList, stringValue } from './semantic/values';

const PLACEHOLDER = '<timestamp column of the training DataFrame>';
/** A column named for a point in time: `ts`, `event_time`, `request_timestamp`, `order_date`, `created_at`. */
const TIME_LIKE = /(?:^|_)(?:ts|time|timestamp|datetime|date|dt)(?:$|_)|_at$|timestamp/i;

/**
 * `timestamp_lookup_key="<col>"`: the table's timestamp key when the training DataFrame is
 * known to have a column of that name (safe), else a placeholder (unsafe).
 */
function timestampLookupFix(context: RuleContext, lookup: CallSite, table: FeatureTable): Fix | undefined {
  const { model, document } = context;
  const timestampKey = table.timestampKeys.length === 1 ? table.timestampKeys[0] : undefined;
  const dataFrame = trainingSetOf(model, lookup.node)?.dataFrame;
  const columns = dataFrame !== undefined ? knownColumns(model, dataFrame) : undefined;
  const known = timestampKey !== undefined && !!columns?.has(timestampKey);
  // Else the DataFrame's one column named for a time (`request_timestamp`, `event_ts`), offered as a guess.
  const timeLike = !known && columns ? [...columns].filter((name) => TIME_LIKE.test(name)) : [];
  const guess = timeLike.length === 1 ? timeLike[0] : undefined;
  const column = known ? timestampKey : (guess ?? PLACEHOLDER);
  const edit = addKeywordArgument(document, lookup.node, `timestamp_lookup_key=${pythonString(column)}`);
  if (!edit) return undefined;
  if (known) return { title: `Add timestamp_lookup_key="${column}" (point-in-time join on the training DataFrame's ${column})`, safety: 'safe', edits: [edit] };
  if (guess) return { title: `Add timestamp_lookup_key="${guess}" (the training DataFrame's one time column: check that it is the event time)`, safety: 'unsafe', edits: [edit] };
  return { title: "Add timestamp_lookup_key with a placeholder for the training DataFrame's timestamp column", safety: 'unsafe', edits: [edit] };
}

/** A lookup keyed on the timestamp key itself is an exact-time join the user chose. */
function looksUpOnTimestamp(context: RuleContext, lookup: CallSite, table: FeatureTable): boolean {
  const lookupKey = argument(lookup, 'lookup_key', 1);
  if (!lookupKey) return false;
  const single = stringValue(context.model, lookupKey);
  const keys = single !== undefined ? [single] : stringList(context.model, lookupKey);
  // A lookup key the rule cannot read might hold the timestamp: unknown.
  if (!keys) return true;
  return keys.some((key) => table.timestampKeys.includes(key));
}

/**
 * The time column's keyword as the code wrote it, where the client takes it
 * (FeatureEngineeringClient takes all three spellings); else the client's own.
 */
function writtenTimeKeyword(table: FeatureTable): string {
  return table.client === 'FeatureEngineeringClient' && table.writtenKeyword ? table.writtenKeyword : timeColumnKeyword(table.client);
}

function check(context: RuleContext): void {
  const { model } = context;
  const lookups = featureLookupCalls(model);
  if (lookups.length === 0) return;
  const tables = featureTablesCreated(model);
  for (const lookup of lookups) {
    if (hasSplatArguments(lookup) || lookup.node.hasError) continue;
    const name = lookupTableName(model, lookup);
    const table = name ? tables.get(name.key) : undefined;
    if (!name || !table) continue;
    const timestampLookupKey = keywordArgument(lookup, 'timestamp_lookup_key');
    const hasTimestampLookup = !!timestampLookupKey && !isNoneLiteral(model, timestampLookupKey);
    const tableName = name.text !== undefined ? `"${name.text}"` : name.written !== undefined ? `"${name.written}"` : 'the table';
    if (table.hasTimestampKeys && !hasTimestampLookup) {
      if (looksUpOnTimestamp(context, lookup, table)) continue;
      // Feature Serving and model serving look the latest values up by key: no point in time there.
      if (!trainingSetOf(model, lookup.node) && lookupServesOnline(model, lookup.node)) continue;
      // A table declared in SQL marks its time column TIMESERIES in the primary key.
      const declaredBy = table.creation ? writtenTimeKeyword(table) : 'TIMESERIES key column';
      const keys = table.timestampKeys.length > 0 ? ` (${declaredBy}: ${table.timestampKeys.join(', ')})` : '';
      const fix = timestampLookupFix(context, lookup, table);
      context.report({
        node: lookup.callee,
        message: `FeatureLookup on time-series table ${tableName}${keys} without timestamp_lookup_key: no point-in-time join; current feature clients raise in create_training_set (the table's timestamp key has no matching lookup key), and a join on the lookup key alone would match every recorded value of each key, values recorded after the row's own time included (label leakage)`,
        fixes: fix ? [fix] : [],
      });
    } else if (!table.hasTimestampKeys && hasTimestampLookup) {
      context.report({
        node: keywordArgumentNode(lookup, 'timestamp_lookup_key') ?? lookup.callee,
        message: `timestamp_lookup_key on ${tableName}, which is created without ${timeColumnKeyword(table.client)}: create_training_set raises, the table has no time column to join on; drop timestamp_lookup_key or declare the table's time column`,
        severity: 'error',
      });
    }
  }
}

export const mlt501PointInTimeLookupMissing: Rule = {
  meta: {
    id: 'MLT501',
    name: 'point-in-time-lookup-missing',
    severity: 'warning',
    area: 'Feature Store',
    domain: 'Model Development',
    title: 'A FeatureLookup on a time-series feature table needs timestamp_lookup_key (and the reverse)',
  },
  docs: {
    trap: 'Looking features up from a time-series feature table (one created with a time column) without giving the FeatureLookup a `timestamp_lookup_key`, or giving one for a table created without a time column.',
    reality:
      'Point-in-time correctness needs BOTH a time column on the feature table (`timeseries_column=` with FeatureEngineeringClient in Unity Catalog, `timeseries_columns=` in its older releases, `timestamp_keys=` with the workspace FeatureStoreClient; FeatureEngineeringClient takes all three spellings, FeatureStoreClient only `timestamp_keys=`; or, in SQL, `PRIMARY KEY (id, ts TIMESERIES)` on a Unity Catalog table) AND `timestamp_lookup_key` in the FeatureLookup, naming the training DataFrame\'s event-time column. Each training row then gets the latest feature values at or before its own timestamp. Without the lookup key there is no point-in-time join: current feature clients raise in `create_training_set` (the table\'s time column has no matching lookup key), and a join on the lookup key alone would match every recorded value of each key to each training row, including values recorded after the row\'s own time (label leakage). A `timestamp_lookup_key` on a table without a time column has nothing to join on: `create_training_set` raises (reported as an error). Lookups for Feature Serving (`create_feature_spec`) want the latest values and are not reported.',
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.create_table(name="ml.fs.customer_activity", primary_keys=["customer_id", "ts"], timeseries_column="ts", df=activity_df)',
      '',
      'training_set = fe.create_training_set(',
      '    df=labels_df,  # customer_id, ts, churned',
      '    feature_lookups=[FeatureLookup(table_name="ml.fs.customer_activity", lookup_key="customer_id")],',
      '    label="churned",',
      ')',
    ].join('\n'),
    useInstead: [
      'training_set = fe.create_training_set(',
      '    df=labels_df,',
      '    feature_lookups=[',
      '        FeatureLookup(table_name="ml.fs.customer_activity", lookup_key="customer_id", timestamp_lookup_key="ts"),',
      '    ],',
      '    label="churned",',
      ')',
    ].join('\n'),
    fix: 'Adds `timestamp_lookup_key="<col>"` to the FeatureLookup: the table\'s time column when the training DataFrame is known to have a column of that name (safe); else the DataFrame\'s one column named for a time (`request_timestamp`, `event_ts`), as a guess (unsafe); else a clearly named placeholder (unsafe).',
    fixSafety:
      'Safe when the training DataFrame is known to have a column named like the table\'s time column; otherwise the placeholder must be replaced by the training DataFrame\'s event-time column, so the fix is offered on its own.',
    examFact: 'Point-in-time correctness needs a timestamp key on the feature table AND timestamp_lookup_key in the FeatureLookup.',
    references: [
      { title: 'Point-in-time support using time series feature tables (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/feature-store/time-series.html' },
      { title: 'Work with feature tables in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/machine-learning/feature-store/uc/feature-tables-uc.html' },
    ],
  },
  triggers: ['FeatureLookup'],
  check,
};
