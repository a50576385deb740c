import type { Node } from 'web-tree-sitter';
import { ancestorOfType, field, unparenthesize } from './engine/syntax';
import { stringTemplate, templateParts, UNKNOWN_PART } from './semantic/stringTemplates';
import type { Rule, RuleContext } from './engine/types';
import { allArguments, argument, hasSplatArguments, keywordArgument, positionalArguments } from './semantic/calls';
import { classMethods, pythonModelClasses } from './semantic/pythonModels';
import { servedMethodIds } from './semantic/pythonModelImports';
import { selfAttributeValue } from './semantic/registryContext';
import { constructionArgument, ownerClass, parameterOf } from './semantic/parameterValues';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { stringValue } from './semantic/values';
import { isModuleReference } from './semantic/modelMetrics';

/** Functions that read a file given by path: the path's parameter names (the first is also positional 0). */
const PATH_READERS: Record<string, readonly string[]> = {
  'builtins.open': ['file'],
  'io.open': ['file'],
  'codecs.open': ['filename'],
  'joblib.load': ['filename'],
  'pandas.read_csv': ['filepath_or_buffer'],
  'pandas.read_table': ['filepath_or_buffer'],
  'pandas.read_fwf': ['filepath_or_buffer'],
  'pandas.read_pickle': ['filepath_or_buffer'],
  'pandas.read_parquet': ['path'],
  'pandas.read_feather': ['path'],
  'pandas.read_orc': ['path'],
  'pandas.read_json': ['path_or_buf'],
  'pandas.read_hdf': ['path_or_buf'],
  'pandas.read_excel': ['io'],
  'numpy.load': ['file'],
  'numpy.loadtxt': ['fname'],
  'numpy.genfromtxt': ['fname'],
  'numpy.fromfile': ['file'],
  'torch.load': ['f'],
  'tensorflow.keras.models.load_model': ['filepath'],
  'keras.models.load_model': ['filepath'],
  'keras.saving.load_model': ['filepath'],
};
/** Constructors that take a saved model file by keyword only. */
const MODEL_FILE_READERS = new Set(['xgboost.Booster', 'lightgbm.Booster']);
const SPARK_READERS = new Set(['csv', 'parquet', 'json', 'text', 'orc', 'load']);
const PATH_METHODS = new Set(['read_text', 'read_bytes', 'open']);
/** Methods that run when the model object is built, before logging: what they read is pickled with it. */
const BUILD_TIME_METHODS = new Set(['__init__', '__new__']);

/** A path written in the code: a literal, a name bound to one, `Path("...")`, `os.path.join("a", "b")`. */
function literalPath(model: SemanticModel, node: Node, depth = 0): string | undefined {
  const direct = stringValue(model, node);
  if (direct !== undefined) return direct;
  const value = model.resolveValue(node);
  if (value.type !== 'call' || depth > 3) return undefined;
  const site = model.callSite(value);
  if (hasSplatArguments(site)) return undefined;
  const qualifiedName = site.qualifiedName;
  if (qualifiedName === 'pathlib.Path' || qualifiedName === 'pathlib.PurePath') {
    const parts = allArguments(site);
    if (parts.length !== 1) return undefined;
    return literalPath(model, parts[0], depth + 1);
  }
  if (qualifiedName === 'os.path.join') {
    const parts = allArguments(site).map((part) => literalPath(model, part, depth + 1));
    if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
    return parts.join('/').replace(/\/{2,}/g, '/');
  }
  return undefined;
}

/**
 * A path on the machine's disk: no URI scheme (`models:/`, `runs:/`, `s3://`) other than
 * `file:`, and `dbfs:` — a DBFS path of the workspace, which the serving container does not have.
 */
function isLocalPath(path: string): boolean {
  if (path.trim() === '') return false;
  if (/^[A-Za-z]:[\\/]/.test(path)) return true;
  const scheme = /^([A-Za-z][\w+.-]*):/.exec(path);
  return !scheme || ['file', 'dbfs'].includes(scheme[1].toLowerCase());
}

/** Workspace storage that a path built at run time may start with. */
const WORKSPACE_STORAGE = /^(\/dbfs\/|dbfs:\/|\/Workspace\/|\/Volumes\/)/;

