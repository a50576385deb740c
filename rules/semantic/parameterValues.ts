import type { Node } from 'web-tree-sitter';
import { KeyedFactCache } from '../engine/reads';
import { ancestorOfType, field, namedChildren, unparenthesize } from '../engine/syntax';
import { hasSplatArguments, keywordArgument, positionalArguments } from './calls';
import type { CallSite, SemanticModel } from './semanticModel';
import { stringValue } from './values';

/**
 * The values a function parameter takes, as far as the file tells: its literal default
 * (`def load(stage="Production")`) and the literal arguments that the file's own calls of the
 * function pass for it (`get_model_uri(name, model_stage="production")`). A helper that builds
 * a URI from its parameters then shows which URIs the file builds with it.
 */

/** A function parameter, where a name used in the function body is bound. */
export interface Parameter {
  /** The function_definition. */
  function: Node;
  name: string;
  /** Position among the written parameters, `self` included. */
  index: number;
  /** The default value as written, when there is one. */
  defaultValue?: Node;
  /** Written after `*args` or a bare `*`: a call passes it by keyword only. */
  keywordOnly: boolean;
  /** The type annotation (`fe: FeatureEngineeringClient`), when there is one. */
  annotation?: Node;
}

/** One literal value a parameter takes. */
export interface ParameterValue {
  value: string;
  /** Where the value is written: the default, or a call's argument. */
  node: Node;
  fromDefault: boolean;
  /** The call of the function that passes the value; undefined for the default. */
  call?: CallSite;
}

const PARAMETER_TYPES = ['identifier', 'typed_parameter', 'default_parameter', 'typed_default_parameter'];

/** The name node a parameter declares (`seed`, `seed: int = 42`, `*args`). */
export function parameterName(parameter: Node): Node | undefined {
  if (parameter.type === 'identifier') return parameter;
  return field(parameter, 'name') ?? namedChildren(parameter).find((child) => child.type === 'identifier');
}

/** The parameter that `identifier` names where it is used: the only binding that reaches it is the parameter. */
export function parameterOf(model: SemanticModel, identifier: Node): Parameter | undefined {
  const use = unparenthesize(identifier);
  if (use.type !== 'identifier') return undefined;
  const reaching = model.bindings.reachingBindings(use.text, use);
  if (reaching.length !== 1 || reaching[0].kind !== 'opaque') return undefined;
  return parameterNamed(reaching[0].node, use.text);
}

/** The parameter of `fn` named `name`, as parameterNamed reads it; undefined when it has none. */
export function parameterOfFunction(fn: Node, name: string): Parameter | undefined {
  const list = field(fn, 'parameters');
  const written = list ? namedChildren(list).find((child) => PARAMETER_TYPES.includes(child.type) && parameterName(child)?.text === name) : undefined;
  const nameNode = written && parameterName(written);
  return nameNode ? parameterNamed(nameNode, name) : undefined;
}

/** The parameter whose name `nameNode` writes in a def's parameter list; undefined for any other binding. */
export function parameterNamed(nameNode: Node, name: string): Parameter | undefined {
  const parameter = nameNode.parent?.type === 'parameters' ? nameNode : nameNode.parent;
  const list = parameter?.parent;
  const fn = list?.parent;
  if (!parameter || list?.type !== 'parameters' || fn?.type !== 'function_definition') return undefined;
  const written = namedChildren(list).filter((child) => PARAMETER_TYPES.includes(child.type));
  const index = written.findIndex((child) => child.id === parameter.id);
  if (index < 0 || parameterName(parameter)?.text !== name) return undefined;
  const defaultValue = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? field(parameter, 'value') : undefined;
  const keywordOnly = namedChildren(list).some(
    (child) => child.startIndex < parameter.startIndex && (child.type === 'list_splat_pattern' || child.type === 'keyword_separator'),
  );
  return { function: fn, name, index, defaultValue, keywordOnly, annotation: parameter.type === 'typed_parameter' || parameter.type === 'typed_default_parameter' ? (field(parameter, 'type') ?? undefined) : undefined };
}

function decorators(fn: Node): string[] {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return decorated ? namedChildren(decorated).filter((child) => child.type === 'decorator').map((child) => child.text.replace(/^@\s*/, '')) : [];
}

/** A method declared `@staticmethod` or `@classmethod`: one its class's name may call. */
export function isStaticOrClassMethod(fn: Node): boolean {
  return decorators(fn).some((decorator) => decorator === 'staticmethod' || decorator === 'classmethod');
}

