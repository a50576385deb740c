import type { Node } from 'web-tree-sitter';
import { insertAt, replaceNode } from './engine/fixBuilders';
import { unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { isPlainMlflowLogModel, loggingCallOfUri, registersOnLogging, setSignatureCalls } from './semantic/loggedModels';
import { registryContextOfCall, UNITY_CATALOG_SIGNS } from './semantic/registryContext';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { booleanValue, isNoneLiteral, stringValue } from './semantic/values';
import { methodNameNode } from './semantic/modelRegistry';

const INFER_SIGNATURE = ['mlflow.models.infer_signature', 'mlflow.models.signature.infer_signature'];
const MODEL_SIGNATURE = ['mlflow.models.ModelSignature', 'mlflow.models.signature.ModelSignature'];

/**
 * Flavors whose model objects answer `model.predict(X)` with the model's output for the same
 * input the signature describes: the fix may write `model.predict(X)` for them. Not spark
 * (transform), pyfunc (a wrapper), nor xgboost (a Booster predicts on a DMatrix).
 */
const PREDICTING_FLAVORS = new Set(['sklearn', 'lightgbm', 'catboost']);

/** An input-only signature expression, and how it is written. */
interface InputOnlySignature {
  /** The infer_signature(...) / ModelSignature(...) call. */
  call: CallSite;
  kind: 'infer_signature' | 'ModelSignature';
  /** The output is written, as `None` (`outputs=None`, `infer_signature(X, None)`). */
  writtenNone: boolean;
}

/** `infer_signature(X)` (no model output) or `ModelSignature(inputs)` (no outputs), through a name. */
function inputOnlySignature(model: SemanticModel, value: Node): InputOnlySignature | undefined {
  const expr = unparenthesize(model.resolveValue(value));
  if (expr.type !== 'call' || expr.hasError) return undefined;
  const call = model.callSite(expr);
  if (hasSplatArguments(call)) return undefined;
  const missing = (keyword: string, position: number) => {
    const given = argument(call, keyword, position);
    return !given || isNoneLiteral(model, given);
  };
  const writtenNone = (keyword: string, position: number) => !!argument(call, keyword, position);
  if (call.qualifiedName && INFER_SIGNATURE.includes(call.qualifiedName)) {
    const input = argument(call, 'model_input', 0);
    return input && missing('model_output', 1) ? { call, kind: 'infer_signature', writtenNone: writtenNone('model_output', 1) } : undefined;
  }
  if (call.qualifiedName && MODEL_SIGNATURE.includes(call.qualifiedName)) {
    const inputs = argument(call, 'inputs', 0);
    return inputs && !isNoneLiteral(model, inputs) && missing('outputs', 1) ? { call, kind: 'ModelSignature', writtenNone: writtenNone('outputs', 1) } : undefined;
  }
  return undefined;
}

/** `input_example=x` given (not None / False): the rule leaves such calls alone. */
function givesInputExample(model: SemanticModel, site: CallSite): boolean {
  const value = keywordArgument(site, 'input_example');
  return !!value && !isNoneLiteral(model, value) && booleanValue(model, value) !== false;
}

/** The model object a flavor's log_model is given: the first positional argument or its keyword. */
function loggedModelObject(site: CallSite, flavor: string): Node | undefined {
  const keyword = { sklearn: 'sk_model', lightgbm: 'lgb_model', catboost: 'cb_model' }[flavor];
  return (keyword ? keywordArgument(site, keyword) : undefined) ?? keywordArgument(site, 'model') ?? positionalArguments(site)[0];
}

/**
 * `, model.predict(X)` for `infer_signature(X)`, when the logged model is a name that already
 * holds the trained model where infer_signature runs: the same one binding reaches both places,
 * and the name is not fitted again in between.
 */
function outputFix(context: RuleContext, logging: CallSite, flavor: string, signature: InputOnlySignature): Fix | undefined {
  const { model } = context;
  if (signature.kind !== 'infer_signature' || !PREDICTING_FLAVORS.has(flavor)) return undefined;
  const modelNode = loggedModelObject(logging, flavor);
  const input = positionalArguments(signature.call)[0];
  if (modelNode?.type !== 'identifier' || !input || positionalArguments(signature.call).length !== 1 || keywordArgument(signature.call, 'params')) return undefined;
  const atLogging = model.bindings.reachingBindings(modelNode.text, modelNode);
  const atSignature = model.bindings.reachingBindings(modelNode.text, signature.call.node);
  if (atLogging.length !== 1 || atSignature.length !== 1 || atLogging[0] !== atSignature[0]) return undefined;
  if (atLogging[0].visibleFrom > signature.call.node.startIndex) return undefined;
  const [from, to] = [signature.call.node.startIndex, logging.node.startIndex].sort((a, b) => a - b);
  const refitted = model
    .callsNamed('fit', 'train', 'partial_fit')
    .some((site) => site.receiver?.type === 'identifier' && site.receiver.text === modelNode.text && site.node.startIndex > from && site.node.startIndex < to);
  if (refitted) return undefined;
  const prediction = `${modelNode.text}.predict(${input.text})`;
  // `infer_signature(X, model_output=None)`: the None is replaced (a second positional output would clash with it).
  const noneOutput = keywordArgument(signature.call, 'model_output');
  if (noneOutput) {
    return {
      title: `Add the model's output: infer_signature(${input.text}, model_output=${prediction})`,
      safety: 'unsafe',
      edits: [replaceNode(noneOutput, prediction)],
    };
  }
  return {
    title: `Add the model's output: infer_signature(${input.text}, ${prediction})`,
    safety: 'unsafe',
    edits: [insertAt(input.endIndex, `, ${prediction}`)],
  };
}

function describe(signature: InputOnlySignature): string {
  if (signature.kind === 'infer_signature') return signature.writtenNone ? 'infer_signature() was given None as the model output' : 'infer_signature() was given only the model input';
  return signature.writtenNone ? 'ModelSignature() has inputs and outputs=None' : 'ModelSignature() has inputs but no outputs';
}

function advice(signature: InputOnlySignature): string {
  if (signature.kind === 'infer_signature') return 'pass the predictions too: infer_signature(X, model.predict(X))';
  return signature.writtenNone ? 'give outputs= a schema of the predictions (Schema([ColSpec(...)]))' : 'give it outputs= as well';
}

/**
 * `set_signature(uri, signature)` of the URI the registration registers (the same expression, or
 * names bound to the same value), with a signature that is not inputs only.
 */
function signsWithOutputs(model: SemanticModel, signing: CallSite, registration: CallSite, logged: CallSite): boolean {
  const signedUri = argument(signing, 'model_uri', 0);
  const registeredUri = argument(registration, 'model_uri', 0);
  const signature = argument(signing, 'signature', 1);
  if (!signedUri || !registeredUri || !signature || inputOnlySignature(model, signature)) return false;
  const same = (a: Node, b: Node) => unparenthesize(a).text === unparenthesize(b).text || model.resolveValue(a).id === model.resolveValue(b).id;
  // `f"runs:/{run.info.run_id}/model"` and `info.model_uri`: both the model the logging call logged.
  return same(signedUri, registeredUri) || loggingCallOfUri(model, signedUri, isPlainMlflowLogModel)?.node.id === logged.node.id;
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  const registrations = new Map<number, CallSite>();
  for (const site of model.callsNamed('register_model')) {
    if (site.qualifiedName !== 'mlflow.register_model' || site.node.hasError || hasSplatArguments(site)) continue;
    const uri = argument(site, 'model_uri', 0);
    const logged = uri ? loggingCallOfUri(model, uri, isPlainMlflowLogModel) : undefined;
    if (logged && !registrations.has(logged.node.id)) registrations.set(logged.node.id, site);
  }
  for (const site of model.callsNamed('log_model')) {
    const flavor = /^mlflow\.([A-Za-z_]\w*)\.log_model$/.exec(site.qualifiedName ?? '')?.[1];
    if (!flavor || site.node.hasError || hasSplatArguments(site)) continue;
    const signatureArgument = keywordArgument(site, 'signature');
    if (!signatureArgument || givesInputExample(model, site)) continue;
    const signature = inputOnlySignature(model, signatureArgument);
    if (!signature) continue;
    const registration = registersOnLogging(model, site) ? site : registrations.get(site.node.id);
    if (!registration || registryContextOfCall(model, registration).context !== 'unity-catalog') continue;
    // `set_signature(uri, infer_signature(X, model.predict(X)))` between the logging and a later registration: the version is registered with the new signature.
    if (registration !== site && setSignatureCalls(model).some((signing) => signing.node.startIndex > site.node.endIndex && signing.node.endIndex < registration.node.startIndex && signsWithOutputs(model, signing, registration, site))) continue;
    const where = signatureArgument.id === signature.call.node.id ? '' : ` (${signature.kind}() ${context.document.whereIs(signature.call.node.startIndex)})`;
    const registeredName = registration === site ? keywordArgument(site, 'registered_model_name') : argument(registration, 'name', 1);
    const name = stringValue(model, registeredName);
    const how = registration === site ? 'registers' : `is registered ${context.document.whereIs(methodNameNode(registration).startIndex)} as`;
    const fix = outputFix(context, site, flavor, signature);
    context.report({
      node: signatureArgument,
      message:
        `mlflow.${flavor}.log_model ${how} ${name !== undefined ? `"${name}"` : 'the model'} with a signature that has no outputs${where}: ${describe(signature)}, ` +
        `and Unity Catalog rejects "a signature that includes only inputs" — ${advice(signature)}`,
      fixes: fix ? [fix] : [],
    });
  }
}

export const mlt306UcSignatureWithoutOutputs: Rule = {
  meta: {
    id: 'MLT306',
    name: 'uc-signature-without-outputs',
    severity: 'error',
    area: 'MLflow tracking and packaging',
    domain: 'Model Deployment',
    title: 'A model registered to Unity Catalog has a signature without outputs',
  },
  docs: {
    trap: 'Logging a model that is registered to Unity Catalog with `signature=infer_signature(X_train)` — only the input — or `ModelSignature(inputs=...)` without `outputs=`.',
    reality:
      'MLflow\'s Unity Catalog registry checks the signature of every model version it registers (only a `copy_model_version` migration with `MLFLOW_SKIP_SIGNATURE_CHECK_FOR_UC_REGISTRY_MIGRATION` set skips the check, MLflow 3.4 and later): a version without one is rejected ("did not contain any signature metadata"), and so is one whose signature "includes only inputs": "All models in the Unity Catalog must be logged with a model signature containing both input and output type specifications." `infer_signature(X)` with one argument describes only the input; pass the model\'s predictions as the second argument: `infer_signature(X_train, model.predict(X_train))`. An explicit signature is logged as written: MLflow infers a signature from `input_example=` only when no signature is given. mltraps flags the call when the file registers the model (`registered_model_name=`, or `mlflow.register_model` of the logged model\'s URI) in a Unity Catalog context (`set_registry_uri("databricks-uc")`, a three-part model name, a FeatureEngineeringClient), and leaves calls that also pass `input_example=` to the reader, and a registration after `mlflow.models.set_signature(...)` of the registered URI with a signature that has outputs (called between the logging and `register_model`, it replaces the logged signature). A model logged without any signature is MLT304\'s finding.',
    example: [
      'import mlflow',
      'from mlflow.models import infer_signature',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      '',
      'signature = infer_signature(X_train)',
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    signature=signature,',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from mlflow.models import infer_signature',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      '',
      'signature = infer_signature(X_train, model.predict(X_train))',
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    signature=signature,',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    fix: 'Adds `, model.predict(X)` to `infer_signature(X)` when the logged model is a scikit-learn, LightGBM or CatBoost model held by a name that is already trained where infer_signature runs; otherwise none (the predictions need the model and data only the author can name).',
    fixSafety: 'Unsafe: it runs a prediction on the signature input where the signature is built; check that the model is trained by then and that predict() returns what the model serves.',
    examFact: 'A model registered to Unity Catalog needs a signature with inputs and outputs.',
    references: [
      { title: 'MLflow: Model signatures and input examples', url: 'https://mlflow.org/docs/latest/ml/model/signatures/' },
      { title: 'MLflow Python API: mlflow.models.infer_signature', url: 'https://mlflow.org/docs/latest/python_api/mlflow.models.html#mlflow.models.infer_signature' },
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/' },
    ],
  },
  triggers: ['infer_signature', 'ModelSignature'],
  // Only a registered model is reported.
  alsoNeeds: ['registered_model_name', 'register_model'],
  unityCatalogSigns: UNITY_CATALOG_SIGNS,
  check,
};
