import { FactCache } from '../engine/reads';
import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { ancestorsOf, codeChildren, field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument, keywordArgument, positionalArguments } from './calls';
import { decodeStringLiteral, isBareStringStatement } from './embeddedJson';
import { canonicalStage, type ModelStage } from './modelRegistry';
import { parameterOf, parameterValues, type ParameterValue } from './parameterValues';
import { possibleStrings } from './possibleStrings';
import type { Binding } from './bindings';
import type { SemanticModel } from './semanticModel';
import { stringTemplate, UNKNOWN_PART } from './stringTemplates';
import { literalString, stringValue } from './values';
import { DISPLAY_CALLS } from './displayCalls';
import { receiverIsLocalObject } from './libraryEvidence';
import { environmentDefault } from './environmentDefaults';
import { widgetDefault } from './widgetDefaults';

/**
 * MLflow model URIs written in string literals and f-strings: `models:/<name>/<version>`,
 * `models:/<name>/<stage>`, `models:/<name>/latest`, `models:/<name>@<alias>`. Only the
 * literal parts of an f-string are read; the parts computed at run time stay unknown.
 */

/** Stands for a character computed at run time (an f-string's `{...}`) or written as an escape: stringTemplate's placeholder. */
const UNKNOWN = UNKNOWN_PART;

/**
 * A string's text with the source offset of each literally written character, and for an
 * f-string the source span of every character (a `{...}` part spans its braces).
 */
interface LiteralText {
  text: string;
  offsets: Array<number | undefined>;
  spans?: OffsetRange[];
}

