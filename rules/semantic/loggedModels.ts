import type { Node } from 'web-tree-sitter';
import { contains, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import { featureLogModelCalls } from './featureStore';
import { type RunBlock, runBlocks } from './mlflowRuns';
import { selfAttributeValue } from './registryContext';
import type { CallSite, SemanticModel } from './semanticModel';
import { hasRunTimeParts, stringKey } from './stringKeys';
import { stringTemplate } from './stringTemplates';
import { returnStatements, returnValue } from './tuning';
import { literalString, mayBeNone } from './values';

/**
 * Which logging call a model URI points at: `info.model_uri` after `info = mlflow.x.log_model(...)`,
 * `f"runs:/{run.info.run_id}/model"` inside `with mlflow.start_run() as run:`, and
 * `models:/<name>/...` for the names logging calls register.
 */

/** `mlflow.<flavor>.load_model` / `mlflow.load_model`: a model MLflow already holds, loaded back. */
export function isMlflowLoadModel(qualifiedName: string | undefined): boolean {
  return !!qualifiedName && /^mlflow\.(?:[a-z_]\w*\.)?load_model$/.test(qualifiedName);
}

/** `mlflow.<flavor>.log_model(...)`: a model without feature store metadata. */
/** `mlflow.models.set_signature(uri, signature)`: signs a logged model after the fact (a later registration registers it signed). */
export function setSignatureCalls(model: SemanticModel): CallSite[] {
  return model.callsOfImported(['set_signature'], (name) => name === 'mlflow.models.set_signature' || name === 'mlflow.models.signature.set_signature');
}

export function isPlainMlflowLogModel(site: CallSite): boolean {
  return site.name === 'log_model' && /^mlflow\.\w+\.log_model$/.test(site.qualifiedName ?? '');
}

/**
 * The artifact path of a logging call: `artifact_path=`, MLflow 3's `name=`, or the positional
 * argument in its place: the second for the flavors that take the model first, the first for
 * `mlflow.pyfunc.log_model` (whose model is `python_model=` / `loader_module=`).
 */
export function loggedArtifactPath(model: SemanticModel, site: CallSite): string | undefined {
  const position = site.qualifiedName === 'mlflow.pyfunc.log_model' ? 0 : 1;
  const node = keywordArgument(site, 'artifact_path') ?? keywordArgument(site, 'name') ?? argument(site, 'artifact_path', position);
  const template = stringTemplate(model, node);
  return template?.exact ? template.text : undefined;
}

/** The logging call a model URI expression comes from, when the file says so exactly. */
export function loggingCallOfUri(model: SemanticModel, uri: Node, isLogging: (site: CallSite) => boolean): CallSite | undefined {
  const value = model.resolveValue(uri);
  // `info.model_uri` after `info = mlflow.sklearn.log_model(...)`; `self.info.model_uri` in a
  // class that assigns `self.info` once, from such a call.
  if (value.type === 'attribute' && field(value, 'attribute')?.text === 'model_uri') {
    const object = field(value, 'object');
    const assigned = object ? selfAttributeValue(model, object) : undefined;
    const source = assigned ? model.resolveValue(assigned) : object ? model.resolveValue(object) : undefined;
    if (source?.type === 'call') {
      const site = model.callSite(source);
      return isLogging(site) ? site : undefined;
    }
    return undefined;
  }
  const runUri = readRunsUri(model, value) ?? artifactUriOfActiveRun(model, value);
  if (!runUri) return undefined;
  const loggers = model.callsWithin(runUri.runBody).filter((site) => isLogging(site) && loggedArtifactPath(model, site) === runUri.artifactPath);
  return loggers.length === 1 ? loggers[0] : undefined;
}

/** The innermost `with mlflow.start_run()` block around `node`. */
function innermostRunBlock(model: SemanticModel, node: Node): RunBlock | undefined {
  return runBlocks(model)
    .filter((candidate) => contains(candidate.body, node))
    .sort((a, b) => b.body.startIndex - a.body.startIndex)[0];
}

/** `mlflow.get_artifact_uri("model")` read inside a run block: that run's artifact at that path. */
function artifactUriOfActiveRun(model: SemanticModel, value: Node): { runBody: Node; artifactPath: string } | undefined {
  if (value.type !== 'call') return undefined;
  const site = model.callSite(value);
  if (site.qualifiedName !== 'mlflow.get_artifact_uri' && site.qualifiedName !== 'mlflow.tracking.fluent.get_artifact_uri') return undefined;
  const path = stringTemplate(model, argument(site, 'artifact_path', 0));
  const block = path?.exact ? innermostRunBlock(model, value) : undefined;
  const artifactPath = path?.text.replace(/^\/+|\/+$/g, '');
  return block && artifactPath ? { runBody: block.body, artifactPath } : undefined;
}

type StringPart = { text: string } | { expression: Node };

/**
 * The literal and computed parts of a string built with an f-string, `+`, `str.format` or `%`,
 * in order; computed parts that are string literals (or names bound to one) count as text, and
 * neighbouring texts are joined: `"runs:/{}/{}".format(run_id, "model")` is `runs:/`, `run_id`, `/model`.
 */
function stringParts(model: SemanticModel, value: Node): StringPart[] | undefined {
  const parts = rawStringParts(model, value);
  if (!parts) return undefined;
  const joined: StringPart[] = [];
  for (const part of parts) {
    const literal = 'expression' in part ? literalString(model.resolveValue(part.expression)) : part.text;
    const previous = joined[joined.length - 1];
    if (literal === undefined) joined.push(part);
    else if (previous && 'text' in previous) joined[joined.length - 1] = { text: previous.text + literal };
    else joined.push({ text: literal });
  }
  return joined;
}

/** A replacement field of `str.format` (`{}`, `{0}`, `{name}`) or an escaped brace. */
const FORMAT_FIELD = /\{\{|\}\}|\{([^{}]*)\}/g;

/**
 * `"runs:/{}/{}".format(a, b)` with a literal template, as parts. Undefined for a field the
 * call does not fill plainly: a conversion or format spec (`{!r}`, `{:>8}`) changes the text,
 * and `*args` / `**kwargs` hide which argument goes where.
 */
function formatCallParts(template: string, call: Node): StringPart[] | undefined {
  if (hasSplatArguments(call)) return undefined;
  const positional = positionalArguments(call);
  const parts: StringPart[] = [];
  let next = 0;
  let last = 0;
  for (const match of template.matchAll(FORMAT_FIELD)) {
    parts.push({ text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    if (match[1] === undefined) {
      parts.push({ text: match[0][0] });
      continue;
    }
    const name = match[1];
    const value = name === '' ? positional[next++] : /^\d+$/.test(name) ? positional[Number(name)] : /^[A-Za-z_]\w*$/.test(name) ? keywordArgument(call, name) : undefined;
    if (!value) return undefined;
    parts.push({ expression: value });
  }
  parts.push({ text: template.slice(last) });
  return parts.filter((part) => !('text' in part) || part.text !== '');
}

/** `"runs:/%s/%s" % (a, b)` with a literal template and only `%s` fields (others change the text), as parts. */
function percentParts(template: string, values: Node): StringPart[] | undefined {
  const specs = [...template.matchAll(/%(.)/gs)];
  if (specs.some((spec) => spec[1] !== 's' && spec[1] !== '%')) return undefined;
  const operand = unparenthesize(values);
  const items = operand.type === 'tuple' ? namedChildren(operand) : [operand];
  if (items.length !== specs.filter((spec) => spec[1] === 's').length || items.some((item) => item.type === 'list_splat')) return undefined;
  const parts: StringPart[] = [];
  let next = 0;
  let last = 0;
  for (const spec of specs) {
    parts.push({ text: template.slice(last, spec.index) });
    last = spec.index + spec[0].length;
    parts.push(spec[1] === '%' ? { text: '%' } : { expression: items[next++] });
  }
  parts.push({ text: template.slice(last) });
  return parts.filter((part) => !('text' in part) || part.text !== '');
}

function rawStringParts(model: SemanticModel, value: Node): StringPart[] | undefined {
  if (value.type === 'string') {
    const parts: StringPart[] = [];
    for (const child of namedChildren(value)) {
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'string_content') parts.push({ text: child.text });
      else if (child.type === 'interpolation') {
        const inner = namedChildren(child).filter((node) => node.type !== 'format_specifier' && node.type !== 'type_conversion');
        if (inner.length !== 1) return undefined;
        parts.push({ expression: inner[0] });
      } else return undefined;
    }
    return parts;
  }
  if (value.type === 'binary_operator' && field(value, 'operator')?.text === '+') {
    const left = field(value, 'left');
    const right = field(value, 'right');
    const leftParts = left ? rawStringParts(model, unparenthesize(left)) : undefined;
    const rightParts = right ? rawStringParts(model, unparenthesize(right)) : undefined;
    if (leftParts && rightParts) return [...leftParts, ...rightParts];
    return undefined;
  }
  if (value.type === 'binary_operator' && field(value, 'operator')?.text === '%') {
    const left = field(value, 'left');
    const right = field(value, 'right');
    const template = left ? literalString(model.resolveValue(left)) : undefined;
    return template !== undefined && right ? percentParts(template, right) : undefined;
  }
  if (value.type === 'call') {
    const callee = unparenthesize(field(value, 'function') ?? value);
    const receiver = callee.type === 'attribute' && field(callee, 'attribute')?.text === 'format' ? field(callee, 'object') : undefined;
    const template = receiver ? literalString(model.resolveValue(receiver)) : undefined;
    if (template !== undefined) return formatCallParts(template, value);
  }
  // `run.info.run_id` in `"runs:/" + run.info.run_id + "/model"`
  return [{ expression: value }];
}

/**
 * `f"runs:/{run.info.run_id}/<path>"` or `"runs:/" + run.info.run_id + "/<path>"`, where `run`
 * is bound by `with mlflow.start_run() as run:` (directly, or through `run_id = run.info.run_id`),
 * or the id is `mlflow.active_run().info.run_id` read inside such a block.
 */
function readRunsUri(model: SemanticModel, value: Node): { runBody: Node; artifactPath: string } | undefined {
  if (value.type !== 'string' && value.type !== 'binary_operator' && value.type !== 'call') return undefined;
  const parts = stringParts(model, value);
  if (!parts || parts.length !== 3) return undefined;
  const [scheme, runIdPart, path] = parts;
  if (!('text' in scheme) || scheme.text !== 'runs:/' || !('expression' in runIdPart) || !('text' in path) || !path.text.startsWith('/')) return undefined;
  const runId = model.resolveValue(runIdPart.expression);
  if (runId.type !== 'attribute' || field(runId, 'attribute')?.text !== 'run_id') return undefined;
  const info = field(runId, 'object');
  if (info?.type !== 'attribute' || field(info, 'attribute')?.text !== 'info') return undefined;
  const run = field(info, 'object');
  let block: RunBlock | undefined;
  if (run?.type === 'identifier') block = runBlockOfName(model, run) ?? runBlockReturnedBy(model, run);
  else if (run?.type === 'call' && model.callSite(run).qualifiedName === 'mlflow.active_run') {
    // The innermost run block around the place the id is read.
    block = innermostRunBlock(model, run);
  }
  if (!block) return undefined;
  return { runBody: block.body, artifactPath: path.text.slice(1).replace(/\/+$/, '') };
}

/** The `with mlflow.start_run() as <name>:` block that binds the name where it is read. */
function runBlockOfName(model: SemanticModel, name: Node): RunBlock | undefined {
  const binding = model.lookup(name);
  if (!binding || binding.kind !== 'opaque') return undefined;
  return runBlocks(model).find((candidate) => candidate.statement.startIndex < binding.node.startIndex && contains(candidate.statement, binding.node) && binding.node.endIndex <= candidate.body.startIndex);
}

/**
 * `run = train()` where `train` is a function of the file whose every return gives the run of
 * one `with mlflow.start_run() as run:` block in it: that block.
 */
function runBlockReturnedBy(model: SemanticModel, name: Node): RunBlock | undefined {
  const binding = model.lookup(name);
  const call = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
  const callee = call?.type === 'call' ? field(call, 'function') : undefined;
  const fn = callee ? model.resolveFunction(callee) : undefined;
  if (fn?.type !== 'function_definition') return undefined;
  const blocks = returnStatements(fn).map((statement) => {
    const value = returnValue(statement);
    return value?.type === 'identifier' ? runBlockOfName(model, value) : undefined;
  });
  const first = blocks[0];
  return first && blocks.every((block) => block === first) ? first : undefined;
}

/** How far a run expression is followed back to the search that found it. */
const MAX_SEARCH_DEPTH = 16;

/**
 * The search an expression is read from: the result of `mlflow.search_runs(...)` (a pandas frame of
 * runs) or `MlflowClient().search_runs(...)` (a list of Run objects), naming `field` on the
 * way: `best.artifact_uri` with `best = mlflow.search_runs(...).iloc[0]`, `df["run_id"][0]`,
 * `runs[0].info.run_id`. Rows are picked by subscripts, `.iloc[...]`, `.loc[...]` or methods of
 * the frame (`.sort_values(...)`, `.head(1)`, `.first()`), through names.
 */
function searchOfRunsRead(model: SemanticModel, expression: Node, fieldName: string): Node | undefined {
  let current = model.resolveValue(expression);
  let named = false;
  for (let depth = 0; depth < MAX_SEARCH_DEPTH; depth++) {
    if (current.type === 'attribute') {
      if (field(current, 'attribute')?.text === fieldName) named = true;
      const object = field(current, 'object');
      if (!object) return undefined;
      current = model.resolveValue(object);
    } else if (current.type === 'subscript') {
      const key = namedChildren(current).slice(1).find((child) => child.type === 'string');
      if (key && stringTemplate(model, key)?.text === fieldName) named = true;
      const value = field(current, 'value');
      if (!value) return undefined;
      current = model.resolveValue(value);
    } else if (current.type === 'call') {
      const callee = unparenthesize(field(current, 'function') ?? current);
      const method = callee.type === 'attribute' ? field(callee, 'attribute')?.text : callee.type === 'identifier' ? callee.text : undefined;
      if (method === 'search_runs') {
        const qualifiedName = model.callSite(current).qualifiedName;
        return named && (!qualifiedName || qualifiedName.startsWith('mlflow.')) ? current : undefined;
      }
      const object = callee.type === 'attribute' ? field(callee, 'object') : undefined;
      if (!object) return undefined;
      current = model.resolveValue(object);
    } else return undefined;
  }
  return undefined;
}

/**
 * A model URI built on a run that `search_runs` found, rather than on a run the file shows:
 * `best.artifact_uri + "/model"`, `f"runs:/{best.run_id}/model"`, `"runs:/" + df.iloc[0].run_id + "/model"`.
 * Gives that search call and the URI's path after the run (`/model`).
 */
function searchedRunUri(model: SemanticModel, uri: Node): { search: Node; path: string } | undefined {
  const value = model.resolveValue(uri);
  if (value.type !== 'string' && value.type !== 'binary_operator' && value.type !== 'call') return undefined;
  const parts = stringParts(model, value);
  if (!parts) return undefined;
  if (parts.length === 2) {
    const [base, rest] = parts;
    const search = 'expression' in base && 'text' in rest ? searchOfRunsRead(model, base.expression, 'artifact_uri') : undefined;
    return search && 'text' in rest ? { search, path: rest.text } : undefined;
  }
  if (parts.length === 3) {
    const [scheme, runId, rest] = parts;
    const search = 'text' in scheme && scheme.text === 'runs:/' && 'expression' in runId && 'text' in rest ? searchOfRunsRead(model, runId.expression, 'run_id') : undefined;
    return search && 'text' in rest ? { search, path: rest.text } : undefined;
  }
  return undefined;
}

/**
 * The artifact path of a model URI built on a run that `search_runs` found: the run itself is
 * unknown; what the file knows is how it logs models at that path.
 */
export function searchedRunArtifactPath(model: SemanticModel, uri: Node): string | undefined {
  const path = searchedRunUri(model, uri)?.path;
  if (!path?.startsWith('/')) return undefined;
  const artifactPath = path.slice(1).replace(/\/+$/, '');
  return artifactPath && !artifactPath.includes('{') ? artifactPath : undefined;
}

/**
 * What the file registers under each model name, as far as it can tell. Names are keys
 * (stringKeys): the text when the file spells it out, else its parts with the names they read
 * when those hold one value for the run (`f"{catalog}.{schema}.churn"`).
 */
export interface RegisteredModels {
  /** Name key -> plain MLflow logging calls that register under it. */
  plain: Map<string, CallSite[]>;
  /** Name keys a feature store log_model (or an unidentified registration) may register under. */
  featureAware: Set<string>;
  /** A feature store log_model or registration registers under a name that has no key. */
  unknownNames: boolean;
}

export function registeredModels(model: SemanticModel): RegisteredModels {
  const result: RegisteredModels = { plain: new Map(), featureAware: new Set(), unknownNames: false };
  const addPlain = (name: string, site: CallSite) => result.plain.set(name, [...(result.plain.get(name) ?? []), site]);
  const nameKey = (node: Node | undefined) => (node ? stringKey(model, node) : undefined);
  for (const site of model.callsNamed('log_model')) {
    if (!isPlainMlflowLogModel(site)) continue;
    const name = nameKey(keywordArgument(site, 'registered_model_name'));
    if (name !== undefined) addPlain(name, site);
  }
  for (const site of featureLogModelCalls(model)) {
    const node = keywordArgument(site, 'registered_model_name');
    if (!node) continue;
    const name = nameKey(node);
    if (name !== undefined) result.featureAware.add(name);
    else result.unknownNames = true;
  }
  for (const site of model.callsNamed('register_model')) {
    if (site.qualifiedName !== 'mlflow.register_model') continue;
    const name = nameKey(argument(site, 'name', 1));
    const uri = argument(site, 'model_uri', 0);
    const logged = uri ? loggingCallOfUri(model, uri, isPlainMlflowLogModel) : undefined;
    if (name === undefined) result.unknownNames = true;
    else if (logged) addPlain(name, logged);
    else result.featureAware.add(name);
  }
  return result;
}

/**
 * Whether a feature store log_model or an unidentified registration may register under the name
 * key `name`: the same key, or any key when one of the two has parts read at run time (a
 * different key may hold the same text).
 */
export function mayRegisterFeatureAware(registered: RegisteredModels, name: string): boolean {
  if (registered.featureAware.has(name)) return true;
  return [...registered.featureAware].some((other) => hasRunTimeParts(other) || hasRunTimeParts(name));
}

/**
 * `log_model(..., registered_model_name=...)` that registers the model itself, whatever path the
 * code takes: a name that may be None (`widgets.get("name") or None`, a name set to None in a
 * branch) registers only sometimes, and a sentence that says "registers" would claim too much.
 */
export function registersOnLogging(model: SemanticModel, site: CallSite): boolean {
  const registered = keywordArgument(site, 'registered_model_name');
  return !!registered && !mayBeNone(model, registered);
}
