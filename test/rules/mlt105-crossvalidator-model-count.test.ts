import * as assert from 'node:assert/strict';
import { mlt105CrossvalidatorModelCount } from '../../rules/mlt105-crossvalidator-model-count';
import { crossValidatorCalls, crossValidatorModelCount } from '../../rules/semantic/paramGrids';
import { SemanticModel } from '../../rules/semantic/semanticModel';
import { describeRule } from '../support/ruleTester';
import { dedent, testLinter } from '../support/linter';

const HEADER = `from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
lr = LogisticRegression(labelCol="churned")
evaluator = BinaryClassificationEvaluator(labelCol="churned")
`;

describeRule(mlt105CrossvalidatorModelCount, {
  flagged: [
    {
      name: 'grid values read out of a dict the file shows, with .get and with a subscript',
      code: `${HEADER}
opts = {"regParam": [0.01, 0.1, 1.0], "maxIter": [10, 50, 100]}
grid = (ParamGridBuilder()
        .addGrid(lr.regParam, opts.get("regParam"))
        .addGrid(lr.maxIter, opts["maxIter"])
        .build())
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=2)
`,
      findings: [{ line: 12, column: 6, message: 'CrossValidator trains 2 folds x 9 combinations = 18 models (+1 refit)' }],
    },
    {
      name: "NumPy's evenly spaced values as a grid axis (linspace's num, 50 by default; logspace; arange of whole numbers)",
      code: `${HEADER}
import numpy as np
grid = (ParamGridBuilder()
        .addGrid(lr.regParam, np.linspace(0.0, 1.0, 5))
        .addGrid(lr.elasticNetParam, np.logspace(-3, 0))
        .addGrid(lr.maxIter, np.arange(10, 50, 10))
        .build())
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=2)
`,
      findings: [{ line: 13, column: 6, message: 'CrossValidator trains 2 folds x 1000 combinations = 2000 models (+1 refit)' }],
    },
    {
      name: 'arguments continued with backslashes inside the parentheses (the backslashes are not arguments)',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).build()
cv = CrossValidator(estimator=lr, \\
                    estimatorParamMaps=grid, \\
                    evaluator=evaluator, numFolds=4)
`,
      findings: [{ line: 8, column: 6, message: 'CrossValidator trains 4 folds x 3 combinations = 12 models (+1 refit)' }],
    },
    {
      name: 'a CrossValidator built in a loop with the same grid and folds on every pass (over datasets, over estimators)',
      code: `${HEADER}
from pyspark.ml.classification import RandomForestClassifier
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
for train_df in [january, february]:
    cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
    model = cv.fit(train_df)
for estimator in [lr, RandomForestClassifier(labelCol="churned")]:
    CrossValidator(estimator=estimator, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5).fit(train)
`,
      findings: [
        { line: 10, column: 10, message: 'CrossValidator trains 3 folds x 2 combinations = 6 models (+1 refit)' },
        { line: 13, column: 5, message: 'CrossValidator trains 5 folds x 2 combinations = 10 models (+1 refit)' },
      ],
    },
    {
      name: 'a grid built inside the loop, from written-out values, before the CrossValidator on every pass (an estimator built there too)',
      code: `${HEADER}
from pyspark.ml.recommendation import ALS
for weights in [[0.8, 0.2], [0.7, 0.3]]:
    train, test = ratings.randomSplit(weights, seed=1)
    als = ALS(userCol="user", itemCol="item", ratingCol="rating")
    grid = (ParamGridBuilder()
            .addGrid(als.rank, [5, 10, 20])
            .addGrid(als.regParam, [0.1, 0.01])
            .build())
    if train.count() > 0:
        cv = CrossValidator(estimator=als, estimatorParamMaps=grid, evaluator=evaluator, numFolds=2)
`,
      findings: [{ line: 16, column: 14, message: 'CrossValidator trains 2 folds x 6 combinations = 12 models (+1 refit)' }],
    },
    {
      name: 'an estimator built anew on each pass from the loop variable: its params own the grid, the value lists and folds are the same',
      code: `${HEADER}
for n in [25, 50, 100]:
    logreg = LogisticRegression(maxIter=n)
    grid = ParamGridBuilder().addGrid(logreg.regParam, [0.1, 0.01, 1]).addGrid(logreg.fitIntercept, [False, True]).build()
    cv = CrossValidator(estimator=logreg, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)
`,
      findings: [{ line: 10, column: 10, message: 'CrossValidator trains 5 folds x 6 combinations = 30 models (+1 refit)' }],
    },
    {
      name: 'default 3 folds, grid chained inline',
      code: `${HEADER}
cv = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).addGrid(lr.maxIter, [10, 50]).build(), evaluator=evaluator)
`,
      findings: [{ line: 7, column: 6, message: 'CrossValidator trains 3 folds x 4 combinations = 12 models (+1 refit)', severity: 'information' }],
    },
    {
      name: 'the spec example: 3 folds x 12 combinations, grid through a variable in parentheses over lines',
      code: `${HEADER}
grid = (
    ParamGridBuilder()
    .addGrid(lr.regParam, [0.001, 0.01, 0.1])
    .addGrid(lr.elasticNetParam, [0.0, 0.5, 1.0, 0.25])
    .build()
)
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=3)
`,
      findings: [{ line: 13, column: 6, message: 'trains 3 folds x 12 combinations = 36 models (+1 refit)' }],
    },
    {
      name: 'backslash continuations and value lists bound to names',
      code: `${HEADER}
