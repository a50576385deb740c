import * as assert from 'node:assert/strict';
import { mlt303PyfuncLocalFile } from '../../rules/mlt303-pyfunc-local-file';
import { dedent, testLinter } from '../support/linter';
import { describeRule } from '../support/ruleTester';

describeRule(mlt303PyfuncLocalFile, {
  flagged: [
    {
      name: 'files extracted from an archive on workspace storage are not there where the model serves',
      code: `
        import zipfile
        import joblib
        import mlflow.pyfunc
        class M(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                zipfile.ZipFile("/dbfs/models/b.zip").extractall("/tmp/b")
                self.m = joblib.load("/tmp/b/m.joblib")
      `,
      findings: [{ line: 7, column: 18, message: 'reads the local file "/tmp/b/m.joblib"' }],
    },
    {
      name: 'downloads that name the remote file, not the local place: hf_hub_download(filename=...), download_artifacts without dst_path (a new temporary folder)',
      code: `
        import joblib
        import mlflow
        from huggingface_hub import hf_hub_download
        class M(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                hf_hub_download(repo_id="org/tok", filename="vocab.json", cache_dir="/tmp/hf")
                self.vocab = open("vocab.json").read()
                mlflow.artifacts.download_artifacts(run_id="abc", artifact_path="enc.joblib")
                self.enc = joblib.load("enc.joblib")
      `,
      findings: [
        { line: 7, column: 22, message: 'reads the local file "vocab.json"' },
        { line: 9, column: 20, message: 'reads the local file "enc.joblib"' },
      ],
    },
    {
      name: 'a copy does not put a file there when its source is workspace storage (absent where the model serves), nor is its source put anywhere',
      code: `
        import shutil
        import joblib
        import mlflow
        import pandas as pd
        class M(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                shutil.copy("/dbfs/FileStore/churn/encoder.pkl", "/tmp/encoder.pkl")
                self.enc = joblib.load("/tmp/encoder.pkl")
                shutil.copyfile("/Volumes/ml/prices/lookup.csv", "/tmp/bak.csv")
                self.lookup = pd.read_csv("/Volumes/ml/prices/lookup.csv")
      `,
      findings: [
        { line: 8, column: 20, message: 'reads the local file "/tmp/encoder.pkl" in load_context()' },
        { line: 10, column: 23, message: 'reads "/Volumes/ml/prices/lookup.csv" from workspace storage' },
      ],
    },
    {
      name: 'a folder named artifacts in a path is no context.artifacts: a relative path, and one on workspace storage',
      code: `
        import joblib
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.encoder = joblib.load("artifacts/encoder.pkl")
                self.coefs = pd.read_parquet("/dbfs/FileStore/pricing/artifacts/coefs.parquet")
                self.vocab = joblib.load(context.artifacts["vocab"])
      `,
      findings: [
        { line: 6, column: 24, message: 'PythonModel Model reads the local file "artifacts/encoder.pkl" in load_context()' },
        { line: 7, column: 22, message: 'reads "/dbfs/FileStore/pricing/artifacts/coefs.parquet" from workspace storage' },
      ],
    },
    {
      name: 'a file read before the method writes it, or one the method only checks for or writes elsewhere',
      code: `
        import os
        import joblib
        import mlflow
        class Late(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.enc = joblib.load("/tmp/enc/enc.pkl")
                mlflow.artifacts.download_artifacts(artifact_uri="runs:/abc/enc", dst_path="/tmp/enc")
        class Checked(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                if os.path.exists("/dbfs/models/enc.pkl"):
                    self.enc = joblib.load("/dbfs/models/enc.pkl")
                joblib.dump(self.enc, "/tmp/other.pkl")
                self.lookup = joblib.load("/tmp/lookup.pkl")
      `,
      findings: [
        { line: 6, column: 20, message: 'PythonModel Late reads the local file "/tmp/enc/enc.pkl" in load_context()' },
        { line: 11, column: 24, message: 'PythonModel Checked reads "/dbfs/models/enc.pkl" from workspace storage in load_context()' },
        { line: 13, column: 23, message: 'PythonModel Checked reads the local file "/tmp/lookup.pkl" in load_context()' },
      ],
    },
    {
      name: 'a helper method that predict reaches through self',
      code: `
        import mlflow
        import pandas as pd
        class ChurnModel(mlflow.pyfunc.PythonModel):
            def _lookup(self):
                return pd.read_csv("/dbfs/data/plans.csv")
            def predict(self, context, model_input, params=None):
                return model_input.merge(self._lookup(), on="plan")
      `,
      findings: [{ line: 5, column: 16 }],
    },
    {
      name: 'joblib.load of a literal path in load_context',
      code: `
        import joblib
        import mlflow
        class ChurnModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.encoder = joblib.load("/dbfs/tmp/churn/encoder.pkl")
      `,
      findings: [{ line: 5, column: 24, message: 'PythonModel ChurnModel reads "/dbfs/tmp/churn/encoder.pkl" from workspace storage in load_context(): the serving endpoint runs in a container with only what was logged with the model', severity: 'warning' }],
    },
    {
      name: 'pickle.load(open(...)) and json.load(open(...)) with a module-level constant',
      code: `
        import json
        import pickle
        import mlflow
        LOOKUP_PATH = "/tmp/lookup.json"
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.model = pickle.load(open("model.pkl", "rb"))
                with open(LOOKUP_PATH) as f:
                    self.lookup = json.load(f)
      `,
      findings: [{ line: 7, column: 34 }, { line: 8, column: 14, message: '"/tmp/lookup.json"' }],
    },
    {
      name: 'pandas, numpy and torch readers in predict',
      code: `
        import mlflow
        import numpy as np
        import pandas as pd
        import torch
        class Scorer(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                prices = pd.read_csv("data/prices.csv")
                weights = np.load(file="weights.npy")
                net = torch.load("/Workspace/Users/me/net.pt")
                stores = pd.read_parquet(path="/dbfs/stores.parquet")
                return model_input
      `,
      findings: [{ line: 7, column: 18 }, { line: 8, column: 19 }, { line: 9, column: 15 }, { line: 10, column: 18 }],
    },
    {
      name: 'spark.read in a subclass of a PythonModel subclass',
      code: `
        import mlflow
        from mlflow.pyfunc import PythonModel
        class Base(PythonModel):
            pass
        class Model(Base):
            def load_context(self, context):
                self.stores = spark.read.format("delta").load("/mnt/ref/stores").toPandas()
                self.prices = spark.read.parquet("/dbfs/prices")
      `,
      findings: [{ line: 7, column: 23 }, { line: 8, column: 23 }],
    },
    {
      name: 'a Booster model_file, a load_model path, Path(...).read_text()',
      code: `
        import mlflow
        import xgboost as xgb
        from pathlib import Path
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.booster = xgb.Booster(model_file="booster.json")
                self.clf = xgb.XGBClassifier()
                self.clf.load_model("/tmp/clf.json")
                self.labels = Path("/dbfs/labels.txt").read_text().splitlines()
      `,
      findings: [{ line: 6, column: 24 }, { line: 8, column: 9 }, { line: 9, column: 23 }],
    },
    {
      name: 'os.path.join of literals, a file: URI, and a helper def inside the method',
      code: `
        import os
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                def read(name):
                    return pd.read_csv(os.path.join("/dbfs/ref", "holidays.csv"))
                self.holidays = read("holidays")
                self.rates = pd.read_json("file:///tmp/rates.json")
      `,
      findings: [{ line: 7, column: 20, message: '"/dbfs/ref/holidays.csv"' }, { line: 9, column: 22 }],
    },
    {
      name: 'paths built on workspace storage: an f-string on /dbfs/, a dbfs:/ URI, os.path.join on /Volumes/, + on /Workspace/',
      code: `
        import os
        import joblib
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.encoder = joblib.load(f"/dbfs/models/{MODEL_NAME}/encoder.pkl")
                self.stores = spark.read.parquet("dbfs:/ref/stores")
                self.rates = pd.read_csv(os.path.join("/Volumes/ml/ref/files", FILE_NAME))
                self.config = open("/Workspace/Shared/config/" + ENV + ".yaml").read()
      `,
      findings: [
        { line: 7, column: 24, message: 'reads "/dbfs/models/.../encoder.pkl" from workspace storage in load_context()' },
        { line: 8, column: 23, message: '"dbfs:/ref/stores"' },
        { line: 9, column: 22, message: '"/Volumes/ml/ref/files/..."' },
        { line: 10, column: 23, message: '"/Workspace/Shared/config/....yaml"' },
      ],
    },
    {
      name: 'a path that __init__ stores on the instance, read when the model loads',
      code: `
        import fasttext
        import mlflow
        class TextModel(mlflow.pyfunc.PythonModel):
            def __init__(self, run_id):
                self.model_file = f"/dbfs/fasttext/{run_id}.bin"
            def load_context(self, context):
                self.model = fasttext.load_model(self.model_file)
      `,
      findings: [{ line: 7, column: 22, message: '"/dbfs/fasttext/....bin" from workspace storage in load_context()' }],
    },
    {
      name: 'a path the file passes to the constructor, stored as it is or as the start of a path',
      code: `
        import joblib
        import mlflow
        class Wrapper(mlflow.pyfunc.PythonModel):
            def __init__(self, model_path, run_id, vocab_dir="/dbfs/FileStore/vocab"):
                self.model_path = model_path
                self.weights = "{}/{}.bin".format(model_path, run_id)
                self.vocab = f"{vocab_dir}/words.txt"
            def load_context(self, context):
                self.model = joblib.load(self.model_path)
                self.weights_blob = open(self.weights, "rb").read()
                self.words = open(self.vocab).read().split()
        mlflow.pyfunc.log_model(artifact_path="model", python_model=Wrapper("/dbfs/models/churn.pkl", run_id))
      `,
      findings: [
        { line: 9, column: 22, message: 'reads "/dbfs/models/churn.pkl" from workspace storage in load_context()' },
        { line: 10, column: 29, message: '"/dbfs/models/churn.pkl/....bin"' },
        { line: 11, column: 22, message: '"/dbfs/FileStore/vocab/words.txt"' },
      ],
    },
    {
      name: 'a constructor path given by keyword, in each of two constructions',
      code: `
        import pandas as pd
        import mlflow
        class Lookup(mlflow.pyfunc.PythonModel):
            def __init__(self, table_path):
                self.table_path = table_path
            def predict(self, context, model_input):
                return model_input.merge(pd.read_parquet(self.table_path))
        a = Lookup(table_path="/Volumes/main/ml/ref/a.parquet")
        b = Lookup("/Volumes/main/ml/ref/b.parquet")
      `,
      findings: [{ line: 7, column: 34, message: '"/Volumes/main/ml/ref/a.parquet"' }],
    },
  ],
  silent: [
    {
      name: 'files put there by writers and downloads whose path is another argument, and by a copy or an unpacking of what the method put there itself',
      code: `
        import shutil
        import tarfile
        import joblib
        import mlflow
        import numpy as np
        import pandas as pd
        import torch
        from mlflow import MlflowClient
        class M(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                MlflowClient().download_artifacts("abc123", "encoder", "/tmp/enc")
                self.encoder = joblib.load("/tmp/enc/encoder/encoder.pkl")
                pd.to_pickle(pd.read_csv(context.artifacts["lookup"]), "/tmp/lookup.pkl")
                self.lookup = pd.read_pickle("/tmp/lookup.pkl")
                torch.save(torch.load(context.artifacts["ckpt"])["model_state"], "/tmp/w.pt")
                self.state = torch.load("/tmp/w.pt")
                np.save(file="/tmp/v.npy", arr=np.loadtxt(context.artifacts["vectors"]))
                self.vectors = np.load("/tmp/v.npy")
                tarfile.open(context.artifacts["bundle"]).extractall("/tmp/stage")
                shutil.copy("/tmp/stage/model.joblib", "/tmp/active/model.joblib")
                self.model = joblib.load("/tmp/active/model.joblib")
                shutil.unpack_archive(context.artifacts["archive"], "/tmp/bundle")
                self.other = joblib.load("/tmp/bundle/model.joblib")
      `,
    },
    {
      name: 'a file the method puts there itself before reading it: a scratch file it writes, a download into a folder at load time',
      code: `
        import joblib
        import mlflow
        import torch
        from huggingface_hub import hf_hub_download
        class Scratch(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                model_input.to_csv("/tmp/scratch.csv")
                with open("/tmp/scratch.csv") as fh:
                    return [len(fh.readlines())]
        class Downloaded(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                mlflow.artifacts.download_artifacts(artifact_uri="runs:/abc/enc", dst_path="/tmp/enc")
                self.enc = joblib.load("/tmp/enc/enc.pkl")
                hf_hub_download(repo_id="org/tiny", filename="weights.pt", local_dir="/tmp/hub")
                self.net = torch.load("/tmp/hub/weights.pt")
                with open("/tmp/notes.txt", "w") as out:
                    out.write("ready")
                self.notes = open("/tmp/notes.txt").read()
      `,
    },
    {
      name: 'constructor paths that are not all local, a class never built in the file, arguments from a dict',
      code: `
        import joblib
        import mlflow
        class Wrapper(mlflow.pyfunc.PythonModel):
            def __init__(self, model_path):
                self.model_path = model_path
            def load_context(self, context):
                self.model = joblib.load(self.model_path)
        local = Wrapper("/dbfs/models/churn.pkl")
        remote = Wrapper("s3://bucket/models/churn.pkl")
        class Unbuilt(mlflow.pyfunc.PythonModel):
            def __init__(self, path):
                self.path = path
            def predict(self, context, model_input):
                return joblib.load(self.path).predict(model_input)
        class FromKwargs(mlflow.pyfunc.PythonModel):
            def __init__(self, path):
                self.path = path
            def predict(self, context, model_input):
                return joblib.load(self.path).predict(model_input)
        FromKwargs(**settings)
      `,
    },
    {
      name: 'a training-only method that serving never reaches (only the notebook calls fit)',
      code: `
        import mlflow
        import pandas as pd
        class ChurnModel(mlflow.pyfunc.PythonModel):
            def fit(self):
                train = pd.read_csv("/dbfs/data/train.csv")
                self.model = train_model(train)
            def predict(self, context, model_input, params=None):
                return self.model.predict(model_input)
        churn = ChurnModel()
        churn.fit()
        mlflow.pyfunc.log_model(artifact_path="model", python_model=churn)
      `,
    },
    {
      name: 'the path comes from context.artifacts',
      code: `
        import joblib
        import mlflow
        class ChurnModel(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.encoder = joblib.load(context.artifacts["encoder"])
                path = context.artifacts["lookup"]
                with open(path) as f:
                    self.lookup = f.read()
      `,
    },
    {
      name: 'a path joined onto an artifact directory',
      code: `
        import os
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.ref = pd.read_csv(os.path.join(context.artifacts["ref_dir"], "stores.csv"))
      `,
    },
    {
      name: 'reading in __init__ (the data is pickled with the model)',
      code: `
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.lookup = pd.read_csv("/dbfs/lookup.csv")
            def predict(self, context, model_input):
                return model_input.merge(self.lookup)
      `,
    },
    {
      name: 'a model URI from the registry and remote storage',
      code: `
        import mlflow
        import pandas as pd
        class Ensemble(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.base = mlflow.pyfunc.load_model("models:/ml.retail.base@champion")
                self.other = mlflow.sklearn.load_model("runs:/abc123/model")
                self.table = pd.read_parquet("s3://bucket/ref.parquet")
      `,
    },
    {
      name: 'writing a scratch file',
      code: `
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                with open("/tmp/debug.log", "a") as log:
                    log.write(str(model_input))
                return model_input
      `,
    },
    {
      name: 'the same reads in a class that is not a PythonModel',
      code: `
        import mlflow
        import joblib
        class Preprocessor:
            def load(self):
                self.encoder = joblib.load("/dbfs/tmp/encoder.pkl")
      `,
    },
    {
      name: 'reads at module level, outside the class',
      code: `
        import mlflow
        import pandas as pd
        lookup = pd.read_csv("/dbfs/lookup.csv")
        class Model(mlflow.pyfunc.PythonModel):
            def predict(self, context, model_input):
                return model_input
      `,
    },
    {
      name: 'a local open function, an f-string path, a path from an attribute',
      code: `
        import mlflow
        def open(name):
            return name
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.a = open("/tmp/x")
                self.b = pd.read_csv(f"{context.artifacts['dir']}/stores.csv")
                self.c = joblib.load(self.encoder_path)
      `,
    },
    {
      name: 'paths built at run time on an unknown base or remote storage, and instance paths set from the artifacts',
      code: `
        import joblib
        import mlflow
        import pandas as pd
        class Model(mlflow.pyfunc.PythonModel):
            def __init__(self, base):
                self.base = base
            def load_context(self, context):
                self.model_path = context.artifacts["model"]
                self.model = joblib.load(self.model_path)
                self.ref = pd.read_csv(f"{self.base}/ref.csv")
                self.prices = pd.read_parquet(f"s3://bucket/{DATE}/prices.parquet")
                self.extra = pd.read_csv(os.path.join(context.artifacts["dir"], "extra.csv"))
      `,
    },
    {
      name: 'an instance path assigned in two places',
      code: `
        import joblib
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.path = "/dbfs/tmp/model.pkl"
            def load_context(self, context):
                self.path = context.artifacts["model"]
                self.model = joblib.load(self.path)
      `,
    },
    {
      name: 'spark.read.table reads a table, not a path',
      code: `
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.stores = spark.read.table("ml.retail.stores")
      `,
    },
    {
      name: 'a fallback path after context.artifacts.get: the logged artifact is what is read',
      code: `
        import joblib
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def load_context(self, context):
                self.encoder = joblib.load(context.artifacts.get("encoder", "/dbfs/models/encoder.pkl"))
      `,
    },
    {
      name: 'an instance path that __init__ takes from another attribute set from the artifacts later',
      code: `
        import joblib
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.path = self.default_path
            def load_context(self, context):
                self.default_path = context.artifacts["model"]
                self.model = joblib.load(self.path)
      `,
    },
    {
      name: 'an instance path assigned from itself is not followed forever',
      code: `
        import joblib
        import mlflow
        class Model(mlflow.pyfunc.PythonModel):
            def __init__(self):
                self.path = self.path
            def load_context(self, context):
                self.model = joblib.load(self.path)
      `,
    },
  ],
  fixes: [],
});

describe('MLT303 on attributes assigned from each other', () => {
  it('stops following self.a = self.b chains instead of recursing without end', async () => {
    const linter = await testLinter();
    const errors: string[] = [];
    const code = dedent(`
      import joblib
      import mlflow
      class Model(mlflow.pyfunc.PythonModel):
          def __init__(self):
              self.a = self.b
              self.b = self.a
          def load_context(self, context):
              self.model = joblib.load(self.a)
    `);
    linter.lintText('file:///test/notebook.py', code, {
      select: ['MLT303'],
      onRuleError: (rule, error) => errors.push(`${rule.meta.id}: ${String(error)}`),
    });
    assert.deepEqual(errors, []);
  });
});
