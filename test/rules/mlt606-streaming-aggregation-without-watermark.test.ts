import { mlt606StreamingAggregationWithoutWatermark } from '../../rules/mlt606-streaming-aggregation-without-watermark';
import * as assert from 'node:assert/strict';
import { describeRule, findingsOf } from '../support/ruleTester';

describeRule(mlt606StreamingAggregationWithoutWatermark, {
  flagged: [
    {
      name: 'a stream read from the session a module of the project makes (from myproject.session import spark)',
      code: `
        from pyspark.sql import functions as F
        from myproject.session import spark

        events = spark.readStream.format("kafka").option("subscribe", "tx").load()
        totals = events.groupBy(F.window("timestamp", "2 minutes"), "uid").count()
        totals.writeStream.outputMode("update").format("console").start()
      `,
      findings: [{ line: 5, column: 17, message: 'in update mode the query runs, but it keeps the state of every window forever' }],
    },
    {
      name: 'a stream scored by a Spark ML model (loaded, or a pipeline fitted) before the windowed aggregation: the model brings no watermark',
      code: `
        from pyspark.ml import Pipeline, PipelineModel
        from pyspark.sql.functions import col, window

        tweets = spark.readStream.format("rate").load()
        model = PipelineModel.load("models/sentiment")
        scored = model.transform(tweets).select("timestamp", "prediction")
        scored.groupBy(window(col("timestamp"), "5 minutes")).avg("prediction").writeStream.format("console").outputMode("update").start()
        fitted = Pipeline(stages=stages).fit(train_df)
        fitted.transform(tweets).groupBy(window("timestamp", "1 hour")).count().writeStream.outputMode("update").format("console").start()
      `,
      findings: [
        { line: 7, column: 8, message: 'streaming aggregation over window("timestamp") without withWatermark: in update mode the query runs, but it keeps the state of every window forever' },
        { line: 9, column: 26, message: 'in update mode the query runs, but it keeps the state of every window forever' },
      ],
    },
    {
      name: 'an aggregation inspected, then passed on or written, or bound to a name this file does not read (another notebook may %run it): still reported',
      code: `
        from pyspark.sql.functions import col, count, window

        events = spark.readStream.format("rate").load()
        per_window = events.groupBy(window(col("timestamp"), "10 seconds")).agg(count("*").alias("n"))
        per_window.printSchema()
        start_console_query(per_window)
        counts = events.groupBy(window(col("timestamp"), "1 minute")).count()
        counts.explain()
        counts.writeStream.format("console").start()
        events.groupBy(window(col("timestamp"), "1 hour")).count().writeStream.foreachBatch(save).start()
        hourly = events.groupBy(window(col("timestamp"), "1 day")).count()
      `,
      findings: [
        { line: 4, column: 21, message: 'in append mode (the default) Spark refuses to start the query; in update mode its state grows without bound' },
        { line: 7, column: 17, message: 'in append mode (the default) Spark refuses to start the query ("Append output mode' },
        { line: 10, column: 8, message: 'in append mode (the default) Spark refuses to start the query ("Append output mode' },
        { line: 11, column: 17, message: 'in append mode (the default) Spark refuses to start the query; in update mode its state grows without bound' },
      ],
    },
    {
      name: 'a session made with Delta\'s configure_spark_with_delta_pip(builder).getOrCreate() (a local Delta setup)',
      code: `
        from delta import configure_spark_with_delta_pip
        from pyspark.sql import SparkSession
        from pyspark.sql.functions import col, count, window

        builder = SparkSession.builder.appName("events")
        spark = configure_spark_with_delta_pip(builder).getOrCreate()
        counts = spark.readStream.format("rate").load().groupBy(window(col("timestamp"), "1 minute")).agg(count("*"))
        counts.writeStream.outputMode("append").format("console").start()
      `,
      findings: [{ line: 7, column: 49, message: 'in append mode Spark refuses to start the query' }],
    },
    {
      name: 'a stream that a helper makes from the session it is given (the session is no DataFrame passed through)',
      code: `
        from pyspark.sql import SparkSession, functions as F

        def load_events(session: SparkSession):
            return session.readStream.table("main.iot.events")

        load_events(spark).groupBy(F.window("ts", "5 minutes")).count().writeStream.format("console").start()
      `,
      findings: [{ line: 6, column: 20, message: 'in append mode (the default) Spark refuses to start the query' }],
    },
    {
      name: 'a stream that a helper of the file makes (def load_events(): return spark.readStream...), also through a name in the helper',
      code: `
        from pyspark.sql import functions as F

        def load_events():
            return spark.readStream.table("main.iot.events")

        def load_metrics():
            raw = spark.readStream.format("kafka").option("subscribe", "metrics").load()
            return raw.select("host", "ts")

        load_events().groupBy(F.window("ts", "5 minutes")).count().writeStream.outputMode("update").format("console").start()
        load_metrics().groupBy(F.window("ts", "1 minute"), "host").count().writeStream.format("console").start()
      `,
      findings: [
        { line: 10, column: 15, message: 'in update mode the query runs' },
        { line: 11, column: 16, message: 'in append mode (the default) Spark refuses to start the query' },
      ],
    },
    {
      name: 'a stream through helpers whose decorators hand the result on: a timer of the file, functools.lru_cache',
      code: `
        import functools
        import time
        from pyspark.sql import functions as F

        def timed(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                start = time.time()
                result = fn(*args, **kwargs)
                print(fn.__name__, time.time() - start)
                return result
            return wrapper

        @timed
        def add_host(df):
            return df.withColumn("host", F.lit("a"))

        @functools.lru_cache(maxsize=None)
        def add_region(df):
            return df.withColumn("region", F.lit("eu"))

        events = spark.readStream.table("raw.metrics")
        counts = add_region(add_host(events)).groupBy(F.window("ts", "1 minute"), "host").count()
        counts.writeStream.outputMode("update").format("console").start()
      `,
      findings: [{ line: 23, column: 39, message: 'in update mode the query runs, but it keeps the state of every window forever' }],
    },
    {
      name: 'a stream passed through a helper of the file that only adds columns (a loop of withColumn), then through a second one',
      code: `
        from pyspark.sql import functions as F

        def parse_fields(df, names):
            for name in names:
                df = df.withColumn(name, F.expr(f"split(raw, ',')[0]"))
            return df

        def tidy(frame):
            return frame.drop("raw")

        events = spark.readStream.format("kafka").option("subscribe", "metrics").load()
        events = tidy(parse_fields(events.selectExpr("CAST(value AS STRING) AS raw", "timestamp"), ["host"]))
        per_minute = events.groupBy(F.window("timestamp", "1 minute"), "host").count()
        per_minute.writeStream.outputMode("update").format("console").start()
      `,
      findings: [{ line: 13, column: 21, message: 'in update mode the query runs, but it keeps the state of every window forever' }],
    },
    {
      name: 'an aggregation returned to a caller of the file that starts it in the default mode, and a transform function of the file that sets no watermark',
      code: `
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F

        def windowed(spark: SparkSession):
            return spark.readStream.table("raw.c").groupBy(F.window("ts", "10 minutes")).count()

        windowed(spark).writeStream.option("checkpointLocation", "/Volumes/c/chk").toTable("ml.c10")

        def add_hour(df):
            return df.withColumn("hour", F.date_trunc("hour", "ts"))

        agg = spark.readStream.table("raw.r").transform(add_hour).groupBy(F.window("ts", "1 hour")).count()
        agg.writeStream.option("checkpointLocation", "/Volumes/r/chk").toTable("ml.r1h")
      `,
      findings: [
        { line: 5, column: 44, message: 'streaming aggregation over window("ts") without withWatermark: in append mode (the default) Spark refuses to start the query' },
        { line: 12, column: 59, message: 'in append mode (the default) Spark refuses to start the query' },
      ],
    },
    {
      name: 'a stream read in each arm of an if/else (Kafka or a Delta table), neither with a watermark',
      code: `
        from pyspark.sql import functions as F

        if use_kafka:
            events = spark.readStream.format("kafka").option("subscribe", "events").load()
        else:
            events = spark.readStream.table("ml.raw.events")
        counts = events.groupBy(F.window("event_time", "10 minutes")).count()
        counts.writeStream.option("checkpointLocation", "/chk/c").toTable("ml.agg.counts")
      `,
      findings: [{ line: 7, column: 17, message: 'streaming aggregation over window("event_time") without withWatermark: in append mode (the default) Spark refuses to start the query' }],
    },
    {
      name: 'a stream read through the session a class is given (self.spark, annotated SparkSession) or a function parameter named spark',
      code: `
        from pyspark.sql import SparkSession, functions as F

        class EventCounter:
            def __init__(self, spark: SparkSession):
                self.spark = spark

            def run(self):
                events = self.spark.readStream.table("ml.raw.events")
                counts = events.groupBy(F.window("event_time", "10 minutes")).count()
                counts.writeStream.outputMode("append").option("checkpointLocation", "/chk/c").toTable("ml.agg.counts")

        def count_clicks(spark):
            clicks = spark.readStream.table("ml.raw.clicks")
            return clicks.groupBy(F.window("ts", "5 minutes")).count().writeStream.outputMode("update").option("checkpointLocation", "/chk/k").toTable("ml.agg.clicks")
      `,
      findings: [
        { line: 9, column: 25, message: 'streaming aggregation over window("event_time") without withWatermark: in append mode Spark refuses to start the query' },
        { line: 14, column: 19, message: 'in update mode the query runs' },
      ],
    },
    {
      name: 'two watermarks, the last on another column than the window\'s: the last one moves the mark off the window\'s column',
      code: `
        from pyspark.sql.functions import window
        raw = spark.readStream.table("events")
        counts = raw.withWatermark("ts", "1 minute").withWatermark("ingested", "1 minute").groupBy(window("ts", "5 minutes")).count()
        counts.writeStream.option("checkpointLocation", "/chk/c").toTable("counts")
        fine = raw.withWatermark("ingested", "1 minute").withWatermark("ts", "1 minute").groupBy(window("ts", "5 minutes")).count()
        fine.writeStream.option("checkpointLocation", "/chk/f").toTable("fine")
      `,
      findings: [{ line: 3, column: 84, message: 'has no watermark on "ts": the withWatermark on line 3 is set on "ingested"' }],
    },
    {
      name: 'a late watermark and a watermark on another column, each on its own line of a multi-line chain: the message names the call\'s line',
      code: `
        from pyspark.sql import functions as F
        late = (spark.readStream.table("a")
            .groupBy(F.window("ts", "5 minutes")).count()
            .withWatermark("window", "10 minutes"))
        other = (spark.readStream.table("a")
            .withWatermark("time", "1 minute")
            .groupBy(F.window("ts", "5 minutes")).count())
        other.writeStream.option("checkpointLocation", "/chk/o").toTable("o")
        publish(late)
      `,
      findings: [
        { line: 3, column: 6, message: 'the withWatermark on line 4 is called on its result' },
        { line: 7, column: 6, message: 'the withWatermark on line 6 is set on "time"' },
      ],
    },
    {
      name: 'a watermark on another column than the window\'s (the guide: invalid in append mode), through a name and a filter; in update mode the state grows',
      code: `
        from pyspark.sql import functions as F
        raw = spark.readStream.table("events")
        marked = raw.withWatermark("time", "1 minute")
        counts = marked.where("amount > 0").groupBy(F.window(F.col("time2"), "5 minutes")).count()
        counts.writeStream.outputMode("append").option("checkpointLocation", "/chk/c").toTable("counts")
        per_device = raw.withWatermark("ts", "1 minute").groupBy(F.window("event_time", "5 minutes"), "device").count()
        per_device.writeStream.outputMode("update").option("checkpointLocation", "/chk/d").toTable("per_device")
      `,
      findings: [
        {
          line: 4,
          column: 37,
          message:
            'streaming aggregation over window("time2") has no watermark on "time2": the withWatermark on line 3 is set on "time", and Spark bounds an aggregation only by a watermark on a column it groups or windows by; in append mode Spark refuses to start the query',
        },
        { line: 6, column: 50, message: 'has no watermark on "event_time": the withWatermark on line 6 is set on "ts", and Spark bounds an aggregation only by a watermark on a column it groups or windows by; in update mode the query runs, but it keeps the state of every window forever' },
      ],
    },
    {
      name: 'a session window without a watermark (the guide watermarks every session_window example first)',
      code: `
        from pyspark.sql.functions import session_window, count
        events = spark.readStream.table("events")
        sessions = events.groupBy(session_window(events.eventTime, "10 seconds"), events.sessionId).agg(count("*"))
        sessions.writeStream.option("checkpointLocation", "/chk/s").toTable("sessions")
      `,
      findings: [{ line: 3, column: 19, message: 'streaming aggregation over session_window("eventTime") without withWatermark: in append mode (the default) Spark refuses to start the query' }],
    },
    {
      name: 'a window selected under an alias (or unaliased, as "window"), then grouped by that name: no fix after the select, which drops the time column',
      code: `
        from pyspark.sql import functions as F
        a = spark.readStream.table("events").select(F.window("ts", "5 minutes").alias("w"), "plan").groupBy("w", "plan").count()
        b = spark.readStream.table("events").select(F.window("ts", "1 hour")).groupBy("window").count()
        publish(a, b)
      `,
      findings: [
        { line: 2, column: 93, message: 'streaming aggregation over window("ts") without withWatermark' },
        { line: 3, column: 71, message: 'streaming aggregation over window("ts") without withWatermark' },
      ],
    },
    {
      name: "a watermark set on the aggregation's result (the Spark guide's invalid example): said to come too late, not to be missing",
      code: `
        from pyspark.sql.functions import window
        events = spark.readStream.table("ml.events")
        counts = events.groupBy(window("event_time", "5 minutes"), "id").count().withWatermark("event_time", "10 minutes")
        counts.writeStream.outputMode("append").option("checkpointLocation", "/chk/c").toTable("ml.counts")
      `,
      findings: [
        {
          line: 3,
          column: 17,
          message: 'streaming aggregation over window("event_time") has no watermark: the withWatermark on line 3 is called on its result, and Spark uses a watermark only when withWatermark is called before the aggregation; call it before groupBy',
        },
      ],
    },
    {
      name: 'window imported under another name',
      code: `
        from pyspark.sql.functions import window as tumbling
        clicks = spark.readStream.table("ml.web.clicks")
        counts = clicks.groupBy(tumbling("click_ts", "5 minutes")).count()
        counts.writeStream.option("checkpointLocation", "/chk/counts").toTable("ml.web.counts")
      `,
      findings: [{ line: 3, column: 17, message: 'streaming aggregation over window("click_ts") without withWatermark' }],
    },
    {
      name: 'window from the functions star import, with the types star import after it (a common notebook header)',
      code: `
        from pyspark.sql.functions import *
        from pyspark.sql.types import *
        events = spark.readStream.table("iot.events")
        counts = events.groupBy(window(col("timestamp"), "10 seconds")).agg(count("*").alias("n"))
        counts.writeStream.outputMode("update").option("checkpointLocation", "/chk/n").toTable("iot.counts")
      `,
      findings: [{ line: 4, column: 17, message: 'streaming aggregation over window("timestamp") without withWatermark: in update mode' }],
    },
    {
      name: 'the window stored in a column first (its start), then grouped by that column\'s name, in update mode',
      code: `
        from pyspark.sql import functions as F
        hourly = (
            spark.readStream.table("raw.turbine_sensor")
            .withColumn("window", F.window("timestamp", "1 hour")["start"])
            .groupBy("window", "deviceId")
            .agg(F.avg("rpm").alias("rpm"))
        )
        hourly.writeStream.outputMode("update").option("checkpointLocation", "/chk/agg").toTable("silver.agg")
      `,
      findings: [
        {
          line: 5,
          column: 6,
          message:
            'streaming aggregation over a field of window("timestamp") without withWatermark: in update mode the query runs, but it keeps the state of every window forever: the state grows without bound; a watermark on "timestamp" bounds the state only when the query groups by the window itself, not by a field taken from it',
        },
      ],
    },
    {
      name: 'a stream joined with a static table (no watermark anywhere)',
      code: `
        from pyspark.sql import functions as F
        plans = spark.read.table("ml.web.plans")
        clicks = spark.readStream.table("ml.web.clicks")
        counts = clicks.join(plans, "plan_id").groupBy(F.window("click_ts", "5 minutes")).count()
        counts.writeStream.format("delta").option("checkpointLocation", "/chk/counts").toTable("ml.web.counts")
      `,
      findings: [{ line: 4, column: 40, message: 'Spark refuses to start the query' }],
    },
    {
      name: 'F.window on a readStream table through a name',
      code: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("ml.churn.events")
        counts = events.groupBy(F.window("event_time", "5 minutes"), "plan").count()
        publish(counts)
      `,
      findings: [{ line: 3, column: 17, message: 'window("event_time") without withWatermark: in append mode (the default) Spark refuses to start the query; in update mode' }],
    },
    {
      name: 'written with no output mode: the default append, Spark refuses to start it',
      code: `
        from pyspark.sql import functions as F
        counts = spark.readStream.table("events").groupBy(F.window("ts", "5 minutes")).count()
        counts.writeStream.option("checkpointLocation", chk).toTable("counts")
      `,
      findings: [{ line: 2, column: 43, message: 'in append mode (the default) Spark refuses to start the query ("Append output mode not supported' }],
    },
    {
      name: 'written with outputMode("append") in the same chain',
      code: `
        from pyspark.sql import functions as F
        (spark.readStream.table("events")
            .groupBy(F.window("ts", "5 minutes"))
            .count()
            .writeStream.outputMode("append")
            .option("checkpointLocation", chk)
            .toTable("counts"))
      `,
      findings: [{ line: 3, column: 6, message: 'in append mode Spark refuses to start the query' }],
    },
    {
      name: 'written in update mode: it runs, but the state grows',
      code: `
        from pyspark.sql import functions as F
        counts = spark.readStream.table("events").groupBy(F.window("ts", "5 minutes")).count()
        counts.writeStream.outputMode("update").option("checkpointLocation", chk).toTable("counts")
      `,
      findings: [{ line: 2, column: 43, message: 'in update mode the query runs, but it keeps the state of every window forever' }],
    },
    {
      name: 'imported window, one chain with backslashes',
      code: `
        from pyspark.sql.functions import window, col
        agg = spark.readStream.format("delta").load("/mnt/events") \\
            .withColumn("x", col("a") + 1) \\
            .groupBy(window(col("ts"), "1 hour")) \\
            .agg({"x": "sum"})
        publish(agg)
      `,
      findings: [{ line: 4, column: 6, message: 'window("ts")' }],
    },
    {
      name: 'the window bound to a name and aliased',
      code: `
        import pyspark.sql.functions as F
        w = F.window("ts", "10 minutes").alias("w")
        stream = spark.readStream.format("kafka").option("subscribe", "t").load()
        parsed = stream.select(F.from_json("value", schema).alias("e")).select("e.*")
        q = parsed.groupBy(w).count()
        publish(q)
      `,
      findings: [{ line: 5, column: 12 }],
    },
    {
      name: 'groupby spelling and a df.ts column',
      code: `
        from pyspark.sql import functions as F
        s = spark.readStream.table("t")
        q = s.groupby(F.window(s.ts, "5 minutes")).count()
        publish(q)
      `,
      findings: [{ line: 3, column: 7, message: 'window("ts")' }],
    },
    {
      name: 'a time column that is not written as a name (no fix, still flagged)',
      code: `
        from pyspark.sql import functions as F
        s = spark.readStream.table("t")
        q = s.groupBy(F.window(F.to_timestamp("raw"), "5 minutes")).count()
        publish(q)
      `,
      findings: [{ line: 3, column: 7, message: 'window(...)' }],
    },
    {
      name: 'a session from SparkSession.builder',
      code: `
        from pyspark.sql import SparkSession, functions as F
        session = SparkSession.builder.appName("x").getOrCreate()
        q = session.readStream.table("t").groupBy(F.window("ts", "1 minute")).count()
        publish(q)
      `,
      findings: [{ line: 3, column: 35 }],
    },
    {
      name: 'a pipeline table over dlt.read_stream: recomputed in full on every update',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.table(name="sensor_minutes")
        def sensor_minutes():
            return (dlt.read_stream("sensor_readings")
                .groupBy("sensor_id", F.window("reading_ts", "1 minute"))
                .agg(F.avg("value").alias("value")))
      `,
      findings: [{ line: 7, column: 10, severity: 'warning', message: 'a pipeline (Lakeflow / DLT) processes a streaming aggregation incrementally only with a watermark' }],
    },
    {
      name: 'spark.readStream inside a pipeline table function gets the pipeline message',
      code: `
        import dlt
        from pyspark.sql.functions import window

        @dlt.create_table(comment="orders per hour")
        def hourly_orders():
            orders = spark.readStream.table("shop.orders")
            return orders.groupby(window("created_at", "1 hour")).count()
      `,
      findings: [{ line: 7, column: 19, message: 'recomputes the aggregation in full on every update' }],
    },
    {
      name: 'read_stream imported from dlt',
      code: `
        from dlt import read_stream, table
        from pyspark.sql import functions as F

        @table
        def clicks_per_page():
            return read_stream("clicks").groupBy(F.window("ts", "10 minutes"), "page").count()
      `,
      findings: [{ line: 6, column: 34 }],
    },
    {
      name: 'a pipeline table over Auto Loader files (no dataset to inherit a watermark from)',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.table
        def raw_minutes():
            events = spark.readStream.format("cloudFiles").option("cloudFiles.format", "json").load("/Volumes/iot/raw/events")
            return events.groupBy(F.window("ts", "1 minute")).count()
      `,
      findings: [{ line: 7, column: 19, message: 'a pipeline (Lakeflow / DLT)' }],
    },
    {
      name: 'a temporary view of the raw stream, not of the aggregation',
      code: `
        from pyspark.sql.functions import window
        clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load()
        clicks.createOrReplaceTempView("clicks")
        per_minute = clicks.groupBy(window("timestamp", "1 minute"), "page").count()
        publish(per_minute)
      `,
      findings: [{ line: 4, column: 21 }],
    },
  ],
  silent: [
    {
      name: 'near misses of an imported session: a batch read of it, a session imported under another name',
      code: `
        from pyspark.sql import functions as F
        from myproject.session import spark, session

        batch = spark.read.table("events")
        batch.groupBy(F.window("timestamp", "2 minutes")).count().write.saveAsTable("totals")
        events = session.readStream.table("events")
        events.groupBy(F.window("timestamp", "2 minutes")).count().writeStream.outputMode("update").format("console").start()
      `,
    },
    {
      name: 'near misses of a model scoring the stream: the watermark set on the stream it scores, a DataFrame.transform(func) of unknown function',
      code: `
        from pyspark.ml import PipelineModel
        from pyspark.sql.functions import col, window

        tweets = spark.readStream.format("rate").load()
        model = PipelineModel.load("models/sentiment")
        scored = model.transform(tweets.withWatermark("timestamp", "10 minutes"))
        scored.groupBy(window(col("timestamp"), "5 minutes")).count().writeStream.format("console").outputMode("update").start()
        tweets.transform(add_watermark).groupBy(window("timestamp", "1 hour")).count().writeStream.outputMode("update").format("console").start()
      `,
    },
    {
      name: 'an aggregation a lesson only inspects (its schema, its plan, its columns): no query starts',
      code: `
        from pyspark.sql.functions import col, count, window

        events = spark.readStream.format("rate").load()
        per_window = events.groupBy(window(col("timestamp"), "10 seconds")).agg(count("*").alias("n"))
        per_window.printSchema()
        per_window.explain()
        print(per_window.columns)
        events.groupBy(window(col("timestamp"), "1 minute")).count().explain(True)
        (events
            .groupBy(window(col("timestamp"), "1 hour"))
            .count()
            .printSchema())
        hourly_columns = events.groupBy(window(col("timestamp"), "1 day")).count().columns
      `,
    },
    {
      name: 'a helper that returns another DataFrame reached through its parameter (df.sparkSession.read.table): the stream passed in is not what it returns',
      code: `
        from pyspark.sql import functions as F

        def snapshot_of(df):
            return df.sparkSession.read.table("main.iot.snapshot")

        events = spark.readStream.table("main.iot.events")
        snapshot_of(events).groupBy(F.window("ts", "5 minutes")).count().write.saveAsTable("main.iot.counts")
      `,
    },
    {
      name: 'a pipeline table that reads its source through a helper of the file: which dataset (and whether a view of the pipeline watermarks it) is not read there',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.view
        def events():
            return spark.readStream.table("main.iot.raw").withWatermark("ts", "10 minutes")

        def load_events():
            return spark.readStream.table("LIVE.events")

        def load(name):
            return spark.readStream.table(f"LIVE.{name}")

        @dlt.table
        def counts():
            return load_events().groupBy(F.window("ts", "5 minutes")).count()

        @dlt.table
        def counts_by_name():
            return load("events").groupBy(F.window("ts", "5 minutes")).count()
      `,
    },
    {
      name: 'helpers that make the stream with a watermark, a join, or either kind: returns that disagree, or a method',
      code: `
        from pyspark.sql import functions as F

        def load_watermarked():
            return spark.readStream.table("main.iot.events").withWatermark("ts", "10 minutes")

        def load_joined():
            return spark.readStream.table("main.iot.events").join(spark.read.table("main.iot.devices"), "device")

        def load(live):
            if live:
                return spark.readStream.table("main.iot.events")
            return spark.read.table("main.iot.events")

        class Source:
            def events(self):
                return spark.readStream.table("main.iot.events")

        load_watermarked().groupBy(F.window("ts", "5 minutes")).count().writeStream.format("console").start()
        load_joined().groupBy(F.window("ts", "5 minutes")).count().writeStream.format("console").start()
        load(True).groupBy(F.window("ts", "5 minutes")).count().writeStream.format("console").start()
        Source().events().groupBy(F.window("ts", "5 minutes")).count().writeStream.format("console").start()
      `,
    },
    {
      name: 'streams through helpers that may bring a watermark: one calls withWatermark, one joins, one calls another function of the file, the argument watermarked, a method, a decorator that may change the result (imported, of the file and calling withWatermark, returning what an imported function makes of the result, or watermarking the input before the call)',
      code: `
        from pyspark.sql import functions as F

        def with_mark(df):
            return df.withColumn("host", F.lit("a")).withWatermark("timestamp", "5 minutes")

        def enrich(df, hosts):
            return df.join(hosts, "host")

        def outer(df):
            return with_mark(df)

        def renamed(df):
            return df.withColumnRenamed("ts", "timestamp")

        class Parser:
            def parse(self, df):
                return df.withColumn("host", F.lit("a"))

        @with_event_time_watermark("timestamp")
        def decorated(df):
            return df.withColumn("host", F.lit("a"))

        def marked(fn):
            def wrapper(df):
                return fn(df).withWatermark("timestamp", "5 minutes")
            return wrapper

        @marked
        def decorated_here(df):
            return df.withColumn("host", F.lit("a"))

        def hooked(fn):
            def wrapper(df):
                return with_event_watermark(fn(df))
            return wrapper

        @hooked
        def decorated_hook(df):
            return df.withColumn("host", F.lit("a"))

        def dedup_input(fn):
            def wrapper(df):
                return fn(df.withWatermark("timestamp", "5 minutes").dropDuplicates(["id"]))
            return wrapper

        @dedup_input
        def decorated_input(df):
            return df.withColumn("host", F.lit("a"))

        def inject(fn):
            def wrapper(*args, **kwargs):
                kwargs["df"] = kwargs["df"].withWatermark("timestamp", "5 minutes")
                return fn(*args, **kwargs)
            return wrapper

        @inject
        def decorated_kwargs(df):
            return df.withColumn("host", F.lit("a"))

        raw = spark.readStream.format("kafka").option("subscribe", "metrics").load()
        a = with_mark(raw).groupBy(F.window("timestamp", "1 minute")).count()
        b = enrich(raw, spark.read.table("ml.hosts")).groupBy(F.window("timestamp", "1 minute")).count()
        c = outer(raw).groupBy(F.window("timestamp", "1 minute")).count()
        d = renamed(raw.withWatermark("ts", "5 minutes")).groupBy(F.window("timestamp", "1 minute")).count()
        e = Parser().parse(raw).groupBy(F.window("timestamp", "1 minute")).count()
        f = decorated(raw).groupBy(F.window("timestamp", "1 minute")).count()
        g = decorated_here(raw).groupBy(F.window("timestamp", "1 minute")).count()
        h = decorated_hook(raw).groupBy(F.window("timestamp", "1 minute")).count()
        i = decorated_input(raw).groupBy(F.window("timestamp", "1 minute")).count()
        j = decorated_kwargs(df=raw).groupBy(F.window("timestamp", "1 minute")).count()
        for q in [a, b, c, d, e, f, g, h, i, j]:
            q.writeStream.outputMode("update").format("console").start()
      `,
    },
    {
      name: 'a helper that returns another DataFrame than the one it is given, or returns it only on one path',
      code: `
        from pyspark.sql import functions as F

        def replace(df):
            other = spark.read.table("ml.snapshot")
            return other

        def maybe(df, flag):
            if flag:
                return df.withColumn("x", F.lit(1))
            return spark.readStream.table("ml.marked").withWatermark("timestamp", "1 minute")

        raw = spark.readStream.format("kafka").option("subscribe", "metrics").load()
        replace(raw).groupBy(F.window("timestamp", "1 minute")).count().writeStream.outputMode("update").format("console").start()
        maybe(raw, True).groupBy(F.window("timestamp", "1 minute")).count().writeStream.outputMode("update").format("console").start()
      `,
    },
    {
      name: 'a transform function of the file that gets its watermark from another function of the file',
      code: `
        from pyspark.sql import functions as F
        def add_wm(df):
            return df.withWatermark("ts", "10 minutes")
        def prep(df):
            return add_wm(df)
        agg = spark.readStream.table("t").transform(prep).groupBy(F.window("ts", "5 minutes")).count()
        agg.writeStream.option("checkpointLocation", "/Volumes/c").toTable("out")
      `,
    },
    {
      name: 'an aggregation returned for the caller to start (directly, through a name), and watermarks a transform function may set (in a chain, in each arm)',
      code: `
        from pyspark.sql import SparkSession
        from pyspark.sql.functions import window

        def counts(spark: SparkSession):
            return spark.readStream.table("t").groupBy(window("ts", "10 minutes")).count()

        def clicks(spark: SparkSession):
            per_window = spark.readStream.table("c").groupBy(window("ts", "5 minutes")).count()
            return per_window

        counts(spark).writeStream.outputMode("complete").format("memory").queryName("c").start()

        def with_watermark(df):
            return df.withWatermark("ts", "10 minutes")

        spark.readStream.table("a").transform(with_watermark).groupBy(window("ts", "5 minutes")).count().writeStream.option("checkpointLocation", "/tmp/a").toTable("oa")
        if flag:
            ev = spark.readStream.table("a").transform(with_watermark)
        else:
            ev = spark.readStream.table("b").transform(with_watermark)
        ev.groupBy(window("ts", "5 minutes")).count().writeStream.option("checkpointLocation", "/tmp/c").toTable("o")
      `,
    },
    {
      name: 'arms that may carry a watermark or read a batch: a withWatermark in one arm, a batch read in the other',
      code: `
        from pyspark.sql import functions as F

        if use_kafka:
            events = spark.readStream.format("kafka").option("subscribe", "events").load().withWatermark("event_time", "1 hour")
        else:
            events = spark.readStream.table("ml.raw.events")
        events.groupBy(F.window("event_time", "10 minutes")).count().writeStream.option("checkpointLocation", "/chk/c").toTable("a")
        if backfill:
            clicks = spark.read.table("ml.raw.clicks")
        else:
            clicks = spark.readStream.table("ml.raw.clicks")
        clicks.groupBy(F.window("ts", "10 minutes")).count().writeStream.option("checkpointLocation", "/chk/k").toTable("b")
      `,
    },
    {
      name: 'readStream on a parameter that is not known to be a session (another name, another annotation)',
      code: `
        from pyspark.sql import functions as F

        def count_events(source, ctx: "StreamContext"):
            events = source.readStream.table("ml.raw.events")
            events.groupBy(F.window("event_time", "10 minutes")).count().writeStream.option("checkpointLocation", "/chk/c").toTable("a")
            clicks = ctx.readStream.table("ml.raw.clicks")
            clicks.groupBy(F.window("ts", "5 minutes")).count().writeStream.option("checkpointLocation", "/chk/k").toTable("b")
      `,
    },
    {
      name: 'a watermark on the window\'s column in another letter case, on a grouped column, or before a step that may make the window\'s column from it',
      code: `
        from pyspark.sql.functions import window
        raw = spark.readStream.table("events")
        a = raw.withWatermark("Event_Time", "1 minute").groupBy(window("event_time", "5 minutes")).count()
        a.writeStream.option("checkpointLocation", "/chk/a").toTable("a")
        b = raw.withWatermark("time", "1 minute").groupBy(window("time2", "5 minutes"), "time").count()
        b.writeStream.option("checkpointLocation", "/chk/b").toTable("b")
        c = raw.withWatermark("time", "1 minute").withColumn("time2", raw.time).groupBy(window("time2", "5 minutes")).count()
        c.writeStream.option("checkpointLocation", "/chk/c").toTable("c")
        d = raw.withWatermark(TIME_COLUMN, "1 minute").groupBy(window("time2", "5 minutes")).count()
        d.writeStream.option("checkpointLocation", "/chk/d").toTable("d")
      `,
    },
    {
      name: 'a session window after a watermark',
      code: `
        from pyspark.sql.functions import session_window, count
        events = spark.readStream.table("events").withWatermark("eventTime", "10 minutes")
        sessions = events.groupBy(session_window(events.eventTime, "10 seconds"), events.sessionId).agg(count("*"))
        sessions.writeStream.option("checkpointLocation", "/chk/s").toTable("sessions")
      `,
    },
    {
      name: 'a selected window aliased to another name than the one grouped by, and a select of a plain column under the grouped name',
      code: `
        from pyspark.sql import functions as F
        a = spark.readStream.table("events").select(F.window("ts", "5 minutes").alias("w"), "plan").groupBy("plan").count()
        b = spark.readStream.table("events").select(F.col("ts").alias("w")).groupBy("w").count()
      `,
    },
    {
      name: 'a window column grouped after withWatermark, and a column filled with something else than a window',
      code: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("raw.turbine_sensor")
        hourly = (
            events.withWatermark("timestamp", "10 minutes")
            .withColumn("w", F.window("timestamp", "1 hour"))
            .groupBy("w", "deviceId")
            .count()
        )
        daily = events.withColumn("day", F.to_date("timestamp")).groupBy("day").count()
        hourly.writeStream.outputMode("update").option("checkpointLocation", "/chk/a").toTable("silver.a")
        daily.writeStream.outputMode("complete").option("checkpointLocation", "/chk/b").toTable("silver.b")
      `,
    },
    {
      name: 'the aggregation registered as a temporary view: the SQL that reads it starts the query',
      code: `
        from pyspark.sql.functions import window
        clicks = spark.readStream.format("kafka").option("subscribe", "clicks").load()
        per_minute = clicks.groupBy(window("timestamp", "1 minute"), "page").count()
        per_minute.createOrReplaceTempView("clicks_per_minute")
        ranked = spark.sql("select * from clicks_per_minute order by count desc")
        ranked.writeStream.outputMode("complete").format("console").start()
      `,
    },
    {
      name: 'a DataFrame derived from the aggregation, shown with display (which picks the output mode itself)',
      code: `
        # Databricks notebook source
        from pyspark.sql.functions import window, col
        counts = (spark.readStream.format("rate").load()
                  .groupBy(window("timestamp", "10 seconds"))
                  .count())
        # COMMAND ----------
        display(counts.select(col("window.end").alias("time"), "count").orderBy("time"))
      `,
    },
    {
      name: 'the watermark comes in through a joined stream',
      code: `
        from pyspark.sql import functions as F
        views = spark.readStream.table("ml.web.views").withWatermark("view_ts", "10 minutes")
        clicks = spark.readStream.table("ml.web.clicks")
        counts = clicks.join(views, "session_id").groupBy(F.window("view_ts", "5 minutes")).count()
        counts.writeStream.format("delta").option("checkpointLocation", "/chk/counts").toTable("ml.web.counts")
      `,
    },
    {
      name: 'a pipeline stream read from a view of the file that sets the watermark',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.view(name="readings_late")
        def readings_with_watermark():
            return dlt.read_stream("readings").withWatermark("reading_ts", "5 minutes")

        @dlt.table
        def readings_per_minute():
            return dlt.read_stream("LIVE.readings_late").groupBy(F.window("reading_ts", "1 minute")).count()
      `,
    },
    {
      name: 'a pipeline stream from a dataset named by a computed string',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.table
        def per_minute():
            return dlt.read_stream(f"{source}_clean").groupBy(F.window("ts", "1 minute")).count()
      `,
    },
    {
      name: 'a pipeline table whose stream has a watermark',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.table
        def sensor_minutes():
            return (dlt.read_stream("sensor_readings")
                .withWatermark("reading_ts", "5 minutes")
                .groupBy(F.window("reading_ts", "1 minute"))
                .count())
      `,
    },
    {
      name: 'a materialized view over dlt.read (batch)',
      code: `
        import dlt
        from pyspark.sql import functions as F

        @dlt.table
        def daily_totals():
            return dlt.read("sales").groupBy(F.window("sold_at", "1 day")).agg(F.sum("amount"))
      `,
    },
    {
      name: 'a read_stream that is not the pipeline module\'s',
      code: `
        from pyspark.sql import functions as F
        from ingest import read_stream
        read_stream("clicks").groupBy(F.window("ts", "10 minutes")).count()
      `,
    },
    {
      name: 'an aggregation the notebook only displays (display() runs it in complete mode)',
      code: `
        # Databricks notebook source
        from pyspark.sql.functions import col, window
        streamingDF = spark.readStream.schema(schema).json(path)
        countsDF = (streamingDF
            .groupBy(col("action"), window(col("time"), "1 hour"))
            .count())
        display(countsDF)
      `,
    },
    {
      name: 'withWatermark earlier in the chain',
      code: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("e").withWatermark("event_time", "10 minutes")
        events.groupBy(F.window("event_time", "5 minutes")).count()
      `,
    },
    {
      name: 'withWatermark through a second name',
      code: `
        from pyspark.sql import functions as F
        raw = spark.readStream.table("e")
        late = raw.withWatermark("ts", "1 hour").withColumn("d", F.lit(1))
        late.groupBy(F.window("ts", "5 minutes")).count()
      `,
    },
    {
      name: 'a batch DataFrame (spark.read)',
      code: `
        from pyspark.sql import functions as F
        spark.read.table("e").groupBy(F.window("ts", "5 minutes")).count()
      `,
    },
    {
      name: 'written in complete mode: all state is kept whatever the watermark',
      code: `
        from pyspark.sql import functions as F
        counts = spark.readStream.table("events").groupBy(F.window("ts", "5 minutes")).count()
        counts.writeStream.outputMode("complete").format("memory").queryName("counts").start()
      `,
    },
    {
      name: 'a streaming groupBy without a window',
      code: `
        spark.readStream.table("e").groupBy("plan").count()
      `,
    },
    {
      name: 'a DataFrame of unknown origin (a parameter)',
      code: `
        from pyspark.sql import functions as F
        def agg(df):
            return df.groupBy(F.window("ts", "5 minutes")).count()
      `,
    },
    {
      name: 'a local function called window',
      code: `
        def window(c, d): return c
        spark.readStream.table("e").groupBy(window("ts", "5 minutes")).count()
      `,
    },
    {
      name: 'a pyspark.sql.Window spec (not the window function)',
      code: `
        from pyspark.sql import Window
        w = Window.partitionBy("k").orderBy("ts")
        spark.readStream.table("e").groupBy("k").count()
      `,
    },
    {
      name: 'a pandas groupby with a window-like name',
      code: `
        import pandas as pd
        pdf.groupby(pd.Grouper(key="ts", freq="5min")).sum()
      `,
    },
    {
      name: 'in a comment',
      code: `
        # spark.readStream.table("e").groupBy(F.window("ts", "5 minutes")).count()
        x = 1
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        from pyspark.sql import functions as F
        s = spark.readStream.table("t")
        s.groupBy(F.window("ts", 
      `,
    },
  ],
  fixes: [
    {
      name: 'a stream passed through a helper: the watermark goes on the grouped name, after the helper',
      safety: 'unsafe',
      code: `
        from pyspark.sql import functions as F
        def add_host(df):
            return df.withColumn("host", F.lit("a"))
        events = add_host(spark.readStream.table("raw.metrics"))
        counts = events.groupBy(F.window("ts", "1 minute"), "host").count()
        publish(counts)
      `,
      output: `
        from pyspark.sql import functions as F
        def add_host(df):
            return df.withColumn("host", F.lit("a"))
        events = add_host(spark.readStream.table("raw.metrics"))
        counts = events.withWatermark("ts", "10 minutes").groupBy(F.window("ts", "1 minute"), "host").count()
        publish(counts)
      `,
    },
    {
      name: 'a window held in a column: the watermark goes on its time column, before the groupBy',
      safety: 'unsafe',
      code: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("raw.turbine_sensor")
        hourly = events.withColumn("w", F.window("timestamp", "1 hour")).groupBy("w").count()
        publish(hourly)
      `,
      output: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("raw.turbine_sensor")
        hourly = events.withColumn("w", F.window("timestamp", "1 hour")).withWatermark("timestamp", "10 minutes").groupBy("w").count()
        publish(hourly)
      `,
    },
    {
      name: 'inserts withWatermark with the window time column',
      safety: 'unsafe',
      code: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("ml.churn.events")
        counts = events.groupBy(F.window("event_time", "5 minutes"), "plan").count()
        publish(counts)
      `,
      output: `
        from pyspark.sql import functions as F
        events = spark.readStream.table("ml.churn.events")
        counts = events.withWatermark("event_time", "10 minutes").groupBy(F.window("event_time", "5 minutes"), "plan").count()
        publish(counts)
      `,
    },
    {
      name: 'keeps the backslash layout',
      safety: 'unsafe',
      code: `
        from pyspark.sql.functions import window, col
        agg = spark.readStream.format("delta").load("/mnt/events") \\
            .withColumn("x", col("a") + 1) \\
            .groupBy(window(col("ts"), "1 hour")) \\
            .agg({"x": "sum"})
        publish(agg)
      `,
      output: `
        from pyspark.sql.functions import window, col
        agg = spark.readStream.format("delta").load("/mnt/events") \\
            .withColumn("x", col("a") + 1) \\
            .withWatermark("ts", "10 minutes") \\
            .groupBy(window(col("ts"), "1 hour")) \\
            .agg({"x": "sum"})
        publish(agg)
      `,
    },
  ],
});

describe('MLT606 offers no watermark where it cannot reach the grouped key', () => {
  it('a column holding the window\'s start: no fix; the window itself: the fix', async () => {
    const query = (column: string) => `from pyspark.sql import functions as F
hourly = (
    spark.readStream.table("raw.turbine_sensor")
    .withColumn("window", ${column})
    .groupBy("window", "deviceId")
    .agg(F.avg("rpm").alias("rpm"))
)
hourly.writeStream.outputMode("update").option("checkpointLocation", "/chk/agg").toTable("silver.agg")
`;
    for (const field of ['F.window("timestamp", "1 hour")["start"]', 'F.window("timestamp", "1 hour").start']) {
      const findings = await findingsOf(mlt606StreamingAggregationWithoutWatermark, query(field));
      assert.equal(findings.length, 1, field);
      assert.deepEqual(findings[0].fixes, [], field);
    }
    const whole = await findingsOf(mlt606StreamingAggregationWithoutWatermark, query('F.window("timestamp", "1 hour")'));
    assert.deepEqual(whole.map((finding) => finding.fixes.map((fix) => fix.title)), [['Add .withWatermark("timestamp", "10 minutes") before groupBy (check the delay)']]);
    assert.ok(!whole[0].message.includes('a field of'), whole[0].message);
  });

  it('a watermark set on the result: no fix (a second withWatermark before groupBy would leave the late one in place)', async () => {
    const findings = await findingsOf(
      mlt606StreamingAggregationWithoutWatermark,
      'from pyspark.sql import functions as F\nc = spark.readStream.table("e").groupBy(F.window("t", "5 minutes")).count()\nlate = c.withWatermark("t", "1 minute")\n',
    );
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /the withWatermark on line 3 is called on its result/);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('a window that a select names: no fix (the select may drop the time column the watermark needs)', async () => {
    const findings = await findingsOf(
      mlt606StreamingAggregationWithoutWatermark,
      'from pyspark.sql import functions as F\nc = spark.readStream.table("e").select(F.window("t", "5 minutes").alias("w")).groupBy("w").count()\npublish(c)\n',
    );
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });
});