reg_values = [0.01, 0.1, 1.0]
depths = (5, 10)
grid = ParamGridBuilder() \\
    .addGrid(lr.regParam, reg_values) \\
    .addGrid(lr.maxIter, depths) \\
    .build()
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)
`,
      findings: [{ line: 13, column: 6, message: '5 folds x 6 combinations = 30 models (+1 refit)' }],
    },
    {
      name: 'builder statements, setNumFolds chained and a setter statement for the grid',
      code: `${HEADER}
builder = ParamGridBuilder()
builder.addGrid(lr.regParam, [0.01, 0.1])
builder.addGrid(lr.maxIter, [10, 20, 50])
grid = builder.build()
cv = CrossValidator(estimator=lr, evaluator=evaluator).setNumFolds(4)
cv.setEstimatorParamMaps(grid)
`,
      findings: [{ line: 11, column: 6, message: '4 folds x 6 combinations = 24 models' }],
    },
    {
      name: 'grids added together and baseOn, through import aliases',
      code: `
import pyspark.ml.tuning as tuning
from pyspark.ml.classification import LogisticRegression
lr = LogisticRegression()
ridge = tuning.ParamGridBuilder().baseOn({lr.elasticNetParam: 0.0}).addGrid(lr.regParam, [0.01, 0.1, 1.0]).build()
lasso = tuning.ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).baseOn((lr.elasticNetParam, 1.0)).build()
tuning.CrossValidator(estimator=lr, estimatorParamMaps=ridge + lasso, numFolds=2)
`,
      findings: [{ line: 6, column: 1, message: '2 folds x 5 combinations = 10 models' }],
    },
    {
      name: 'a class alias, the same param added twice (the later list wins), baseOn overriding a grid',
      code: `
from pyspark.ml.classification import RandomForestClassifier
from pyspark.ml.tuning import CrossValidator as CV, ParamGridBuilder as PGB
rf = RandomForestClassifier()
grid = PGB().addGrid(rf.numTrees, [50, 100]).addGrid(rf.numTrees, [50, 100, 200]).addGrid(rf.maxDepth, [5, 10]).baseOn({rf.maxDepth: 8}).build()
CV(estimator=rf, estimatorParamMaps=grid)
`,
      findings: [{ line: 5, column: 1, message: '3 folds x 3 combinations = 9 models' }],
    },
    {
      name: 'above the limit of 100: a warning',
      code: `${HEADER}
grid = (ParamGridBuilder()
        .addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0])
        .addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0])
        .addGrid(lr.maxIter, [50, 100])
        .build())
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5)
`,
      findings: [{ line: 12, column: 6, message: '5 folds x 40 combinations = 200 models (+1 refit), above the limit of 100', severity: 'warning' }],
    },
    {
      name: 'a ParamRandomBuilder (Spark 3.2+): addRandom and addLog10Random add n drawn values each, beside addGrid',
      code: `
