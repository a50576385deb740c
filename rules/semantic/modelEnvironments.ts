import type { Node } from 'web-tree-sitter';
import { ancestorOfType, codeChildren, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument } from './calls';
import { normalizeDistributionName } from './notebook';
import { readCondaDependency, readRequirementTemplate, type RequirementEntry } from './pythonPackages';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';
import { dictEntries, isNoneLiteral, sequenceElements, stringValue } from './values';

/**
 * The environment a logging call declares for a model: `pip_requirements`,
 * `extra_pip_requirements` and `conda_env`, read as far as the file tells. Requirement
 * entries count by their name (`f"torch=={torch.__version__}"` declares torch); lists and
 * conda envs may be built with `mlflow.<flavor>.get_default_conda_env()` /
 * `get_default_pip_requirements()` or `_mlflow_conda_env(additional_pip_deps=[...])` and
 * extended afterwards (`env["dependencies"][-1]["pip"] += [...]`, `reqs.append(...)`).
 */

export interface DeclaredEnvironment {
  /** Normalised names of the distributions the call declares. */
  declared: Set<string>;
  /** Something may be declared that the file does not show: a requirements file, a computed list. */
  unknown: boolean;
  /**
   * Whether `pip_requirements` or `conda_env` is given (not None): MLflow then installs only
   * what they list. Without them it infers the requirements and adds `extra_pip_requirements`.
   */
  replacesInference: boolean;
  /** Whether `extra_pip_requirements` is given (not None). */
  extra: boolean;
  /** The list literal a fix may extend, and the keyword it belongs to. */
  editable?: { list: Node; keyword: string };
  /**
   * Every element read as a pip requirement, with the argument it reaches MLflow through
   * (`pip_requirements`, `extra_pip_requirements`, `conda_env`, `additional_pip_deps`): where
   * it is written, for rules that judge the requirement itself (MLT307).
   */
  requirementElements: Array<{ node: Node; keyword: string }>;
  /**
   * Distributions a conda env dict lists under a top-level `"pip"` key, beside "dependencies":
   * MLflow reads pip packages only from a `{"pip": [...]}` entry of "dependencies"
   * (`_get_pip_deps`), so these are not declared.
   */
  strayPip?: Set<string>;
  /**
   * A conda env given where a pip requirements list goes (`pip_requirements=env`): MLflow takes
   * any iterable of strings (`_parse_pip_requirements`), so it installs the dict's keys ("name",
   * "channels", "dependencies") and none of the packages the env lists (`listed`).
   */
  condaAsPip?: { keyword: string; listed: Set<string> };
}

const REQUIREMENT_KEYWORDS = ['extra_pip_requirements', 'pip_requirements', 'conda_env'] as const;

/**
 * What `mlflow.<flavor>.get_default_pip_requirements()` / `get_default_conda_env()` list
 * besides mlflow, for the flavors whose defaults do not depend on the model passed in.
 */
const FLAVOR_DEFAULTS: Readonly<Record<string, readonly string[]>> = {
  pyfunc: ['cloudpickle'],
  sklearn: ['scikit-learn', 'cloudpickle'],
  xgboost: ['xgboost'],
  lightgbm: ['lightgbm'],
  catboost: ['catboost'],
  statsmodels: ['statsmodels'],
  prophet: ['prophet'],
  pmdarima: ['pmdarima'],
  spacy: ['spacy'],
  onnx: ['onnx', 'onnxruntime'],
  h2o: ['h2o'],
  spark: ['pyspark'],
  tensorflow: ['tensorflow'],
  keras: ['keras', 'tensorflow'],
  pytorch: ['torch', 'cloudpickle'],
};

const MAX_DEPTH = 4;

function readEntry(model: SemanticModel, element: Node): RequirementEntry {
  const template = stringTemplate(model, element);
  if (!template) return { kind: 'unknown' };
  return readRequirementTemplate(template.text, UNKNOWN_PART);
}

/** A pip requirement element: its name declared, and the element kept for rules that read it. */
function addRequirement(model: SemanticModel, environment: DeclaredEnvironment, element: Node, keyword: string): void {
  environment.requirementElements.push({ node: element, keyword });
  addEntry(environment, readEntry(model, element));
}

function addEntry(environment: DeclaredEnvironment, entry: RequirementEntry): void {
  if (entry.kind === 'unknown') environment.unknown = true;
  else if (entry.kind === 'distribution') environment.declared.add(entry.normalizedName);
}

/** `mlflow.<flavor>.get_default_...()`: the flavor's defaults, or undefined when unknown. */
function flavorDefaults(site: CallSite, functionName: string): readonly string[] | undefined {
  const match = new RegExp(`^mlflow\\.(\\w+)\\.${functionName}$`).exec(site.qualifiedName ?? '');
  if (!match || hasSplatArguments(site)) return undefined;
  return FLAVOR_DEFAULTS[match[1]];
}