function stringPrefix(node: Node): string {
  const start = node.firstChild;
  return start?.type === 'string_start' ? start.text.replace(/["']/g, '') : '';
}

/** Plain strings exactly; f-strings with their literal parts (`{{` read as `{`). */
function literalText(node: Node): LiteralText | undefined {
  const prefix = stringPrefix(node);
  if (/[bBtT]/.test(prefix)) return undefined;
  if (!/[fF]/.test(prefix)) {
    const decoded = decodeStringLiteral(node);
    if (!decoded) return undefined;
    return { text: decoded.text, offsets: decoded.sourceOffsets.map((offset, index) => (decoded.fromEscape[index] ? undefined : offset)) };
  }
  const result: Required<LiteralText> = { text: '', offsets: [], spans: [] };
  const push = (char: string, span: OffsetRange, literal: boolean) => {
    result.text += char;
    result.offsets.push(literal ? span.start : undefined);
    result.spans.push(span);
  };
  for (const child of namedChildren(node)) {
    if (child.type === 'interpolation') {
      push(UNKNOWN, { start: child.startIndex, end: child.endIndex }, false);
      continue;
    }
    if (child.type !== 'string_content') continue;
    let offset = child.startIndex;
    const literalUpTo = (end: number) => {
      for (; offset < end; offset++) push(child.text[offset - child.startIndex], { start: offset, end: offset + 1 }, true);
    };
    for (const special of namedChildren(child)) {
      literalUpTo(special.startIndex);
      push(special.type === 'escape_interpolation' ? special.text[0] : UNKNOWN, { start: special.startIndex, end: special.endIndex }, false);
      offset = special.endIndex;
    }
    literalUpTo(child.endIndex);
  }
  return result;
}

export type ModelUriTarget =
  | { kind: 'version' }
  | { kind: 'latest' }
  | { kind: 'alias' }
  | { kind: 'stage'; stage: ModelStage }
  /** Neither a version number, `latest` nor a stage in any case: loading fails. */
  | { kind: 'unknown' };

export interface ModelUri {
  /** The expression that holds the URI: a string, an f-string, `"..." + name + "..."`, `"...".format(...)`, `"..." % x`. */
  string: Node;
  target: ModelUriTarget;
  /** The model name as written in the source (`{MODEL_NAME}` for an f-string part, `{...}` for a computed one). */
  name: string;
  /**
   * The number of dot-separated parts of the name, when its literal text shows them
   * (`{catalog}.{schema}.churn` has three); undefined when a computed part stands alone
   * (`{self.config.model_name}` may hold any number of parts).
   */
  nameParts?: number;
  /** The segment after the name (`Production`, `3`, `latest`); empty for an alias URI. */
  segment: string;
  /** Where `/<segment>` is written, when every character of it is literal: a fix may replace it. */
  segmentRange?: OffsetRange;
  /**
   * The segment is a parameter of the enclosing function (`f"models:/{name}/{stage}"`): the value
   * it takes that makes this URI, and the values of other stages it takes too (one per stage:
   * `load("Production")`, then `load("Staging")` as a fallback).
   */
  fromParameter?: { parameter: string; value: ParameterValue; otherStages: ParameterValue[] };
  /**
   * The segment is computed (`{stage}` with `stage = stage_for_env(env)`, `{"Production" if prod
   * else "Staging"}`) and every value the file shows it taking is a stage: the expression as
   * written and those stages.
   */
  fromComputed?: {
    written: string;
    stages: string[];
    /** Each stage as the code gives it: `"Staging"`, or `None` formatted into the URI. */
    shown: string[];
  };
  /**
   * The segment is read from the environment or a notebook widget with a stage as its default
   * (`{stage}` with `stage = os.getenv("MODEL_STAGE", "Production")`, or `dbutils.widgets.get(
   * "stage")` of a widget created with "Production"): a stage URI wherever nothing else is given.
   * `unless`: where the default holds, for the message.
   */
  fromDefault?: { written: string; unless: string };
}

const SCHEME = 'models:/';

function literalRange(text: LiteralText, start: number, end: number): OffsetRange | undefined {
  for (let index = start; index < end; index++) {
    const offset = text.offsets[index];
    if (offset === undefined || (index > start && offset !== text.offsets[index - 1]! + 1)) return undefined;
  }
  return end > start ? { start: text.offsets[start]!, end: text.offsets[end - 1]! + 1 } : undefined;
}

/** The dot-separated parts of a name whose computed parts are UNKNOWN characters. */
function namePartsOf(name: string): number | undefined {
  const parts = name.split('.');
  if (parts.length === 1 && name.includes(UNKNOWN)) return undefined;
  return parts.some((part) => part.trim() === '') ? undefined : parts.length;
}

/** What a `models:/` URI's segment after the name asks for, as MLflow parses it. */
function segmentTarget(segment: string): ModelUriTarget {
  if (/^\d+$/.test(segment)) return { kind: 'version' };
  if (segment.toLowerCase() === 'latest') return { kind: 'latest' };
  const stage = canonicalStage(segment);
  return stage ? { kind: 'stage', stage } : { kind: 'unknown' };
}

/**
 * A segment after the name that a URI can hold as written: not empty, not computed, not prose
 * (`"models:/churn/Production is not available"` mentions a URI) and not a template's
 * placeholder (filled in where the template is used, and read there).
 */
function isReadableSegment(segment: string): boolean {
  return segment.trim() !== '' && !segment.includes(UNKNOWN) && !/\s/.test(segment) && !PLACEHOLDER.test(segment);
}

/**
 * A printf conversion (`%s`, `%(version)d`), a str.format field (`{}`, `{0}`, `{version}`,
 * `{version!s}`) or a course's fill-in (`<model_version>`) standing for the whole segment.
 */
const PLACEHOLDER = /^(?:%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdiroxXfFeEgGc]|\{[^{}]*\}|<[^<>]*>)$/;

/** The URI a string literal holds (the whole string), as MLflow parses `models:/` URIs. */
export function readModelUri(string: Node, textIn: (start: number, end: number) => string): ModelUri | undefined {
  if (string.type !== 'string') return undefined;
  const text = literalText(string);
  if (!text || !text.text.startsWith(SCHEME)) return undefined;
  const path = text.text.slice(SCHEME.length);
  const parts = path.split('/');
  if (parts.length > 2 || parts[0].trim() === '') return undefined;
  const nameStart = SCHEME.length;
  const nameEnd = nameStart + parts[0].length;
  // An f-string's name is shown as written (`{MODEL_NAME}`); a plain string's is its value.
  const name = text.spans ? textIn(text.spans[nameStart].start, text.spans[nameEnd - 1].end) : parts[0];
  if (parts.length === 1) {
    const at = parts[0].lastIndexOf('@');
    if (at <= 0 || parts[0].slice(at + 1).trim() === '') return undefined;
    return { string, target: { kind: 'alias' }, name, nameParts: namePartsOf(parts[0].slice(0, at)), segment: '' };
  }
  const segment = parts[1];
  if (!isReadableSegment(segment)) return undefined;
  return { string, target: segmentTarget(segment), name, nameParts: namePartsOf(parts[0]), segment, segmentRange: literalRange(text, nameEnd, text.text.length) };
}

/** The format string of `"...".format(...)` as written: the receiver of the `.format` call. */
function formatReceiver(expr: Node): Node | undefined {
  const callee = expr.type === 'call' ? field(expr, 'function') : undefined;
  return callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format' ? field(callee, 'object') : undefined;
}

/** The literal text of a `.format` call's format string, followed through a name. */
function formatString(model: SemanticModel, expr: Node): string | undefined {
  const receiver = formatReceiver(expr);
  return receiver ? literalString(model.resolveValue(receiver)) : undefined;
}

/** A name's computed parts shown as `{...}`, one for each run of them. */
function shownName(name: string): string {
  return name.replace(new RegExp(`${UNKNOWN}+`, 'g'), '{...}');
}

/** The string literal a template expression ends with: `"/Production"` of `"models:/" + name + "/Production"`. */
function lastLiteral(expr: Node): Node | undefined {
  const node = unparenthesize(expr);
  if (node.type === 'string') return node;
  if (node.type === 'concatenated_string') return codeChildren(node).pop();
  if (node.type === 'binary_operator') {
    const operator = field(node, 'operator')?.text;
    if (operator === '+') return lastLiteral(field(node, 'right') ?? node);
    if (operator === '%') return lastLiteral(field(node, 'left') ?? node);
    return undefined;
  }
  if (node.type === 'call') {
    const receiver = formatReceiver(node);
    return receiver ? lastLiteral(receiver) : undefined;
  }
  return undefined;
}

/** Where `/<segment>` ends a template's last literal, when it is written there as is. */
function composedSegmentRange(expr: Node, segment: string): OffsetRange | undefined {
  const literal = lastLiteral(expr);
  const content = literal ? namedChildren(literal).filter((child) => child.type !== 'string_start' && child.type !== 'string_end').pop() : undefined;
  if (!content || content.type !== 'string_content' || namedChildren(content).length > 0) return undefined;
  const tail = `/${segment}`;
  if (!content.text.endsWith(tail)) return undefined;
  return { start: content.endIndex - tail.length, end: content.endIndex };
}

/** The name of `"models:/{model_name}/Staging".format(...)` with its fields shown (formatFieldsShown). */
function formatFieldsName(model: SemanticModel, expr: Node): string | undefined {
  const format = formatString(model, expr);
  const name = format?.startsWith(SCHEME) ? format.slice(SCHEME.length).split('/')[0] : undefined;
  return name ? formatFieldsShown(expr, name) : undefined;
}

/** A URI built from parts (`"models:/" + name + "/Production"`, `.format`, `%`), read through its template. */
function readComposedUri(model: SemanticModel, expr: Node): ModelUri | undefined {
  const template = stringTemplate(model, expr);
  if (!template || !template.text.startsWith(SCHEME)) return undefined;
  const parts = template.text.slice(SCHEME.length).split('/');
  if (parts.length !== 2 || parts[0].trim() === '') return undefined;
  const segment = parts[1];
  if (!isReadableSegment(segment) || parts[0].includes('@')) return undefined;
  const name = formatFieldsName(model, expr) ?? shownName(parts[0]);
  return { string: expr, target: segmentTarget(segment), name, nameParts: namePartsOf(parts[0]), segment, segmentRange: composedSegmentRange(expr, segment) };
}

/** The expression that supplies the whole segment after the name: `{stage}` of `f"models:/{name}/{stage}"`, `.format(stage=...)`, `+ stage`, `% (name, stage)`. */
function segmentExpression(model: SemanticModel, expr: Node): Node | undefined {
  const pathOf = (text: string | undefined) => (text?.startsWith(SCHEME) ? text.slice(SCHEME.length) : undefined);
  if (expr.type === 'string') {
    const text = literalText(expr);
    const path = pathOf(text?.text);
    const parts = path?.split('/');
    if (!parts || parts.length !== 2 || parts[1] !== UNKNOWN) return undefined;
    const last = namedChildren(expr).filter((child) => child.type !== 'string_end').pop();
    if (last?.type !== 'interpolation' || namedChildren(last).length !== 1) return undefined;
    return field(last, 'expression') ?? namedChildren(last)[0];
  }
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+') {
    const left = field(expr, 'left');
    const path = pathOf(stringTemplate(model, left)?.text);
    return path !== undefined && /^[^/]+\/$/.test(path) ? field(expr, 'right') : undefined;
  }
  if (expr.type === 'binary_operator' && field(expr, 'operator')?.text === '%') {
    const left = field(expr, 'left');
    const right = field(expr, 'right');
    const path = pathOf(left ? literalString(model.resolveValue(left)) : undefined);
    if (!right || path === undefined || !/^[^/]+\/%s$/.test(path)) return undefined;
    const fields = (path.match(/%[^%]/g) ?? []).length;
    const values = unparenthesize(right).type === 'tuple' ? namedChildren(unparenthesize(right)) : [right];
    return values.length === fields ? values[values.length - 1] : undefined;
  }
  if (expr.type === 'call') {
    const path = pathOf(formatString(model, expr));
    const last = path !== undefined ? /^[^/]+\/\{(\w*)\}$/.exec(path) : undefined;
    if (!last || !path) return undefined;
    if (/^\d+$/.test(last[1])) return positionalArguments(expr)[Number(last[1])];
    if (last[1] !== '') return keywordArgument(expr, last[1]);
    return positionalArguments(expr)[(path.match(/\{\}/g) ?? []).length - 1];
  }
  return undefined;
}

