// MLT302 pyfunc-undeclared-dependencies: when the logged environment lacks what the model imports,
// and when (loading or the first request) the endpoint fails.
import { mlt302PyfuncUndeclaredDependencies } from '../../rules/mlt302-pyfunc-undeclared-dependencies';
import { describeRule } from '../support/ruleTester';

/**
 * A PythonModel that loads a saved AutoGluon predictor of `module` in load_context, then each of
 * `logCalls` (the log_model lines): the same model under the requirements each case gives.
 */
function autogluonModel(module: string, predictor: string, logCalls: string[], extraImports: string[] = []): string {
  return [
    '',
    'import mlflow',
    `from ${module} import ${predictor}`,
    ...extraImports,
    '',
    'class AGModel(mlflow.pyfunc.PythonModel):',
    '    def load_context(self, context):',
    `        self.predictor = ${predictor}.load(context.artifacts["predictor"])`,
    '',
    '    def predict(self, context, model_input):',
    '        return self.predictor.predict(model_input)',
    '',
    ...logCalls,
    '',
  ].join('\n');
}

/** A PythonModel that imports nltk when it loads, a flavor's conda env extended with nltk, then `lines`. */
function condaTagger(...lines: string[]): string {
  return [
    'import mlflow',
    'import nltk',
    '',
    'class Tagger(mlflow.pyfunc.PythonModel):',
    '    def load_context(self, context):',
    '        import nltk',
    '        nltk.download("punkt")',
    '',
    'env = mlflow.pyfunc.get_default_conda_env()',
    'env["dependencies"][-1]["pip"] += ["nltk==3.8.1"]',
    ...lines,
  ].join('\n');
}

