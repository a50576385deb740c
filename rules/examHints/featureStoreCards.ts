import type { ApiCard } from './apiCard';

/**
 * Exam hints for the Databricks Feature Store clients: `FeatureStoreClient` (workspace feature
 * store) and `FeatureEngineeringClient` (Unity Catalog), as rules/semantic/featureStore.ts
 * recognises them.
 */

const CLIENT_CLASSES = [
  'databricks.feature_store.FeatureStoreClient',
  'databricks.feature_store.client.FeatureStoreClient',
  'databricks.feature_engineering.FeatureEngineeringClient',
  'databricks.feature_engineering.client.FeatureEngineeringClient',
];

/** A method that both clients share, under every path a client class is imported from. */
function clientMethod(name: string): string[] {
  return CLIENT_CLASSES.map((owner) => `${owner}.${name}`);
}

export const featureStoreCards: ApiCard[] = [
  {
    key: 'create_table',
    title: 'create_table(name, primary_keys, df=None, *, timestamp_keys= | timeseries_columns=, partition_columns=None, description=None)',
    match: {
      qualifiedNames: clientMethod('create_table'),
      keywords: ['timestamp_keys', 'timeseries_columns'],
    },
    what:
      'Creates a feature table (a Delta table) whose rows are identified by primary_keys, optionally filled from df. ' +
      'FeatureEngineeringClient creates it in Unity Catalog (`catalog.schema.table`), FeatureStoreClient in the workspace feature store.',
    examFact:
      'For features that change over time, declare the event-time column as a time-series key (timestamp_keys with FeatureStoreClient, ' +
      'timeseries_columns with FeatureEngineeringClient) and list it among the primary keys. Point-in-time correctness needs BOTH this key ' +
      'on the table AND timestamp_lookup_key in the FeatureLookup; without them the latest value is joined to every training row (label leakage).',
    confusedWith:
      'The two clients name the time key differently (timestamp_keys vs timeseries_columns), with the same meaning. ' +
      'The older create_feature_table(name, keys, ...) is the deprecated form of create_table.',
    relatedRules: ['MLT501'],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.create_table(',
      '    name="ml.fs.customer_features",',
      '    primary_keys=["customer_id", "ts"],',
      '    timeseries_columns="ts",',
      '    df=customer_features_df,',
      '    description="Customer activity features by day",',
      ')',
    ].join('\n'),
  },
  {
    key: 'FeatureLookup',
    title: 'FeatureLookup(table_name, lookup_key, *, feature_names=None, rename_outputs=None, timestamp_lookup_key=None)',
    match: {
      qualifiedNames: [
        'databricks.feature_store.FeatureLookup',
        'databricks.feature_store.entities.feature_lookup.FeatureLookup',
        'databricks.feature_engineering.FeatureLookup',
        'databricks.feature_engineering.entities.feature_lookup.FeatureLookup',
      ],
      keywords: ['timestamp_lookup_key', 'lookup_key'],
    },
    what:
      'Says which features of one feature table to join onto the training DataFrame: the DataFrame\'s lookup_key columns are matched ' +
      'to the table\'s primary keys. Lookups are passed to create_training_set.',
    examFact:
      'On a time-series feature table, give timestamp_lookup_key (the training DataFrame\'s event-time column): each row then gets the ' +
      'latest feature values at or before its own timestamp (point-in-time lookup). Without it the latest value is joined to every ' +
      'training row, which leaks the future into training. timestamp_lookup_key needs a table created with timestamp keys.',
    confusedWith:
      'lookup_key and timestamp_lookup_key name columns of the training DataFrame, not of the feature table; the table\'s side ' +
      'is its primary keys and timestamp key.',
    relatedRules: ['MLT501'],
    example: [
      'from databricks.feature_engineering import FeatureLookup',
      '',
      'lookups = [',
      '    FeatureLookup(',
      '        table_name="ml.fs.customer_features",',
      '        lookup_key="customer_id",',
      '        timestamp_lookup_key="event_ts",',
      '        feature_names=["orders_30d", "spend_30d"],',
      '    ),',
      ']',
    ].join('\n'),
  },
  {
    key: 'create_training_set',
    title: 'create_training_set(df, feature_lookups, label, exclude_columns=None)',
    match: { qualifiedNames: clientMethod('create_training_set') },
    what:
      'Joins the features named by feature_lookups onto df (keys, timestamps and the label) and returns a TrainingSet; ' +
      'training_set.load_df() gives the DataFrame to train on.',
    examFact:
      'Keep the TrainingSet: logging the model with the feature client\'s log_model(..., training_set=training_set) packages the ' +
      'feature metadata, so score_batch and Model Serving look the features up by key themselves. exclude_columns keeps the keys ' +
      'and timestamps out of the model\'s inputs.',
    confusedWith:
      'A hand-written df.join(features_df, "customer_id") gives the same rows but no feature metadata: a model trained on it ' +
      'cannot look its features up at scoring time.',
    relatedRules: ['MLT501', 'MLT503'],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'training_set = fe.create_training_set(',
      '    df=labels_df,',
      '    feature_lookups=lookups,',
      '    label="churned",',
      '    exclude_columns=["customer_id", "event_ts"],',
      ')',
      'train_df = training_set.load_df()',
    ].join('\n'),
  },
  {
    key: 'write_table',
    title: 'write_table(name, df, mode="merge")',
    match: { qualifiedNames: clientMethod('write_table') },
    what: 'Writes a DataFrame into an existing feature table: "merge" upserts rows by primary key, "overwrite" replaces the table\'s contents.',
    examFact:
      'The modes are "merge" and "overwrite", and FeatureEngineeringClient accepts "merge" only. "append" and "update" do not exist.',
    confusedWith: 'Spark\'s DataFrameWriter modes ("append", "ignore", "errorifexists") belong to df.write.mode(...), not to write_table.',
    relatedRules: ['MLT502'],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.write_table(name="ml.fs.customer_features", df=new_features_df, mode="merge")',
    ].join('\n'),
  },
  {
    key: 'score_batch',
    title: 'score_batch(model_uri, df, result_type="double")',
    match: { qualifiedNames: clientMethod('score_batch') },
    what:
      'Batch inference for a model logged with a feature client: looks the model\'s features up from the feature tables by the keys ' +
      'in df, applies the model and returns df with a `prediction` column.',
    examFact:
      'Works only for a model logged with the feature client\'s log_model(..., training_set=...), which packages the feature metadata; ' +
      'a model logged with a plain mlflow.<flavor>.log_model has none. df needs the lookup keys (and timestamp lookup keys), ' +
      'not the feature columns.',
    confusedWith:
      'mlflow.pyfunc.spark_udf scores a DataFrame that already holds every feature column; score_batch does the feature lookups itself.',
    relatedRules: ['MLT503', 'MLT402'],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'predictions = fe.score_batch(',
      '    model_uri="models:/ml.fs.churn_model@champion",',
      '    df=customers_df.select("customer_id", "event_ts"),',
      ')',
    ].join('\n'),
  },
  {
    key: 'publish_table',
    title: 'publish_table(name, online_store, *, filter_condition=None, mode="merge", streaming=False)',
    match: { qualifiedNames: clientMethod('publish_table') },
    what:
      'Publishes a feature table to an online store (low-latency lookups by key) so that models served by Model Serving ' +
      'can look features up at request time.',
    examFact:
      'The online store is a copy of the offline Delta table as of the last publish: it lags until the next publish (run it as a ' +
      'scheduled job, or publish with streaming=True to keep it updated continuously). Expect eventual consistency, not a view of every write.',
    confusedWith: 'write_table updates the offline (Delta) feature table only; online serving reads the published copy.',
    relatedRules: [],
    example: [
      'from databricks.feature_store import FeatureStoreClient',
      'from databricks.feature_store.online_store_spec import AmazonDynamoDBSpec',
      '',
      'fs = FeatureStoreClient()',
      'fs.publish_table(',
      '    name="ml_fs.customer_features",',
      '    online_store=AmazonDynamoDBSpec(region="us-west-2"),',
      '    mode="merge",',
      ')',
    ].join('\n'),
  },
  {
    key: 'FeatureEngineeringClient.log_model',
    title: 'log_model(model, artifact_path, *, flavor, training_set, registered_model_name=None)',
    match: { qualifiedNames: clientMethod('log_model'), keywords: ['training_set'] },
    what:
      'Logs a model with MLflow together with the feature metadata of its training set: which feature tables, keys and ' +
      'features it was trained on.',
    examFact:
      'Needed for score_batch and for automatic feature lookup in Model Serving: pass training_set= (the create_training_set result) ' +
      'and flavor= (the MLflow flavor module, e.g. mlflow.sklearn).',
    confusedWith:
      'mlflow.<flavor>.log_model logs the same model without feature metadata; score_batch on such a model fails.',
    relatedRules: ['MLT503'],
    example: [
      'import mlflow',
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.log_model(',
      '    model=model,',
      '    artifact_path="model",',
      '    flavor=mlflow.sklearn,',
      '    training_set=training_set,',
      '    registered_model_name="ml.fs.churn_model",',
      ')',
    ].join('\n'),
  },
];