/** The model name as a URI shows it: an f-string's parts as written, computed parts of a template as `{...}`. */
function writtenName(model: SemanticModel, expr: Node): string | undefined {
  const text = expr.type === 'string' ? literalText(expr) : undefined;
  if (text?.spans) {
    const end = text.text.indexOf('/', SCHEME.length);
    if (end <= SCHEME.length) return undefined;
    return model.document.textIn(text.spans[SCHEME.length].start, text.spans[end - 1].end);
  }
  // `"models:/{}/{}".format(name, ...)`: each field shown with the argument it takes.
  if (formatString(model, expr) !== undefined) return formatFieldsName(model, expr);
  const template = stringTemplate(model, expr);
  const name = template?.text.startsWith(SCHEME) ? template.text.slice(SCHEME.length).split('/')[0] : undefined;
  return name ? shownName(name) : undefined;
}

/** A `.format` template's fields (`{}`, `{0}`, `{name}`) shown as `{argument}`; a field whose argument is long or missing as `{...}`. */
function formatFieldsShown(call: Node, text: string): string {
  let next = 0;
  return text.replace(/\{([^{}]*)\}/g, (_whole, key: string) => {
    // A named field as written, as an f-string's; a positional one by its argument.
    if (key !== '' && !/^[0-9]+$/.test(key)) return `{${key}}`;
    const argument = key === '' ? positionalArguments(call)[next++] : positionalArguments(call)[Number(key)];
    // `.format("churn", ...)`: a literal argument is shown as the text it puts there.
    const literal = argument ? literalString(argument) : undefined;
    if (literal !== undefined && !/[{}\n]/.test(literal)) return literal;
    return argument && argument.text.length <= 40 && !argument.text.includes('\n') ? `{${argument.text}}` : '{...}';
  });
}

