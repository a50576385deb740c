import type { Node } from 'web-tree-sitter';
import { ensureImportedReplacing, replaceNode } from './engine/fixBuilders';
import { field, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { allArguments, hasSplatArguments } from './semantic/calls';
import { chainCalls, isSparkSession, methodChain } from './semantic/dataFrameChains';
import { fileShowsLibrary, receiverIsLocalObject } from './semantic/libraryEvidence';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { constructedSparkMlClass, sparkMlClass } from './semantic/sparkMlClasses';
import { parameterOf } from './semantic/parameterValues';
import { fminCalls, objectiveFunction, partialKeywordValues, sparkTrialsCall } from './semantic/tuning';

/** How far the objective is followed into the functions of the file it calls. */
const MAX_HELPER_DEPTH = 3;

/**
 * Calls whose result is no longer a Spark DataFrame: a chain that went through one of them on the driver left Spark there.
 * `spark.sparkContext.broadcast(pdf)` gives a Broadcast whose `.value` a task reads on the worker (plain local data there,
 * a usual way to hand a large dataset to SparkTrials' tasks); pandas-on-Spark's `to_pandas()` / `to_numpy()` and `toArrow()` give local data.
 */
const LEAVES_SPARK = new Set(['toPandas', 'collect', 'take', 'head', 'first', 'tail', 'count', 'toLocalIterator', 'toJSON', 'show', 'broadcast', 'toArrow', 'to_pandas', 'to_numpy']);

/** Spark ML classes that are plain Python (vectors, matrices): building them needs no SparkContext. */
const PURE_PYTHON_MODULES = /^pyspark\.ml\.(?:linalg|param)(?:\.|$)/;

interface SparkUse {
  node: Node;
  /** `creates a Spark ML LogisticRegression`, `calls spark.table()`. */
  what: string;
}

/** The Spark ML class of an object expression (pure-Python helpers such as pyspark.ml.linalg excluded). */
function sparkMlObjectClass(model: SemanticModel, expression: Node): string | undefined {
  const sparkClass = constructedSparkMlClass(model, expression)?.sparkClass;
  return sparkClass && !PURE_PYTHON_MODULES.test(sparkClass.module) ? sparkClass.name : undefined;
}

/** What a call inside the objective does with Spark, if anything. */
function sparkUseOf(model: SemanticModel, site: CallSite, showsPyspark: boolean, bound: ReadonlyMap<string, Node>, fn: Node): SparkUse | undefined {
  // Building a Spark ML object (`LogisticRegression(...)`, `Pipeline(...)`, `VectorAssembler(...)`).
  const sparkClass = sparkMlClass(site.qualifiedName);
  if (sparkClass && !PURE_PYTHON_MODULES.test(sparkClass.module)) return { node: site.node, what: `creates a Spark ML ${sparkClass.name}` };
  if (site.receiver && (site.name === 'fit' || site.name === 'fitMultiple')) {
    const fitted = sparkMlObjectClass(model, boundValue(model, site.receiver, bound, fn));
    if (fitted) return { node: site.node, what: `fits a Spark ML ${fitted}` };
  }
  // pandas API on Spark (`ps.read_table(...)`, `ps.DataFrame(...)`, `ps.from_pandas(...)`): it runs on the session's SparkContext.
  if (/^pyspark\.pandas\.(?:read_\w+|DataFrame|Series|from_pandas|sql|range|concat|merge|get_dummies)$/.test(site.qualifiedName ?? '')) {
    return { node: site.node, what: `calls the pandas API on Spark (${site.qualifiedName}())` };
  }
  // A chain that starts at the Spark session: `spark.table(...)`, `train_df.select(...)` with `train_df = spark.table(...)`.
  const chain = methodChain(model, site.node);
  if (isSparkSession(model, chain.root)) {
    const calls = chainCalls(chain);
    if (calls.slice(0, -1).some((call) => LEAVES_SPARK.has(call.name ?? ''))) return undefined;
    // Up to the first call: `spark.table()`, and through a property, `spark.read.parquet()`.
    const shown: string[] = [];
    for (const step of chain.steps) {
      shown.push((step.kind === 'call' ? step.site.name : step.name) ?? '');
      if (step.kind === 'call') break;
    }
    if (chain.names.length === 0) return { node: site.node, what: `calls ${chain.root.text}.${shown.length > 0 && shown.every((name) => name !== '') ? shown.join('.') : site.name}()` };
    return { node: site.node, what: `calls ${site.name}() on a Spark DataFrame` };
  }
  // `toPandas` is Spark's own name: on any receiver that is not an object of the file's classes.
  if (site.name === 'toPandas' && site.receiver && showsPyspark && allArguments(site).length === 0 && !receiverIsLocalObject(model, site)) {
    const qualifiedName = site.qualifiedName;
    if (!qualifiedName || /^(?:pyspark|databricks\.globals)\./.test(qualifiedName)) return { node: site.node, what: 'calls toPandas() on a Spark DataFrame' };
  }
  return undefined;
}

/** A parameter of `fn` that `functools.partial(fn, name=value)` binds: that value; else the expression itself. */
function boundValue(model: SemanticModel, expression: Node, bound: ReadonlyMap<string, Node>, fn: Node): Node {
  const name = unparenthesize(expression);
  const value = name.type === 'identifier' ? bound.get(name.text) : undefined;
  return value && parameterOf(model, name)?.function.id === fn.id ? value : expression;
}

const NOTHING_BOUND: ReadonlyMap<string, Node> = new Map();

/**
 * The first Spark use in a function or in the functions of the file it calls, with the helper
 * it is in. `bound`: what a partial binds to the function's parameters (the objective only).
 */
function findSparkUse(model: SemanticModel, fn: Node, showsPyspark: boolean, depth: number, visited: Set<number>, bound = NOTHING_BOUND): { use: SparkUse; helpers: string[] } | undefined {
  visited.add(fn.id);
  const body = field(fn, 'body') ?? fn;
  for (const site of model.callsWithin(body)) {
    const use = sparkUseOf(model, site, showsPyspark, bound, fn);
    if (use) return { use, helpers: [] };
    if (depth >= MAX_HELPER_DEPTH) continue;
    const callee = unparenthesize(site.callee);
    if (callee.type !== 'identifier') continue;
    const helper = model.resolveFunction(callee);
    if (!helper || helper.type !== 'function_definition' || visited.has(helper.id)) continue;
    const found = findSparkUse(model, helper, showsPyspark, depth + 1, visited);
    if (found) return { use: found.use, helpers: [callee.text, ...found.helpers] };
  }
  return undefined;
}

function trialsFix(context: RuleContext, sparkTrials: CallSite): Fix | undefined {
  const { model } = context;
  if (hasSplatArguments(sparkTrials)) return undefined;
  const imported = ensureImportedReplacing(model, 'hyperopt', 'Trials', sparkTrials.node, unparenthesize(sparkTrials.callee));
  return {
    title: 'Replace SparkTrials(...) with Trials(): the trials run one after another on the driver',
    safety: 'unsafe',
    edits: [...imported.edits, replaceNode(sparkTrials.node, `${imported.localName}()`)],
  };
}

function check(context: RuleContext): void {
  const { model, document } = context;
  const reported = new Set<number>();
  const showsPyspark = fileShowsLibrary(model, 'pyspark');
  for (const fmin of fminCalls(model)) {
    if (!fmin.trials || !fmin.objective) continue;
    const sparkTrials = sparkTrialsCall(model, fmin.trials);
    if (!sparkTrials || reported.has(sparkTrials.node.id)) continue;
    const objective = objectiveFunction(model, fmin.objective);
    if (!objective) continue;
    const found = findSparkUse(model, objective, showsPyspark, 0, new Set(), partialKeywordValues(model, fmin.objective));
    if (!found) continue;
    reported.add(sparkTrials.node.id);
    const name = objective.type === 'function_definition' ? `${field(objective, 'name')?.text ?? 'objective'}()` : 'the objective lambda';
    const through = found.helpers.length > 0 ? ` (through ${found.helpers.map((helper) => `${helper}()`).join(' -> ')})` : '';
    const fix = trialsFix(context, sparkTrials);
    context.report({
      node: unparenthesize(sparkTrials.callee),
      message:
        `SparkTrials runs each trial of ${name} in a Spark task on a worker, where there is no SparkContext, but ${name}${through} ${found.use.what} ` +
        `(${document.lineOf(found.use.node.startIndex)}): Spark ML and DataFrame calls cannot run there — use hyperopt's default Trials(), ` +
        'which runs the trials on the driver and lets Spark distribute each one',
      fixes: fix ? [fix] : [],
    });
  }
}

export const mlt205SparkMlInSparktrials: Rule = {
  meta: {
    id: 'MLT205',
    name: 'spark-ml-in-sparktrials',
    severity: 'error',
    area: 'Distributed training and tuning',
    domain: 'Model Development',
    legacy: 'Hyperopt (not in Databricks Runtime ML after 16.4 LTS); Optuna with MLflow\'s MlflowSparkStudy, or Ray Tune, replace it',
    title: 'SparkTrials objective that builds or fits Spark ML or uses Spark DataFrames',
  },
  docs: {
    trap: 'A hyperopt objective run with `trials=SparkTrials(...)` that builds or fits a Spark ML estimator, or reads Spark DataFrames (also through the pandas API on Spark: `pyspark.pandas.read_table(...)`).',
    reality:
      'SparkTrials is made for single-machine training (scikit-learn, XGBoost, LightGBM): it sends each trial\'s objective to the cluster and runs it ' +
      'inside a Spark task on a worker. Spark\'s SparkContext exists only on the driver, so in that task Spark ML and DataFrame code cannot run: ' +
      'building a Spark ML estimator, `spark.table(...)`, a DataFrame method such as `.toPandas()`, or even serializing an objective that holds a ' +
      'DataFrame fails. Databricks\' guidance for distributed learners such as Spark MLlib: do not pass SparkTrials; use the default `Trials`, which ' +
      'evaluates each trial on the driver so that the algorithm itself distributes the training. mltraps follows the objective (a def or lambda of ' +
      'the file, `functools.partial`, a factory\'s inner def, with the Spark ML objects a partial binds to its parameters by keyword) into the functions of the file it calls, up to three levels deep. Hyperopt itself is ' +
      'legacy on Databricks: it is not included in Databricks Runtime ML after 16.4 LTS; Optuna (with MLflow\'s MlflowSparkStudy for parallel ' +
      'single-machine trials) or Ray Tune replace it.',
    example: [
      'from hyperopt import SparkTrials, fmin, hp, tpe',
      'from pyspark.ml.classification import LogisticRegression',
      '',
      'def objective(params):',
      '    lr = LogisticRegression(regParam=params["reg"])  # no SparkContext on the worker',
      '    model = lr.fit(train_df)',
      '    return {"loss": -evaluator.evaluate(model.transform(val_df)), "status": "ok"}',
      '',
      'fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=SparkTrials(parallelism=4))',
      '',
    ].join('\n'),
    useInstead: [
      'from hyperopt import Trials, fmin, tpe',
      '',
      '# Trials runs each trial on the driver; Spark ML distributes the fit itself',
      'fmin(fn=objective, space=space, algo=tpe.suggest, max_evals=20, trials=Trials())',
      '',
    ].join('\n'),
    fix: 'Replaces `SparkTrials(...)` with `Trials()` and imports Trials when it is not imported: in place of SparkTrials in its `from hyperopt import ...` when this was the only use of SparkTrials, else on a line of its own.',
    fixSafety:
      'Unsafe: the trials then run one after another on the driver, each one distributed by Spark ML, and SparkTrials\' own settings ' +
      '(parallelism, timeout) are dropped; Databricks does not log Trials-based searches to MLflow automatically, so log the trials yourself.',
    examFact:
      'SparkTrials distributes single-machine trainings (scikit-learn, XGBoost, LightGBM); for a distributed learner such as Spark ML, use hyperopt\'s default `Trials`.',
    references: [
      { title: 'Use distributed training algorithms with Hyperopt (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-distributed-ml' },
      { title: 'Hyperopt concepts: the SparkTrials class (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/hyperopt-concepts' },
      { title: 'Hyperparameter tuning with Optuna: MlflowSparkStudy (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/automl-hyperparam-tuning/optuna' },
    ],
  },
  triggers: ['SparkTrials'],
  alsoNeeds: ['fmin'],
  check,
};
