import * as assert from 'node:assert/strict';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { sparkMlClass } from '../../rules/semantic/sparkMlClasses';
import { DerivedValues } from '../../rules/semantic/dataFrameLineage';
import { type ColumnSet, columnNames, pipelineFitDatasets, type SparkPipeline, sparkPipelines, writesColumn } from '../../rules/semantic/sparkPipelines';
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

    it('expands a comprehension over a list the file shows, one stage per value', async () => {
      const [pipeline] = await pipelinesOf(`
        cat_cols = ["plan", "region"]
        idx = [StringIndexer(inputCol=c, outputCol=f"{c}_idx") for c in cat_cols]
        Pipeline(stages=idx + [LogisticRegression()])
      `);
      assert.equal(pipeline.complete, true);
      assert.deepEqual(summary(pipeline).slice(0, 2), [
        ['StringIndexer', ['plan'], ['plan_idx']],
        ['StringIndexer', ['region'], ['region_idx']],
      ]);
    });

    it('keeps a comprehension over an unknown list as one stage of unknown columns that can only write its pattern', async () => {
      const [pipeline] = await pipelinesOf(`
        idx = [StringIndexer(inputCol=c, outputCol=c + "_idx") for c in cols]
        Pipeline(stages=idx + [LogisticRegression()])
      `);
      assert.equal(pipeline.complete, true);
      const [indexers] = pipeline.stages;
      assert.deepEqual(summary(pipeline)[0], ['StringIndexer', 'unknown', 'unknown']);
      assert.equal(writesColumn(indexers, 'features'), false);
      assert.equal(writesColumn(indexers, 'plan_idx'), undefined);
    });

    it('replays a list grown by +=, append and extend, a loop over a known list once per value', async () => {
      const [pipeline] = await pipelinesOf(`
        stages = [StringIndexer(inputCol="a", outputCol="a_idx")]
        for c in ["b", "c"]:
            idx = StringIndexer(inputCol=c, outputCol=c + "_idx")
            stages += [idx, OneHotEncoder(inputCol=idx.getOutputCol(), outputCol=c + "_vec")]
        stages.extend([VectorAssembler(inputCols=["b_vec", "c_vec"], outputCol="features")])
        stages.append(LogisticRegression())
        Pipeline(stages=stages)
      `);
      assert.equal(pipeline.complete, true);
      assert.deepEqual(summary(pipeline).slice(0, 5), [
        ['StringIndexer', ['a'], ['a_idx']],
        ['StringIndexer', ['b'], ['b_idx']],
        ['OneHotEncoder', ['b_idx'], ['b_vec']],
        ['StringIndexer', ['c'], ['c_idx']],
        ['OneHotEncoder', ['c_idx'], ['c_vec']],
      ]);
      assert.deepEqual(pipeline.stages.map((stage) => !!stage.generated), [false, true, true, true, true, false, false]);
    });

    it('does not replay changes in a branch, a function, after the use or of an unknown kind', async () => {
      const pipelines = await pipelinesOf(`
        a = []
        if flag:
            a.append(LogisticRegression())
        Pipeline(stages=a)
        c = [LogisticRegression()]
        Pipeline(stages=c)
        c.append(LogisticRegression())
        d = [LogisticRegression()]
        d.insert(0, LogisticRegression())
        Pipeline(stages=d)
        for k in ["x"]:
            e = []
            e.append(StringIndexer(inputCol=k, outputCol="k_idx"))
        Pipeline(stages=e)
      `);
      // a and d are not lists this layer can read; c changes after the pipeline took it.
      assert.deepEqual(pipelines.map((pipeline) => [pipeline.call.startPosition.row, pipeline.complete]), [[8, false], [16, true]]);
      // The list built in a loop body is the last pass's, with the loop variable unknown.
      assert.deepEqual(summary(pipelines[1]), [['StringIndexer', 'unknown', ['k_idx']]]);
    });

    it('marks pipelines staged in other pipelines, directly or inside a staged tuner, as nested', async () => {
      const pipelines = await pipelinesOf(`
        from pyspark.ml.tuning import CrossValidator
        inner = Pipeline(stages=[LogisticRegression()])
        tuned = Pipeline().setStages([LogisticRegression()])
        alone = Pipeline(stages=[LogisticRegression()])
        Pipeline(stages=[VectorAssembler(inputCols=["a"], outputCol="features"), inner, CrossValidator(estimator=tuned)])
        CrossValidator(estimator=alone).fit(df)
      `);
      assert.deepEqual(pipelines.map((pipeline) => pipeline.nested), [true, true, false, false]);
    });

    it('marks a filtered comprehension as incomplete', async () => {
      const [pipeline] = await pipelinesOf(`
        Pipeline(stages=[StringIndexer(inputCol=c, outputCol=c + "_idx") for c in ["a", "b"] if c != "a"])
      `);
      assert.equal(pipeline.complete, false);
    });

    it('describes a name bound in if/else arms as far as the arms agree', async () => {
      const [pipeline] = await pipelinesOf(`
        from pyspark.ml.classification import RandomForestClassifier
        if fast:
            model = LogisticRegression(labelCol="y")
        else:
            model = RandomForestClassifier(labelCol="y")
        Pipeline(stages=[model])
      `);
      const [stage] = pipeline.stages;
      assert.equal(stage.role, 'predictor');
      assert.equal(stage.sparkClass?.name, 'LogisticRegression or RandomForestClassifier');
      assert.equal(stage.featuresCol?.name, 'features');
      assert.equal(stage.constructorCall, undefined);
    });

    it('leaves arms that disagree, or a setter after them, unknown', async () => {
      const pipelines = await pipelinesOf(`
        if fast:
            model = LogisticRegression(featuresCol="a")
        else:
            model = LogisticRegression(featuresCol="b")
        Pipeline(stages=[model])
        if fast:
            other = LogisticRegression()
        else:
            other = StringIndexer(inputCol="a", outputCol="b")
        Pipeline(stages=[other])
        if fast:
            third = LogisticRegression()
        else:
            third = LogisticRegression()
        third.setFeaturesCol("vec")
        Pipeline(stages=[third])
      `);
      assert.equal(pipelines[0].stages[0].featuresCol?.name, undefined);
      assert.equal(pipelines[1].stages[0].role, 'unknown');
      assert.equal(pipelines[2].stages[0].role, 'unknown');
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
    it('reads column lists built by comprehensions, f-strings, + and format', async () => {
      const [pipeline] = await pipelinesOf(`
        cats = ["a", "b"]
        idx_cols = [c + "_idx" for c in cats]
        Pipeline(stages=[
            StringIndexer(inputCols=cats, outputCols=idx_cols),
            OneHotEncoder(inputCols=idx_cols, outputCols=[f"{c}_vec" for c in cats]),
            VectorAssembler(inputCols=["age"] + ["{}_vec".format(c) for c in cats], outputCol="features"),
        ])
      `);
      assert.deepEqual(summary(pipeline), [
        ['StringIndexer', ['a', 'b'], ['a_idx', 'b_idx']],
        ['OneHotEncoder', ['a_idx', 'b_idx'], ['a_vec', 'b_vec']],
        ['VectorAssembler', ['age', 'a_vec', 'b_vec'], ['features']],
      ]);
    });

    it('reads single columns built from strings the file shows', async () => {
      const [pipeline] = await pipelinesOf(`
        cat = "Island"
        Pipeline(stages=[StringIndexer(inputCol=cat, outputCol=cat + "Idx"), OneHotEncoder(inputCol=f"{cat}Idx", outputCol="{}Vec".format(cat))])
      `);
      assert.deepEqual(summary(pipeline), [
        ['StringIndexer', ['Island'], ['IslandIdx']],
        ['OneHotEncoder', ['IslandIdx'], ['IslandVec']],
      ]);
    });

    it('leaves column lists built from unknown lists or with filters unknown', async () => {
      const [pipeline] = await pipelinesOf(`
        cats = [f for (f, t) in df.dtypes if t == "string"]
        Pipeline(stages=[
            StringIndexer(inputCols=cats, outputCols=[c + "_idx" for c in cats]),
            VectorAssembler(inputCols=[c.lower() for c in ["A"]], outputCol="features"),
        ])
      `);
      assert.deepEqual(summary(pipeline), [
        ['StringIndexer', 'unknown', 'unknown'],
        ['VectorAssembler', 'unknown', ['features']],
      ]);
    });

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
      // No outputCol: Spark's HasOutputCol default, named after the stage's uid (never "features").
      assert.deepEqual(names(noOutput.outputs), ['VectorAssembler_<uid>__output']);
      assert.equal(noOutput.outputs.known && noOutput.outputs.columns[0].uidDefault, true);
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