from pyspark.ml.regression import LinearRegression
from pyspark.ml.tuning import CrossValidator, ParamRandomBuilder
lr = LinearRegression(maxIter=10)
TRIALS = 10
maps = (ParamRandomBuilder()
        .addLog10Random(lr.regParam, 0.01, 1.0, TRIALS)
        .addRandom(lr.elasticNetParam, 0.0, 1.0, n=10)
        .addGrid(lr.fitIntercept, [False, True])
        .build())
cv = CrossValidator(estimator=lr, estimatorParamMaps=maps, numFolds=3)
`,
      findings: [{ line: 10, column: 6, message: '3 folds x 200 combinations = 600 models (+1 refit), above the limit of 100' }],
    },
    {
      name: 'grid and CrossValidator in different notebook cells, one combination',
      code: `# Databricks notebook source
${HEADER}
# COMMAND ----------

grid = ParamGridBuilder().addGrid(lr.regParam, [0.1]).build()

# COMMAND ----------

CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=10, seed=42)
`,
      findings: [{ line: 14, column: 1, message: '10 folds x 1 combination = 10 models (+1 refit)' }],
    },
    {
      name: 'numFolds through setParams and a name bound to a number',
      code: `${HEADER}
FOLDS = 4
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
cv = CrossValidator().setParams(estimator=lr, estimatorParamMaps=grid, numFolds=FOLDS)
`,
      findings: [{ line: 9, column: 6, message: '4 folds x 2 combinations = 8 models' }],
    },
    {
      name: 'a CrossValidator inside a function, grid at module level',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).addGrid(lr.fitIntercept, [True, False]).build()

def tune(df):
    cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
    return cv.fit(df)
`,
      findings: [{ line: 10, column: 10, message: '3 folds x 4 combinations = 12 models' }],
    },
    {
      name: 'value lists from range(), list(range()) and a comprehension over a literal list',
      code: `${HEADER}
grid = (ParamGridBuilder()
        .addGrid(lr.maxIter, range(10, 60, 10))
        .addGrid(lr.regParam, [10 ** -k for k in [1, 2, 3]])
        .addGrid(lr.aggregationDepth, list(range(2, 4)))
        .build())
CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)
`,
      findings: [{ line: 12, column: 1, message: 'CrossValidator trains 3 folds x 30 combinations = 90 models (+1 refit)', severity: 'information' }],
    },
    {
      name: 'range bounds and numFolds written as arithmetic (range(2, MAX_DEPTH + 1), 2 * 3 folds)',
      code: `${HEADER}
MAX_DEPTH = 10
grid = ParamGridBuilder().addGrid(lr.maxIter, list(range(2, MAX_DEPTH + 1))).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=2 * 3)
`,
      findings: [{ line: 9, column: 1, message: 'CrossValidator trains 6 folds x 9 combinations = 54 models (+1 refit)' }],
    },
    {
      name: 'a helper that builds the CrossValidator from its grid parameter: each call with a known grid is counted on that call',
      code: `${HEADER}
def tuned(estimator, grid, folds=4):
    tuner = CrossValidator(estimator=estimator, estimatorParamMaps=grid, evaluator=evaluator, numFolds=folds)
    return tuner

small = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
wide = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).addGrid(lr.maxIter, [20, 50]).build()
a = tuned(lr, small)
b = tuned(lr, grid=wide, folds=2)
c = tuned(lr, grid_from_elsewhere)
`,
      findings: [
        { line: 13, column: 5, message: 'tuned() builds a CrossValidator (line 8) that, with these arguments, trains 4 folds x 2 combinations = 8 models (+1 refit)', severity: 'information' },
        { line: 14, column: 5, message: 'trains 2 folds x 6 combinations = 12 models (+1 refit)' },
      ],
    },
    {
      name: 'helpers that pass the grid and folds on: counted at each call that gives known ones, naming the helpers between',
      code: `${HEADER}
def make_cv(clf, grid, folds):
    return CrossValidator(estimator=clf, estimatorParamMaps=grid, evaluator=evaluator, numFolds=folds)

def train(clf, data, grid, folds=3):
    return make_cv(clf, grid, folds).fit(data)

def run(data, grid):
    return train(lr, data, grid, folds=5)

small = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0, 10.0]).build()
a = train(lr, df, small)
b = run(df, small)
c = train(lr, df, grid_from_elsewhere)
d = make_cv(lr, small, 2)
`,
      findings: [
        { line: 17, column: 5, message: 'train() builds a CrossValidator (through make_cv(), line 8) that, with these arguments, trains 3 folds x 3 combinations = 9 models (+1 refit)' },
        { line: 18, column: 5, message: 'run() builds a CrossValidator (through train(), make_cv(), line 8) that, with these arguments, trains 5 folds x 3 combinations = 15 models (+1 refit)' },
        { line: 20, column: 5, message: 'make_cv() builds a CrossValidator (line 8) that, with these arguments, trains 2 folds x 3 combinations = 6 models (+1 refit)' },
      ],
    },
    {
      name: 'a helper with a fixed grid and numFolds from its parameter, above the limit: a warning on the call',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0]).addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0]).build()

