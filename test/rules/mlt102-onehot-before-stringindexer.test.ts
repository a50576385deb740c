import { mlt102OnehotBeforeStringindexer } from '../../rules/mlt102-onehot-before-stringindexer';
import * as assert from 'node:assert/strict';
import { dedent } from '../support/linter';
import { describeRule, findingsOf } from '../support/ruleTester';

const HEADER = `from pyspark.ml import Pipeline
from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
`;

/** A pipeline that indexes `hour` and also one-hot encodes it raw, after casting it to `type` (the encoder on line 7). */
function castHourPipeline(type: string): string {
  return `from pyspark.ml import Pipeline
from pyspark.ml.feature import OneHotEncoder, StringIndexer
from pyspark.sql import functions as F
df = spark.table("t").withColumn("hour", F.col("hour").cast("${type}"))
rank = StringIndexer(inputCol="hour", outputCol="hour_rank")
ohe = OneHotEncoder(inputCol="hour", outputCol="hour_vec")
Pipeline(stages=[rank, ohe]).fit(df)
`;
}

describeRule(mlt102OnehotBeforeStringindexer, {
  flagged: [
    {
      name: 'stages a method of the class returns (Pipeline(stages=self.stages()))',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import OneHotEncoder, StringIndexer
        class Builder:
            def stages(self):
                si = StringIndexer(inputCol="store_type", outputCol="store_type_idx")
                oh = OneHotEncoder(inputCol="store_type", outputCol="store_type_oh")
                return [si, oh]
            def pipeline(self):
                return Pipeline(stages=self.stages())
      `,
      findings: [{ line: 7, column: 21, message: 'OneHotEncoder reads "store_type", the column the StringIndexer indexes, instead of its output "store_type_idx"' }],
    },
    {
      name: 'a column the file casts to a string, one-hot encoded raw',
      code: castHourPipeline('string'),
      findings: [{ line: 7, column: 24, message: 'OneHotEncoder reads "hour", the column the StringIndexer indexes, instead of its output "hour_rank"' }],
    },
    {
      name: 'the encoder before its indexer, its arguments continued with a backslash',
      code: `${HEADER}
encoder = OneHotEncoder(inputCol="plan_idx", \\
                        outputCol="plan_vec")
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
pipeline = Pipeline(stages=[encoder, indexer])
`,
      findings: [{ line: 7, column: 29, message: 'OneHotEncoder reads "plan_idx" before the StringIndexer that produces it has run: the pipeline fails at fit()' }],
    },
    {
      name: 'the encoder before the indexer that writes its input',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
pipeline = Pipeline(stages=[encoder, indexer])
`,
      findings: [{ line: 6, column: 29, message: 'OneHotEncoder reads "plan_idx" before the StringIndexer that produces it has run: the pipeline fails at fit()' }],
    },
    {
      name: 'the encoder fed the raw string column',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan", outputCol="plan_vec")
pipeline = Pipeline(stages=[indexer, encoder])
`,
      findings: [{ line: 6, column: 38, message: 'OneHotEncoder reads "plan", the column the StringIndexer indexes, instead of its output "plan_idx": OneHotEncoder takes numeric category indices only, so on a string column the pipeline fails at fit()' }],
    },
    {
      name: 'raw column and wrong order at once, inline stages',
      code: `${HEADER}
Pipeline(stages=[OneHotEncoder(inputCol="plan", outputCol="plan_vec"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
      findings: [{ line: 4, column: 18, message: 'reads "plan", the column the StringIndexer indexes, instead of its output "plan_idx" (and the StringIndexer comes after it)' }],
    },
    {
      name: 'multi-column encoder before a multi-column indexer',
      code: `${HEADER}
cats = ["plan", "region"]
Pipeline(stages=[
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    StringIndexer(inputCols=cats, outputCols=["plan_idx", "region_idx"]),
])
`,
      findings: [{ line: 6, column: 5 }],
    },
    {
      name: 'multi-column encoder on the raw columns, module alias',
      code: `
import pyspark.ml.feature as F
from pyspark.ml import Pipeline
indexer = F.StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"])
encoder = F.OneHotEncoder(inputCols=["plan", "region"], outputCols=["plan_vec", "region_vec"])
Pipeline(stages=[indexer, encoder])
`,
      findings: [{ line: 5, column: 27 }],
    },
    {
      name: 'import aliases',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import OneHotEncoder as OHE, StringIndexer as SI
Pipeline(stages=[OHE(inputCol="c_idx", outputCol="c_vec"), SI(inputCol="c", outputCol="c_idx")])
`,
      findings: [{ line: 3, column: 18 }],
    },
    {
      name: 'stages across notebook cells, setStages',
      code: `# Databricks notebook source
${HEADER}
# COMMAND ----------

encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")

# COMMAND ----------

indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
stages = [encoder, indexer]

# COMMAND ----------

Pipeline().setStages(stages)
`,
      findings: [{ line: 12, column: 11 }],
    },
    {
      name: 'columns set with chained setters',
      code: `${HEADER}
indexer = StringIndexer().setInputCol("plan").setOutputCol("plan_idx")
encoder = OneHotEncoder().setInputCol("plan").setOutputCol("plan_vec")
Pipeline(stages=[indexer, encoder])
`,
      findings: [{ line: 6, column: 27 }],
    },
    {
      name: 'the Spark 2 OneHotEncoderEstimator on the raw column, tuple stages',
      code: `${HEADER}
from pyspark.ml.feature import OneHotEncoderEstimator
Pipeline(stages=(StringIndexer(inputCol="plan", outputCol="plan_idx"), OneHotEncoderEstimator(inputCols=["plan"], outputCols=["plan_vec"])))
`,
      findings: [{ line: 5, column: 72, message: 'OneHotEncoderEstimator reads "plan", the column the StringIndexer indexes' }],
    },
    {
      name: 'multi-column forms: indexer outputs from a comprehension, the encoder on the raw list (no outputCols)',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexer = StringIndexer(inputCols=cat_cols, outputCols=[c + "_idx" for c in cat_cols])
encoder = OneHotEncoder(inputCols=cat_cols)
Pipeline(stages=[indexer, encoder])
`,
      findings: [{ line: 7, column: 27, message: 'OneHotEncoder reads "plan", "region", the columns the StringIndexer indexes, instead of its outputs "plan_idx", "region_idx"' }],
    },
    {
      name: 'encoders from a comprehension over the raw columns: one finding for all',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexers = [StringIndexer(inputCol=c, outputCol=f"{c}_idx") for c in cat_cols]
encoders = [OneHotEncoder(inputCol=c, outputCol=f"{c}_vec") for c in cat_cols]
Pipeline(stages=indexers + encoders)
`,
      findings: [{ line: 6, column: 13, message: 'reads "plan", "region", the columns the StringIndexer indexes' }],
    },
    {
      name: 'stages grown in a loop, the encoder pointed at the indexer\'s input column',
      code: `${HEADER}
stages = []
for col in ["workclass", "education"]:
    indexer = StringIndexer(inputCol=col, outputCol=col + "Index")
    encoder = OneHotEncoder(inputCols=[indexer.getInputCol()], outputCols=[col + "Vec"])
    stages += [indexer, encoder]
Pipeline(stages=stages)
`,
      findings: [{ line: 8, column: 25, message: 'OneHotEncoder reads "workclass", "education", the columns the StringIndexer indexes, instead of its outputs "workclassIndex", "educationIndex": OneHotEncoder' }],
    },
  ],
  silent: [
    {
      name: 'stages a method of the class returns in the right order, the encoder on the index',
      code: `
        from pyspark.ml import Pipeline
        from pyspark.ml.feature import OneHotEncoder, StringIndexer
        class Builder:
            def stages(self):
                si = StringIndexer(inputCol="store_type", outputCol="store_type_idx")
                oh = OneHotEncoder(inputCol="store_type_idx", outputCol="store_type_oh")
                return [si, oh]
            def pipeline(self):
                return Pipeline(stages=self.stages())
      `,
    },
    {
      name: 'a column the file casts to a number, both indexed and one-hot encoded as it is',
      code: castHourPipeline('int'),
    },
    {
      name: 'stages grown in a loop, the encoder on the indexer\'s output column',
      code: `${HEADER}
stages = []
for col in ["workclass", "education"]:
    indexer = StringIndexer(inputCol=col, outputCol=col + "Index")
    encoder = OneHotEncoder(inputCols=[indexer.getOutputCol()], outputCols=[col + "Vec"])
    stages += [indexer, encoder]
Pipeline(stages=stages)
`,
    },
    {
      name: 'index and encode with comprehension-built names (correct)',
      code: `${HEADER}
string_cols = ["saving_accounts", "purpose"]
index_cols = [c + " encoded" for c in string_cols]
encoded_cols = [c + " encoded" for c in index_cols]
indexer = StringIndexer(inputCols=string_cols, outputCols=index_cols, handleInvalid="keep")
encoder = OneHotEncoder(inputCols=index_cols, outputCols=encoded_cols)
Pipeline(stages=[indexer, encoder, VectorAssembler(inputCols=["age"] + encoded_cols, outputCol="features")])
`,
    },
    {
      name: 'comprehension-built indexers and encoders on their outputs, over a known and an unknown list',
      code: `${HEADER}
cat_cols = ["plan", "region"]
Pipeline(stages=[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cat_cols] + [OneHotEncoder(inputCol=c + "_idx", outputCol=c + "_vec") for c in cat_cols])
Pipeline(stages=[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols] + [OneHotEncoder(inputCol=c, outputCol=c + "_vec") for c in cols])
`,
    },
    {
      name: 'a course lab with placeholders',
      code: `${HEADER}
indexer = StringIndexer(inputCols=cat_cols, outputCols=<FILL_IN>)
encoder = OneHotEncoder(<FILL_IN>)
Pipeline(stages=[indexer, encoder])
Pipeline(stages=[indexer, OneHotEncoder(inputCols=..., outputCols=["plan_vec"])])
`,
    },
    {
      name: 'StringIndexer -> OneHotEncoder on the indexer output',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
Pipeline(stages=[indexer, encoder, VectorAssembler(inputCols=["plan_vec"], outputCol="features")])
`,
    },
    {
      name: 'multi-column indexer and encoder in order',
      code: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
])
`,
    },
    {
      name: 'an encoder on a column no indexer touches',
      code: `${HEADER}
Pipeline(stages=[OneHotEncoder(inputCol="zip_code_num", outputCol="zip_vec"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
    },
    {
      name: 'an encoder on a bucketized column written earlier',
      code: `${HEADER}
from pyspark.ml.feature import Bucketizer
Pipeline(stages=[Bucketizer(splits=[0, 10, 100], inputCol="age", outputCol="age_bucket"), OneHotEncoder(inputCol="age_bucket", outputCol="age_vec")])
`,
    },
    {
      name: 'indexer and encoder in different pipelines',
      code: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx")])
Pipeline(stages=[OneHotEncoder(inputCol="plan", outputCol="plan_vec")])
`,
    },
    {
      name: 'a local class named OneHotEncoder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
class OneHotEncoder:
    def __init__(self, inputCol, outputCol):
        pass
Pipeline(stages=[OneHotEncoder(inputCol="plan", outputCol="v"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
    },
    {
      name: 'scikit-learn OneHotEncoder',
      code: `
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer
from sklearn.preprocessing import OneHotEncoder
Pipeline(stages=[OneHotEncoder(inputCol="plan_idx"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
    },
    {
      name: 'the pattern in a comment and a string',
      code: `${HEADER}
# Pipeline(stages=[OneHotEncoder(inputCol="plan_idx"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
doc = 'Pipeline(stages=[OneHotEncoder(inputCol="plan"), StringIndexer(inputCol="plan", outputCol="i")])'
`,
    },
    {
      name: 'an incomplete list',
      code: `${HEADER}
indexers = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cats]
Pipeline(stages=[OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")] + indexers)
`,
    },
    {
      name: 'an unknown stage before the encoder',
      code: `${HEADER}
from my_lib import CleanCategories
Pipeline(stages=[
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    CleanCategories(),
    OneHotEncoder(inputCol="plan", outputCol="plan_vec"),
])
`,
    },
    {
      name: 'a non-literal encoder input',
      code: `${HEADER}
Pipeline(stages=[OneHotEncoder(inputCol=col, outputCol="v"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
    },
    {
      name: 'an indexer built in a loop',
      code: `${HEADER}
for c in ["plan"]:
    indexer = StringIndexer(inputCol=c, outputCol=c + "_idx")
Pipeline(stages=[OneHotEncoder(inputCol="plan_idx", outputCol="v"), indexer])
`,
    },
    {
      name: 'partial code mid-edit',
      code: `${HEADER}
Pipeline(stages=[OneHotEncoder(inputCol="plan_idx", outputCol="v"), StringIndexer(inputCol="plan", outputCol="plan_idx"
`,
    },
    {
      name: 'a local Pipeline class',
      code: `
from pyspark.ml.feature import OneHotEncoder, StringIndexer
class Pipeline:
    def __init__(self, stages):
        self.stages = stages
Pipeline(stages=[OneHotEncoder(inputCol="plan_idx", outputCol="v"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
    },
    {
      name: 'the encoder staged alone in a second pipeline, whose input already holds the index',
      code: `${HEADER}from pyspark.ml.regression import LinearRegression
encoder = OneHotEncoder(inputCols=["plan_idx"], outputCols=["plan_vec"])
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
full = Pipeline(stages=[indexer, encoder, VectorAssembler(inputCols=["plan_vec"], outputCol="features"), LinearRegression()])
encode_only = Pipeline(stages=[encoder])
`,
    },
  ],
  fixes: [
    {
      name: 'moves the indexer before the encoder, one stage per line',
      code: `${HEADER}
pipeline = Pipeline(stages=[
    OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec"),
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    VectorAssembler(inputCols=["plan_vec"], outputCol="features"),
])
`,
      output: `${HEADER}
pipeline = Pipeline(stages=[
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec"),
    VectorAssembler(inputCols=["plan_vec"], outputCol="features"),
])
`,
    },
    {
      name: 'moves the indexer in an inline list of names',
      code: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
pipeline = Pipeline(stages=[encoder, indexer])
`,
      output: `${HEADER}
indexer = StringIndexer(inputCol="plan", outputCol="plan_idx")
encoder = OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")
pipeline = Pipeline(stages=[indexer, encoder])
`,
    },
    {
      name: 'points the encoder at the indexer output',
      code: `${HEADER}
indexer = StringIndexer(inputCol='plan', outputCol='plan_idx')
encoder = OneHotEncoder(inputCol='plan', outputCol='plan_vec')
pipeline = Pipeline(stages=[indexer, encoder])
`,
      output: `${HEADER}
indexer = StringIndexer(inputCol='plan', outputCol='plan_idx')
encoder = OneHotEncoder(inputCol='plan_idx', outputCol='plan_vec')
pipeline = Pipeline(stages=[indexer, encoder])
`,
    },
    {
      name: 'points and moves at once, inline',
      code: `${HEADER}
Pipeline(stages=[OneHotEncoder(inputCol="plan", outputCol="plan_vec"), StringIndexer(inputCol="plan", outputCol="plan_idx")])
`,
      output: `${HEADER}
Pipeline(stages=[StringIndexer(inputCol="plan", outputCol="plan_idx"), OneHotEncoder(inputCol="plan_idx", outputCol="plan_vec")])
`,
    },
    {
      name: 'points every raw column of a multi-column encoder',
      code: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan", "region"], outputCols=["plan_vec", "region_vec"]),
])
`,
      output: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"]),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
])
`,
    },
    {
      name: 'points a shared raw list at the indexer\'s comprehension outputs',
      code: `${HEADER}
cat_cols = ["plan", "region"]
indexer = StringIndexer(inputCols=cat_cols, outputCols=[c + "_idx" for c in cat_cols])
encoder = OneHotEncoder(inputCols=cat_cols, outputCols=[c + "_vec" for c in cat_cols])
Pipeline(stages=[indexer, encoder])
`,
      output: `${HEADER}
cat_cols = ["plan", "region"]
indexer = StringIndexer(inputCols=cat_cols, outputCols=[c + "_idx" for c in cat_cols])
encoder = OneHotEncoder(inputCols=[c + "_idx" for c in cat_cols], outputCols=[c + "_vec" for c in cat_cols])
Pipeline(stages=[indexer, encoder])
`,
    },
    {
      name: 'points a shared raw list at the indexer\'s output list name, set with setters',
      code: `${HEADER}
cat_cols = ["plan", "region"]
idx_cols = ["plan_idx", "region_idx"]
indexer = StringIndexer().setInputCols(cat_cols).setOutputCols(idx_cols)
encoder = OneHotEncoder(outputCols=["plan_vec", "region_vec"]).setInputCols(cat_cols)
Pipeline(stages=[indexer, encoder])
`,
      output: `${HEADER}
cat_cols = ["plan", "region"]
idx_cols = ["plan_idx", "region_idx"]
indexer = StringIndexer().setInputCols(cat_cols).setOutputCols(idx_cols)
encoder = OneHotEncoder(outputCols=["plan_vec", "region_vec"]).setInputCols(idx_cols)
Pipeline(stages=[indexer, encoder])
`,
    },
    {
      name: 'moves two indexers, keeping their order',
      code: `${HEADER}
Pipeline(stages=[
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    StringIndexer(inputCol="region", outputCol="region_idx"),
])
`,
      output: `${HEADER}
Pipeline(stages=[
    StringIndexer(inputCol="plan", outputCol="plan_idx"),
    StringIndexer(inputCol="region", outputCol="region_idx"),
    OneHotEncoder(inputCols=["plan_idx", "region_idx"], outputCols=["plan_vec", "region_vec"]),
])
`,
    },
  ],
});

describe('MLT102 offers no fix it cannot make right', () => {
  const cases: Array<[string, string]> = [
    [
      'a name that means something else where the encoder is',
      `${HEADER}
suffix = "_idx"
cat_cols = ["plan", "region"]
indexer = StringIndexer(inputCols=cat_cols, outputCols=[c + suffix for c in cat_cols])
suffix = "_other"
encoder = OneHotEncoder(inputCols=cat_cols, outputCols=["plan_vec", "region_vec"])
Pipeline(stages=[indexer, encoder])
`,
    ],
    [
      'an encoder reading only some of the indexer inputs through a shared list',
      `${HEADER}
some = ["plan"]
indexer = StringIndexer(inputCols=["plan", "region"], outputCols=["plan_idx", "region_idx"])
Pipeline(stages=[indexer, OneHotEncoder(inputCols=some, outputCols=["plan_vec"])])
`,
    ],
    [
      'encoders written once in a comprehension',
      `${HEADER}
cat_cols = ["plan", "region"]
Pipeline(stages=[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cat_cols] + [OneHotEncoder(inputCol=c, outputCol=c + "_vec") for c in cat_cols])
`,
    ],
  ];
  for (const [name, code] of cases) {
    it(name, async () => {
      const findings = await findingsOf(mlt102OnehotBeforeStringindexer, dedent(code));
      assert.equal(findings.length, 1);
      assert.deepEqual(findings[0].fixes, []);
    });
  }
});