/** The one expression a function of the file returns, when it has exactly one return statement. */
function returnedExpression(model: SemanticModel, callee: Node): Node | undefined {
  const definition = model.resolveFunction(callee);
  if (definition?.type !== 'function_definition') return undefined;
  const returns = definition.descendantsOfType('return_statement').filter((node): node is Node => !!node);
  if (returns.length !== 1) return undefined;
  return namedChildren(returns[0])[0];
}

/** Which kind of environment value is read: a pip requirements list (for `keyword`) or a conda env. */
type EnvironmentValue = { kind: 'pip'; keyword: string } | { kind: 'conda' };

const DEFAULTS_FUNCTION = { pip: 'get_default_pip_requirements', conda: 'get_default_conda_env' } as const;

/**
 * A pip requirements list or a conda env, in the forms both take: a name bound to one (read
 * with what is added to it afterwards), a flavor's defaults (`mlflow.<flavor>.get_default_...()`),
 * a function of the file that returns one; then the literal forms of each kind.
 */
function readEnvironmentValue(model: SemanticModel, node: Node, environment: DeclaredEnvironment, value: EnvironmentValue, depth = 0): void {
  const expr = unparenthesize(node);
  if (depth > MAX_DEPTH) {
    environment.unknown = true;
    return;
  }
  if (expr.type === 'identifier') {
    const binding = model.lookup(expr);
    if (binding?.kind === 'assignment' && binding.value && value.kind === 'pip' && isCondaEnvValue(model, unparenthesize(binding.value))) {
      // `env["dependencies"][-1]["pip"] += [...]` extends the env's pip list, not the keys MLflow reads.
      const listed = emptyEnvironment();
      readCondaLiteralOrDefaults(model, unparenthesize(binding.value), listed);
      readExtensions(model, binding.node, expr, listed, { kind: 'conda' });
      environment.condaAsPip = { keyword: value.keyword, listed: listed.declared };
      return;
    }
    if (binding?.kind === 'assignment' && binding.value) {
      readEnvironmentValue(model, binding.value, environment, value, depth + 1);
      readExtensions(model, binding.node, expr, environment, value);
    } else {
      environment.unknown = true;
    }
    return;
  }
  if (value.kind === 'pip' && isCondaEnvValue(model, expr)) {
    const listed = emptyEnvironment();
    readCondaLiteralOrDefaults(model, expr, listed);
    environment.condaAsPip = { keyword: value.keyword, listed: listed.declared };
    return;
  }
  if (expr.type === 'call') {
    const site = model.callSite(expr);
    const defaults = flavorDefaults(site, DEFAULTS_FUNCTION[value.kind]);
    if (defaults) {
      defaults.forEach((name) => environment.declared.add(normalizeDistributionName(name)));
      return;
    }
    const returned = returnedExpression(model, site.callee);
    if (returned && !hasSplatArguments(site)) {
      readEnvironmentValue(model, returned, environment, value, depth + 1);
      return;
    }
  }
  if (value.kind === 'pip') readPipLiteral(model, expr, environment, value.keyword);
  else readCondaLiteral(model, expr, environment);
}

/** A pip requirements list written out: a list or tuple literal, or such sequences joined with `+`. */
function readPipLiteral(model: SemanticModel, expr: Node, environment: DeclaredEnvironment, keyword: string): void {
  const sequence = sequenceElements(model, expr);
  if (!sequence) {
    environment.unknown = true;
    return;
  }
  if (!sequence.complete) environment.unknown = true;
  for (const element of sequence.elements) addRequirement(model, environment, element, keyword);
  const list = sequence.literals.at(-1);
  if (list?.type === 'list' && !environment.editable) environment.editable = { list, keyword };
}

/** An environment that declares nothing yet. */
function emptyEnvironment(): DeclaredEnvironment {
  return { declared: new Set(), unknown: false, replacesInference: false, extra: false, requirementElements: [] };
}

/** The dependencies of a conda env dict literal: conda packages and the `{"pip": [...]}` entry. */
function readCondaDict(model: SemanticModel, node: Node, environment: DeclaredEnvironment): void {
  const env = dictEntries(model, node);
  if (!env || !env.complete) {
    environment.unknown = true;
    return;
  }
  const stray = env.entries.get('pip');
  if (stray) {
    const listed = emptyEnvironment();
    readEnvironmentValue(model, stray, listed, { kind: 'pip', keyword: 'conda_env' });
    environment.strayPip = new Set([...(environment.strayPip ?? []), ...listed.declared]);
  }
  const dependencies = env.entries.get('dependencies');
  if (!dependencies) return;
  readCondaDependencies(model, dependencies, environment);
}

