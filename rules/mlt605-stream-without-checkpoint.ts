import type { Rule } from './engine/types';
import { linkInsertion } from './semantic/dataFrameChains';
import { streamingWrites, writerFormat, writerOption } from './semantic/streaming';

/** Sinks Spark gives a temporary checkpoint: nothing to recover. */
const SCRATCH_SINKS = new Set(['console', 'memory', 'noop']);
const SESSION_CHECKPOINT = 'spark.sql.streaming.checkpointLocation';
const CHECKPOINT_LINK = '.option("checkpointLocation", "<checkpoint path>")';

export const mlt605StreamWithoutCheckpoint: Rule = {
  meta: {
    id: 'MLT605',
    name: 'stream-without-checkpoint',
    severity: 'warning',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A streaming write without a checkpointLocation',
  },
  docs: {
    trap: 'Starting a Structured Streaming query (`df.writeStream...start()` / `.toTable()`) without a checkpoint location, for example for streaming inference into a Delta table.',
    reality:
      'A streaming write without `checkpointLocation` cannot recover its progress: after a restart or failure it does not know which input it already processed, so exactly-once delivery is lost (exactly-once needs the checkpoint). Set it per query with `.option("checkpointLocation", path)` (or session-wide with `spark.sql.streaming.checkpointLocation`); only the console, memory and noop sinks get a temporary one from Spark. A `foreachBatch` sink needs one too.',
    example: [
      'predictions = spark.readStream.table("ml.churn.events").withColumn("prediction", predict(*features))',
      '(predictions.writeStream',
      '    .format("delta")',
      '    .outputMode("append")',
      '    .toTable("ml.churn.predictions"))',
    ].join('\n'),
    useInstead: [
      'predictions = spark.readStream.table("ml.churn.events").withColumn("prediction", predict(*features))',
      '(predictions.writeStream',
      '    .format("delta")',
      '    .outputMode("append")',
      '    .option("checkpointLocation", "/Volumes/ml/churn/checkpoints/predictions")',
      '    .toTable("ml.churn.predictions"))',
    ].join('\n'),
    fix: 'Inserts `.option("checkpointLocation", "<checkpoint path>")` just before the call that starts the query, in the chain\'s own layout.',
    fixSafety: 'Unsafe: the path is a placeholder to replace with a location that belongs to this query alone (one checkpoint per query, kept across restarts).',
    examFact: 'Every streaming write to a sink needs its own checkpointLocation.',
  },
  triggers: ['writeStream'],
  check(context) {
    const { model, document } = context;
    // A session-wide default (spark.conf.set, a builder config, a SQL SET) covers every query.
    if (document.text.includes(SESSION_CHECKPOINT)) return;
    for (const write of streamingWrites(model)) {
      const format = writerFormat(model, write);
      if (format === undefined || (format !== null && SCRATCH_SINKS.has(format.toLowerCase()))) continue;
      if (writerOption(model, write, 'checkpointLocation').set !== false) continue;
      const name = write.terminal.callee.childForFieldName('attribute');
      const insertion = linkInsertion(document, write.terminal.callee, CHECKPOINT_LINK);
      context.report({
        range: { start: (name ?? write.terminal.node).startIndex, end: write.terminal.node.endIndex },
        message: `streaming query started with ${write.terminal.name}() has no checkpointLocation: it cannot recover its progress after a restart (no exactly-once)`,
        fixes: insertion
          ? [
              {
                title: 'Add .option("checkpointLocation", "<checkpoint path>") (placeholder path)',
                safety: 'unsafe',
                edits: [{ start: insertion.offset, end: insertion.offset, newText: insertion.text }],
              },
            ]
          : [],
      });
    }
  },
};