/**
 * A URI whose segment is a parameter of the enclosing function (`def model_uri(name, stage=
 * "Production"): return f"models:/{name}/{stage}"`), read with the first stage among the
 * values the parameter takes (its default, the file's calls of the function), and the other
 * stages among them.
 */
function readParameterStageUri(model: SemanticModel, expr: Node): ModelUri | undefined {
  const segment = segmentExpression(model, expr);
  const parameter = segment ? parameterOf(model, segment) : undefined;
  if (!parameter) return undefined;
  // A stage among the values; else a value that is neither a version, "latest" nor a stage
  // (`load_by_alias(name, "champion")` into `f"models:/{name}/{alias}"`): loading fails.
  const values = parameterValues(model, parameter);
  const value =
    values.find((candidate) => canonicalStage(candidate.value) !== undefined) ??
    values.find((candidate) => isReadableSegment(candidate.value) && segmentTarget(candidate.value).kind === 'unknown');
  const name = value ? writtenName(model, expr) : undefined;
  if (!value || !name || name.includes('@')) return undefined;
  const template = stringTemplate(model, expr)?.text;
  const nameParts = template?.startsWith(SCHEME) ? namePartsOf(template.slice(SCHEME.length).split('/')[0]) : undefined;
  const otherStages: ParameterValue[] = [];
  const stagesSeen = new Set([canonicalStage(value.value)]);
  for (const candidate of values) {
    const stage = canonicalStage(candidate.value);
    if (stage === undefined || stagesSeen.has(stage)) continue;
    stagesSeen.add(stage);
    otherStages.push(candidate);
  }
  return { string: expr, target: segmentTarget(value.value), name, nameParts, segment: value.value, fromParameter: { parameter: parameter.name, value, otherStages } };
}

