import type { Rule, RuleContext } from './engine/types';
import { unparenthesize } from './engine/syntax';
import { keywordArgument } from './semantic/calls';
import { featureClientCalls, featureLogModelCalls } from './semantic/featureStore';
import { isPlainMlflowLogModel } from './semantic/loggedModels';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { trainsInFile } from './semantic/training';
import { booleanValue } from './semantic/values';

/** `mlflow.autolog()` / `mlflow.<flavor>.autolog()` that logs models (not `disable=True`, not `log_models=False`, not `mlflow.spark.autolog`). */
function isModelAutolog(model: SemanticModel, site: CallSite): boolean {
  const qualifiedName = site.qualifiedName ?? '';
  if (!/^mlflow\.(?:[A-Za-z_]\w*\.){0,2}autolog$/.test(qualifiedName) || qualifiedName === 'mlflow.spark.autolog') return false;
  return booleanValue(model, keywordArgument(site, 'disable')) !== true && booleanValue(model, keywordArgument(site, 'log_models')) !== false;
}

/** The `load_df()` calls whose receiver is the result of one of the `create_training_set` calls (through names). */
function loadsTrainingSet(model: SemanticModel, trainingSets: ReadonlySet<number>): boolean {
  return model.callsNamed('load_df').some((site) => {
    if (!site.receiver) return false;
    const receiver = model.resolveValue(unparenthesize(site.receiver));
    return trainingSets.has(receiver.id);
  });
}

function check(context: RuleContext): void {
  const { model } = context;
  const creations = featureClientCalls(model, 'create_training_set');
  if (creations.length === 0) return;
  // A model logged by the feature client with its training set somewhere in the file: the lesson is known.
  if (featureLogModelCalls(model).length > 0) return;
  if (!loadsTrainingSet(model, new Set(creations.map(({ site }) => site.node.id))) || !trainsInFile(model)) return;
  const { site: creation, client } = creations[0];
  const clientName = creation.receiver?.type === 'identifier' ? creation.receiver.text : client === 'FeatureEngineeringClient' ? 'fe' : 'fs';
  const line = context.document.lineOf(creation.node.startIndex);
  for (const site of model.callsNamed('log_model', 'autolog')) {
    const flavor = /^mlflow\.(\w+)\.log_model$/.exec(site.qualifiedName ?? '')?.[1];
    if (site.name === 'log_model' ? !isPlainMlflowLogModel(site) : !isModelAutolog(model, site)) continue;
    const what = site.name === 'log_model' ? `${site.qualifiedName}` : `${site.qualifiedName}()`;
    const flavorText = flavor ? `mlflow.${flavor}` : 'mlflow.<flavor>';
    context.report({
      node: site.callee,
      message: `the model trained on the feature store training set (create_training_set, ${line}) is logged only with ${what}: it carries no feature metadata, so score_batch cannot look its features up and a serving endpoint expects every feature in the request; log it with ${clientName}.log_model(model=..., artifact_path=..., flavor=${flavorText}, training_set=...)`,
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
      'With that metadata, `score_batch` looks the features up from the lookup keys alone, and a Model Serving endpoint looks them up from online tables / the online store. ' +
      'A model logged with a plain `mlflow.<flavor>.log_model` or by autolog carries none of it: `score_batch` cannot score it, and a serving endpoint expects every feature in the request.',
    example: [
      'from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup',
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
      { title: 'Databricks Feature Engineering Python API reference', url: 'https://api-docs.databricks.com/python/feature-engineering/latest/index.html' },
    ],
  },
  triggers: ['create_training_set'],
  check,
};
