import type { ApiCard } from './apiCard';

/**
 * Exam hints for Structured Streaming (rules/semantic/streaming.ts) and Delta table layout and
 * history (deltaTables.ts). DataFrame and DataStreamWriter methods are matched by name, since
 * a DataFrame's type is rarely known.
 */

export const streamingDeltaCards: ApiCard[] = [
  {
    key: 'readStream',
    title: 'spark.readStream.format(source).option(key, value).load(path) | .table(name)',
    match: {
      qualifiedNames: ['databricks.globals.spark.readStream', 'pyspark.sql.SparkSession.readStream'],
      methods: ['readStream'],
    },
    what:
      'Opens a streaming DataFrame over a source (a Delta table, Auto Loader\'s "cloudFiles", Kafka); nothing is read until ' +
      'a writeStream query is started.',
    examFact:
      'Streaming inference: read with readStream, score with mlflow.pyfunc.spark_udf, write with writeStream and a ' +
      'checkpointLocation. Aggregations over event-time windows need withWatermark.',
    confusedWith: '`spark.read` reads what is there now, once (batch); readStream processes new data incrementally as it arrives.',
    relatedRules: ['MLT605', 'MLT606', 'MLT609'],
    domain: 'Model Deployment',
    references: [
      { title: 'Structured Streaming programming guide (Spark)', url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html' },
      { title: 'Deploy models for batch inference and prediction (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-inference/' },
    ],
    example: [
      'import mlflow',
      '',
      'predict = mlflow.pyfunc.spark_udf(spark, "models:/ml.models.churn@champion")',
      'events = spark.readStream.table("ml.raw.events")',
      'scored = events.withColumn("prediction", predict("age", "plan"))',
      '(scored.writeStream',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/churn_scores")',
      '    .toTable("ml.scores.churn"))',
    ].join('\n'),
  },
  {
    key: 'writeStream',
    title: 'df.writeStream.outputMode(mode).option("checkpointLocation", path).trigger(...).toTable(name) | .start(path)',
    match: { methods: ['writeStream'] },
    what:
      'Defines the sink of a streaming DataFrame; start() / toTable() launch a StreamingQuery that runs until stopped ' +
      '(or, with trigger(availableNow=True), until the data available at start is processed).',
    examFact:
      'Set checkpointLocation: without it Spark refuses to start a query to a Delta, file or Kafka sink ("checkpointLocation ' +
      'must be specified ..."). The checkpoint is what lets a restarted query resume where it stopped (exactly-once delivery to ' +
      'Delta needs it), and each query needs its own directory.',
    confusedWith: '`df.write` is the batch writer (save modes such as "append" / "overwrite"); writeStream uses an outputMode and a checkpoint.',
    relatedRules: ['MLT605', 'MLT609'],
    domain: 'Model Deployment',
    references: [{ title: 'Structured Streaming checkpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/checkpoints' }, { title: 'Structured Streaming programming guide (Spark)', url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html' }],
    example: [
      'query = (scored.writeStream',
      '    .format("delta")',
      '    .outputMode("append")',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/churn_scores")',
      '    .trigger(availableNow=True)',
      '    .toTable("ml.scores.churn"))',
    ].join('\n'),
  },
  {
    key: 'checkpointLocation',
    title: '.option("checkpointLocation", path)',
    match: {
      keywords: ['checkpointLocation'],
      strings: ['checkpointLocation', 'spark.sql.streaming.checkpointLocation'],
    },
    what: 'The directory where a streaming query records its progress (offsets) and state, so that a restarted query resumes where it stopped.',
    examFact:
      'Without a checkpoint location (the option, or the session-wide spark.sql.streaming.checkpointLocation) Spark refuses to ' +
      'start a query to a Delta, file or Kafka sink: the query does not start. Only the console, memory, noop, foreach and ' +
      'foreachBatch sinks get a temporary checkpoint (a new local temporary directory each start), so such a query does not resume after a ' +
      'restart. Exactly-once needs the checkpoint, one directory per query.',
    confusedWith:
      '`spark.sql.streaming.checkpointLocation` is a session-wide base directory for queries that set none: Spark checkpoints a ' +
      'query in <base>/<queryName>, and a query without .queryName(...) in a new random folder at each start, which does not ' +
      'resume after a restart. The option sets one query\'s directory.',
    relatedRules: ['MLT605'],
    domain: 'Model Deployment',
    references: [{ title: 'Structured Streaming checkpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/checkpoints' }],
    example: [
      '(scored.writeStream',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/churn_scores")',
      '    .toTable("ml.scores.churn"))',
    ].join('\n'),
  },
  {
    key: 'outputMode',
    title: '.outputMode("append" | "complete" | "update")',
    match: { methods: ['outputMode'], receiverHints: ['writeStream'], keywords: ['outputMode'] },
    what:
      'Which rows of the result each trigger writes: "append" only new rows (the default), "complete" the whole result ' +
      'table, "update" only the rows that changed.',
    examFact:
      '"complete" needs an aggregation, rewrites the full result at every trigger and keeps all aggregation state. Spark ' +
      'refuses to start an "append" query with a streaming aggregation and no watermark; with one, each window is written ' +
      'once, when it can no longer change. "update" runs without a watermark, but its state then grows without bound.',
    confusedWith: '`df.write.mode("append" | "overwrite")` is the batch save mode, not a streaming output mode.',
    relatedRules: ['MLT606'],
    domain: 'Model Deployment',
    references: [{ title: 'Apply watermarks to control data processing thresholds (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/watermarks' }, { title: 'Structured Streaming programming guide (Spark)', url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html' }],
    example: [
      'from pyspark.sql import functions as F',
      '',
      'counts = (spark.readStream.table("ml.raw.events")',
      '    .withWatermark("ts", "10 minutes")',
      '    .groupBy(F.window("ts", "5 minutes"))',
      '    .count())',
      '(counts.writeStream',
      '    .outputMode("append")',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/event_counts")',
      '    .toTable("ml.metrics.event_counts"))',
    ].join('\n'),
  },
  {
    key: 'trigger',
    title: '.trigger(processingTime="1 minute" | availableNow=True | once=True)',
    match: { methods: ['trigger'], receiverHints: ['writeStream'], keywords: ['availableNow', 'processingTime'] },
    what:
      'When micro-batches run: by default each starts as soon as the previous one ends; processingTime starts one at a fixed ' +
      'interval; availableNow processes all data available at start (in several batches) and then stops.',
    examFact:
      'availableNow=True runs a stream as a scheduled incremental job (compute only while it runs; the checkpoint remembers ' +
      'where it stopped). It replaces the deprecated once=True, which processed everything in a single batch.',
    confusedWith: 'processingTime sets how often a batch starts while the query keeps running; availableNow stops once caught up.',
    relatedRules: ['MLT605'],
    domain: 'Model Deployment',
    references: [{ title: 'Structured Streaming programming guide (Spark)', url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html' }],
    example: [
      '(scored.writeStream',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/churn_scores")',
      '    .trigger(processingTime="1 minute")',
      '    .toTable("ml.scores.churn"))',
    ].join('\n'),
  },
  {
    key: 'foreachBatch',
    title: '.foreachBatch(func)  # func(batch_df, batch_id)',
    match: { methods: ['foreachBatch'] },
    what:
      'Calls func with each micro-batch as an ordinary DataFrame and its batch id, so batch-only operations work on a ' +
      'stream: a Delta MERGE (upsert), writing to several sinks, batch scoring.',
    examFact:
      'foreachBatch gives at-least-once writes by default: a retried batch runs func again, so make the writes idempotent ' +
      '(e.g. a MERGE by key, or deduplicate by batch_id). Set checkpointLocation: without it Spark starts the query on a ' +
      'temporary checkpoint, and a restarted query does not resume where it stopped.',
    confusedWith: '`foreach` calls a function once per row; `foreachBatch` once per micro-batch DataFrame.',
    relatedRules: ['MLT605', 'MLT609'],
    domain: 'Model Deployment',
    references: [
      { title: 'Use foreachBatch to write to arbitrary data sinks (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/foreach' },
      { title: 'Structured Streaming checkpoints (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/checkpoints' },
    ],
    example: [
      'from delta.tables import DeltaTable',
      '',
      '',
      'def upsert_scores(batch_df, batch_id):',
      '    target = DeltaTable.forName(batch_df.sparkSession, "ml.scores.churn")',
      '    (target.alias("t")',
      '        .merge(batch_df.alias("s"), "t.customer_id = s.customer_id")',
      '        .whenMatchedUpdateAll()',
      '        .whenNotMatchedInsertAll()',
      '        .execute())',
      '',
      '',
      '(scored.writeStream',
      '    .foreachBatch(upsert_scores)',
      '    .option("checkpointLocation", "/Volumes/ml/checkpoints/churn_upsert")',
      '    .start())',
    ].join('\n'),
  },
  {
    key: 'withWatermark',
    title: 'df.withWatermark(eventTime, delayThreshold)',
    match: { methods: ['withWatermark'] },
    what:
      'Declares how late events may arrive: Spark tracks the latest event time seen, and state for windows older than that ' +
      'minus delayThreshold is finalised and dropped.',
    examFact:
      'Out-of-order data is handled with event-time windows plus withWatermark on the window\'s time column. Without a ' +
      'watermark, Spark refuses to start the aggregation in append mode (the default) and its state grows without bound in ' +
      'update mode; complete mode keeps all state even with one. Events later than the threshold may be dropped.',
    confusedWith:
      'The watermark bounds lateness (how long state is kept); the window length groups events: ' +
      '`withWatermark("ts", "10 minutes")` vs `window("ts", "5 minutes")`.',
    relatedRules: ['MLT606'],
    domain: 'Model Deployment',
    references: [{ title: 'Apply watermarks to control data processing thresholds (Databricks)', url: 'https://docs.databricks.com/aws/en/structured-streaming/watermarks' }, { title: 'Structured Streaming programming guide (Spark)', url: 'https://spark.apache.org/docs/latest/structured-streaming-programming-guide.html' }],
    example: [
      'from pyspark.sql import functions as F',
      '',
      'counts = (spark.readStream.table("ml.raw.events")',
      '    .withWatermark("ts", "10 minutes")',
      '    .groupBy(F.window("ts", "5 minutes"), "plan")',
      '    .count())',
    ].join('\n'),
  },
  {
    key: 'partitionBy',
    title: 'df.write.partitionBy(*cols)',
    match: { methods: ['partitionBy'], receiverHints: ['write', 'writeStream'] },
    what: 'Stores one directory per distinct value of the partition columns, so queries filtering on them skip whole directories.',
    examFact:
      'Partition on low-cardinality columns that queries filter on (a date, a region); a high-cardinality column makes many ' +
      'small files. Z-order other columns: Delta rejects ZORDER BY on a partition column. For new tables Databricks ' +
      'recommends liquid clustering (`CLUSTER BY`) instead of partitioning and Z-ordering; most tables under 100 TB need no ' +
      'partitioning.',
    confusedWith:
      '`Window.partitionBy` (the groups of a window function) and `df.repartition` (in-memory partitions) do not change how ' +
      'a table is stored.',
    relatedRules: ['MLT608'],
    domain: 'Model Deployment',
    references: [
      { title: 'When to partition tables on Databricks', url: 'https://docs.databricks.com/aws/en/tables/partitions' },
      { title: 'Use liquid clustering for tables (Databricks)', url: 'https://docs.databricks.com/aws/en/tables/clustering' },
    ],
    example: [
      '(events_df.write',
      '    .format("delta")',
      '    .partitionBy("event_date")',
      '    .mode("overwrite")',
      '    .saveAsTable("ml.raw.events"))',
      'spark.sql("OPTIMIZE ml.raw.events ZORDER BY (customer_id)")',
    ].join('\n'),
  },
  {
    key: 'ZORDER',
    title: 'OPTIMIZE <table> [WHERE <partition predicate>] ZORDER BY (col, ...)',
    match: { qualifiedNames: ['delta.tables.DeltaOptimizeBuilder.executeZOrderBy'], strings: ['ZORDER BY'], methods: ['executeZOrderBy'] },
    what:
      'Compacts a Delta table\'s small files and co-locates rows with similar values of the Z-order columns in the same ' +
      'files, so filters on those columns read fewer files (data skipping).',
    examFact:
      'Z-order the high-cardinality columns queries filter on, never a partition column: it is already separated by directory, ' +
      'and Delta rejects ZORDER BY on it ("... is a partition column. Z-Ordering can only be performed on data columns"). ' +
      'Partition by low-cardinality columns, Z-order by others. For new tables Databricks recommends liquid clustering, which ' +
      'replaces partitioning and Z-ordering (and cannot be combined with them).',
    confusedWith: '`OPTIMIZE` without ZORDER BY only compacts files; partitionBy splits the table into directories.',
    relatedRules: ['MLT608'],
    domain: 'Model Deployment',
    references: [
      { title: 'Data skipping and Z-order (Databricks)', url: 'https://docs.databricks.com/aws/en/tables/data-skipping' },
      { title: 'Use liquid clustering for tables (Databricks)', url: 'https://docs.databricks.com/aws/en/tables/clustering' },
    ],
    example: 'spark.sql("OPTIMIZE ml.raw.events ZORDER BY (customer_id)")',
  },
  {
    key: 'versionAsOf',
    title: 'spark.read.option("versionAsOf", n | "timestampAsOf", ts).table(name)  /  SELECT ... FROM t VERSION AS OF n',
    match: { strings: ['versionAsOf', 'timestampAsOf', 'VERSION AS OF', 'TIMESTAMP AS OF'] },
    what:
      'Delta time travel: reads a table as it was at an earlier version or timestamp, from its transaction log ' +
      '(`DESCRIBE HISTORY` lists the versions).',
    examFact:
      'Reproducible training: record the table version a model was trained on (e.g. as an MLflow parameter) and read the same ' +
      'data back with versionAsOf. Old versions stay readable only until VACUUM removes their files (7 days of retention by default).',
    confusedWith: '`RESTORE TABLE` rolls the table itself back (a new commit); versionAsOf / VERSION AS OF only read the old version.',
    relatedRules: [],
    domain: 'Model Development',
    references: [{ title: 'Work with table history (Delta time travel, Databricks)', url: 'https://docs.databricks.com/aws/en/delta/history' }],
    example: [
      'import mlflow',
      '',
      'version = spark.sql("DESCRIBE HISTORY ml.raw.events LIMIT 1").first()["version"]',
      'train_df = spark.read.option("versionAsOf", version).table("ml.raw.events")',
      'mlflow.log_param("events_version", version)',
    ].join('\n'),
  },
  {
    key: 'RESTORE',
    title: 'RESTORE TABLE <table> TO VERSION AS OF n | TO TIMESTAMP AS OF ts',
    match: {
      qualifiedNames: ['delta.tables.DeltaTable.restoreToVersion', 'delta.tables.DeltaTable.restoreToTimestamp'],
      strings: ['RESTORE TABLE'],
      methods: ['restoreToVersion', 'restoreToTimestamp'],
    },
    what: 'Rolls a Delta table back to an earlier version or timestamp.',
    examFact:
      'RESTORE is itself a new commit: the history is kept, so a restore can be undone. It fails for a version whose data ' +
      'files VACUUM has already removed.',
    confusedWith:
      'versionAsOf / `VERSION AS OF` only read the old version. `DeltaTable.forName(spark, name).restoreToVersion(n)` is ' +
      'the Python form of RESTORE.',
    relatedRules: [],
    domain: 'Model Development',
    studyMaterial:
      'The study material says Delta has no rollback command, only time travel to read an old version; in fact ' +
      '`RESTORE TABLE <table> TO VERSION AS OF n` (or `DeltaTable.restoreToVersion(n)`) rolls the table itself back.',
    references: [
      { title: 'RESTORE (Databricks SQL reference)', url: 'https://docs.databricks.com/aws/en/sql/language-manual/delta-restore' },
      { title: 'Work with table history (Databricks)', url: 'https://docs.databricks.com/aws/en/delta/history' },
    ],
    example: 'spark.sql("RESTORE TABLE ml.raw.events TO VERSION AS OF 12")',
  },
  {
    key: 'VACUUM',
    title: 'VACUUM <table> [RETAIN n HOURS] [DRY RUN]',
    match: { qualifiedNames: ['delta.tables.DeltaTable.vacuum'], strings: ['VACUUM'] },
    what:
      'Deletes the data files a Delta table no longer references (removed by later versions) once they are older ' +
      'than the retention threshold, 7 days by default. Databricks runs it automatically only on Unity Catalog managed tables with predictive optimization; on other tables nothing runs VACUUM unless you do.',
    examFact:
      'VACUUM ends time travel beyond the retention period: after it, `versionAsOf` and `RESTORE` to a version whose ' +
      'files were removed fail. A model whose training data version must stay reproducible needs that version kept ' +
      '(longer retention, or a copy). Keep the retention at 7 days or more: readers and writers may still use old files.',
    confusedWith:
      '`OPTIMIZE` compacts files (the replaced ones stay until VACUUM); `DESCRIBE HISTORY` lists versions, which stay ' +
      'in the log after VACUUM even when their data files are gone.',
    relatedRules: [],
    domain: 'Model Development',
    references: [
      { title: 'VACUUM (Databricks SQL reference)', url: 'https://docs.databricks.com/aws/en/sql/language-manual/delta-vacuum' },
      { title: 'Work with table history (Databricks)', url: 'https://docs.databricks.com/aws/en/delta/history' },
    ],
    example: 'spark.sql("VACUUM ml.raw.events RETAIN 720 HOURS")',
  },
  {
    key: 'DESCRIBE HISTORY',
    title: 'DESCRIBE HISTORY <table> [LIMIT n]  /  DeltaTable.forName(spark, name).history()',
    match: { qualifiedNames: ['delta.tables.DeltaTable.history'], strings: ['DESCRIBE HISTORY'] },
    what:
      'Lists a Delta table\'s versions, newest first: version, timestamp, operation (WRITE, MERGE, RESTORE, ...), ' +
      'its parameters and who ran it.',
    examFact:
      'Find the version a model was trained on (log it with the run, e.g. `mlflow.log_input` or a parameter), audit ' +
      'who changed the training data, and pick the version to time travel (`versionAsOf`) or roll back to (`RESTORE`).',
    confusedWith: '`DESCRIBE DETAIL` (the table\'s current size, location and properties); `versionAsOf` reads a version, DESCRIBE HISTORY only lists them.',
    relatedRules: [],
    domain: 'Model Development',
    references: [{ title: 'Work with table history (Databricks)', url: 'https://docs.databricks.com/aws/en/delta/history' }],
    example: [
      'history = spark.sql("DESCRIBE HISTORY ml.raw.events LIMIT 5")',
      'latest_version = history.first()["version"]',
    ].join('\n'),
  },
];
