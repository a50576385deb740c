import * as assert from 'node:assert/strict';
import { crossValidatorHints, type InlayHint } from '../rules/inlayHints/crossValidatorHints';
import { mlt105CrossvalidatorModelCount } from '../rules/mlt105-crossvalidator-model-count';
import { SemanticModel } from '../rules/semantic/semanticModel';
import { dedent, testLinter } from './support/linter';

const HEADER = dedent(`
  from pyspark.ml.classification import LogisticRegression
  from pyspark.ml.evaluation import BinaryClassificationEvaluator
  from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
  lr = LogisticRegression(labelCol="churned")
  evaluator = BinaryClassificationEvaluator(labelCol="churned")
  grid = (
      ParamGridBuilder()
      .addGrid(lr.regParam, [0.001, 0.01, 0.1])
      .addGrid(lr.elasticNetParam, [0.0, 0.5, 1.0, 0.25])
      .build()
  )
`);

async function modelOf(code: string): Promise<SemanticModel> {
  const linter = await testLinter();
  return new SemanticModel(linter.parse('file:///t.py', code));
}

/** Each hint as the text just before it and its label. */
function placed(code: string, hints: InlayHint[]): Array<[string, string]> {
  return hints.map((hint) => [code.slice(0, hint.offset).split('\n').at(-1) ?? '', hint.label]);
}

async function hintsOf(code: string): Promise<Array<[string, string]>> {
  const text = HEADER + dedent(code);
  return placed(text, crossValidatorHints(await modelOf(text)));
}

describe('inlay hints: CrossValidator model count', () => {
  it('writes folds x combinations = models after the call, with the exam fact as tooltip', async () => {
    const text = `${HEADER}cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)\n`;
    const hints = crossValidatorHints(await modelOf(text));
    assert.deepEqual(placed(text, hints), [['cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)', '3 folds x 12 = 36 models']]);
    assert.equal(hints[0].tooltip, mlt105CrossvalidatorModelCount.docs.examFact);
    assert.match(hints[0].tooltip ?? '', /numFolds x \(number of ParamGrid combinations\).*TrainValidationSplit trains each combination once/);
  });

  it('hints every CrossValidator of the file with its own count, in document order', async () => {
    assert.deepEqual(
      await hintsOf(`
        cv5 = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)
        small = ParamGridBuilder().addGrid(lr.maxIter, [10]).build()
        cv2 = CrossValidator(
            estimator=lr,
            estimatorParamMaps=small,
            evaluator=evaluator,
            numFolds=2,
        )
      `),
      [
        ['cv5 = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)', '5 folds x 12 = 60 models'],
        [')', '2 folds x 1 = 2 models'],
      ],
    );
  });

  it('follows the setters chained on the call and writes the hint after the whole chain', async () => {
    assert.deepEqual(await hintsOf('cv = CrossValidator(estimator=lr, evaluator=evaluator).setNumFolds(4).setEstimatorParamMaps(grid)\n'), [
      ['cv = CrossValidator(estimator=lr, evaluator=evaluator).setNumFolds(4).setEstimatorParamMaps(grid)', '4 folds x 12 = 48 models'],
    ]);
  });

  it('resolves the class through an import alias', async () => {
    assert.deepEqual(await hintsOf('import pyspark.ml.tuning as tuning\ncv = tuning.CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=10)\n'), [
      ['cv = tuning.CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=10)', '10 folds x 12 = 120 models'],
    ]);
  });

  const silent: Array<[string, string]> = [
    ['no grid', 'cv = CrossValidator(estimator=lr, evaluator=evaluator)\n'],
    ['a grid added to in a loop', 'b = ParamGridBuilder()\nfor param in params:\n    b.addGrid(param, [1, 2])\ncv = CrossValidator(estimator=lr, estimatorParamMaps=b.build())\n'],
    ['a grid from a function', 'cv = CrossValidator(estimator=lr, estimatorParamMaps=make_grid())\n'],
    ['value lists not known', 'g = ParamGridBuilder().addGrid(lr.regParam, values).build()\ncv = CrossValidator(estimator=lr, estimatorParamMaps=g)\n'],
    ['numFolds not known', 'cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=k)\n'],
    ['an empty grid (MLT105 is silent too)', 'cv = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, []).build())\n'],
    ['**kwargs', 'cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, **options)\n'],
  ];
  for (const [name, code] of silent) {
    it(`stays silent when the count is not known: ${name}`, async () => {
      assert.deepEqual(await hintsOf(code), []);
    });
  }

  it('ignores a local class named CrossValidator', async () => {
    const text = dedent(`
      from pyspark.ml.tuning import ParamGridBuilder
      class CrossValidator:
          def __init__(self, **kwargs):
              self.kwargs = kwargs
      grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
      cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=3)
    `);
    assert.deepEqual(crossValidatorHints(await modelOf(text)), []);
  });

  it('keeps only the hints placed in the requested range', async () => {
    const text = HEADER + dedent(`
      first = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=2)
      second = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=4)
      third = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=6)
    `);
    const model = await modelOf(text);
    const secondLine = text.indexOf('second =');
    const secondEnd = text.indexOf('\n', secondLine);
    const labels = (start: number, end: number) => crossValidatorHints(model, { start, end }).map((hint) => hint.label);
    assert.deepEqual(labels(secondLine, secondEnd), ['4 folds x 12 = 48 models']);
    assert.deepEqual(labels(0, secondLine), ['2 folds x 12 = 24 models']);
    assert.deepEqual(labels(secondEnd + 1, text.length), ['6 folds x 12 = 72 models']);
    assert.deepEqual(labels(0, text.indexOf('first =')), []);
    assert.equal(crossValidatorHints(model).length, 3);
  });
});