/**
 * A URI whose computed segment can only be a stage: each value the expression can take
 * (possibleStrings: literals, the arms of a conditional or an if/else, a dict's values, what a
 * function of the file returns) names one. `env_stage[env]` with a dict of Staging and
 * Production loads by stage whichever the key is.
 */
function readComputedStageUri(model: SemanticModel, expr: Node): ModelUri | undefined {
  const segment = segmentExpression(model, expr);
  // `"models:/churn/" + stage` with None raises a TypeError; an f-string or a template formats None as "None".
  const formatted = !(expr.type === 'binary_operator' && field(expr, 'operator')?.text === '+');
  const possible = segment ? possibleStrings(model, segment, formatted) : undefined;
  const values = possible?.map((value) => value.text);
  if (!segment || !possible || !values || values.length === 0 || !values.every((value) => canonicalStage(value) !== undefined)) return undefined;
  const name = writtenName(model, expr);
  if (!name || name.includes('@')) return undefined;
  const template = stringTemplate(model, expr)?.text;
  const nameParts = template?.startsWith(SCHEME) ? namePartsOf(template.slice(SCHEME.length).split('/')[0]) : undefined;
  // A long expression (a dict literal looked up in place) is not repeated in the message.
  const written = segment.text.length <= 60 && !segment.text.includes('\n') ? segment.text : '...';
  return { string: expr, target: segmentTarget(values[0]), name, nameParts, segment: values[0], fromComputed: { written, stages: values, shown: possible.map((value) => value.shown) } };
}

/**
 * A URI whose segment comes from an environment variable whose default is a stage
 * (`MODEL_STAGE = os.getenv("MODEL_STAGE", "Production")`, then `f"models:/churn/{MODEL_STAGE}"`):
 * serving code that loads by stage unless its deployment says otherwise.
 */
function readEnvironmentStageUri(model: SemanticModel, expr: Node): ModelUri | undefined {
  const segment = segmentExpression(model, expr);
  const read = segment ? runDefault(model, segment) : undefined;
  const stage = read ? stringValue(model, read.fallback) : undefined;
  if (!segment || !read || stage === undefined || canonicalStage(stage) === undefined) return undefined;
  const name = writtenName(model, expr);
  if (!name || name.includes('@')) return undefined;
  const template = stringTemplate(model, expr)?.text;
  const nameParts = template?.startsWith(SCHEME) ? namePartsOf(template.slice(SCHEME.length).split('/')[0]) : undefined;
  const written = segment.text.length <= 60 && !segment.text.includes('\n') ? segment.text : '...';
  return { string: expr, target: segmentTarget(stage), name, nameParts, segment: stage, fromDefault: { written, unless: read.unless } };
}

/** The default a segment falls back to where a run gives nothing else: an environment variable's, a widget's. */
function runDefault(model: SemanticModel, segment: Node): { fallback: Node; unless: string } | undefined {
  const environment = environmentDefault(model, segment);
  if (environment) return { fallback: environment.fallback, unless: `the environment variable ${environment.variable} is unset` };
  const widget = widgetDefault(model, segment);
  return widget && { fallback: widget.fallback, unless: `a run passes no other value to the widget "${widget.widget}"` };
}

/**
 * Calls that show a string to a person (`print`, `display`, a logger) or record it with a run
 * (`mlflow.log_param("baseline", uri)`, `set_tag`) rather than load what it names.
 */
const RECORDING_CALLS = new Set(['log_param', 'log_params', 'set_tag', 'set_tags', 'log_text', 'log_dict']);

function isShownOnly(model: SemanticModel, expr: Node): boolean {
  // `assert uri == "models:/m/Production"`, `if uri == ...`: compared, not loaded.
  if (expr.parent?.type === 'comparison_operator') return true;
  const argumentList = expr.parent?.type === 'argument_list' ? expr.parent : expr.parent?.type === 'keyword_argument' ? expr.parent.parent : undefined;
  const call = argumentList?.parent;
  if (call?.type !== 'call') return false;
  const site = model.callSite(call);
  if (DISPLAY_CALLS.has(site.name ?? '')) return true;
  if (RECORDING_CALLS.has(site.name ?? '')) return true;
  // `model.predict(...)` of a loaded model takes data; only `mlflow.models.predict` takes a URI.
  return site.name === 'predict' && !!site.receiver && site.qualifiedName !== 'mlflow.models.predict';
}

