import type { Node } from 'web-tree-sitter';
import { addKeywordArgument, replaceNode } from './engine/fixBuilders';
import { ancestorOfType, dottedChainHead, field, namedChildren, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { fileRunsOnDatabricks, fileShowsLibrary, receiverIsLocalObject } from './semantic/libraryEvidence';
import { targetNames } from './semantic/bindings';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { isTestCode } from './semantic/testCode';
import { trainsInFile } from './semantic/training';
import { booleanValue, isNoneLiteral } from './semantic/values';
import { calledMethod } from './semantic/methodCalls';
import { parameterName } from './semantic/parameterValues';
import { constructedSparkMlClass } from './semantic/sparkMlClasses';

const SEED = '42';

const TRAIN_TEST_SPLIT = new Set([
  'sklearn.model_selection.train_test_split',
  'sklearn.model_selection._split.train_test_split',
  // scikit-learn < 0.20
  'sklearn.cross_validation.train_test_split',
]);

/** Helpers that seed every generator they know (`transformers.set_seed`, Lightning's `seed_everything`, a project's `set_seeds`). */
const SEEDING_HELPER = /^(?:set_?(?:random_?|global_?)?seeds?|seed_?everything|seed_?all|fix_?(?:random_?)?seeds?)$/i;

/**
 * A call of a global seeding function in the file (`random.seed(7)`, `np.random.seed(7)`), or of
 * a seeding helper (`set_seeds(42)` from the project's utils), also with no argument where it
 * seeds with a default (seedsWithItsDefault).
 */
function seedsGlobally(model: SemanticModel, qualifiedName: string): boolean {
  // By any local name: `from numpy.random import seed as np_seed` then `np_seed(0)`; not `np.random.seed()`, which reseeds from the OS.
  if (model.callsOfImported(['seed'], (name) => name === qualifiedName).some((site) => givesSeed(model, site))) return true;
  // By the file's distinct callee names, not call by call.
  for (const name of model.callNamesMatching(SEEDING_HELPER)) {
    // `rf.setSeed(42)` seeds that estimator only, not the split.
    const helpers = model.callsNamed(name).filter((site) => !site.receiver || !constructedSparkMlClass(model, site.receiver));
    if (helpers.some((site) => givesSeed(model, site) || seedsWithItsDefault(model, site))) return true;
  }
  return false;
}

/** A seeding call given a seed: an argument that is not None. */
function givesSeed(model: SemanticModel, site: CallSite): boolean {
  const first = allArguments(site)[0];
  return !!first && !isNoneLiteral(model, first);
}

/** Seeding calls that draw a new random seed when given none. */
const RESEEDS_RANDOMLY = new Set(['torch.cuda.seed_all', 'torch.cuda.seed', 'torch.seed']);

/**
 * A seeding helper called with no argument seeds with its default, unless the file shows that it
 * does not: a function or method of the file that only stores, logs or records the value, or
 * one whose seed parameter defaults to None and whose body draws a random seed
 * (`random.randint(...)`, `torch.seed()`). A default the rule cannot read (a constant, an
 * environment variable, `**kwargs`) counts as a seed; so does a helper the file does not show
 * (the project's `utils.set_seeds()`, written `def set_seeds(seed=42)`; Lightning's
 * `seed_everything()`, which seeds 0 when no seed is set). PyTorch's `torch.cuda.seed_all()`
 * draws a random seed.
 */
function seedsWithItsDefault(model: SemanticModel, site: CallSite): boolean {
  if (RESEEDS_RANDOMLY.has(site.qualifiedName ?? '')) return false;
  const definition = site.receiver ? calledMethod(model, site) : model.resolveFunction(site.callee);
  if (definition?.type !== 'function_definition') return true;
  const calls = model.callsWithin(definition);
  // A body that only stores, logs or records the value (`self.seed = value`, `log.info(...)`,
  // `mlflow.log_param("seed", seed)`, `os.environ["PYTHONHASHSEED"] = str(seed)`), or builds a
  // generator of its own (`np.random.default_rng(seed)`), seeds nothing the split draws from.
  if (!calls.some((call) => /seed/i.test(call.name ?? '') || !NON_SEEDING_CALLS.has(call.name ?? ''))) return false;
  const list = field(definition, 'parameters');
  const seed = list ? namedChildren(list).find((parameter) => /seed/i.test(parameterName(parameter)?.text ?? '')) : undefined;
  const value = seed && (seed.type === 'default_parameter' || seed.type === 'typed_default_parameter') ? field(seed, 'value') : undefined;
  if (!seed || !value || !isNoneLiteral(model, value)) return true;
  const seedName = parameterName(seed)?.text ?? '';
  return !calls.some((call) => RANDOM_SOURCES.has(call.qualifiedName ?? '') && becomesSeed(call.node, seedName, definition));
}

/**
 * A random number that becomes the seed: assigned to the seed parameter (`seed =
 * random.randint(...)`) or passed to a seeding call (`torch.manual_seed(seed if seed is not None
 * else torch.seed())`); not a timer's `time.time()`.
 */
function becomesSeed(node: Node, seedName: string, within: Node): boolean {
  for (let current = node.parent; current && current.id !== within.id; current = current.parent) {
    if (current.type === 'assignment') return field(current, 'left')?.text === seedName;
    if (current.type === 'call' && /seed/i.test(field(current, 'function')?.text ?? '')) return true;
  }
  return false;
}

/** Calls that seed no global generator: formatting, logging, recording, configuration, generators of their own. */
const NON_SEEDING_CALLS = new Set([
  'print', 'str', 'int', 'float', 'len', 'format', 'info', 'debug', 'warning', 'warn', 'error', 'exception', 'log',
  'log_param', 'log_params', 'set_tag', 'set_tags', 'update', 'setdefault', 'get', 'getenv', 'putenv',
  'default_rng', 'Random', 'RandomState', 'Generator', 'PCG64', 'MT19937',
]);

/** Calls that draw a random number: a helper whose seed defaults to None and calls one picks a new seed each run. */
const RANDOM_SOURCES = new Set([
  'random.randint', 'random.randrange', 'random.random', 'random.getrandbits', 'numpy.random.randint', 'numpy.random.rand',
  'torch.seed', 'torch.randint', 'time.time', 'time.time_ns', 'os.urandom', 'secrets.randbits', 'secrets.randbelow', 'secrets.token_bytes',
]);

/**
 * Whether training here makes MLflow runs: the file calls MLflow, or it is Databricks code, where
 * Databricks Autologging calls mlflow.autolog() in notebooks on ML runtimes. An import of
 * mlflow that nothing uses, in a script, makes none.
 */
function tracksRuns(model: SemanticModel): boolean {
  return fileRunsOnDatabricks(model) || callsMlflowThroughImport(model) || model.calls().some(callsMlflow);
}

const callsMlflow = (site: CallSite) => site.qualifiedName?.startsWith('mlflow.') ?? false;

/**
 * A call of MLflow on a name the file imports from it (`mlflow.start_run()`, `mf.log_metric`,
 * `log_metric` from `from mlflow import log_metric`): found from the name's uses, so that the
 * usual case does not read every call of the file.
 */
function callsMlflowThroughImport(model: SemanticModel): boolean {
  for (const binding of model.importBindingsFrom('mlflow')) {
    for (const use of model.mayRead(binding)) {
      const callee = dottedChainHead(use);
      const call = callee.parent;
      if (call?.type === 'call' && field(call, 'function')?.id === callee.id && callsMlflow(model.callSite(call))) return true;
    }
  }
  return false;
}

/** `randomSplit` of a Spark DataFrame (or RDD): not of an object of a class of the file, nor of another library. */
function isSparkRandomSplit(model: SemanticModel, site: CallSite): boolean {
  if (!site.receiver || receiverIsLocalObject(model, site)) return false;
  const qualifiedName = site.qualifiedName;
  // Sparkling Water's `hc.asSparkFrame(h2o_frame)` gives a Spark DataFrame (an H2OFrame splits with split_frame);
  // so does a feature client's training set (`fs.create_training_set(...).load_df()`).
  if (qualifiedName) return /^(?:pyspark|pysparkling|databricks\.globals)\./.test(qualifiedName) || /^databricks\.(?:feature_store|feature_engineering)\.[\w.]*\.load_df\.randomSplit$/.test(qualifiedName);
  return fileShowsLibrary(model, 'pyspark');
}

/** The name of the call to underline: `randomSplit` in `df.randomSplit(...)`, the whole callee otherwise. */
function anchor(site: CallSite): Node {
  const callee = unparenthesize(site.callee);
  return (callee.type === 'attribute' ? field(callee, 'attribute') : undefined) ?? callee;
}

/** `seed=42` added to the call, or the `None` given for it replaced. */
function seedFix(context: RuleContext, site: CallSite, parameter: string, noneValue: Node | undefined): Fix | undefined {
  const edit = noneValue ? replaceNode(noneValue, SEED) : addKeywordArgument(context.document, site.node, `${parameter}=${SEED}`);
  if (!edit) return undefined;
  return {
    title: noneValue ? `Set ${parameter}=${SEED} (the split changes)` : `Add ${parameter}=${SEED} (the split changes)`,
    safety: 'unsafe',
    edits: [edit],
  };
}

/**
 * What a split without a seed costs, in words that hold whatever the file records: which runs,
 * which logged model depends on MLflow's autologging, versions and settings that a file cannot
 * show in full (two probes of 76 files found a sentence about them false on 30).
 */
const CONSEQUENCE = 'so the trained model (and any metric computed on the held-out rows) differs from one execution to the next and cannot be reproduced';

function checkRandomSplit(context: RuleContext): void {
  const { model, document } = context;
  const sites = model.callsNamed('randomSplit');
  if (sites.length === 0 || seedsGlobally(model, 'random.seed')) return;
  for (const site of sites) {
    if (site.node.hasError || hasSplatArguments(site) || !argument(site, 'weights', 0)) continue;
    if (!isSparkRandomSplit(model, site) || isTestCode(document.uri, site.node)) continue;
    const seed = argument(site, 'seed', 1);
    if (seed && !isNoneLiteral(model, seed)) continue;
    if (splitOnlyInspected(model, site.node)) continue;
    const given = seed ? ' (seed=None)' : '';
    const fix = seedFix(context, site, 'seed', seed);
    context.report({
      node: anchor(site),
      message: `randomSplit without a seed${given} draws a new random seed at each call: the train and test rows change each time the code runs, ${CONSEQUENCE} — pass seed=...`,
      fixes: fix ? [fix] : [],
    });
  }
}

/** Methods and attributes that only look at a frame (`df.describe()`, `df.shape`). */
const INSPECTIONS = new Set(['describe', 'head', 'tail', 'info', 'shape', 'columns', 'dtypes', 'show', 'printSchema', 'summary', 'value_counts', 'isnull', 'isna', 'count']);
/** Calls that only show or measure what they are given. */
const SHOWING_CALLS = new Set(['print', 'display', 'len']);

/**
 * Whether every output of a split is only looked at: described, shown, counted, written into
 * (`sample[col] = ...`), or returned from a function of the file whose every call does the same
 * with the result (a stratified sample for descriptive statistics). Such a split feeds no
 * training: its rows changing between executions changes no run's metrics. Any other use, or a
 * use mltraps cannot follow, counts as feeding one.
 */
function splitOnlyInspected(model: SemanticModel, split: Node): boolean {
  const assignment = split.parent;
  if (assignment?.type !== 'assignment' || field(assignment, 'right')?.id !== split.id) return false;
  const left = field(assignment, 'left');
  if (!left) return false;
  return onlyInspected(model, assignment, targetNames(left), 0);
}

/** Whether the names the assignment binds are used, and only looked at (a split never used again is reported as it was). */
function onlyInspected(model: SemanticModel, assignment: Node, names: readonly Node[], depth: number): boolean {
  if (depth > 2 || names.length === 0) return false;
  let used = false;
  for (const name of names) {
    const binding = model.bindings.all(name.text).find((candidate) => candidate.node.id === assignment.id);
    if (!binding) return false;
    for (const use of model.mayRead(binding)) {
      if (!isInspection(model, use, depth, names)) return false;
      used = true;
    }
  }
  return used;
}

function isInspection(model: SemanticModel, use: Node, depth: number, outputs: readonly Node[]): boolean {
  const parent = use.parent;
  if (!parent) return false;
  if (onlyInputExample(model, use, depth)) return true;
  // `sample[target] = sample_target`: one output written into another.
  if (parent.type === 'assignment' && field(parent, 'right')?.id === use.id) {
    const left = field(parent, 'left');
    const object = left?.type === 'subscript' ? field(left, 'value') : undefined;
    return object?.type === 'identifier' && outputs.some((output) => output.text === object.text);
  }
  if (parent.type === 'attribute' && field(parent, 'object')?.id === use.id) return INSPECTIONS.has(field(parent, 'attribute')?.text ?? '');
  // `sample[target] = labels`: written into, not read.
  if (parent.type === 'subscript' && field(parent, 'value')?.id === use.id) {
    const holder = parent.parent;
    return holder?.type === 'assignment' && field(holder, 'left')?.id === parent.id;
  }
  if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
    const callee = field(parent.parent, 'function');
    return callee?.type === 'identifier' && SHOWING_CALLS.has(callee.text);
  }
  if (parent.type === 'return_statement') {
    const fn = ancestorOfType(parent, ['function_definition']);
    const name = fn ? field(fn, 'name')?.text : undefined;
    if (!fn || !name) return false;
    const calls = model.callsNamed(name).filter((site) => model.resolveFunction(site.callee)?.id === fn.id);
    return calls.length > 0 && calls.every((site) => {
      const holder = site.node.parent;
      if (holder?.type === 'expression_statement') return true;
      // `display(eda_sample(df, 0.05))`, `eda_sample(df, 0.05).describe().show()`: the result looked at in place, and nothing kept
      // (`stats = eda_sample(...).describe().toPandas()` may feed the training).
      if (isInspection(model, site.node, depth + 1, []) && resultDiscarded(site.node)) return true;
      if (holder?.type !== 'assignment' || field(holder, 'right')?.id !== site.node.id) return false;
      const target = field(holder, 'left');
      return target?.type === 'identifier' && onlyInspected(model, holder, [target], depth + 1);
    });
  }
  return false;
}