describeRule(mlt302PyfuncUndeclaredDependencies, {
  flagged: [
    {
      name: 'a conda env whose name is set after it is written: the packages it lists are still what the file shows',
      code: `
        import mlflow
        from textblob import TextBlob

        class Sentiment(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return TextBlob(model_input).polarity

        env = {"dependencies": ["python=3.11", "pip", {"pip": ["mlflow"]}]}
        env["name"] = "sentiment"
        mlflow.pyfunc.log_model(name="m", python_model=Sentiment(), conda_env=env)
      `,
      findings: [{ line: 10, column: 35, message: 'PythonModel Sentiment imports textblob when it loads, but log_model does not declare it' }],
    },
    {
      name: "a chat model's client built in load_context, left out of pip_requirements (MLflow's ChatModel tutorial runs on ollama)",
      code: `
        import mlflow
        import ollama

        class OllamaPyfunc(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.client = ollama.Client()

        mlflow.pyfunc.log_model(name="chat", python_model=OllamaPyfunc(), pip_requirements=["mlflow", "pandas"])
      `,
      findings: [{ line: 8, column: 38, message: 'imports ollama when it loads, but log_model does not declare it' }],
    },
    {
      name: 'a conda env that lists the library under a top-level "pip" key, beside "dependencies" (the registry page\'s example): the message says why it does not count',
      code: `
        import mlflow.pyfunc
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.analyser = SentimentIntensityAnalyzer()

        conda_env = {"dependencies": ["python=3.11", "pip"], "pip": ["mlflow", "vaderSentiment==3.3.2"], "name": "env"}
        mlflow.pyfunc.log_model("model", python_model=Scorer(), conda_env=conda_env)
      `,
      findings: [{ line: 9, column: 34, message: 'the conda_env lists vaderSentiment under a top-level "pip" key, which MLflow does not read: pip packages go in a {"pip": [...]} entry of "dependencies"' }],
    },
    {
      name: 'a conda env given to pip_requirements= (a flavor default extended with the library, or a dict literal): MLflow takes its keys as the requirements',
      code: condaTagger(
        'mlflow.pyfunc.log_model("tagger", python_model=Tagger(), pip_requirements=env)',
        'literal = {"name": "env", "dependencies": ["python=3.11", {"pip": ["mlflow", "nltk"]}]}',
        'mlflow.pyfunc.log_model("other", python_model=Tagger(), pip_requirements=literal)',
      ),
      findings: [
        {
          line: 11,
          column: 35,
          message:
            'PythonModel Tagger imports nltk when it loads, but log_model does not declare it: the serving endpoint fails when it loads the model and never becomes ready; pip_requirements= is given a conda environment dict, whose keys MLflow takes as requirements (not the nltk it lists): pass it as conda_env=',
        },
        { line: 13, column: 34, message: 'pip_requirements= is given a conda environment dict, whose keys MLflow takes as requirements (not the nltk it lists): pass it as conda_env=' },
      ],
    },
    {
      name: 'an AutoGluon predictor loaded in load_context, its namespace package left out of pip_requirements',
      code: autogluonModel('autogluon.tabular', 'TabularPredictor', [
        'mlflow.pyfunc.log_model("model", python_model=AGModel(), artifacts={"predictor": "ag_models/"}, pip_requirements=["mlflow", "cloudpickle==2.2.0"])',
      ]),
      findings: [{ line: 11, column: 34, message: 'PythonModel AGModel imports autogluon.tabular when it loads, but log_model does not declare autogluon: ' }],
    },
    {
      name: 'a bare import autogluon (AutoGluon 0.0.x, one package) that the notebook installs: the autogluon distribution',
      code: `
        # Databricks notebook source
        # MAGIC %pip install autogluon==0.0.15
        # COMMAND ----------
        import mlflow
        import autogluon as ag

        class Legacy(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.predictor = ag.TabularPrediction.load(context.artifacts["predictor"])

        mlflow.pyfunc.log_model("model", python_model=Legacy(), artifacts={"predictor": "ag"}, pip_requirements=["pandas==1.1.5"])
      `,
      findings: [{ line: 11, column: 34, message: 'PythonModel Legacy imports autogluon when it loads, but log_model does not declare it' }],
    },
    {
      name: 'torch comes with the declared chronos-forecasting, lightgbm does not',
      code: `
        import mlflow
        class Forecaster(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                import torch, lightgbm
                self.weights = torch.load(context.artifacts["weights"])
                self.booster = lightgbm.Booster(model_file=context.artifacts["booster"])
        mlflow.pyfunc.log_model("model", python_model=Forecaster(), pip_requirements=["chronos-forecasting==1.4.1"])
      `,
      findings: [{ line: 7, column: 34, message: 'imports lightgbm when it loads, but log_model does not declare it' }],
    },
    {
      name: "a sentiment scorer built when the model loads, its library left out of pip_requirements (MLflow's registry workflow example)",
      code: `
        import mlflow.pyfunc
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        class SocialMediaScorer(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.analyser = SentimentIntensityAnalyzer()

            def predict(self, context, model_input, params=None):
                return model_input["text"].apply(self.analyser.polarity_scores)

        mlflow.pyfunc.log_model(name="vader", python_model=SocialMediaScorer(), pip_requirements=["mlflow", "cloudpickle==3.0.0"])
      `,
      findings: [{ line: 11, column: 39, message: 'imports vaderSentiment when it loads, but log_model does not declare it' }],
    },
    {
      name: 'pip_requirements without a library imported at module level: fails when the model loads',
      code: `
        import mlflow
        import xgboost as xgb

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return self.booster.predict(xgb.DMatrix(model_input))

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=["pandas==2.1.4"])
      `,
      findings: [
        {
          line: 8,
          column: 34,
          message:
            'PythonModel ChurnModel imports xgboost when it loads, but log_model does not declare it: the serving endpoint fails when it loads the model and never becomes ready',
          severity: 'warning',
        },
      ],
    },
    {
      name: 'a lazy import in load_context that pip_requirements misses',
      code: `
        import mlflow.pyfunc

        class Forecaster(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                import prophet
                self.model = prophet.Prophet()

            def predict(self, context, model_input):
                return self.model.predict(model_input)

        mlflow.pyfunc.log_model(artifact_path="model", python_model=Forecaster(), pip_requirements=["pandas==2.1.4"])
      `,
      findings: [{ line: 11, column: 48, message: 'imports prophet when it loads, but log_model does not declare it' }],
    },
    {
      name: 'no requirements, no input_example: an import inside predict() escapes inference',
      code: `
        import mlflow

        class Chat(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import sentencepiece
                return sentencepiece.SentencePieceProcessor().encode(list(model_input["text"]))

        mlflow.pyfunc.log_model("model", python_model=Chat())
      `,
      findings: [
        {
          line: 8,
          column: 34,
          message:
            "PythonModel Chat imports sentencepiece inside predict(), which MLflow's requirement inference does not see (it records what loading the model imports, and no input_example is logged): the endpoint fails on the first request",
        },
      ],
    },
    {
      name: "a flavor's load_model in load_context imports only its own library: another import in predict() still escapes inference",
      code: `
        import mlflow
        from mlflow.sklearn import load_model

        class Explained(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = load_model(context.artifacts["model"])
            def predict(self, context, model_input):
                import shap
                return shap.TreeExplainer(self.model).shap_values(model_input)

        mlflow.pyfunc.log_model("model", python_model=Explained(), artifacts={"model": "runs:/abc/model"})
      `,
      findings: [{ line: 11, column: 34, message: 'imports shap inside predict()' }],
    },
    {
      name: 'no requirements: the import sits in a helper method that predict() runs, input_example=None',
      code: `
        import mlflow

        class Summarizer(mlflow.pyfunc.PythonModel):
            def _clean(self, text):
                from bs4 import BeautifulSoup
                return BeautifulSoup(text, "html.parser").get_text()

            def predict(self, context, model_input):
                return [self._clean(text) for text in model_input["html"]]

        mlflow.pyfunc.log_model("model", python_model=Summarizer(), input_example=None)
      `,
      findings: [{ line: 11, column: 34, message: 'imports bs4 inside _clean(), which predict() runs, which MLflow' }],
    },
    {
      name: 'pip_requirements given, an import inside predict(): fails on the first request, distribution name',
      code: `
        import mlflow

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import cv2
                return [cv2.resize(image, (224, 224)) for image in model_input["image"]]

        mlflow.pyfunc.save_model("/tmp/detector", python_model=Detector(), pip_requirements=["torch==2.1.0"])
      `,
      findings: [
        { line: 8, column: 43, message: 'PythonModel Detector imports cv2 inside predict(), but save_model does not declare opencv-python: the endpoint fails on the first request' },
      ],
    },
    {
      name: 'both phases missing: one finding that says both',
      code: `
        import mlflow
        import lightgbm

        class SalesModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.booster = lightgbm.Booster(model_file=context.artifacts["model"])

            def predict(self, context, model_input):
                import holidays
                return self.booster.predict(model_input), holidays.US()

        mlflow.pyfunc.log_model("model", python_model=SalesModel(), pip_requirements=["statsmodels"])
      `,
      findings: [{ line: 12, column: 34, message: 'imports lightgbm when it loads, but log_model does not declare it: the serving endpoint fails when it loads the model and never becomes ready; PythonModel SalesModel imports holidays inside predict(), but log_model does not declare it: the endpoint fails on the first request' }],
    },
    {
      name: 'extra_pip_requirements adds to what MLflow infers: an import inside predict() that it does not add',
      code: `
        import mlflow
        import lightgbm

        class SalesModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import holidays
                return lightgbm.Booster(model_file="m.txt").predict(model_input), holidays.US()

        mlflow.pyfunc.log_model("model", python_model=SalesModel(), extra_pip_requirements=["statsmodels"])
      `,
      findings: [{ line: 9, column: 34, message: "PythonModel SalesModel imports holidays inside predict(), which extra_pip_requirements does not add and MLflow's requirement inference does not see" }],
    },
    {
      name: 'the import is used by a base class defined in the file',
      code: `
        import mlflow
        import lightgbm

        class BaseModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.booster = lightgbm.Booster(model_file=context.artifacts["model"])

        class StoreModel(BaseModel):
            def predict(self, context, model_input):
                return self.booster.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=StoreModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 12, column: 34, message: 'PythonModel StoreModel imports lightgbm when it loads' }],
    },
    {
      name: 'a module-level helper function: its module-level import loads with the model, its own import runs on a request',
      code: `
        import mlflow
        import catboost

        def featurize(frame):
            import category_encoders
            return category_encoders.OrdinalEncoder().fit_transform(frame)

        class ScoreModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return catboost.CatBoostClassifier().predict(featurize(model_input))

        mlflow.pyfunc.log_model("model", python_model=ScoreModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 12, column: 34, message: 'imports catboost when it loads, but log_model does not declare it: the serving endpoint fails when it loads the model and never becomes ready; PythonModel ScoreModel imports category_encoders inside featurize(), which predict() runs, but log_model does not declare it' }],
    },
    {
      name: 'the model bound to a name first; the class itself passed',
      code: `
        import mlflow
        import statsmodels.api as sm

        class TrendModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return sm.OLS(model_input["y"], model_input[["x"]]).fit().predict()

        trend = TrendModel()
        mlflow.pyfunc.log_model("model", python_model=trend, pip_requirements=["pandas"])
        mlflow.pyfunc.log_model("model2", python_model=TrendModel, pip_requirements=["pandas"])
      `,
      findings: [
        { line: 9, column: 34, message: 'imports statsmodels when it loads' },
        { line: 10, column: 35, message: 'imports statsmodels when it loads' },
      ],
    },
    {
      name: 'a literal conda_env whose pip list misses the library',
      code: `
        import mlflow
        import catboost

        class ScoreModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return catboost.CatBoostClassifier().predict(model_input)

        conda_env = {"name": "env", "dependencies": ["python=3.10", "pip", {"pip": ["mlflow", "pandas"]}]}
        mlflow.pyfunc.log_model("model", python_model=ScoreModel(), conda_env=conda_env)
      `,
      findings: [{ line: 9, column: 34, message: 'imports catboost when it loads, but log_model does not declare it' }],
    },
    {
      name: 'get_default_conda_env() plus appended pip entries that miss one library',
      code: `
        import mlflow
        import xgboost
        import lightgbm

        class Blend(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input), lightgbm.Booster(model_file="m.txt")

        env = mlflow.pyfunc.get_default_conda_env()
        env["dependencies"][-1]["pip"] += [f"xgboost=={xgboost.__version__}"]
        mlflow.pyfunc.log_model("model", python_model=Blend(), conda_env=env)
      `,
      findings: [{ line: 11, column: 34, message: 'imports lightgbm when it loads, but log_model does not declare it' }],
    },
    {
      name: '_mlflow_conda_env(additional_pip_deps=[...]) that misses a library',
      code: `
        import mlflow
        from mlflow.utils.environment import _mlflow_conda_env
        from sentence_transformers import SentenceTransformer

        class Embedder(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = SentenceTransformer(context.artifacts["model"])

        env = _mlflow_conda_env(additional_pip_deps=["torch", "transformers"])
        mlflow.pyfunc.log_model("model", python_model=Embedder(), conda_env=env)
      `,
      findings: [{ line: 10, column: 34, message: 'imports sentence_transformers when it loads, but log_model does not declare it' }],
    },
    {
      name: 'f-string entries count by their name: torch declared, transformers not',
      code: `
        import mlflow
        import torch
        import transformers

        class Generator(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.pipe = transformers.pipeline("text-generation", model=context.artifacts["repo"], torch_dtype=torch.bfloat16)

        mlflow.pyfunc.log_model("model", python_model=Generator(), pip_requirements=[f"torch=={torch.__version__}"])
      `,
      findings: [{ line: 9, column: 34, message: 'imports transformers when it loads' }],
    },
    {
      name: 'notebook cells: import, class and logging in different cells',
      code: `
        # Databricks notebook source
        import mlflow
        import transformers

        # COMMAND ----------

        class Summarizer(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.pipe = transformers.pipeline("summarization")

            def predict(self, context, model_input):
                return self.pipe(list(model_input["text"]))

        # COMMAND ----------

        with mlflow.start_run():
            mlflow.pyfunc.log_model("model", python_model=Summarizer(), pip_requirements=["torch"])
      `,
      findings: [{ line: 17, column: 38, message: 'imports transformers when it loads' }],
    },
    {
      name: 'a module-level object that the class uses is pickled with it',
      code: `
        import mlflow
        import category_encoders as ce

        encoder = ce.TargetEncoder()

        class EncodedModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return encoder.transform(model_input)

        mlflow.pyfunc.log_model("model", python_model=EncodedModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 10, column: 34, message: 'imports category_encoders when it loads, but log_model does not declare it' }],
    },
    {
      name: 'a lazy importlib.import_module with a literal name in load_context',
      code: `
        import importlib
        import mlflow

        class PluginModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.backend = importlib.import_module("onnxruntime")

        mlflow.pyfunc.log_model("model", python_model=PluginModel(), pip_requirements=["numpy"])
      `,
      findings: [{ line: 8, column: 34, message: 'imports onnxruntime when it loads' }],
    },
    {
      name: "the feature engineering client's log_model(model=X, flavor=mlflow.pyfunc) without an input example",
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient

        class Ranker(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import rapidfuzz
                return [rapidfuzz.fuzz.ratio(a, b) for a, b in zip(model_input["a"], model_input["b"])]

        fe = FeatureEngineeringClient()
        fe.log_model(model=Ranker(), artifact_path="model", flavor=mlflow.pyfunc, training_set=training_set)
      `,
      findings: [{ line: 10, column: 14, message: 'imports rapidfuzz inside predict(), which MLflow' }],
    },
    {
      name: 'a package the rule does not know, installed by the notebook with %pip, pinned in the message',
      code: `
        # Databricks notebook source
        # MAGIC %pip install textstat==0.7.3

        # COMMAND ----------

        import mlflow

        class Readability(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import textstat
                return [textstat.flesch_reading_ease(text) for text in model_input["text"]]

        mlflow.pyfunc.log_model("model", python_model=Readability())
      `,
      findings: [{ line: 13, column: 34, message: 'PythonModel Readability imports textstat inside predict()' }],
    },
    {
      name: 'ChatModel subclass: predict_stream is served too',
      code: `
        import mlflow

        class Assistant(mlflow.pyfunc.ChatModel):
            def predict_stream(self, context, messages, params=None):
                import tiktoken
                yield tiktoken.get_encoding("cl100k_base")

        mlflow.pyfunc.log_model("model", python_model=Assistant(), pip_requirements=["openai"])
      `,
      findings: [{ line: 8, column: 34, message: 'imports tiktoken inside predict_stream(), but log_model does not declare it' }],
    },
    {
      name: 'an object of a library, built outside the class and stored by __init__, is pickled with the instance: pip_requirements misses it',
      code: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator, threshold=0.5):
                self.estimator = estimator
                self.threshold = threshold

            def predict(self, context, model_input):
                return self.estimator.predict_proba(model_input)[:, 1] > self.threshold

        fitted = LGBMClassifier().fit(X, y)
        scorer = Scorer(fitted, threshold=0.4)
        mlflow.pyfunc.log_model("model", python_model=scorer, pip_requirements=["pandas==2.1.4"])
      `,
      findings: [
        {
          line: 14,
          column: 34,
          message:
            'PythonModel Scorer imports lightgbm when it loads (its instance holds a lightgbm object, pickled with it), but log_model does not declare it: the serving endpoint fails when it loads the model and never becomes ready',
        },
      ],
    },
  ],
  silent: [
    {
      name: 'the same conda env given to conda_env=, and a pip list built from a name that only looks like one',
      code: condaTagger(
        'mlflow.pyfunc.log_model("tagger", python_model=Tagger(), conda_env=env)',
        'env_pip = mlflow.pyfunc.get_default_pip_requirements() + ["nltk"]',
        'mlflow.pyfunc.log_model("other", python_model=Tagger(), pip_requirements=env_pip)',
      ),
    },
    {
      name: 'AutoGluon declared as the meta package or as the sub-package, with extras',
      code: autogluonModel(
        'autogluon.tabular',
        'TabularPredictor',
        [
          'mlflow.pyfunc.log_model("a", python_model=AGModel(), artifacts={"predictor": "ag/"}, pip_requirements=["mlflow", "autogluon==1.1.1"])',
          'mlflow.pyfunc.log_model("b", python_model=AGModel(), artifacts={"predictor": "ag/"}, pip_requirements=["mlflow", "autogluon.tabular[all]==1.1.1"])',
        ],
        ['from autogluon.core.metrics import roc_auc'],
      ),
    },
    {
      name: 'a bare import autogluon that no install line shows: not a package mltraps knows',
      code: `
        import mlflow
        import autogluon

        class AGModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return autogluon.__version__

        mlflow.pyfunc.log_model("a", python_model=AGModel(), pip_requirements=["mlflow"])
      `,
    },
    {
      name: 'a conda env whose packages are replaced after it is written (dependencies, or a top-level pip key set later)',
      code: `
        import mlflow
        from textblob import TextBlob

        class Sentiment(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return TextBlob(model_input).polarity

        env = {"dependencies": ["pip", {"pip": ["mlflow"]}]}
        env["dependencies"] = load_dependencies()
        mlflow.pyfunc.log_model(name="m", python_model=Sentiment(), conda_env=env)
        other = {"dependencies": ["pip", {"pip": ["mlflow"]}]}
        other["pip"] = ["textblob"]
        mlflow.pyfunc.log_model(name="m2", python_model=Sentiment(), conda_env=other)
      `,
    },
    {
      name: 'the same library in the {"pip": [...]} entry of "dependencies"',
      code: `
        import mlflow.pyfunc
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.analyser = SentimentIntensityAnalyzer()

        conda_env = {"dependencies": ["python=3.11", "pip", {"pip": ["mlflow", "vaderSentiment==3.3.2"]}], "name": "env"}
        mlflow.pyfunc.log_model("model", python_model=Scorer(), conda_env=conda_env)
      `,
    },
    {
      name: 'torch comes with the declared chronos-forecasting; a project built from git installs what its own metadata says',
      code: `
        import mlflow
        class Forecaster(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                import torch
                from chronos import ChronosPipeline
                self.pipe = ChronosPipeline.from_pretrained(context.artifacts["weights"], torch_dtype=torch.float32)
            def predict(self, context, model_input):
                return self.pipe.predict(model_input, prediction_length=4)
        mlflow.pyfunc.log_model("model", python_model=Forecaster(), pip_requirements=["chronos-forecasting==1.4.1"])
        mlflow.pyfunc.log_model("model", python_model=Forecaster(), pip_requirements=["chronos[training] @ git+https://github.com/amazon-science/chronos-forecasting.git"])
      `,
    },
    {
      name: 'databricks.vector_search declared through the 2023 preview wheel, databricks-vectorsearch-preview',
      code: `
        import mlflow
        class Rag(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                from databricks.vector_search.client import VectorSearchClientV2
                self.client = VectorSearchClientV2()
            def predict(self, context, model_input):
                return self.client.similarity_search(model_input)
        mlflow.pyfunc.log_model("model", python_model=Rag(), pip_requirements=["mlflow==2.7.1", "databricks-vectorsearch-preview"])
      `,
    },
    {
      name: 'a star import of a library leaves spark the notebook\'s session: a module-level value read from spark.conf pulls in no package',
      code: `
        # Databricks notebook source
        import mlflow
        import requests
        from delta.tables import *
        workspace_url = spark.conf.get("spark.databricks.workspaceUrl")
        class Bot(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return requests.post(f"https://{workspace_url}/api", json={}).json()
        mlflow.pyfunc.log_model("model", python_model=Bot(), pip_requirements=["mlflow", "requests"])
      `,
    },
    {
      name: 'a held object with no requirements written: inference records what unpickling imports',
      code: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator):
                self.estimator = estimator

            def predict(self, context, model_input):
                return self.estimator.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=Scorer(LGBMClassifier().fit(X, y)))
      `,
    },
    {
      name: 'an object __init__ does not store as it is (only a number read from it) is not pickled with the instance',
      code: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator):
                self.trees = estimator.n_estimators

            def predict(self, context, model_input):
                return model_input * self.trees

        mlflow.pyfunc.log_model("model", python_model=Scorer(LGBMClassifier()), pip_requirements=["pandas==2.1.4"])
      `,
    },
    {
      name: 'a held object whose library is declared, and one of unknown origin (a parameter)',
      code: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator):
                self.estimator = estimator

            def predict(self, context, model_input):
                return self.estimator.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=Scorer(LGBMClassifier()), pip_requirements=["lightgbm==4.3.0"])

        def log(estimator):
            mlflow.pyfunc.log_model("model", python_model=Scorer(estimator), pip_requirements=["pandas==2.1.4"])
      `,
    },
    {
      name: "the library predict() imports is imported by the flavor's load_model that load_context calls (inference records it), or by a pyfunc model of any flavor",
      code: `
        import mlflow

        class Scorer(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = mlflow.keras.load_model(context.artifacts["keras"])
            def predict(self, context, model_input):
                import tensorflow as tf
                return self.model.predict(tf.constant(model_input.values))

        class Router(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.inner = mlflow.pyfunc.load_model(context.artifacts["inner"])
            def predict(self, context, model_input):
                import torch
                return self.inner.predict(torch.tensor(model_input.values).numpy())

        mlflow.pyfunc.log_model("scorer", python_model=Scorer(), artifacts={"keras": "runs:/abc/model"})
        mlflow.pyfunc.log_model("router", python_model=Router(), artifacts={"inner": "runs:/abc/inner"}, pip_requirements=["mlflow"])
      `,
    },
    {
      name: 'torch installed by a declared requirement that requires it (accelerate, xformers)',
      code: `
        import mlflow
        import torch

        class Summarizer(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.dtype = torch.float16

            def predict(self, context, model_input):
                return model_input

        mlflow.pyfunc.log_model("summarizer", python_model=Summarizer(), pip_requirements=["transformers==4.37.2", "accelerate==0.27.0"])
      `,
    },
    {
      name: 'torch and transformers installed with vllm (vLLM pins torch)',
      code: `
        import mlflow
        import torch
        from transformers import AutoTokenizer

        class Generator(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.tokenizer = AutoTokenizer.from_pretrained(context.artifacts["model"])
                self.dtype = torch.bfloat16

            def predict(self, context, model_input):
                return model_input

        mlflow.pyfunc.log_model("generator", python_model=Generator(), pip_requirements=["vllm==0.7.3"])
      `,
    },
    {
      name: 'a conda_env that declares the library as a conda-forge package (h2o-py installs h2o)',
      code: `
        import mlflow
        class Wrapper(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                import h2o
                self.model = h2o.upload_mojo(context.artifacts["mojo"])
            def predict(self, context, model_input, params=None):
                return self.model.predict(model_input)
        conda_env = {"channels": ["conda-forge"], "dependencies": ["python=3.10", "h2o-py", "pip", {"pip": ["mlflow"]}]}
        mlflow.pyfunc.log_model(artifact_path="m", python_model=Wrapper(), conda_env=conda_env, artifacts={"mojo": path})
      `,
    },
    {
      name: 'standard-library imports only',
      code: `
        import json
        import os
        from collections import Counter
        import mlflow

        class KeywordModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                with open(os.path.join(context.artifacts["dir"], "words.json")) as f:
                    self.words = json.load(f)

            def predict(self, context, model_input):
                import re
                return [Counter(re.findall("\\\\w+", text)) for text in model_input["text"]]

        mlflow.pyfunc.log_model("model", python_model=KeywordModel(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'mlflow itself only',
      code: `
        import mlflow
        from mlflow.models import infer_signature
        class EchoModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                mlflow.log_metric("calls", 1)
                return model_input
        mlflow.pyfunc.log_model("model", python_model=EchoModel(), pip_requirements=["pandas"])
      `,
    },
    {
      name: "MLflow's own dependencies are always installed (numpy, pandas, scikit-learn, scipy, pyarrow, matplotlib, PIL, joblib, yaml, requests, protobuf, pydantic)",
      code: `
        import mlflow
        import numpy as np
        import pandas as pd
        import joblib
        import yaml
        from PIL import Image
        from sklearn.preprocessing import StandardScaler

        class Everything(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = joblib.load(context.artifacts["model"])
                self.config = yaml.safe_load(open(context.artifacts["config"]))

            def predict(self, context, model_input):
                import scipy.sparse
                import pyarrow
                import matplotlib.pyplot as plt
                import requests
                import cloudpickle
                from google.protobuf import json_format
                import packaging.version
                from pydantic import BaseModel
                image = Image.open(model_input["path"][0])
                return pd.DataFrame(np.asarray(StandardScaler().fit_transform(model_input)))

        mlflow.pyfunc.log_model("model", python_model=Everything(), pip_requirements=["xgboost==2.0.3"])
      `,
    },
    {
      name: 'no requirements: module-level imports are recorded by inference (they load with the model)',
      code: `
        import mlflow
        import xgboost as xgb
        import torch

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(torch.tensor(model_input.values).numpy())

        mlflow.pyfunc.log_model("model", python_model=ChurnModel())
      `,
    },
    {
      name: 'no requirements: an import in load_context is recorded by inference',
      code: `
        import mlflow

        class Forecaster(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                import prophet
                self.model = prophet.Prophet()

            def predict(self, context, model_input):
                return self.model.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=Forecaster())
      `,
    },
    {
      name: 'no requirements, an import inside predict(), but an input_example: inference predicts on it',
      code: `
        import mlflow

        class Chat(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import sentencepiece
                return sentencepiece.SentencePieceProcessor().encode(list(model_input["text"]))

        mlflow.pyfunc.log_model("model", python_model=Chat(), input_example=sample)
      `,
    },
    {
      name: 'no requirements: the lazy import comes with a library that loading imports (tokenizers with transformers)',
      code: `
        import mlflow
        import transformers

        class Tagger(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.pipe = transformers.pipeline("ner", model=context.artifacts["repo"])

            def predict(self, context, model_input):
                import tokenizers
                return self.pipe(list(model_input["text"])), tokenizers.__version__

        mlflow.pyfunc.log_model("model", python_model=Tagger())
      `,
    },
    {
      name: 'a ChatModel without requirements: MLflow predicts on its standard input example while inferring',
      code: `
        import mlflow

        class Assistant(mlflow.pyfunc.ChatModel):
            def predict(self, context, messages, params=None):
                import tiktoken
                return tiktoken.get_encoding("cl100k_base")

        mlflow.pyfunc.log_model("model", python_model=Assistant())
      `,
    },
    {
      name: 'the same library imported inside predict and used in load_context: inference records it',
      code: `
        import mlflow
        import torch

        class Net(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = torch.jit.load(context.artifacts["net"])

            def predict(self, context, model_input):
                import torch
                return self.model(torch.tensor(model_input.values))

        mlflow.pyfunc.log_model("model", python_model=Net())
      `,
    },
    {
      name: 'an import in a method that serving never runs (training helper)',
      code: `
        import mlflow

        class FastTextModel(mlflow.pyfunc.PythonModel):
            def train(self, path):
                import fasttext
                self.model = fasttext.train_supervised(path)

            def predict(self, context, model_input):
                return self.model.predict(list(model_input["text"]))

        mlflow.pyfunc.log_model("model", python_model=FastTextModel(), pip_requirements=["pandas"])
        mlflow.pyfunc.log_model("model", python_model=FastTextModel())
      `,
    },
    {
      name: "feature engineering client with infer_input_example=True, or another flavor",
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient

        class Ranker(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import rapidfuzz
                return [rapidfuzz.fuzz.ratio(a, b) for a, b in zip(model_input["a"], model_input["b"])]

        fe = FeatureEngineeringClient()
        fe.log_model(model=Ranker(), artifact_path="model", flavor=mlflow.pyfunc, training_set=training_set, infer_input_example=True)
        fe.log_model(model=Ranker(), artifact_path="model", flavor=mlflow.sklearn, training_set=training_set)
      `,
    },
    {
      name: 'every distribution declared by pip_requirements',
      code: `
        import mlflow
        import xgboost as xgb
        import lightgbm
        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import rapidfuzz
                return xgb.DMatrix(lightgbm.Dataset(model_input)), rapidfuzz.__version__
        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=["xgboost==2.0.3", "LightGBM>=4", "rapidfuzz"])
      `,
    },
    {
      name: 'extra_pip_requirements without a module-level import: MLflow still infers it from loading',
      code: `
        import mlflow
        import lightgbm
        class SalesModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return lightgbm.Booster(model_file="m.txt").predict(model_input)
        mlflow.pyfunc.log_model("model", python_model=SalesModel(), extra_pip_requirements=["statsmodels"])
      `,
    },
    {
      name: 'every distribution declared by extra_pip_requirements under its distribution name',
      code: `
        import mlflow
        import cv2
        from bs4 import BeautifulSoup
        class Reader(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return cv2.imread(model_input), BeautifulSoup("", "html.parser")
        mlflow.pyfunc.log_model("model", python_model=Reader(), extra_pip_requirements=["opencv-python-headless==4.8.0.76", "beautifulsoup4"])
      `,
    },
    {
      name: 'every distribution declared by conda_env (conda and pip entries)',
      code: `
        import mlflow
        import torch
        import cv2
        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return torch.tensor(cv2.imread(model_input))
        env = {"dependencies": ["python=3.10", "pytorch=2.1", "pip", {"pip": ["opencv-python-headless==4.8.0.76"]}]}
        mlflow.pyfunc.log_model("model", python_model=Detector(), conda_env=env)
      `,
    },
    {
      name: 'f-string, format and concatenated entries count by their name',
      code: `
        import mlflow
        import torch
        import transformers
        import accelerate
        class Generator(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.pipe = transformers.pipeline("text-generation", torch_dtype=torch.bfloat16), accelerate.__version__
        mlflow.pyfunc.log_model(
            "model",
            python_model=Generator(),
            pip_requirements=[
                f"""torch=={torch.__version__.split("+")[0]}""",
                "transformers=={}".format(transformers.__version__),
                "accelerate==" + accelerate.__version__,
            ],
        )
      `,
    },
    {
      name: 'get_default_conda_env() with the libraries appended, through a function of the file',
      code: `
        import mlflow
        import econml
        import dowhy

        class Effect(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return econml.dml.LinearDML(), dowhy.CausalModel

        def get_model_env():
            model_env = mlflow.pyfunc.get_default_conda_env()
            model_env["dependencies"][-1]["pip"] += [
                f"dowhy=={dowhy.__version__}",
                f"econml=={econml.__version__}",
            ]
            return model_env

        mlflow.pyfunc.log_model("model", python_model=Effect(), conda_env=get_model_env())
      `,
    },
    {
      name: 'appended with append / extend on the pip list, and a pip list extended by name',
      code: `
        import mlflow
        import xgboost
        import lightgbm

        class Blend(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input), lightgbm.Booster(model_file="m.txt")

        env = mlflow.pyfunc.get_default_conda_env()
        env["dependencies"][-1]["pip"].append("xgboost")
        env["dependencies"][-1]["pip"].extend(["lightgbm"])
        mlflow.pyfunc.log_model("model", python_model=Blend(), conda_env=env)

        requirements = mlflow.pyfunc.get_default_pip_requirements()
        requirements += ["xgboost", "lightgbm"]
        mlflow.pyfunc.log_model("model", python_model=Blend(), pip_requirements=requirements)
      `,
    },
    {
      name: 'an environment handed to another function before logging may gain anything',
      code: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        env = mlflow.pyfunc.get_default_conda_env()
        add_project_dependencies(env)
        mlflow.pyfunc.log_model("model", python_model=Booster(), conda_env=env)
      `,
    },
    {
      name: 'a requirements list changed in a way the rule cannot follow: remove(), an item replaced',
      code: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        requirements = ["pandas", "scikit-learn"]
        requirements.remove("scikit-learn")
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=requirements)

        env = mlflow.pyfunc.get_default_conda_env()
        env["dependencies"][-1]["pip"] = load_pinned_requirements()
        mlflow.pyfunc.log_model("model", python_model=Booster(), conda_env=env)
      `,
    },
    {
      name: 'requirements that the logging function receives as a parameter',
      code: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        def log_booster(requirements):
            mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=requirements)
      `,
    },
    {
      name: '_mlflow_conda_env declaring the library',
      code: `
        import mlflow
        from mlflow.utils.environment import _mlflow_conda_env
        from sentence_transformers import SentenceTransformer

        class Embedder(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = SentenceTransformer(context.artifacts["model"])

        env = _mlflow_conda_env(additional_pip_deps=["sentence_transformers", "torch"])
        mlflow.pyfunc.log_model("model", python_model=Embedder(), conda_env=env)
      `,
    },
    {
      name: 'a requirement whose name is computed',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=[f"{package}=={version}"])
      `,
    },
    {
      name: 'a class that is not a PythonModel',
      code: `
        import mlflow
        import xgboost
        class Helper:
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Helper(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'a local class named PythonModel',
      code: `
        import mlflow
        import xgboost
        class PythonModel:
            pass
        class Booster(PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'a class not defined in the file',
      code: `
        import mlflow
        import xgboost
        from my_package.models import ChurnModel
        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'log_model of another flavour',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.sklearn.log_model(Booster(), "model", pip_requirements=["pandas"])
        mlflow.xgboost.log_model(python_model=Booster(), artifact_path="model", pip_requirements=["pandas"])
      `,
    },
    {
      name: 'a local function named log_model',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        def log_model(name, python_model, pip_requirements):
            print(name, python_model)
        log_model("model", python_model=Booster(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'requirements from a name bound to a literal list, split over concatenation',
      code: `
        import mlflow
        import xgboost
        import pandas as pd
        base = ["pandas==2.1.4"]
        requirements = base + ["xgboost==2.0.3"]
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(pd.DataFrame(model_input))
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=requirements)
      `,
    },
    {
      name: 'requirements from a file the linter cannot read',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements="requirements.txt")
        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=["-r requirements.txt"])
        mlflow.pyfunc.log_model("model", python_model=Booster(), conda_env="conda.yaml")
        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=f"{model_path}/requirements.txt")
      `,
    },
    {
      name: 'requirements computed at run time',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=read_requirements())
        mlflow.pyfunc.log_model("model", python_model=Booster(), **logging_options)
      `,
    },
    {
      name: 'an import used only outside the class',
      code: `
        import mlflow
        import xgboost
        import pandas as pd
        booster = xgboost.train({}, xgboost.DMatrix(pd.read_csv("train.csv")))
        class Echo(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return model_input
        mlflow.pyfunc.log_model("model", python_model=Echo(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'an optional import guarded by ImportError',
      code: `
        import mlflow
        class FastModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                try:
                    import ujson as json
                except ImportError:
                    import json
                return json.dumps(list(model_input))
        mlflow.pyfunc.log_model("model", python_model=FastModel())
      `,
    },
    {
      name: "relative imports, the project's own modules and modules shipped through code_paths",
      code: `
        import mlflow
        from features import build_features
        from .scoring import score
        class LocalModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return score(build_features(model_input))
        mlflow.pyfunc.log_model("model", python_model=LocalModel(), code_paths=["src/features.py"], pip_requirements=["pandas"])
      `,
    },
    {
      name: 'a module the rule does not know as a PyPI package may be the project\'s own (a repo folder)',
      code: `
        import mlflow
        from mlia_utils.cv_funcs import preprocess

        class Wrapper(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import retail_features
                return retail_features.build(preprocess(model_input))

        mlflow.pyfunc.log_model("model", python_model=Wrapper(), pip_requirements=["pandas"])
      `,
    },
    {
      name: 'the pattern inside a string and a comment',
      code: `
        import mlflow
        import xgboost
        # mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=["pandas"])
        snippet = 'mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=["pandas"])'
      `,
    },
    {
      name: 'partial code mid-edit',
      code: `
        import mlflow
        import xgboost
        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)
        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements=[
      `,
    },
    {
      name: 'a models-from-code path instead of an instance',
      code: `
        import mlflow
        mlflow.pyfunc.log_model("model", python_model="model_code.py", pip_requirements=["pandas"])
      `,
    },
  ],
  fixes: [
    {
      name: 'pip_requirements gets the AutoGluon meta package, which installs the model libraries a saved predictor loads',
      code: autogluonModel('autogluon.timeseries', 'TimeSeriesPredictor', ['mlflow.pyfunc.log_model("model", python_model=AGModel(), artifacts={"predictor": "ag/"}, pip_requirements=["mlflow"])']),
      output: autogluonModel('autogluon.timeseries', 'TimeSeriesPredictor', [
        'mlflow.pyfunc.log_model("model", python_model=AGModel(), artifacts={"predictor": "ag/"}, pip_requirements=["mlflow", "autogluon"])',
      ]),
    },
    {
      name: 'pip_requirements gets the library of an object the instance holds',
      code: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator):
                self.estimator = estimator

            def predict(self, context, model_input):
                return self.estimator.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=Scorer(LGBMClassifier().fit(X, y)), pip_requirements=["pandas==2.1.4"])
      `,
      output: `
        import mlflow
        from lightgbm import LGBMClassifier

        class Scorer(mlflow.pyfunc.PythonModel):
            def __init__(self, estimator):
                self.estimator = estimator

            def predict(self, context, model_input):
                return self.estimator.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=Scorer(LGBMClassifier().fit(X, y)), pip_requirements=["pandas==2.1.4", "lightgbm"])
      `,
    },
    {
      name: 'no requirements: adds extra_pip_requirements with the library imported inside predict',
      code: `
        import mlflow
        import xgboost as xgb

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import shap
                return xgb.DMatrix(model_input), shap.__version__

        mlflow.pyfunc.log_model("model", python_model=ChurnModel())
      `,
      output: `
        import mlflow
        import xgboost as xgb

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import shap
                return xgb.DMatrix(model_input), shap.__version__

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), extra_pip_requirements=["shap"])
      `,
    },
    {
      name: 'adds the keyword on its own line in a multi-line call',
      code: `
        import mlflow

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import xgboost
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model(
            artifact_path="model",
            python_model=Booster(),
        )
      `,
      output: `
        import mlflow

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import xgboost
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model(
            artifact_path="model",
            python_model=Booster(),
            extra_pip_requirements=["xgboost"],
        )
      `,
    },
    {
      name: 'extends an existing extra_pip_requirements list',
      code: `
        import mlflow
        import torch

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import cv2
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), extra_pip_requirements=['torch==2.1.0'])
      `,
      output: `
        import mlflow
        import torch

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import cv2
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), extra_pip_requirements=['torch==2.1.0', 'opencv-python'])
      `,
    },
    {
      name: 'pins to the notebook %pip install line and extends a one-per-line pip_requirements list bound to a name',
      code: `
        # Databricks notebook source
        # MAGIC %pip install xgboost==2.0.3 shap==0.44.0

        # COMMAND ----------

        import mlflow
        import xgboost as xgb
        import shap

        requirements = [
            "pandas==2.1.4",
        ]

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(model_input), shap.TreeExplainer(self.model)

        # COMMAND ----------

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=requirements)
      `,
      output: `
        # Databricks notebook source
        # MAGIC %pip install xgboost==2.0.3 shap==0.44.0

        # COMMAND ----------

        import mlflow
        import xgboost as xgb
        import shap

        requirements = [
            "pandas==2.1.4",
            "xgboost==2.0.3",
            "shap==0.44.0",
        ]

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(model_input), shap.TreeExplainer(self.model)

        # COMMAND ----------

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=requirements)
      `,
    },
    {
      name: 'extends the pip list of a literal conda_env',
      code: `
        import mlflow
        import lightgbm

        class SalesModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return lightgbm.Booster(model_file="m.txt").predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=SalesModel(), conda_env={"dependencies": ["python=3.10", {"pip": ["mlflow"]}]})
      `,
      output: `
        import mlflow
        import lightgbm

        class SalesModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return lightgbm.Booster(model_file="m.txt").predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=SalesModel(), conda_env={"dependencies": ["python=3.10", {"pip": ["mlflow", "lightgbm"]}]})
      `,
    },
    {
      name: 'extends the additional_pip_deps of _mlflow_conda_env',
      code: `
        import mlflow
        from mlflow.utils.environment import _mlflow_conda_env
        from sentence_transformers import SentenceTransformer

        class Embedder(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = SentenceTransformer(context.artifacts["model"])

        env = _mlflow_conda_env(additional_pip_deps=["torch"])
        mlflow.pyfunc.log_model("model", python_model=Embedder(), conda_env=env)
      `,
      output: `
        import mlflow
        from mlflow.utils.environment import _mlflow_conda_env
        from sentence_transformers import SentenceTransformer

        class Embedder(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = SentenceTransformer(context.artifacts["model"])

        env = _mlflow_conda_env(additional_pip_deps=["torch", "sentence-transformers"])
        mlflow.pyfunc.log_model("model", python_model=Embedder(), conda_env=env)
      `,
    },
    {
      name: 'extends an inline list with a trailing comma',
      code: `
        import mlflow
        import torch
        import cv2

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), pip_requirements=["torch",])
      `,
      output: `
        import mlflow
        import torch
        import cv2

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), pip_requirements=["torch", "opencv-python",])
      `,
    },
    {
      name: 'fills in extra_pip_requirements=None',
      code: `
        import mlflow

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import xgboost
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=None)
      `,
      output: `
        import mlflow

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                import xgboost
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=["xgboost"])
      `,
    },
  ],
});
