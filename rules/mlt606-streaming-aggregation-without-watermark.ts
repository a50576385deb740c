import type { Rule } from './engine/types';
import { chainCalls, crossesAttribute, isSparkSession, linkInsertion } from './semantic/dataFrameChains';
import { windowGroupings } from './semantic/streaming';

const DEFAULT_DELAY = '10 minutes';

export const mlt606StreamingAggregationWithoutWatermark: Rule = {
  meta: {
    id: 'MLT606',
    name: 'streaming-aggregation-without-watermark',
    severity: 'warning',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'A windowed aggregation of a stream without withWatermark',
  },
  docs: {
    trap: 'Grouping a `spark.readStream` DataFrame by an event-time `window(...)` without declaring a watermark.',
    reality:
      'Out-of-order data is handled with event-time windows plus `withWatermark`: the watermark tells Spark how late events may arrive, so it can finalize old windows and drop their state. Without a watermark, the aggregation keeps every window open and its state grows without bound (and append output mode cannot emit anything).',
    example: [
      'from pyspark.sql import functions as F',
      '',
      'events = spark.readStream.table("ml.churn.events")',
      'counts = events.groupBy(F.window("event_time", "5 minutes"), "plan").count()',
    ].join('\n'),
    useInstead: [
      'from pyspark.sql import functions as F',
      '',
      'events = spark.readStream.table("ml.churn.events")',
      'counts = (events.withWatermark("event_time", "10 minutes")',
      '    .groupBy(F.window("event_time", "5 minutes"), "plan").count())',
    ].join('\n'),
    fix: 'Inserts `.withWatermark("<time column>", "10 minutes")` just before `.groupBy(`, with the window\'s time column.',
    fixSafety: 'Unsafe: 10 minutes is a guess at how late events arrive; events later than the watermark are dropped, so set the delay your data needs.',
    examFact: 'A streaming aggregation needs `withWatermark` to bound its state.',
  },
  triggers: ['readStream'],
  check(context) {
    const { model, document } = context;
    for (const grouping of windowGroupings(model)) {
      const { chain } = grouping;
      // Only a stream read by this file: `spark.readStream...`.
      if (!crossesAttribute(chain, 'readStream') || !isSparkSession(model, chain.root)) continue;
      if (chainCalls(chain).some((site) => site.name === 'withWatermark')) continue;
      const name = grouping.groupBy.callee.childForFieldName('attribute');
      const column = grouping.timeColumn;
      const insertion = column !== undefined ? linkInsertion(document, grouping.groupBy.callee, `.withWatermark(${JSON.stringify(column)}, "${DEFAULT_DELAY}")`) : undefined;
      context.report({
        range: { start: (name ?? grouping.groupBy.node).startIndex, end: grouping.groupBy.node.endIndex },
        message: `streaming aggregation over window(${column !== undefined ? JSON.stringify(column) : '...'}) without withWatermark: its state grows without bound`,
        fixes: insertion
          ? [
              {
                title: `Add .withWatermark(${JSON.stringify(column)}, "${DEFAULT_DELAY}") before groupBy (check the delay)`,
                safety: 'unsafe',
                edits: [{ start: insertion.offset, end: insertion.offset, newText: insertion.text }],
              },
            ]
          : [],
      });
    }
  },
};
