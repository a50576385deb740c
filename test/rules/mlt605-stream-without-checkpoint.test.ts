import { mlt605StreamWithoutCheckpoint } from '../../rules/mlt605-stream-without-checkpoint';
import { describeRule } from '../support/ruleTester';

describeRule(mlt605StreamWithoutCheckpoint, {
  flagged: [
    {
      name: 'a Delta table sink without checkpoint, chain in parentheses',
      code: `
        (predictions.writeStream
            .format("delta")
            .outputMode("append")
            .toTable("ml.churn.predictions"))
      `,
      findings: [{ line: 4, column: 6, message: 'started with toTable() has no checkpointLocation' }],
    },
    {
      name: 'start(path) on one line',
      code: `
        query = df.writeStream.format("delta").start("/mnt/delta/scores")
      `,
      findings: [{ line: 1, column: 40 }],
    },
    {
      name: 'the writer bound to a name, configured and started later',
      code: `
        writer = events.writeStream.format("parquet").option("path", "/mnt/out")
        writer.trigger(availableNow=True)
        writer.start()
      `,
      findings: [{ line: 3, column: 8 }],
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
      name: 'foreachBatch still needs a checkpoint for exactly-once',
      code: `
        def upsert(batch_df, batch_id):
            batch_df.write.mode("append").saveAsTable("t")
        stream.writeStream.foreachBatch(upsert).start()
      `,
      findings: [{ line: 3, column: 41 }],
    },
    {
      name: 'no format at all (the default file sink)',
      code: `
        q = df.writeStream.outputMode("append").start(path="/mnt/out")
      `,
      findings: [{ line: 1, column: 41 }],
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
  ],
  silent: [
    {
      name: 'option("checkpointLocation", ...)',
      code: `
        (df.writeStream.format("delta")
            .option("checkpointLocation", "/Volumes/ml/churn/checkpoints/scores")
            .toTable("ml.churn.scores"))
      `,
    },
    {
      name: 'checkpointLocation= in start()',
      code: `
        df.writeStream.format("delta").start("/mnt/out", checkpointLocation="/mnt/chk")
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
      name: 'a session-wide checkpoint location',
      code: `
        spark.conf.set("spark.sql.streaming.checkpointLocation", "/mnt/checkpoints")
        df.writeStream.format("delta").toTable("t")
      `,
    },
    {
      name: 'console, memory and noop sinks',
      code: `
        df.writeStream.format("console").start()
        df.writeStream.format("memory").queryName("debug").start()
        df.writeStream.format("noop").start()
        df.writeStream.start(format="console")
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
      name: 'inserts the option on its own line in a parenthesized chain',
      safety: 'unsafe',
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
            .option("checkpointLocation", "<checkpoint path>")
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
            .option("checkpointLocation", "<checkpoint path>") \\
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
        query = df.writeStream.format("delta").option("checkpointLocation", "<checkpoint path>").start("/mnt/delta/scores")
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
  ],
});
