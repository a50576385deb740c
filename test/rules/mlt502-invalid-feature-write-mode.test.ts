import { mlt502InvalidFeatureWriteMode } from '../../rules/mlt502-invalid-feature-write-mode';
import { describeRule } from '../support/ruleTester';

describeRule(mlt502InvalidFeatureWriteMode, {
  flagged: [
    {
      name: 'the mode read from a config dict by a literal key',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        CFG = {"table": "ml.fs.t", "mode": "append"}
        fe.write_table(name=CFG["table"], df=df, mode=CFG["mode"])
      `,
      findings: [{ line: 4, column: 47, message: 'FeatureEngineeringClient.write_table has no mode "append" and raises' }],
    },
    {
      name: 'FeatureEngineeringClient with mode="append"',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df, mode="append")
      `,
      findings: [{ line: 3, column: 61, message: 'FeatureEngineeringClient.write_table has no mode "append" and raises: "merge" (upsert by primary key) is its only mode', severity: 'error' }],
    },
    {
      name: 'FeatureStoreClient with mode="update"',
      code: `
        from databricks.feature_store import FeatureStoreClient
        fs = FeatureStoreClient()
        fs.write_table(name="customers", df=features_df, mode="update")
      `,
      findings: [{ line: 3, column: 55, message: 'FeatureStoreClient.write_table has no mode "update" and fails: its modes are "merge" (upsert by primary key) and "overwrite"' }],
    },
    {
      name: 'FeatureEngineeringClient with mode="overwrite"',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df, mode="overwrite")
      `,
      findings: [{ line: 3, column: 61, message: 'FeatureEngineeringClient.write_table raises on mode="overwrite": "merge" (upsert by primary key) is its only mode; to replace the rows, DELETE FROM the table' }],
    },
    {
      name: 'mode given positionally',
      code: `
        from databricks.feature_store import FeatureStoreClient
        FeatureStoreClient().write_table("customers", features_df, "append")
      `,
      findings: [{ line: 2, column: 60 }],
    },
    {
      name: 'mode bound to a name earlier',
      code: `
        import databricks.feature_engineering as fe_lib
        WRITE_MODE = "append"
        client = fe_lib.FeatureEngineeringClient()
        client.write_table(name="ml.fs.customers", df=features_df, mode=WRITE_MODE)
      `,
      findings: [{ line: 4, column: 65 }],
    },
    {
      name: 'client class through the client module path, chain split over lines',
      code: `
        from databricks.feature_store.client import FeatureStoreClient
        fs = FeatureStoreClient()
        fs.write_table(
            name="customers",
            df=features_df,
            mode="APPEND",
        )
      `,
      findings: [{ line: 6, column: 10 }],
    },
  ],
  silent: [
    {
      name: 'a config dict whose mode is set again, or that a ** part may override, before the write',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        CFG = {"mode": "append"}
        CFG["mode"] = "merge"
        fe.write_table(name="ml.fs.t", df=df, mode=CFG["mode"])
        OTHER = {"mode": "append", **overrides}
        fe.write_table(name="ml.fs.t", df=df, mode=OTHER["mode"])
      `,
    },
    {
      name: 'mode="merge" on either client',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        from databricks.feature_store import FeatureStoreClient
        FeatureEngineeringClient().write_table(name="ml.fs.customers", df=df, mode="merge")
        FeatureStoreClient().write_table(name="customers", df=df, mode="merge")
      `,
    },
    {
      name: 'mode="overwrite" on FeatureStoreClient',
      code: `
        from databricks.feature_store import FeatureStoreClient
        fs = FeatureStoreClient()
        fs.write_table(name="customers", df=features_df, mode="overwrite")
      `,
    },
    {
      name: 'no mode (merge by default)',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df)
      `,
    },
    {
      name: 'a mode that is not a literal',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df, mode=dbutils.widgets.get("mode"))
      `,
    },
    {
      name: 'write_table of an unknown object',
      code: `
        writer.write_table(name="customers", df=features_df, mode="append")
      `,
    },
    {
      name: 'pyarrow.parquet.write_table',
      code: `
        import pyarrow.parquet as pq
        pq.write_table(table, "out.parquet", "snappy")
      `,
    },
    {
      name: 'a Delta append next to a feature table merge',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        features_df.write.mode("append").saveAsTable("ml.raw.history")
        fe.write_table(name="ml.fs.customers", df=features_df, mode="merge")
      `,
    },
    {
      name: 'a local class with a write_table method',
      code: `
        class FeatureEngineeringClient:
            def write_table(self, name, df, mode): ...
        FeatureEngineeringClient().write_table(name="t", df=df, mode="append")
      `,
    },
    {
      name: 'mode from **kwargs',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        FeatureEngineeringClient().write_table(name="t", df=df, **{"mode": "append"})
      `,
    },
    {
      name: 'a valid mode in capitals (spelling not judged)',
      code: `
        from databricks.feature_store import FeatureStoreClient
        FeatureStoreClient().write_table(name="t", df=df, mode="MERGE")
      `,
    },
    {
      name: 'a valid mode in capitals on FeatureEngineeringClient (spelling not judged)',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        FeatureEngineeringClient().write_table(name="ml.fs.t", df=df, mode="MERGE")
      `,
    },
    {
      name: 'mode="overwrite" on a FeatureStoreClient with a Unity Catalog name',
      code: `
        from databricks.feature_store import FeatureStoreClient
        FeatureStoreClient().write_table(name="ml.fs.customers", df=df, mode="overwrite")
      `,
    },
    {
      name: 'write_table in a comment',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        # fe.write_table(name="t", df=df, mode="append")
      `,
    },
  ],
  fixes: [
    {
      name: 'append -> merge',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df, mode="append")
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name="ml.fs.customers", df=features_df, mode="merge")
      `,
    },
    {
      name: 'update -> merge on FeatureStoreClient is safe',
      code: `
        from databricks.feature_store import FeatureStoreClient
        fs = FeatureStoreClient()
        fs.write_table(name="customers", df=features_df, mode="update")
      `,
      output: `
        from databricks.feature_store import FeatureStoreClient
        fs = FeatureStoreClient()
        fs.write_table(name="customers", df=features_df, mode="merge")
      `,
    },
    {
      name: 'overwrite -> merge on FeatureEngineeringClient, keeping single quotes (unsafe: rows are upserted, not replaced)',
      safety: 'unsafe',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name='ml.fs.customers', df=features_df, mode='overwrite')
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.write_table(name='ml.fs.customers', df=features_df, mode='merge')
      `,
    },
    {
      name: 'a name bound to "append" is replaced where it is used',
      code: `
        from databricks.feature_store import FeatureStoreClient
        MODE = "append"
        FeatureStoreClient().write_table("customers", features_df, MODE)
      `,
      output: `
        from databricks.feature_store import FeatureStoreClient
        MODE = "append"
        FeatureStoreClient().write_table("customers", features_df, "merge")
      `,
    },
  ],
});