/** Steps that take a few rows of a frame as they are (`sample.limit(5).toPandas()`, `X_test[:5]`). */
const ROW_TAKING = new Set(['limit', 'head', 'take', 'toPandas', 'to_pandas', 'sample', 'drop', 'select', 'iloc', 'copy']);

/**
 * Whether `use` only becomes a logged model's input example: taken as rows (ROW_TAKING, a
 * slice) and passed as log_model's `input_example=`, in place or through a name whose every read
 * is one, shows it or makes the signature from it.
 * A random example changes the example logged beside the model, not the model or its metrics.
 */
function onlyInputExample(model: SemanticModel, use: Node, depth: number): boolean {
  let top = use;
  for (;;) {
    const parent = top.parent;
    if (!parent) return false;
    if (parent.type === 'attribute' && field(parent, 'object')?.id === top.id && ROW_TAKING.has(field(parent, 'attribute')?.text ?? '')) {
      top = parent.parent?.type === 'call' && field(parent.parent, 'function')?.id === parent.id ? parent.parent : parent;
    } else if (parent.type === 'subscript' && field(parent, 'value')?.id === top.id && namedChildren(parent).some((index) => index.id !== top.id && index.type === 'slice')) top = parent;
    else if (parent.type === 'parenthesized_expression') top = parent;
    else break;
  }
  const holder = top.parent;
  if (holder?.type === 'keyword_argument' && field(holder, 'value')?.id === top.id) {
    // A model's example, given to log_model: another function's `input_example` may train on it.
    const call = holder.parent?.parent;
    return field(holder, 'name')?.text === 'input_example' && call?.type === 'call' && model.callSite(call).name === 'log_model';
  }
  if (top.id === use.id || depth > 2 || holder?.type !== 'assignment' || field(holder, 'right')?.id !== top.id) return false;
  const target = field(holder, 'left');
  const binding = target?.type === 'identifier' ? model.bindingMadeBy(holder, target.text) : undefined;
  const reads = binding ? model.mayRead(binding) : [];
  return reads.length > 0 && reads.every((read) => onlyInputExample(model, read, depth + 1) || shownOrSigned(model, read));
}

