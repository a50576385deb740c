import { mlt107RandomSplitWithoutSeed } from '../../rules/mlt107-random-split-without-seed';
import { describeRule } from '../support/ruleTester';

// Each table sample tracks its runs (mlflow.autolog()), kept on the import's line so that the lines below stay where they are.
const SPARK = `import mlflow; mlflow.autolog()
from pyspark.ml.classification import LogisticRegression
df = spark.table("main.ml.churn")
`;
const SKLEARN = `import mlflow; mlflow.autolog()
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
`;

// A helper that samples a DataFrame to look at it (its randomSplit on line 5).
const EDA_SAMPLE = `import mlflow
from pyspark.ml.regression import LinearRegression
mlflow.autolog()
def eda_sample(df, frac):
    sample, _ = df.randomSplit([frac, 1 - frac])
    return sample
`;

describeRule(mlt107RandomSplitWithoutSeed, {
  flagged: [
    {
      name: "randomSplit of a feature store training set's load_df(), a Spark DataFrame",
      code: `
        # Databricks notebook source
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from pyspark.ml.classification import LogisticRegression
        fe = FeatureEngineeringClient()
        training_set = fe.create_training_set(df=spark.table("ml.labels"), feature_lookups=[FeatureLookup(table_name="ml.f", lookup_key="id")], label="y")
        train, val = training_set.load_df().randomSplit([0.8, 0.2])
        model = LogisticRegression().fit(train)
      `,
      findings: [{ line: 7, column: 37, message: 'randomSplit without a seed draws a new random seed at each call' }],
    },
    {
      name: 'seeding that does not fix the split: np.random.seed() and random.seed() with no seed (they reseed from the OS), an estimator\'s setSeed',
      code: `# Databricks notebook source
import random
import mlflow
import numpy as np
from pyspark.ml.classification import RandomForestClassifier
from sklearn.model_selection import train_test_split
np.random.seed()
random.seed(None)
rf = RandomForestClassifier(labelCol="churned")
rf.setSeed(42)
train, test = spark.read.table("ml.churn.features").randomSplit([0.8, 0.2])
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    rf.fit(train)
    model.fit(X_train, y_train)
`,
      findings: [
        { line: 11, column: 53, message: 'randomSplit without a seed' },
        { line: 12, column: 36, message: 'train_test_split without random_state' },
      ],
    },
    {
      name: 'an unseeded split that gives the input example and is also scored or trained on: it feeds the model or its metrics',
      code: `import mlflow
from sklearn.model_selection import train_test_split
train, holdout = spark.table("ml.s.houses").randomSplit([0.9, 0.1])
model = pipeline.fit(train)
mlflow.spark.log_model(model, "m", input_example=holdout.limit(5).toPandas())
_, X_example = train_test_split(X, test_size=0.01)
example = X_example[:5]
print(sk_model.score(example, y[:5]))
mlflow.sklearn.log_model(sk_model, "m", input_example=example)
`,
      findings: [
        { line: 3, column: 45, message: 'randomSplit without a seed' },
        { line: 6, column: 16, message: 'train_test_split without random_state' },
      ],
    },
    {
      name: 'an unseeded split whose example rows are also scored outside the signature: it measures the model',
      code: `# Databricks notebook source
import mlflow
from mlflow.models.signature import infer_signature
train, test = df.randomSplit([0.8, 0.2], seed=3)
model = pipeline.fit(train)
_, sample_df = df.randomSplit([0.8, 0.2])
input_example = sample_df.toPandas()[:5]
print(accuracy_score(labels, model.predict(input_example)))
mlflow.sklearn.log_model(model, "m", input_example=input_example, signature=infer_signature(input_example))
`,
      findings: [{ line: 6, column: 19, message: 'randomSplit without a seed' }],
    },
    {
      name: 'an unseeded split passed as input_example= to a function of the file that trains on it: only log_model\'s input example is an example',
      code: `import mlflow
from sklearn.model_selection import train_test_split
def fit_and_log(input_example, label):
    model = RandomForestClassifier(random_state=0).fit(input_example.drop(columns=[label]), input_example[label])
    mlflow.sklearn.log_model(model, "model")
pdf = spark.table("ml.churn.features").toPandas()
_, subsample = train_test_split(pdf, test_size=0.2)
fit_and_log(input_example=subsample.copy(), label="churned")
`,
      findings: [{ line: 7, column: 16, message: 'train_test_split without random_state' }],
    },
    {
      name: 'seeding calls with no argument that fix no seed of the split: torch.cuda.seed_all(), a helper of the file whose seed defaults to None, a method that only stores a value, a helper that only sets an environment variable, logs and builds its own generator',
      code: `import mlflow
import os
import numpy as np
import torch
from sklearn.model_selection import train_test_split
def set_seed(seed=None):
    torch.manual_seed(seed if seed is not None else torch.seed())
class Config:
    def set_seeds(self, value=None):
        self.seed = value
torch.cuda.seed_all()
set_seed()
cfg = Config()
cfg.set_seeds()
def seed_all(seed=42):
    os.environ["PYTHONHASHSEED"] = str(seed)
    log.info("seed %s", seed)
    mlflow.log_param("seed", seed)
    return np.random.default_rng(seed)
seed_all()
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    model.fit(X_train, y_train)
`,
      findings: [{ line: 21, column: 36, message: 'train_test_split without random_state' }],
    },
    {
      name: 'a helper that reads or logs the seed does not seed (get_seed(), log_seed(seed))',
      code: `import mlflow
from sklearn.model_selection import train_test_split
seed = get_seed()
log_seed(seed)
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    model.fit(X_train, y_train)
`,
      findings: [{ line: 5, column: 36, message: 'train_test_split without random_state' }],
    },
    {
      name: "a helper's sample described, and the description kept (it may feed the training)",
      code: `${EDA_SAMPLE}
stats = eda_sample(df, 0.1).describe().toPandas()
model = LinearRegression().fit(scale(df, stats))
`,
      findings: [{ line: 5, column: 20, message: 'randomSplit without a seed draws a new random seed at each call' }],
    },
    {
      name: "a helper's sample looked at in one call and trained on in another",
      code: `${EDA_SAMPLE}
display(eda_sample(df, 0.05))
model = LinearRegression().fit(eda_sample(df, 0.5))
`,
      findings: [{ line: 5, column: 20, message: 'randomSplit without a seed draws a new random seed at each call' }],
    },
    {
      name: 'an aliased import of Python\'s random.seed does not seed NumPy\'s generator',
      code: `
        import mlflow
        from random import seed as py_seed
        from sklearn.model_selection import train_test_split
        py_seed(0)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        mlflow.log_metric("accuracy", RandomForestClassifier().fit(X_train, y_train).score(X_test, y_test))
      `,
      findings: [{ line: 5, column: 36, message: 'train_test_split without random_state shuffles the rows differently at each call' }],
    },
    {
      name: 'train_test_split imported under another name',
      code: `
        import mlflow
        from sklearn.model_selection import train_test_split as tts
        X_train, X_val, y_train, y_val = tts(X, y, test_size=0.25)
        with mlflow.start_run():
            model.fit(X_train, y_train)
      `,
      findings: [{ line: 3, column: 34, message: 'train_test_split without random_state shuffles the rows differently at each call' }],
    },
    {
      name: 'the spec trap: randomSplit without a seed in a file that trains and logs with MLflow',
      code: `${SPARK}train_df, test_df = df.randomSplit([0.8, 0.2])
model = LogisticRegression().fit(train_df)
`,
      findings: [{ line: 4, column: 24, message: 'randomSplit without a seed draws a new random seed at each call: the train and test rows change each time the code runs, so the trained model (and any metric computed on the held-out rows) differs from one execution to the next', severity: 'information' }],
    },
    {
      name: 'a script that calls a function imported from mlflow (from mlflow import log_metric)',
      code: `
        from mlflow import log_metric
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        model = LogisticRegression().fit(X_train, y_train)
        log_metric("accuracy", model.score(X_test, y_test))
      `,
      findings: [{ line: 4, column: 36, message: 'train_test_split without random_state' }],
    },
    {
      name: 'the spec trap: train_test_split without random_state',
      code: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
LogisticRegression().fit(X_train, y_train)
`,
      findings: [{ line: 4, column: 36, message: 'train_test_split without random_state shuffles the rows differently at each call' }],
    },
    {
      name: 'an explicit None seed, shuffle=True and weights by keyword',
      code: `${SPARK}${SKLEARN.replace('import mlflow; mlflow.autolog()\n', '')}a, b = df.randomSplit(weights=[0.9, 0.1], seed=None)
parts = train_test_split(X, y, shuffle=True, random_state=None)
LogisticRegression().fit(a)
`,
      findings: [
        { line: 6, column: 11, message: 'randomSplit without a seed (seed=None)' },
        { line: 7, column: 9, message: 'train_test_split without random_state (random_state=None)' },
      ],
    },
    {
      name: 'a module-alias import, a receiver of unknown origin in a Databricks notebook, mlflow in another cell',
      code: `# Databricks notebook source
import sklearn.model_selection as ms
train, test = ms.train_test_split(pdf)

# COMMAND ----------

import mlflow
with mlflow.start_run():
    train_df, test_df = load_features().randomSplit([0.8, 0.2])
    model.fit(train_df)
`,
      findings: [
        { line: 3, column: 18, message: 'train_test_split' },
        { line: 9, column: 41, message: 'randomSplit' },
      ],
    },
    {
      name: 'a Databricks notebook that imports mlflow and trains: Databricks Autologging records the runs',
      code: `
        # Databricks notebook source
        import mlflow
        from pyspark.ml.classification import DecisionTreeClassifier
        train, test = data.randomSplit([0.7, 0.3])
        model = DecisionTreeClassifier(labelCol="label").fit(train)
      `,
      findings: [{ line: 4, column: 20 }],
    },
    {
      name: 'a Hugging Face Dataset split without a seed, in a notebook that fine-tunes with MLflow tracking',
      code: `
        import mlflow
        from datasets import Dataset
        from transformers import Trainer
        mlflow.set_experiment("/Shared/llm")
        dataset = Dataset.from_pandas(df).train_test_split(test_size=0.05)
        trainer = Trainer(model=model, train_dataset=dataset["train"], eval_dataset=dataset["test"])
        trainer.train()
      `,
      findings: [{ line: 5, column: 35, message: "Dataset.train_test_split without a seed shuffles the rows with a seed drawn from NumPy's global generator at each call" }],
    },
    {
      name: 'a split of a loaded dataset\'s train split, through a map',
      code: `
        import mlflow
        from datasets import load_dataset
        raw = load_dataset("imdb")
        tokenized = raw["train"].map(tokenize, batched=True)
        splits = tokenized.train_test_split(test_size=0.1, seed=None)
        with mlflow.start_run():
            trainer.train()
      `,
      findings: [{ line: 5, column: 20, message: 'Dataset.train_test_split without a seed (seed=None)' }],
    },
    {
      name: 'a helper returns the unseeded split and the training uses it: the split feeds the model',
      code: `
        import mlflow
        from sklearn.model_selection import train_test_split
        def split(df):
            X_train, X_test, y_train, y_test = train_test_split(df.drop(columns=["y"]), df["y"], test_size=0.2)
            return X_train, y_train
        X_train, y_train = split(df)
        X_train.describe()
        with mlflow.start_run():
            model = LogisticRegression().fit(X_train, y_train)
      `,
      findings: [{ line: 4, column: 40 }],
    },
    {
      name: 'the split, bound in an if over an earlier binding, is returned and trained on (the return reads both)',
      code: `
        import mlflow
        from sklearn.model_selection import train_test_split
        def sampling(df, how):
            train = df
            if how == "stratified":
                train, test = train_test_split(df, stratify=df["y"])
                train.describe()
            return train
        train = sampling(df, "stratified")
        with mlflow.start_run():
            model = LogisticRegression().fit(train.drop(columns=["y"]), train["y"])
      `,
      findings: [{ line: 6, column: 23 }],
    },
    {
      name: 'randomSplit of the Spark DataFrame that Sparkling Water makes from an H2OFrame',
      code: `
        import mlflow
        from pysparkling import H2OContext
        from pyspark.ml import Pipeline
        hc = H2OContext.getOrCreate()
        sdf = hc.asSparkFrame(h2o_frame)
        train_df, test_df = sdf.randomSplit([0.8, 0.2])
        with mlflow.start_run():
            model = Pipeline(stages=stages).fit(train_df)
      `,
      findings: [{ line: 6, column: 25, message: 'randomSplit without a seed draws a new random seed at each call' }],
    },
    {
      name: 'the message says what holds whatever the file records in MLflow: metrics only, a model only saved to a folder, autolog, a Databricks notebook',
      code: `
        import mlflow
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import train_test_split
        X_tr, X_te, y_tr, y_te = train_test_split(X, y)
        clf = LogisticRegression().fit(X_tr, y_tr)
        mlflow.sklearn.save_model(clf, "out/model")
      `,
      findings: [
        {
          line: 4,
          column: 26,
          message:
            'train_test_split without random_state shuffles the rows differently at each call: the train and test rows change each time the code runs, so the trained model (and any metric computed on the held-out rows) differs from one execution to the next and cannot be reproduced — pass random_state=...',
        },
      ],
    },
  ],
  silent: [
    {
      name: "a feature store training set's load_df() split with a seed",
      code: `
        import mlflow
        from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
        from pyspark.ml.classification import LogisticRegression
        fe = FeatureEngineeringClient()
        training_set = fe.create_training_set(df=spark.table("ml.labels"), feature_lookups=[FeatureLookup(table_name="ml.f", lookup_key="id")], label="y")
        train, val = training_set.load_df().randomSplit([0.8, 0.2], seed=7)
        model = LogisticRegression().fit(train)
      `,
    },
    {
      name: 'an unseeded split whose rows, cast, become an input example that is shown and signed (display, infer_signature) before it is logged',
      code: `# Databricks notebook source
import mlflow
from mlflow.models.signature import infer_signature
train, test = df.randomSplit([0.8, 0.2], seed=3)
model = pipeline.fit(train)
_, sample_df = df.randomSplit([0.8, 0.2])
sample_df = sample_df.select([col(c).cast("long") for c in sample_df.columns])
input_example = sample_df.toPandas()[:5]
display(input_example)
with mlflow.start_run():
    mlflow.pyfunc.log_model("m", python_model=Wrapper(), input_example=input_example, signature=infer_signature(input_example, wrapper.predict(None, input_example)))
`,
    },
    {
      name: 'unseeded splits whose only output in use becomes a logged model\'s input example (in place, or through a name), the training split seeded',
      code: `import mlflow
from sklearn.model_selection import train_test_split
df = spark.table("ml.s.houses")
train, test = df.randomSplit([0.8, 0.2], seed=7)
model = pipeline.fit(train)
_, sample = df.randomSplit([0.99, 0.01])
mlflow.spark.log_model(model, "m", input_example=sample.drop("price").limit(5).toPandas())
_, X_example = train_test_split(X, test_size=0.01)
example = X_example.iloc[:5]
mlflow.sklearn.log_model(sk_model, "m", input_example=example)
`,
    },
    {
      name: "a helper's sample looked at where it is called: displayed, described and shown, counted and printed",
      code: `${EDA_SAMPLE}
display(eda_sample(df, 0.05))
eda_sample(df, 0.05).describe().show()
print(eda_sample(df, 0.1).count())
model = LinearRegression().fit(df)
`,
    },
    {
      name: 'NumPy\'s global generator seeded through an aliased import of numpy.random.seed',
      code: `
        import mlflow
        from numpy.random import seed as np_seed
        from sklearn.model_selection import train_test_split
        np_seed(0)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        mlflow.log_metric("accuracy", RandomForestClassifier().fit(X_train, y_train).score(X_test, y_test))
      `,
    },
    {
      name: 'a stratified sample for descriptive statistics: the split is returned by a helper whose result is only described',
      code: `
        import mlflow
        from sklearn.model_selection import train_test_split
        def sampling(df, target, rate):
            _, sample, _, sample_target = train_test_split(df.drop(columns=[target]), df[target], stratify=df[target], test_size=rate)
            sample[target] = sample_target
            return sample
        described = sampling(df_credit, "risk", 0.8)
        described.describe()
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
        with mlflow.start_run():
            model = LogisticRegression().fit(X_train, y_train)
      `,
    },
    {
      name: 'Spark rows split only to be counted and shown',
      code: `
        import mlflow
        first, second = df.randomSplit([0.5, 0.5])
        print(first.count())
        display(second)
        with mlflow.start_run():
            model = LogisticRegression().fit(train_df)
      `,
    },
    {
      name: 'Hugging Face splits with a seed, a generator, shuffle=False, or after np.random.seed',
      code: `
        import mlflow
        import numpy as np
        from datasets import Dataset
        ds = Dataset.from_pandas(df)
        a = ds.train_test_split(test_size=0.1, seed=7)
        b = ds.train_test_split(test_size=0.1, generator=np.random.default_rng(7))
        c = ds.train_test_split(test_size=0.1, shuffle=False)
        with mlflow.start_run():
            trainer.train()
      `,
    },
    {
      name: 'a Hugging Face split after np.random.seed: the split takes its seed from that generator',
      code: `
        import mlflow
        import numpy as np
        from datasets import load_dataset
        np.random.seed(42)
        splits = load_dataset("imdb")["train"].train_test_split(test_size=0.1)
        with mlflow.start_run():
            trainer.train()
      `,
    },
    {
      name: 'Ray Data train_test_split, which does not shuffle unless asked',
      code: `
        import mlflow
        import ray
        ds = ray.data.read_parquet("s3://bucket/data")
        train, test = ds.train_test_split(test_size=0.2)
        with mlflow.start_run():
            model.fit(train.to_pandas())
      `,
    },
    {
      name: 'a seeding helper of the project called first (set_seeds(42) seeds NumPy in its body)',
      code: `import mlflow; mlflow.autolog()
from sklearn.model_selection import train_test_split
from churn.utils import set_seeds
set_seeds(42)
X_train, X_test, y_train, y_test = train_test_split(X, y)
model.fit(X_train, y_train)
`,
    },
    {
      name: 'a seeding helper of the project called with its default seed (utils.set_seeds())',
      code: `import mlflow
from sklearn.model_selection import train_test_split
from churn import utils
utils.set_seeds()
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    model.fit(X_train, y_train)
`,
    },
    {
      name: 'seeding helpers of the file called with no argument: a seed that defaults to a number, or none to pass',
      code: `import mlflow
import numpy as np
from sklearn.model_selection import train_test_split
def set_seeds(seed: int = 42):
    np.random.seed(seed)
def seed_all():
    np.random.seed(7)
set_seeds()
seed_all()
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    model.fit(X_train, y_train)
`,
    },
    // Seeding helpers of the file that seed through the project, each on its own: a default the
    // rule cannot read, or a fallback to a fixed seed.
    ...[
      ['a None default with a fixed fallback', 'set_seed(seed=None):\n    seed_libraries(42 if seed is None else seed)', 'set_seed'],
      ['**kwargs with a default seed', 'set_seeds(**overrides):\n    seed_libraries(overrides.get("seed", 42))', 'set_seeds'],
      ['a flag before the seed', 'seed_all(deterministic=True, seed=42):\n    seed_libraries(seed)', 'seed_all'],
      ['a keyword-only seed from the environment', 'fix_seeds(*, seed=int(os.getenv("TRAIN_SEED", "42"))):\n    seed_libraries(seed)', 'fix_seeds'],
      ['an imported constant', 'set_global_seed(seed=GLOBAL_SEED):\n    seed_libraries(seed)', 'set_global_seed'],
      ['seeding functions called through a loop', 'set_seed(seed=42):\n    for fn in (random.seed, np.random.seed):\n        fn(seed)', 'set_seed'],
      ['a None default with a fixed fallback and a timer', 'set_seeds(seed=None):\n    started = time.time()\n    seed_libraries(42 if seed is None else seed)\n    print(time.time() - started)', 'set_seeds'],
      ['a profiling timer in a conditional', 'set_seeds(seed=None):\n    started = time.time() if PROFILE else 0.0\n    seed_libraries(42 if seed is None else seed)', 'set_seeds'],
    ].map(([what, definition, name]) => ({
      name: `a seeding helper of the file called with no argument: ${what}`,
      code: `import mlflow
import os
import random
import time
import numpy as np
from sklearn.model_selection import train_test_split
from project.repro import seed_libraries, GLOBAL_SEED
def ${definition}
${name}()
X_train, X_test, y_train, y_test = train_test_split(X, y)
with mlflow.start_run():
    model.fit(X_train, y_train)
`,
    })),
    {
      name: 'a script that imports mlflow but never calls it: no run records the split',
      code: `
        import mlflow
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        model = LogisticRegression().fit(X_train, y_train)
      `,
    },
    {
      name: 'a script whose only mlflow name is shadowed by its own function before the call: no run',
      code: `
        from mlflow import log_metric
        from sklearn.model_selection import train_test_split
        from sklearn.linear_model import LogisticRegression
        def log_metric(name, value):
            print(name, value)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        model = LogisticRegression().fit(X_train, y_train)
        log_metric("accuracy", model.score(X_test, y_test))
      `,
    },
    {
      name: 'a seed as a literal, positionally and by keyword',
      code: `${SPARK}a, b = df.randomSplit([0.8, 0.2], 42)
c, d = df.randomSplit([0.8, 0.2], seed=7)
LogisticRegression().fit(a)
`,
    },
    {
      name: 'a seed through a name; random_state through a name',
      code: `${SPARK}${SKLEARN.replace('import mlflow; mlflow.autolog()\n', '')}SEED = 42
a, b = df.randomSplit([0.8, 0.2], seed=SEED)
parts = train_test_split(X, y, random_state=SEED)
LogisticRegression().fit(a)
`,
    },
    {
      name: 'shuffle=False takes the rows in order',
      code: `${SKLEARN}X_train, X_test = train_test_split(X, shuffle=False)
LogisticRegression().fit(X_train, y)
`,
    },
    {
      name: 'shuffle given through a name of unknown value',
      code: `${SKLEARN}X_train, X_test = train_test_split(X, shuffle=do_shuffle)
LogisticRegression().fit(X_train, y)
`,
    },
    {
      name: 'a file that does not use MLflow',
      code: `from pyspark.ml.classification import LogisticRegression
df = spark.table("main.ml.churn")
train_df, test_df = df.randomSplit([0.8, 0.2])
LogisticRegression().fit(train_df)
`,
    },
    {
      name: 'a file that trains nothing: an A/B split of the rows two registered models score',
      code: `import mlflow
df = spark.table("main.ml.requests")
a_df, b_df = df.randomSplit([0.8, 0.2])
champion = mlflow.pyfunc.spark_udf(spark, "models:/churn@champion")
`,
    },
    {
      name: 'test code',
      fileName: 'tests/test_split.py',
      code: `${SKLEARN}def test_split():
    X_train, X_test = train_test_split(X)
    LogisticRegression().fit(X_train, y)
`,
    },
    {
      name: 'global generators seeded first (random.seed for randomSplit, np.random.seed for train_test_split)',
      code: `${SPARK}${SKLEARN.replace('import mlflow; mlflow.autolog()\n', '')}import random
import numpy as np
random.seed(42)
np.random.seed(42)
a, b = df.randomSplit([0.8, 0.2])
parts = train_test_split(X, y)
LogisticRegression().fit(a)
`,
    },
    {
      name: 'a randomSplit of a class of the file, and a local train_test_split',
      code: `import mlflow
class Splitter:
    def randomSplit(self, weights):
        return weights
    def run(self):
        return self.randomSplit([0.5, 0.5])
def train_test_split(rows):
    return rows[:10], rows[10:]
s = Splitter()
s.randomSplit([0.8, 0.2])
train, test = train_test_split(rows)
model.fit(train)
`,
    },
    {
      name: 'keyword splat may carry the seed',
      code: `${SPARK}${SKLEARN.replace('import mlflow; mlflow.autolog()\n', '')}a, b = df.randomSplit([0.8, 0.2], **split_args)
parts = train_test_split(X, y, **split_args)
LogisticRegression().fit(a)
`,
    },
  ],
  fixes: [
    {
      name: 'adds seed=42 to a Hugging Face Dataset split',
      code: `import mlflow
from datasets import Dataset
dataset = Dataset.from_pandas(df).train_test_split(test_size=0.05)
with mlflow.start_run():
    trainer.train()
`,
      output: `import mlflow
from datasets import Dataset
dataset = Dataset.from_pandas(df).train_test_split(test_size=0.05, seed=42)
with mlflow.start_run():
    trainer.train()
`,
      fixTitle: 'Add seed=42',
      safety: 'unsafe',
    },
    {
      name: 'adds seed=42 after the weights',
      code: `${SPARK}train_df, test_df = df.randomSplit([0.8, 0.2])
LogisticRegression().fit(train_df)
`,
      output: `${SPARK}train_df, test_df = df.randomSplit([0.8, 0.2], seed=42)
LogisticRegression().fit(train_df)
`,
      fixTitle: 'Add seed=42',
      safety: 'unsafe',
    },
    {
      name: 'adds random_state=42 after a trailing comma, keeping it',
      code: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2,)
LogisticRegression().fit(X_train, y_train)
`,
      output: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42,)
LogisticRegression().fit(X_train, y_train)
`,
      fixTitle: 'Add random_state=42',
      safety: 'unsafe',
    },
    {
      name: 'one argument per line: a new line with the same indentation',
      code: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.2,
)
LogisticRegression().fit(X_train, y_train)
`,
      output: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.2,
    random_state=42,
)
LogisticRegression().fit(X_train, y_train)
`,
      safety: 'unsafe',
    },
    {
      name: 'one argument per line: a comment after the last argument stays with it',
      code: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.2  # 20 % held out
)
LogisticRegression().fit(X_train, y_train)
`,
      output: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.2,  # 20 % held out
    random_state=42
)
LogisticRegression().fit(X_train, y_train)
`,
      safety: 'unsafe',
    },
    {
      name: 'one argument per line: a comment after the last argument and its trailing comma stays with it',
      code: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.3,  # 30 %
)
LogisticRegression().fit(X_train, y_train)
`,
      output: `${SKLEARN}X_train, X_test, y_train, y_test = train_test_split(
    X,
    y,
    test_size=0.3,  # 30 %
    random_state=42,
)
LogisticRegression().fit(X_train, y_train)
`,
      safety: 'unsafe',
    },
    {
      name: 'replaces an explicit seed=None',
      code: `${SPARK}a, b = df.randomSplit([0.8, 0.2], seed=None)
LogisticRegression().fit(a)
`,
      output: `${SPARK}a, b = df.randomSplit([0.8, 0.2], seed=42)
LogisticRegression().fit(a)
`,
      fixTitle: 'Set seed=42',
      safety: 'unsafe',
    },
  ],
});
