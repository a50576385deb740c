import { FactCache } from './engine/reads';
import type { Rule, RuleContext } from './engine/types';
import type { Node } from 'web-tree-sitter';
import { ancestorOfType, contains, unparenthesize } from './engine/syntax';
import { allArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { DerivedValues } from './semantic/dataFrameLineage';
import { runsOnExecutors } from './semantic/executorFunctions';
import { featureClientCalls, featureLogModelCalls } from './semantic/featureStore';
import { isPlainMlflowLogModel } from './semantic/loggedModels';
import { instanceAttributeValue } from './semantic/methodCalls';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { trainsInFile } from './semantic/training';
import { calledFunction, fminCalls, objectiveFunction, optimizeCalls, returnedExpressions } from './semantic/tuning';
import { booleanValue } from './semantic/values';

/** `mlflow.autolog()` / `mlflow.<flavor>.autolog()` that logs models (not `disable=True`, not `log_models=False`, not `mlflow.spark.autolog`). */
function isModelAutolog(model: SemanticModel, site: CallSite): boolean {
  const qualifiedName = site.qualifiedName ?? '';
  if (!/^mlflow\.(?:[A-Za-z_]\w*\.){0,2}autolog$/.test(qualifiedName) || qualifiedName === 'mlflow.spark.autolog') return false;
  return booleanValue(model, keywordArgument(site, 'disable')) !== true && booleanValue(model, keywordArgument(site, 'log_models')) !== false;
}

/** Whether the training set made by `creation` is loaded: `.load_df()` on the call or on a name bound to it. */
function isLoaded(model: SemanticModel, creation: CallSite): boolean {
  return model.callsNamed('load_df').some((site) => {
    if (!site.receiver) return false;
    let value = model.resolveValue(unparenthesize(site.receiver));
    // `self.training_set.load_df()` in a class whose method assigns self.training_set once.
    const held = value.type === 'attribute' ? instanceAttributeValue(model, value) : undefined;
    if (held) value = model.resolveValue(held);
    if (value.id === creation.node.id) return true;
    // `ts = build(labels)` where a function of the file returns the training set it creates.
    const helper = calledFunction(model, value);
    return !!helper && returnedExpressions(helper).some((returned) => model.resolveValue(returned).id === creation.node.id);
  });
}

/**
 * The training sets that a feature-client log_model packages: the create_training_set calls its
 * `training_set=` resolves to. 'all' when one of them passes something the file does not
 * resolve (a parameter, a function's result): it may be any training set.
 */
function featureLoggedTrainingSets(model: SemanticModel): Set<number> | 'all' {
  const logged = new Set<number>();
  for (const site of featureLogModelCalls(model)) {
    const value = keywordArgument(site, 'training_set');
    if (!value) return 'all';
    const resolved = model.resolveValue(value);
    if (resolved.type !== 'call' || model.callSite(resolved).name !== 'create_training_set') return 'all';
    logged.add(resolved.id);
  }
  return logged;
}

/**
 * Whether the model a log_model call logs is fitted, wherever the file shows its fit, on data not
 * derived from any `load_df()`: `model = RandomForestClassifier().fit(raw_X, raw_y)`, or
 * `model.fit(...)` on the name. False where no fit shows, or one may use a training set.
 */
function fitsOnlyOutsideTrainingSets(model: SemanticModel, site: CallSite): boolean {
  const logged = positionalArguments(site)[0] ?? keywordArgument(site, 'sk_model') ?? keywordArgument(site, 'spark_model') ?? keywordArgument(site, 'model');
  const name = logged ? unparenthesize(logged) : undefined;
  if (name?.type !== 'identifier') return false;
  const binding = model.lookup(name);
  if (!binding || binding.kind !== 'assignment') return false;
  const fits: CallSite[] = [];
  const value = binding.value ? unparenthesize(binding.value) : undefined;
  if (value?.type === 'call' && model.callSite(value).name === 'fit') fits.push(model.callSite(value));
  for (const fit of model.callsNamed('fit')) {
    const receiver = fit.receiver ? unparenthesize(fit.receiver) : undefined;
    if (receiver?.type === 'identifier' && receiver.text === name.text && model.lookup(receiver) === binding) fits.push(fit);
  }
  // Data written to a table and read back may be a training set's: its origin is lost on the way.
  if (fits.length === 0 || model.callsNamed('saveAsTable', 'insertInto', 'writeTo', 'save', 'parquet', 'csv', 'toTable').some((write) => write.name === 'writeTo' || (!!write.receiver && /\bwrite(?:Stream)?\b/.test(write.receiver.text)))) return false;
  const derived = trainingData.get(model, () => new DerivedValues(model, trainingDataSources(model)));
  return fits.every((fit) => allArguments(fit).length > 0 && allArguments(fit).every((argument) => derived.classify(argument) === 'not derived'));
}

/** What is derived from training-set data, once per file (asked for each log_model call). */
const trainingData = new FactCache<SemanticModel, DerivedValues>();

/**
 * Where training-set data comes from: each `load_df()` call, and the calls of the file's functions
 * that load one inside (`pdf = prepare(fe, labels)`), through up to five such functions.
 */
function trainingDataSources(model: SemanticModel): Node[] {
  const sources = model.callsNamed('load_df').map((load) => load.node);
  let frontier = sources;
  for (let depth = 0; depth < 5 && frontier.length > 0; depth++) {
    const functions = new Map<number, Node>();
    for (const node of frontier) {
      const fn = ancestorOfType(node, ['function_definition']);
      if (fn) functions.set(fn.id, fn);
    }
    frontier = [...functions.values()].flatMap((fn) => model.callersOf(fn).map((caller) => caller.node));
    sources.push(...frontier);
  }
  return sources;
}

/** The defs and lambdas the file's hyperopt and Optuna searches call as their objective. */
function tuningObjectives(model: SemanticModel): Node[] {
  const given = [...fminCalls(model).map((call) => call.objective), ...optimizeCalls(model).map((call) => call.objective)];
  return given.flatMap((node) => {
    const fn = node ? objectiveFunction(model, node) : undefined;
    return fn ? [fn] : [];
  });
}

/** Whether the file registers a model (`register_model`, `registered_model_name=`, `create_model_version`) or scores one with the feature client's `score_batch`. */
function registersOrScoresModels(model: SemanticModel): boolean {
  return (
    model.callsNamed('register_model', 'create_model_version', 'score_batch').length > 0 ||
    model.callsNamed('log_model').some((site) => !!keywordArgument(site, 'registered_model_name'))
  );
}

function check(context: RuleContext): void {
  const { model } = context;
  const logged = featureLoggedTrainingSets(model);
  if (logged === 'all' || !trainsInFile(model)) return;
  const creations = featureClientCalls(model, 'create_training_set').filter(({ site }) => isLoaded(model, site));
  const unlogged = creations.filter(({ site }) => !logged.has(site.node.id));
  if (unlogged.length === 0) return;
  const featureLogs = featureLogModelCalls(model);
  // The objectives of the file's searches (fmin, study.optimize): a model logged in one is a
  // trial's, which the search compares; unless the file registers or batch-scores a model,
  // the model it deploys is logged elsewhere (retrained after the search).
  const objectives = registersOrScoresModels(model) ? [] : tuningObjectives(model);
  let autologReported = false;
  for (const site of model.callsNamed('log_model', 'autolog')) {
    // A model logged on the executors (per group, in a function handed to applyInPandas) cannot
    // be logged with the feature client there: it has no Spark session and no training set.
    if (runsOnExecutors(model, site.node)) continue;
    if (objectives.some((objective) => contains(objective, site.node))) continue;
    let owner: (typeof creations)[number] | undefined;
    if (site.name === 'autolog') {
      // Autolog logs every model trained after it: silent when the feature client logs one of them.
      // One finding for the file's autologging: a second autolog() (again inside a tuning
      // objective) turns on the same logging of the same models.
      if (!isModelAutolog(model, site) || featureLogs.length > 0 || autologReported) continue;
      autologReported = true;
      owner = unlogged[0];
    } else {
      if (!isPlainMlflowLogModel(site)) continue;
      // A plain log followed by the feature client's log_model is a trial run (tuning, a candidate)
      // before the final model is logged with its training set.
      if (featureLogs.some((log) => log.node.startIndex > site.node.startIndex)) continue;
      // The model belongs to the training set built last before it; a baseline trained on a
      // training set whose model the feature client logs is another model.
      const before = creations.filter(({ site: creation }) => creation.node.startIndex < site.node.startIndex);
      owner = before[before.length - 1];
      if (!owner || logged.has(owner.site.node.id)) continue;
      // A model the file fits only on data that no training set's load_df() gives (the raw
      // labels, another split) is another model.
      if (fitsOnlyOutsideTrainingSets(model, site)) continue;
    }
    const { site: creation, client } = owner;
    const clientName = creation.receiver?.type === 'identifier' ? creation.receiver.text : client === 'FeatureEngineeringClient' ? 'fe' : 'fs';
    const flavor = /^mlflow\.(\w+)\.log_model$/.exec(site.qualifiedName ?? '')?.[1];
    const what = site.name === 'log_model' ? `${site.qualifiedName}` : `${site.qualifiedName}()`;
    context.report({
      node: site.callee,
      message: `the model trained on the feature store training set (create_training_set, ${context.document.lineOf(creation.node.startIndex)}) is logged only with ${what}: it carries no feature metadata, so score_batch cannot look its features up and a serving endpoint expects every feature in the request; log it with ${clientName}.log_model(model=..., artifact_path=..., flavor=${flavor ? `mlflow.${flavor}` : 'mlflow.<flavor>'}, training_set=...)`,
    });
  }
}

export const mlt504TrainingSetWithoutFeatureLogging: Rule = {
  meta: {
    id: 'MLT504',
    name: 'training-set-without-feature-logging',
    severity: 'warning',
    area: 'Feature Store',
    domain: 'Model Development',
    title: 'A model trained on a feature store training set is logged without the feature client',
  },
  docs: {
    trap: 'Building the training data with the feature client\'s `create_training_set(...)` and `load_df()`, then logging the model with `mlflow.<flavor>.log_model` (or autolog) only.',
    reality:
      'The feature client\'s `log_model(model=..., artifact_path=..., flavor=mlflow.<flavor>, training_set=training_set)` packages the training set\'s feature lookups with the model (FeatureEngineeringClient in Unity Catalog, FeatureStoreClient in the workspace Feature Store). ' +
      'With that metadata, `score_batch` looks the features up itself (the DataFrame needs only the lookup keys and the model\'s other input columns), and a Model Serving endpoint looks them up in the online store the feature tables are published to. ' +
      'A model logged with a plain `mlflow.<flavor>.log_model` or by autolog carries none of it: `score_batch` cannot score it, and a serving endpoint expects every feature in the request. ' +
      'A model the file fits only on data that no `load_df()` gives (the raw labels, while the training set serves another split) is another model and is left alone. ' +
      'So are the trial models a search logs in its objective (`fmin`, `study.optimize`) in a file that registers no model and calls no `score_batch`: the model it deploys is retrained and logged after the search, elsewhere.',
    example: [
      'import mlflow',
      'from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup',
      'from sklearn.ensemble import RandomForestClassifier',
      '',
      'fe = FeatureEngineeringClient()',
      'training_set = fe.create_training_set(',
      '    df=labels_df,',
      '    feature_lookups=[FeatureLookup(table_name="ml.fs.customer_features", lookup_key="customer_id")],',
      '    label="churned",',
      ')',
      'train_pdf = training_set.load_df().toPandas()',
      'model = RandomForestClassifier().fit(train_pdf.drop(columns=["churned"]), train_pdf["churned"])',
      'with mlflow.start_run():',
      '    mlflow.sklearn.log_model(model, "model")',
    ].join('\n'),
    useInstead: [
      'with mlflow.start_run():',
      '    fe.log_model(',
      '        model=model,',
      '        artifact_path="model",',
      '        flavor=mlflow.sklearn,',
      '        training_set=training_set,',
      '        registered_model_name="ml.fs.churn_model",',
      '    )',
    ].join('\n'),
    fix: 'None: the model must be logged again with the feature client and the training set, and the file may log it for other reasons too.',
    examFact: 'Log models trained on a training set with the feature client\'s log_model(..., training_set=...), so batch scoring and serving look the features up themselves.',
    references: [
      { title: 'Train models with feature tables (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/feature-store/train-models-with-feature-store' },
    ],
  },
  triggers: ['create_training_set'],
  check,
};