/**
 * An example's read that only shows it (`display(example)`) or makes the model's signature
 * from it (`infer_signature(example, model.predict(example))`): neither trains nor measures.
 */
function shownOrSigned(model: SemanticModel, read: Node): boolean {
  const parent = read.parent;
  const callee = parent?.type === 'argument_list' && parent.parent?.type === 'call' ? field(parent.parent, 'function') : undefined;
  if (callee?.type === 'identifier' && SHOWING_CALLS.has(callee.text)) return true;
  for (let node = read.parent; node && !node.type.endsWith('statement'); node = node.parent) {
    if (node.type === 'call' && model.callSite(node).name === 'infer_signature') return true;
  }
  return false;
}

/** Whether the statement around `node`'s expression (calls and attributes on it, the call it is an argument of) keeps nothing. */
function resultDiscarded(node: Node): boolean {
  let top = node;
  for (;;) {
    const parent = top.parent;
    if (!parent) return false;
    if (parent.type === 'attribute' || parent.type === 'call' || parent.type === 'parenthesized_expression') top = parent;
    else if (parent.type === 'argument_list' && parent.parent?.type === 'call') top = parent.parent;
    else return parent.type === 'expression_statement';
  }
}

function checkTrainTestSplit(context: RuleContext): void {
  const { model, document } = context;
  const sites = model.callsOfImported(['train_test_split'], (qualifiedName) => TRAIN_TEST_SPLIT.has(qualifiedName));
  // Without random_state, scikit-learn draws from NumPy's global generator, which np.random.seed fixes.
  if (sites.length === 0 || seedsGlobally(model, 'numpy.random.seed')) return;
  for (const site of sites) {
    if (site.node.hasError || hasSplatArguments(site) || isTestCode(document.uri, site.node)) continue;
    const shuffle = keywordArgument(site, 'shuffle');
    // shuffle=False takes the rows in order: no randomness to fix. An unknown value: no way to tell.
    if (shuffle && booleanValue(model, shuffle) !== true) continue;
    const randomState = keywordArgument(site, 'random_state');
    if (randomState && !isNoneLiteral(model, randomState)) continue;
    if (splitOnlyInspected(model, site.node)) continue;
    const given = randomState ? ' (random_state=None)' : '';
    const fix = seedFix(context, site, 'random_state', randomState);
    context.report({
      node: anchor(site),
      message: `train_test_split without random_state${given} shuffles the rows differently at each call: the train and test rows change each time the code runs, ${CONSEQUENCE} — pass random_state=...`,
      fixes: fix ? [fix] : [],
    });
  }
}