def cross_validated(k):
    return CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=k).fit(train_df)

model = cross_validated(10)
`,
      findings: [{ line: 12, column: 9, message: 'trains 10 folds x 20 combinations = 200 models (+1 refit), above the limit of 100', severity: 'warning' }],
    },
  ],
  silent: [
    {
      name: 'near misses of a dict lookup: the dict changed in place before (also through .get, or in a function), a key it lacks, a ** part, a dict bound in two branches',
      code: `${HEADER}
opts = {"regParam": [0.01, 0.1, 1.0]}
opts["regParam"] = candidate_values
grid = ParamGridBuilder().addGrid(lr.regParam, opts.get("regParam")).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator).fit(train)
other = {"maxIter": [10, 50]}
grid2 = ParamGridBuilder().addGrid(lr.regParam, other.get("regParam", defaults)).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid2, evaluator=evaluator).fit(train)
if small:
    sizes = {"maxIter": [10]}
else:
    sizes = {"maxIter": [10, 50, 100, 200]}
grid3 = ParamGridBuilder().addGrid(lr.maxIter, sizes["maxIter"]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid3, evaluator=evaluator).fit(train)
grown = {"maxIter": [10, 50]}
grown.get("maxIter").append(100)
grid4 = ParamGridBuilder().addGrid(lr.maxIter, grown.get("maxIter")).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid4, evaluator=evaluator).fit(train)
merged = {"maxIter": [10, 50], **extra}
grid5 = ParamGridBuilder().addGrid(lr.maxIter, merged["maxIter"]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid5, evaluator=evaluator).fit(train)
shrunk = {"maxIter": [10, 50, 100]}
def shrink():
    shrunk["maxIter"] = [10]
shrink()
grid6 = ParamGridBuilder().addGrid(lr.maxIter, shrunk["maxIter"]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid6, evaluator=evaluator).fit(train)
held = {"maxIter": [10, 50]}
iters = held.get("maxIter")
iters.append(100)
grid7 = ParamGridBuilder().addGrid(lr.maxIter, held.get("maxIter")).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid7, evaluator=evaluator).fit(train)
DEPTHS = [2, 4]
d = DEPTHS
d.append(6)
grid8 = ParamGridBuilder().addGrid(lr.maxIter, DEPTHS).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid8, evaluator=evaluator).fit(train)
`,
    },
    {
      name: 'NumPy values whose count is not known from the code: a fractional arange step, linspace with equal ends or a computed num',
      code: `${HEADER}
import numpy as np
fractional = ParamGridBuilder().addGrid(lr.regParam, np.arange(0.1, 1.0, 0.1)).build()
CrossValidator(estimator=lr, estimatorParamMaps=fractional, evaluator=evaluator).fit(train)
same_ends = ParamGridBuilder().addGrid(lr.regParam, np.linspace(0.5, 0.5, 4)).build()
CrossValidator(estimator=lr, estimatorParamMaps=same_ends, evaluator=evaluator).fit(train)
computed = ParamGridBuilder().addGrid(lr.regParam, np.linspace(0.0, 1.0, steps)).build()
CrossValidator(estimator=lr, estimatorParamMaps=computed, evaluator=evaluator).fit(train)
`,
    },
    {
      name: 'a grid read inside a function, bound again at module level before the function runs: either grid may be counted',
      code: `
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