function readCondaDependencies(model: SemanticModel, node: Node, environment: DeclaredEnvironment): void {
  const sequence = sequenceElements(model, node);
  if (!sequence || !sequence.complete) {
    environment.unknown = true;
    return;
  }
  for (const element of sequence.elements) readCondaDependencyElement(model, element, environment);
}

function readCondaDependencyElement(model: SemanticModel, element: Node, environment: DeclaredEnvironment): void {
  const template = stringTemplate(model, element);
  if (template) {
    addEntry(environment, template.exact ? readCondaDependency(template.text) : readRequirementTemplate(template.text, UNKNOWN_PART));
    return;
  }
  const pip = dictEntries(model, element)?.entries.get('pip');
  if (pip) readEnvironmentValue(model, pip, environment, { kind: 'pip', keyword: 'conda_env' });
  else environment.unknown = true;
}

/**
 * A conda env for sure: a flavor's `get_default_conda_env()`, `_mlflow_conda_env(...)` without a
 * path, or a dict literal with a "dependencies" key.
 */
function isCondaEnvValue(model: SemanticModel, expr: Node): boolean {
  if (expr.type === 'dictionary') return dictEntries(model, expr)?.entries.has('dependencies') ?? false;
  if (expr.type !== 'call') return false;
  const site = model.callSite(expr);
  if (flavorDefaults(site, DEFAULTS_FUNCTION.conda)) return true;
  const path = argument(site, 'path', 0);
  return site.qualifiedName === 'mlflow.utils.environment._mlflow_conda_env' && !hasSplatArguments(site) && (!path || isNoneLiteral(model, path));
}

/** What a conda env value lists: a flavor's defaults, or the literal forms readCondaLiteral reads. */
function readCondaLiteralOrDefaults(model: SemanticModel, expr: Node, environment: DeclaredEnvironment): void {
  const defaults = expr.type === 'call' ? flavorDefaults(model.callSite(expr), DEFAULTS_FUNCTION.conda) : undefined;
  if (defaults) defaults.forEach((name) => environment.declared.add(normalizeDistributionName(name)));
  else readCondaLiteral(model, expr, environment);
}

/** A conda env written out: a dict literal, or `_mlflow_conda_env(...)`. */
function readCondaLiteral(model: SemanticModel, expr: Node, environment: DeclaredEnvironment): void {
  if (expr.type === 'dictionary' || (expr.type === 'call' && field(expr, 'function')?.text === 'dict')) {
    readCondaDict(model, expr, environment);
    return;
  }
  const site = expr.type === 'call' ? model.callSite(expr) : undefined;
  // Anything else (a path to a conda.yaml file, a computed env) the rule cannot read.
  if (site?.qualifiedName !== 'mlflow.utils.environment._mlflow_conda_env' || hasSplatArguments(site)) {
    environment.unknown = true;
    return;
  }
  const path = argument(site, 'path', 0);
  // With a path it writes the file and returns None.
  if (path && !isNoneLiteral(model, path)) {
    environment.unknown = true;
    return;
  }
  const condaDeps = argument(site, 'additional_conda_deps', 1);
  if (condaDeps && !isNoneLiteral(model, condaDeps)) readCondaDependencies(model, condaDeps, environment);
  const pipDeps = argument(site, 'additional_pip_deps', 2);
  if (pipDeps && !isNoneLiteral(model, pipDeps)) readEnvironmentValue(model, pipDeps, environment, { kind: 'pip', keyword: 'additional_pip_deps' });
}

const READ_ONLY_CALLS = new Set(['print', 'display', 'len', 'str', 'repr', 'dump', 'dumps', 'safe_dump']);
const EXTENDING_METHODS = new Set(['append', 'extend', 'insert']);
const CHANGING_METHODS = new Set(['update', 'pop', 'remove', 'clear', 'setdefault']);

/**
 * The entries added to the value bound at `bindingNode`: `x.append("a")`, `x.extend([...])`,
 * `x += [...]`, and the same on an item of it (`env["dependencies"][-1]["pip"] += [...]`).
 * Any other change, or a use that may change it (passed to a function, kept under another
 * name), makes the environment unknown. Changes after `use` in its own scope do not count;
 * those in other functions do, since they may run first (counting them only declares more).
 */
function readExtensions(model: SemanticModel, bindingNode: Node, use: Node, environment: DeclaredEnvironment, value: EnvironmentValue): void {
  const binding = model.lookup(use);
  if (!binding) return;
  const useScope = enclosingScope(use);
  for (const occurrence of model.usesOf(binding)) {
    if (occurrence.id === use.id || occurrence.startIndex <= bindingNode.startIndex) continue;
    if (occurrence.startIndex > use.startIndex && enclosingScope(occurrence)?.id === useScope?.id) continue;
    readExtension(model, occurrence, environment, value);
  }
}