/**
 * Whether a value is a Hugging Face `datasets` Dataset or DatasetDict: made by a call of the
 * library (`Dataset.from_pandas(df)`, `load_dataset(...)`), through names, split subscripts
 * (`ds["train"]`) and its methods (`.map(...)`, `.shuffle(...)`). Ray's Dataset, whose
 * train_test_split does not shuffle unless asked, is none.
 */
function isHuggingFaceDataset(model: SemanticModel, node: Node): boolean {
  let value = model.resolveValue(unparenthesize(node));
  for (let depth = 0; depth < 8; depth++) {
    if (value.type === 'subscript') {
      const object = field(value, 'value');
      if (!object) return false;
      value = model.resolveValue(object);
      continue;
    }
    if (value.type !== 'call') return false;
    const site = model.callSite(value);
    if (site.qualifiedName?.startsWith('datasets.')) return true;
    if (!site.receiver) return false;
    value = model.resolveValue(unparenthesize(site.receiver));
  }
  return false;
}

/**
 * `Dataset.train_test_split(...)` of Hugging Face `datasets`: it shuffles by default, and
 * without `seed` (or `generator`) it takes its seed from NumPy's global generator, which
 * np.random.seed fixes.
 */
function checkDatasetTrainTestSplit(context: RuleContext): void {
  const { model, document } = context;
  const sites = model.callsNamed('train_test_split').filter((site) => !!site.receiver && !TRAIN_TEST_SPLIT.has(site.qualifiedName ?? ''));
  if (sites.length === 0 || seedsGlobally(model, 'numpy.random.seed')) return;
  for (const site of sites) {
    if (site.node.hasError || hasSplatArguments(site) || isTestCode(document.uri, site.node)) continue;
    // Past test_size and train_size, positions differ between versions: read keywords only.
    if (positionalArguments(site).length > 2 || keywordArgument(site, 'generator')) continue;
    const shuffle = keywordArgument(site, 'shuffle');
    if (shuffle && booleanValue(model, shuffle) !== true) continue;
    const seed = keywordArgument(site, 'seed');
    if (seed && !isNoneLiteral(model, seed)) continue;
    if (!isHuggingFaceDataset(model, site.receiver!) || splitOnlyInspected(model, site.node)) continue;
    const given = seed ? ' (seed=None)' : '';
    const fix = seedFix(context, site, 'seed', seed);
    context.report({
      node: anchor(site),
      message: `Dataset.train_test_split without a seed${given} shuffles the rows with a seed drawn from NumPy's global generator at each call: the train and test rows change each time the code runs, ${CONSEQUENCE} — pass seed=...`,
      fixes: fix ? [fix] : [],
    });
  }
}

