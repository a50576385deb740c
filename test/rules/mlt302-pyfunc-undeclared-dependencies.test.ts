import { mlt302PyfuncUndeclaredDependencies } from '../../rules/mlt302-pyfunc-undeclared-dependencies';
import { describeRule } from '../support/ruleTester';

describeRule(mlt302PyfuncUndeclaredDependencies, {
  flagged: [
    {
      name: 'top-level imports used in predict, no requirements at all',
      code: `
        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                features = StandardScaler().fit_transform(model_input)
                return xgb.DMatrix(features)

        mlflow.pyfunc.log_model("model", python_model=ChurnModel())
      `,
      findings: [
        {
          line: 10,
          column: 34,
          message: 'the endpoint will fail at start-up: PythonModel ChurnModel imports sklearn, xgboost but log_model declares neither scikit-learn nor xgboost',
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
      findings: [{ line: 11, column: 48, message: 'imports prophet but log_model does not declare prophet' }],
    },
    {
      name: 'PythonModel and log_model imported from mlflow.pyfunc, name mapping in the message',
      code: `
        from mlflow.pyfunc import PythonModel, log_model
        import yaml

        class ConfiguredModel(PythonModel):
            def load_context(self, context):
                self.config = yaml.safe_load(open(context.artifacts["config"]))

        log_model("model", python_model=ConfiguredModel(), artifacts={"config": "config.yaml"})
      `,
      findings: [{ line: 8, column: 20, message: 'does not declare PyYAML' }],
    },
    {
      name: 'save_model, extra_pip_requirements declaring one of two',
      code: `
        import mlflow
        import torch
        import cv2

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                frames = [cv2.resize(image, (224, 224)) for image in model_input]
                return torch.stack([torch.tensor(frame) for frame in frames])

        mlflow.pyfunc.save_model("/tmp/detector", python_model=Detector(), extra_pip_requirements=["torch==2.1.0"])
      `,
      findings: [{ line: 10, column: 43, message: 'imports cv2 but save_model does not declare opencv-python' }],
    },
    {
      name: 'the import is used by a base class defined in the file',
      code: `
        import mlflow
        import lightgbm

        class BaseModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.booster = lightgbm.Booster(model_file=context.artifacts["model"])

        class SalesModel(BaseModel):
            def predict(self, context, model_input):
                return self.booster.predict(model_input)

        mlflow.pyfunc.log_model("model", python_model=SalesModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 12, column: 34, message: 'PythonModel SalesModel imports lightgbm' }],
    },
    {
      name: 'a module-level helper function that predict calls',
      code: `
        import mlflow
        from bs4 import BeautifulSoup

        def clean(html):
            return BeautifulSoup(html, "html.parser").get_text()

        class TextModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return [clean(text) for text in model_input["html"]]

        mlflow.pyfunc.log_model("model", python_model=TextModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 11, column: 34, message: 'imports bs4 but log_model does not declare beautifulsoup4' }],
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
        mlflow.pyfunc.log_model("model", python_model=trend)
        mlflow.pyfunc.log_model("model2", python_model=TrendModel)
      `,
      findings: [
        { line: 9, column: 34, message: 'imports statsmodels' },
        { line: 10, column: 35, message: 'imports statsmodels' },
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
      findings: [{ line: 9, column: 34, message: 'does not declare catboost' }],
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
            mlflow.pyfunc.log_model("model", python_model=Summarizer())
      `,
      findings: [{ line: 17, column: 38, message: 'imports transformers' }],
    },
    {
      name: 'three missing distributions',
      code: `
        import mlflow
        import numpy as np
        import joblib
        from PIL import Image

        class ImageModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.clf = joblib.load(context.artifacts["clf"])

            def predict(self, context, model_input):
                pixels = [np.asarray(Image.open(path)) for path in model_input["path"]]
                return self.clf.predict(pixels)

        mlflow.pyfunc.log_model("model", python_model=ImageModel(), artifacts={"clf": "clf.joblib"})
      `,
      findings: [{ line: 14, column: 34, message: 'imports joblib, numpy, PIL but log_model declares none of joblib, numpy, Pillow' }],
    },
    {
      name: 'a module-level object that the class uses is pickled with it',
      code: `
        import mlflow
        from sklearn.preprocessing import StandardScaler
        import pandas as pd

        scaler = StandardScaler()

        class ScaledModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return scaler.transform(model_input)

        mlflow.pyfunc.log_model("model", python_model=ScaledModel(), pip_requirements=["pandas"])
      `,
      findings: [{ line: 11, column: 34, message: 'does not declare scikit-learn' }],
    },
    {
      name: 'a lazy importlib.import_module with a literal name',
      code: `
        import importlib
        import mlflow

        class PluginModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.backend = importlib.import_module("onnxruntime")

        mlflow.pyfunc.log_model("model", python_model=PluginModel(), pip_requirements=["numpy"])
      `,
      findings: [{ line: 8, column: 34, message: 'does not declare onnxruntime' }],
    },
  ],
  silent: [
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
                return [Counter(text.split()) for text in model_input["text"]]

        mlflow.pyfunc.log_model("model", python_model=KeywordModel())
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

        mlflow.pyfunc.log_model("model", python_model=EchoModel())
      `,
    },
    {
      name: 'every distribution declared by pip_requirements',
      code: `
        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(StandardScaler().fit_transform(model_input))

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=["xgboost==2.0.3", "scikit-learn==1.3.2"])
      `,
    },
    {
      name: 'every distribution declared by extra_pip_requirements, sklearn as "scikit-learn>=1.0"',
      code: `
        import mlflow
        import sklearn
        import yaml

        class ConfiguredModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return sklearn.__version__, yaml.safe_dump({})

        mlflow.pyfunc.log_model("model", python_model=ConfiguredModel(), extra_pip_requirements=["scikit-learn>=1.0", "pyyaml"])
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
      name: 'a class that is not a PythonModel',
      code: `
        import mlflow
        import xgboost

        class Helper:
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Helper())
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

        mlflow.pyfunc.log_model("model", python_model=Booster())
      `,
    },
    {
      name: 'a class not defined in the file',
      code: `
        import mlflow
        import xgboost
        from my_package.models import ChurnModel

        mlflow.pyfunc.log_model("model", python_model=ChurnModel())
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

        mlflow.sklearn.log_model(Booster(), "model")
        mlflow.xgboost.log_model(python_model=Booster(), artifact_path="model")
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

        def log_model(name, python_model):
            print(name, python_model)

        log_model("model", python_model=Booster())
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
      name: 'requirements from a file',
      code: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Booster(), pip_requirements="requirements.txt")
        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=["-r requirements.txt"])
        mlflow.pyfunc.log_model("model", python_model=Booster(), conda_env="conda.yaml")
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

        mlflow.pyfunc.log_model("model", python_model=Echo())
      `,
    },
    {
      name: 'an optional import guarded by ImportError',
      code: `
        import mlflow

        class FastModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                try:
                    import ujson as json
                except ImportError:
                    import json
                self.json = json

        mlflow.pyfunc.log_model("model", python_model=FastModel())
      `,
    },
    {
      name: 'relative imports and modules shipped through code_paths',
      code: `
        import mlflow
        from features import build_features
        from .scoring import score

        class LocalModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return score(build_features(model_input))

        mlflow.pyfunc.log_model("model", python_model=LocalModel(), code_paths=["src/features.py"])
      `,
    },
    {
      name: 'numpy comes with a declared pandas; scipy with scikit-learn',
      code: `
        import mlflow
        import numpy as np
        import pandas as pd
        import scipy.sparse

        class SparseModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return pd.DataFrame(np.asarray(scipy.sparse.csr_matrix(model_input).todense()))

        mlflow.pyfunc.log_model("model", python_model=SparseModel(), pip_requirements=["pandas", "scikit-learn"])
      `,
    },
    {
      name: 'the pattern inside a string and a comment',
      code: `
        import mlflow
        import xgboost

        # mlflow.pyfunc.log_model("model", python_model=Booster())
        snippet = 'mlflow.pyfunc.log_model("model", python_model=Booster())'
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

        mlflow.pyfunc.log_model("model", python_model="model_code.py")
      `,
    },
  ],
  fixes: [
    {
      name: 'adds extra_pip_requirements to a call without requirements',
      code: `
        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(StandardScaler().fit_transform(model_input))

        mlflow.pyfunc.log_model("model", python_model=ChurnModel())
      `,
      output: `
        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(StandardScaler().fit_transform(model_input))

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), extra_pip_requirements=["xgboost", "scikit-learn"])
      `,
    },
    {
      name: 'adds the keyword on its own line in a multi-line call',
      code: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model(
            artifact_path="model",
            python_model=Booster(),
        )
      `,
      output: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
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
        import cv2

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), extra_pip_requirements=['torch==2.1.0'])
      `,
      output: `
        import mlflow
        import torch
        import cv2

        class Detector(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return torch.tensor(cv2.imread(model_input))

        mlflow.pyfunc.log_model("model", python_model=Detector(), extra_pip_requirements=['torch==2.1.0', 'opencv-python'])
      `,
    },
    {
      name: 'pins to the notebook %pip install line and extends a one-per-line pip_requirements list bound to a name',
      code: `
        # Databricks notebook source
        # MAGIC %pip install xgboost==2.0.3 scikit-learn==1.3.2

        # COMMAND ----------

        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        requirements = [
            "pandas==2.1.4",
        ]

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(StandardScaler().fit_transform(model_input))

        # COMMAND ----------

        mlflow.pyfunc.log_model("model", python_model=ChurnModel(), pip_requirements=requirements)
      `,
      output: `
        # Databricks notebook source
        # MAGIC %pip install xgboost==2.0.3 scikit-learn==1.3.2

        # COMMAND ----------

        import mlflow
        import xgboost as xgb
        from sklearn.preprocessing import StandardScaler

        requirements = [
            "pandas==2.1.4",
            "xgboost==2.0.3",
            "scikit-learn==1.3.2",
        ]

        class ChurnModel(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgb.DMatrix(StandardScaler().fit_transform(model_input))

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
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=None)
      `,
      output: `
        import mlflow
        import xgboost

        class Booster(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return xgboost.DMatrix(model_input)

        mlflow.pyfunc.log_model("model", python_model=Booster(), extra_pip_requirements=["xgboost"])
      `,
    },
  ],
});
