import { mlt103RawStringIntoAssembler } from '../../rules/mlt103-raw-string-into-assembler';
import { describeRule } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
lr = LogisticRegression(labelCol="churned")
`;

describeRule(mlt103RawStringIntoAssembler, {
  flagged: [
    {
      name: 'the raw column next to its indexer and encoder',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=["tenure", "plan"], outputCol="features")
pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      findings: [{ line: 8, column: 50, message: 'VectorAssembler is fed "plan", the raw column a StringIndexer in this pipeline indexes: VectorAssembler takes numeric, boolean and vector columns only, so on a string column the pipeline fails at fit(); assemble the one-hot encoded "plan_vec" instead' }],
    },
    {
      name: 'a multi-column indexer and no encoder (trees take the index)',
      code: `${HEADER}
from pyspark.ml.classification import GBTClassifier
indexer = StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"])
assembler = VectorAssembler(inputCols=["tenure", "region"], outputCol="features")
Pipeline(stages=[indexer, assembler, GBTClassifier(labelCol="churned")])
`,
      findings: [{ line: 8, column: 50, message: 'assemble the StringIndexer\'s output "region_idx" instead' }],
    },
    {
      name: 'two raw columns of multi-column stages, inline in the stages list',
      code: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    VectorAssembler(inputCols=["plan", "tenure", "region"], outputCol="features"),
    lr,
])
`,
      findings: [
        { line: 9, column: 32, message: '"plan_vec"' },
        { line: 9, column: 50, message: '"region_vec"' },
      ],
    },
    {
      name: 'a literal added to a shared list of numeric columns',
      code: `${HEADER}
numeric_cols = ["tenure", "monthly_charges"]
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
assembler = VectorAssembler(inputCols=numeric_cols + ["plan"], outputCol="features")
Pipeline(stages=[indexer, assembler, lr])
`,
      findings: [{ line: 8, column: 55 }],
    },
    {
      name: 'the categorical list shared with the indexer: one finding on the name in inputCols',
      code: `${HEADER}
categorical_cols = ["plan", "region"]
numeric_cols = ["tenure"]
indexer = StringIndexer(inputCols=categorical_cols, outputCols=["plan_idx", "region_idx"])
encoder = OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"])
assembler = VectorAssembler(inputCols=numeric_cols + categorical_cols, outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      findings: [{ line: 10, column: 54, message: 'is fed "plan", "region", the raw columns a StringIndexer in this pipeline indexes: VectorAssembler takes numeric, boolean and vector columns only, so on a string column the pipeline fails at fit(); assemble the one-hot encoded "plan_vec", "region_vec" instead' }],
    },
    {
      name: 'module alias, setters and the indexer staged after the assembler',
      code: `
import pyspark.ml.feature as F
from pyspark.ml import Pipeline
assembler = F.VectorAssembler().setInputCols(["age", "country"]).setOutputCol("features")
indexer = F.StringIndexer().setInputCol("country").setOutputCol("country_idx")
Pipeline(stages=[assembler, indexer])
`,
      findings: [{ line: 3, column: 54, message: '"country", the raw column a StringIndexer in this pipeline indexes' }],
    },
    {
      name: 'class aliases and stages across notebook cells',
      code: `# Databricks notebook source
from pyspark.ml import Pipeline as SparkPipeline
from pyspark.ml.feature import StringIndexer as SI, VectorAssembler as VA

# COMMAND ----------

idx = SI(inputCol="device", outputCol="device_idx", handleInvalid="keep")
va = VA(inputCols=["device", "sessions"], outputCol="features")

# COMMAND ----------

SparkPipeline(stages=[idx, va])
`,
      findings: [{ line: 8, column: 20 }],
    },
    {
      name: 'an encoder of unknown output (staged late): flagged without naming a replacement',
      code: `${HEADER}
def build(vec_name):
    return Pipeline(stages=[
        StringIndexer(inputCol="plan", outputCol="plan_idx"),
        VectorAssembler(inputCols=["plan"], outputCol="features"),
        OneHotEncoder(inputCol="plan_idx", outputCol=vec_name),
    ])
`,
      findings: [{ line: 9, column: 36, message: 'the pipeline fails at fit(); assemble the indexed or encoded column instead' }],
    },
    {
      name: 'indexers from a comprehension, the raw list assembled through a name',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cat_cols]
assembler = VectorAssembler(inputCols=cat_cols + ["tenure"], outputCol="features")
Pipeline(stages=indexers + [assembler, lr])
`,
      findings: [{ line: 8, column: 39, message: 'is fed "plan", "region", the raw columns' }],
    },
    {
      name: 'a comprehension over a literal list, the raw column inline',
      code: `${HEADER}
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in ["plan"]]
Pipeline(stages=indexers + [StringIndexer(inputCol="region", outputCol="region_idx"), VectorAssembler(inputCols=["plan"], outputCol="features")])
`,
      findings: [{ line: 7, column: 114, message: 'the fitted pipeline fails at transform(); assemble the StringIndexer\'s output "plan_idx" instead' }],
    },
    {
      name: 'an assembler before a stage of unknown kind',
      code: `${HEADER}
from my_lib import Custom
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=["plan"], outputCol="features"), Custom()])
`,
      findings: [{ line: 7, column: 99, message: 'the pipeline fails when the assembler runs' }],
    },
    {
      name: 'stages grown in a loop, the raw list assembled',
      code: `${HEADER}
cat_cols = ["workclass", "education"]
stages = []
for col in cat_cols:
    indexer = StringIndexer(inputCol=col, outputCol=col + "Index")
    stages += [indexer, OneHotEncoder(inputCols=[indexer.getOutputCol()], outputCols=[col + "Vec"])]
stages += [VectorAssembler(inputCols=cat_cols + ["age"], outputCol="features"), lr]
Pipeline(stages=stages)
`,
      findings: [{ line: 11, column: 38, message: 'is fed "workclass", "education", the raw columns a StringIndexer in this pipeline indexes: VectorAssembler takes numeric, boolean and vector columns only, so on a string column the pipeline fails at fit(); assemble the one-hot encoded "workclassVec", "educationVec" instead' }],
    },
    {
      name: 'the raw column through a name, the index name built with +',
      code: `${HEADER}
cat_feature = "Island"
indexer = StringIndexer(inputCol=cat_feature, outputCol=cat_feature + "Idx")
assembler = VectorAssembler(inputCols=[cat_feature, "BodyMass"], outputCol="features")
Pipeline(stages=[indexer, assembler, lr])
`,
      findings: [{ line: 8, column: 40, message: 'is fed "Island", the raw column a StringIndexer in this pipeline indexes' }],
    },
  ],
  silent: [
    {
      name: 'a column the schema declares numeric, both indexed and assembled as it is (StringIndexer takes numbers too)',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import StringIndexer, VectorAssembler
        from pyspark.ml.classification import LogisticRegression
        df = spark.read.csv("/mnt/raw/tx.csv", header=True, schema="zip INT, amount DOUBLE, label DOUBLE")
        si = StringIndexer(inputCol="zip", outputCol="zip_idx")
        va = VectorAssembler(inputCols=["zip_idx", "zip", "amount"], outputCol="features")
        model = Pipeline(stages=[si, va, LogisticRegression()]).fit(df)
      `,
    },
    {
      name: 'encoded columns named by comprehensions (correct)',
      code: `${HEADER}
string_cols = ["saving_accounts", "purpose"]
index_cols = [c + " encoded" for c in string_cols]
encoded_cols = [c + " encoded" for c in index_cols]
indexer = StringIndexer(inputCols=string_cols, outputCols=index_cols)
encoder = OneHotEncoder(inputCols=index_cols, outputCols=encoded_cols)
Pipeline(stages=[indexer, encoder, VectorAssembler(inputCols=["age"] + encoded_cols, outputCol="features"), lr])
cat_cols = ["plan"]
Pipeline(stages=[StringIndexer(inputCol=c, outputCol=f"{c}_idx") for c in cat_cols] + [VectorAssembler(inputCols=[f"{c}_idx" for c in cat_cols], outputCol="features"), lr])
`,
    },
    {
      name: 'column lists computed from the schema, or placeholders in a lab',
      code: `${HEADER}
categorical_cols = [field for (field, dtype) in train_df.dtypes if dtype == "string"]
index_cols = [c + "Index" for c in categorical_cols]
numeric_cols = [field for (field, dtype) in train_df.dtypes if dtype == "double"]
indexer = StringIndexer(inputCols=categorical_cols, outputCols=index_cols, handleInvalid="skip")
Pipeline(stages=[indexer, VectorAssembler(inputCols=index_cols + numeric_cols, outputCol="features"), lr])
Pipeline(stages=[indexer, VectorAssembler(inputCols=<FILL_IN>, outputCol="features"), lr])
`,
    },
    {
      name: 'a stage of unknown output before the assembler',
      code: `${HEADER}
def build(vec_name):
    return Pipeline(stages=[
        StringIndexer(inputCol="plan", outputCol="plan_idx"),
        OneHotEncoder(inputCol="plan_idx", outputCol=vec_name),
        VectorAssembler(inputCols=["plan"], outputCol="features"),
    ])
`,
    },
    {
      name: 'the encoder output assembled',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
Pipeline(stages=[indexer, encoder, VectorAssembler(inputCols=["tenure", "plan_vec"], outputCol="features"), lr])
`,
    },
    {
      name: 'the indexer output assembled',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=["plan_idx", "tenure"], outputCol="features"), lr])
