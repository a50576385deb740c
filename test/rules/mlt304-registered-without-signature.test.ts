// MLT304 registered-without-signature: flagged cases and silent look-alikes (the rule has no fix).
import { mlt304RegisteredWithoutSignature } from '../../rules/mlt304-registered-without-signature';
import { describeRule } from '../support/ruleTester';

describeRule(mlt304RegisteredWithoutSignature, {
  flagged: [
    {
      name: 'sklearn model registered without a signature',
      code: `
        import mlflow
        with mlflow.start_run():
            mlflow.sklearn.log_model(model, artifact_path="model", registered_model_name="ml.retail.churn")
      `,
      findings: [{ line: 3, column: 5, message: 'mlflow.sklearn.log_model registers "ml.retail.churn" without signature= or input_example=', severity: 'information' }],
    },
    {
      name: 'a multi-line call with the name in a variable',
      code: `
        import mlflow
        MODEL_NAME = "ml.retail.demand"
        mlflow.xgboost.log_model(
            booster,
            "model",
            registered_model_name=MODEL_NAME,
        )
      `,
      findings: [{ line: 3, column: 1, message: '"ml.retail.demand"' }],
    },
    {
      name: 'signature=None is no signature',
      code: `
        import mlflow.spark
        mlflow.spark.log_model(pipeline_model, "model", registered_model_name=name, signature=None)
      `,
      findings: [{ line: 2, column: 1, message: 'registers the model' }],
    },
    {
      name: 'a PythonModel whose predict has no type hints',
      code: `
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input, params=None):
                return model_input
        mlflow.pyfunc.log_model(artifact_path="m", python_model=Model(), registered_model_name="ml.a.b")
      `,
      findings: [{ line: 5, column: 1 }],
    },
    {
      name: 'through an import alias, autolog switched off',
      code: `
        import mlflow.lightgbm as mlgb
        import mlflow
        mlflow.autolog(disable=True)
        mlgb.log_model(booster, "model", registered_model_name="ml.a.b")
      `,
      findings: [{ line: 4, column: 1 }],
    },
    {
      name: 'from mlflow import sklearn',
      code: `
        from mlflow import sklearn as mlflow_sklearn
        mlflow_sklearn.log_model(sk_model=model, artifact_path="model", registered_model_name="ml.a.b", input_example=None)
      `,
      findings: [{ line: 2, column: 1 }],
    },
  ],
  silent: [
    {
      name: 'a signature is given',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        signature = infer_signature(X, model.predict(X))
        mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'an input example is given',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", input_example=X.head(5), registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'not registered',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model")
        mlflow.sklearn.log_model(model, "model", registered_model_name=None)
      `,
    },
    {
      name: 'autolog is on',
      code: `
        import mlflow
        mlflow.sklearn.autolog()
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'flavors that write their own signature',
      code: `
        import mlflow
        mlflow.transformers.log_model(pipe, "model", registered_model_name="ml.a.b")
        mlflow.sentence_transformers.log_model(encoder, "model", registered_model_name="ml.a.c")
      `,
    },
    {
      name: 'a PythonModel whose predict annotates its input, and a model from code',
      code: `
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input: list[str], params=None) -> list[str]:
                return model_input
        mlflow.pyfunc.log_model(artifact_path="m", python_model=Model(), registered_model_name="ml.a.b")
        mlflow.pyfunc.log_model(artifact_path="m", python_model="agent.py", registered_model_name="ml.a.c")
      `,
    },
    {
      name: 'Feature Engineering client log_model (not an MLflow flavor)',
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn, training_set=ts, registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'a **kwargs splat and many positional arguments',
      code: `
        import mlflow
        mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b", **extra)
        mlflow.sklearn.log_model(model, "model", None, None, "cloudpickle", registered_model_name="ml.a.b")
      `,
    },
    {
      name: 'a local object called mlflow-like, and text in a comment',
      code: `
        import mlflow
        tracker.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
        # mlflow.sklearn.log_model(model, "model", registered_model_name="ml.a.b")
      `,
    },
  ],
  fixes: [],
});
