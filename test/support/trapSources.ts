import { ipynbFromCells } from '../../rules/engine/ipynb';

// Small sources for the tests that run mltraps as a user installs it (the packed npm package,
// the pre-commit hook): one trap each, and a clean twin.

/** MLT101: the RandomForestClassifier reads "features", which no earlier stage produces. */
export const SPARK_ML_TRAP = `from pyspark.ml import Pipeline
from pyspark.ml.classification import RandomForestClassifier
from pyspark.ml.feature import StringIndexer

indexer = StringIndexer(inputCol="plan", outputCol="plan_index")
rf = RandomForestClassifier(labelCol="churned")
pipeline = Pipeline(stages=[indexer, rf])
`;

/** The same pipeline with the VectorAssembler that writes "features": no finding. */
export const SPARK_ML_CLEAN = `from pyspark.ml import Pipeline
from pyspark.ml.classification import RandomForestClassifier
from pyspark.ml.feature import StringIndexer, VectorAssembler

indexer = StringIndexer(inputCol="plan", outputCol="plan_index")
assembler = VectorAssembler(inputCols=["plan_index", "tenure_months"], outputCol="features")
rf = RandomForestClassifier(labelCol="churned")
pipeline = Pipeline(stages=[indexer, assembler, rf])
`;

/** MLT601 in the second code cell of a Jupyter notebook (after a markdown cell). */
export const SERVING_TRAP_NOTEBOOK = ipynbFromCells([
  { kind: 'markdown', source: '# Serving config' },
  {
    kind: 'code',
    source: 'from databricks.sdk.service.serving import Route, TrafficConfig',
  },
  {
    kind: 'code',
    source: 'traffic = TrafficConfig(routes=[Route(served_model_name="a", traffic_percentage=90), Route(served_model_name="b", traffic_percentage=15)])',
  },
]);