/**
 * The source of `client.copy_model_version(src_model_uri, dst_name)`, written there or through a
 * name every use of which is one: the version to copy, resolved in the client's registry (the
 * workspace registry's copy to Unity Catalog takes it by stage there), not a model loaded.
 */
export function isCopySource(model: SemanticModel, expr: Node): boolean {
  const isSource = (node: Node): boolean => {
    const argumentList = node.parent?.type === 'argument_list' ? node.parent : undefined;
    const keyword = node.parent?.type === 'keyword_argument' ? node.parent : undefined;
    const call = (argumentList ?? keyword?.parent)?.parent;
    // MLflow's client method, not one of a class of the file that happens to share its name.
    if (call?.type !== 'call' || model.callSite(call).name !== 'copy_model_version' || receiverIsLocalObject(model, model.callSite(call))) return false;
    if (keyword) return field(keyword, 'name')?.text === 'src_model_uri';
    return positionalArguments(model.callSite(call))[0]?.id === node.id;
  };
  const root = templateRoot(expr);
  if (isSource(root)) return true;
  const binding = assignedBinding(model, root);
  if (!binding) return false;
  const uses = model.usesOf(binding);
  return uses.length > 0 && uses.every(isSource);
}

/** The binding that `name = expr` makes, when `expr` is the whole right side of an assignment to a plain name. */
export function assignedBinding(model: SemanticModel, expr: Node): Binding | undefined {
  const assignment = expr.parent;
  const name = assignment?.type === 'assignment' && field(assignment, 'right')?.id === expr.id ? field(assignment, 'left') : undefined;
  return name?.type === 'identifier' ? model.bindingMadeBy(assignment!, name.text) : undefined;
}

/**
 * `legacy = "models:/m/Production"` whose every use in the file is shown (printed, displayed,
 * logged, compared, put in a shown f-string): loaded by nothing. A name the file never uses
 * still counts: a settings module's constant is loaded where it is imported.
 */
function isNamedToBeShown(model: SemanticModel, expr: Node): boolean {
  const binding = assignedBinding(model, expr);
  if (!binding) return false;
  const uses = model.usesOf(binding);
  return (
    uses.length > 0 &&
    uses.every((use) => {
      const interpolated = use.parent?.type === 'interpolation' ? use.parent.parent : undefined;
      return isShownOnly(model, interpolated?.type === 'string' ? templateRoot(interpolated) : use);
    })
  );
}

/**
 * A string assigned to a name that nothing reads before the name is bound again
 * (`model_uri = "models:/churn/Prod"`, then `model_uri = mlflow.get_artifact_uri("model")` before
 * the load): a template's leftover that loads nothing. A value never bound again may still be read
 * by other modules (a config constant) and counts.
 */
function isOverwrittenUnread(model: SemanticModel, expr: Node): boolean {
  const binding = assignedBinding(model, expr);
  if (!binding) return false;
  const rebound = model.bindings.all(binding.name).some((other) => other !== binding && other.scope === binding.scope && other.visibleFrom > binding.visibleFrom);
  return rebound && !model.mayBeRead(binding);
}

/** Where API schemas keep example values: pydantic's `json_schema_extra` / `schema_extra`, `Field(example=...)`, FastAPI's `examples=`. */
const EXAMPLE_NAMES = new Set(['example', 'examples', 'json_schema_extra', 'schema_extra', 'openapi_examples']);

/**
 * A string inside an API schema's example (`class Config: json_schema_extra = {"example":
 * {"model_uri": "models:/churn/Staging"}}`, `Field(examples=[...])`): documentation for the
 * API's readers, loaded by nothing.
 */
function isSchemaExample(expr: Node): boolean {
  for (const ancestor of ancestorsOf(expr).reverse()) {
    if (ancestor.type === 'keyword_argument' && EXAMPLE_NAMES.has(field(ancestor, 'name')?.text ?? '')) return true;
    const key = ancestor.type === 'pair' ? field(ancestor, 'key') : undefined;
    if (key && EXAMPLE_NAMES.has(literalString(key) ?? '')) return true;
    if (ancestor.type === 'assignment' && EXAMPLE_NAMES.has(field(ancestor, 'left')?.text ?? '')) return true;
    if (ancestor.type === 'function_definition' || ancestor.type === 'module') return false;
  }
  return false;
}

