// MLT306 uc-signature-without-outputs: an input-only signature on a model registered in a Unity Catalog context.
import { mlt306UcSignatureWithoutOutputs } from '../../rules/mlt306-uc-signature-without-outputs';
import { describeRule } from '../support/ruleTester';

// A model logged in Unity Catalog with an input-only signature (log_model on line 5), its run's URI in `uri`.
const LOGGED_WITH_INPUTS_ONLY = `import mlflow
from mlflow.models import infer_signature, set_signature
mlflow.set_registry_uri("databricks-uc")
with mlflow.start_run() as run:
    mlflow.sklearn.log_model(model, name="model", signature=infer_signature(X))
uri = f"runs:/{run.info.run_id}/model"`;

describeRule(mlt306UcSignatureWithoutOutputs, {
  flagged: [
    {
      name: 'set_signature before the registration that does not sign it with outputs: inputs only again, or another model\'s URI',
      code: `${LOGGED_WITH_INPUTS_ONLY}
set_signature(uri, infer_signature(X_train.head(100)))
set_signature(f"runs:/{run.info.run_id}/baseline", infer_signature(X, baseline.predict(X)))
mlflow.register_model(uri, "main.ml.churn")
`,
      findings: [{ line: 5, column: 61, message: 'is registered on line 9 as "main.ml.churn" with a signature that has no outputs' }],
    },
    {
      name: 'set_signature after the registration (or for a model registered as it is logged) comes too late',
      code: `${LOGGED_WITH_INPUTS_ONLY}
mlflow.register_model(uri, "main.ml.churn")
set_signature(uri, infer_signature(X, model.predict(X)))
`,
      findings: [{ line: 5, column: 61, message: 'is registered on line 7 as "main.ml.churn" with a signature that has no outputs' }],
    },
    {
      name: 'the output written as None: the message says so (outputs=None, infer_signature(X, None))',
      code: `
        import mlflow
        from mlflow.models import ModelSignature, infer_signature
        mlflow.set_registry_uri("databricks-uc")
        sig = ModelSignature(inputs=input_schema, outputs=None)
        mlflow.sklearn.log_model(model, name="model", signature=sig, registered_model_name="ml.s.m")
        mlflow.sklearn.log_model(model, name="model2", signature=infer_signature(X, None), registered_model_name="ml.s.m2")
      `,
      findings: [
        { line: 5, column: 57, message: 'ModelSignature() has inputs and outputs=None, and Unity Catalog rejects "a signature that includes only inputs" — give outputs= a schema of the predictions' },
        { line: 6, column: 58, message: 'infer_signature() was given None as the model output' },
      ],
    },
    {
      name: 'infer_signature(X) through a name, registered with a three-part name',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        signature = infer_signature(X_train)
        mlflow.sklearn.log_model(model, name="model", signature=signature, registered_model_name="ml.retail.churn")
      `,
      findings: [
        {
          line: 4,
          column: 57,
          message:
            'mlflow.sklearn.log_model registers "ml.retail.churn" with a signature that has no outputs (infer_signature() on line 3): infer_signature() was given only the model input, and Unity Catalog rejects "a signature that includes only inputs" — pass the predictions too: infer_signature(X, model.predict(X))',
          severity: 'error',
        },
      ],
    },
    {
      name: 'written in the call, set_registry_uri("databricks-uc"), model_output=None',
      code: `
        import mlflow
        from mlflow.models.signature import infer_signature
        mlflow.set_registry_uri("databricks-uc")
        mlflow.xgboost.log_model(booster, "model", signature=infer_signature(X, model_output=None), registered_model_name="churn")
      `,
      findings: [{ line: 4, column: 54, message: 'registers "churn" with a signature that has no outputs: infer_signature() was given None as the model output' }],
    },
    {
      name: 'ModelSignature(inputs=...) without outputs',
      code: `
        import mlflow
        from mlflow.models import ModelSignature
        from mlflow.types.schema import Schema, ColSpec
        sig = ModelSignature(inputs=Schema([ColSpec("double", "x")]))
        mlflow.sklearn.log_model(model, "model", signature=sig, registered_model_name="ml.a.b")
      `,
      findings: [{ line: 5, column: 52, message: 'ModelSignature() has inputs but no outputs, and Unity Catalog rejects' }],
    },
    {
      name: 'registered by mlflow.register_model of the run URI, in a notebook',
      code: `
        # Databricks notebook source
        import mlflow
        from mlflow.models import infer_signature
        mlflow.set_registry_uri("databricks-uc")

        # COMMAND ----------

        with mlflow.start_run() as run:
            mlflow.lightgbm.log_model(booster, "model", signature=infer_signature(X))

        # COMMAND ----------

        mlflow.register_model(f"runs:/{run.info.run_id}/model", "ml.demand.booster")
      `,
      findings: [{ line: 9, column: 59, message: 'mlflow.lightgbm.log_model is registered on line 13 as "ml.demand.booster" with a signature that has no outputs' }],
    },
  ],
  silent: [
    {
      name: 'an inputs-only signature where the registered name may be None (an empty widget becomes None): registered only sometimes',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.set_registry_uri("databricks-uc")
        registered = dbutils.widgets.get("registered_model") or None
        mlflow.sklearn.log_model(model, name="model", signature=infer_signature(X), registered_model_name=registered)
      `,
    },
    {
      name: "set_signature of the run's model URI, then register_model of the logging call's model_uri: the same model",
      code: `
        import mlflow
        from mlflow.models import infer_signature, set_signature
        mlflow.set_registry_uri("databricks-uc")
        with mlflow.start_run() as run:
            info = mlflow.sklearn.log_model(model, "model", signature=infer_signature(X))
        set_signature(f"runs:/{run.info.run_id}/model", infer_signature(X, model.predict(X)))
        mlflow.register_model(info.model_uri, "ml.s.ridge")
      `,
    },
    {
      name: 'the signature completed with mlflow.models.set_signature between the logging and the registration',
      code: `${LOGGED_WITH_INPUTS_ONLY}
set_signature(uri, infer_signature(X, model.predict(X)))
mlflow.register_model(uri, "main.ml.churn")
`,
    },
    { name: 'two-argument infer_signature', code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X, model.predict(X)), registered_model_name="ml.a.b")
      ` },
    { name: 'input_example given as well', code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X), input_example=X[:5], registered_model_name="ml.a.b")
      ` },
    { name: 'workspace registry context', code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.set_registry_uri("databricks")
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X), registered_model_name="churn")
      ` },
    { name: 'unknown registry (a two-part name is not Unity Catalog evidence)', code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X), registered_model_name="churn")
      ` },
    { name: 'Unity Catalog context but the model is not registered here', code: `
        import mlflow
        from mlflow.models import infer_signature
        mlflow.set_registry_uri("databricks-uc")
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X))
      ` },
    { name: 'ModelSignature with outputs', code: `
        import mlflow
        from mlflow.models import ModelSignature
        sig = ModelSignature(inputs=input_schema, outputs=output_schema)
        mlflow.sklearn.log_model(model, "m", signature=sig, registered_model_name="ml.a.b")
      ` },
    { name: 'no signature at all is MLT304, not this rule', code: `
        import mlflow
        mlflow.sklearn.log_model(model, "m", registered_model_name="ml.a.b")
      ` },
    { name: 'a local function named infer_signature', code: `
        import mlflow
        def infer_signature(x):
            return make_full_signature(x)
        mlflow.sklearn.log_model(model, "m", signature=infer_signature(X), registered_model_name="ml.a.b")
      ` },
    { name: 'the inputs of a one-argument infer_signature, completed with an output schema', code: `
        import mlflow
        from mlflow.models import infer_signature, ModelSignature
        input_schema = infer_signature(model_input=example).inputs
        signature = ModelSignature(inputs=input_schema, outputs=output_schema)
        mlflow.pyfunc.log_model("m", python_model=Wrapper(), signature=signature, registered_model_name="ml.a.b")
      ` },
    { name: 'the signature name is rebound in the arms of an if', code: `
        import mlflow
        from mlflow.models import infer_signature
        if full:
            sig = infer_signature(X, y_pred)
        else:
            sig = infer_signature(X)
        mlflow.sklearn.log_model(model, "m", signature=sig, registered_model_name="ml.a.b")
      ` },
  ],
  fixes: [
    {
      name: 'adds the trained model\'s predictions to infer_signature',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression().fit(X_train, y_train)
        signature = infer_signature(X_train)
        mlflow.sklearn.log_model(clf, name="model", signature=signature, registered_model_name="ml.retail.churn")
      `,
      output: `
        import mlflow
        from mlflow.models import infer_signature
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression().fit(X_train, y_train)
        signature = infer_signature(X_train, clf.predict(X_train))
        mlflow.sklearn.log_model(clf, name="model", signature=signature, registered_model_name="ml.retail.churn")
      `,
      safety: 'unsafe',
    },
    {
      name: 'replaces an explicit model_output=None instead of adding a second output',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression().fit(X_train, y_train)
        signature = infer_signature(X_train, model_output=None)
        mlflow.sklearn.log_model(clf, name="model", signature=signature, registered_model_name="ml.retail.churn")
      `,
      output: `
        import mlflow
        from mlflow.models import infer_signature
        from sklearn.linear_model import LogisticRegression
        clf = LogisticRegression().fit(X_train, y_train)
        signature = infer_signature(X_train, model_output=clf.predict(X_train))
        mlflow.sklearn.log_model(clf, name="model", signature=signature, registered_model_name="ml.retail.churn")
      `,
      safety: 'unsafe',
    },
  ],
});
