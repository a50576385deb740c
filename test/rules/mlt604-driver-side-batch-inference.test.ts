// MLT604 driver-side-batch-inference: flagged cases and silent look-alikes (the rule has no fix).
import { mlt604DriverSideBatchInference } from '../../rules/mlt604-driver-side-batch-inference';
import { describeRule } from '../support/ruleTester';

describeRule(mlt604DriverSideBatchInference, {
  flagged: [
    {
      name: 'near miss of a distributed path: the other arm runs mapInPandas or a pandas UDF that scores nothing',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/ml.churn.churn_model@champion")

        def score(n):
            customers = spark.table("ml.churn.customers")
            if n > 0:
                return model.predict(customers.toPandas())
            return spark.table("x").mapInPandas(lambda it: it, "a int")
      `,
      findings: [{ line: 7, column: 16, message: 'scores every row on the driver' }],
    },
    {
      name: 'near misses of a distributed path beside it: an earlier if that scores at scale but does not return, a distributed call in the same arm',
      code: `
        import mlflow

        def predict(model_uri, df, on_databricks):
            if on_databricks:
                udf = mlflow.pyfunc.spark_udf(spark, model_uri)
                df.withColumn("p", udf(*df.columns)).write.saveAsTable("ml.scores")
            model = mlflow.pyfunc.load_model(model_uri)
            return model.predict(df.toPandas())

        def both(model_uri, df):
            udf = mlflow.pyfunc.spark_udf(spark, model_uri)
            model = mlflow.pyfunc.load_model(model_uri)
            return model.predict(df.toPandas())
      `,
      findings: [
        { line: 8, column: 12, message: 'scores every row on the driver' },
        { line: 13, column: 12, message: 'scores every row on the driver' },
      ],
    },
    {
      name: 'a scored frame whose column a metric reads, then renamed, merged, passed to a function, or yielded; labels saved while the scores are measured',
      code: `
        import mlflow
        import numpy as np
        from sklearn.metrics import mean_absolute_error, roc_auc_score
        model = mlflow.pyfunc.load_model("models:/ml.demand.model@champion")
        a = spark.table("ml.demand.stores_a").toPandas()
        a["pred"] = model.predict(a)
        print(mean_absolute_error(a["sales"], a["pred"]))
        scored = a
        scored.to_csv("/dbfs/out/a.csv")
        b = spark.table("ml.demand.stores_b").toPandas()
        b["pred"] = model.predict(b)
        print(mean_absolute_error(b["sales"], b["pred"]))
        meta.merge(b, on="store").to_parquet("/dbfs/out/b.parquet")
        c = spark.table("ml.demand.stores_c").toPandas()
        c["pred"] = model.predict(c)
        print(mean_absolute_error(c["sales"], c["pred"]))
        publish(c)

        def batches():
            d = spark.table("ml.demand.stores_d").toPandas()
            d["pred"] = model.predict(d)
            print(mean_absolute_error(d["sales"], d["pred"]))
            yield d

        e = spark.table("ml.churn.customers").toPandas()
        proba = model.predict(e)
        labels = (proba > 0.5).astype(int)
        print(roc_auc_score(e["churn"], proba))
        np.save("/dbfs/out/labels.npy", labels)
      `,
      findings: [
        { line: 6, column: 13, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 11, column: 13, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 15, column: 13, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 21, column: 17, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 26, column: 9, message: 'predict() on toPandas() of a Spark DataFrame' },
      ],
    },
    {
      name: 'a prediction column read by a metric, of a frame then written out or returned: batch output',
      code: `
        import mlflow
        from sklearn.metrics import f1_score
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        pdf = spark.table("ml.churn.customers").toPandas()
        pdf["prediction"] = model.predict(pdf[FEATURES])
        print(f1_score(pdf["label"], pdf["prediction"]))
        spark.createDataFrame(pdf).write.saveAsTable("ml.churn.scored")

        def score(table):
            frame = spark.table(table).toPandas()
            frame["prediction"] = model.predict(frame[FEATURES])
            print(f1_score(frame["label"], frame["prediction"]))
            return frame
      `,
      findings: [
        { line: 5, column: 21, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 11, column: 27, message: 'predict() on toPandas() of a Spark DataFrame' },
      ],
    },
    {
      name: 'scores made labels by a threshold and stored as a column, or measured and also written out: batch inference',
      code: `
        import mlflow
        from sklearn.metrics import f1_score
        pdf = spark.table("ml.churn.customers").toPandas()
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        proba = model.predict(pdf)
        pdf["churn_flag"] = (proba > 0.5).astype(int)
        other = spark.table("ml.churn.prospects").toPandas()
        scores = model.predict(other)
        labels = scores >= 0.5
        print(f1_score(other["churn"], labels))
        labels.tofile("/dbfs/tmp/labels.bin")
      `,
      findings: [
        { line: 5, column: 9, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 8, column: 10, message: 'predict() on toPandas() of a Spark DataFrame' },
      ],
    },
    {
      name: 'scores (or labels made of them) kept as a column of the frame and also measured: the column is batch inference',
      code: `
        import mlflow
        from sklearn.metrics import f1_score, roc_auc_score
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        pdf = spark.table("ml.churn.customers").toPandas()
        proba = model.predict(pdf)
        labels = (proba > 0.5).astype(int)
        pdf["churn_flag"] = labels
        print(f1_score(pdf["churn"], labels))
        spark.createDataFrame(pdf).write.saveAsTable("ml.churn.flags")
        other = spark.table("ml.churn.prospects").toPandas()
        scores = model.predict(other)
        other["score"] = scores
        print(roc_auc_score(other["churn"], scores))
        other.to_parquet("/dbfs/ml/churn/prospect_scores.parquet")
      `,
      findings: [
        { line: 5, column: 9, message: 'predict() on toPandas() of a Spark DataFrame' },
        { line: 11, column: 10, message: 'predict() on toPandas() of a Spark DataFrame' },
      ],
    },
    {
      name: 'collected rows prepared by a static method (and a class method) of a class of the file, called on the class',
      code: `
        import mlflow
        class Housing:
            target = "price"
            @staticmethod
            def features_only(pdf):
                return pdf.drop(Housing.target, axis=1)
            @classmethod
            def load(cls, name):
                return spark.table(name).toPandas()
        model = mlflow.sklearn.load_model("models:/m/1")
        scores = model.predict(Housing.features_only(spark.table("main.re.listings").toPandas()))
        more = model.predict(Housing.load("main.re.other"))
      `,
      findings: [
        { line: 11, column: 10, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' },
        { line: 12, column: 8, message: 'predict() on toPandas() of a Spark DataFrame' },
      ],
    },
    {
      name: 'pd.DataFrame.from_records of every collected row',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.sklearn.load_model("models:/m/1")
        pdf = pd.DataFrame.from_records([r.asDict() for r in spark.table("t").collect()])
        pdf["p"] = model.predict(pdf)
      `,
      findings: [{ line: 5, column: 12, message: 'predict() on collect() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'a pandas frame of the collected rows as dicts ([r.asDict() for r in rows])',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.xgboost.load_model("models:/ml.risk.fraud_model/4")
        rows = spark.table("ml.risk.transactions").collect()
        frame = pd.DataFrame([r.asDict() for r in rows])
        frame["pred"] = model.predict(frame)
      `,
      findings: [{ line: 6, column: 17, message: 'predict() on collect() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'predictions wrapped in a DataFrame and written out: batch inference, whatever the container',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        preds = pd.DataFrame(model.predict(spark.table("main.ml.customers").toPandas()))
        spark.createDataFrame(preds).write.saveAsTable("main.ml.scores")
      `,
      findings: [{ line: 4, column: 22, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: "a loaded model broadcast and read back with .value in a foreachBatch function: each micro-batch is collected and scored on the driver",
      code: `
        import mlflow
        booster = mlflow.xgboost.load_model("models:/main.pumps.failure@production")
        shared = spark.sparkContext.broadcast(booster)
        def score(batch_df, batch_id):
            pdf = batch_df.toPandas()
            pdf["risk"] = shared.value.predict(pdf[["temp", "vib"]])
        spark.readStream.table("main.pumps.features").writeStream.foreachBatch(score).start()
      `,
      findings: [
        {
          line: 6,
          column: 19,
          message:
            'predict() on toPandas() of a Spark DataFrame scores every row on the driver: use mlflow.pyfunc.spark_udf to score on the executors (groupBy().applyInPandas when predict() needs all the rows of a group together, as a per-series forecaster does)',
        },
      ],
    },
    {
      name: 'a model loaded by alias, or by version where that fails: both arms load one',
      code: `
        import mlflow
        try:
            model = mlflow.pyfunc.load_model("models:/main.claims.severity@champion")
        except Exception:
            model = mlflow.pyfunc.load_model("models:/main.claims.severity/1")
        claims = spark.table("main.claims.features").toPandas()
        claims["prediction"] = model.predict(claims[["age", "amount"]])
      `,
      findings: [{ line: 7, column: 24, message: 'scores every row on the driver' }],
    },
    {
      name: 'a whole table, then columns dropped in a loop: neither binding that may reach toPandas is cut',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/main.demo.price@champion")
        rows = spark.table("main.demo.listings").drop("price")
        for c in rows.columns:
            if c.endswith("_flag"):
                rows = rows.drop(c)
        model.predict(rows.toPandas())
      `,
      findings: [{ line: 7, column: 1, message: 'scores every row on the driver' }],
    },
    {
      name: 'errors kept per row as a column of the scored frame: the scores of every row',
      code: `
        import mlflow
        pdf = spark.table("ml.churn.customers").toPandas()
        preds = mlflow.sklearn.load_model("models:/ml.churn.model@champion").predict(pdf.drop(columns=["churned"]))
        pdf["error"] = (pdf["churned"] - preds).abs()
      `,
      findings: [{ line: 3, column: 9 }],
    },
    {
      name: 'predictions returned by helpers that also write them out, whose caller writes them, or that a map calls by reference',
      code: `
        import mlflow
        from sklearn.metrics import f1_score

        def score_and_save(pdf):
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            preds = model.predict(pdf)
            spark.createDataFrame(pdf.assign(prediction=preds)).write.saveAsTable("ml.hotel.scores")
            return preds

        def score(pdf):
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            preds = model.predict(pdf)
            return preds

        def score_region(region):
            pdf = spark.table(f"ml.hotel.{region}").toPandas()
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            preds = model.predict(pdf)
            return preds

        holdout = spark.table("ml.hotel.holdout").toPandas()
        print(f1_score(holdout["label"], score_and_save(holdout)))
        bookings = spark.table("ml.hotel.bookings").toPandas()
        p = score(bookings)
        print(f1_score(bookings["label"], p))
        p.tofile("/dbfs/tmp/preds.bin")
        print(f1_score(labels, score_region("emea")))
        all_scores = list(map(score_region, ["emea", "amer"]))
      `,
      findings: [
        { line: 6, column: 13 },
        { line: 12, column: 13 },
        { line: 18, column: 13 },
      ],
    },
    {
      name: 'predictions returned by helpers (in place, or bound to a name first), one of whose calls keeps them as the batch\'s scores',
      code: `
        import mlflow
        from sklearn.metrics import f1_score

        def score(pdf):
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            return model.predict(pdf)

        def score_named(pdf):
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            preds = model.predict(pdf)
            return preds

        holdout = spark.table("ml.hotel.holdout").toPandas()
        print(f1_score(holdout["label"], score(holdout)))
        print(f1_score(holdout["label"], score_named(holdout)))
        bookings = spark.table("ml.hotel.bookings").toPandas()
        bookings["prediction"] = score(bookings)
        rooms = spark.table("ml.hotel.rooms").toPandas()
        rooms["prediction"] = score_named(rooms)
      `,
      findings: [
        { line: 6, column: 12 },
        { line: 10, column: 13 },
      ],
    },
    {
      name: 'cells of the collected frame set by label before predict: still the collected table',
      code: `
        import mlflow
        model = mlflow.sklearn.load_model("models:/main.ml.churn@champion")
        pdf = spark.table("main.ml.customers").toPandas()
        pdf.loc[pdf["age"] < 0, "age"] = 0
        preds = model.predict(pdf)
      `,
      findings: [{ line: 5, column: 9, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'the model comes from a function of the file that returns mlflow.sklearn.load_model',
      code: `
        import mlflow
        def load(uri):
            return mlflow.sklearn.load_model(uri)
        model = load("models:/ml.cost.anomaly@champion")
        pdf = spark.table("ml.cost.features").toPandas()
        pdf["pred"] = model.predict(pdf[["x1", "x2"]])
      `,
      findings: [{ line: 6, column: 15, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'a table collected in one branch, a local file read in the other: the message says when every row is scored on the driver',
      code: `
        import mlflow
        import pandas as pd
        if table_name:
            data = spark.table(table_name).toPandas()
        else:
            data = pd.read_csv("wine.csv")
        features = data.drop(columns=["quality"])
        model = mlflow.sklearn.load_model(model_uri)
        predictions = model.predict(features)
      `,
      findings: [{ line: 9, column: 15, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver where the branch that collects it runs: use mlflow.pyfunc.spark_udf' }],
    },
    {
      name: 'both branches collect a table: every row is scored on the driver, whichever runs',
      code: `
        import mlflow
        if recent:
            data = spark.table("ml.wine.recent").toPandas()
        else:
            data = spark.table("ml.wine.all").toPandas()
        model = mlflow.sklearn.load_model(model_uri)
        predictions = model.predict(data)
      `,
      findings: [{ line: 7, column: 15, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver: use mlflow.pyfunc.spark_udf' }],
    },
    {
      name: 'rows collected with collect() into a pandas DataFrame, then scored',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.sklearn.load_model("models:/churn@champion")
        rows = spark.table("ml.churn.customers").select("tenure", "charges").collect()
        scored = model.predict(pd.DataFrame(rows, columns=["tenure", "charges"]))
      `,
      findings: [{ line: 5, column: 10, message: 'predict() on collect() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'the collected rows passed to a function of the file that scores them',
      code: `
        import mlflow
        model = mlflow.sklearn.load_model("models:/main.ml.churn@champion")
        def batch_predictions(pdf):
            pdf["prediction"] = model.predict(pdf.drop(columns=["id"]))
            return pdf
        scored = batch_predictions(spark.table("main.ml.customers").toPandas())
      `,
      findings: [{ line: 4, column: 25, message: 'scores every row on the driver' }],
    },
    {
      name: 'the rows collected by a function of the file that returns toPandas()',
      code: `
        import mlflow
        def load_table(name):
            return spark.table(name).toPandas()
        customers = load_table("main.ml.customers")
        model = mlflow.pyfunc.load_model("models:/main.ml.churn@champion")
        scores = model.predict(customers)
      `,
      findings: [{ line: 6, column: 10, message: 'scores every row on the driver' }],
    },
    {
      name: 'predictions used beyond a metric: batch scoring that is also evaluated',
      code: `
        import mlflow
        from sklearn.metrics import mean_squared_error
        model = mlflow.pyfunc.load_model("models:/price@champion")
        pdf = spark.read.table("ml.sales.listings").toPandas()
        preds = model.predict(pdf)
        print(mean_squared_error(pdf["price"], preds))
        spark.createDataFrame(pdf.assign(prediction=preds)).write.saveAsTable("ml.sales.scored")
      `,
      findings: [{ line: 5, column: 9 }],
    },
    {
      name: 'a scoring helper that takes both the model and the collected rows as parameters',
      code: `
        import mlflow

        def load_champion():
            return mlflow.sklearn.load_model("models:/main.fraud.claims@champion")

        def add_predictions(pdf, model, cols):
            pdf["prediction"] = model.predict(pdf[cols])
            return pdf

        scored = add_predictions(spark.read.table("main.fraud.features").toPandas(), load_champion(), ["amount"])
      `,
      findings: [{ line: 7, column: 25, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'predictions that give infer_signature its sample and are also written out as scores',
      code: `
        import mlflow
        model = mlflow.sklearn.load_model("models:/churn@champion")
        pdf = spark.table("ml.churn.features").toPandas()
        preds = model.predict(pdf)
        signature = mlflow.models.infer_signature(pdf, preds)
        spark.createDataFrame(pdf.assign(prediction=preds)).write.saveAsTable("ml.churn.scored")
      `,
      findings: [{ line: 4, column: 9 }],
    },
    {
      name: 'pyfunc model predicting on spark.table(...).toPandas()',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        predictions = model.predict(spark.table("ml.churn.customers").toPandas())
      `,
      findings: [{ line: 3, column: 15, message: 'scores every row on the driver', severity: 'information' }],
    },
    {
      name: 'through names: the DataFrame, its pandas copy',
      code: `
        import mlflow
        model = mlflow.sklearn.load_model(model_uri)
        customers = spark.read.format("delta").load("/mnt/churn/customers").select("age", "plan")
        pdf = customers.toPandas()
        preds = model.predict(pdf)
      `,
      findings: [{ line: 5, column: 9 }],
    },
    {
      name: 'imported load_model and spark.sql',
      code: `
        from mlflow.pyfunc import load_model
        m = load_model(uri)
        m.predict(spark.sql("SELECT * FROM ml.churn.customers").toPandas())
      `,
      findings: [{ line: 3, column: 1 }],
    },
    {
      name: 'column selection and drop after toPandas',
      code: `
        import mlflow.xgboost
        booster = mlflow.xgboost.load_model(uri)
        features = spark.read.table("features").filter("ds = '2024-01-01'")
        booster.predict(features.toPandas().drop(columns=["id"])[cols])
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'createDataFrame and a session from SparkSession.builder',
      code: `
        import mlflow
        from pyspark.sql import SparkSession
        session = SparkSession.builder.getOrCreate()
        sdf = session.createDataFrame(rows)
        mlflow.pyfunc.load_model(uri).predict(sdf.toPandas())
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'data= keyword and a chain split with backslashes',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        sdf = spark.read \\
            .table("t") \\
            .where("x > 0")
        out = model.predict(data=sdf.toPandas())
      `,
      findings: [{ line: 6, column: 7 }],
    },
    {
      name: 'any receiver of toPandas() is a Spark DataFrame: a parameter',
      code: `
        import mlflow
        def score(df):
            model = mlflow.pyfunc.load_model(uri)
            return model.predict(df.toPandas())
      `,
      findings: [{ line: 4, column: 12 }],
    },
    {
      name: 'a DataFrame that a helper returns (tuple unpacking)',
      code: `
        import mlflow
        data, source = WineQuality.get_data(table)
        model = mlflow.pyfunc.load_model(model_uri)
        predictions = model.predict(data.toPandas())
      `,
      findings: [{ line: 4, column: 15 }],
    },
    {
      name: 'the prediction stored back into the same pandas frame',
      code: `
        import mlflow
        accidents = spark.read.format("binaryFile").load(path).withColumn("name", F.col("path"))
        accidents_pdf = accidents.toPandas()
        model = mlflow.pyfunc.load_model("models:/damage_severity/production")
        accidents_pdf["severity"] = model.predict(accidents_pdf["content"])
      `,
      findings: [{ line: 5, column: 29 }],
    },
    {
      name: 'frames joined with pd.concat keep every row of each',
      code: `
        import mlflow
        import pandas as pd
        history = spark.table("ml.shop.orders_2023").toPandas()
        recent = spark.table("ml.shop.orders_2024").toPandas()
        orders = pd.concat([history, recent], ignore_index=True)
        model = mlflow.sklearn.load_model("models:/ml.shop.basket@champion")
        orders["basket"] = model.predict(orders[feature_names])
      `,
      findings: [{ line: 7, column: 20, message: 'scores every row on the driver' }],
    },
    {
      name: 'a limit above 10,000 rows caps a batch: the message gives the cap',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        pdf = spark.table("ml.crm.leads").limit(250000).toPandas()
        pdf["score"] = model.predict(pdf[cols])
        spark.createDataFrame(pdf).write.saveAsTable("ml.crm.lead_scores")
      `,
      findings: [{ line: 4, column: 16, message: 'scores up to 250,000 rows on the driver' }],
    },
    {
      name: 'a SQL LIMIT above 10,000 rows',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.sql("SELECT * FROM ml.crm.leads LIMIT 20000").toPandas())
      `,
      findings: [{ line: 3, column: 1, message: 'up to 20,000 rows' }],
    },
    {
      name: 'predict_proba of a native model on the rows of a Spark DataFrame',
      code: `
        import mlflow
        clf = mlflow.sklearn.load_model("models:/ml.risk.default_model@champion")
        applicants = spark.table("ml.risk.applicants").where("status = 'open'")
        pdf = applicants.select("id", *FEATURES).toPandas()
        pdf["p_default"] = clf.predict_proba(pdf[FEATURES])[:, 1]
        spark.createDataFrame(pdf).write.mode("append").saveAsTable("ml.risk.scores")
      `,
      findings: [{ line: 5, column: 20, message: 'predict_proba() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'the same rows scored twice (labels, then probabilities): one finding',
      code: `
        import mlflow
        uri = "models:/ml.risk.default_model/4"
        rows = spark.table("ml.risk.applicants").toPandas()
        labels = mlflow.pyfunc.load_model(uri).predict(rows)
        probabilities = mlflow.sklearn.load_model(uri).predict_proba(rows)
        spark.createDataFrame(rows.assign(label=labels, p=probabilities[:, 1])).write.saveAsTable("ml.risk.out")
      `,
      findings: [{ line: 4, column: 10, message: 'predict() on toPandas()' }],
    },
    {
      name: 'the rows converted to an array and wrapped again in a pandas DataFrame',
      code: `
        import mlflow
        import pandas as pd
        pdf = spark.read.format("delta").load("/mnt/shop/new_orders").toPandas()
        x_new = pdf[feature_cols].values
        model = mlflow.pyfunc.load_model(model_path)
        y_new = model.predict(pd.DataFrame(x_new, columns=feature_cols))
        spark.createDataFrame(pd.DataFrame({"prediction": y_new})).write.save("/mnt/shop/scored")
      `,
      findings: [{ line: 6, column: 9 }],
    },
    {
      name: 'to_numpy() keeps every row',
      code: `
        import mlflow
        booster = mlflow.xgboost.load_model(uri)
        scores = booster.predict(spark.table("ml.shop.orders").toPandas()[cols].to_numpy())
      `,
      findings: [{ line: 3, column: 10 }],
    },
    {
      name: 'a pyfunc load of a run found elsewhere, in a file that logs a scikit-learn model beside a Spark ML one',
      code: `
        import mlflow
        mlflow.spark.log_model(pipeline_model, "spark-model")
        mlflow.sklearn.log_model(forest, "sk-model")
        scorer = mlflow.pyfunc.load_model(f"runs:/{best_run_id}/sk-model")
        scored = scorer.predict(spark.table("wine").toPandas())
      `,
      findings: [{ line: 5, column: 10, message: 'predict() on toPandas() of a Spark DataFrame scores every row on the driver' }],
    },
    {
      name: 'a Spark ML model loaded back by another URI than the pyfunc model scored on the driver (a featurizer beside a classifier)',
      code: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        spark_model = mlflow.spark.load_model(f"runs:/{run_id}/model")
        loaded = mlflow.pyfunc.load_model("models:/cars/1")
        preds = loaded.predict(spark.table("ml.cars").toPandas())
      `,
      findings: [{ line: 5, column: 9 }],
    },
    {
      name: 'a scikit-learn model logged in the file and loaded back as pyfunc',
      code: `
        import mlflow
        with mlflow.start_run() as run:
            mlflow.sklearn.log_model(forest, "model")
        scorer = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model")
        scored = scorer.predict(spark.table("wine").toPandas())
      `,
      findings: [{ line: 5, column: 10 }],
    },
  ],
  silent: [
    {
      name: 'the driver-side path beside a distributed one: the other arm of an if scores with score_batch or spark_udf, or an earlier if returns after scoring that way',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient

        def predict(model_uri, keys_df, features_df, on_databricks):
            if on_databricks:
                return FeatureEngineeringClient().score_batch(model_uri=model_uri, df=keys_df)
            model = mlflow.pyfunc.load_model(model_uri)
            return model.predict(features_df.toPandas())

        def score(model_uri, df, local):
            if local:
                model = mlflow.pyfunc.load_model(model_uri)
                out = model.predict(df.toPandas())
            else:
                udf = mlflow.pyfunc.spark_udf(spark, model_uri)
                out = df.withColumn("prediction", udf(*df.columns))
            return out
      `,
    },
    {
      name: 'a held-out evaluation: predictions normalised under the same name, kept as a column read back only for a scatter, or as a field of an evaluation result',
      code: `
        import mlflow
        import matplotlib.pyplot as plt
        from sklearn.metrics import log_loss, mean_squared_error
        holdout = spark.table("ml.housing.holdout").toPandas()
        model = mlflow.pyfunc.load_model("models:/ml.housing.price@challenger")
        proba = model.predict(holdout)
        proba = proba.values.reshape(-1) if hasattr(proba, "values") else proba
        print(log_loss(holdout["sold"], proba))
        preds = model.predict(holdout)
        holdout["predicted_price"] = preds
        result.predictions = preds
        print(mean_squared_error(holdout["price"], preds) ** 0.5)
        plt.scatter(holdout["price"], holdout["predicted_price"])
      `,
    },
    {
      name: 'a prediction column of a held-out frame read back only by metrics, or the frame given to mlflow.evaluate',
      code: `
        import mlflow
        from sklearn.metrics import f1_score
        model = mlflow.pyfunc.load_model("models:/ml.churn.model@challenger")
        test_pdf = spark.table("ml.churn.test_split").toPandas()
        test_pdf["prediction"] = model.predict(test_pdf[FEATURES])
        print(f1_score(test_pdf["label"], test_pdf["prediction"]))
        eval_pdf = spark.table("ml.churn.eval_set").toPandas()
        eval_pdf["prediction"] = model.predict(eval_pdf[FEATURES])
        result = mlflow.evaluate(data=eval_pdf, targets="churned", predictions="prediction", model_type="classifier")
        holdout = spark.table("ml.churn.holdout").toPandas()
        holdout["pred"] = model.predict(holdout)
        display(holdout.head())
        print(f1_score(holdout.label, holdout.pred), holdout.shape)
        mlflow.log_table(holdout[["label", "pred"]], "holdout_predictions.json")
      `,
    },
    {
      name: 'scores turned into labels by a threshold, then only measured (a held-out evaluation)',
      code: `
        import mlflow
        import numpy as np
        from sklearn.metrics import accuracy_score, f1_score
        test_pdf = spark.table("ml.churn.test").toPandas()
        champion = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")
        proba = champion.predict(test_pdf.drop(columns=["churn"]))
        labels = (proba > 0.5).astype(int)
        print(f1_score(test_pdf["churn"], labels))
        print(accuracy_score(test_pdf["churn"], np.where(0.5 <= proba, 1, 0)))
        challenger = mlflow.pyfunc.load_model("models:/ml.churn.model@challenger")
        print(f1_score(test_pdf["churn"], challenger.predict(test_pdf)[:, 1] >= 0.3))
      `,
    },
    {
      name: 'a Spark ML pipeline autologged, loaded back with mlflow.spark.load_model, registered, and scored as pyfunc: its pyfunc scores with transform, a Spark job',
      code: `
        # Databricks notebook source
        import mlflow
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import RFormula
        from pyspark.ml.regression import LinearRegression
        train_df, test_df = spark.table("ml.cars").randomSplit([0.8, 0.2], seed=7)
        with mlflow.start_run() as run:
            mlflow.autolog()
            Pipeline(stages=[RFormula(formula="price ~ ."), LinearRegression()]).fit(train_df)
        spark_model = mlflow.spark.load_model(f"runs:/{run.info.run_id}/model")
        mlflow.register_model(f"runs:/{run.info.run_id}/model", "cars_lr")
        # COMMAND ----------
        loaded = mlflow.pyfunc.load_model("models:/cars_lr/1")
        preds = loaded.predict(test_df.toPandas())
      `,
    },
    {
      name: 'errors reduced to one number by hand, in place or through a helper that returns the predictions: a held-out evaluation',
      code: `
        import mlflow
        import numpy as np

        def predict_with(model_uri, pdf):
            model = mlflow.sklearn.load_model(model_uri)
            return model.predict(pdf)

        def challenger_beats_champion(test_sdf, target):
            pdf = test_sdf.toPandas()
            X = pdf.drop(columns=[target])
            champion = predict_with("models:/ml.churn.model@champion", X)
            challenger = mlflow.sklearn.load_model("models:/ml.churn.model@challenger").predict(X)
            mae_champion = (pdf[target] - champion).abs().mean()
            rmse_challenger = np.sqrt(np.mean((pdf[target] - challenger) ** 2))
            return rmse_challenger < mae_champion
      `,
    },
    {
      name: 'predictions sent only to a metric method of an instance made in place (an evaluation)',
      code: `
        import mlflow
        from sklearn.metrics import roc_auc_score
        model = mlflow.sklearn.load_model("models:/m/1")
        class Eval:
            def summarize(self, y_true, scores):
                return {"auc": roc_auc_score(y_true, scores)}
        holdout = spark.table("ml.churn.holdout").toPandas()
        scores = model.predict_proba(holdout[["f1", "f2"]])[:, 1]
        print(Eval().summarize(holdout["label"], scores))
      `,
    },
    {
      name: 'methods called on the class that are no static or class methods, or return other rows',
      code: `
        import mlflow
        import pandas as pd
        class Housing:
            def features_only(self, pdf):
                return pdf.drop("price", axis=1)
            @staticmethod
            def sample(pdf):
                return pd.read_csv("/dbfs/samples/houses.csv")
        model = mlflow.sklearn.load_model("models:/m/1")
        rows = spark.table("main.re.listings").toPandas()
        a = model.predict(Housing.features_only(rows))
        b = model.predict(Housing.sample(rows))
      `,
    },
    {
      name: 'a frame of some of the collected rows (a filtered comprehension) or of one field of each',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.xgboost.load_model("models:/ml.risk.fraud_model/4")
        rows = spark.table("ml.risk.transactions").collect()
        recent = pd.DataFrame([r.asDict() for r in rows if r.day == today])
        recent["pred"] = model.predict(recent)
        ids = pd.DataFrame([r.id for r in rows])
        ids["pred"] = model.predict(ids)
      `,
    },
    {
      name: 'predictions of a validation set that only feed diagnostic plots: predicted against actual, and a residual histogram',
      code: `
        import mlflow
        import matplotlib.pyplot as plt
        model = mlflow.sklearn.load_model("models:/ml.house.model@challenger")
        val = spark.table("ml.house.validation").toPandas()
        fig, ax = plt.subplots()
        ax.scatter(val["price"], model.predict(val.drop(columns=["price"])), s=3)
        preds = model.predict(val.drop(columns=["price"]))
        residuals = val["price"] - preds
        plt.hist(residuals, bins=50)
        mlflow.log_figure(fig, "diagnostics.png")
      `,
    },
    {
      name: "an evaluation of the champion on the class's collected test set: predictions wrapped in a DataFrame, a column of them fed to a metric",
      code: `
        import mlflow
        import pandas as pd
        from sklearn.metrics import f1_score
        class Trainer:
            def load_data(self):
                self.test_set = spark.table("main.ml.test").toPandas()
                self.X_test = self.test_set[["a", "b"]]
            def model_improved(self, uri):
                baseline = mlflow.pyfunc.load_model(uri)
                preds = pd.DataFrame(baseline.predict(self.X_test))
                y_pred = preds["prediction"]
                return f1_score(self.test_set["label"], y_pred) < self.f1
      `,
    },
    {
      name: "the .value of a broadcast that is not a loaded model",
      code: `
        import mlflow
        lookup = spark.sparkContext.broadcast(load_lookup_table())
        pdf = spark.table("main.pumps.features").toPandas()
        pdf["risk"] = lookup.value.predict(pdf[["temp", "vib"]])
      `,
    },
    {
      name: 'a name that one arm binds to a loaded model and the other to something else',
      code: `
        import mlflow
        if use_registry:
            model = mlflow.pyfunc.load_model("models:/main.claims.severity@champion")
        else:
            model = build_rules_model(config)
        claims = spark.table("main.claims.features").toPandas()
        claims["prediction"] = model.predict(claims[["age", "amount"]])
      `,
    },
    {
      name: 'one row cut with limit(1), then columns dropped in a loop: either binding may reach toPandas, and the first is a sample',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/main.demo.price@champion")
        one_row = spark.table("main.demo.listings").limit(1).drop("price")
        for c in one_row.columns:
            if c.endswith("_flag"):
                one_row = one_row.drop(c)
        model.predict(one_row.toPandas())
      `,
    },
    {
      name: 'predictions bound to a name and returned by a helper whose every call feeds a metric',
      code: `
        import mlflow
        from sklearn.metrics import accuracy_score

        class Trainer:
            def predict_latest(self, features_pdf):
                model = mlflow.pyfunc.load_model("models:/ml.s.clf@latest")
                preds = model.predict(features_pdf)
                return preds

            def improved(self, test_set):
                test_set = test_set.toPandas()
                X = test_set.drop("label", axis=1)
                latest = self.predict_latest(X)["Prediction"]
                return accuracy_score(test_set["label"], self.pipeline.predict(X)) > accuracy_score(test_set["label"], latest)
      `,
    },
    {
      name: 'predictions returned by a helper (a method, a function) whose every call feeds a metric: an evaluation on a held-out set',
      code: `
        import mlflow
        from sklearn.metrics import f1_score

        class CancellationModel:
            def evaluate(self, preds, y_true):
                return {"f1": f1_score(y_true, preds)}

            def predict_with_champion(self, features):
                model = mlflow.sklearn.load_model("models:/ml.hotel.cancel@champion")
                return model.predict(features)

            def champion_f1(self, test_set):
                pdf = test_set.toPandas()
                preds = self.predict_with_champion(pdf.drop(columns=["label"]))
                return self.evaluate(preds, pdf["label"])["f1"]

        def score_holdout(pdf):
            model = mlflow.pyfunc.load_model("models:/ml.hotel.cancel@champion")
            return model.predict(pdf)

        holdout = spark.table("ml.hotel.holdout").toPandas()
        print(f1_score(holdout["label"], score_holdout(holdout)))

        class BasicModel(BaseModel):
            def latest_predictions(self, x):
                return mlflow.sklearn.load_model("models:/ml.hotel.cancel@champion").predict(x)

            def improves(self, test_set):
                pdf = test_set.toPandas()
                metrics = self.evaluate_model(self.latest_predictions(pdf.drop(columns=["label"])), pdf["label"])
                return metrics["f1"] > 0.8
      `,
    },
    {
      name: 'a function of the file that loads an MLflow model on one path only',
      code: `
        import mlflow
        import joblib
        def load(uri):
            if uri.startswith("models:/"):
                return mlflow.sklearn.load_model(uri)
            return joblib.load(uri)
        model = load(path)
        pdf = spark.table("ml.cost.features").toPandas()
        pdf["pred"] = model.predict(pdf[["x1", "x2"]])
      `,
    },
    {
      name: 'names that branches assign without every Spark row: local files only (data), or a sample of the table (sample)',
      code: `
        import mlflow
        import pandas as pd
        if recent:
            data = pd.read_csv("recent.csv")
            sample = spark.table(table_name).limit(500).toPandas()
        else:
            data = pd.read_parquet("all.parquet")
            sample = pd.read_csv("wine.csv")
        model = mlflow.sklearn.load_model(model_uri)
        predictions = model.predict(data)
        sampled = model.predict(sample)
      `,
    },
    {
      name: 'collect() of another library (a Polars LazyFrame) brings no Spark rows to the driver',
      code: `
        import mlflow
        import pandas as pd
        import polars as pl
        model = mlflow.sklearn.load_model("models:/churn@champion")
        frame = pl.scan_parquet("customers.parquet").select(["tenure", "charges"]).collect()
        scored = model.predict(pd.DataFrame(frame.to_dicts()))
        other = model.predict(pd.DataFrame(pl.scan_parquet("more.parquet").collect()))
      `,
    },
    {
      name: 'a few rows collected to look at predictions',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.sklearn.load_model("models:/churn@champion")
        sample = model.predict(pd.DataFrame(spark.table("ml.churn.customers").limit(20).collect()))
      `,
    },
    {
      name: 'a Spark ML model logged in the file and loaded back as pyfunc: its pyfunc scores with transform, through Spark',
      code: `
        import mlflow
        from pyspark.ml.regression import LinearRegression
        with mlflow.start_run() as run:
            fitted = LinearRegression(labelCol="quality").fit(train_df)
            mlflow.spark.log_model(fitted, "wine-model")
        scorer = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/wine-model")
        scored = scorer.predict(test_df.toPandas())
      `,
    },
    {
      name: 'a Spark ML model loaded as pyfunc from a run found elsewhere, in a file whose only logged models are Spark ML ones',
      code: `
        import mlflow
        mlflow.spark.log_model(pipeline_model, "spark-model", registered_model_name=name)
        uri = f"runs:/{best_run_id}/spark-model"
        scorer = mlflow.pyfunc.load_model(uri)
        scored = scorer.predict(spark.table("wine").toPandas())
      `,
    },
    {
      name: 'a scoring function of the file that some call gives a sample, another rows of unknown origin, or its arguments with *',
      code: `
        import mlflow
        model = mlflow.sklearn.load_model("models:/main.ml.churn@champion")
        def score(pdf):
            return model.predict(pdf)
        def score_all(pdf):
            return model.predict(pdf)
        def score_some(pdf):
            return model.predict(pdf)
        score(spark.table("main.ml.customers").limit(50).toPandas())
        score_all(spark.table("main.ml.customers").toPandas())
        score_all(local_frame)
        score_some(spark.table("main.ml.customers").toPandas())
        score_some(*frames)
      `,
    },
    {
      name: 'a function of the file that returns a sample, or not always a collected DataFrame',
      code: `
        import mlflow
        def peek(name):
            return spark.table(name).limit(100).toPandas()
        def load(name, local=None):
            if local is not None:
                return local
            return spark.table(name).toPandas()
        model = mlflow.pyfunc.load_model("models:/main.ml.churn@champion")
        model.predict(peek("main.ml.customers"))
        model.predict(load("main.ml.customers"))
      `,
    },
    {
      name: 'two rows written in the code, scored on the driver',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn@champion")
        sample = spark.createDataFrame([(42, "basic"), (37, "pro")], ["age", "plan"])
        print(model.predict(sample.toPandas()))
      `,
    },
    {
      name: 'pd.concat of a small sample and a local file',
      code: `
        import mlflow
        import pandas as pd
        sample = spark.table("t").limit(20).toPandas()
        frames = pd.concat([sample, pd.read_csv("extra.csv")])
        mlflow.pyfunc.load_model(uri).predict(frames)
      `,
    },
    {
      name: 'a concat that is not pandas.concat',
      code: `
        import mlflow
        from helpers import concat
        both = concat([spark.table("a").toPandas(), spark.table("b").toPandas()])
        mlflow.pyfunc.load_model(uri).predict(both)
      `,
    },
    {
      name: 'a limit of exactly 10,000 rows is still a sample',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").limit(10000).toPandas())
      `,
    },
    {
      name: 'a limit whose row count is computed',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").limit(n_rows).toPandas())
      `,
    },
    {
      name: 'an evaluation: the predictions only go into metrics',
      code: `
        import mlflow
        from sklearn.metrics import mean_squared_error, accuracy_score
        candidate = mlflow.pyfunc.load_model(f"models:/{catalog}.ml.price@candidate")
        test_df = spark.read.table(test_path)
        X_test = test_df.drop("id", "price").toPandas()
        y_pred = candidate.predict(X_test)
        rmse = mean_squared_error(y_test, y_pred) ** 0.5
        acc = accuracy_score(y_test, candidate.predict(X_test))
      `,
    },
    {
      name: 'predictions that only give infer_signature its output sample, directly or through a name',
      code: `
        import mlflow
        from mlflow.models.signature import infer_signature
        model = mlflow.sklearn.load_model("models:/churn@champion")
        X = spark.table("ml.churn.features").toPandas().drop("label", axis=1)
        signature = infer_signature(X, model.predict(X))
        sample = model.predict_proba(X)
        proba_signature = mlflow.models.infer_signature(X, sample)
      `,
    },
    {
      name: 'a scoring helper whose model parameter one call fills with a model trained here, not loaded from MLflow',
      code: `
        import mlflow
        from sklearn.linear_model import LogisticRegression

        def add_predictions(pdf, model):
            pdf["prediction"] = model.predict(pdf[["amount"]])
            return pdf

        rows = spark.read.table("main.fraud.features").toPandas()
        add_predictions(rows, mlflow.sklearn.load_model("models:/main.fraud.claims@champion"))
        add_predictions(rows, LogisticRegression().fit(rows[["amount"]], rows["label"]))
      `,
    },
    {
      name: 'a SQL query that keeps ten rows',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/segmentation@champion")
        df = spark.sql("select age, income from customers limit 10").toPandas()
        df["cluster"] = model.predict(df)
      `,
    },
    {
      name: 'an aggregate (one row per store) scored on the driver',
      code: `
        import mlflow
        from pyspark.sql import functions as F

        model = mlflow.pyfunc.load_model("models:/ml.sales.store_model@champion")
        predictions = model.predict(spark.table("ml.sales.daily").groupBy("store").agg(F.sum("units").alias("units")).toPandas())
      `,
    },
    {
      name: 'a sample with limit() is fine on the driver',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").limit(5).toPandas())
      `,
    },
    {
      name: 'a pandas DataFrame read from a file',
      code: `
        import mlflow
        import pandas as pd
        model = mlflow.pyfunc.load_model(uri)
        model.predict(pd.read_csv("test.csv"))
      `,
    },
    {
      name: 'spark_udf batch scoring',
      code: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, uri)
        scored = spark.table("t").withColumn("p", predict("a", "b"))
      `,
    },
    {
      name: 'a model that does not come from mlflow load_model',
      code: `
        from sklearn.linear_model import LogisticRegression
        model = LogisticRegression().fit(X, y)
        model.predict(spark.table("t").toPandas())
      `,
    },
    {
      name: 'a sample() before toPandas',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").sample(fraction=0.01).toPandas())
      `,
    },
    {
      name: 'a local load_model function',
      code: `
        def load_model(path): ...
        model = load_model("x")
        model.predict(spark.table("t").toPandas())
      `,
    },
    {
      name: 'an aggregated pandas frame (not the rows) after toPandas',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").toPandas().groupby("k").mean())
      `,
    },
    {
      name: 'predict on a pyfunc loaded inside a string',
      code: `
        snippet = "model = mlflow.pyfunc.load_model(uri); model.predict(spark.table('t').toPandas())"
      `,
    },
    {
      name: 'a pandas head() after toPandas is a sample',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").toPandas().head(10))
      `,
    },
    {
      name: "a conftest.py (pytest fixtures) is test code wherever it sits",
      fileName: 'conftest.py',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn/1")
        preds = model.predict(spark.table("main.ml.customers").toPandas())
      `,
    },
    {
      name: 'test code',
      fileName: 'tests/test_model.py',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").toPandas())
      `,
    },
    {
      name: 'a unittest method in a notebook',
      code: `
        import unittest
        import mlflow
        class TestChurnModel(unittest.TestCase):
            def test_predicts(self):
                model = mlflow.pyfunc.load_model(uri)
                model.predict(spark.table("t").toPandas())
      `,
    },
    {
      name: 'a prediction on the pandas frame after it was changed in place',
      code: `
        import mlflow
        pdf = spark.table("t").toPandas()
        pdf.drop(columns=["id"], inplace=True)
        pdf = pdf.sample(n=50)
        mlflow.pyfunc.load_model(uri).predict(pdf)
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(uri)
        model.predict(spark.table("t").toPandas(
      `,
    },
    {
      name: 'probabilities that only go into an evaluation helper of the file',
      code: `
        import mlflow
        from sklearn.metrics import average_precision_score, roc_auc_score

        def evaluate(y_true, scores):
            return {"pr_auc": average_precision_score(y_true, scores), "roc_auc": roc_auc_score(y_true, scores)}

        holdout = spark.table("ml.risk.holdout").toPandas()
        incumbent = mlflow.sklearn.load_model("models:/ml.risk.default_model@champion")
        champion_auc = evaluate(holdout["label"], incumbent.predict_proba(holdout[FEATURES])[:, 1])["roc_auc"]
      `,
    },
    {
      name: 'probabilities bound to a name that only a metric reads',
      code: `
        import mlflow
        from sklearn.metrics import roc_auc_score
        holdout = spark.table("ml.risk.holdout").toPandas()
        model = mlflow.sklearn.load_model(uri)
        p = model.predict_proba(holdout[FEATURES])[:, 1]
        print(roc_auc_score(holdout["label"], p))
      `,
    },
    {
      name: 'predict_proba on a model that does not come from mlflow',
      code: `
        import joblib
        clf = joblib.load("model.pkl")
        clf.predict_proba(spark.table("t").toPandas())
      `,
    },
    {
      name: 'a slice of the first rows after toPandas is a sample',
      code: `
        import mlflow
        pdf = spark.table("ml.shop.orders").toPandas()
        first_rows = pdf[:2]
        mlflow.pyfunc.load_model(uri).predict(first_rows)
      `,
    },
    {
      name: 'rows picked by position with iloc',
      code: `
        import mlflow
        pdf = spark.table("ml.shop.orders").toPandas()
        model = mlflow.sklearn.load_model(uri)
        for i in range(3):
            model.predict(pdf.iloc[[i]])
      `,
    },
    {
      name: 'a pandas DataFrame built from a local list',
      code: `
        import mlflow
        import pandas as pd
        mlflow.pyfunc.load_model(uri).predict(pd.DataFrame([[1.0, 2.0]], columns=["a", "b"]))
      `,
    },
  ],
  fixes: [],
});
