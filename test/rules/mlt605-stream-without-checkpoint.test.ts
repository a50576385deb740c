import { mlt605StreamWithoutCheckpoint } from '../../rules/mlt605-stream-without-checkpoint';
import * as assert from 'node:assert/strict';
import { describeRule, findingsOf } from '../support/ruleTester';

describeRule(mlt605StreamWithoutCheckpoint, {
  flagged: [
    {
      name: 'a foreachBatch function that shows each batch and also writes it (or calls another function)',
      code: `
        def show_and_save(batch_df, batch_id):
            batch_df.show()
            batch_df.write.mode("append").saveAsTable("ml.events")

        def show_and_score(batch_df, batch_id):
            print(batch_id)
            score(batch_df)

        def merge_and_show(batch_df, batch_id):
            batch_df.createOrReplaceTempView("updates")
            spark.sql("MERGE INTO ml.events t USING updates u ON t.id = u.id WHEN NOT MATCHED THEN INSERT *").show()

        def print_pushed(batch_df, batch_id):
            print(score(batch_df))

        events = spark.readStream.table("ml.raw_events")
        events.writeStream.foreachBatch(show_and_save).start()
        events.writeStream.foreachBatch(show_and_score).start()
        events.writeStream.foreachBatch(lambda df, i: display(df.write.mode("append").saveAsTable("ml.copy"))).start()
        events.writeStream.foreachBatch(lambda df, i: spark.sql("MERGE INTO ml.t USING v ON true WHEN MATCHED THEN DELETE").show()).start()
        events.writeStream.foreachBatch(print_pushed).start()
        events.writeStream.foreachBatch(lambda df, i: print(i, df.count(), file=log)).start()
      `,
      findings: [
        { line: 17, column: 48, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
        { line: 18, column: 49, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
        { line: 19, column: 104, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
        { line: 20, column: 125, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
        { line: 21, column: 47, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
        { line: 22, column: 79, message: 'streaming query to a foreachBatch() sink has no checkpointLocation' },
      ],
    },
    {
      name: 'SET inside a double-quoted SQL string literal sets nothing',
      code: `
        spark.sql('SELECT "SET spark.sql.streaming.checkpointLocation = /chk" AS note')
        spark.readStream.table("a").writeStream.queryName("q").toTable("b")
      `,
      findings: [{ line: 2, column: 56, message: 'unless the session sets spark.sql.streaming.checkpointLocation' }],
    },
    {
      name: 'SET without a value (it only shows the setting), a longer key that merely starts with the name, and SET inside a SQL string literal',
      code: `
        spark.sql("SET spark.sql.streaming.checkpointLocation")
        spark.conf.set("spark.sql.streaming.checkpointLocationBase", "/chk")
        spark.sql("SELECT 'SET spark.sql.streaming.checkpointLocation = /chk' AS note")
        spark.readStream.table("a").writeStream.queryName("q").toTable("b")
      `,
      findings: [{ line: 4, column: 56, message: 'unless the session sets spark.sql.streaming.checkpointLocation' }],
    },
    {
      name: 'the setting only named, not set: printed, read with conf.get, unset, in a docstring, behind a SQL comment',
      code: `
        # Databricks notebook source
        """Queries checkpoint under spark.sql.streaming.checkpointLocation."""
        print("spark.sql.streaming.checkpointLocation")
        base = spark.conf.get("spark.sql.streaming.checkpointLocation", None)
        spark.conf.unset("spark.sql.streaming.checkpointLocation")

        # COMMAND ----------

        # MAGIC %sql
        # MAGIC -- SET spark.sql.streaming.checkpointLocation = /tmp/c
        # MAGIC /* SET spark.sql.streaming.checkpointLocation = /tmp/d */
        # MAGIC SELECT 1

        # COMMAND ----------

        spark.readStream.table("a").writeStream.queryName("q").toTable("b")
        spark.readStream.table("a").writeStream.toTable("c")
      `,
      findings: [
        { line: 16, column: 56, message: 'streaming query to the default sink (Delta on Databricks) has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets spark.sql.streaming.checkpointLocation' },
        { line: 17, column: 41, message: 'unless the session sets spark.sql.streaming.checkpointLocation, and then, with no queryName, it checkpoints in a new random folder at each start' },
      ],
    },
    {
      name: "under the session's base, a foreach and a Kafka query are at-least-once even with a checkpoint: their messages say nothing of exactly-once; a Delta query's does",
      code: `
        spark.conf.set("spark.sql.streaming.checkpointLocation", "/Volumes/ml/chk")
        def process_row(row):
            requests.post(SCORES_URL, json=row.asDict())
        spark.readStream.table("events").writeStream.foreach(process_row).start()
        spark.readStream.table("events").writeStream.format("kafka").option("topic", "scores").start()
        spark.readStream.table("events").writeStream.format("delta").toTable("scores")
      `,
      findings: [
        { line: 4, column: 67, message: 'does not resume where it stopped', notInMessage: 'exactly-once' },
        { line: 5, column: 88, message: 'does not resume where it stopped', notInMessage: 'exactly-once' },
        { line: 6, column: 62, message: 'does not resume where it stopped (no exactly-once)' },
      ],
    },
    {
      name: "an unnamed query after a setup notebook the file cannot read: it does not resume whatever the setup sets (the iot-anomaly-detection accelerator's inference)",
      code: `
        # Databricks notebook source
        # MAGIC %run ./util/notebook-config

        # COMMAND ----------

        (spark.readStream.table("turbine_bronze")
            .writeStream.format("delta")
            .trigger(processingTime="10 seconds")
            .toTable("turbine_silver"))

        # COMMAND ----------

        def predict(batch_df, epoch_id):
            batch_df.write.mode("append").saveAsTable("main.ml.preds")

        spark.readStream.table("main.ml.events").writeStream.foreachBatch(predict).trigger(availableNow=True).start()
      `,
      findings: [
        { line: 9, column: 6, message: 'streaming query to the "delta" sink has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets spark.sql.streaming.checkpointLocation, and then, with no queryName, it checkpoints in a new random folder at each start' },
        { line: 16, column: 103, message: 'streaming query to a foreachBatch() sink has no checkpointLocation: Spark starts it on a temporary checkpoint (a new local directory each time; a new random folder under spark.sql.streaming.checkpointLocation where the session sets it)' },
      ],
    },
    {
      name: "a comment that mentions the session's checkpoint base sets nothing",
      code: `
        # TODO: set spark.sql.streaming.checkpointLocation for the cluster
        (spark.readStream.table("bronze").writeStream.format("delta").toTable("silver"))
      `,
      findings: [{ line: 2, column: 63, message: 'has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets' }],
    },
    {
      name: 'a comment between the pieces of the sink format and of an option key',
      code: `
        predictions = spark.readStream.table("events")
        predictions.writeStream.format("del"  # the sink
            "ta").option("merge"  # not a checkpoint
            "Schema", "true").toTable("scored")
      `,
      findings: [{ line: 4, column: 23, message: 'streaming query to the "delta" sink has no checkpointLocation' }],
    },
    {
      name: "a blank in the reader's part of the chain leaves the writer's options known",
      code: `
        # Databricks notebook source
        (spark.readStream
            .format("cloudFiles")
            .__________________
            .load("/Volumes/main/lab/raw/orders")
            .writeStream
            .table("orders_bronze"))
      `,
      findings: [{ line: 7, column: 6, severity: 'error', message: 'has no checkpointLocation' }],
    },
    {
      name: 'the session checkpoint set only in a later cell: not in effect when the query starts',
      code: `
        # Databricks notebook source
        events = spark.readStream.table("iot.bronze.events")
        query = events.writeStream.format("delta").toTable("iot.silver.events")

        # COMMAND ----------

        spark.conf.set("spark.sql.streaming.checkpointLocation", "/Volumes/iot/checkpoints")
      `,
      findings: [{ line: 3, column: 44, severity: 'error', message: 'has no checkpointLocation: Spark refuses to start it ("checkpointLocation must be specified") unless the session sets spark.sql.streaming.checkpointLocation' }],
    },
    {
      name: 'a query before the %run line is still decided',
      code: `
        # Databricks notebook source
        spark.readStream.table("bronze").writeStream.format("delta").toTable("silver")

        # COMMAND ----------

        # MAGIC %run ./later
      `,
      findings: [{ line: 2, column: 62, severity: 'error' }],
    },
    {
      name: 'a Delta table sink without checkpoint, chain in parentheses: Spark refuses to start it',
      code: `
        (predictions.writeStream
            .format("delta")
            .outputMode("append")
            .toTable("ml.churn.predictions"))
      `,
      findings: [{ line: 4, column: 6, message: 'Spark refuses to start it', severity: 'error' }],
    },
    {
      name: 'start(path) on one line',
      code: `
        query = df.writeStream.format("delta").start("/mnt/delta/scores")
      `,
      findings: [{ line: 1, column: 40, message: 'to the "delta" sink' }],
    },
    {
      name: 'the writer bound to a name, configured and started later',
      code: `
        writer = events.writeStream.format("parquet").option("path", "/mnt/out")
        writer.trigger(availableNow=True)
        writer.start()
      `,
      findings: [{ line: 3, column: 8, message: '"parquet" sink' }],
    },
    {
      name: 'a chain split with backslashes from spark.readStream',
      code: `
        spark.readStream.table("bronze") \\
            .writeStream \\
            .format("delta") \\
            .toTable("silver")
      `,
      findings: [{ line: 4, column: 6 }],
    },
    {
      name: 'a Kafka sink',
      code: `
        (scores.writeStream.format("kafka")
            .option("kafka.bootstrap.servers", brokers)
            .option("topic", "scores")
            .start())
      `,
      findings: [{ line: 4, column: 6, message: '"kafka" sink', severity: 'error' }],
    },
    {
      name: 'no format at all: the default sink',
      code: `
        q = df.writeStream.outputMode("append").start(path="/mnt/out")
      `,
      findings: [{ line: 1, column: 41, message: 'default sink', severity: 'error' }],
    },
    {
      name: 'foreachBatch starts on a temporary checkpoint: a warning that it does not resume',
      code: `
        def upsert(batch_df, batch_id):
            batch_df.write.mode("append").saveAsTable("t")
        stream.writeStream.foreachBatch(upsert).trigger(availableNow=True).start()
      `,
      findings: [{ line: 3, column: 68, message: 'temporary checkpoint', severity: 'warning' }],
    },
    {
      name: 'foreach(writer) also gets a temporary checkpoint',
      code: `
        stream.writeStream.foreach(RowWriter()).start()
      `,
      findings: [{ line: 1, column: 41, message: 'foreach() sink', severity: 'warning' }],
    },
    {
      name: 'format("delta") before foreachBatch: foreachBatch is the sink',
      code: `
        (features.writeStream
            .format("delta")
            .foreachBatch(upsert_features)
            .outputMode("update")
            .start())
      `,
      findings: [{ line: 5, column: 6, message: 'foreachBatch() sink', severity: 'warning' }],
    },
    {
      name: 'format("delta") after foreachBatch: the Delta sink replaces it',
      code: `
        stream.writeStream.foreachBatch(upsert).format("delta").start("/mnt/out")
      `,
      findings: [{ line: 1, column: 57, message: 'Spark refuses to start it', severity: 'error' }],
    },
    {
      name: 'other options but not the checkpoint',
      code: `
        df.writeStream.format("delta").options(mergeSchema="true").option("path", p).start()
      `,
      findings: [{ line: 1, column: 78 }],
    },
    {
      name: "the reader's format and options do not configure the sink",
      code: `
        spark.readStream.format("memory").option("checkpointLocation", "/x").load().writeStream.format("delta").start("/out")
      `,
      findings: [{ line: 1, column: 105 }],
    },
    {
      name: 'start(format=...) names the sink',
      code: `
        df.writeStream.start("/mnt/out", format="json")
      `,
      findings: [{ line: 1, column: 16, message: '"json" sink' }],
    },
    {
      name: 'inside a function, with the writer returned',
      code: `
        def ingest(folder, table):
            stream = spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load(folder)
            return stream.writeStream.option("mergeSchema", "true").table(table)
      `,
      findings: [{ line: 3, column: 61 }],
    },
    {
      name: 'a session-wide checkpoint location but no queryName: a new random folder under it at each start',
      code: `
        spark.conf.set("spark.sql.streaming.checkpointLocation", "/mnt/checkpoints")
        events.writeStream.format("delta").toTable("ml.churn.scores")
      `,
      findings: [{ line: 2, column: 36, severity: 'warning', message: 'has no checkpointLocation and no queryName: under the session\'s spark.sql.streaming.checkpointLocation Spark checkpoints it in a new random folder at each start' }],
    },
    {
      name: 'a named query to a Delta sink in a file that does not show the session setting',
      code: `
        events.writeStream.format("delta").queryName("scores").toTable("ml.churn.scores")
      `,
      findings: [{ line: 1, column: 56, severity: 'error', message: 'Spark refuses to start it ("checkpointLocation must be specified") unless the session sets spark.sql.streaming.checkpointLocation' }],
    },
  ],
  silent: [
    {
      name: 'a foreachBatch function (or lambda) that only shows each batch: a console sink by hand',
      code: `
        def show_batch(batch_df, batch_id):
            \"\"\"Look at each micro-batch.\"\"\"
            print(f"batch {batch_id}: {batch_df.count()} rows")
            batch_df.show(20, False)

        events = spark.readStream.format("rate").load()
        events.writeStream.foreachBatch(show_batch).start()
        events.writeStream.foreachBatch(lambda df, epoch: df.display()).start()
        events.writeStream.foreachBatch(lambda df, epoch: df.select("value").limit(5).show()).start()
        events.writeStream.foreachBatch(lambda df, epoch: print("{} rows".format(df.count()))).start()
        events.writeStream.foreachBatch(lambda df, epoch: print(epoch, df.count(), file=sys.stderr)).start()

        def drop_batch(batch_df, batch_id):
            batch_df.collect()

        events.writeStream.queryName("load_test").foreachBatch(drop_batch).start()
      `,
    },
    {
      name: 'a foreach function that does nothing or only prints each row (a noop or console sink by hand), and a jdbc sink, which Spark refuses for streams before it looks for a checkpoint',
      code: `
        def handle_row(row):
            pass

        def show_row(row):
            print(row)

        events = spark.readStream.format("rate").load()
        events.writeStream.foreach(handle_row).start()
        events.writeStream.foreach(show_row).start()
        events.writeStream.foreach(lambda row: print(row.value)).start()
        events.writeStream.format("jdbc").option("url", "jdbc:postgresql://db/shop").option("dbtable", "orders").start()
      `,
    },
    // Each way of setting the session's base, on its own: a named query after it resumes from <base>/<queryName>.
    ...[
      ['keyword arguments to spark.conf.set', 'spark.conf.set(key="spark.sql.streaming.checkpointLocation", value="/chk")'],
      ['SET in an f-string', 'spark.sql(f"SET spark.sql.streaming.checkpointLocation = {base}")'],
      ['SET joined with +', 'spark.sql("SET spark.sql.streaming.checkpointLocation = " + base)'],
      ['SET built with .format', 'spark.sql("SET spark.sql.streaming.checkpointLocation = {}".format(base))'],
      ['SET held in a name', 'statement = f"SET spark.sql.streaming.checkpointLocation = {base}"\nspark.sql(statement)'],
      ['SET with the key from a name', 'KEY = "spark.sql.streaming.checkpointLocation"\nspark.sql(f"SET {KEY} = {base}")'],
      ['spark.sql(sqlQuery=...)', 'spark.sql(sqlQuery="SET spark.sql.streaming.checkpointLocation = /chk")'],
    ].map(([how, setting]) => ({
      name: `a named query after the base set by ${how}`,
      code: ['base = "/Volumes/ml/chk"', setting, 'spark.readStream.table("a").writeStream.queryName("q").toTable("b")'].join('\n'),
    })),
    {
      name: 'named queries after the setting set through a name, a builder, spark.sql SET, a %sql SET, or in configuration written as data',
      code: `
        # Databricks notebook source
        KEY = "spark.sql.streaming.checkpointLocation"
        spark.conf.set(KEY, "/Volumes/ml/chk")
        spark.readStream.table("a").writeStream.queryName("q1").toTable("b1")

        # COMMAND ----------

        spark = SparkSession.builder.config("spark.sql.streaming.checkpointLocation", "/chk").getOrCreate()
        spark.readStream.table("a").writeStream.queryName("q2").toTable("b2")

        # COMMAND ----------

        spark.sql("SET spark.sql.streaming.checkpointLocation = /chk")
        spark.readStream.table("a").writeStream.queryName("q3").toTable("b3")

        # COMMAND ----------

        cluster = {"spark_conf": {"spark.sql.streaming.checkpointLocation": "/chk"}}
        spark.readStream.table("a").writeStream.queryName("q4").toTable("b4")
      `,
    },
    {
      name: 'checkpointLocation written as two pieces with a comment between them',
      code: `
        predictions = spark.readStream.table("events")
        (predictions.writeStream.format("delta")
            .option("checkpoint"  # where the query keeps its progress
                    "Location", "/chk/scored")
            .toTable("scored"))
      `,
    },
    {
      name: "a lab's writer chain with a blank for the student to fill in: the checkpoint option may be what goes there",
      code: `
        # Databricks notebook source
        checkpoint_path = "/Volumes/main/lab/checkpoints/orders"
        (spark.readStream
            .format("cloudFiles")
            .load("/Volumes/main/lab/raw/orders")
            .writeStream
            .__________________
            .table("orders_bronze"))
        (spark.readStream.table("orders_bronze")
            .writeStream
            .FILL_IN
            .toTable("orders_silver"))
      `,
    },
    {
      name: 'a notebook that runs a setup notebook first (it may set spark.sql.streaming.checkpointLocation for the session), then starts a named query',
      code: `
        # Databricks notebook source
        # MAGIC %run ../resources/00-setup $reset_all_data=false

        # COMMAND ----------

        (spark.readStream.table("turbine_bronze")
            .writeStream.format("delta")
            .queryName("turbine_silver")
            .trigger(processingTime="10 seconds")
            .toTable("turbine_silver"))
      `,
    },
    {
      name: 'option("checkpointLocation", ...)',
      code: `
        (df.writeStream.format("delta")
            .option("checkpointLocation", "/Volumes/ml/churn/checkpoints/scores")
            .toTable("ml.churn.scores"))
      `,
    },
    {
      name: 'checkpointLocation= in start() and toTable()',
      code: `
        df.writeStream.format("delta").start("/mnt/out", checkpointLocation="/mnt/chk")
        df.writeStream.toTable("t", checkpointLocation=chk, mergeSchema=True)
      `,
    },
    {
      name: 'checkpointLocation in options() and case-insensitive keys',
      code: `
        df.writeStream.format("delta").options(checkpointLocation="/mnt/chk").toTable("t")
        df.writeStream.format("delta").option("checkpointlocation", "/mnt/chk2").toTable("t2")
      `,
    },
    {
      name: 'a session-wide checkpoint location set after the function that starts named queries (it runs when called), and named queries (Spark checkpoints them in <base>/<name>)',
      code: `
        def write(df):
            df.writeStream.format("delta").queryName("scores").toTable("t")
            df.writeStream.format("delta").toTable("t2", queryName="scores_2")

        spark.conf.set("spark.sql.streaming.checkpointLocation", "/mnt/checkpoints")
      `,
    },
    {
      name: 'a stream drained once in a pytest test',
      fileName: 'tests/test_stream.py',
      code: `
        def test_scores_stream(spark, tmp_path):
            query = spark.readStream.format("rate").load().writeStream.foreachBatch(collect).start()
            query.processAllAvailable()
            query.stop()
      `,
    },
    {
      name: 'console, memory and noop sinks',
      code: `
        df.writeStream.format("console").start()
        df.writeStream.format("memory").queryName("debug").start()
        df.writeStream.format("noop").start()
        df.writeStream.start(format="console")
        df.writeStream.format("CONSOLE").start()
      `,
    },
    {
      name: 'foreachBatch with its checkpoint',
      code: `
        (stream.writeStream
            .foreachBatch(merge_batch)
            .option("checkpointLocation", f"{volume}/checkpoints/silver")
            .trigger(availableNow=True)
            .start())
      `,
    },
    {
      name: 'the option set on the named writer by a statement of its own',
      code: `
        writer = df.writeStream.format("delta")
        writer.option("checkpointLocation", chk)
        writer.toTable("t")
      `,
    },
    {
      name: 'options from a dict splat may hold the checkpoint',
      code: `
        df.writeStream.format("delta").options(**stream_options).toTable("t")
      `,
    },
    {
      name: 'an option key that is not a literal',
      code: `
        df.writeStream.format("delta").option(key, value).start(p)
      `,
    },
    {
      name: 'a format from a variable (maybe console)',
      code: `
        df.writeStream.format(sink).start()
      `,
    },
    {
      name: 'a batch write (not streaming)',
      code: `
        df.write.format("delta").mode("append").saveAsTable("t")
        df.write.format("delta").save("/mnt/out")
      `,
    },
    {
      name: 'reading a stream table (readStream.table)',
      code: `
        events = spark.readStream.table("bronze")
      `,
    },
    {
      name: 'a thread start and writer-unrelated start()',
      code: `
        import threading
        threading.Thread(target=run).start()
        writeStream = 1
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        q = (df.writeStream.format("delta")
            .toTable("t"
      `,
    },
  ],
  fixes: [
    {
      name: 'inserts the placeholder on its own line in a parenthesized chain',
      safety: 'unsafe',
      fixTitle: 'placeholder path',
      code: `
        (predictions.writeStream
            .format("delta")
            .outputMode("append")
            .toTable("ml.churn.predictions"))
      `,
      output: `
        (predictions.writeStream
            .format("delta")
            .outputMode("append")
            .option("checkpointLocation", "<checkpoint path for ml.churn.predictions>")
            .toTable("ml.churn.predictions"))
      `,
    },
    {
      name: 'keeps backslash continuations',
      safety: 'unsafe',
      code: `
        spark.readStream.table("bronze") \\
            .writeStream \\
            .format("delta") \\
            .toTable("silver")
      `,
      output: `
        spark.readStream.table("bronze") \\
            .writeStream \\
            .format("delta") \\
            .option("checkpointLocation", "<checkpoint path for silver>") \\
            .toTable("silver")
      `,
    },
    {
      name: 'inline chain stays inline',
      safety: 'unsafe',
      code: `
        query = df.writeStream.format("delta").start("/mnt/delta/scores")
      `,
      output: `
        query = df.writeStream.format("delta").option("checkpointLocation", "<checkpoint path for /mnt/delta/scores>").start("/mnt/delta/scores")
      `,
    },
    {
      name: 'a comment at the end of the previous link',
      safety: 'unsafe',
      code: `
        (df.writeStream
            .format("delta")  # the sink
            .start(p))
      `,
      output: `
        (df.writeStream
            .format("delta")  # the sink
            .option("checkpointLocation", "<checkpoint path>")
            .start(p))
      `,
    },
    {
      name: 'uses the one checkpoint variable in scope',
      safety: 'unsafe',
      fixTitle: 'checkpoint_path',
      code: `
        checkpoint_path = "/Volumes/ml/churn/checkpoints/scores"
        df.writeStream.format("delta").toTable("ml.churn.scores")
      `,
      output: `
        checkpoint_path = "/Volumes/ml/churn/checkpoints/scores"
        df.writeStream.format("delta").option("checkpointLocation", checkpoint_path).toTable("ml.churn.scores")
      `,
    },
    {
      name: 'a parameter named for the checkpoint',
      safety: 'unsafe',
      fixTitle: 'checkpointDir',
      code: `
        def write_scores(df, checkpointDir):
            return df.writeStream.format("delta").toTable("ml.churn.scores")
      `,
      output: `
        def write_scores(df, checkpointDir):
            return df.writeStream.format("delta").option("checkpointLocation", checkpointDir).toTable("ml.churn.scores")
      `,
    },
    {
      name: "skips the variable another query already uses as its checkpoint",
      safety: 'unsafe',
      fixTitle: 'silver_checkpoint',
      code: `
        bronze_checkpoint = base + "/bronze"
        silver_checkpoint = base + "/silver"
        bronze.writeStream.option("checkpointLocation", bronze_checkpoint).toTable("bronze")
        silver.writeStream.toTable("silver")
      `,
      output: `
        bronze_checkpoint = base + "/bronze"
        silver_checkpoint = base + "/silver"
        bronze.writeStream.option("checkpointLocation", bronze_checkpoint).toTable("bronze")
        silver.writeStream.option("checkpointLocation", silver_checkpoint).toTable("silver")
      `,
    },
    {
      name: 'a checkpoint base directory that other queries build their paths from: the placeholder',
      safety: 'unsafe',
      fixTitle: 'placeholder path',
      code: `
        checkpoint_base = "/Volumes/ml/churn/checkpoints"
        bronze.writeStream.option("checkpointLocation", f"{checkpoint_base}/bronze").toTable("bronze")
        silver.writeStream.toTable("silver")
      `,
      output: `
        checkpoint_base = "/Volumes/ml/churn/checkpoints"
        bronze.writeStream.option("checkpointLocation", f"{checkpoint_base}/bronze").toTable("bronze")
        silver.writeStream.option("checkpointLocation", "<checkpoint path for silver>").toTable("silver")
      `,
    },
    {
      name: 'two candidate variables: the placeholder',
      safety: 'unsafe',
      fixTitle: 'placeholder path',
      code: `
        checkpoint_a = "/chk/a"
        checkpoint_b = "/chk/b"
        df.writeStream.format("delta").toTable("t")
      `,
      output: `
        checkpoint_a = "/chk/a"
        checkpoint_b = "/chk/b"
        df.writeStream.format("delta").option("checkpointLocation", "<checkpoint path for t>").toTable("t")
      `,
    },
    {
      name: 'foreachBatch gets the same fix',
      safety: 'unsafe',
      code: `
        stream.writeStream.foreachBatch(upsert).start()
      `,
      output: `
        stream.writeStream.foreachBatch(upsert).option("checkpointLocation", "<checkpoint path>").start()
      `,
    },
  ],
});

describe('MLT605 placeholders: one path per query, none where one line starts many queries', () => {
  const newTexts = async (code: string) => (await findingsOf(mlt605StreamWithoutCheckpoint, code)).map((finding) => finding.fixes[0]?.edits[0]?.newText);

  it('numbers the placeholders of queries whose targets are not written out, in file order', async () => {
    const texts = await newTexts('q1 = src.writeStream.foreachBatch(to_orders).start()\nq2 = src.writeStream.foreachBatch(to_alerts).start()\n');
    assert.deepEqual(texts, ['.option("checkpointLocation", "<checkpoint path #1>")', '.option("checkpointLocation", "<checkpoint path #2>")']);
  });

  it('offers no placeholder fix in a function the file calls twice, or in a loop; one call keeps it', async () => {
    const twice = 'def peek(df):\n    df.writeStream.foreachBatch(grab).start()\npeek(a)\npeek(b)\n';
    const loop = 'for df in frames:\n    df.writeStream.foreachBatch(grab).start()\n';
    const once = 'def peek(df):\n    df.writeStream.foreachBatch(grab).start()\npeek(a)\n';
    const onceInLoop = 'def peek(df):\n    df.writeStream.foreachBatch(grab).start()\nfor df in frames:\n    peek(df)\n';
    const sharedVariable = 'checkpoint_dir = "/chk/q"\nfor df in frames:\n    df.writeStream.foreachBatch(grab).start()\n';
    assert.deepEqual(await newTexts(onceInLoop), [undefined]);
    assert.deepEqual(await newTexts(sharedVariable), [undefined]);
    assert.deepEqual(await newTexts(twice), [undefined]);
    assert.deepEqual(await newTexts(loop), [undefined]);
    assert.deepEqual(await newTexts(once), ['.option("checkpointLocation", "<checkpoint path>")']);
  });

  it('follows a function called once to its caller: none where that caller runs twice or in a loop; a chain of single calls keeps it', async () => {
    const starter = 'def start(t):\n    return src.writeStream.format("delta").toTable(t)\n';
    const callerTwice = `${starter}def main():\n    start("a")\nmain()\nmain()\n`;
    const callerInLoop = `${starter}def main(t):\n    start(t)\nfor t in ["a", "b"]:\n    main(t)\n`;
    const callerInComprehension = `${starter}def main(t):\n    return start(t)\nqueries = [main(t) for t in ["a", "b"]]\n`;
    const chainOnce = `${starter}def run():\n    start("a")\ndef main():\n    run()\nmain()\n`;
    const entryPoint = `${starter}def main():\n    start("a")\n`;
    assert.deepEqual(await newTexts(callerTwice), [undefined]);
    assert.deepEqual(await newTexts(callerInLoop), [undefined]);
    assert.deepEqual(await newTexts(callerInComprehension), [undefined]);
    assert.deepEqual(await newTexts(chainOnce), ['.option("checkpointLocation", "<checkpoint path>")']);
    assert.deepEqual(await newTexts(entryPoint), ['.option("checkpointLocation", "<checkpoint path>")']);
    // Passed to map() or bound to another name: it may run any number of times.
    assert.deepEqual(await newTexts(`${starter}queries = list(map(start, ["a", "b"]))\n`), [undefined]);
    assert.deepEqual(await newTexts(`${starter}def main():\n    start("a")\nrun = main\nrun()\nmain()\n`), [undefined]);
  });
});