/** The def, lambda or class whose body holds the node (undefined at module level). */
function enclosingScope(node: Node): Node | undefined {
  return ancestorOfType(node, ['function_definition', 'lambda', 'class_definition']);
}

function readExtension(model: SemanticModel, occurrence: Node, environment: DeclaredEnvironment, value: EnvironmentValue): void {
  // `env["dependencies"][-1]["pip"]`: the item that is changed.
  let target = occurrence;
  while (target.parent?.type === 'subscript' && field(target.parent, 'value')?.id === target.id) target = target.parent;
  const parent = target.parent;
  if (!parent) return;
  const inPipList = value.kind === 'pip' || /\[\s*["']pip["']\s*\]$/.test(target.text);
  const addElement = (element: Node) => {
    if (inPipList) addRequirement(model, environment, element, value.kind === 'pip' ? value.keyword : 'conda_env');
    else readCondaDependencyElement(model, element, environment);
  };
  const addElements = (node: Node | undefined) => {
    const sequence = node ? sequenceElements(model, node) : undefined;
    if (!sequence) environment.unknown = true;
    else {
      if (!sequence.complete) environment.unknown = true;
      sequence.elements.forEach(addElement);
    }
  };

  if (parent.type === 'augmented_assignment' && field(parent, 'left')?.id === target.id) {
    if (field(parent, 'operator')?.text === '+=') addElements(field(parent, 'right'));
    else environment.unknown = true;
    return;
  }
  if (parent.type === 'attribute' && field(parent, 'object')?.id === target.id) {
    const method = field(parent, 'attribute')?.text ?? '';
    if (CHANGING_METHODS.has(method)) environment.unknown = true;
    // `env.copy()`, `env.get(...)`, `reqs.index(...)` only read it.
    if (!EXTENDING_METHODS.has(method)) return;
    const call = parent.parent?.type === 'call' ? parent.parent : undefined;
    const argumentList = call ? field(call, 'arguments') : undefined;
    const args = argumentList ? codeChildren(argumentList) : [];
    if (args.some((child) => child.type === 'keyword_argument' || child.type === 'list_splat' || child.type === 'dictionary_splat')) {
      environment.unknown = true;
    } else if (method === 'append' && args.length === 1) addElement(args[0]);
    else if (method === 'insert' && args.length === 2) addElement(args[1]);
    else if (method === 'extend' && args.length === 1) addElements(args[0]);
    else environment.unknown = true;
    return;
  }
  if (target.id !== occurrence.id) {
    // An item read in an expression is harmless; replaced, or kept under another name, it is not,
    // except a conda env's own keys that hold no packages (`env["name"] = "scoring"`).
    if (parent.type === 'assignment' && !setsKeyWithoutPackages(model, target, occurrence, value)) environment.unknown = true;
    return;
  }
  // The name itself, passed on: as the environment of a logging call or to print it is only read.
  if (parent.type === 'keyword_argument' && REQUIREMENT_KEYWORDS.some((keyword) => field(parent, 'name')?.text === keyword)) return;
  if (parent.type === 'expression_statement') return;
  const call = parent.type === 'argument_list' ? parent.parent : undefined;
  const callee = call ? field(call, 'function') : undefined;
  const calleeName = callee?.type === 'attribute' ? field(callee, 'attribute')?.text : callee?.text;
  if (calleeName && READ_ONLY_CALLS.has(calleeName)) return;
  environment.unknown = true;
}

/** `env["name"] = ...`, `env["channels"] = ...`: a key of the conda env itself other than the two that hold packages. */
function setsKeyWithoutPackages(model: SemanticModel, target: Node, env: Node, value: EnvironmentValue): boolean {
  if (value.kind !== 'conda' || target.type !== 'subscript' || field(target, 'value')?.id !== env.id) return false;
  const keys = codeChildren(target).slice(1);
  const key = keys.length === 1 ? stringValue(model, keys[0]) : undefined;
  return key !== undefined && key !== 'dependencies' && key !== 'pip' && field(target.parent!, 'left')?.id === target.id;
}

/** The environment that the requirement arguments of a logging call declare. */
export function declaredEnvironment(model: SemanticModel, site: CallSite): DeclaredEnvironment {
  const environment = emptyEnvironment();
  // extra_pip_requirements first: it is the list a fix prefers to extend.
  for (const keyword of REQUIREMENT_KEYWORDS) {
    const value = keywordArgument(site, keyword);
    if (!value || isNoneLiteral(model, value)) continue;
    if (keyword === 'extra_pip_requirements') environment.extra = true;
    else environment.replacesInference = true;
    readEnvironmentValue(model, value, environment, keyword === 'conda_env' ? { kind: 'conda' } : { kind: 'pip', keyword });
  }
  return environment;
}