/** The outermost expression that builds a string from `node`: `+` and `%` operands, `.format` receivers, parentheses. */
function templateRoot(node: Node): Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (parent.type === 'parenthesized_expression' || parent.type === 'concatenated_string') {
      current = parent;
    } else if (parent.type === 'binary_operator' && ['+', '%'].includes(field(parent, 'operator')?.text ?? '')) {
      current = parent;
    } else if (parent.type === 'attribute' && field(parent, 'attribute')?.text === 'format' && parent.parent?.type === 'call') {
      current = parent.parent;
    } else {
      return current;
    }
  }
}

/** Calls that take a model URI whose argument may be built from names (`prefix + name + "/Production"`). */
const URI_POSITIONS: Record<string, number> = { load_model: 0, spark_udf: 1, score_batch: 0, get_model_info: 0, download_artifacts: 0, ModelsArtifactRepository: 0 };
const URI_KEYWORDS = ['model_uri', 'artifact_uri', 'model', 'baseline_model'];
const URI_KEYWORD_PATTERN = new RegExp(`\\b(?:${URI_KEYWORDS.join('|')})\\s*=(?!=)`, 'g');

/**
 * The `models:/` URIs the file writes: every string expression (plain, f-string, `+`,
 * `.format`, `%`) whose whole value is such a URI, wherever it goes (a loader, a name, a
 * serving or job config), and the URI arguments of MLflow's loaders built from names.
 * Docstrings, and strings only printed or logged, do not count. A URI written once and used
 * several times is one URI.
 */
export function modelUrisInFile(model: SemanticModel): readonly ModelUri[] {
  return urisByModel.get(model, () => findModelUris(model));
}

/** Read once per lint: MLT402 and the registry context both ask. */
const urisByModel = new FactCache<SemanticModel, ModelUri[]>();

function findModelUris(model: SemanticModel): ModelUri[] {
  const candidates = new Map<number, Node>();
  for (const string of model.nodesAroundText([SCHEME], 'string')) {
    if (string.parent?.type === 'interpolation' || string.parent?.type === 'concatenated_string') continue;
    // Markdown pasted into code (`models:/m/Production` in backticks) is no Python 3 string.
    if (string.firstChild?.type === 'string_start' && string.firstChild.text.includes('`')) continue;
    const root = templateRoot(string);
    if (isBareStringStatement(root) || isShownOnly(model, root) || isNamedToBeShown(model, root) || isOverwrittenUnread(model, root) || isSchemaExample(root)) continue;
    candidates.set(root.id, root);
  }
  for (const site of model.callsNamed(...Object.keys(URI_POSITIONS))) {
    const qualifiedName = site.qualifiedName ?? '';
    if (!(qualifiedName.startsWith('mlflow.') || qualifiedName.startsWith('databricks.') || site.name === 'score_batch')) continue;
    const argumentNode = argument(site, site.name === 'download_artifacts' ? 'artifact_uri' : 'model_uri', URI_POSITIONS[site.name ?? '']);
    const value = argumentNode && model.resolveValue(argumentNode);
    if (value) candidates.set(value.id, value);
  }
  for (const keyword of model.nodesAroundPattern(URI_KEYWORD_PATTERN, 'keyword_argument')) {
    const written = URI_KEYWORDS.includes(field(keyword, 'name')?.text ?? '') ? field(keyword, 'value') : undefined;
    const value = written && model.resolveValue(written);
    if (value) candidates.set(value.id, value);
  }
  const uris: ModelUri[] = [];
  for (const candidate of candidates.values()) {
    const expr = unparenthesize(candidate);
    if (isBareStringStatement(expr)) continue;
    const uri = (expr.type === 'string' ? readModelUri(expr, (start, end) => model.document.textIn(start, end)) : undefined) ?? readComposedUri(model, expr) ?? readParameterStageUri(model, expr) ?? readComputedStageUri(model, expr) ?? readEnvironmentStageUri(model, expr);
    if (uri) uris.push(uri);
  }
  return uris.sort((a, b) => a.string.startIndex - b.string.startIndex);
}
