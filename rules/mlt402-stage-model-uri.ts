import type { Fix, Rule, RuleContext } from './engine/types';
import { ALIAS_FOR_STAGE, MODEL_STAGES } from './semantic/modelRegistry';
import { type ModelUri, modelUrisInUse } from './semantic/modelUris';

function aliasFix(uri: ModelUri, alias: string): Fix | undefined {
  if (!uri.segmentRange) return undefined;
  return {
    title: `Load the alias URI models:/${uri.name}@${alias}`,
    safety: 'unsafe',
    edits: [{ ...uri.segmentRange, newText: `@${alias}` }],
  };
}

function checkUri(context: RuleContext, uri: ModelUri): void {
  const written = `models:/${uri.name}/${uri.segment}`;
  if (uri.target.kind === 'unknown') {
    context.report({
      node: uri.string,
      severity: 'error',
      message: `${written}: "${uri.segment}" is neither a version number, "latest" nor a stage (${MODEL_STAGES.join(', ')}), so loading the model fails`,
    });
    return;
  }
  if (uri.target.kind !== 'stage') return;
  const { stage } = uri.target;
  const alias = ALIAS_FOR_STAGE[stage];
  const instead = `models:/${uri.name}@${alias ?? '<alias>'}`;
  const spelling = uri.segment === stage ? '' : ` (MLflow matches stages without regard to case, so "${uri.segment}" works, but the stage is spelled "${stage}")`;
  const fix = alias ? aliasFix(uri, alias) : undefined;
  context.report({
    node: uri.string,
    message: `${written} loads the model by legacy stage${spelling}: Unity Catalog has no stages; load the alias URI ${instead}`,
    fixes: fix ? [fix] : [],
  });
}

export const mlt402StageModelUri: Rule = {
  meta: {
    id: 'MLT402',
    name: 'stage-model-uri',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'stage URIs of the workspace registry; Unity Catalog loads by alias (`models:/name@champion`) or version',
    title: 'Load models by alias (models:/name@champion), not by stage (models:/name/Production)',
  },
  docs: {
    trap: 'Loading or deploying a model with a stage URI such as `models:/churn/Production`, or with a segment that is no stage at all (`models:/churn/Prod`, `models:/churn/Development`).',
    reality:
      'A `models:/` URI names a version number (`models:/m/3`), the latest version (`models:/m/latest`), a stage (`models:/m/Production`) or an alias (`models:/m@champion`). Stages are the legacy workspace-registry workflow: Unity Catalog models have aliases instead, so the exam expects `models:/<name>@champion`. MLflow matches stages without regard to case (`production` works, though the canonical spelling is `Production`); any other segment (`Prod`, `Development`) fails when the model is loaded.',
    example: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.model/Production")',
      'predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}/Staging")',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      '',
      'model = mlflow.pyfunc.load_model("models:/ml.churn.model@champion")',
      'predict = mlflow.pyfunc.spark_udf(spark, f"models:/{MODEL_NAME}@challenger")',
    ].join('\n'),
    fix: 'Rewrites the stage part of the URI inside the string: `/Production` becomes `@champion` and `/Staging` becomes `@challenger`, keeping the quotes, prefix and f-string parts. URIs naming None or Archived, and unknown segments, have no fix.',
    fixSafety: 'Unsafe: the alias must exist on the registered model; set it where the model is promoted (`set_registered_model_alias`, see MLT401) before loading by alias.',
    examFact: 'Model URIs: `models:/<name>/<version>`, `models:/<name>@<alias>`, `runs:/<run_id>/<artifact_path>`.',
  },
  triggers: ['models:/'],
  check(context) {
    for (const uri of modelUrisInUse(context.model)) checkUri(context, uri);
  },
};
