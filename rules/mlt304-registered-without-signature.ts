import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from './engine/syntax';
import type { Rule, RuleContext } from './engine/types';
import { hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { autologEnabled } from './semantic/mlflowRuns';
import { classMethods, pythonModelClass } from './semantic/pythonModels';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { booleanValue, isNoneLiteral, stringValue } from './semantic/values';

/** Flavors that write a signature of their own when none is given (a transformers pipeline's task). */
const SELF_SIGNING_FLAVORS = new Set(['transformers', 'sentence_transformers']);
const NOT_MODEL_INPUT = new Set(['self', 'context', 'params']);

/** `signature=x` / `input_example=x`, not None or False. */
function gives(model: SemanticModel, site: CallSite, keyword: string): boolean {
  const value = keywordArgument(site, keyword);
  return !!value && !isNoneLiteral(model, value) && booleanValue(model, value) !== false;
}

/**
 * A custom PythonModel whose predict() annotates its input (`model_input: list[str]`):
 * MLflow infers the signature from the type hints. Also true for models from code
 * (`python_model="model.py"`), whose class the rule cannot see.
 */
function signsItself(model: SemanticModel, site: CallSite): boolean {
  const pythonModel = keywordArgument(site, 'python_model');
  if (!pythonModel) return false;
  if (stringValue(model, pythonModel) !== undefined) return true;
  const classNode = pythonModelClass(model, pythonModel);
  const predict = classNode ? classMethods(classNode).find((method) => field(method, 'name')?.text === 'predict') : undefined;
  const parameters = predict ? field(predict, 'parameters') : undefined;
  return !!parameters && namedChildren(parameters).some((parameter) => isAnnotatedInput(parameter));
}

function isAnnotatedInput(parameter: Node): boolean {
  if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') return false;
  const name = parameter.type === 'typed_parameter' ? namedChildren(parameter)[0] : field(parameter, 'name');
  return !!name && name.type === 'identifier' && !NOT_MODEL_INPUT.has(name.text);
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  let autolog: boolean | undefined;
  for (const site of model.callsNamed('log_model')) {
    const flavor = /^mlflow\.([A-Za-z_]\w*)\.log_model$/.exec(site.qualifiedName ?? '')?.[1];
    if (!flavor || SELF_SIGNING_FLAVORS.has(flavor) || site.node.hasError || hasSplatArguments(site)) continue;
    const registered = keywordArgument(site, 'registered_model_name');
    if (!registered || isNoneLiteral(model, registered)) continue;
    // Past (model, artifact_path) the positional places differ by flavor and version.
    if (positionalArguments(site).length > 2) continue;
    if (gives(model, site, 'signature') || gives(model, site, 'input_example') || signsItself(model, site)) continue;
    autolog ??= autologEnabled(model);
    if (autolog) return;
    const name = stringValue(model, registered);
    context.report({
      node: site.callee,
      message:
        `mlflow.${flavor}.log_model registers ${name !== undefined ? `"${name}"` : 'the model'} without signature= or input_example=: ` +
        'Unity Catalog requires a signature — pass signature=infer_signature(X, model.predict(X)) or an input_example',
    });
  }
}

export const mlt304RegisteredWithoutSignature: Rule = {
  meta: {
    id: 'MLT304',
    name: 'registered-without-signature',
    severity: 'information',
    area: 'MLflow tracking and packaging',
    domain: 'Model Deployment',
    title: 'A model is registered without a signature or input example',
  },
  docs: {
    trap: 'Registering a model with `mlflow.<flavor>.log_model(..., registered_model_name=...)` without `signature=` or `input_example=`.',
    reality:
      'A model signature is the contract between training and serving: the input columns and types the model expects and what it returns. Unity Catalog\'s model registry requires one, and serving validates requests against it. Log `signature=infer_signature(X, model.predict(X))`, or `input_example=` from which MLflow infers it. mltraps stays silent when the file turns on `mlflow.autolog()` / `mlflow.<flavor>.autolog()`, for flavors that write their own signature (transformers, sentence_transformers), and for a PythonModel whose predict() annotates its input (MLflow infers the signature from the type hints).',
    example: [
      'mlflow.sklearn.log_model(',
      '    model,',
      '    artifact_path="model",',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    useInstead: [
      'from mlflow.models import infer_signature',
      '',
      'mlflow.sklearn.log_model(',
      '    model,',
      '    artifact_path="model",',
      '    signature=infer_signature(X_train, model.predict(X_train)),',
      '    input_example=X_train.head(5),',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    fix: 'None: the signature needs the training data (`infer_signature(X, model.predict(X))`), which only the author can name.',
    examFact: 'Models registered in Unity Catalog must have a signature; `infer_signature` or an `input_example` provides it.',
  },
  triggers: ['registered_model_name'],
  check,
};
