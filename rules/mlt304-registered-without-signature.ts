import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unparenthesize } from './engine/syntax';
import type { Rule, RuleContext } from './engine/types';
import { argument, hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { isPlainMlflowLogModel, loggedArtifactPath, loggingCallOfUri, searchedRunArtifactPath, registersOnLogging, setSignatureCalls } from './semantic/loggedModels';
import { autologLogsSignatures } from './semantic/mlflowRuns';
import { classMethods, mlflowModelBase, pythonModelClass } from './semantic/pythonModels';
import { fileRunsOnDatabricks } from './semantic/libraryEvidence';
import { registryContextOfCall } from './semantic/registryContext';
import { runsWithTheFile } from './semantic/includedCode';
import { usesRegistryStages } from './semantic/modelRegistry';
import { modelUrisInFile } from './semantic/modelUris';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { booleanValue, isNoneLiteral, stringValue } from './semantic/values';
import { testsMlflowInternals } from './semantic/testCode';

/**
 * Flavors that write a signature of their own when none is given (a transformers pipeline's
 * task, an OpenAI task), and GenAI flavors whose defaults vary by version: the rule cannot tell.
 */
const SELF_SIGNING_FLAVORS = new Set(['transformers', 'sentence_transformers', 'openai', 'langchain', 'llama_index', 'dspy']);
const NOT_MODEL_INPUT = new Set(['self', 'cls', 'context', 'params']);
/** Type hints MLflow cannot turn into a signature: it needs an input example for these. */
const UNINFERABLE_HINTS = new Set(['pandas.DataFrame', 'pandas.Series', 'numpy.ndarray', 'pandas.core.frame.DataFrame']);

/** `signature=x` / `input_example=x`, not None or False. */
function gives(model: SemanticModel, site: CallSite, keyword: string): boolean {
  const value = keywordArgument(site, keyword);
  return !!value && !isNoneLiteral(model, value) && booleanValue(model, value) !== false;
}

/** The model-input parameter of predict: the first one that is not self, context or params. */
function modelInputParameter(predict: Node): Node | undefined {
  const parameters = field(predict, 'parameters');
  if (!parameters) return undefined;
  for (const parameter of namedChildren(parameters)) {
    const name =
      parameter.type === 'identifier'
        ? parameter
        : parameter.type === 'typed_parameter'
          ? namedChildren(parameter)[0]
          : parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter'
            ? field(parameter, 'name')
            : undefined;
    if (name?.type === 'identifier' && !NOT_MODEL_INPUT.has(name.text)) return parameter;
  }
  return undefined;
}

/**
 * Whether MLflow may infer a signature from predict()'s input type hint (MLflow 2.20+:
 * `list[...]` of primitives, of dicts of primitives or of pydantic models). Not from a missing
 * hint, nor from pd.DataFrame / pd.Series / np.ndarray / scipy sparse matrices. Any other hint
 * counts as inferable: the rule cannot tell.
 */
function hintGivesSignature(model: SemanticModel, parameter: Node): boolean {
  if (parameter.type !== 'typed_parameter' && parameter.type !== 'typed_default_parameter') return false;
  const typeNode = field(parameter, 'type');
  const hint = typeNode ? (namedChildren(typeNode)[0] ?? typeNode) : undefined;
  if (!hint) return false;
  const text = stringValue(model, hint);
  // A string annotation: `"pd.DataFrame"`.
  if (text !== undefined) return !/^(pd|pandas)\.(DataFrame|Series)$|^(np|numpy)\.ndarray$|sparse/.test(text.trim());
  const head = unparenthesize(hint.type === 'generic_type' ? (namedChildren(hint)[0] ?? hint) : hint);
  const qualifiedName = head.type === 'identifier' || head.type === 'attribute' ? model.resolveQualifiedName(head) : undefined;
  if (qualifiedName && (UNINFERABLE_HINTS.has(qualifiedName) || qualifiedName.startsWith('scipy.sparse.'))) return false;
  return true;
}

const PATH_CALLS = new Set(['os.path.join', 'os.path.abspath', 'os.path.realpath', 'pathlib.Path', 'pathlib.PurePath']);

/**
 * A path to a model's code file built at run time (`os.path.join(root, "agent.py")`,
 * `f"{root}/agent.py"`, `Path(root) / "agent.py"`): a model from code, whose class (a
 * ResponsesAgent writes its own signature) the rule cannot see.
 */
function isCodePath(model: SemanticModel, node: Node): boolean {
  const value = unparenthesize(model.resolveValue(node));
  if (value.type === 'string' || value.type === 'concatenated_string') return true;
  if (value.type === 'binary_operator' && field(value, 'operator')?.text === '/') return isCodePath(model, field(value, 'left') ?? value) || isCodePath(model, field(value, 'right') ?? value);
  if (value.type !== 'call') return false;
  const site = model.callSite(value);
  if (PATH_CALLS.has(site.qualifiedName ?? '')) return true;
  // `str(path)`, `path.as_posix()`, `path.resolve()`.
  const inner = site.name === 'str' && !site.receiver ? positionalArguments(site)[0] : site.name && ['as_posix', 'resolve', 'absolute'].includes(site.name) ? site.receiver : undefined;
  return !!inner && isCodePath(model, inner);
}

/**
 * A custom PythonModel whose predict() input type hint MLflow turns into a signature. Also
 * true where the rule cannot see the class: models from code (`python_model="model.py"`), and
 * an instance of a class the file does not define (imported from a module of the project,
 * which may be a ResponsesAgent, or have typed hints).
 */
function signsItself(model: SemanticModel, site: CallSite, hintsCount = true): boolean {
  const pythonModel = keywordArgument(site, 'python_model');
  if (!pythonModel) return false;
  if (stringValue(model, pythonModel) !== undefined || isCodePath(model, pythonModel)) return true;
  const classNode = pythonModelClass(model, pythonModel);
  if (!classNode) return true;
  // MLflow gives ChatModel, ChatAgent and ResponsesAgent subclasses their fixed chat signature.
  const base = classNode ? mlflowModelBase(model, classNode) : undefined;
  if (base !== undefined && base !== 'PythonModel') return true;
  const predict = classNode ? classMethods(classNode).find((method) => field(method, 'name')?.text === 'predict') : undefined;
  const input = predict ? modelInputParameter(predict) : undefined;
  // pyfunc's save_model reads the hints only when no signature= is given: `signature=False` skips them.
  return hintsCount && !!input && hintGivesSignature(model, input);
}

/** A `log_model` call that logs a model with no signature: its flavor, and what the call says of the signature. */
interface UnsignedLogging {
  flavor: string;
  /** "without signature= or input_example=", or what `signature=False` does. */
  how: string;
  /** The call passes `signature=False`: the advice is to replace it. */
  turnedOff: boolean;
}

/** `mlflow.<flavor>.log_model(...)` when the call logs a model with no signature MLflow can know. */
function unsignedLogging(model: SemanticModel, site: CallSite): UnsignedLogging | undefined {
  const flavor = /^mlflow\.([A-Za-z_]\w*)\.log_model$/.exec(site.qualifiedName ?? '')?.[1];
  if (!flavor || SELF_SIGNING_FLAVORS.has(flavor) || site.node.hasError || hasSplatArguments(site)) return undefined;
  // Past (model, artifact_path) the positional places differ by flavor and version.
  if (positionalArguments(site).length > 2) return undefined;
  // MLflow's save_model: `elif signature is False: signature = None`, after the branch that
  // infers one from the input example: an example is saved, no signature.
  const signature = keywordArgument(site, 'signature');
  const turnedOff = !!signature && !isNoneLiteral(model, signature) && booleanValue(model, signature) === false;
  if (gives(model, site, 'signature') || signsItself(model, site, !turnedOff)) return undefined;
  if (turnedOff) {
    const sources = [signsItself(model, site) ? "predict's type hints" : undefined, gives(model, site, 'input_example') ? 'its input_example' : undefined].filter((source) => source !== undefined);
    const how = sources.length > 0 ? `with signature=False, which stops MLflow inferring a signature from ${sources.join(' and ')}` : 'with signature=False and no input_example';
    return { flavor, turnedOff, how };
  }
  if (gives(model, site, 'input_example')) return undefined;
  return { flavor, turnedOff, how: 'without signature= or input_example=' };
}

/**
 * What registering without a signature does where this call registers; undefined where it is
 * accepted (the workspace registry, an open-source MLflow server) or the file is not
 * Databricks code at all: the trap is Unity Catalog's.
 */
function consequence(context: RuleContext, site: CallSite): { text: string; unityCatalog: boolean } | undefined {
  const registry = registryContextOfCall(context.model, site);
  if (registry.context === 'unity-catalog') {
    return { text: 'Unity Catalog rejects a model version without a signature', unityCatalog: true };
  }
  if (registry.context === 'workspace' || !fileRunsOnDatabricks(context.model)) return undefined;
  // Code that moves versions between stages is written for a registry that has them, where an
  // unsigned version is accepted (in Unity Catalog those stage calls raise as well: MLT401).
  if (registry.context === 'unknown' && (usesRegistryStages(context.model) || loadsByStage(context.model))) return undefined;
  return { text: 'in Unity Catalog, registering a model version without a signature fails', unityCatalog: false };
}

/**
 * A `models:/<name>/<Stage>` or `models:/<name>/latest` URI, its segment written out, of a name
 * that is not Unity Catalog's three-part one: MLflow resolves both through get_latest_versions,
 * which only a registry with stages answers. A computed segment (`@champion if uc else
 * /Production`) may be the other arm's. So does reading a registered model's `latest_versions`
 * (the newest version in each stage), which Unity Catalog does not fill (it gives None).
 */
function loadsByStage(model: SemanticModel): boolean {
  const byStage = modelUrisInFile(model).some(
    (uri) => (uri.target.kind === 'stage' || uri.target.kind === 'latest') && uri.nameParts !== 3 && !uri.fromComputed && !uri.fromParameter && uri.string.parent?.type !== 'conditional_expression',
  );
  return byStage || model.nodesAroundText(['latest_versions'], 'attribute').some((node) => field(node, 'attribute')?.text === 'latest_versions' && runsWithTheFile(model, node));
}

const INFERENCE = 'pass signature=infer_signature(X, model.predict(X))';
const ADVICE = `${INFERENCE} or an input_example`;
/** A Spark ML model has no predict(): its signature comes from a DataFrame and its transform. */
// The model's output column is its predictionCol, which a stage may rename (`predictionCol="label_pred"`): named as a placeholder.
const SPARK_INFERENCE = 'pass signature=infer_signature(input_df, model.transform(input_df).select(<its predictionCol, "prediction" by default>))';
const SPARK_ADVICE = `${SPARK_INFERENCE} or an input_example`;

function advice({ flavor, turnedOff }: UnsignedLogging): string {
  if (turnedOff) return `${flavor === 'spark' ? SPARK_INFERENCE : INFERENCE} in place of signature=False`;
  return flavor === 'spark' ? SPARK_ADVICE : ADVICE;
}

/** `"churn_model"` when the name is written out, else `the model`. */
function shownName(model: SemanticModel, name: Node | undefined): string {
  const text = stringValue(model, name);
  return text !== undefined ? `"${text}"` : 'the model';
}

/** `mlflow.register_model(model_uri, name)`, and the client call it makes: `MlflowClient().create_model_version(name, source)`. */
const MLFLOW_REGISTRATION = { shown: 'mlflow.register_model', uri: 'model_uri' } as const;
const CLIENT_REGISTRATION = { shown: 'MlflowClient.create_model_version', uri: 'source' } as const;

function registrationCall(site: CallSite): typeof MLFLOW_REGISTRATION | typeof CLIENT_REGISTRATION | undefined {
  if (site.name === 'register_model') return site.qualifiedName === 'mlflow.register_model' ? MLFLOW_REGISTRATION : undefined;
  // A method name only MLflow's client has (and the Databricks SDK's registry API, which takes the same source).
  return site.receiver ? CLIENT_REGISTRATION : undefined;
}

function check(context: RuleContext): void {
  // MLflow's own tests (private MLflow imports in test code): the library's behaviour is the input.
  if (testsMlflowInternals(context.model)) return;
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  let autolog: boolean | undefined;
  const autologOn = () => (autolog ??= autologLogsSignatures(model));
  for (const site of model.callsNamed('log_model')) {
    if (!registersOnLogging(model, site)) continue;
    // Autologging signs the models it logs itself when fit() runs, never one that an explicit
    // log_model call logs and registers.
    const unsigned = unsignedLogging(model, site);
    if (!unsigned) continue;
    const outcome = consequence(context, site);
    if (!outcome) continue;
    const { text, unityCatalog } = outcome;
    context.report({
      node: site.callee,
      message: `mlflow.${unsigned.flavor}.log_model registers ${shownName(model, keywordArgument(site, 'registered_model_name'))} ${unsigned.how}: ${text} — ${advice(unsigned)}`,
      severity: unityCatalog ? 'error' : 'information',
    });
  }
  // `mlflow.models.set_signature(uri, signature)` signs a logged model after the fact: a later
  // registration may well register a signed version (of that URI or another the file cannot tell apart).
  const signedLater = setSignatureCalls(model);
  for (const site of model.callsNamed('register_model', 'create_model_version')) {
    const registration = registrationCall(site);
    if (!registration || site.node.hasError || hasSplatArguments(site)) continue;
    if (signedLater.some((signing) => signing.node.startIndex < site.node.startIndex)) continue;
    const uri = argument(site, registration.uri, registration === CLIENT_REGISTRATION ? 1 : 0);
    const logged = uri ? loggingCallOfUri(model, uri, isPlainMlflowLogModel) : undefined;
    if (!logged) {
      if (uri && registration !== CLIENT_REGISTRATION) checkSearchedRunRegistration(context, site, uri, autologOn);
      continue;
    }
    // Registered by the logging call too: that call carries the finding.
    if (registersOnLogging(model, logged)) continue;
    const unsigned = unsignedLogging(model, logged);
    if (!unsigned || autologOn()) continue;
    const outcome = consequence(context, site);
    if (!outcome) continue;
    const { text, unityCatalog } = outcome;
    context.report({
      node: site.callee,
      message:
        `${registration.shown} registers ${shownName(model, argument(site, 'name', registration === CLIENT_REGISTRATION ? 0 : 1))} logged by mlflow.${unsigned.flavor}.log_model ${context.document.whereIs(logged.node.startIndex)} ` +
        `${unsigned.how}: ${text} — ${advice(unsigned)} to that call`,
      severity: unityCatalog ? 'error' : 'information',
    });
  }
}

/**
 * `mlflow.register_model(best.artifact_uri + "/model", ...)` with `best` found by search_runs:
 * the run is one of the experiment's, and the file shows how it logs models at that path. When
 * every call that logs there logs an unsigned MLflow model, the registered version has no
 * signature either. A path also logged with a signature, by a feature store client, or
 * registered by its logging call (that call carries the finding) keeps the rule silent.
 */
function checkSearchedRunRegistration(context: RuleContext, site: CallSite, uri: Node, autologOn: () => boolean): void {
  const { model } = context;
  const path = searchedRunArtifactPath(model, uri);
  if (!path) return;
  const loggers = model.callsNamed('log_model').filter((candidate) => loggedArtifactPath(model, candidate) === path);
  if (loggers.length === 0 || !loggers.every(isPlainMlflowLogModel)) return;
  const unsigned = loggers.map((logger) => (registersOnLogging(model, logger) ? undefined : unsignedLogging(model, logger)));
  if (unsigned.some((each) => !each) || autologOn()) return;
  const outcome = consequence(context, site);
  if (!outcome) return;
  const where = context.document.whereAre(loggers.map((logger) => logger.node.startIndex));
  const distinct = [...new Set(unsigned.map((each) => each!.flavor))];
  const hows = [...new Set(unsigned.map((each) => each!.how))];
  const turnedOff = unsigned.every((each) => each!.turnedOff);
  const allSpark = distinct.every((flavor) => flavor === 'spark');
  context.report({
    node: site.callee,
    message:
      `mlflow.register_model registers ${shownName(model, argument(site, 'name', 1))} from a run found by search_runs, at "${path}", where this file logs ` +
      `with mlflow.${distinct.join(' / mlflow.')}.log_model (${where.replace(/^on /, '')}) ${hows.length === 1 ? hows[0] : 'without a signature'}: ${outcome.text} — ${advice({ flavor: allSpark ? 'spark' : '', turnedOff, how: '' })} to ${loggers.length === 1 ? 'that call' : 'those calls'}`,
    severity: outcome.unityCatalog ? 'error' : 'information',
  });
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
    trap: 'Registering a model — `mlflow.<flavor>.log_model(..., registered_model_name=...)`, or `mlflow.register_model("runs:/.../model", ...)` (or `MlflowClient().create_model_version(name, source="runs:/.../model")`) of a model logged in the same file (its run, also as a function of the file returns it from its run block, or a run that `search_runs` finds where the file logs every model at that path the same way) — without `signature=` or `input_example=`, or with `signature=False`, which turns off the signature MLflow would infer from the input example.',
    reality:
      'A model signature is the contract between training and serving: the input columns and types the model expects and what it returns. Unity Catalog rejects a model version without one (and one with inputs only); the workspace registry accepts it, but serving then cannot validate requests. Log `signature=infer_signature(X, model.predict(X))`, or an `input_example=` from which MLflow infers the signature. MLflow cannot infer a signature from `pd.DataFrame`, `pd.Series`, `np.ndarray` or scipy sparse type hints on predict(); `list[...]` hints of primitives, of dicts of primitives or of pydantic models (`list[str]`, `list[dict[str, float]]`, `list[MyPydanticModel]`) give the input schema, and a return hint of those kinds the output schema (without one the signature has inputs only, which Unity Catalog refuses). The finding is an error in a Unity Catalog context (`set_registry_uri("databricks-uc")`, a three-part model name, a FeatureEngineeringClient), information in Databricks code whose registry the file does not show, and absent where the file uses the workspace registry or an open-source MLflow server, which accept unsigned versions (`set_registry_uri("databricks")`, or, where the file shows no registry, stage calls such as `transition_model_version_stage` or `get_latest_versions`, or a model URI with a stage or `latest` (`models:/churn/Production`, `models:/churn/latest`) or a read of a registered model\'s `latest_versions`, which only a registry with stages answers). mltraps stays silent on `register_model` of a run\'s model when the file turns on autologging of models with signatures (`mlflow.spark.autolog()` is not one: it records the data sources a run reads, no model): the version may be the one autologging logged, signed; an explicit `log_model(..., registered_model_name=...)` is reported all the same, since autologging signs only the models it logs itself when `fit()` runs, for flavors that write their own signature or may (transformers, sentence_transformers, openai, langchain, llama_index, dspy), for models from code (`python_model=` a path to a file, written out or built with `os.path.join` or `Path`) and for a `python_model=` whose class the file does not define (imported from a module of the project), whose class the file does not show, and for subclasses of `ChatModel`, `ChatAgent` and `ResponsesAgent`, whose chat signature MLflow sets itself. A registration after `mlflow.models.set_signature(...)` (which signs a logged model after the fact) is left alone. So is a `registered_model_name=` that may be None (`dbutils.widgets.get("name") or None`, a name set to None in a branch): that call registers only when a name is given.',
    example: [
      'import mlflow',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    useInstead: [
      'import mlflow',
      'from mlflow.models import infer_signature',
      '',
      'mlflow.set_registry_uri("databricks-uc")',
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    signature=infer_signature(X_train, model.predict(X_train)),',
      '    input_example=X_train.head(5),',
      '    registered_model_name="ml.retail.churn_model",',
      ')',
    ].join('\n'),
    fix: 'None: the signature needs the training data (`infer_signature(X, model.predict(X))`), which only the author can name.',
    examFact: "Unity Catalog's registry requires a model signature.",
    references: [
      { title: 'MLflow: Model signatures and input examples', url: 'https://mlflow.org/docs/latest/ml/model/signatures/' },
      { title: 'Databricks: Manage model lifecycle in Unity Catalog', url: 'https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/' },
    ],
  },
  triggers: ['registered_model_name', 'register_model', 'create_model_version'],
  // Every finding is about a log_model call (registering itself, or registered by its URI).
  alsoNeeds: ['log_model'],
  check,
};
