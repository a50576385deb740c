import { mlt501PointInTimeLookupMissing } from '../../rules/mlt501-point-in-time-lookup-missing';
import { describeRule } from '../support/ruleTester';

describeRule(mlt501PointInTimeLookupMissing, {
  flagged: [
    {
      name: 'FeatureEngineeringClient table with timeseries_columns, lookup without timestamp_lookup_key',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")]
      `,
      findings: [
        {
          line: 4,
          column: 12,
          message: 'FeatureLookup on time-series table "ml.fs.activity" (timeseries_columns: ts) without timestamp_lookup_key: no point-in-time join; current feature clients raise in create_training_set',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'FeatureEngineeringClient accepts timestamp_keys too; the message names the keyword the code wrote',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")]
      `,
      findings: [{ line: 4, column: 12, message: '(timestamp_keys: ts)' }],
    },
    {
      name: 'the same time column under two spellings is named once',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], timeseries_column="ts", df=activity_df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")]
      `,
      findings: [{ line: 4, column: 12, message: '"ml.fs.activity" (timestamp_keys: ts) without timestamp_lookup_key' }],
    },
    {
      name: 'FeatureStoreClient, table name through an f-string of literals and a name',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        CATALOG = "ml"
        table = f"{CATALOG}.fs.activity"
        fs = FeatureStoreClient()
        fs.create_table(name=table, primary_keys=["customer_id"], timestamp_keys="event_ts", schema=schema)
        lookup = FeatureLookup(table_name="ml.fs.activity", lookup_key=["customer_id"], feature_names=["clicks_7d"])
      `,
      findings: [{ line: 6, column: 10, message: '(timestamp_keys: event_ts)' }],
    },
    {
      name: 'FeatureStoreClient given timeseries_columns: the message still says timestamp_keys',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        fs = FeatureStoreClient()
        fs.create_table(name="fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=df)
        FeatureLookup(table_name="fs.activity", lookup_key="customer_id")
      `,
      findings: [{ line: 4, column: 1, message: '(timestamp_keys: ts)' }],
    },
    {
      name: 'a Delta table registered as a time-series feature table (register_table)',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        fs = FeatureStoreClient()
        fs.register_table(delta_table="fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"])
        FeatureLookup(table_name="fs.activity", lookup_key="customer_id")
      `,
      findings: [{ line: 4, column: 1, message: 'without timestamp_lookup_key' }],
    },
    {
      name: 'the same lookup list feeds a training set and a feature spec: the training set needs point-in-time',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timeseries_columns="ts", df=df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="id")]
        training_set = fe.create_training_set(df=labels_df, feature_lookups=lookups, label="y")
        fe.create_feature_spec(name="ml.fs.activity_spec", features=lookups)
      `,
      findings: [{ line: 4, column: 12 }],
    },
    {
      name: 'newer API: timeseries_columns',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timeseries_columns="ts", df=df)
        FeatureLookup(table_name="ml.fs.activity", lookup_key="id")
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'the same variable names the table in both calls (widget value)',
      code: `
        from databricks import feature_engineering as fe_lib
        table_name = dbutils.widgets.get("table")
        fe = fe_lib.FeatureEngineeringClient()
        fe.create_table(name=table_name, primary_keys=["id"], timeseries_column="ts", df=df)
        lookup = fe_lib.FeatureLookup(table_name, "id")
      `,
      findings: [{ line: 5, column: 10, message: 'on time-series table the table' }],
    },
    {
      name: 'timestamp_lookup_key on a table created without timestamp keys (error)',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.profile", primary_keys=["customer_id"], df=profile_df)
        FeatureLookup(table_name="ml.fs.profile", lookup_key="customer_id", timestamp_lookup_key="event_ts")
      `,
      findings: [
        {
          line: 4,
          column: 69,
          message: 'timestamp_lookup_key on "ml.fs.profile", which is created without timeseries_column: create_training_set raises',
          severity: 'error',
        },
      ],
    },
    {
      name: 'timestamp_lookup_key on a workspace table without time keys names timestamp_keys',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        fs = FeatureStoreClient()
        fs.create_table(name="fs.profile", primary_keys=["customer_id"], df=profile_df)
        FeatureLookup(table_name="fs.profile", lookup_key="customer_id", timestamp_lookup_key="event_ts")
      `,
      findings: [{ line: 4, column: 66, message: 'created without timestamp_keys', severity: 'error' }],
    },
    {
      name: 'FeatureLookup under an import alias, in a training set',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        from databricks.feature_engineering import FeatureLookup as FL
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        training_set = fe.create_training_set(
            df=labels_df,
            feature_lookups=[
                FL(table_name="ml.fs.activity", lookup_key="customer_id"),
            ],
            label="churned",
        )
      `,
      findings: [{ line: 8, column: 9 }],
    },
    {
      name: 'a time-series table declared in a %sql cell (TIMESERIES in the primary key)',
      code: `
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC CREATE TABLE IF NOT EXISTS ml.fs.sensor_readings (
        # MAGIC   device_id STRING NOT NULL, reading_time TIMESTAMP NOT NULL, temperature DOUBLE,
        # MAGIC   CONSTRAINT sensor_readings_pk PRIMARY KEY (device_id, reading_time TIMESERIES)
        # MAGIC )

        # COMMAND ----------

        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        readings = "ml.fs.sensor_readings"
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name=readings, lookup_key="device_id")], label="failed")
      `,
      findings: [{ line: 13, column: 70, message: '"ml.fs.sensor_readings" (TIMESERIES key column: reading_time) without timestamp_lookup_key' }],
    },
    {
      name: 'a time column added with spark.sql ALTER TABLE ... PRIMARY KEY (..., ts TIMESERIES)',
      code: `
        from databricks.feature_engineering import FeatureLookup
        spark.sql("ALTER TABLE ml.fs.orders ADD CONSTRAINT orders_pk PRIMARY KEY (customer_id, \`order_ts\` TIMESERIES)")
        lookup = FeatureLookup(table_name="ml.fs.orders", lookup_key=["customer_id"])
      `,
      findings: [{ line: 3, column: 10, message: '(TIMESERIES key column: order_ts)' }],
    },
    {
      name: 'the same f-string written out in both calls, its names read from widgets',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        catalog = dbutils.widgets.get("catalog")
        fe = FeatureEngineeringClient()
        fe.create_table(name=f"{catalog}.{config['schema']}.events", primary_keys=["id"], timeseries_columns="ts", df=df)
        lookups = [FeatureLookup(table_name=f"{catalog}.{config['schema']}.events", lookup_key="id")]
      `,
      findings: [{ line: 5, column: 12, message: 'FeatureLookup on time-series table "{catalog}.{config[\'schema\']}.events" (timeseries_columns: ts) without timestamp_lookup_key' }],
    },
    {
      name: 'a name bound to an f-string at one call, the f-string written out at the other; names from a %run notebook',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        events_table = f"{DA.catalog_name}.{DA.schema_name}.events"
        fe.create_table(name=events_table, primary_keys=["id"], df=df)
        lookup = FeatureLookup(table_name=f"{DA.catalog_name}.{DA.schema_name}.events", lookup_key="id", timestamp_lookup_key="ts")
      `,
      findings: [{ line: 5, column: 98, severity: 'error', message: 'timestamp_lookup_key on "{DA.catalog_name}.{DA.schema_name}.events", which is created without timeseries_column' }],
    },
  ],
  silent: [
    {
      name: 'a SQL time-series table looked up with timestamp_lookup_key, and a SQL table without a time column (it may get one later)',
      code: `
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC CREATE TABLE ml.fs.sensor_readings (device_id STRING NOT NULL, reading_time TIMESTAMP NOT NULL, CONSTRAINT pk PRIMARY KEY (device_id, reading_time TIMESERIES));
        # MAGIC CREATE TABLE ml.fs.devices (device_id STRING NOT NULL, model STRING, CONSTRAINT devices_pk PRIMARY KEY (device_id))

        # COMMAND ----------

        from databricks.feature_engineering import FeatureLookup
        lookups = [
            FeatureLookup(table_name="ml.fs.sensor_readings", lookup_key="device_id", timestamp_lookup_key="label_time"),
            FeatureLookup(table_name="ml.fs.devices", lookup_key="device_id", timestamp_lookup_key="label_time"),
        ]
      `,
    },
    {
      name: 'TIMESERIES only in a SQL comment, or in an f-string statement whose table name is computed',
      code: `
        # Databricks notebook source
        # MAGIC %sql
        # MAGIC -- CREATE TABLE ml.fs.readings (id STRING, ts TIMESTAMP, CONSTRAINT pk PRIMARY KEY (id, ts TIMESERIES))
        # MAGIC SELECT 1

        # COMMAND ----------

        from databricks.feature_engineering import FeatureLookup
        spark.sql(f"CREATE TABLE {catalog}.fs.events (id STRING, ts TIMESTAMP, CONSTRAINT pk PRIMARY KEY (id, ts TIMESERIES))")
        lookups = [FeatureLookup(table_name="ml.fs.readings", lookup_key="id"), FeatureLookup(table_name="ml.fs.events", lookup_key="id")]
      `,
    },
    {
      name: 'a Feature Serving spec looks the latest values up: no timestamp_lookup_key wanted',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timeseries_columns="ts", df=df)
        features = [FeatureLookup(table_name="ml.fs.activity", lookup_key="id")]
        fe.create_feature_spec(name="ml.fs.activity_spec", features=features)
      `,
    },
    {
      name: 'a legacy Feature Serving Servable',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        from databricks.feature_store.entities.feature_serving_endpoint import Servable
        fs = FeatureStoreClient()
        fs.create_table(name="fs.activity", primary_keys=["id", "ts"], timestamp_keys="ts", df=df)
        servable = Servable(features=[FeatureLookup(table_name="fs.activity", lookup_key="id")])
      `,
    },
    {
      name: 'timeseries_columns on the table and timestamp_lookup_key in the lookup',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timeseries_columns="ts", df=df)
        FeatureLookup(table_name="ml.fs.activity", lookup_key="id", timestamp_lookup_key="event_ts")
      `,
    },
    {
      name: 'a registered Delta table without timestamp keys, looked up by key',
      code: `
        from databricks.feature_store import FeatureStoreClient, FeatureLookup
        fs = FeatureStoreClient()
        fs.register_table(delta_table="fs.profile", primary_keys=["id"])
        FeatureLookup(table_name="fs.profile", lookup_key="id")
      `,
    },
    {
      name: 'both timestamp_keys and timestamp_lookup_key',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="event_ts")
      `,
    },
    {
      name: 'neither: a table without time, a lookup without timestamp',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.profile", primary_keys=["customer_id"], df=profile_df)
        FeatureLookup(table_name="ml.fs.profile", lookup_key="customer_id")
      `,
    },
    {
      name: 'the table is not created in the file',
      code: `
        from databricks.feature_engineering import FeatureLookup
        FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")
        FeatureLookup(table_name="ml.fs.profile", lookup_key="customer_id", timestamp_lookup_key="ts")
      `,
    },
    {
      name: 'a different table name',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timestamp_keys=["ts"], df=df)
        FeatureLookup(table_name="ml.fs.profile", lookup_key="id")
      `,
    },
    {
      name: 'a local class called FeatureLookup',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        class FeatureLookup:
            def __init__(self, table_name, lookup_key): ...
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timestamp_keys=["ts"], df=df)
        FeatureLookup(table_name="ml.fs.activity", lookup_key="id")
      `,
    },
    {
      name: 'create_table on an object that is not a feature store client',
      code: `
        from databricks.feature_engineering import FeatureLookup
        catalog.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timestamp_keys=["ts"])
        FeatureLookup(table_name="ml.fs.activity", lookup_key="id")
      `,
    },
    {
      name: 'create_table with **kwargs (time keys unknown)',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.profile", primary_keys=["id"], **options)
        FeatureLookup(table_name="ml.fs.profile", lookup_key="id", timestamp_lookup_key="ts")
      `,
    },
    {
      name: 'the lookup key holds the timestamp key: an exact-time join',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["id", "ts"], timestamp_keys=["ts"], df=df)
        FeatureLookup(table_name="ml.fs.activity", lookup_key=["id", "ts"])
      `,
    },
    {
      name: 'table names from two different widgets',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name=f"{dbutils.widgets.get('c')}.fs.t", primary_keys=["id"], timestamp_keys=["ts"], df=df)
        FeatureLookup(table_name=f"{dbutils.widgets.get('d')}.fs.t", lookup_key="id")
      `,
    },
    {
      name: 'the same f-string text, its name rebound between the calls, or a part computed by a call',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        schema = dbutils.widgets.get("dev_schema")
        fe.create_table(name=f"ml.{schema}.events", primary_keys=["id"], timeseries_columns="ts", df=df)
        schema = dbutils.widgets.get("prod_schema")
        FeatureLookup(table_name=f"ml.{schema}.events", lookup_key="id")
        fe.create_table(name=f"{current_catalog()}.fs.t", primary_keys=["id"], timeseries_columns="ts", df=df)
        FeatureLookup(table_name=f"{current_catalog()}.fs.t", lookup_key="id")
      `,
    },
    {
      name: 'one f-string in two functions, each with its own catalog parameter',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()

        def create(catalog):
            fe.create_table(name=f"{catalog}.fs.events", primary_keys=["id"], timeseries_columns="ts", df=df)

        def lookups(catalog):
            return [FeatureLookup(table_name=f"{catalog}.fs.events", lookup_key="id")]
      `,
    },
    {
      name: 'the same table created twice, with and without time keys',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.t", primary_keys=["id"], df=df)
        fe.create_table(name="ml.fs.t", primary_keys=["id", "ts"], timestamp_keys=["ts"], df=df)
        FeatureLookup(table_name="ml.fs.t", lookup_key="id")
      `,
    },
    {
      name: 'FeatureLookup in a comment or a string',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.t", primary_keys=["id", "ts"], timestamp_keys=["ts"], df=df)
        # FeatureLookup(table_name="ml.fs.t", lookup_key="id")
        doc = 'FeatureLookup(table_name="ml.fs.t", lookup_key="id")'
      `,
    },
    {
      name: 'timestamp_lookup_key=None on a table without time keys',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.profile", primary_keys=["id"], df=df)
        FeatureLookup(table_name="ml.fs.profile", lookup_key="id", timestamp_lookup_key=None)
      `,
    },
  ],
  fixes: [
    {
      name: 'labels made from a pandas DataFrame with the timestamp key among its columns= : safe fix with its name',
      code: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.createDataFrame(pd.DataFrame(rows, columns=["customer_id", "ts", "churned"]))
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")], label="churned")
      `,
      output: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.createDataFrame(pd.DataFrame(rows, columns=["customer_id", "ts", "churned"]))
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="ts")], label="churned")
      `,
      safety: 'safe',
    },
    {
      name: 'a pandas frame renamed in place through another name before Spark reads it: its columns are no longer known, the placeholder stays',
      code: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        pdf = pd.DataFrame(rows, columns=["customer_id", "ts", "churned"])
        frame = pdf
        frame.rename(columns={"ts": "event_ts"}, inplace=True)
        print(pdf.head())
        pdf.columns += "_x"
        labels_df = spark.createDataFrame(pdf)
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")], label="churned")
      `,
      output: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        pdf = pd.DataFrame(rows, columns=["customer_id", "ts", "churned"])
        frame = pdf
        frame.rename(columns={"ts": "event_ts"}, inplace=True)
        print(pdf.head())
        pdf.columns += "_x"
        labels_df = spark.createDataFrame(pdf)
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="<timestamp column of the training DataFrame>")], label="churned")
      `,
      safety: 'unsafe',
    },
    {
      name: "labels made from a pandas DataFrame of a dict whose one time column is not the table's key: the unsafe guess names it",
      code: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.users", primary_keys=["user_id"], timestamp_keys=["ts"], df=users_df)
        labels = spark.createDataFrame(pd.DataFrame({"user_id": ["u1"], "request_timestamp": [now], "label": [1]}))
        training_set = fe.create_training_set(df=labels, feature_lookups=[FeatureLookup(table_name="ml.fs.users", lookup_key="user_id")], label="label")
      `,
      output: `
        import pandas as pd
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.users", primary_keys=["user_id"], timestamp_keys=["ts"], df=users_df)
        labels = spark.createDataFrame(pd.DataFrame({"user_id": ["u1"], "request_timestamp": [now], "label": [1]}))
        training_set = fe.create_training_set(df=labels, feature_lookups=[FeatureLookup(table_name="ml.fs.users", lookup_key="user_id", timestamp_lookup_key="request_timestamp")], label="label")
      `,
      safety: 'unsafe',
    },
    {
      name: 'the training DataFrame has the timestamp column: safe fix with its name',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.table("ml.raw.labels").select("customer_id", "ts", "churned")
        training_set = fe.create_training_set(
            df=labels_df,
            feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")],
            label="churned",
        )
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.table("ml.raw.labels").select("customer_id", "ts", "churned")
        training_set = fe.create_training_set(
            df=labels_df,
            feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="ts")],
            label="churned",
        )
      `,
    },
    {
      name: 'the training DataFrame has one time column of another name: offered as a guess (unsafe)',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.table("ml.raw.labels").select("customer_id", "request_timestamp", "churned")
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")], label="churned")
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timeseries_columns="ts", df=activity_df)
        labels_df = spark.table("ml.raw.labels").select("customer_id", "request_timestamp", "churned")
        training_set = fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="request_timestamp")], label="churned")
      `,
      fixTitle: "the training DataFrame's one time column",
      safety: 'unsafe',
    },
    {
      name: 'a renamed column in the training DataFrame, multi-line lookup',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        labels = spark.table("ml.raw.labels").withColumnRenamed("event_time", "ts")
        lookup = FeatureLookup(
            table_name="ml.fs.activity",
            lookup_key="customer_id",
        )
        training_set = fe.create_training_set(df=labels, feature_lookups=[lookup], label="churned")
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        labels = spark.table("ml.raw.labels").withColumnRenamed("event_time", "ts")
        lookup = FeatureLookup(
            table_name="ml.fs.activity",
            lookup_key="customer_id",
            timestamp_lookup_key="ts",
        )
        training_set = fe.create_training_set(df=labels, feature_lookups=[lookup], label="churned")
      `,
    },
    {
      name: 'training DataFrame columns unknown: placeholder, unsafe',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id")]
      `,
      output: `
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        fe = FeatureEngineeringClient()
        fe.create_table(name="ml.fs.activity", primary_keys=["customer_id", "ts"], timestamp_keys=["ts"], df=activity_df)
        lookups = [FeatureLookup(table_name="ml.fs.activity", lookup_key="customer_id", timestamp_lookup_key="<timestamp column of the training DataFrame>")]
      `,
      safety: 'unsafe',
      fixTitle: 'placeholder',
    },
  ],
});
