import type { Rule } from './engine/types';
import { REGISTRATION_NAME_TEXT, registrationNameArguments } from './semantic/modelRegistry';
import { registryContext, registryContextOfCall, sessionNamespaceAt, UNITY_CATALOG_SIGNS } from './semantic/registryContext';
import { stringTemplate } from './semantic/stringTemplates';
import { testsMlflowInternals } from './semantic/testCode';

/** What a short name becomes in Unity Catalog: MLflow completes it from the session's current catalog (and schema, for one part). */
function completedName(name: string, parts: number, catalog: string | undefined, schema: string | undefined): string {
  const catalogText = catalog ?? '<current catalog>';
  return parts === 2 ? `${catalogText}.${name}` : `${catalogText}.${schema ?? '<current schema>'}.${name}`;
}

export const mlt406UcModelNameNotThreeLevel: Rule = {
  meta: {
    id: 'MLT406',
    name: 'uc-model-name-not-three-level',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    title: 'In Unity Catalog a model name is catalog.schema.model; a short one depends on the session',
  },
  docs: {
    trap: 'Registering a model to Unity Catalog under a workspace-registry name such as "churn_model" (or "churn.model").',
    reality:
      'A Unity Catalog model name is `catalog.schema.model`, like every Unity Catalog object. With the Unity Catalog registry MLflow completes a one- or two-part name from the Spark session\'s current catalog and schema (`USE CATALOG` / `USE SCHEMA`, or the workspace default): "churn_model" becomes `<current catalog>.<current schema>.churn_model`, so the same notebook registers to different places in different workspaces or jobs. Where there is no Spark session, or the current catalog is hive_metastore (or spark_catalog), the short name is sent as is and rejected. The rule speaks in a Unity Catalog context only (`set_registry_uri("databricks-uc")`, a client built for it (not in a file that points tracking at another store, such as a migration that reads from Unity Catalog and registers elsewhere), three-part names elsewhere in the file, FeatureEngineeringClient), about literal names.',
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
    examFact: 'Unity Catalog models are named catalog.schema.model.',
    references: [
      { title: 'Manage model lifecycle in Unity Catalog (Databricks)', url: 'https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html' },
    ],
  },
  triggers: ['registered_model_name', 'register_model', 'create_registered_model'],
  alsoNeeds: REGISTRATION_NAME_TEXT,
  unityCatalogSigns: UNITY_CATALOG_SIGNS,
  check(context) {
    // MLflow's own tests (private MLflow imports in test code): the library's behaviour is the input.
    if (testsMlflowInternals(context.model)) return;
    const { model } = context;
    const fileRegistry = registryContext(model).context;
    for (const { site, node } of registrationNameArguments(model)) {
      const registry = site.receiver && site.name === 'create_registered_model' ? registryContextOfCall(model, site).context : fileRegistry;
      if (registry !== 'unity-catalog') continue;
      // Only literal names: an f-string part may hold dots of its own.
      const template = stringTemplate(model, node);
      if (!template?.exact) continue;
      const value = template.text;
      // An empty name is code being typed, not a naming mistake.
      if (value.trim() === '') continue;
      const parts = value.split('.').length;
      if (parts >= 3) continue;
      const { catalog, schema, set } = sessionNamespaceAt(model, site.node.startIndex);
      const source = set ? 'set by the USE statement before it' : 'set by USE CATALOG / USE SCHEMA, else the workspace default';
      context.report({
        node,
        message: `"${value}" has ${parts === 1 ? 'one part' : 'two parts'}: in Unity Catalog MLflow completes it from the Spark session's current catalog${parts === 1 ? ' and schema' : ''} (${source}) and registers ${completedName(value, parts, catalog, schema)}; where there is no Spark session, or the current catalog is hive_metastore (or spark_catalog), the name is rejected. Write the three-part name catalog.schema.model`,
      });
    }
  },
};
