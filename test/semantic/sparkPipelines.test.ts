import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { sparkMlClass } from '../../rules/semantic/sparkMlClasses';
import { DerivedValues } from '../../rules/semantic/dataFrameLineage';
import { type ColumnSet, columnNames, pipelineFitDatasets, type SparkPipeline, sparkPipelines } from '../../rules/semantic/sparkPipelines';
import { dedent, testLinter } from '../support/linter';

const IMPORTS = dedent(`
  from pyspark.ml import Pipeline
  from pyspark.ml.classification import LogisticRegression
  from pyspark.ml.feature import OneHotEncoder, StringIndexer, VectorAssembler
`);

async function modelOf(code: string, withImports = true): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse('file:///t.py', (withImports ? IMPORTS : '') + dedent(code)));
}

async function pipelinesOf(code: string, withImports = true): Promise<SparkPipeline[]> {
  return sparkPipelines(await modelOf(code, withImports));
}

function names(columns: ColumnSet): string[] | 'unknown' {
  return columnNames(columns) ?? 'unknown';
}

function summary(pipeline: SparkPipeline): Array<[string, string[] | 'unknown', string[] | 'unknown']> {
  return pipeline.stages.map((stage) => [stage.sparkClass?.name ?? stage.role, names(stage.inputs), names(stage.outputs)]);
}

