// MLT305 autolog-after-fit: the first autolog call comes after top-level training it covers and no training follows it.
import { mlt305AutologAfterFit } from '../../rules/mlt305-autolog-after-fit';
import { describeRule } from '../support/ruleTester';

describeRule(mlt305AutologAfterFit, {
  flagged: [
    {
      name: "another library's autologging switched off in between: the scikit-learn switch is untouched, so this call still comes after the fit",
      code: `
        import mlflow
        from sklearn.linear_model import LinearRegression
        LinearRegression().fit(X, y)
        mlflow.xgboost.autolog(disable=True)
        mlflow.sklearn.autolog()
      `,
      findings: [{ line: 5, column: 1, message: 'mlflow.sklearn.autolog() is called after the scikit-learn training' }],
    },
    {
      name: 'a fit on its own line of a multi-line chain: the message names the line of fit, not of the chain\'s start',
      code: `
        import mlflow
        from pyspark.ml import Pipeline
        model = (Pipeline(stages=stages)
                 .fit(train_df))
        mlflow.pyspark.ml.autolog()
      `,
      findings: [{ line: 5, column: 1, message: 'mlflow.pyspark.ml.autolog() is called after the Spark ML training on line 4:' }],
    },
    {
      name: 'a flavor autolog imported under another name, called after the fit',
      code: `
        from mlflow.sklearn import autolog as sk_autolog
        from sklearn.tree import DecisionTreeClassifier

        DecisionTreeClassifier().fit(X, y)
        sk_autolog()
      `,
      findings: [{ line: 5, column: 1, message: 'mlflow.sklearn.autolog() is called after the scikit-learn training on line 4' }],
    },
    {
      name: 'mlflow.sklearn.autolog() after a scikit-learn fit, nothing trained after it',
      code: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        model = RandomForestRegressor()
        model.fit(X, y)
        mlflow.sklearn.autolog()
      `,
      findings: [
        {
          line: 5,
          column: 1,
          message:
            'mlflow.sklearn.autolog() is called after the scikit-learn training on line 4: autologging records only the training that runs after it is enabled, so this call records no parameters, metrics or model for it — enable autologging before training',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'mlflow.autolog() covers every library: a lightgbm.train before it',
      code: `
        import mlflow
        import lightgbm as lgb
        booster = lgb.train({"objective": "regression"}, train_set)
        mlflow.autolog()
      `,
      findings: [{ line: 4, column: 1, message: 'after the LightGBM training on line 3' }],
    },
    {
      name: 'a notebook: the fit in an earlier cell, inside a run block, autolog in a later cell',
      code: `
        # Databricks notebook source
        import mlflow
        from pyspark.ml.classification import LogisticRegression

        # COMMAND ----------

        with mlflow.start_run():
            lr_model = LogisticRegression(featuresCol="features").fit(train_df)

        # COMMAND ----------

        mlflow.pyspark.ml.autolog()
      `,
      findings: [{ line: 12, column: 1, message: 'after the Spark ML training on line 8' }],
    },
    {
      name: 'xgboost.train through an alias, mlflow.xgboost.autolog after it',
      code: `
        import mlflow.xgboost
        import xgboost as xgb
        bst = xgb.train(params, dtrain, num_boost_round=10)
        mlflow.xgboost.autolog(log_models=True)
      `,
      findings: [{ line: 4, column: 1, message: 'XGBoost training on line 3' }],
    },
    {
      name: 'autolog(disable=False) is autolog on',
      code: `
        import mlflow
        from sklearn.linear_model import LinearRegression
        LinearRegression().fit(X, y)
        mlflow.autolog(disable=False)
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'a training function called only before the autolog call does not hide the finding',
      code: `
        import mlflow
        import lightgbm as lgb
        def train(rate):
            return lgb.train({"learning_rate": rate}, train_set)
        booster = lgb.train(params, train_set)
        train(0.1)
        mlflow.lightgbm.autolog()
      `,
      findings: [{ line: 7, column: 1, message: 'LightGBM training on line 5' }],
    },
  ],
  silent: [
    {
      name: 'autologging switched off for a demonstration fit, then turned back on for the cells below (the first fit ran before any call)',
      code: `
        # Databricks notebook source
        from sklearn.linear_model import LinearRegression
        import mlflow
        reg = LinearRegression()
        reg.fit(X, y)
        # COMMAND ----------
        mlflow.sklearn.autolog(disable=True)
        reg.fit(X, y)
        # COMMAND ----------
        mlflow.sklearn.autolog(disable=False)
      `,
    },
    {
      name: 'autolog enabled first under another name (from mlflow import autolog as enable_autolog), a flavor autolog after the fit adds nothing missed',
      code: `
        import mlflow
        from mlflow import autolog as enable_autolog
        from sklearn.tree import DecisionTreeClassifier

        enable_autolog()
        DecisionTreeClassifier().fit(X, y)
        mlflow.sklearn.autolog(log_models=False)
      `,
    },
    { name: 'autolog before the fit', code: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        mlflow.sklearn.autolog()
        RandomForestRegressor().fit(X, y)
      ` },
    { name: 'autolog(disable=True) after the fit', code: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        RandomForestRegressor().fit(X, y)
        mlflow.autolog(disable=True)
      ` },
    { name: 'a fit logged by hand, then autolog for the next fit (a course comparing both ways)', code: `
        import mlflow
        from sklearn.tree import DecisionTreeClassifier
        with mlflow.start_run():
            model = DecisionTreeClassifier().fit(X, y)
            mlflow.sklearn.log_model(model, "model")
        mlflow.sklearn.autolog()
        model = DecisionTreeClassifier().fit(X, y)
      ` },
    { name: 'a fit in a function only called after the autolog call', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        def train():
            return Ridge().fit(X, y)
        mlflow.autolog()
        train()
      ` },
    { name: 'a flavor autolog that does not cover the library trained before it', code: `
        import mlflow
        import lightgbm as lgb
        booster = lgb.train(params, train_set)
        mlflow.sklearn.autolog()
      ` },
    { name: 'a Spark ML featurizer fit is not autologged', code: `
        import mlflow
        from pyspark.ml.feature import StringIndexer
        indexer_model = StringIndexer(inputCol="c", outputCol="i").fit(df)
        mlflow.pyspark.ml.autolog()
      ` },
    { name: 'mlflow.spark.autolog records data sources, not training', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        Ridge().fit(X, y)
        mlflow.spark.autolog()
      ` },
    { name: 'a training function never called in the file may run after the autolog call', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        Ridge().fit(X, y)
        mlflow.autolog()
        def retrain(X, y):
            return Ridge().fit(X, y)
      ` },
    { name: 'an autolog call inside a function: its time is not its place', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        Ridge().fit(X, y)
        def setup():
            mlflow.autolog()
      ` },
    { name: 'an earlier autolog already covers the fit', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        mlflow.autolog()
        Ridge().fit(X, y)
        mlflow.sklearn.autolog(log_models=False)
      ` },
    { name: 'a fit whose estimator the file does not show', code: `
        import mlflow
        model = load_estimator()
        model.fit(X, y)
        mlflow.autolog()
      ` },
    { name: 'autolog switched off before the fit, on again after it: the author manages it', code: `
        import mlflow
        from sklearn.linear_model import Ridge
        mlflow.autolog(disable=True)
        Ridge().fit(X, y)
        mlflow.autolog()
      ` },
  ],
  fixes: [
    {
      name: 'unsafe where the fit it now records runs outside the run the file logs its model in (autologging starts a run of its own for it)',
      code: `
        # Databricks notebook source
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        rf = RandomForestRegressor(random_state=0)
        rf.fit(X, y)

        # COMMAND ----------
        mlflow.sklearn.autolog(log_models=False)
        with mlflow.start_run():
            mlflow.sklearn.log_model(rf, "model")
      `,
      output: `
        # Databricks notebook source
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        rf = RandomForestRegressor(random_state=0)
        mlflow.sklearn.autolog(log_models=False)
        rf.fit(X, y)

        # COMMAND ----------
        with mlflow.start_run():
            mlflow.sklearn.log_model(rf, "model")
      `,
      safety: 'unsafe',
    },
    {
      name: 'moves the autolog line above the first fit',
      code: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        model = RandomForestRegressor()
        model.fit(X, y)
        print(model.score(X, y))
        mlflow.sklearn.autolog(log_input_examples=True)
      `,
      output: `
        import mlflow
        from sklearn.ensemble import RandomForestRegressor
        model = RandomForestRegressor()
        mlflow.sklearn.autolog(log_input_examples=True)
        model.fit(X, y)
        print(model.score(X, y))
      `,
    },
    {
      name: 'in a notebook, moves it from its cell above the statement holding the fit',
      code: `
        # Databricks notebook source
        import mlflow
        import lightgbm as lgb

        # COMMAND ----------

        with mlflow.start_run():
            booster = lgb.train(params, train_set)

        # COMMAND ----------

        mlflow.lightgbm.autolog()
      `,
      output: `
        # Databricks notebook source
        import mlflow
        import lightgbm as lgb

        # COMMAND ----------

        mlflow.lightgbm.autolog()
        with mlflow.start_run():
            booster = lgb.train(params, train_set)

        # COMMAND ----------

      `,
    },
  ],
});