/** The class whose method `fn` is, if it is one. */
export function ownerClass(fn: Node): Node | undefined {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const block = holder.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** Whether a call calls `fn`: a plain function by its name, a method on `self` in its class or on an instance of its class. */
function callsFunction(model: SemanticModel, site: CallSite, fn: Node, owner: Node | undefined): boolean {
  if (!owner) return site.callee.type === 'identifier' && model.resolveFunction(site.callee)?.id === fn.id;
  if (site.callee.type !== 'attribute' || !site.receiver) return false;
  const receiver = unparenthesize(site.receiver);
  // `self.retire(name)` in a method, `cls.retire(name)` in a classmethod.
  if (receiver.type === 'identifier' && (receiver.text === 'self' || receiver.text === 'cls')) return ancestorOfType(site.node, ['class_definition'])?.id === owner.id;
  // `Housing.features_only(pdf)`: a static or class method called on its class.
  if (receiver.type === 'identifier' && model.resolveClass(receiver)?.id === owner.id) return isStaticOrClassMethod(fn);
  const value = model.resolveValue(receiver);
  const constructor = value.type === 'call' ? field(value, 'function') : undefined;
  return !!constructor && model.resolveClass(constructor)?.id === owner.id;
}

/**
 * What a construction of a class passes for a parameter of its `__init__`
 * (`Wrapper("/dbfs/m.pkl")` for `def __init__(self, path)`): by keyword or by position, where
 * `self` is not passed. Undefined when the call leaves it out or splats its arguments.
 */
export function constructionArgument(construction: CallSite | Node, parameter: Parameter): Node | undefined {
  if (hasSplatArguments(construction)) return undefined;
  return keywordArgument(construction, parameter.name) ?? (parameter.keywordOnly ? undefined : positionalArguments(construction)[parameter.index - 1]);
}

/** One call of a parameter's function, with the argument it passes for the parameter, if any. */
export interface ParameterArgument {
  call: CallSite;
  argument?: Node;
}

interface CallsOfParameter {
  list: readonly ParameterArgument[];
  byCall: ReadonlyMap<number, ParameterArgument>;
}

/**
 * Once per lint and parameter: a file that calls one helper hundreds of times asked it once per
 * pair of a call and something else (MLT404: 400 promotions and 130 archiving calls, 4 s).
 */
const argumentsByParameter = new KeyedFactCache<SemanticModel, string, CallsOfParameter>();

function callsOfParameter(model: SemanticModel, parameter: Parameter): CallsOfParameter {
  return argumentsByParameter.get(model, `${parameter.function.id}:${parameter.name}`, () => {
    const list = readParameterArguments(model, parameter);
    return { list, byCall: new Map(list.map((entry) => [entry.call.node.id, entry])) };
  });
}

/** The file's calls of the parameter's function (none with `*args` / `**kwargs`), with the argument each passes for it, if any. */
export function parameterArguments(model: SemanticModel, parameter: Parameter): readonly ParameterArgument[] {
  return callsOfParameter(model, parameter).list;
}

/** What `call` (one of the file's calls of the parameter's function) passes for the parameter; undefined when it is no such call or passes nothing. */
export function parameterArgumentOf(model: SemanticModel, parameter: Parameter, call: CallSite): Node | undefined {
  return callsOfParameter(model, parameter).byCall.get(call.node.id)?.argument;
}

function readParameterArguments(model: SemanticModel, parameter: Parameter): ParameterArgument[] {
  const name = field(parameter.function, 'name')?.text;
  if (!name) return [];
  const owner = ownerClass(parameter.function);
  const isStatic = decorators(parameter.function).some((decorator) => decorator === 'staticmethod');
  // A method called on an object does not pass `self`: positions shift by one.
  const position = parameter.keywordOnly ? -1 : parameter.index - (owner && !isStatic ? 1 : 0);
  const found: ParameterArgument[] = [];
  for (const site of model.callsNamed(name)) {
    if (hasSplatArguments(site) || !callsFunction(model, site, parameter.function, owner)) continue;
    found.push({ call: site, argument: keywordArgument(site, parameter.name) ?? (position >= 0 ? positionalArguments(site)[position] : undefined) });
  }
  return found;
}

/** How many functions a value is followed through: `run` -> `score(stage)` -> `model_uri(stage)` is two. */
const MAX_HOPS = 3;

/**
 * The literal values the parameter takes: its default, then the arguments of the file's calls,
 * in document order. An argument that is a parameter of the calling function, passed on
 * (`def score(name, stage): return load(model_uri(name, stage))`), takes the literals that the
 * file's calls of that function pass (their place is that call's argument); not its default,
 * which no call of this function shows.
 */
export function parameterValues(model: SemanticModel, parameter: Parameter): ParameterValue[] {
  const values: ParameterValue[] = [];
  const fromDefault = parameter.defaultValue ? stringValue(model, parameter.defaultValue) : undefined;
  if (fromDefault !== undefined && parameter.defaultValue) values.push({ value: fromDefault, node: parameter.defaultValue, fromDefault: true });
  values.push(...passedValues(model, parameter, new Set([parameter.function.id])));
  return values;
}

function passedValues(model: SemanticModel, parameter: Parameter, followed: Set<number>): ParameterValue[] {
  const values: ParameterValue[] = [];
  for (const { call, argument } of parameterArguments(model, parameter)) {
    if (!argument) continue;
    const value = stringValue(model, argument);
    if (value !== undefined) {
      values.push({ value, node: argument, fromDefault: false, call });
      continue;
    }
    const outer = argument.type === 'identifier' && followed.size < MAX_HOPS ? parameterOf(model, argument) : undefined;
    // A function that passes its own parameter back to itself (recursion) adds nothing.
    if (!outer || followed.has(outer.function.id)) continue;
    values.push(...passedValues(model, outer, new Set([...followed, outer.function.id])));
  }
  return values;
}