`,
    },
    {
      name: 'indexer and assembler in different pipelines',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx")])
Pipeline(stages=[VectorAssembler(inputCols=["plan"], outputCol="features"), lr])
`,
    },
    {
      name: 'a column whose name only starts like the indexed one',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=["plan_price", "plan_idx"], outputCol="features"), lr])
`,
    },
    {
      name: 'a local class named VectorAssembler',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
class VectorAssembler:
    def __init__(self, inputCols, outputCol):
        pass
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=["plan"], outputCol="features")])
`,
    },
    {
      name: 'a SQLTransformer before the assembler may rewrite the column',
      code: `${HEADER}
from pyspark.ml.feature import SQLTransformer
Pipeline(stages=[
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    SQLTransformer(statement="SELECT *, plan_idx AS plan_code FROM __THIS__"),
    VectorAssembler(inputCols=["plan"], outputCol="features"),
])
`,
    },
    {
      name: 'inputCols that are not literal',
      code: `${HEADER}
def build(feature_cols):
    return Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), VectorAssembler(inputCols=feature_cols, outputCol="features")])
`,
    },
    {
      name: 'scikit-learn look-alikes',
      code: `
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder
from mylib import StringIndexer, VectorAssembler
Pipeline([("idx", StringIndexer(inputCol="plan")), ("va", VectorAssembler(inputCols=["plan"]))])
`,
    },
    {
      name: 'text in comments and strings',
      code: `${HEADER}
# VectorAssembler(inputCols=["plan"]) after StringIndexer(inputCol="plan") is the trap
note = 'Pipeline(stages=[StringIndexer(inputCol="plan"), VectorAssembler(inputCols=["plan"])])'
`,
    },
    {
      name: 'an earlier stage writes a numeric column of the same name',
      code: `${HEADER}
from pyspark.ml.feature import Imputer
Pipeline(stages=[
    Imputer(inputCols=["plan_raw"], outputCols=["plan"]),
    StringIndexer(inputCol="region", outputCol="region_idx"),
    VectorAssembler(inputCols=["plan", "region_idx"], outputCol="features"),
])
`,
    },
  ],
  fixes: [
    {
      name: 'assembles the encoder output, keeping the quote style',
      code: `${HEADER}
indexer = StringIndexer(inputCol='plan', outputCol='plan_idx')
encoder = OneHotEncoder(inputCol='plan_idx', outputCol='plan_vec')
assembler = VectorAssembler(inputCols=['tenure', 'plan'], outputCol='features')
pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      output: `${HEADER}
indexer = StringIndexer(inputCol='plan', outputCol='plan_idx')
encoder = OneHotEncoder(inputCol='plan_idx', outputCol='plan_vec')
assembler = VectorAssembler(inputCols=['tenure', 'plan_vec'], outputCol='features')
pipeline = Pipeline(stages=[indexer, encoder, assembler, lr])
`,
    },
    {
      name: 'assembles the indexer output when nothing encodes it',
      code: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    VectorAssembler(
        inputCols=[
            "tenure",
            "region",
        ],
        outputCol="features",
    ),
])
`,
      output: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    VectorAssembler(
        inputCols=[
            "tenure",
            "region_idx",
        ],
        outputCol="features",
    ),
])
`,
    },
    {
      name: 'removes the raw column when its encoded column is already assembled',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=["plan", "plan_vec", "tenure"], outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      output: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(inputCols=["plan_vec", "tenure"], outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
    },
    {
      name: 'removes the raw column from a list whose items share the line after the bracket (black\'s layout), not the line',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(
    inputCols=[
        "plan", "plan_vec", "tenure"
    ],
    outputCol="features",
)
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      output: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
assembler = VectorAssembler(
    inputCols=[
        "plan_vec", "tenure"
    ],
    outputCol="features",
)
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
    },
    {
      name: 'a literal after a shared list',
      code: `${HEADER}
numeric_cols = ["tenure", "monthly_charges"]
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx", handleInvalid="keep")
encoder = OneHotEncoder(inputCols=["plan_idx"], outputCols=["plan_vec"])
assembler = VectorAssembler(inputCols=numeric_cols + ["plan"], outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
      output: `${HEADER}
numeric_cols = ["tenure", "monthly_charges"]
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx", handleInvalid="keep")
encoder = OneHotEncoder(inputCols=["plan_idx"], outputCols=["plan_vec"])
assembler = VectorAssembler(inputCols=numeric_cols + ["plan_vec"], outputCol="features")
Pipeline(stages=[indexer, encoder, assembler, lr])
`,
    },
  ],
});
