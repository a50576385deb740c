import type { Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments } from './semantic/calls';
import { featureLogModelCalls, scoreBatchCalls } from './semantic/featureStore';
import { isPlainMlflowLogModel, loggingCallOfUri, mayRegisterFeatureAware, registeredModels } from './semantic/loggedModels';
import type { CallSite } from './semantic/semanticModel';
import { registeredNameKeyInUri, stringKey } from './semantic/stringKeys';
import { parameterOf } from './semantic/parameterValues';

/** The feature store log_model calls: a run URI pointing at one of them is fine. */
function isAnyModelLogging(site: CallSite, featureLogs: ReadonlySet<number>): boolean {
  return isPlainMlflowLogModel(site) || featureLogs.has(site.node.id);
}

function check(context: RuleContext): void {
  const { model } = context;
  const scoring = scoreBatchCalls(model);
  if (scoring.length === 0) return;
  const featureLogs = new Set(featureLogModelCalls(model).map((site) => site.node.id));
  let registered: ReturnType<typeof registeredModels> | undefined;
  for (const site of scoring) {
    if (hasSplatArguments(site)) continue;
    const uri = argument(site, 'model_uri', 0);
    if (!uri) continue;
    let plainLog = loggingCallOfUri(model, uri, (candidate) => isAnyModelLogging(candidate, featureLogs));
    if (plainLog && !isPlainMlflowLogModel(plainLog)) continue;
    if (!plainLog) {
      const uriKey = stringKey(model, uri, true);
      const name = uriKey === undefined ? undefined : registeredNameKeyInUri(uriKey);
      if (name === undefined) continue;
      registered ??= registeredModels(model);
      const logs = registered.plain.get(name);
      if (!logs || registered.unknownNames || mayRegisterFeatureAware(registered, name)) continue;
      plainLog = logs[0];
    }
    // A helper's parameter (`def score(client): client.score_batch(...)`) is no name where the model is logged.
    const logWith =
      site.receiver?.type === 'identifier' && !parameterOf(model, site.receiver) ? `${site.receiver.text}.log_model(..., training_set=...)` : "the feature store client's log_model(..., training_set=...)";
    context.report({
      node: uri,
      message: `score_batch on a model logged with ${plainLog.qualifiedName} (${context.document.lineOf(plainLog.node.startIndex)}): that model carries no feature metadata, so score_batch cannot look its features up; log it with ${logWith}`,
    });
  }
}

export const mlt503ScoreBatchWithoutFeatureMetadata: Rule = {
  meta: {
    id: 'MLT503',
    name: 'score-batch-without-feature-metadata',
    severity: 'warning',
    area: 'Feature Store',
    domain: 'Model Development',
    title: 'score_batch needs a model logged by the feature store client with its training set',
  },
  docs: {
    trap: 'Logging a model with a plain `mlflow.<flavor>.log_model` and then scoring it with the feature store client\'s `score_batch`.',
    reality:
      '`score_batch` looks the features up from the feature metadata packaged with the model, so the model must be logged with the feature store client\'s `log_model(model=..., artifact_path=..., flavor=..., training_set=...)` (FeatureEngineeringClient or FeatureStoreClient). A model logged with `mlflow.sklearn.log_model` (or any other flavor) carries no such metadata and `score_batch` cannot score it from the lookup keys alone. mltraps follows the scored URI to the logging call of its run, or matches the registered name: written out, or built from the same names (`f"{catalog}.{schema}.churn"` in the registration, `f"models:/{catalog}.{schema}.churn@champion"` in the scoring call, each name assigned once in the file, at the module level outside any loop, and not changed afterwards: `catalog = dbutils.widgets.get("catalog")`). A name the file never assigns (a `%run` notebook\'s) or an attribute (`config.catalog`) may hold another value at the other call, and is not compared. When a feature store client\'s log_model registers under a name that is not written out, it may be the scored one, and nothing is reported.',
    example: [
      'import mlflow',
      'from databricks.feature_engineering import FeatureEngineeringClient',
      '',
      'fe = FeatureEngineeringClient()',
      'with mlflow.start_run():',
      '    mlflow.sklearn.log_model(model, "model", registered_model_name="ml.fs.churn_model")',
      '',
      'predictions = fe.score_batch(model_uri="models:/ml.fs.churn_model/1", df=customer_ids_df)',
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
      '',
      'predictions = fe.score_batch(model_uri="models:/ml.fs.churn_model/1", df=customer_ids_df)',
    ].join('\n'),
    fix: 'None: the model has to be logged again with the feature store client and its training set, which the file may not have at hand.',
    examFact: 'score_batch needs a model logged with the feature client\'s log_model(..., training_set=...): it looks the features up from the packaged feature metadata, so the scoring DataFrame needs the lookup keys (and any other input column the model was trained on), not the looked-up features.',
    references: [
      { title: 'Train models with feature tables (Databricks)', url: 'https://docs.databricks.com/aws/en/machine-learning/feature-store/train-models-with-feature-store' },
    ],
  },
  triggers: ['score_batch'],
  check,
};