est = LogisticRegression()
grid = ParamGridBuilder().build()

def train(data):
    cv = CrossValidator(estimator=est, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator())
    return cv.fit(data)

grid = ParamGridBuilder().addGrid(est.regParam, [0.01, 0.1, 1.0]).addGrid(est.maxIter, [50, 100]).build()
model = train(df)
`,
    },
    {
      name: 'a comprehension over an unknown list, or filtered',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [r for r in candidates]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid)
grid2 = ParamGridBuilder().addGrid(lr.regParam, [r for r in [0.1, 1.0] if r > 0.5]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid2)
`,
    },
    {
      name: 'a course lab with placeholders',
      code: `${HEADER}
param_grid = ParamGridBuilder().addGrid(lr.regParam, <FILL_IN>).build()
CrossValidator(estimator=lr, estimatorParamMaps=param_grid, numFolds=3)
cv = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.1]).build(), numFolds=<FILL_IN>)
`,
    },
    {
      name: 'a value list that is not a literal (numpy), next to a range',
      code: `${HEADER}
import numpy as np
grid = ParamGridBuilder().addGrid(lr.regParam, list(np.logspace(-3, 0, 8))).addGrid(lr.maxIter, range(10, 60, 10)).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=5)
`,
    },
    {
      name: 'arithmetic on a name the file does not bind, or a division by zero',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.maxIter, range(2, max_depth + 1)).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=3)
other = ParamGridBuilder().addGrid(lr.maxIter, [5, 10]).build()
CrossValidator(estimator=lr, estimatorParamMaps=other, numFolds=6 // 0)
`,
    },
    {
      name: 'a ParamRandomBuilder whose number of draws the file does not show, or called with x and y only',
      code: `
from pyspark.ml.regression import LinearRegression
from pyspark.ml.tuning import CrossValidator, ParamRandomBuilder
lr = LinearRegression()
maps = ParamRandomBuilder().addRandom(lr.regParam, 0.0, 1.0, trials).addGrid(lr.maxIter, [5, 10]).build()
CrossValidator(estimator=lr, estimatorParamMaps=maps, numFolds=5)
broken = ParamRandomBuilder().addLog10Random(lr.regParam, 0.01, 1.0).build()
CrossValidator(estimator=lr, estimatorParamMaps=broken, numFolds=5)
`,
    },
    {
      name: 'numFolds from a function parameter',
      code: `${HEADER}
def tune(folds):
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
    return CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=folds)
`,
    },
    {
      name: 'a helper chain whose middle function changes the grid before passing it on, or is a method',
      code: `${HEADER}
def make_cv(grid):
    return CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator)

def widened(grid):
    grid = grid + ParamGridBuilder().addGrid(lr.maxIter, extra_iters).build()
    return make_cv(grid)

class Tuner:
    def tune(self, grid):
        return make_cv(grid)

small = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
widened(small)
Tuner().tune(small)
`,
    },
    {
      name: 'a grid from a helper function',
      code: `${HEADER}
from grids import logistic_grid
CrossValidator(estimator=lr, estimatorParamMaps=logistic_grid(lr), numFolds=3)
`,
    },
    {
      name: 'TrainValidationSplit is not a CrossValidator',
      code: `${HEADER}
from pyspark.ml.tuning import TrainValidationSplit
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
TrainValidationSplit(estimator=lr, estimatorParamMaps=grid, trainRatio=0.8)
`,
    },
    {
      name: 'a local class named CrossValidator',
      code: `
from pyspark.ml.tuning import ParamGridBuilder
class CrossValidator:
    def __init__(self, **kwargs):
        pass
grid = ParamGridBuilder().build()
CrossValidator(estimatorParamMaps=grid, numFolds=3)
`,
    },
    {
      name: 'another library\'s CrossValidator and grid builder',
      code: `
from mylib.tuning import CrossValidator, ParamGridBuilder
grid = ParamGridBuilder().addGrid("alpha", [1, 2]).build()
CrossValidator(estimatorParamMaps=grid, numFolds=3)
`,
    },
    {
      name: '**kwargs may set numFolds',
      code: `${HEADER}
cv_args = load_args()
grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, **cv_args)
`,
    },
    {
      name: 'addGrid in a loop',
      code: `${HEADER}