export const mlt107RandomSplitWithoutSeed: Rule = {
  meta: {
    id: 'MLT107',
    name: 'random-split-without-seed',
    severity: 'information',
    area: 'Spark ML pipelines',
    domain: 'Model Development',
    title: 'randomSplit / train_test_split without a seed in a file that trains and uses MLflow',
  },
  docs: {
    trap: '`df.randomSplit([0.8, 0.2])`, `train_test_split(X, y)` or a Hugging Face `dataset.train_test_split(test_size=0.1)` without a seed in a notebook that tracks or registers models.',
    reality:
      'Without a seed every execution splits the rows differently: PySpark\'s `randomSplit` draws a new seed with Python\'s `random` module when `seed` is ' +
      'None, scikit-learn\'s `train_test_split` shuffles with NumPy\'s global generator when `random_state` is None, and Hugging Face `datasets`\' `Dataset.train_test_split` (which shuffles by default) takes its seed from that generator when `seed` and `generator` are None. MLflow runs from two executions ' +
      '(or runs that each split again) are then measured on different test rows and are not comparable, and a registered model cannot be rebuilt from its run. With a seed, the same input ' +
      'data gives the same split (for Spark\'s randomSplit, data read into the same partitions: Spark seeds each partition on its own). mltraps looks at files that use MLflow and train a model (a `.fit(`, `.train(`, `fmin(`, ...): they track or register what they train. The message says what holds in any file: the trained model (and any metric computed on the held-out rows) changes between executions; it does not say which MLflow runs or logged models that touches, which depends on autologging settings and versions a file does not show in full. A file that imports mlflow uses it when it calls it, or when it is Databricks code, where Databricks Autologging calls `mlflow.autolog()` in notebooks on ML runtimes; a script that imports mlflow and never calls it makes no runs. It leaves alone a seed given as a ' +
      'literal or a name, `shuffle=False` (rows taken in order), a file that seeds the global generator first (`random.seed(...)` before randomSplit, ' +
      '`np.random.seed(...)` given a seed (not `np.random.seed()` or `random.seed(None)`, which reseed from the OS) before either train_test_split, or a seeding helper such as `set_seed(42)` / `seed_everything(42)`, also called with no argument: a helper the file does not show, or one of the file, unless it only stores, logs or records the value, or builds a generator of its own (`np.random.default_rng(seed)`), or its seed defaults to None and a random number becomes the seed (`seed = random.randint(...)`, `torch.manual_seed(seed if seed is not None else torch.seed())`); not `torch.cuda.seed_all()`, which draws a random seed), a split whose outputs are only looked at (described, shown, counted, or returned from a function of the file whose results are only looked at, also where it is called: `display(eda_sample(df, 0.05))`, a stratified sample for descriptive statistics) or only give the input example of a `log_model` call (`input_example=sample.limit(5).toPandas()`, also through names that are otherwise only shown or made into the signature with `infer_signature`), and test code.',
    example: [
      'import mlflow',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.model_selection import train_test_split',
      '',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)',
      'with mlflow.start_run():',
      '    model = RandomForestClassifier().fit(X_train, y_train)',
      '    mlflow.log_metric("accuracy", model.score(X_test, y_test))',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from sklearn.ensemble import RandomForestClassifier',
      'from sklearn.model_selection import train_test_split',
      '',
      'SEED = 42',
      'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=SEED)',
      'with mlflow.start_run():',
      '    mlflow.log_param("split_seed", SEED)',
      '    model = RandomForestClassifier(random_state=SEED).fit(X_train, y_train)',
      '    mlflow.log_metric("accuracy", model.score(X_test, y_test))',
    ].join('\n'),
    fix: 'Adds `seed=42` to randomSplit or `random_state=42` to train_test_split (or replaces an explicit `None`).',
    fixSafety: 'Unsafe: the split changes, and with it the trained model and its metrics.',
    examFact: 'Reproducible runs set and log their seeds.',
    references: [
      { title: 'PySpark API: pyspark.sql.DataFrame.randomSplit', url: 'https://spark.apache.org/docs/latest/api/python/reference/pyspark.sql/api/pyspark.sql.DataFrame.randomSplit.html' },
    ],
  },
  triggers: ['randomSplit', 'train_test_split'],
  // Silent in test code (isTestCode): nothing to look for in a test file.
  testFileTriggers: [],
  // check() returns unless the file imports mlflow.
  alsoNeeds: ['mlflow'],
  check(context) {
    // A split that feeds no training here (an A/B split of rows to score) makes no run's metrics or model irreproducible.
    if (!context.model.importsModule('mlflow') || !trainsInFile(context.model) || !tracksRuns(context.model)) return;
    checkRandomSplit(context);
    checkTrainTestSplit(context);
    checkDatasetTrainTestSplit(context);
  },
};
