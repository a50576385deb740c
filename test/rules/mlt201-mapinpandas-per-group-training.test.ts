import { mlt201MapinpandasPerGroupTraining } from '../../rules/mlt201-mapinpandas-per-group-training';
import { describeRule } from '../support/ruleTester';

describeRule(mlt201MapinpandasPerGroupTraining, {
  flagged: [
    {
      name: 'repartitioned by the key, but the function still trains on each batch of the iterator',
      code: `
        def train(iterator):
            for pdf in iterator:
                for store, group in pdf.groupby("store"):
                    model = Prophet().fit(group)
                    yield pd.DataFrame({"store": [store]})
        models = sales.repartition("store").mapInPandas(train, schema="store string")
      `,
      findings: [{ line: 6, column: 37 }],
    },
    {
      name: 'the whole partition gathered first, but repartitioned by another column',
      code: `
        def train(iterator):
            pdf = pd.concat(list(iterator))
            for store, group in pdf.groupby("store"):
                model = Prophet().fit(group)
                yield pd.DataFrame({"store": [store]})
        models = sales.repartition("region").mapInPandas(train, schema="store string")
      `,
      findings: [{ line: 6, column: 38 }],
    },
    {
      name: 'Prophet per store through pandas groupby in the batch loop',
      code: `
        from prophet import Prophet
        def train(iterator):
            for pdf in iterator:
                for store, group in pdf.groupby("store"):
                    model = Prophet().fit(group)
                    yield pd.DataFrame({"store": [store]})
        models = sales.mapInPandas(train, schema="store string")
      `,
      findings: [{ line: 7, column: 16, message: 'mapInPandas hands train each partition\'s rows in batches, not whole groups: the rows of each store can span partitions and batches, so its model can be trained on only part of them — use groupBy("store").applyInPandas' }],
    },
    {
      name: 'func= keyword, unique keys and a filter by the key column',
      code: `
        from sklearn.linear_model import LinearRegression
        def fit_products(batches):
            for pdf in batches:
                for p in pdf["product"].unique():
                    part = pdf[pdf["product"] == p]
                    LinearRegression().fit(part[["x"]], part["y"])
                    yield part
        df.mapInPandas(func=fit_products, schema=df.schema)
      `,
      findings: [{ line: 8, column: 4, message: 'groupBy("product")' }],
    },
    {
      name: 'xgb.train on rows picked with .loc by a loop variable',
      code: `
        import xgboost as xgb
        def per_region(it):
            for pdf in it:
                for region in sorted(pdf.region.unique()):
                    rows = pdf.loc[(pdf.region == region) & (pdf.y > 0)]
                    booster = xgb.train({}, xgb.DMatrix(rows[["a"]], label=rows["y"]))
                    yield rows
        out = df.repartition(8).mapInPandas(per_region, "region string")
      `,
      findings: [{ line: 8, column: 25, message: 'groupBy("region")' }],
    },
    {
      name: 'a lambda that hands the batches to a helper def (one level)',
      code: `
        def train_groups(batches):
            for pdf in batches:
                for key, grp in pdf.groupby("sku"):
                    model.fit(grp[["x"]], grp["y"])
                    yield grp
        df.mapInPandas(lambda it: train_groups(it), schema)
      `,
      findings: [{ line: 6, column: 4, message: 'groupBy("sku")' }],
    },
    {
      name: 'the fit sits in a helper that the function calls per key',
      code: `
        from sklearn.ensemble import RandomForestRegressor
        def fit_one(group):
            return RandomForestRegressor().fit(group[["x"]], group["y"])
        def train(iterator):
            for pdf in iterator:
                for store in pdf["store"].unique():
                    fit_one(pdf[pdf["store"] == store])
                yield pdf
        df.mapInPandas(train, schema)
      `,
      findings: [{ line: 9, column: 4 }],
    },
    {
      name: 'statsmodels fit on a query by the key',
      code: `
        import statsmodels.api as sm
        def ols(iterator):
            for pdf in iterator:
                for s in set(pdf["shop"]):
                    part = pdf.query("shop == @s")
                    yield part
                    sm.OLS(part["y"], part[["x"]]).fit()
        df.mapInPandas(ols, schema)
      `,
      findings: [{ line: 8, column: 4, message: 'groupBy("shop")' }],
    },
    {
      name: 'the function reached through a name bound earlier, grouped by two keys',
      code: `
        def train_per_store_item(iterator):
            for pdf in iterator:
                for keys, g in pdf.groupby(["store", "item"]):
                    est.partial_fit(g[["x"]], g["y"])
                yield pdf
        trainer = train_per_store_item
        df.mapInPandas(trainer, schema)
      `,
      findings: [{ line: 7, column: 4, message: 'use groupBy("store", "item").applyInPandas' }],
    },
    {
      name: 'a key that is not a literal gets a generic message',
      code: `
        def train(iterator, key=KEY):
            for pdf in iterator:
                for k, g in pdf.groupby(key):
                    model.fit(g)
                yield pdf
        df.mapInPandas(train, schema)
      `,
      findings: [{ line: 6, column: 4, message: 'the rows of each group can span partitions and batches, so its model can be trained on only part of them — use groupBy(<key>).applyInPandas' }],
    },
    {
      name: 'across notebook cells, with np.unique keys and lightgbm',
      code: `
        # Databricks notebook source
        import numpy as np
        import lightgbm as lgb
        # COMMAND ----------
        def train(iterator):
            for pdf in iterator:
                for c in np.unique(pdf["country"]):
                    sub = pdf[pdf["country"] == c]
                    lgb.train({}, lgb.Dataset(sub[["x"]], sub["y"]))
                yield pdf
        # COMMAND ----------
        spark.table("sales").mapInPandas(train, schema).display()
      `,
      findings: [{ line: 12, column: 22, message: 'groupBy("country")' }],
    },
    {
      name: 'the function wrapped in functools.partial, on a DataFrame passed as a parameter',
      code: `
        import functools
        from pyspark.sql import DataFrame
        def train_region(iterator, features):
            for pdf in iterator:
                for region in pdf["region"].unique():
                    rows = pdf[pdf["region"] == region]
                    model = Ridge().fit(rows[features], rows["y"])
                    yield summarize(region, model)
        def fit_all(df: DataFrame):
            return df.mapInPandas(functools.partial(train_region, features=FEATURES), schema="region string")
      `,
      findings: [{ line: 10, column: 15, message: 'mapInPandas hands train_region each partition\'s rows in batches' }],
    },
  ],
  silent: [
    {
      name: 'mapInPandas over an aggregation by the key (one row per store): no group spans partitions',
      code: `
        import pandas as pd
        import pyspark.sql.functions as F
        from sklearn.linear_model import LinearRegression

        per_store = sales.groupBy("store").agg(F.collect_list("price").alias("price"), F.collect_list("units").alias("units"))

        def fit_rows(batches):
            for pdf in batches:
                out = []
                for store, g in pdf.groupby("store"):
                    row = g.iloc[0]
                    m = LinearRegression().fit(pd.DataFrame({"price": row["price"]}), row["units"])
                    out.append({"store": store, "coef": float(m.coef_[0])})
                yield pd.DataFrame(out)

        coefs = per_store.mapInPandas(fit_rows, schema="store string, coef double")
      `,
    },
    {
      name: 'repartitioned by the key and the whole partition gathered before the per-key loop',
      code: `
        from prophet import Prophet
        def train(iterator):
            pdf = pd.concat(list(iterator))
            for store, group in pdf.groupby("store"):
                model = Prophet().fit(group)
                yield pd.DataFrame({"store": [store]})
        by_store = sales.repartition(col("store"))
        models = by_store.mapInPandas(train, schema="store string")
      `,
    },
    {
      name: 'inference per store (predict only)',
      code: `
        def score(iterator):
            for pdf in iterator:
                for store, group in pdf.groupby("store"):
                    yield group.assign(pred=models[store].predict(group[["x"]]))
        df.mapInPandas(score, schema)
      `,
    },
    {
      name: 'feature computation per store (groupby transform, no fit)',
      code: `
        def features(iterator):
            for pdf in iterator:
                pdf["mean_sales"] = pdf.groupby("store")["sales"].transform("mean")
                yield pdf
        df.mapInPandas(features, schema)
      `,
    },
    {
      name: 'barrier-mode boosting on the whole data set, no per-key split',
      code: `
        import xgboost as xgb
        def train_all(iterator):
            pdf = pd.concat(list(iterator))
            booster = xgb.train(params, xgb.DMatrix(pdf[features], label=pdf["y"]))
            yield pd.DataFrame({"model": [booster.save_raw()]})
        df.mapInPandas(train_all, schema, barrier=True)
      `,
    },
    {
      name: 'applyInPandas after groupBy is the correct pattern',
      code: `
        from prophet import Prophet
        def train(pdf):
            Prophet().fit(pdf)
            return pdf
        df.groupBy("store").applyInPandas(train, schema)
      `,
    },
    {
      name: 'a function that cannot be resolved',
      code: `
        import trainers
        df.mapInPandas(trainers.per_store, schema)
      `,
    },
    {
      name: 'a local class with its own mapInPandas method',
      code: `
        class Batches:
            def mapInPandas(self, fn, schema):
                return fn(self.rows)
        def train(iterator):
            for pdf in iterator:
                for s, g in pdf.groupby("store"):
                    model.fit(g)
                yield pdf
        Batches().mapInPandas(train, schema)
      `,
    },
    {
      name: 'one global model on per-store aggregates (groupby that aggregates)',
      code: `
        def train(iterator):
            for pdf in iterator:
                feats = pdf.groupby("store").agg({"sales": "mean"})
                model.fit(feats)
                yield feats
        df.mapInPandas(train, schema)
      `,
    },
    {
      name: 'a scaler fitted per store is feature computation',
      code: `
        from sklearn.preprocessing import StandardScaler
        def scale(iterator):
            for pdf in iterator:
                for s, g in pdf.groupby("store"):
                    yield pd.DataFrame(StandardScaler().fit_transform(g[["x"]]))
                    StandardScaler().fit(g[["x"]])
        df.mapInPandas(scale, schema)
      `,
    },
    {
      name: 'filtering by a literal value is not a per-key split',
      code: `
        def train(iterator):
            for pdf in iterator:
                positives = pdf[pdf["label"] == 1]
                same = pdf[pdf["a"] == pdf["b"]]
                model.fit(positives)
                yield pdf
        df.mapInPandas(train, schema)
      `,
    },
    {
      name: 'the pattern in a string and a comment',
      code: `
        # df.mapInPandas(train, schema) trains per store
        note = "df.mapInPandas(train, schema)"
        def train(iterator):
            for pdf in iterator:
                for s, g in pdf.groupby("store"):
                    model.fit(g)
                yield pdf
      `,
    },
    {
      name: 'a lambda that only transforms',
      code: `
        df.mapInPandas(lambda it: (pdf.assign(y=pdf.x * 2) for pdf in it), schema)
      `,
    },
    {
      name: 'code mid-edit',
      code: `
        def train(iterator):
            for pdf in iterator:
                for s, g in pdf.groupby("store"):
                    model.fit(g)
                yield pdf
        df.mapInPandas(train,
      `,
    },
    {
      name: 'a per-key split in a def that is not the function passed',
      code: `
        def train_stores(pdf):
            for s, g in pdf.groupby("store"):
                model.fit(g)
        def train(iterator):
            for pdf in iterator:
                model.fit(pdf)
                yield pdf
        df.mapInPandas(train, schema)
      `,
    },
    {
      name: 'a Spark groupBy outside the function does not make the function per-key',
      code: `
        def train(iterator):
            for pdf in iterator:
                model.fit(pdf)
                yield pdf
        df.groupBy("store").count().mapInPandas(train, schema)
      `,
    },
    {
      name: 'functools.partial around a scoring function',
      code: `
        import functools
        def score(iterator, model):
            for pdf in iterator:
                yield pdf.assign(prediction=model.predict(pdf[FEATURES]))
        df.mapInPandas(functools.partial(score, model=broadcast_model.value), schema)
      `,
    },
    {
      name: 'one global model on the gathered partition, rows picked by a mask of the label (not a key)',
      code: `
        import pandas as pd
        from sklearn.linear_model import LinearRegression
        def train_global(iterator):
            data = pd.concat(list(iterator))
            labelled = data[data["label"].notnull()]
            model = LinearRegression().fit(labelled[["x"]], labelled["label"])
            yield pd.DataFrame({"coef": [float(model.coef_[0])]})
        coefs = df.coalesce(1).mapInPandas(train_global, schema="coef double")
      `,
    },
  ],
  fixes: [
    {
      name: 'rewrites the call and the mechanical iterator loop',
      code: `
        from prophet import Prophet
        def train(iterator):
            for pdf in iterator:
                rows = []
                for store, group in pdf.groupby("store"):
                    Prophet().fit(group)
                    rows.append(store)

                yield pd.DataFrame({"store": rows})
        models = sales.mapInPandas(train, schema="store string")
      `,
      output: `
        from prophet import Prophet
        def train(pdf):
            rows = []
            for store, group in pdf.groupby("store"):
                Prophet().fit(group)
                rows.append(store)

            return pd.DataFrame({"store": rows})
        models = sales.groupBy("store").applyInPandas(train, schema="store string")
      `,
      fixTitle: 'make train take one pandas DataFrame per group',
      safety: 'unsafe',
    },
    {
      name: 'rewrites type hints too',
      code: `
        from typing import Iterator
        import pandas as pd
        def train(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            """One model per product."""
            for batch in batches:
                for p in batch["product"].unique():
                    model.fit(batch[batch["product"] == p])
                yield batch
        df.mapInPandas(train, schema)
      `,
      output: `
        from typing import Iterator
        import pandas as pd
        def train(batch: pd.DataFrame) -> pd.DataFrame:
            """One model per product."""
            for p in batch["product"].unique():
                model.fit(batch[batch["product"] == p])
            return batch
        df.groupBy("product").applyInPandas(train, schema)
      `,
      safety: 'unsafe',
    },
    {
      name: 'only the call (and barrier=) when the loop is not mechanical',
      code: `
        def train(iterator):
            for pdf in iterator:
                for store, group in pdf.groupby("store"):
                    model.fit(group)
                    yield group
        df.mapInPandas(train, schema, barrier=True)
      `,
      output: `
        def train(iterator):
            for pdf in iterator:
                for store, group in pdf.groupby("store"):
                    model.fit(group)
                    yield group
        df.groupBy("store").applyInPandas(train, schema)
      `,
      fixTitle: 'train must then take one pandas DataFrame per group, not an iterator',
      safety: 'unsafe',
    },
    {
      name: 'a placeholder key when the key is not a literal',
      code: `
        df.mapInPandas(lambda it: train_groups(it, KEY), schema)
        def train_groups(batches, key):
            for pdf in batches:
                for k, grp in pdf.groupby(key):
                    model.fit(grp)
                    yield grp
      `,
      output: `
        df.groupBy("<key>").applyInPandas(lambda it: train_groups(it, KEY), schema)
        def train_groups(batches, key):
            for pdf in batches:
                for k, grp in pdf.groupby(key):
                    model.fit(grp)
                    yield grp
      `,
      fixTitle: 'replace the "<key>" placeholder',
      safety: 'unsafe',
    },
  ],
});