builder = ParamGridBuilder()
for param, values in [(lr.regParam, [0.1, 1.0]), (lr.maxIter, [10, 20])]:
    builder.addGrid(param, values)
CrossValidator(estimator=lr, estimatorParamMaps=builder.build())
`,
    },
    {
      name: 'a builder changed inside a function or a branch',
      code: `${HEADER}
builder = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0])
if wide_search:
    builder.addGrid(lr.maxIter, [10, 20, 50])
CrossValidator(estimator=lr, estimatorParamMaps=builder.build())
`,
    },
    {
      name: 'a grid list changed in place',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
grid.extend(extra_maps)
CrossValidator(estimator=lr, estimatorParamMaps=grid)
`,
    },
    {
      name: 'no grid given',
      code: `${HEADER}
cv = CrossValidator(estimator=lr, evaluator=evaluator, numFolds=3)
`,
    },
    {
      name: 'baseOn with a dict of unknown keys, and a param named through getParam',
      code: `${HEADER}
a = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).baseOn(fixed_params).build()
b = ParamGridBuilder().addGrid(lr.getParam("regParam"), [0.1, 1.0]).build()
CrossValidator(estimator=lr, estimatorParamMaps=a)
CrossValidator(estimator=lr, estimatorParamMaps=b)
`,
    },
    {
      name: 'an empty value list',
      code: `${HEADER}
CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, []).build())
`,
    },
    {
      name: 'numFolds below 2 or not an integer',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=1)
CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=2.5)
`,
    },
    {
      name: 'code in strings and comments, and a call mid-edit',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
# cv = CrossValidator(estimator=lr, estimatorParamMaps=grid)
doc = "CrossValidator(estimator=lr, estimatorParamMaps=grid)"
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=
`,
    },
    {
      name: 'a CrossValidator built in a loop over fold counts, over grids, or whose numFolds a setter in the loop changes',
      code: `${HEADER}
for folds in [3, 5]:
    cv = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.1]).build(), numFolds=folds)
grids = {"small": ParamGridBuilder().build(), "large": ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()}
for size in grids:
    grid = grids[size]
    CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator).fit(train)
for k in range(2, 6):
    cv = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.1]).build())
    cv.setNumFolds(k)
for n in [1, 2, 3]:
    est = LogisticRegression(maxIter=n)
    grid_n = ParamGridBuilder().addGrid(est.regParam, [0.1] * n).build()
    CrossValidator(estimator=est, estimatorParamMaps=grid_n, evaluator=evaluator).fit(train)
for n in [1, 2, 3]:
    est = LogisticRegression(maxIter=n)
    grid_e = ParamGridBuilder().addGrid(est.regParam, [est.getRegParam(), n]).build()
    CrossValidator(estimator=est, estimatorParamMaps=grid_e, evaluator=evaluator).fit(train)
`,
    },
    {
      name: 'a grid the loop may change between passes: assigned again after the CrossValidator, built from a list the loop appends to, assigned in a branch, or only after the CrossValidator',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.1]).build()
for i in range(3):
    CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator).fit(train)
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0, 10.0]).build()
values = [0.1]
for i in range(3):
    grown = ParamGridBuilder().addGrid(lr.regParam, values).build()
    CrossValidator(estimator=lr, estimatorParamMaps=grown, evaluator=evaluator).fit(train)
    values.append(i)
for i in range(3):
    if i > 0:
        maybe = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
    CrossValidator(estimator=lr, estimatorParamMaps=maybe, evaluator=evaluator).fit(train)
for i in range(3):
    for j in range(2):
        inner = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
    CrossValidator(estimator=lr, estimatorParamMaps=inner, evaluator=evaluator).fit(train)
`,
    },
    {
      name: 'a grid an outer loop changes between the passes of the inner one: a list appended to, a name assigned again or extended, folds counted up, a list a function of the file grows, a global a function rebinds',
      code: `${HEADER}
regs = [0.01]
for level in range(3):
    for seed in [7, 11]:
        grid = ParamGridBuilder().addGrid(lr.regParam, regs).build()
        CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, seed=seed).fit(train)
    regs.append(regs[-1] * 10)
