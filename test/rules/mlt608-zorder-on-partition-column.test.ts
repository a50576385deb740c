import { mlt608ZorderOnPartitionColumn } from '../../rules/mlt608-zorder-on-partition-column';
import { describeRule } from '../support/ruleTester';

describeRule(mlt608ZorderOnPartitionColumn, {
  flagged: [
    {
      name: 'a folder that the word "global" only describes (a comment, a string, a docstring) or that a function declares global and only reads',
      code: `
        from delta.tables import DeltaTable
        # global base path of the lake
        ROOT = "/mnt/lake/gold"
        def show_root():
            """Print the global root."""
            global ROOT
            print("global root:", ROOT)
        orders.write.format("delta").mode("overwrite").partitionBy("order_date").save(f"{ROOT}/orders")
        DeltaTable.forPath(spark, f"{ROOT}/orders").optimize().executeZOrderBy("order_date")
      `,
      findings: [{ line: 9, column: 72, message: 'ZORDER BY order_date on /mnt/lake/gold/orders' }],
    },
    {
      name: 'the same path written as an f-string over a folder named once, in the write and in forPath',
      code: `
        from delta.tables import DeltaTable
        lake_root = "/mnt/lake/gold"
        orders.write.format("delta").mode("overwrite").partitionBy("order_date").save(f"{lake_root}/orders_daily")
        DeltaTable.forPath(spark, f"{lake_root}/orders_daily").optimize().executeZOrderBy("order_date")
      `,
      findings: [{ line: 4, column: 83, message: 'ZORDER BY order_date on /mnt/lake/gold/orders_daily, which is partitioned by order_date in this file' }],
    },
    {
      name: 'an overwrite with overwriteSchema and replaceWhere (Delta then keeps the schema and partitioning)',
      code: `
        daily.write.format("delta").partitionBy("day").saveAsTable("s.d")
        daily.write.mode("overwrite").option("overwriteSchema", "true").option("replaceWhere", "day >= '2024-01-01'").saveAsTable("s.d")
        spark.sql("OPTIMIZE s.d ZORDER BY (day)")
      `,
      findings: [{ line: 3, column: 36, message: 'ZORDER BY day on s.d' }],
    },
    {
      name: 'a table partitioned by col("d"), the column itself',
      code: `
        from pyspark.sql import functions as F
        df.writeTo("s.t").partitionedBy(F.col("d")).createOrReplace()
        spark.sql("OPTIMIZE s.t ZORDER BY (d)")
      `,
      findings: [{ line: 3, column: 36, message: 'ZORDER BY d on s.t' }],
    },
    {
      name: 'a replacement in a function nothing calls before the Z-order',
      code: `
        df.write.format("delta").partitionBy("d").saveAsTable("s.t")
        def never_called():
            df.writeTo("s.t").createOrReplace()
        spark.sql("OPTIMIZE s.t ZORDER BY (d)")
      `,
      findings: [{ line: 4, column: 36, message: 'ZORDER BY d on s.t' }],
    },
    {
      name: 'the table replaced, partitioned by the same column again (SQL and writeTo)',
      code: `
        clicks.write.format("delta").partitionBy("campaign_id").saveAsTable("ml.ads.clicks")
        spark.sql("CREATE OR REPLACE TABLE ml.ads.clicks PARTITIONED BY (campaign_id) AS SELECT * FROM raw.ads.clicks")
        spark.sql("OPTIMIZE ml.ads.clicks ZORDER BY (campaign_id)")
        orders.writeTo("ml.shop.orders").partitionedBy("order_date").createOrReplace()
        spark.sql("OPTIMIZE ml.shop.orders ZORDER BY (order_date)")
      `,
      findings: [
        { line: 3, column: 46, message: 'ZORDER BY campaign_id on ml.ads.clicks' },
        { line: 5, column: 47, message: 'ZORDER BY order_date on ml.shop.orders' },
      ],
    },
    {
      name: 'an overwriteSchema write that cannot have repartitioned the table first: after the Z-order, in the other arm, or an append',
      code: `
        scored.write.format("delta").partitionBy("d").saveAsTable("s.t")
        spark.sql("OPTIMIZE s.t ZORDER BY (d)")
        scored.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable("s.t")
        if rebuild:
            daily.write.mode("overwrite").option("overwriteSchema", "true").saveAsTable("s.u")
        else:
            daily.write.partitionBy("d").saveAsTable("s.u")
            spark.sql("OPTIMIZE s.u ZORDER BY (d)")
        hourly.write.partitionBy("h").saveAsTable("s.v")
        hourly.write.mode("append").option("overwriteSchema", "true").saveAsTable("s.v")
        spark.sql("OPTIMIZE s.v ZORDER BY (h)")
      `,
      findings: [
        { line: 2, column: 36, message: 'ZORDER BY d on s.t' },
        { line: 8, column: 40, message: 'ZORDER BY d on s.u' },
        { line: 11, column: 36, message: 'ZORDER BY h on s.v' },
      ],
    },
    {
      name: 'a table partitioned by SQL DDL (spark.sql and a %sql cell) or by writeTo(...).partitionedBy',
      code: `
        # Databricks notebook source
        spark.sql("CREATE TABLE IF NOT EXISTS ml.scores.daily (id INT, d DATE) USING DELTA PARTITIONED BY (d)")
        spark.sql("OPTIMIZE ml.scores.daily ZORDER BY (d)")

        # COMMAND ----------

        # MAGIC %sql
        # MAGIC CREATE OR REPLACE TABLE ml.scores.hourly (id INT, h INT) PARTITIONED BY (h);
        # MAGIC OPTIMIZE ml.scores.hourly ZORDER BY (h, id)

        # COMMAND ----------

        scored.writeTo("ml.scores.weekly").partitionedBy("week").createOrReplace()
        spark.sql("OPTIMIZE ml.scores.weekly ZORDER BY (week)")
      `,
      findings: [
        { line: 3, column: 48, message: 'ZORDER BY d on ml.scores.daily, which is partitioned by d in this file' },
        { line: 9, column: 46, message: 'ZORDER BY h on ml.scores.hourly' },
        { line: 14, column: 49, message: 'ZORDER BY week on ml.scores.weekly' },
      ],
    },
    {
      name: 'a table rewritten with overwriteSchema but partitioned by the same column again, and an overwriteSchema option switched off',
      code: `
        scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")
        scored.write.mode("overwrite").option("overwriteSchema", "true").partitionBy("score_date").saveAsTable("ml.churn.scores")
        spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (score_date)")
        daily.write.format("delta").partitionBy("day").saveAsTable("ml.churn.daily")
        daily.write.mode("overwrite").option("overwriteSchema", "false").saveAsTable("ml.churn.daily")
        spark.sql("OPTIMIZE ml.churn.daily ZORDER BY (day)")
      `,
      findings: [
        { line: 3, column: 48, message: 'ZORDER BY score_date on ml.churn.scores' },
        { line: 6, column: 47, message: 'ZORDER BY day on ml.churn.daily' },
      ],
    },
    {
      name: 'saveAsTable partitioned by the Z-order column',
      code: `
        scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")
        spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (score_date)")
      `,
      findings: [{ line: 2, column: 48, message: 'ZORDER BY score_date on ml.churn.scores, which is partitioned by score_date' }],
    },
    {
      name: 'a path written with save() and OPTIMIZE delta.`path`',
      code: `
        df.write.partitionBy("region", "day").mode("overwrite").format("delta").save("/mnt/delta/events/")
        spark.sql("OPTIMIZE delta.\`/mnt/delta/events\` ZORDER BY (user_id, day)")
      `,
      findings: [{ line: 2, column: 67 }],
    },
    {
      name: 'table names compared case-insensitively, backticks stripped',
      code: `
        (df.write
            .mode("append")
            .partitionBy("Day")
            .saveAsTable("Main.Sales.Events"))
        spark.sql("OPTIMIZE \`main\`.sales.events ZORDER BY (day)")
      `,
      findings: [{ line: 5, column: 52 }],
    },
    {
      name: 'an f-string with the table from a name, writer bound to a name',
      code: `
        TABLE = "ml.churn.scores"
        writer = scored.write.partitionBy(["score_date"])
        writer.saveAsTable(TABLE)
        spark.sql(f"OPTIMIZE {TABLE} ZORDER BY (score_date, customer_id)")
      `,
      findings: [{ line: 4, column: 11, message: 'score_date' }],
    },
    {
      name: 'a streaming toTable with partitionBy, ZORDER without parentheses',
      code: `
        stream.writeStream.partitionBy("day").option("checkpointLocation", c).toTable("bronze.events")
        spark.sql("OPTIMIZE bronze.events WHERE day >= '2024-01-01' ZORDER BY day")
      `,
      findings: [{ line: 2, column: 71 }],
    },
    {
      name: 'saveAsTable(partitionBy=...) keyword',
      code: `
        df.write.saveAsTable("t", format="delta", partitionBy="day")
        spark.sql("""
            OPTIMIZE t
            ZORDER BY (day)
        """)
      `,
      findings: [{ line: 4, column: 16 }],
    },
    {
      name: 'the Delta Lake Python API: DeltaTable.forName(...).optimize().executeZOrderBy(...)',
      code: `
        from delta.tables import DeltaTable
        scored.write.partitionBy("score_date").saveAsTable("ml.churn.scores")
        DeltaTable.forName(spark, "ml.churn.scores").optimize().executeZOrderBy("score_date", "customer_id")
      `,
      findings: [{ line: 3, column: 73, message: 'ZORDER BY score_date on ml.churn.scores' }],
    },
    {
      name: 'DeltaTable.forPath with a partition filter and a list of columns',
      code: `
        from delta.tables import DeltaTable
        df.write.format("delta").partitionBy("day").save("/mnt/delta/events")
        DeltaTable.forPath(spark, "/mnt/delta/events").optimize().where("day = '2024-01-01'").executeZOrderBy(["day"])
      `,
      findings: [{ line: 3, column: 104 }],
    },
    {
      name: 'OPTIMIZE in a %sql cell of the notebook, after a comment, columns on the next line',
      code: `# Databricks notebook source
scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")

# COMMAND ----------

# MAGIC %sql
# MAGIC -- keep the scores table fast to read
# MAGIC OPTIMIZE ml.churn.scores
# MAGIC ZORDER BY (customer_id, score_date);
# MAGIC SELECT count(*) FROM ml.churn.scores
`,
      findings: [{ line: 9, column: 33, message: 'ZORDER BY score_date on ml.churn.scores, which is partitioned by score_date in this file' }],
    },
    {
      name: 'the second statement of a %sql cell, on a path',
      code: `# Databricks notebook source
df.write.format("delta").partitionBy("day").save("/mnt/delta/events")

# COMMAND ----------

# MAGIC %sql
# MAGIC OPTIMIZE delta.\`/mnt/delta/other\` ZORDER BY (day);
# MAGIC OPTIMIZE delta.\`/mnt/delta/events\` ZORDER BY day
`,
      findings: [{ line: 8, column: 54 }],
    },
    {
      name: 'ZORDER in another letter case (zOrder was never read)',
      code: `
        scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")
        spark.sql("optimize ml.churn.scores zOrder by (score_date)")
      `,
      findings: [{ line: 2, column: 48, message: 'ZORDER BY score_date on ml.churn.scores' }],
    },
    {
      name: 'the path held in a name both the write and DeltaTable.forPath use (a temporary folder, a parameter)',
      code: `
        import tempfile
        from delta.tables import DeltaTable as DT
        path = tempfile.mkdtemp()
        spark.range(100).selectExpr("id", "id % 10 AS p").write.partitionBy("p").format("delta").save(path)
        DT.forPath(spark, path).optimize().executeZOrderBy("p")

        def compact(spark, df, out):
            df.write.format("delta").partitionBy("day").save(out)
            DT.forPath(spark, out).optimize().where("day = '2024-01-01'").executeZOrderBy(["user", "day"])
      `,
      findings: [
        { line: 5, column: 52, message: 'ZORDER BY p on path, which is partitioned by p in this file' },
        { line: 9, column: 92, message: 'ZORDER BY day on out' },
      ],
    },
  ],
  silent: [
    {
      name: 'f-string paths that may differ: a folder bound twice, a loop variable, another table',
      code: `
        from delta.tables import DeltaTable
        root = "/mnt/lake/silver"
        if promote:
            root = "/mnt/lake/gold"
        orders.write.format("delta").mode("overwrite").partitionBy("order_date").save(f"{root}/orders")
        DeltaTable.forPath(spark, f"/mnt/lake/gold/orders").optimize().executeZOrderBy("order_date")
        for table in ["orders", "returns"]:
            DeltaTable.forPath(spark, f"/mnt/lake/silver/{table}").optimize().executeZOrderBy("order_date")
        base = "/mnt/lake/gold"
        DeltaTable.forPath(spark, f"{base}/orders_v2").optimize().executeZOrderBy("order_date")
      `,
    },
    {
      name: 'an f-string over a folder that a function rebinds through global between the write and the Z-order',
      code: `
        from delta.tables import DeltaTable
        ROOT = "/mnt/lake/dev"
        def use_prod():
            global ROOT
            ROOT = "/mnt/lake/prod"
        events.write.format("delta").mode("overwrite").partitionBy("day").save(f"{ROOT}/events")
        use_prod()
        DeltaTable.forPath(spark, f"{ROOT}/events").optimize().executeZOrderBy("day")
      `,
    },
    {
      name: 'a table partitioned by a transform of a column (days("ts")), Z-ordered by the column itself',
      code: `
        from pyspark.sql import functions as F
        df.writeTo("s.events").partitionedBy(F.days("ts")).createOrReplace()
        spark.sql("OPTIMIZE s.events ZORDER BY (ts)")
      `,
    },
    {
      name: "Delta's table builder replacing the table before the Z-order (DeltaTable.createOrReplace(spark).tableName(t)...execute())",
      code: `
        from delta.tables import DeltaTable
        df.write.format("delta").partitionBy("d").saveAsTable("s.t")
        DeltaTable.createOrReplace(spark).tableName("s.t").addColumns(df.schema).execute()
        spark.sql("OPTIMIZE s.t ZORDER BY (d)")
      `,
    },
    {
      name: 'the table replaced without a partitioning before the Z-order: CREATE OR REPLACE TABLE ... AS SELECT, writeTo(...).createOrReplace()',
      code: `
        clicks.write.format("delta").partitionBy("campaign_id").saveAsTable("ml.ads.clicks")
        spark.sql("CREATE OR REPLACE TABLE ml.ads.clicks AS SELECT * FROM raw.ads.clicks")
        spark.sql("OPTIMIZE ml.ads.clicks ZORDER BY (campaign_id)")
        orders.write.format("delta").partitionBy("order_date").saveAsTable("ml.shop.orders")
        orders.writeTo("ml.shop.orders").using("delta").createOrReplace()
        spark.sql("OPTIMIZE ml.shop.orders ZORDER BY (order_date)")
      `,
    },
    {
      name: 'the table rewritten with overwriteSchema and another partitioning (or none) before the Z-order: the old partition column is a data column now',
      code: `
        scored.write.format("delta").partitionBy("score_date").saveAsTable("ml.churn.scores")
        scored.write.format("delta").mode("overwrite").option("overwriteSchema", "true").partitionBy("region").saveAsTable("ml.churn.scores")
        spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (score_date)")

        daily.write.format("delta").partitionBy("day").save("/mnt/ml/daily")
        daily.write.format("delta").mode("overwrite").options(overwriteSchema=True).save("/mnt/ml/daily")
        spark.sql("OPTIMIZE delta.\`/mnt/ml/daily\` ZORDER BY (day)")

        hourly.write.partitionBy("h").saveAsTable("ml.churn.hourly")
        hourly.write.mode("overwrite").saveAsTable("ml.churn.hourly", format="delta", overwriteSchema=True)
        spark.sql("OPTIMIZE ml.churn.hourly ZORDER BY (h)")
      `,
    },
    {
      name: 'a loop pass that writes and moves on (continue) before the Z-order, and a write and a Z-order in different match cases',
      code: `
        from delta.tables import DeltaTable
        for out in outputs:
            df.write.format("delta").partitionBy("day").save(out)
            continue
            DeltaTable.forPath(spark, out).optimize().executeZOrderBy("day")
        for out in outputs:
            match kind(out):
                case "raw":
                    df.write.format("delta").partitionBy("day").save(out)
                case _:
                    DeltaTable.forPath(spark, out).optimize().executeZOrderBy("day")
      `,
    },
    {
      name: 'a name that holds different tables on different passes (the write and the Z-order in exclusive arms), and a name a function rebinds with global',
      code: `
        from delta.tables import DeltaTable
        for out in outputs:
            if out.endswith("_raw"):
                df.write.format("delta").partitionBy("day").save(out)
            else:
                DeltaTable.forPath(spark, out).optimize().executeZOrderBy("day")

        path = "/Volumes/ml/a"
        df.write.format("delta").partitionBy("d").save(path)
        def switch():
            global path
            path = "/Volumes/ml/b"
        switch()
        DeltaTable.forPath(spark, path).optimize().executeZOrderBy("d")
      `,
    },
    {
      name: 'DDL partitioned by another column, and writeTo partitioned by a transform (no plain column name)',
      code: `
        spark.sql("CREATE TABLE ml.scores.daily (id INT, d DATE, customer_id INT) PARTITIONED BY (d)")
        spark.sql("OPTIMIZE ml.scores.daily ZORDER BY (customer_id)")
        scored.writeTo("ml.scores.events").partitionedBy(days("ts")).create()
        spark.sql("OPTIMIZE ml.scores.events ZORDER BY (ts)")
      `,
    },
    {
      name: 'the Python API on another table or path than the partitioned one',
      code: `
        from delta.tables import DeltaTable
        scores.write.partitionBy("score_date").saveAsTable("ml.churn.scores")
        DeltaTable.forName(spark, "ml.churn.features").optimize().executeZOrderBy("score_date")
        DeltaTable.forPath(spark, "/mnt/other").optimize().executeZOrderBy(["score_date"])
      `,
    },
    {
      name: 'executeZOrderBy on a data column, and on a local class',
      code: `
        from delta.tables import DeltaTable
        scored.write.partitionBy("score_date").saveAsTable("ml.churn.scores")
        DeltaTable.forName(spark, "ml.churn.scores").optimize().executeZOrderBy("customer_id")
        class DeltaTable2:
            def optimize(self): return self
        DeltaTable2().optimize().executeZOrderBy("score_date")
      `,
    },
    {
      name: 'Z-order by a column that is not a partition column',
      code: `
        scored.write.partitionBy("score_date").saveAsTable("ml.churn.scores")
        spark.sql("OPTIMIZE ml.churn.scores ZORDER BY (customer_id)")
      `,
    },
    {
      name: 'another table is partitioned by the column',
      code: `
        a.write.partitionBy("day").saveAsTable("ml.a")
        spark.sql("OPTIMIZE ml.b ZORDER BY (day)")
      `,
    },
    {
      name: 'a table name that is only partly the same (no catalog guessing)',
      code: `
        a.write.partitionBy("day").saveAsTable("events")
        spark.sql("OPTIMIZE main.default.events ZORDER BY (day)")
      `,
    },
    {
      name: 'OPTIMIZE without ZORDER',
      code: `
        a.write.partitionBy("day").saveAsTable("t")
        spark.sql("OPTIMIZE t")
      `,
    },
    {
      name: 'a table name computed at run time',
      code: `
        a.write.partitionBy("day").saveAsTable("t")
        spark.sql(f"OPTIMIZE {table_name} ZORDER BY (day)")
      `,
    },
    {
      name: 'partition columns not written as literals',
      code: `
        a.write.partitionBy(*partition_cols).saveAsTable("t")
        spark.sql("OPTIMIZE t ZORDER BY (day)")
      `,
    },
    {
      name: 'the SQL in a comment or a plain string',
      code: `
        a.write.partitionBy("day").saveAsTable("t")
        # spark.sql("OPTIMIZE t ZORDER BY (day)")
        note = "OPTIMIZE t ZORDER BY (day)"
      `,
    },
    {
      name: 'a sql() method of another object',
      code: `
        a.write.partitionBy("day").saveAsTable("t")
        duckdb_conn.sql("OPTIMIZE t ZORDER BY (day)")
      `,
    },
    {
      name: 'a pandas partition_cols write (not a Spark writer)',
      code: `
        pdf.to_parquet("/mnt/t", partition_cols=["day"])
        spark.sql("OPTIMIZE delta.\`/mnt/t\` ZORDER BY (day)")
      `,
    },
    {
      name: '%sql cells: a commented-out OPTIMIZE, a data column; and %md prose',
      code: `# Databricks notebook source
scored.write.partitionBy("score_date").saveAsTable("ml.churn.scores")

# COMMAND ----------

# MAGIC %sql
# MAGIC -- OPTIMIZE ml.churn.scores ZORDER BY (score_date)
# MAGIC OPTIMIZE ml.churn.scores ZORDER BY (customer_id)

# COMMAND ----------

# MAGIC %md
# MAGIC OPTIMIZE ml.churn.scores ZORDER BY (score_date)
`,
    },
    {
      name: 'code mid-edit',
      code: `
        df.write.partitionBy("d").saveAsTable("t")
        spark.sql("OPTIMIZE t ZORDER BY (d
      `,
    },
    {
      name: 'a name bound again, or changed in place, between the write and the Z-order: not the same path',
      code: `
        from delta.tables import DeltaTable
        out = make_folder()
        df.write.partitionBy("k").format("delta").save(out)
        out = make_folder()
        DeltaTable.forPath(spark, out).optimize().executeZOrderBy("k")

        def compact(df, target):
            df.write.partitionBy("d").format("delta").save(target)
            target += "_compacted"
            DeltaTable.forPath(spark, target).optimize().executeZOrderBy("d")

        for folder in folders:
            df.write.partitionBy("m").format("delta").save(folder)
        for folder in other_folders:
            DeltaTable.forPath(spark, folder).optimize().executeZOrderBy("m")
      `,
    },
  ],
  fixes: [],
});
