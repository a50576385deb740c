import type { Rule } from './engine/types';
import { registeredModelNames, usesUnityCatalogRegistry } from './semantic/modelRegistry';

export const mlt406UcModelNameNotThreeLevel: Rule = {
  meta: {
    id: 'MLT406',
    name: 'uc-model-name-not-three-level',
    severity: 'warning',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    title: 'With the Unity Catalog registry a model name is catalog.schema.model',
  },
  docs: {
    trap: 'Switching MLflow to the Unity Catalog registry with `mlflow.set_registry_uri("databricks-uc")` but registering the model under a workspace-registry name such as "churn_model".',
    reality:
      'With the Unity Catalog registry (`mlflow.set_registry_uri("databricks-uc")`) a registered model name is `catalog.schema.model`, a three-level name like every Unity Catalog object. A one- or two-part name is rejected when the model is registered.',
    example: [
      'import mlflow',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      'mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="churn_model")',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      'mlflow.sklearn.log_model(model, "model", signature=signature, registered_model_name="ml.churn.churn_model")',
    ].join('\n'),
    fix: 'None: only you know the catalog and schema the model belongs in.',
    examFact: 'Unity Catalog model names have three levels: catalog.schema.model.',
  },
  triggers: ['databricks-uc'],
  check(context) {
    const { model } = context;
    if (!usesUnityCatalogRegistry(model)) return;
    for (const { node, value } of registeredModelNames(model)) {
      const parts = value.split('.').length;
      // An empty name is code being typed, not a naming mistake.
      if (parts >= 3 || value.trim() === '') continue;
      context.report({
        node,
        message: `"${value}" has ${parts === 1 ? 'one part' : 'two parts'}: with the Unity Catalog registry (databricks-uc) a model name is catalog.schema.model`,
      });
    }
  },
};