shared = ParamGridBuilder().addGrid(lr.regParam, [0.1]).build()
for region in ["us", "eu"]:
    for seed in [1, 2]:
        CrossValidator(estimator=lr, estimatorParamMaps=shared, evaluator=evaluator, seed=seed).fit(train)
    shared = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).build()
folds = 3
while folds < 10:
    for seed in [1, 2]:
        k = folds
        CrossValidator(estimator=lr, estimatorParamMaps=shared, evaluator=evaluator, numFolds=k).fit(train)
    folds += 2
values = [0.01]
def grow(items):
    items.append(items[-1] * 10)
for step in range(3):
    grown = ParamGridBuilder().addGrid(lr.regParam, values).build()
    CrossValidator(estimator=lr, estimatorParamMaps=grown, evaluator=evaluator).fit(train)
    grow(values)
class Tuner:
    def widen(self, items):
        items.append(items[-1] * 10)
tuner = Tuner()
held = [0.01, 0.1]
for region in ["us", "eu"]:
    tuner.widen(held)
    CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, held).build(), evaluator=evaluator).fit(train)
from grid_utils import widen_values
shared_values = [0.01, 0.1]
for region in ["us", "eu"]:
    CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, shared_values).build(), evaluator=evaluator).fit(train)
    widen_values(shared_values)
wide = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1]).build()
def widen():
    global wide
    wide = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0]).build()
for i in range(3):
    CrossValidator(estimator=lr, estimatorParamMaps=wide, evaluator=evaluator).fit(train)
    widen()
`,
    },
    {
      name: 'a helper whose grid the calls do not show: passed on from a parameter, a splat, or a method called on an object',
      code: `${HEADER}
def tuned(estimator, grid):
    return CrossValidator(estimator=estimator, estimatorParamMaps=grid, numFolds=3)

def tune_all(grids):
    return [tuned(lr, g) for g in grids]

def forward(grid):
    return tuned(lr, grid)

tuned(*arguments)

class Tuner:
    def tuned(self, grid):
        return CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=3)

small = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
Tuner().tuned(small)
`,
    },
    {
      name: 'a call of another function that has the helper name',
      code: `${HEADER}
def tuned(estimator, grid):
    return CrossValidator(estimator=estimator, estimatorParamMaps=grid, numFolds=3)

from other import tuned
small = ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build()
tuned(lr, small)
`,
    },
  ],
  fixes: [
    {
      name: 'CrossValidator still used by another, small search: its import stays and TrainValidationSplit gets its own',
      code: `${HEADER}
big = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0, 10.0]).addGrid(lr.maxIter, [10, 20, 50, 100, 200]).build()
cv = CrossValidator(estimator=lr, estimatorParamMaps=big, evaluator=evaluator, numFolds=5)
small = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build(), evaluator=evaluator)
`,
      output: `from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder, TrainValidationSplit
lr = LogisticRegression(labelCol="churned")
evaluator = BinaryClassificationEvaluator(labelCol="churned")

big = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0, 10.0]).addGrid(lr.maxIter, [10, 20, 50, 100, 200]).build()
cv = TrainValidationSplit(estimator=lr, estimatorParamMaps=big, evaluator=evaluator, trainRatio=0.75)
small = CrossValidator(estimator=lr, estimatorParamMaps=ParamGridBuilder().addGrid(lr.regParam, [0.1, 1.0]).build(), evaluator=evaluator)
`,
      safety: 'unsafe',
    },
    {
      name: 'replaces CrossValidator with TrainValidationSplit, numFolds with trainRatio, and renames the import CrossValidator no longer needs',
      code: `${HEADER}
grid = (ParamGridBuilder()
        .addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0])
        .addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0])
        .addGrid(lr.maxIter, [50, 100])
        .build())
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, numFolds=5, parallelism=4)
model = cv.fit(train_df).bestModel
`,
      output: `from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import TrainValidationSplit, ParamGridBuilder
lr = LogisticRegression(labelCol="churned")
evaluator = BinaryClassificationEvaluator(labelCol="churned")

grid = (ParamGridBuilder()
        .addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0])
        .addGrid(lr.elasticNetParam, [0.0, 0.25, 0.5, 0.75, 1.0])
        .addGrid(lr.maxIter, [50, 100])
        .build())
