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

const TIME_SERIES_DOCS = { title: 'Point-in-time support using time series feature tables (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/feature-store/time-series.html' };
const UC_FEATURE_TABLES_DOCS = { title: 'Work with feature tables in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/machine-learning/feature-store/uc/feature-tables-uc.html' };
const TRAIN_DOCS = { title: 'Train models with feature tables (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/feature-store/train-models-with-feature-store' };
const ONLINE_STORE_DOCS = { title: 'Databricks Online Feature Stores', url: 'https://docs.databricks.com/aws/en/machine-learning/feature-store/online-feature-store' };
const MIGRATE_ONLINE_TABLES_DOCS = { title: 'Migrate from legacy and third-party online tables (Databricks)', url: 'https://docs.databricks.com/aws/machine-learning/feature-store/migrate-from-online-tables' };

/** The two clients, as the cards name them: the workspace client is the legacy one. */
const CLIENTS_NOTE =
  'FeatureEngineeringClient works on feature tables in Unity Catalog; FeatureStoreClient is the legacy workspace Feature Store client.';

export const featureStoreCards: ApiCard[] = [
  {
    key: 'create_table',
    title: 'create_table(name=, primary_keys=, df=None, timeseries_column= (FeatureEngineeringClient; timeseries_columns= in older releases) | timestamp_keys= (FeatureStoreClient), partition_columns=None, description=None)',
    match: {
      qualifiedNames: clientMethod('create_table'),
      keywords: ['timestamp_keys', 'timeseries_column', 'timeseries_columns'],
    },
    what:
      'Creates a feature table (a Delta table) whose rows are identified by primary_keys, optionally filled from df. ' +
      'FeatureEngineeringClient creates it in Unity Catalog (`catalog.schema.table`, keyword arguments only), the legacy FeatureStoreClient in ' +
      'the workspace Feature Store.',
    examFact:
      'For features that change over time, declare the event-time column as the table\'s time column (timeseries_column with ' +
      'FeatureEngineeringClient, timestamp_keys with FeatureStoreClient) and list it among the primary keys. Point-in-time correctness needs ' +
      'a timestamp key on the feature table AND timestamp_lookup_key in the FeatureLookup.',
    confusedWith:
      'The two clients document the time column under different names (timeseries_column, earlier timeseries_columns, vs timestamp_keys) with the same meaning, and ' +
      'each accepts the other\'s. The older create_feature_table(name, keys, ...) is the deprecated form of create_table. ' + CLIENTS_NOTE,
    relatedRules: ['MLT501'],
    domain: 'Model Development',
    references: [TIME_SERIES_DOCS, UC_FEATURE_TABLES_DOCS],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'fe.create_table(',
      '    name="ml.fs.customer_features",',
      '    primary_keys=["customer_id", "ts"],',
      '    timeseries_column="ts",',
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
      'latest feature values at or before its own timestamp (point-in-time lookup). Without it current clients raise in create_training_set ' +
      '(the table\'s timestamp key has no matching lookup key); a join on the lookup key alone would match every recorded value of the key, ' +
      'later ones included, which leaks the future into training. ' +
      'timestamp_lookup_key needs a table created with a time column. Lookups for Feature Serving (create_feature_spec) take the latest values.',
    confusedWith:
      'lookup_key and timestamp_lookup_key name columns of the training DataFrame, not of the feature table; the table\'s side ' +
      'is its primary keys and timestamp key.',
    relatedRules: ['MLT501'],
    domain: 'Model Development',
    references: [TIME_SERIES_DOCS, TRAIN_DOCS],
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
    relatedRules: ['MLT501', 'MLT503', 'MLT504'],
    domain: 'Model Development',
    references: [TRAIN_DOCS],
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
    what:
      'Writes a DataFrame into an existing feature table: "merge" (the default) upserts rows by primary key; with the legacy ' +
      'FeatureStoreClient only, "overwrite" replaces the table\'s rows.',
    examFact:
      'FeatureEngineeringClient.write_table accepts "merge" only and raises on any other mode (to replace the rows, DELETE FROM the table ' +
      'first); FeatureStoreClient also takes "overwrite". "append" and "update" are no write_table modes.',
    confusedWith: 'Spark\'s DataFrameWriter modes ("append", "ignore", "errorifexists") belong to df.write.mode(...), not to write_table.',
    relatedRules: ['MLT502'],
    domain: 'Model Development',
    references: [UC_FEATURE_TABLES_DOCS],
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
    domain: 'Model Development',
    references: [TRAIN_DOCS],
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
    title: 'publish_table(online_store=, source_table_name=, online_table_name=, publish_mode="TRIGGERED")',
    match: { qualifiedNames: [...clientMethod('publish_table'), ...clientMethod('create_online_store')] },
    what:
      'Publishes a Unity Catalog feature table to a Databricks Online Feature Store (created with fe.create_online_store) so that ' +
      'Feature Serving and Model Serving endpoints look features up by key at request time.',
    examFact:
      'The current path is the Databricks Online Feature Store: create_online_store(name=..., capacity=...), then ' +
      'publish_table(online_store=..., source_table_name=..., online_table_name=...). The online copy follows the offline table as ' +
      'publish_mode says ("TRIGGERED", "CONTINUOUS" or "SNAPSHOT"; the first two need Change Data Feed on the source table).',
    confusedWith:
      'write_table updates the offline (Delta) feature table only; online serving reads the published copy. Databricks online tables ' +
      '(legacy) are retired, and third-party online stores (publish_table(name, online_store=AmazonDynamoDBSpec(...)) with ' +
      'FeatureStoreClient) are legacy.',
    relatedRules: [],
    domain: 'Model Development',
    studyMaterial:
      'The study material says features are served in real time from Databricks online tables; in fact online tables are retired ' +
      '(and third-party online stores are legacy): publish to a Databricks Online Feature Store.',
    references: [ONLINE_STORE_DOCS, MIGRATE_ONLINE_TABLES_DOCS],
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'online_store = fe.create_online_store(name="churn-online-store", capacity="CU_1")',
      'fe.publish_table(',
      '    online_store=online_store,',
      '    source_table_name="ml.fs.customer_features",',
      '    online_table_name="ml.fs.customer_features_online",',
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
      'mlflow.<flavor>.log_model logs the same model without feature metadata: score_batch cannot look its features up, and a ' +
      'serving endpoint expects every feature in the request.',
    relatedRules: ['MLT503', 'MLT504'],
    domain: 'Model Development',
    references: [TRAIN_DOCS],
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
  {
    key: 'FeatureFunction',
    title: 'FeatureFunction(udf_name, input_bindings={param: column}, output_name)',
    match: {
      qualifiedNames: [
        'databricks.feature_engineering.FeatureFunction',
        'databricks.feature_engineering.entities.feature_function.FeatureFunction',
      ],
      keywords: ['input_bindings'],
    },
    what:
      'An on-demand feature: a Python UDF registered in Unity Catalog (`catalog.schema.function`) that computes a ' +
      'feature from other features and request inputs when the training set is built and at inference, instead of a ' +
      'value stored in a feature table.',
    examFact:
      'Pass FeatureFunctions with the FeatureLookups in `feature_lookups` of create_training_set, and log the model ' +
      'with the feature client\'s log_model: score_batch and Model Serving then compute the on-demand features ' +
      'themselves for each request. Needs Unity Catalog and Databricks Runtime 13.3 LTS ML or above.',
    confusedWith:
      'FeatureLookup reads precomputed values from a feature table; FeatureFunction computes a value at request ' +
      'time (values not known in advance, such as the distance between a user and a store).',
    relatedRules: ['MLT503'],
    domain: 'Model Development',
    references: [
      { title: 'On-demand feature computation (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/feature-store/on-demand-features' },
      TRAIN_DOCS,
    ],
    example: [
      'from databricks.feature_engineering import FeatureFunction, FeatureLookup',
      '',
      'feature_lookups = [',
      '    FeatureLookup(table_name="ml.fs.customer_features", lookup_key="customer_id"),',
      '    FeatureFunction(',
      '        udf_name="ml.fs.days_since_signup",',
      '        input_bindings={"signup_ts": "signup_ts", "event_ts": "event_ts"},',
      '        output_name="days_since_signup",',
      '    ),',
      ']',
    ].join('\n'),
  },
];
