import type { Rule } from './engine/types';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field } from './engine/syntax';
import type { SemanticModel } from './semantic/semanticModel';
import { isBoundKey, partitionedTables, type TableReplacement, tableReplacements, zorderStatements } from './semantic/deltaTables';
import { guardedPattern, inAnyCase } from './engine/guardedPatterns';

/**
 * Whether the partitioned write and the Z-order through the same name run in one pass: not in
 * different arms of an if / try / match (in a loop, the arms run on different passes, with
 * different values).
 */
function sameRun(write: Node | undefined, zorder: Node | undefined): boolean {
  if (!write || !zorder) return false;
  for (let shared: Node | null = write.parent; shared; shared = shared.parent) {
    if (shared.startIndex <= zorder.startIndex && zorder.endIndex <= shared.endIndex) {
      // Different arms (the cases of a match share its block), or a jump between them that may skip the second.
      if (['if_statement', 'try_statement', 'match_statement', 'conditional_expression'].includes(shared.type)) return false;
      if (shared.type === 'block' && shared.parent?.type === 'match_statement') return false;
      const [first, second] = write.startIndex < zorder.startIndex ? [write, zorder] : [zorder, write];
      return !shared.descendantsOfType(['continue_statement', 'break_statement', 'return_statement', 'raise_statement']).some((jump) => jump !== null && jump.startIndex > first.endIndex && jump.endIndex <= second.startIndex);
    }
  }
  return true;
}

/**
 * Whether code at `node` runs before `offset`: at the top level, or in a function of the file
 * that a call before `offset` makes (a function nothing calls first replaces nothing).
 */
function runsBefore(model: SemanticModel, node: Node, offset: number): boolean {
  const fn = ancestorOfType(node, ['function_definition']);
  if (!fn) return true;
  const name = field(fn, 'name')?.text;
  return !!name && model.callsNamed(name).some((site) => site.node.endIndex <= offset && model.resolveFunction(site.callee)?.id === fn.id);
}

export const mlt608ZorderOnPartitionColumn: Rule = {
  meta: {
    id: 'MLT608',
    name: 'zorder-on-partition-column',
    severity: 'error',
    area: 'Deployment and serving',
    domain: 'Model Deployment',
    title: 'OPTIMIZE ... ZORDER BY a column the table is partitioned by',
  },
  docs: {
    trap: 'Z-ordering a Delta table (for example a batch-scoring output table) by the same column it is partitioned by.',
    reality:
      'Z-ordering clusters data inside the files of each partition; a partition column is already separated by directory, so there is nothing left to cluster, and Delta rejects `ZORDER BY` on a partition column: "<column> is a partition column. Z-Ordering can only be performed on data columns" (DELTA_ZORDERING_ON_PARTITION_COLUMN). The same holds for `DeltaTable.forName(...).optimize().executeZOrderBy(...)` and for the statement in a %sql cell of a notebook. The partition columns are read from the file: `df.write.partitionBy(...)`, `df.writeTo(...).partitionedBy(...)` with column names (or `col("d")`), and `CREATE TABLE ... PARTITIONED BY (...)` in `spark.sql` or a %sql cell. The table is recognised by its name or path written out, or by a variable that both the write and `DeltaTable.forPath(...)` / `forName(...)` use while it holds the same value. A write with `overwriteSchema` may replace the partitioning (Delta: "To overwrite your schema or change partitioning, please set: .option(\"overwriteSchema\", \"true\")"); when such a write to the same table (an overwrite without replaceWhere: Delta applies the option to those only), or a replacement of the table (`CREATE OR REPLACE TABLE` / `REPLACE TABLE` in SQL, `writeTo(t).createOrReplace()` / `.replace()`, `DeltaTable.createOrReplace(spark).tableName(t)...execute()`), runs before the Z-order on the same pass (at the top level, or in a function called before it) and does not partition by the column, the Z-order is not reported. Z-order by the high-cardinality columns you filter on that are not partition columns. For new tables Databricks recommends liquid clustering (`CLUSTER BY`), which replaces both partitioning and Z-ordering.',
    example: [
      'scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")',
      'spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (score_date)")',
    ].join('\n'),
    useInstead: [
      'scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")',
      'spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (customer_id)")',
    ].join('\n'),
    fix: 'None: which column to Z-order by instead depends on the queries (a high-cardinality column they filter on).',
    examFact: 'Z-ordering colocates related rows in the same set of files, so that data skipping can prune files; never ZORDER BY a partition column.',
    references: [
      { title: 'Data skipping and Z-order (Databricks)', url: 'https://docs.databricks.com/aws/en/tables/data-skipping' },
      { title: 'Use liquid clustering for tables (Databricks)', url: 'https://docs.databricks.com/aws/en/tables/clustering' },
    ],
  },
  // OPTIMIZE ... ZORDER BY is read in any letter case; only a partitioned table (a partitioned
  // write, writeTo(...).partitionedBy(...), SQL's PARTITIONED BY) can clash with it.
  triggers: [guardedPattern(inAnyCase('zorder'), /zorder/i)],
  alsoNeeds: ['partitionBy', 'partitionedBy', /PARTITIONED\s+BY/i],
  check(context) {
    const { model } = context;
    const statements = zorderStatements(model);
    if (statements.length === 0) return;
    const tables = partitionedTables(model);
    // A write with overwriteSchema may replace the partitioning: a column it does not partition by may be a data column by the time of the Z-order.
    const repartitioned = tableReplacements(model);
    for (const statement of statements) {
      // A table known by a name: the write and the Z-order must run in one pass with one value.
      const writes = tables.filter((table) => table.key === statement.key && (!isBoundKey(table.key) || sameRun(table.at, statement.at)));
      if (writes.length === 0) continue;
      const partitionColumns = new Set(writes.flatMap((table) => table.columns.map((column) => column.toLowerCase())));
      for (const column of statement.columns) {
        if (!partitionColumns.has(column.name.toLowerCase())) continue;
        // Only a repartitioning write that runs before the Z-order, on the same pass (not in the other arm of an if).
        const zorder = statement.at ?? model.document.nodeAt(statement.range.start, statement.range.end);
        const before = (replacement: TableReplacement) =>
          replacement.end <= statement.range.start && (!zorder || !replacement.node || sameRun(replacement.node, zorder)) && (!replacement.node || runsBefore(model, replacement.node, statement.range.start));
        if (repartitioned.some((write) => write.key === statement.key && before(write) && !write.columns.some((other) => other.toLowerCase() === column.name.toLowerCase()))) continue;
        context.report({
          range: column.range ?? statement.range,
          message: `ZORDER BY ${column.name} on ${statement.target}, which is partitioned by ${column.name} in this file: Delta rejects Z-ordering a partition column`,
        });
      }
    }
  },
};
