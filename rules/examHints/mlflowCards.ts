import type { ApiCard } from './apiCard';

/** MLflow's flavors of common libraries, whose log_model / load_model share a card. */
const FLAVORS = ['sklearn', 'xgboost', 'lightgbm', 'catboost', 'spark', 'tensorflow', 'keras', 'pytorch', 'transformers', 'statsmodels', 'prophet'];

/**
 * MLflow tracking, PyFunc packaging, batch inference and the model registry (MLT3xx, MLT4xx,
 * MLT604). `mlflow.MlflowClient.<method>` also matches the other import paths of the client
 * class (see the card index).
 */
export const mlflowCards: ApiCard[] = [
  {
    key: 'mlflow.pyfunc.spark_udf',
    title: 'mlflow.pyfunc.spark_udf(spark, model_uri, result_type=None, env_manager="local")',
    match: { qualifiedNames: ['mlflow.pyfunc.spark_udf'] },
    what:
      'Wraps a logged or registered model as a Spark UDF, so `df.withColumn("prediction", udf(*cols))` scores ' +
      'the DataFrame in parallel on the executors.',
    examFact:
      'The batch inference pattern: score the Spark DataFrame on the cluster and write the result to Delta, ' +
      'not `model.predict(df.toPandas())` on the driver and not row-by-row REST calls to a serving endpoint. ' +
      'Load by alias (`models:/name@champion`) or version. `result_type` defaults to the type of the model\'s ' +
      'output schema (its signature), with `double` as the fallback when the model has none. `env_manager` is ' +
      '"local" by default (the cluster\'s own libraries); "virtualenv" or "conda" restore the environment ' +
      'logged with the model on the executors.',
    confusedWith: '`mlflow.pyfunc.load_model`, which returns a Python object that scores pandas data in one process (the driver).',
    relatedRules: ['MLT604', 'MLT603', 'MLT402'],
    example: [
      'import mlflow',
      '',
      'predict = mlflow.pyfunc.spark_udf(spark, "models:/ml.churn.model@champion", env_manager="virtualenv")',
      'scored = customers.withColumn("prediction", predict(*feature_cols))',
      'scored.write.mode("overwrite").saveAsTable("ml.churn.predictions")',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'MLflow Python API: mlflow.pyfunc.spark_udf', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.spark_udf' },
      { title: 'MLflow: Managing dependencies in MLflow models', url: 'https://mlflow.org/docs/latest/ml/model/dependencies/' },
    ],
  },
  {
    key: 'mlflow.pyfunc.load_model',
    title: 'mlflow.pyfunc.load_model(model_uri)',
    match: { qualifiedNames: ['mlflow.pyfunc.load_model'] },
    what:
      'Loads a logged or registered model as a PyFuncModel whose `predict` takes a pandas DataFrame, in the ' +
      'current process.',
    examFact:
      'Model URI forms: `models:/<name>@<alias>` (an alias such as champion: the form the exam expects with ' +
      'Unity Catalog), `models:/<name>/<version>` (a registered version), `model_info.model_uri` — in MLflow 3 ' +
      '`models:/<model_id>`, the logged model itself — and `runs:/<run_id>/<path>` (a run\'s model). Stage URIs ' +
      '(`models:/<name>/Production`) and `models:/<name>/latest` are resolved through `get_latest_versions`, which ' +
      'Unity Catalog refuses: they fail there. For a large Spark DataFrame use `spark_udf` instead of `toPandas()` + ' +
      '`predict`.',
    confusedWith:
      'A flavor\'s loader (`mlflow.sklearn.load_model`), which returns the native model object; `spark_udf` for ' +
      'distributed scoring.',
    relatedRules: ['MLT402', 'MLT604'],
    example: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")',
      'predictions = model.predict(sample_pdf)',
    ].join('\n'),
    domain: 'Model Deployment',
    studyMaterial:
      'The study material says `models:/<name>/latest` behaves the same whatever the registry; in fact it loads the newest ' +
      'version in the workspace registry and fails in Unity Catalog (use an alias or a version number there).',
    references: [
      { title: 'MLflow Python API: mlflow.pyfunc.load_model', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.load_model' },
      { title: 'MLflow 3 migration guide (name=, logged models)', url: 'https://mlflow.org/docs/latest/ml/mlflow-3' },
    ],
  },
  {
    key: 'MlflowClient.transition_model_version_stage',
    title: 'MlflowClient().transition_model_version_stage(name, version, stage, archive_existing_versions=False)',
    match: { qualifiedNames: ['mlflow.MlflowClient.transition_model_version_stage'] },
    what: 'Moves a version of a workspace-registry model to a stage: None, Staging, Production or Archived.',
    examFact:
      'Stages are legacy and exist only in the workspace registry: in Unity Catalog `transition_model_version_stage` ' +
      'and `get_latest_versions` (so also `models:/<name>/<Stage>` and `models:/<name>/latest`) raise "... is ' +
      'unsupported for models in the Unity Catalog". Models there have aliases ("champion", "challenger") set with ' +
      '`set_registered_model_alias`, and the current exam tests aliases. The only stages are None, Staging, Production ' +
      'and Archived ("Prod" or "Dev" are rejected; open-source MLflow also takes the four in any letter case). Without `archive_existing_versions=True` the ' +
      'previous Production version stays in Production too.',
    confusedWith: '`set_registered_model_alias(name, "champion", version)`, its replacement in Unity Catalog.',
    relatedRules: ['MLT401', 'MLT403', 'MLT404', 'MLT407'],
    example: 'client.set_registered_model_alias("ml.churn.model", "champion", version)  # instead of a Production transition',
    domain: 'MLOps',
    legacy: 'workspace-registry stages; Unity Catalog uses model aliases (`set_registered_model_alias`, `models:/name@champion`)',
    references: [
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
      { title: 'Databricks: Manage model lifecycle using the Workspace Model Registry (legacy)', url: 'https://docs.databricks.com/aws/machine-learning/manage-model-lifecycle/workspace-model-registry' },
    ],
  },
  {
    key: 'MlflowClient.set_registered_model_alias',
    title: 'MlflowClient().set_registered_model_alias(name, alias, version)',
    match: { qualifiedNames: ['mlflow.MlflowClient.set_registered_model_alias'] },
    what:
      'Points a named alias such as "champion" at one version of a registered model; setting it again moves it ' +
      'off the version it named before.',
    examFact:
      'Aliases replace stages in Unity Catalog: register a version, alias it "challenger", compare it with the ' +
      'champion on the same held-out data and metrics, and only then move "champion". Load with ' +
      '`models:/<name>@champion`. Never promote without that validation. A serving endpoint serves the version its ' +
      'config names: moving the alias alone does not change what it serves; update the endpoint\'s served entity ' +
      'version to deploy the new champion.',
    confusedWith:
      '`transition_model_version_stage` (legacy stages); version tags (`set_model_version_tag`), which label a ' +
      'version but cannot be loaded by URI.',
    relatedRules: ['MLT401', 'MLT407', 'MLT402'],
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient(registry_uri="databricks-uc")',
      '',
      'if challenger_f1 > champion_f1:',
      '    client.set_registered_model_alias("ml.churn.model", "champion", challenger_version)',
    ].join('\n'),
    domain: 'MLOps',
    studyMaterial:
      'The study material says moving the "champion" alias changes what the serving endpoint serves; in fact an ' +
      'endpoint serves the model version its config names (`entity_version` of its served entity), so moving an ' +
      'alias alone does not change what it serves: update the endpoint\'s config as well.',
    references: [
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
      { title: 'MLflow Model Registry: deploy and organize models with aliases and tags', url: 'https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags' },
      { title: 'Databricks REST API: Set Registered Model Alias (Unity Catalog)', url: 'https://docs.databricks.com/api/uc-registered-models/v1/set-registered-model-alias.md' },
    ],
  },
  {
    key: 'mlflow.register_model',
    title: 'mlflow.register_model(model_uri, name)',
    match: { qualifiedNames: ['mlflow.register_model'] },
    what:
      'Creates a new version of a registered model (and the model, if it does not exist) from a logged model\'s ' +
      'URI: `model_info.model_uri` (in MLflow 3 `models:/<model_id>`) or `runs:/<run_id>/<path>`.',
    examFact:
      'With the Unity Catalog registry (`mlflow.set_registry_uri("databricks-uc")`; also the default where the ' +
      'workspace\'s default catalog is in Unity Catalog, on Databricks Runtime 13.3 LTS and above or with MLflow 3) ' +
      'the name has three levels, `catalog.schema.model`, ' +
      'and the model needs a signature with inputs and outputs. `log_model(..., registered_model_name=...)` ' +
      'registers at logging time instead. Load the new version by alias or number: stage URIs and `latest` fail in ' +
      'Unity Catalog.',
    confusedWith: '`MlflowClient().create_registered_model(name)`, which creates the model with no version.',
    relatedRules: ['MLT304', 'MLT306', 'MLT406'],
    example: [
      'import mlflow',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      'model_info = mlflow.sklearn.log_model(model, name="model", signature=signature)',
      'version = mlflow.register_model(model_info.model_uri, "ml.churn.model").version',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow Python API: mlflow.register_model', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.register_model' },
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/' },
    ],
  },
  {
    key: 'mlflow.start_run',
    title: 'mlflow.start_run(run_id=None, experiment_id=None, run_name=None, nested=False)',
    match: { qualifiedNames: ['mlflow.start_run', 'mlflow.tracking.fluent.start_run'] },
    what:
      'Starts (or resumes) a run and makes it the active run; as a context manager it ends the run when the ' +
      'block ends.',
    examFact:
      'Starting a run while another is active raises "Run ... is already active" unless the child passes ' +
      '`nested=True`. Nested child runs group the trials of a tuning job under one parent run.',
    confusedWith:
      '`mlflow.active_run()`, which returns the active run without starting one; `MlflowClient().create_run`, ' +
      'which creates a run without making it active.',
    relatedRules: ['MLT301'],
    example: [
      'import mlflow',
      '',
      'with mlflow.start_run(run_name="tuning"):',
      '    for reg in [0.01, 0.1]:',
      '        with mlflow.start_run(run_name=f"reg={reg}", nested=True):',
      '            mlflow.log_param("reg", reg)',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow Python API: mlflow.start_run', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.start_run' },
      { title: 'MLflow: Tracking', url: 'https://mlflow.org/docs/latest/ml/tracking/' },
    ],
  },
  {
    key: 'mlflow.log_param',
    title: 'mlflow.log_param(key, value)',
    match: { qualifiedNames: ['mlflow.log_param', 'mlflow.log_params', 'mlflow.MlflowClient.log_param'] },
    what: 'Records one parameter (an input setting) of the active run; the value is stored as a string.',
    examFact:
      'A parameter is written once per run: logging the same key again with another value fails. ' +
      '`log_params(dict)` logs several at once. Results and values that change belong in `log_metric`.',
    confusedWith: '`log_metric` (numbers with a history over steps); `set_tag` (free-form metadata that may be overwritten).',
    relatedRules: [],
    example: [
      'import mlflow',
      '',
      'mlflow.log_params({"max_depth": 8, "n_estimators": 200})',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow: Tracking', url: 'https://mlflow.org/docs/latest/ml/tracking/' },
      { title: 'MLflow Python API: mlflow', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html' },
    ],
  },
  {
    key: 'mlflow.log_metric',
    title: 'mlflow.log_metric(key, value, step=None)',
    match: { qualifiedNames: ['mlflow.log_metric', 'mlflow.log_metrics', 'mlflow.MlflowClient.log_metric'] },
    what:
      'Records a numeric value of the active run; each call adds a point (with its step and timestamp) to the ' +
      'metric\'s history.',
    examFact:
      'Metrics are numeric and may be logged many times (per epoch with `step=`); the run shows the latest value ' +
      'and charts the history. They go to the active run: inside a nested child run they land in the child. ' +
      '`MlflowClient().log_metric(run_id, key, value)` logs to a run by id.',
    confusedWith: '`log_param`, for input settings written once per run.',
    relatedRules: [],
    example: [
      'import mlflow',
      '',
      'for epoch in range(epochs):',
      '    mlflow.log_metric("val_loss", val_loss, step=epoch)',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow: Tracking', url: 'https://mlflow.org/docs/latest/ml/tracking/' },
      { title: 'MLflow Python API: mlflow', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html' },
    ],
  },
  {
    key: 'mlflow.log_artifact',
    title: 'mlflow.log_artifact(local_path, artifact_path=None)',
    match: { qualifiedNames: ['mlflow.log_artifact', 'mlflow.log_artifacts', 'mlflow.MlflowClient.log_artifact'] },
    what: 'Copies a local file into the active run\'s artifacts (`log_artifacts` copies a directory).',
    examFact:
      'Artifacts are files: plots, data samples, reports. A file that a PyFunc model needs when it is served goes ' +
      'into `log_model(..., artifacts={"name": path})` and is read from `context.artifacts["name"]`, not from a ' +
      'run artifact or a local path.',
    confusedWith:
      '`log_model` (a model with its flavor and environment); `log_dict`, `log_figure` and `log_text`, which write ' +
      'an object to an artifact file directly.',
    relatedRules: ['MLT303'],
    example: [
      'import mlflow',
      '',
      'fig.savefig("confusion_matrix.png")',
      'mlflow.log_artifact("confusion_matrix.png", artifact_path="plots")',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow: Tracking', url: 'https://mlflow.org/docs/latest/ml/tracking/' },
      { title: 'MLflow Python API: mlflow', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html' },
    ],
  },
  {
    key: 'mlflow.models.infer_signature',
    title: 'mlflow.models.infer_signature(model_input, model_output=None)',
    match: { qualifiedNames: ['mlflow.models.infer_signature', 'mlflow.models.signature.infer_signature'] },
    what: 'Derives a model signature (the input and output schema) from example input and the model\'s output.',
    examFact:
      'The signature is the contract between training and serving. Unity Catalog\'s registry requires one with ' +
      'inputs AND outputs: `infer_signature(X_train)` alone gives an input-only signature, which Unity Catalog ' +
      'rejects. Pass `signature=infer_signature(X_train, model.predict(X_train))` (or an `input_example=`, from ' +
      'which MLflow infers both) to `log_model`.',
    confusedWith: '`input_example=`, a sample stored with the model from which MLflow can infer the signature; not the schema itself.',
    relatedRules: ['MLT304', 'MLT306'],
    example: [
      'import mlflow',
      'from mlflow.models import infer_signature',
      '',
      'signature = infer_signature(X_train, model.predict(X_train))',
      'mlflow.sklearn.log_model(model, name="model", signature=signature, input_example=X_train.head(5))',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'MLflow: Model signatures and input examples', url: 'https://mlflow.org/docs/latest/ml/model/signatures/' },
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/' },
    ],
  },
  {
    key: 'mlflow.pyfunc.log_model',
    title: 'mlflow.pyfunc.log_model(name, python_model=..., artifacts=..., signature=..., input_example=..., pip_requirements=...)',
    match: { qualifiedNames: ['mlflow.pyfunc.log_model'] },
    what:
      'Logs a custom Python model (a PythonModel instance) with its artifacts, signature and environment as an ' +
      'MLflow model. MLflow 3 names it with `name=` (replacing `artifact_path`) and returns a ModelInfo whose ' +
      '`model_uri` (`models:/<model_id>`) is what you load or register.',
    examFact:
      'A serving endpoint loads the model in a fresh environment with only what was logged. Without ' +
      '`pip_requirements` / `conda_env`, MLflow infers the requirements from what loading the model imports (and ' +
      'in recent MLflow versions from predicting on the `input_example`) and adds `extra_pip_requirements`; a library imported only inside ' +
      '`predict()` escapes it and fails on the first request, one missing at load time keeps the endpoint from ' +
      'starting. The libraries mlflow itself requires (numpy, pandas, scikit-learn, ...) are installed with it, in ' +
      'whatever version pip picks unless the requirements pin them. Pass files as ' +
      '`artifacts={...}` and read `context.artifacts[...]`, and log a signature or input example.',
    confusedWith: 'A flavor\'s `log_model` (`mlflow.sklearn.log_model`), for a model of a known library with no PythonModel class.',
    relatedRules: ['MLT302', 'MLT303', 'MLT304', 'MLT307'],
    example: [
      'import mlflow',
      '',
      'model_info = mlflow.pyfunc.log_model(',
      '    name="model",',
      '    python_model=ChurnModel(),',
      '    artifacts={"booster": "booster.json"},',
      '    signature=signature,',
      '    input_example=X_train.head(5),',
      '    extra_pip_requirements=["xgboost==2.0.3"],',
      ')',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'MLflow Python API: mlflow.pyfunc.log_model', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html#mlflow.pyfunc.log_model' },
      { title: 'MLflow: Managing dependencies in MLflow models', url: 'https://mlflow.org/docs/latest/ml/model/dependencies/' },
      { title: 'MLflow 3 migration guide (name=, logged models)', url: 'https://mlflow.org/docs/latest/ml/mlflow-3' },
    ],
  },
  {
    key: 'mlflow.pyfunc.PythonModel',
    title: 'class MyModel(mlflow.pyfunc.PythonModel): load_context(self, context); predict(self, context, model_input)',
    match: { qualifiedNames: ['mlflow.pyfunc.PythonModel', 'mlflow.pyfunc.model.PythonModel'] },
    what:
      'The base class of a custom PyFunc model: `load_context` runs once when the model is loaded (read the ' +
      'artifacts there), `predict` scores.',
    examFact:
      '`predict` takes a pandas DataFrame and returns pandas (a DataFrame or Series) or a numpy array: the same ' +
      'interface behind `load_model`, `spark_udf` and serving endpoints. Put pre- and post-processing inside ' +
      '`predict` so that serving applies it too.',
    confusedWith:
      'The `PyFuncModel` that `mlflow.pyfunc.load_model` returns (you call its `predict(df)`, without a context); ' +
      'a scikit-learn model whose `predict` takes arrays.',
    relatedRules: ['MLT302', 'MLT303'],
    example: [
      'import joblib',
      'import mlflow',
      'import pandas as pd',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def load_context(self, context):',
      '        self.model = joblib.load(context.artifacts["model"])',
      '',
      '    def predict(self, context, model_input: pd.DataFrame) -> pd.DataFrame:',
      '        return pd.DataFrame({"churn": self.model.predict(model_input)})',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'MLflow Python API: mlflow.pyfunc (PythonModel)', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html' },
      { title: 'Databricks: Deploy custom models', url: 'https://docs.databricks.com/machine-learning/model-serving/custom-models.html' },
    ],
  },
  {
    key: 'mlflow.autolog',
    title: 'mlflow.autolog(log_input_examples=False, log_model_signatures=True, log_models=True, disable=False) | mlflow.<flavor>.autolog()',
    match: {
      qualifiedNames: [
        'mlflow.autolog',
        'mlflow.sklearn.autolog',
        'mlflow.xgboost.autolog',
        'mlflow.lightgbm.autolog',
        'mlflow.pyspark.ml.autolog',
        'mlflow.tensorflow.autolog',
        'mlflow.pytorch.autolog',
      ],
    },
    what:
      'Turns on automatic logging: from then on, training with a supported library (scikit-learn, XGBoost, LightGBM, ' +
      'Spark ML, TensorFlow/Keras, PyTorch Lightning) logs its parameters, metrics and model to MLflow without explicit log calls. ' +
      '`mlflow.autolog()` covers every supported library, `mlflow.<flavor>.autolog()` one.',
    examFact:
      'Call it before the training code: it patches the libraries\' fit functions when it is called, so a fit that ran ' +
      'earlier is not logged. Databricks Autologging calls `mlflow.autolog()` for you when an interactive Python ' +
      'notebook is attached to a classic cluster (Databricks Runtime 10.4 LTS ML and above), but not on serverless ' +
      'compute: call it yourself there. Input examples are not logged by default (`log_input_examples=False`); ' +
      'signatures and models are.',
    confusedWith:
      'Explicit `log_param` / `log_metric` / `log_model` calls, which log exactly what you pass; `mlflow.spark.autolog()` ' +
      'logs the Spark data sources a run reads, not a model.',
    relatedRules: ['MLT305'],
    example: [
      'import mlflow',
      'from sklearn.ensemble import RandomForestClassifier',
      '',
      'mlflow.autolog()',
      'with mlflow.start_run():',
      '    model = RandomForestClassifier(max_depth=8).fit(X_train, y_train)',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow: Automatic logging', url: 'https://mlflow.org/docs/latest/ml/tracking/autolog/' },
      { title: 'Databricks Autologging', url: 'https://docs.databricks.com/aws/en/mlflow/databricks-autologging' },
    ],
  },
  {
    key: 'mlflow.<flavor>.log_model',
    // name= as a keyword: MLflow 3 keeps the deprecated artifact_path as the second positional parameter.
    title: 'mlflow.<flavor>.log_model(model, name=..., signature=..., input_example=..., registered_model_name=..., pip_requirements=...)',
    match: { qualifiedNames: FLAVORS.map((flavor) => `mlflow.${flavor}.log_model`) },
    what:
      'Logs a model of a known library (`mlflow.sklearn`, `mlflow.xgboost`, `mlflow.spark`, ...) as an MLflow model: the ' +
      'library\'s own format plus the pyfunc flavor, with its signature, input example and environment. MLflow 3 names it ' +
      'with `name=` (replacing `artifact_path`).',
    examFact:
      'Pass `signature=` (from `infer_signature(X, model.predict(X))`) or an `input_example=`: Unity Catalog refuses to ' +
      'register a version without a signature. `registered_model_name=` registers the logged model as a new version. ' +
      'Without `pip_requirements` / `conda_env` MLflow infers the environment from the model.',
    confusedWith: '`mlflow.pyfunc.log_model`, for a custom PythonModel; the feature client\'s `log_model(training_set=...)`, which packages feature lookups.',
    relatedRules: ['MLT304', 'MLT306', 'MLT504'],
    example: [
      'import mlflow',
      'from mlflow.models import infer_signature',
      '',
      'signature = infer_signature(X_train, model.predict(X_train))',
      'mlflow.sklearn.log_model(model, name="model", signature=signature, registered_model_name="ml.churn.model")',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow: Model signatures and input examples', url: 'https://mlflow.org/docs/latest/ml/model/signatures/' },
      { title: 'MLflow Python API: mlflow.sklearn.log_model', url: 'https://mlflow.org/docs/latest/python_api/mlflow.sklearn.html#mlflow.sklearn.log_model' },
    ],
  },
  {
    key: 'mlflow.<flavor>.load_model',
    title: 'mlflow.<flavor>.load_model(model_uri)',
    match: { qualifiedNames: FLAVORS.map((flavor) => `mlflow.${flavor}.load_model`) },
    what:
      'Loads a logged or registered model as the library\'s own object (a scikit-learn estimator, a Spark `PipelineModel`, ' +
      'an XGBoost model...), in the current process.',
    examFact:
      'The same model URIs as `mlflow.pyfunc.load_model` (`models:/<name>@<alias>`, `models:/<name>/<version>`, ' +
      '`runs:/<run_id>/<path>`). To score a large Spark DataFrame, use `mlflow.pyfunc.spark_udf` rather than ' +
      '`toPandas()` and `predict` on the driver.',
    confusedWith: '`mlflow.pyfunc.load_model`, which returns a PyFuncModel with the same `predict` for every flavor.',
    relatedRules: ['MLT402', 'MLT604'],
    example: ['import mlflow', '', 'model = mlflow.sklearn.load_model("models:/ml.churn.model@champion")', 'proba = model.predict_proba(sample_pdf)'].join('\n'),
    domain: 'Model Deployment',
    references: [{ title: 'MLflow: Models (flavors)', url: 'https://mlflow.org/docs/latest/ml/model/' }],
  },
  {
    key: 'mlflow.spark.autolog',
    title: 'mlflow.spark.autolog(disable=False, silent=False)',
    match: { qualifiedNames: ['mlflow.spark.autolog'] },
    what:
      'Logs the Spark data sources a run reads (their paths, formats and, for Delta tables, versions) when they are read: ' +
      'data lineage for the run. It needs a Spark session with the mlflow-spark JAR attached and is called on the driver.',
    examFact:
      'It logs no model, parameter or metric. For Spark ML training use `mlflow.pyspark.ml.autolog()` (or ' +
      '`mlflow.autolog()`): it logs the estimator\'s parameters (and the model, if its class is in the allowlist) when ' +
      '`Estimator.fit` runs, except for the featurizers of `pyspark.ml.feature`, and an evaluator\'s metric when ' +
      '`Evaluator.evaluate` is later called on that model\'s predictions.',
    confusedWith: '`mlflow.pyspark.ml.autolog()`, the Spark ML autologging; `mlflow.spark.log_model`, which logs a Spark ML model.',
    relatedRules: ['MLT305'],
    example: ['import mlflow', '', 'mlflow.spark.autolog()       # the tables a run reads', 'mlflow.pyspark.ml.autolog()  # Spark ML params, metrics, model'].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow Python API: mlflow.spark.autolog', url: 'https://mlflow.org/docs/latest/python_api/mlflow.spark.html#mlflow.spark.autolog' },
      { title: 'MLflow Python API: mlflow.pyspark.ml.autolog', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyspark.ml.html' },
    ],
  },
  {
    key: 'mlflow.log_input',
    title: 'mlflow.log_input(dataset, context=None, tags=None)  # dataset = mlflow.data.from_spark(df, table_name=..., version=...)',
    match: {
      qualifiedNames: ['mlflow.log_input', 'mlflow.data.from_spark', 'mlflow.data.from_pandas', 'mlflow.data.load_delta'],
    },
    what:
      'Records a dataset as an input of the active run: its name, digest (a hash of the data), schema, profile and ' +
      'source. `mlflow.data.from_spark(df, table_name=..., version=...)` builds the dataset from a Spark DataFrame and ' +
      'the Delta table (and version) it was read from.',
    examFact:
      'Reproducibility and lineage: log the exact training data with the run (`context="training"`), including the ' +
      'Delta table version, so that a model can be traced back to the data it was trained on and retrained on the ' +
      'same data with time travel (`versionAsOf`).',
    confusedWith:
      '`log_artifact`, which copies a file into the run; `log_input` records metadata about a dataset and where it ' +
      'lives, not a copy of the data.',
    relatedRules: ['MLT107'],
    example: [
      'import mlflow',
      '',
      'train_df = spark.read.option("versionAsOf", 12).table("ml.churn.training")',
      'dataset = mlflow.data.from_spark(train_df, table_name="ml.churn.training", version="12")',
      'with mlflow.start_run():',
      '    mlflow.log_input(dataset, context="training")',
    ].join('\n'),
    domain: 'Model Development',
    references: [
      { title: 'MLflow Python API: mlflow.data', url: 'https://mlflow.org/docs/latest/python_api/mlflow.data.html' },
      { title: 'MLflow Python API: mlflow.log_input', url: 'https://mlflow.org/docs/latest/python_api/mlflow.html#mlflow.log_input' },
    ],
  },
  {
    key: 'MlflowClient.get_model_version_by_alias',
    title: 'MlflowClient().get_model_version_by_alias(name, alias)',
    match: { qualifiedNames: ['mlflow.MlflowClient.get_model_version_by_alias'] },
    what: 'Returns the ModelVersion an alias ("champion", "challenger") currently points at: its version number, run id, source and tags.',
    examFact:
      'The way to find out which version is the champion before comparing a challenger with it. It raises an ' +
      'MlflowException when the alias is not set, for example before the first promotion of a new model: handle that ' +
      'case explicitly. Loading by alias (`models:/<name>@champion`) resolves the same alias at load time.',
    confusedWith:
      '`get_latest_versions`, the stage-based lookup of the workspace registry, which Unity Catalog refuses; ' +
      '`get_model_version(name, version)`, which looks a version up by number.',
    relatedRules: ['MLT407', 'MLT401'],
    example: [
      'from mlflow import MlflowClient',
      'from mlflow.exceptions import MlflowException',
      '',
      'client = MlflowClient(registry_uri="databricks-uc")',
      'try:',
      '    champion_version = client.get_model_version_by_alias("ml.churn.model", "champion").version',
      'except MlflowException:',
      '    champion_version = None  # no champion yet: the first promotion',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow Python API: MlflowClient.get_model_version_by_alias', url: 'https://mlflow.org/docs/latest/python_api/mlflow.client.html#mlflow.client.MlflowClient.get_model_version_by_alias' },
      { title: 'Databricks REST API: Get Model Version By Alias (Unity Catalog)', url: 'https://docs.databricks.com/api/uc-registered-models/v1/get-model-version-by-alias.md' },
    ],
  },
  {
    key: 'MlflowClient.delete_registered_model_alias',
    title: 'MlflowClient().delete_registered_model_alias(name, alias)',
    match: { qualifiedNames: ['mlflow.MlflowClient.delete_registered_model_alias'] },
    what: 'Removes an alias from a registered model; the version it pointed at stays registered.',
    examFact:
      'Retiring a challenger after it loses: delete its alias (or move it); loading `models:/<name>@challenger` then ' +
      'fails until the alias is set again. Deleting a model version also deletes the aliases that point at it. An alias ' +
      'names one version at a time, so promoting a new champion is `set_registered_model_alias`, which moves it: no ' +
      'delete needed first.',
    confusedWith: '`delete_model_version`, which deletes the version itself (and its aliases); `set_registered_model_alias`, which moves an alias.',
    relatedRules: [],
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient(registry_uri="databricks-uc")',
      'client.delete_registered_model_alias("ml.churn.model", "challenger")',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow Python API: MlflowClient.delete_registered_model_alias', url: 'https://mlflow.org/docs/latest/python_api/mlflow.client.html#mlflow.client.MlflowClient.delete_registered_model_alias' },
      { title: 'Databricks REST API: Delete Registered Model Alias (Unity Catalog)', url: 'https://docs.databricks.com/api/uc-registered-models/v1' },
    ],
  },
  {
    key: 'MlflowClient.copy_model_version',
    title: 'MlflowClient().copy_model_version(src_model_uri, dst_name)',
    match: { qualifiedNames: ['mlflow.MlflowClient.copy_model_version'] },
    what:
      'Copies a model version (given by a `models:/` URI: `models:/name/3` or `models:/name@champion`) into another ' +
      'registered model as a new version; the destination model is created if it does not exist.',
    examFact:
      'Promotion across environments: copy the validated version from a dev catalog\'s model to the prod catalog\'s ' +
      '(`dev.ml.churn` to `prod.ml.churn`) instead of retraining. It is also how Databricks recommends migrating ' +
      'workspace-registry versions to Unity Catalog (MLflow 3.4.0 or above); Unity Catalog requires the copied ' +
      'version to have a signature, unless MLFLOW_SKIP_SIGNATURE_CHECK_FOR_UC_REGISTRY_MIGRATION=true (copy_model_version only).',
    confusedWith: '`register_model`, which registers a logged model (a run\'s or a `models:/<model_id>` URI) rather than an already registered version.',
    relatedRules: ['MLT406', 'MLT304'],
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient(registry_uri="databricks-uc")',
      'prod_version = client.copy_model_version("models:/dev.ml.churn@champion", "prod.ml.churn")',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow Python API: MlflowClient.copy_model_version', url: 'https://mlflow.org/docs/latest/python_api/mlflow.client.html#mlflow.client.MlflowClient.copy_model_version' },
      { title: 'Databricks: Migrate model versions from Workspace Model Registry to Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/migrate-models' },
    ],
  },
  {
    key: 'MlflowClient.search_model_versions',
    title: 'MlflowClient().search_model_versions(filter_string="name=\'<model>\'", max_results=..., order_by=None)',
    match: { qualifiedNames: ['mlflow.MlflowClient.search_model_versions', 'mlflow.search_model_versions'] },
    what: 'Returns the model versions that match a filter string such as `name=\'ml.churn.model\'` or `run_id=\'...\'`.',
    examFact:
      'List a model\'s versions (to find the newest one, take the highest version number) instead of ' +
      '`get_latest_versions`, which works per stage in the workspace registry and raises in Unity Catalog. Filter ' +
      'values are single-quoted strings.',
    confusedWith:
      '`get_model_version_by_alias` (the version an alias names); `search_registered_models` (models, not versions); ' +
      '`search_runs` (runs of an experiment).',
    relatedRules: ['MLT401'],
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient(registry_uri="databricks-uc")',
      'versions = client.search_model_versions("name=\'ml.churn.model\'")',
      'newest = max(versions, key=lambda v: int(v.version))',
    ].join('\n'),
    domain: 'MLOps',
    references: [
      { title: 'MLflow Python API: MlflowClient.search_model_versions', url: 'https://mlflow.org/docs/latest/python_api/mlflow.client.html#mlflow.client.MlflowClient.search_model_versions' },
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/' },
    ],
  },
  {
    key: 'mlflow.models.predict',
    title: 'mlflow.models.predict(model_uri, input_data=None, content_type="json", env_manager="virtualenv", pip_requirements_override=None)',
    match: { qualifiedNames: ['mlflow.models.predict', 'mlflow.models.python_api.predict'] },
    what:
      'Runs a logged model\'s predict in a fresh environment rebuilt from the requirements logged with it ' +
      '(virtualenv by default; "uv" and "conda" too, "local" uses the current one) and prints or writes the predictions.',
    examFact:
      'Test the logged environment before deploying: a dependency that is missing, conflicts or fails to install shows ' +
      'up here instead of when the serving endpoint builds the model (Databricks\' pre-deployment validation). ' +
      '`pip_requirements_override` tries other versions without logging the model again.',
    confusedWith:
      '`mlflow.pyfunc.load_model(uri).predict(df)`, which runs in the current environment and so does not test the ' +
      'logged requirements; `get_deploy_client("databricks").predict`, which calls a deployed endpoint.',
    relatedRules: ['MLT302', 'MLT307'],
    example: [
      'import mlflow',
      '',
      'mlflow.models.predict(',
      '    model_uri=model_info.model_uri,',
      '    input_data={"age": 42, "plan": "pro"},',
      '    content_type="json",',
      '    env_manager="virtualenv",',
      ')',
    ].join('\n'),
    domain: 'Model Deployment',
    references: [
      { title: 'Pre-deployment validation for Model Serving (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/model-serving/model-serving-pre-deployment-validation' },
      { title: 'MLflow Python API: mlflow.models.predict', url: 'https://mlflow.org/docs/latest/python_api/mlflow.models.html#mlflow.models.predict' },
    ],
  },
];
