import { mlt609BatchWriteOnStream } from '../../rules/mlt609-batch-write-on-stream';
import { describeRule } from '../support/ruleTester';

describeRule(mlt609BatchWriteOnStream, {
  flagged: [
    {
      name: 'a session built in two steps (builder = SparkSession.builder..., then spark = builder.getOrCreate())',
      code: `
        from pyspark.sql import SparkSession

        builder = SparkSession.builder.appName("events").config("spark.sql.shuffle.partitions", "4")
        spark = builder.getOrCreate()
        events = spark.readStream.format("rate").load()
        events.write.saveAsTable("main.iot.copy")
      `,
      findings: [{ line: 6, column: 8, message: '.write on a streaming DataFrame (spark.readStream, line 5)' }],
    },
    {
      name: 'a stream that a helper of the file makes (def load_events(): return spark.readStream...), and one passed through a helper that adds columns',
      code: `
        def load_events():
            return spark.readStream.table("main.iot.events")

        def add_cols(df):
            return df.withColumn("x", df.a + 1)

        events = load_events()
        events.write.mode("append").saveAsTable("main.iot.copy")
        add_cols(spark.readStream.table("main.iot.raw")).write.saveAsTable("main.iot.raw_copy")
        add_cols(load_events()).toPandas()
      `,
      findings: [
        { line: 8, column: 8, message: '.write on a streaming DataFrame (spark.readStream, line 2)' },
        { line: 9, column: 50, message: '.write on a streaming DataFrame' },
        { line: 10, column: 25, message: '.toPandas() on a streaming DataFrame' },
      ],
    },
    {
      name: 'a stream that a helper makes from the session it is given (annotated SparkSession, or named spark)',
      code: `
        from pyspark.sql import SparkSession

        def load_events(session: SparkSession):
            return session.readStream.table("main.iot.events")

        def load_events2(spark):
            return spark.readStream.table("main.iot.events")

        load_events(spark).write.saveAsTable("main.iot.out")
        load_events2(spark).write.saveAsTable("main.iot.out2")
      `,
      findings: [
        { line: 9, column: 20, message: '.write on a streaming DataFrame (spark.readStream, line 4)' },
        { line: 10, column: 21, message: '.write on a streaming DataFrame (spark.readStream, line 7)' },
      ],
    },
    {
      name: 'a batch DataFrame that a helper makes, started as a stream',
      code: `
        def load_batch():
            frame = spark.read.table("main.iot.events")
            return frame.select("a", "ts")

        load_batch().writeStream.format("delta").option("checkpointLocation", "/c").toTable("main.iot.out")
      `,
      findings: [{ line: 5, column: 14, message: '.writeStream on a batch DataFrame (spark.read, line 2)' }],
    },
    {
      name: 'actions chained on a stream: only the first raises, and only it is reported (the later one is called on a list, a Row or None)',
      code: `
        from pyspark.sql import functions as F
        posts = spark.readStream.format("kafka").option("subscribe", "posts").load()
        posts.groupBy("category").avg("likes").collect().show()
        rows = posts.take(5)
        rows.count(None)
        posts.groupBy("category").count().show()
      `,
      findings: [
        { line: 3, column: 40, message: '.collect() on a streaming DataFrame' },
        { line: 4, column: 14, message: '.take() on a streaming DataFrame' },
        { line: 6, column: 35, message: '.show() on a streaming DataFrame' },
      ],
    },
    {
      name: 'a stream read through a session parameter (annotated, or named spark) and written as a batch',
      code: `
        from pyspark.sql import SparkSession

        def archive(spark: SparkSession):
            events = spark.readStream.table("ml.raw.events")
            events.write.mode("append").saveAsTable("ml.archive.events")
      `,
      findings: [{ line: 5, column: 12, message: ".write on a streaming DataFrame (spark.readStream, line 4)" }],
    },
    {
      name: 'a stream kept in an instance attribute by __init__ and acted on in another method',
      code: `
        class Scorer:
            def __init__(self):
                self.events = spark.readStream.table("ml.events")

            def preview(self):
                self.events.foreach(print)
      `,
      findings: [{ line: 6, column: 21, message: '.foreach() on a streaming DataFrame (spark.readStream, line 3)' }],
    },
    {
      name: 'a helper of the file that writes (or shows) the DataFrame it is given, called with a stream',
      code: `
        def save(df, table):
            df.write.mode("append").saveAsTable(table)

        def peek(df):
            df.filter("amount > 0").show()

        events = spark.readStream.table("ml.events")
        save(events, "ml.events_copy")
        peek(df=events)
      `,
      findings: [
        { line: 2, column: 8, message: '.write on a streaming DataFrame (spark.readStream, line 7): Spark refuses it' },
        { line: 5, column: 29, message: '.show() on a streaming DataFrame (spark.readStream, line 7)' },
      ],
    },
    {
      name: "foreach on a streaming DataFrame (the guide's Unsupported Operations: use ds.writeStream.foreach instead)",
      code: `
        ds = spark.readStream.table("events")
        ds.foreach(lambda row: print(row))
        ds.foreachPartition(send_partition)
      `,
      findings: [
        { line: 2, column: 4, message: '.foreach() on a streaming DataFrame (spark.readStream, line 1): Spark raises at once ("Queries with streaming sources must be executed with writeStream.start()"); use .writeStream.foreach(...) and start the query' },
        { line: 3, column: 4, message: '.foreachPartition() on a streaming DataFrame (spark.readStream, line 1): Spark raises at once' },
      ],
    },
    {
      name: 'count(), show() and first() on a Kafka stream: actions that run a batch query',
      code: `
        events = spark.readStream.format("kafka").option("subscribe", "clicks").load()
        print(events.count())
        events.show(5)
        latest = events.first()
      `,
      findings: [
        { line: 2, column: 14, message: '.count() on a streaming DataFrame (spark.readStream, line 1): Spark raises at once ("Queries with streaming sources must be executed with writeStream.start()")' },
        { line: 3, column: 8, message: '.show() on a streaming DataFrame' },
        { line: 4, column: 17, message: '.first() on a streaming DataFrame' },
      ],
    },
    {
      name: '.write on a DataFrame from spark.readStream, through names',
      code: `
        events = spark.readStream.table("ml.churn.events")
        scored = events.withColumn("prediction", predict(*cols))
        scored.write.mode("append").saveAsTable("ml.churn.predictions")
      `,
      findings: [{ line: 3, column: 8, message: 'Spark refuses it (write "can not be called on streaming Dataset/DataFrame"): at .write on Spark Classic, and when the write runs on Spark Connect (serverless compute, Databricks Connect, and Python notebooks on standard compute from Databricks Runtime 14.3)', severity: 'error' }],
    },
    {
      name: '.writeStream on a DataFrame from spark.read',
      code: `
        batch = spark.read.format("delta").load("/mnt/events")
        batch.writeStream.format("delta").option("checkpointLocation", "/chk").start("/mnt/out")
      `,
      findings: [{ line: 2, column: 7, message: 'Spark refuses it (writeStream "can be called only on streaming Dataset/DataFrame")' }],
    },
    {
      name: '.toPandas() and .collect() on a stream',
      code: `
        stream = spark.readStream.format("rate").load()
        pdf = stream.toPandas()
        rows = stream.select("value").collect()
      `,
      findings: [
        { line: 2, column: 14, message: 'Queries with streaming sources must be executed with writeStream.start()' },
        { line: 3, column: 31, message: '.collect()' },
      ],
    },
    {
      name: 'in a Databricks notebook, across cells',
      code: `
        # Databricks notebook source
        df = spark.readStream.table("bronze")

        # COMMAND ----------

        df.write.saveAsTable("silver")
      `,
      findings: [{ line: 6, column: 4 }],
    },
    {
      name: 'a stream joined with a static table is still a stream',
      code: `
        joined = spark.readStream.table("events").join(spark.table("customers"), "id")
        joined.write.saveAsTable("out")
      `,
      findings: [{ line: 2, column: 8 }],
    },
  ],
  silent: [
    {
      name: 'getOrCreate of something that is not a Spark builder (a cache of the project\'s): no session, no stream',
      code: `
        from myproj.cache import FrameCache

        cache = FrameCache()
        spark = cache.getOrCreate()
        events = spark.readStream.format("rate").load()
        events.write.saveAsTable("main.iot.copy")
      `,
    },
    {
      name: 'a helper that reaches another DataFrame through its parameter (df.sparkSession.readStream / .table / .read): not the DataFrame passed in',
      code: `
        def live_version(df):
            return df.sparkSession.readStream.table("main.iot.events")

        def dim_for(df):
            return df.sparkSession.table("main.iot.devices")

        def collect_static(df):
            df = df.sparkSession.read.table("main.iot.static")
            return df

        events = spark.readStream.table("main.iot.events")
        live_version(spark.read.table("main.iot.events")).writeStream.option("checkpointLocation", "/c").toTable("main.iot.out")
        dim_for(events).write.saveAsTable("main.iot.devices_copy")
        collect_static(events).collect()
      `,
    },
    {
      name: 'helpers that may make either kind, or that mltraps does not follow: returns that disagree, a method, a generator, a decorator of another module, a helper that joins',
      code: `
        import functools
        from tools import cached

        def load(live):
            if live:
                return spark.readStream.table("main.iot.events")
            return spark.read.table("main.iot.events")

        class Source:
            def events(self):
                return spark.readStream.table("main.iot.events")

        def batches():
            yield spark.readStream.table("main.iot.events")

        @cached
        def decorated():
            return spark.readStream.table("main.iot.events")

        def enriched(df):
            return df.join(spark.read.table("main.iot.devices"), "device")

        load(True).write.saveAsTable("main.iot.a")
        Source().events().write.saveAsTable("main.iot.b")
        decorated().write.saveAsTable("main.iot.c")
        enriched(spark.read.table("main.iot.events")).writeStream.toTable("main.iot.d")
      `,
    },
    {
      name: 'a writer helper that returns early for streams (the test written first, or held in a name)',
      code: `
        def save(df, table):
            if df.isStreaming:
                return df.writeStream.option("checkpointLocation", f"/chk/{table}").toTable(table)
            df.write.saveAsTable(table)

        def save_too(df, table):
            streaming = df.isStreaming
            if not streaming:
                df.write.saveAsTable(table)

        save(spark.readStream.table("a"), "copy_a")
        save_too(spark.readStream.table("a"), "copy_b")
      `,
    },
    {
      name: 'a writer helper that tests isStreaming, and an attribute that a class attribute, setattr or an outside assignment may also set',
      code: `
        def save(df, table):
            if df.isStreaming:
                df.writeStream.option("checkpointLocation", f"/chk/{table}").toTable(table)
            else:
                df.write.saveAsTable(table)

        save(spark.readStream.table("a"), "copy_a")

        class Job:
            events = spark.read.table("ml.events")

            def __init__(self):
                self.events = spark.readStream.table("ml.events")

            def preview(self):
                self.events.show()

        class Other:
            def __init__(self):
                self.frame = spark.readStream.table("ml.events")

            def preview(self):
                self.frame.show()

        other = Other()
        other.frame = spark.read.table("ml.events")
      `,
    },
    {
      name: 'an instance attribute assigned a stream in one method and a batch DataFrame in another',
      code: `
        class Scorer:
            def __init__(self):
                self.events = spark.readStream.table("ml.events")

            def use_batch(self):
                self.events = spark.read.table("ml.events")

            def preview(self):
                self.events.show()
      `,
    },
    {
      name: 'a helper called with a stream and with a batch DataFrame, one never called, a foreachBatch function, and a call with *args',
      code: `
        def save(df, table):
            df.write.mode("append").saveAsTable(table)

        def unused(df):
            df.write.saveAsTable("t")

        def each_batch(batch_df, batch_id):
            batch_df.write.mode("append").saveAsTable("scores")

        def show_all(df):
            df.show()

        save(spark.readStream.table("a"), "copy_a")
        save(spark.read.table("b"), "copy_b")
        spark.readStream.table("a").writeStream.foreachBatch(each_batch).option("checkpointLocation", "/chk").start()
        show_all(*[spark.readStream.table("a")])
      `,
    },
    {
      name: "the streaming foreach sink (through .writeStream, also bound to a name), and foreach on a batch DataFrame",
      code: `
        ds = spark.readStream.table("events")
        ds.writeStream.foreach(lambda row: print(row)).start()
        writer = ds.writeStream.outputMode("append")
        writer.foreach(print).start()
        spark.read.table("events").foreach(print)
      `,
    },
    {
      name: 'groupBy(...).count() on a stream: an aggregation, not an action',
      code: `
        events = spark.readStream.format("kafka").option("subscribe", "clicks").load()
        per_page = events.groupBy("page").count()
        per_key = events.groupby("key").count().withColumnRenamed("count", "n")
      `,
    },
    {
      name: 'a test that checks the errors (pytest.raises) in a test file, and in a test function of another file',
      fileName: 'tests/test_streaming.py',
      code: `
import pytest
from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()

def test_batch_write_on_stream_fails():
    events = spark.readStream.format("rate").load()
    with pytest.raises(AnalysisException, match="can not be called on streaming"):
        events.write.saveAsTable("t")
    with pytest.raises(AnalysisException):
        spark.read.table("ml.churn.events").writeStream.start()
`,
    },
    {
      name: 'a test function in a file that is not a test file',
      code: `
import pytest
spark = SparkSession.builder.getOrCreate()

def test_collect_on_stream_raises():
    with pytest.raises(Exception):
        spark.readStream.table("ml.churn.events").collect()
`,
    },
    {
      name: 'the batch DataFrame inside a foreachBatch function',
      code: `
        def upsert(batch_df, batch_id):
            batch_df.write.mode("append").saveAsTable("silver")
            rows = batch_df.collect()
        spark.readStream.table("bronze").writeStream.foreachBatch(upsert).option("checkpointLocation", "/chk").start()
      `,
    },
    {
      name: 'display(stream_df) in a notebook',
      code: `
        # Databricks notebook source
        stream_df = spark.readStream.table("bronze")
        display(stream_df)
      `,
    },
    {
      name: 'writeStream on a stream, write on a batch DataFrame',
      code: `
        spark.readStream.table("a").writeStream.option("checkpointLocation", "/chk").toTable("b")
        spark.read.table("a").write.saveAsTable("c")
      `,
    },
    {
      name: 'a static DataFrame joined with a stream is a stream: writeStream is right',
      code: `
        static = spark.read.table("customers")
        static.join(spark.readStream.table("events"), "id").writeStream.option("checkpointLocation", "/c").toTable("out")
      `,
    },
    {
      name: 'spark.table may be a temporary view over a stream: undecided',
      code: `
        spark.readStream.table("events").createOrReplaceTempView("events_v")
        spark.table("events_v").writeStream.option("checkpointLocation", "/c").toTable("out")
        spark.sql("SELECT * FROM events_v").writeStream.option("checkpointLocation", "/d").toTable("out2")
      `,
    },
    {
      name: 'a DataFrame of unknown origin (a parameter)',
      code: `
        def save(df):
            df.write.saveAsTable("t")
            df.writeStream.toTable("u")
      `,
    },
    {
      name: 'a name rebound to a batch DataFrame before the write',
      code: `
        df = spark.readStream.table("bronze")
        df = spark.read.table("bronze")
        df.write.saveAsTable("copy")
      `,
    },
  ],
  fixes: [],
});