describe('spark pipelines', () => {
  describe('finding pipelines', () => {
    const shapes: Array<[string, string]> = [
      ['keyword', 'Pipeline(stages=[StringIndexer(inputCol="a", outputCol="b")])'],
      ['positional', 'Pipeline([StringIndexer(inputCol="a", outputCol="b")])'],
      ['chained setStages', 'Pipeline().setStages([StringIndexer(inputCol="a", outputCol="b")])'],
      ['setStages on a name', 'p = Pipeline()\np.setStages([StringIndexer(inputCol="a", outputCol="b")])'],
      ['a name bound earlier', 'stages = [StringIndexer(inputCol="a", outputCol="b")]\nPipeline(stages=stages)'],
      ['a splat', 'pre = [StringIndexer(inputCol="a", outputCol="b")]\nPipeline(stages=[*pre])'],
    ];
    for (const [name, code] of shapes) {
      it(name, async () => {
        const [pipeline] = await pipelinesOf(code);
        assert.ok(pipeline);
        assert.equal(pipeline.complete, true);
        assert.deepEqual(summary(pipeline), [['StringIndexer', ['a'], ['b']]]);
      });
    }

    it('resolves the class through module aliases', async () => {
      const pipelines = await pipelinesOf('import pyspark.ml as ml\nml.Pipeline(stages=[])\nfrom pyspark.ml.pipeline import Pipeline as P\nP(stages=[])', false);
      assert.equal(pipelines.length, 2);
    });

    it('ignores a local class named Pipeline and sklearn pipelines', async () => {
      const pipelines = await pipelinesOf('class Pipeline:\n    pass\nPipeline(stages=[])\nfrom sklearn.pipeline import Pipeline as SP\nSP(steps=[])', false);
      assert.equal(pipelines.length, 0);
    });

    it('concatenates lists', async () => {
      const [pipeline] = await pipelinesOf(`
        idx = [StringIndexer(inputCol="a", outputCol="a_idx")]
        Pipeline(stages=idx + [OneHotEncoder(inputCol="a_idx", outputCol="a_vec")])
      `);
      assert.deepEqual(summary(pipeline).map(([name]) => name), ['StringIndexer', 'OneHotEncoder']);
      assert.equal(pipeline.complete, true);
    });

    it('marks a list built with a comprehension as incomplete', async () => {
      const [pipeline] = await pipelinesOf(`
        idx = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols]
        Pipeline(stages=idx + [LogisticRegression()])
      `);
      assert.equal(pipeline.complete, false);
    });

    it('follows stages across notebook cells', async () => {
      const [pipeline] = await pipelinesOf(`
        # COMMAND ----------
        lr = LogisticRegression(featuresCol="f")
        # COMMAND ----------
        Pipeline(stages=[lr])
      `);
      assert.equal(pipeline.stages[0].featuresCol?.name, 'f');
    });
  });

  describe('describing stages', () => {
    it('reads inputCols / outputCols lists and names bound to them', async () => {
      const [pipeline] = await pipelinesOf(`
        cats = ["a", "b"]
        out = "a_vec"
        Pipeline(stages=[
            StringIndexer(inputCols=cats, outputCols=["a_idx", "b_idx"]),
            OneHotEncoder(inputCol="a_idx", outputCol=out),
        ])
      `);
      assert.deepEqual(summary(pipeline), [
        ['StringIndexer', ['a', 'b'], ['a_idx', 'b_idx']],
        ['OneHotEncoder', ['a_idx'], ['a_vec']],
      ]);
      const [indexer, encoder] = pipeline.stages;
      assert.deepEqual(indexer.inputs.known && indexer.inputs.columns.map((column) => column.inline), [false, false]);
      assert.deepEqual(indexer.outputs.known && indexer.outputs.columns.map((column) => column.inline), [true, true]);
      assert.deepEqual(encoder.outputs.known && encoder.outputs.columns.map((column) => column.inline), [false]);
    });

    it('reads chained setters and setter statements', async () => {
      const [pipeline] = await pipelinesOf(`
        idx = StringIndexer().setInputCol("a").setOutputCol("a_idx")
        lr = LogisticRegression()
        lr.setFeaturesCol("vec")
        Pipeline(stages=[idx, lr, VectorAssembler(inputCols=["x"]).setOutputCol("v")])
      `);
      assert.deepEqual(summary(pipeline)[0], ['StringIndexer', ['a'], ['a_idx']]);
      assert.equal(pipeline.stages[1].featuresCol?.name, 'vec');
      assert.deepEqual(summary(pipeline)[2], ['VectorAssembler', ['x'], ['v']]);
    });

    it('gives the default featuresCol and prediction columns of an estimator', async () => {
      const [pipeline] = await pipelinesOf('Pipeline(stages=[LogisticRegression(labelCol="y")])');
      const [lr] = pipeline.stages;
      assert.equal(lr.role, 'predictor');
      assert.deepEqual(lr.featuresCol, { name: 'features', explicit: false });
      assert.deepEqual(names(lr.outputs), ['prediction', 'rawPrediction', 'probability']);
    });

    it('marks what it cannot know as unknown', async () => {
      const [pipeline] = await pipelinesOf(`
        def make():
            return StringIndexer(inputCol="a", outputCol="b")
        for c in cols:
            enc = OneHotEncoder(inputCol=c, outputCol=c + "_vec")
        Pipeline(stages=[
            make(),
            enc,
            StringIndexer(inputCol=col_name, outputCol="x"),
            LogisticRegression(featuresCol=feature_col),
            VectorAssembler(inputCols=["a"]),
            StringIndexer(**params),
            unknown_stage,
        ])
      `);
      const [made, loop, nonLiteral, lr, noOutput, splat, unknown] = pipeline.stages;
      assert.equal(made.role, 'unknown');
      assert.equal(loop.role, 'unknown');
      assert.deepEqual([names(nonLiteral.inputs), names(nonLiteral.outputs)], ['unknown', ['x']]);
      assert.deepEqual(lr.featuresCol, { name: undefined, node: undefined, explicit: true });
      assert.equal(names(noOutput.outputs), 'unknown');
      assert.deepEqual([names(splat.inputs), names(splat.outputs)], ['unknown', 'unknown']);
      assert.equal(unknown.role, 'unknown');
    });

    it('only classifies classes under pyspark.ml', async () => {
      const [pipeline] = await pipelinesOf(`
        from sklearn.linear_model import LogisticRegression as SkLR
        from xgboost.spark import SparkXGBClassifier
        class LocalModel:
            pass
        Pipeline(stages=[SkLR(), SparkXGBClassifier(features_col=["a"]), LocalModel()])
      `);
      assert.deepEqual(pipeline.stages.map((stage) => [stage.role, stage.sparkClass]), [
        ['unknown', undefined],
        ['unknown', undefined],
        ['unknown', undefined],
      ]);
    });
  });

  describe('Spark ML classes', () => {
    const cases: Array<[string, string | undefined]> = [
      ['pyspark.ml.classification.LogisticRegression', 'predictor'],
      ['pyspark.ml.classification.GBTClassifier', 'predictor'],
      ['pyspark.ml.regression.AFTSurvivalRegression', 'predictor'],
      ['pyspark.ml.clustering.BisectingKMeans', 'predictor'],
      ['pyspark.ml.classification.LogisticRegressionModel', 'opaque'],
      ['pyspark.ml.clustering.PowerIterationClustering', 'opaque'],
      ['pyspark.ml.feature.VectorAssembler', 'vectorAssembler'],
      ['pyspark.ml.feature.RFormula', 'rFormula'],
      ['pyspark.ml.feature.StandardScaler', 'featureTransformer'],
      ['pyspark.ml.feature.SQLTransformer', 'opaque'],
      ['pyspark.ml.connect.classification.LogisticRegression', 'opaque'],
      ['sklearn.linear_model.LogisticRegression', undefined],
    ];
    for (const [qualifiedName, role] of cases) {
      it(`${qualifiedName} -> ${role}`, () => assert.equal(sparkMlClass(qualifiedName)?.role, role));
    }
  });

  describe('fit datasets and their lineage', () => {
    it('finds fits by name, by chain and through a CrossValidator', async () => {
      const model = await modelOf(`
        from pyspark.ml.tuning import CrossValidator as CV
        p = Pipeline(stages=[LogisticRegression()])
        p.fit(a)
        Pipeline(stages=[LogisticRegression()]).fit(b)
        CV(estimator=p, estimatorParamMaps=grid).fit(dataset=c)
        other.fit(d)
      `);
      const [first, second] = sparkPipelines(model);
      assert.deepEqual(pipelineFitDatasets(model, first).map((node) => node.text), ['a', 'c']);
      assert.deepEqual(pipelineFitDatasets(model, second).map((node) => node.text), ['b']);
    });

    it('follows DataFrames derived from a transform', async () => {
      const model = await modelOf(`
        raw = spark.read.table("t")
        assembled = va.transform(raw)
        train, test = assembled.randomSplit([0.8, 0.2])
        sample = raw.limit(10)
        def f(df):
            return df
        f(train)
        f(sample)
        f(unknown_name)
      `, false);
      const transform = model.callsNamed('transform')[0].node;
      const derived = new DerivedValues(model, [transform]);
      const args = model.callsNamed('f').map((site) => site.arguments!.namedChildren[0]!);
      assert.deepEqual(args.map((node) => derived.classify(node)), ['derived', 'not derived', 'unknown']);
    });
  });
});