/** A string literal's text (quotes included), which names no variable: `"artifacts/encoder.pkl"` is a folder. */
const STRING_LITERAL = /(["'])(?:\\.|(?!\1)[^\\\n])*\1/g;

/** Whether the path is read from the model's logged artifacts: `context.artifacts[...]` (or a name `artifacts`) anywhere in its code, not in its strings. */
function fromArtifacts(model: SemanticModel, node: Node): boolean {
  const mentions = (expression: Node) => /\bartifacts\b/.test(expression.text.replace(STRING_LITERAL, '""'));
  return mentions(node) || mentions(model.resolveValue(node));
}

/**
 * The value of `self.<name>` when the class assigns it once, in `__init__`: what the instance
 * carries (pickled with the model) when load_context() or predict() reads it.
 */
function instanceAttributeValue(model: SemanticModel, node: Node): Node | undefined {
  // Only an attribute read as such: selfAttributeValue would also follow a name bound to one.
  if (unparenthesize(node).type !== 'attribute') return undefined;
  const value = selfAttributeValue(model, node);
  const method = value ? ancestorOfType(value, ['function_definition']) : undefined;
  return method && BUILD_TIME_METHODS.has(field(method, 'name')?.text ?? '') ? value : undefined;
}

/**
 * What the file's constructions of the class pass for a parameter of its `__init__`
 * (`Wrapper("/dbfs/models/m.pkl")` for `def __init__(self, path)`), or the parameter's default
 * where a construction leaves it out. Undefined unless the file constructs the class and every
 * construction gives the parameter a value.
 */
function constructorValues(model: SemanticModel, node: Node): Node[] | undefined {
  const use = unparenthesize(node);
  const parameter = use.type === 'identifier' ? parameterOf(model, use) : undefined;
  if (!parameter || !BUILD_TIME_METHODS.has(field(parameter.function, 'name')?.text ?? '')) return undefined;
  const classNode = ownerClass(parameter.function);
  const className = classNode && field(classNode, 'name')?.text;
  if (!classNode || !className) return undefined;
  const constructions = model.callsNamed(className).filter((site) => model.resolveClass(site.callee)?.id === classNode.id);
  if (constructions.length === 0) return undefined;
  const values: Node[] = [];
  for (const site of constructions) {
    if (hasSplatArguments(site)) return undefined;
    const value = constructionArgument(site, parameter) ?? parameter.defaultValue;
    if (!value) return undefined;
    values.push(value);
  }
  return values;
}

/** The local path every construction passes for an `__init__` parameter (the first one's, shown), when each passes one. */
function constructorPath(model: SemanticModel, node: Node, steps: number): string | undefined {
  const values = steps < MAX_ATTRIBUTE_STEPS ? constructorValues(model, node) : undefined;
  const paths = values?.map((value) => localPath(model, value, steps + 1));
  return paths && paths.every((path) => path !== undefined) ? paths[0] : undefined;
}

/** The expression that fills the start of a string built at run time (`f"{base}/x"`, `"{}/x".format(base)`, `base + "/x"`). */
function leadingPart(model: SemanticModel, node: Node): Node | undefined {
  const first = templateParts(model, node)?.[0];
  return first && 'expression' in first ? first.expression : undefined;
}

/** How many `self.a = self.b` steps a path is followed through (`self.path = self.path` loops). */
const MAX_ATTRIBUTE_STEPS = 4;

/**
 * The path a read takes, as shown in the message, when it is local to the notebook: a literal
 * (or literals joined), or a path built on a `/dbfs/`, `dbfs:/`, `/Workspace/` or `/Volumes/`
 * literal (`f"/dbfs/models/{name}.pkl"`). Undefined for anything read from context.artifacts.
 */
function localPath(model: SemanticModel, node: Node, steps = 0): string | undefined {
  const stored = steps < MAX_ATTRIBUTE_STEPS ? instanceAttributeValue(model, node) : undefined;
  if (stored) return localPath(model, stored, steps + 1);
  if (fromArtifacts(model, node)) return undefined;
  const literal = literalPath(model, node);
  if (literal !== undefined) return isLocalPath(literal) ? literal : undefined;
  const passed = constructorPath(model, node, steps);
  if (passed !== undefined) return passed;
  let built = builtPath(model, node);
  if (!built) return undefined;
  // `"{}/{}.bin".format(model_dir, run_id)` with `model_dir` passed to the constructor.
  const leading = built.startsWith(UNKNOWN_PART) ? leadingPart(model, node) : undefined;
  const start = leading && constructorPath(model, leading, steps);
  if (start !== undefined) built = start + built.slice(UNKNOWN_PART.length);
  const shown = built.replaceAll(UNKNOWN_PART, '...');
  return WORKSPACE_STORAGE.test(shown) ? shown : undefined;
}

/** A path whose leading part is written out: an f-string or `+`, or `os.path.join` / `Path` of one. */
function builtPath(model: SemanticModel, node: Node, depth = 0): string | undefined {
  const template = stringTemplate(model, node);
  if (template) return template.text;
  const value = model.resolveValue(node);
  if (value.type !== 'call' || depth > 3) return undefined;
  const site = model.callSite(value);
  if (hasSplatArguments(site)) return undefined;
  const qualifiedName = site.qualifiedName;
  if (qualifiedName === 'os.path.join' || qualifiedName === 'pathlib.Path' || qualifiedName === 'pathlib.PurePath') {
    const parts = allArguments(site);
    const first = parts[0] ? builtPath(model, parts[0], depth + 1) : undefined;
    return first === undefined ? undefined : [first, ...parts.slice(1).map(() => UNKNOWN_PART)].join('/');
  }
  return undefined;
}

function isBuiltinOpen(model: SemanticModel, site: CallSite): boolean {
  const callee = unparenthesize(site.callee);
  return callee.type === 'identifier' && callee.text === 'open' && !model.lookup(callee) && !model.resolveQualifiedName(callee);
}

/** `open(path, "w")`: writing a scratch file is not reading one. Undefined when the mode is not a literal. */
function opensForReading(model: SemanticModel, site: CallSite): boolean | undefined {
  const mode = argument(site, 'mode', 1);
  if (!mode) return true;
  const text = stringValue(model, mode);
  return text === undefined ? undefined : !/[wax]/.test(text);
}

/**
 * The names of the calls pathArgument reads: the last parts of the qualified names it looks
 * for, and the method names. A call of an attribute has a qualified name that ends with the
 * attribute, so one named otherwise is none of them, and its name is not resolved (a
 * 3,000-line class resolved every call of its served methods on each keystroke).
 */
const READER_NAMES = new Set([
  ...[...Object.keys(PATH_READERS), ...MODEL_FILE_READERS].map((qualifiedName) => qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1)),
  ...SPARK_READERS,
  ...PATH_METHODS,
  'load_model',
]);

/** The path argument of a call that reads a file, when the call is one. */
function pathArgument(model: SemanticModel, site: CallSite): Node | undefined {
  const name = site.name ?? '';
  if (unparenthesize(site.callee).type === 'attribute' && !READER_NAMES.has(name)) return undefined;
  if (isBuiltinOpen(model, site)) return opensForReading(model, site) ? argument(site, 'file', 0) : undefined;
  const qualifiedName = site.qualifiedName;
  if (qualifiedName) {
    const keywords = PATH_READERS[qualifiedName];
    if (keywords) {
      if (['builtins.open', 'io.open', 'codecs.open'].includes(qualifiedName) && !opensForReading(model, site)) return undefined;
      return keywords.map((keyword) => keywordArgument(site, keyword)).find((node) => node) ?? positionalArguments(site)[0];
    }
    if (MODEL_FILE_READERS.has(qualifiedName)) return keywordArgument(site, 'model_file');
    if (qualifiedName.startsWith('databricks.globals.spark.read.') && SPARK_READERS.has(name)) return argument(site, 'path', 0);
  }
  if (name === 'load_model' && site.receiver) {
    return ['model_uri', 'fname', 'filepath', 'path'].map((keyword) => keywordArgument(site, keyword)).find((node) => node) ?? positionalArguments(site)[0];
  }
  // `Path("/dbfs/lookup.json").read_text()`
  if (PATH_METHODS.has(name) && site.receiver) {
    const receiver = model.resolveValue(site.receiver);
    if (receiver.type === 'call' && ['pathlib.Path', 'pathlib.PurePath'].includes(model.callSite(receiver).qualifiedName ?? '')) return site.receiver;
  }
  return undefined;
}

/**
 * Calls that put a file at a path they are given: writers (`to_csv`, `to_pickle`, `torch.save`,
 * `np.save`, `joblib.dump`, `savefig`, `write_text`), downloads into a folder
 * (`download_artifacts`, `hf_hub_download`, `snapshot_download`, `download_file`, `urlretrieve`)
 * and unpacking (`extractall`). Any path argument of theirs counts (which one is the place
 * written differs from library to library; none of them reads a local path).
 */
const PUTTING_CALLS = new Set(['to_csv', 'to_parquet', 'to_json', 'to_pickle', 'to_feather', 'to_excel', 'save', 'save_model', 'savefig', 'write_text', 'write_bytes', 'dump', 'extractall']);

/**
 * Downloads name the remote file too (`filename="vocab.json"`, `artifact_path="enc.joblib"`): only
 * where they download to counts. `download_artifacts` without `dst_path` downloads into a new
 * temporary folder. `receiverPosition`: the position on a client (`MlflowClient().download_artifacts(run_id, path, dst_path)`).
 */
const DOWNLOAD_TARGETS: Record<string, { keywords: readonly string[]; position?: number; receiverPosition?: number }> = {
  download_artifacts: { keywords: ['dst_path'], position: 3, receiverPosition: 2 },
  hf_hub_download: { keywords: ['local_dir'] },
  snapshot_download: { keywords: ['local_dir'] },
  download_file: { keywords: ['Filename'], receiverPosition: 2 },
  urlretrieve: { keywords: ['filename'], position: 1 },
};

/** Calls that copy a file or folder (or unpack an archive) from their first argument into another place. */
const COPYING_CALLS = new Set(['copy', 'copyfile', 'copy2', 'copytree', 'move', 'cp', 'unpack_archive']);

/**
 * The local paths a method puts files at before `before` (an offset): the path arguments of
 * writing, downloading and unpacking calls, `open(path, "w")`, and the destination of a copy
 * whose source is not a local or workspace file (absent where the model serves, so the copy
 * fails there) unless the method put that source there itself.
 */
function pathsPutBefore(model: SemanticModel, method: Node, before: number): string[] {
  const paths: string[] = [];
  const local = (node: Node | undefined) => {
    const value = node?.type === 'keyword_argument' ? field(node, 'value') : node;
    const path = value ? literalPath(model, value) : undefined;
    return path !== undefined && isLocalPath(path) ? path.replace(/^(?:file|dbfs):/, '').replace(/\/+$/, '') : undefined;
  };
  for (const site of model.callsWithin(method)) {
    if (site.node.endIndex > before) continue;
    const name = site.name ?? '';
    if (isBuiltinOpen(model, site)) {
      const path = opensForReading(model, site) === false ? local(argument(site, 'file', 0)) : undefined;
      if (path !== undefined) paths.push(path);
    } else if (PUTTING_CALLS.has(name)) {
      // `zipfile.ZipFile("/dbfs/models/b.zip").extractall("/tmp/b")`: an archive on the notebook's storage, absent where the model serves.
      const opened = name === 'extractall' && site.receiver ? unparenthesize(model.resolveValue(site.receiver)) : undefined;
      const archive = opened?.type === 'call' ? local(positionalArguments(model.callSite(opened))[0]) : undefined;
      if (archive !== undefined && !putThere(archive, paths)) continue;
      for (const arg of allArguments(site)) {
        const path = local(arg);
        if (path !== undefined) paths.push(path);
      }
      if (site.receiver && (name === 'write_text' || name === 'write_bytes')) {
        const path = local(site.receiver);
        if (path !== undefined) paths.push(path);
      }
    } else if (DOWNLOAD_TARGETS[name]) {
      const target = DOWNLOAD_TARGETS[name];
      // A client's method (`client.download_artifacts(run_id, path, dst_path)`) or a module's function (`mlflow.artifacts.download_artifacts`).
      const position = site.receiver && !isModuleReference(model, site.receiver) ? target.receiverPosition : target.position;
      const written = target.keywords.map((keyword) => keywordArgument(site, keyword)).find(Boolean) ?? (position !== undefined ? positionalArguments(site)[position] : undefined);
      const path = local(written);
      if (path !== undefined) paths.push(path);
    } else if (COPYING_CALLS.has(name)) {
      const [source, destination] = positionalArguments(site);
      const from = source ? local(source) : undefined;
      // A source the method did not put there itself is not where the model serves: the copy fails.
      if (from !== undefined && !putThere(from, paths)) continue;
      const to = destination ? local(destination) : undefined;
      if (to !== undefined) paths.push(to);
    }
  }
  return paths;
}

/** Whether `path` is a path put before the read, or inside a folder put there. */
function putThere(path: string, put: readonly string[]): boolean {
  const read = path.replace(/^file:/, '');
  return put.some((written) => written !== '' && (read === written || read.startsWith(`${written}/`)));
}

function check(context: RuleContext): void {
  const { model } = context;
  if (!model.importsModule('mlflow')) return;
  for (const classNode of pythonModelClasses(model)) {
    const className = field(classNode, 'name')?.text ?? 'the model';
    const served = servedMethodIds(model, classNode);
    for (const method of classMethods(classNode)) {
      const methodName = field(method, 'name')?.text ?? '';
      // `__init__` runs in the notebook (its results are pickled); methods serving never reaches do not run in the endpoint.
      if (BUILD_TIME_METHODS.has(methodName) || !served.has(method.id)) continue;
      for (const site of model.callsWithin(method)) {
        if (site.node.hasError) continue;
        const pathNode = pathArgument(model, site);
        const path = pathNode ? localPath(model, pathNode) : undefined;
        if (path === undefined) continue;
        // The method made the file itself (a scratch file, a download at load time): it is there when it is read.
        if (putThere(path, pathsPutBefore(model, method, site.node.startIndex))) continue;
        context.report({
          node: site.node,
          message:
            `PythonModel ${className} reads ${WORKSPACE_STORAGE.test(path) ? `"${path}" from workspace storage` : `the local file "${path}"`} in ${methodName}(): ` +
            'the serving endpoint runs in a container with only what was logged with the model — ' +
            'log the file with artifacts={"name": path} and read context.artifacts["name"]',
        });
      }
    }
  }
}

export const mlt303PyfuncLocalFile: Rule = {
  meta: {
    id: 'MLT303',
    name: 'pyfunc-local-file',
    severity: 'warning',
    area: 'MLflow tracking and packaging',
    domain: 'Model Deployment',
    title: 'A PythonModel reads a file from a local path instead of context.artifacts',
  },
  docs: {
    trap: 'The PyFunc model\'s `load_context()` / `predict()` reads an encoder, a lookup table or a model file from a local path (`/dbfs/...`, `/tmp/...`, a relative path).',
    reality:
      'The serving endpoint runs the model in an isolated container that holds only what was logged with the model: the path that worked in the notebook does not exist there, and the endpoint fails. Pass the files as `artifacts={"name": path}` to `log_model` — MLflow copies them into the model — and read `context.artifacts["name"]` in `load_context()`. mltraps flags, in the methods of a PythonModel subclass that serving runs (`load_context`, `predict` and the methods they call; not `__init__`, whose results are pickled with the model, nor a method only the notebook calls), open (for reading), joblib.load, pickle/json.load(open(...)), pandas read_csv / read_parquet / ..., numpy load, torch.load, Keras load_model, `Booster(model_file=...)`, `.load_model(path)` and spark.read... of a literal path (a name bound to one, `Path("...")`, `os.path.join` of literals, a `self.` attribute that `__init__` sets, also from a parameter when every construction of the class in the file passes a path) without a URI scheme such as `models:/` or `s3://`, and of a path built on a `/dbfs/`, `dbfs:/`, `/Workspace/` or `/Volumes/` literal (`f"/dbfs/models/{name}.pkl"`). Nothing read from `context.artifacts` is flagged (a folder named `artifacts` in a written path is no such read), nor a file the method puts there itself before reading it: a scratch file it writes (`to_csv`, `open(path, "w")`, `joblib.dump`), or a download into a folder at load time (`download_artifacts(..., dst_path=...)`, `hf_hub_download(..., local_dir=...)`: where it downloads to, not the remote name it is given); a copy (or an archive extracted) counts only for its destination, and only when its source is not a local or workspace file (absent where the model serves, so the copy fails there) that the method did not put there itself.',
    example: [
      'import joblib',
      'import mlflow',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def load_context(self, context):',
      '        self.encoder = joblib.load("/dbfs/tmp/churn/encoder.pkl")',
      '',
      'mlflow.pyfunc.log_model("model", python_model=ChurnModel())',
    ].join('\n'),
    useInstead: [
      'import joblib',
      'import mlflow',
      '',
      'class ChurnModel(mlflow.pyfunc.PythonModel):',
      '    def load_context(self, context):',
      '        self.encoder = joblib.load(context.artifacts["encoder"])',
      '',
      'mlflow.pyfunc.log_model(',
      '    "model",',
      '    python_model=ChurnModel(),',
      '    artifacts={"encoder": "/dbfs/tmp/churn/encoder.pkl"},',
      ')',
    ].join('\n'),
    fix: 'None: the artifact needs a name and a place in log_model\'s `artifacts={...}`; the hover shows the pattern (see Use instead).',
    examFact: 'Custom artifacts must be logged with the model and read through context.artifacts.',
    references: [
      { title: 'MLflow Python API: mlflow.pyfunc (PythonModel, artifacts, load_context)', url: 'https://mlflow.org/docs/latest/python_api/mlflow.pyfunc.html' },
      { title: 'Databricks: Deploy custom models', url: 'https://docs.databricks.com/machine-learning/model-serving/custom-models.html' },
    ],
  },
  triggers: ['PythonModel', 'ChatModel', 'ChatAgent', 'ResponsesAgent'],
  check,
};