cv = TrainValidationSplit(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator, trainRatio=0.75, parallelism=4)
model = cv.fit(train_df).bestModel
`,
      safety: 'unsafe',
    },
    {
      name: 'a multi-line call with the default numFolds and a module alias that already gives TrainValidationSplit',
      code: `
import pyspark.ml.tuning as tuning
from pyspark.ml.classification import RandomForestClassifier
rf = RandomForestClassifier()
grid = tuning.ParamGridBuilder().addGrid(rf.numTrees, [50, 100, 200, 400]).addGrid(rf.maxDepth, [4, 6, 8, 10, 12]).addGrid(rf.maxBins, [32, 64]).build()
cv = tuning.CrossValidator(
    estimator=rf,
    estimatorParamMaps=grid,
)
`,
      output: `
import pyspark.ml.tuning as tuning
from pyspark.ml.classification import RandomForestClassifier
rf = RandomForestClassifier()
grid = tuning.ParamGridBuilder().addGrid(rf.numTrees, [50, 100, 200, 400]).addGrid(rf.maxDepth, [4, 6, 8, 10, 12]).addGrid(rf.maxBins, [32, 64]).build()
cv = tuning.TrainValidationSplit(
    estimator=rf,
    estimatorParamMaps=grid,
)
`,
      safety: 'unsafe',
    },
    {
      name: 'setNumFolds in a chain and in a statement become setTrainRatio',
      code: `${HEADER}
grid = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0, 10.0]).addGrid(lr.maxIter, [10, 20, 50, 100, 200]).build()
cv = CrossValidator(estimator=lr, estimatorParamMaps=grid).setNumFolds(3)
cv.setNumFolds(5)
`,
      output: `from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
from pyspark.ml.tuning import TrainValidationSplit, ParamGridBuilder
lr = LogisticRegression(labelCol="churned")
evaluator = BinaryClassificationEvaluator(labelCol="churned")

grid = ParamGridBuilder().addGrid(lr.regParam, [0.001, 0.01, 0.1, 1.0, 10.0]).addGrid(lr.maxIter, [10, 20, 50, 100, 200]).build()
cv = TrainValidationSplit(estimator=lr, estimatorParamMaps=grid).setTrainRatio(0.75)
cv.setTrainRatio(0.75)
`,
      safety: 'unsafe',
    },
  ],
});

describe('MLT105 crossvalidator-model-count: limit and fix conditions', () => {
  const code = dedent(`${HEADER}
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.01, 0.1, 1.0]).addGrid(lr.maxIter, [10, 50]).build()
    cv = CrossValidator(estimator=lr, estimatorParamMaps=grid, numFolds=5)
  `);

  it('is a warning with a fix above crossValidatorModelLimit, information without one below it', async () => {
    const linter = await testLinter();
    const low = linter.lintText('file:///t.py', code, { select: ['MLT105'], settings: { crossValidatorModelLimit: 20 } }).findings;
    assert.deepEqual(low.map((finding) => [finding.severity, finding.fixes.length]), [['warning', 1]]);
    assert.ok(low[0].message.includes('30 models (+1 refit), above the limit of 20'));
    const high = linter.lintText('file:///t.py', code, { select: ['MLT105'] }).findings;
    assert.deepEqual(high.map((finding) => [finding.severity, finding.fixes.length]), [['information', 0]]);
  });

  it('offers no fix when the file uses fold-only API or a foldCol', async () => {
    const linter = await testLinter();
    const settings = { crossValidatorModelLimit: 10 };
    for (const extra of ['print(cv.fit(df).avgMetrics)', 'cv.setFoldCol("fold")']) {
      const findings = linter.lintText('file:///t.py', `${code}\n${extra}\n`, { select: ['MLT105'], settings }).findings;
      assert.deepEqual(findings.map((finding) => [finding.severity, finding.fixes.length]), [['warning', 0]], extra);
    }
  });

  it('exports the count for the inlay hint', async () => {
    const linter = await testLinter();
    const model = new SemanticModel(linter.parse('file:///t.py', code));
    const [site] = crossValidatorCalls(model);
    const count = crossValidatorModelCount(model, site.node);
    assert.deepEqual(count && [count.folds, count.combinations, count.models], [5, 6, 30]);
  });
});
