import { mlt402StageModelUri } from '../../rules/mlt402-stage-model-uri';
import { describeRule } from '../support/ruleTester';

describeRule(mlt402StageModelUri, {
  flagged: [
    {
      name: 'a Production stage URI passed to pyfunc.load_model',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production")
      `,
      findings: [{ line: 2, column: 34, message: 'load the alias URI models:/churn_model@champion', severity: 'information' }],
    },
    {
      name: 'an f-string URI passed to spark_udf, the name computed',
      code: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}/Staging", result_type="double")
      `,
      findings: [{ line: 2, column: 42, message: 'models:/{MODEL_NAME}@challenger' }],
    },
    {
      name: 'a mis-cased stage works but the message gives the canonical spelling',
      code: `
        import mlflow.sklearn
        model = mlflow.sklearn.load_model(model_uri="models:/churn_model/production")
      `,
      findings: [{ line: 2, column: 45, message: 'the stage is spelled "Production"', severity: 'information' }],
    },
    {
      name: 'an unknown segment is an error',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Prod")
      `,
      findings: [{ line: 2, column: 34, message: '"Prod" is neither a version number, "latest" nor a stage', severity: 'error' }],
    },
    {
      name: 'Development is no stage either',
      code: `
        import mlflow
        uri = f"models:/{catalog}.ml.churn/Development"
        model = mlflow.pyfunc.load_model(uri)
      `,
      findings: [{ line: 2, column: 7, severity: 'error' }],
    },
    {
      name: 'a URI bound to a name and passed to score_batch of the feature engineering client',
      code: `
        from databricks.feature_engineering import FeatureEngineeringClient
        fe = FeatureEngineeringClient()
        model_uri = "models:/ml.churn.model/Production"
        scored = fe.score_batch(model_uri=model_uri, df=batch_df)
      `,
      findings: [{ line: 3, column: 13 }],
    },
    {
      name: 'a model_uri entry of a job config dict',
      code: `
        task_params = {"model_uri": "models:/churn_model/Archived", "table": "ml.churn.scores"}
      `,
      findings: [{ line: 1, column: 29, message: 'models:/churn_model@<alias>' }],
    },
    {
      name: 'model_uri= of a deployment call',
      code: `
        from mlflow.deployments import get_deploy_client
        client = get_deploy_client("databricks")
        client.create_deployment(name="churn", model_uri='models:/churn_model/Staging')
      `,
      findings: [{ line: 3, column: 50 }],
    },
  ],
  silent: [
    {
      name: 'a version number',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/3")
      `,
    },
    {
      name: 'latest, in any case',
      code: `
        import mlflow
        a = mlflow.pyfunc.load_model("models:/churn_model/latest")
        b = mlflow.pyfunc.load_model("models:/churn_model/Latest")
      `,
    },
    {
      name: 'an alias URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}@champion")
      `,
    },
    {
      name: 'a runs:/ URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"runs:/{run_id}/model")
      `,
    },
    {
      name: 'the stage computed at run time',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model(f"models:/{MODEL_NAME}/{stage}")
      `,
    },
    {
      name: 'a URI mentioned in a print or a docstring, not loaded',
      code: `
        """Loads models:/churn_model/Production every night."""
        print("models:/churn_model/Production")
      `,
    },
    {
      name: 'a load_model that is not MLflow (a local function)',
      code: `
        def load_model(path):
            return open(path).read()

        model = load_model("models:/churn_model/Production")
      `,
    },
    {
      name: 'a URI with a path after the version (not a stage segment)',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production/extra")
      `,
    },
    {
      name: 'predict on a loaded model takes data, not a URI',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model@champion")
        model.predict("models:/churn_model/Production")
      `,
    },
  ],
  fixes: [
    {
      name: 'Production becomes @champion inside a plain string',
      code: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model/Production")
      `,
      output: `
        import mlflow
        model = mlflow.pyfunc.load_model("models:/churn_model@champion")
      `,
      safety: 'unsafe',
    },
    {
      name: 'Staging becomes @challenger inside an f-string, keeping its parts',
      code: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f'models:/{CATALOG}.{SCHEMA}.churn/Staging')
      `,
      output: `
        import mlflow
        predict = mlflow.pyfunc.spark_udf(spark, f'models:/{CATALOG}.{SCHEMA}.churn@challenger')
      `,
      safety: 'unsafe',
    },
    {
      name: 'a mis-cased stage in a string bound to a name',
      code: `
        import mlflow
        MODEL_URI = "models:/churn_model/production"
        model = mlflow.pyfunc.load_model(MODEL_URI)
      `,
      output: `
        import mlflow
        MODEL_URI = "models:/churn_model@champion"
        model = mlflow.pyfunc.load_model(MODEL_URI)
      `,
      safety: 'unsafe',
    },
  ],
});
