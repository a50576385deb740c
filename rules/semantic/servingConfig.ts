import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument } from './calls';
import { decodeStringLiteral, type DecodedString, jsonEntry, jsonObjectsIn, type JsonValue, sourceRangeOf } from './embeddedJson';
import type { SemanticModel } from './semanticModel';
import { dictEntries, numberValue, sequenceElements } from './values';

/**
 * Model serving endpoint configs as the file writes them: the Databricks SDK classes
 * (`TrafficConfig(routes=[Route(...)])`), dict literals in the REST API's shape, and the same
 * JSON inside string literals (a curl command, a request body).
 */

const SERVING_MODULE = 'databricks.sdk.service.serving';
/** Keys whose list entries carry a `traffic_percentage`: routes, and served models in the legacy API. */
const ROUTE_LIST_KEYS = ['routes', 'served_models', 'served_entities'];
const SERVED_NAME_KEYS = ['served_model_name', 'served_entity_name'];

export interface TrafficPercentage {
  /** Undefined when the percentage is not a literal number. */
  value?: number;
  /** Where the value is written (or the route, when it has none). */
  range: OffsetRange;
  /** The number literal written right there, so a fix may replace `range`. */
  editable: boolean;
}

/** The traffic percentages of one endpoint's routes (one list). */
export interface TrafficSplit {
  /** The routes list (a Python list, or a JSON array inside a string). */
  range: OffsetRange;
  percentages: TrafficPercentage[];
}

function nodeRange(node: Node): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

function isServingClass(model: SemanticModel, node: Node, name: string): boolean {
  return model.resolveQualifiedName(node) === `${SERVING_MODULE}.${name}`;
}

function percentageOf(model: SemanticModel, node: Node | undefined, fallback: Node): TrafficPercentage {
  if (!node) return { range: nodeRange(fallback), editable: false };
  const written = unparenthesize(node);
  const value = numberValue(model, written);
  const literal = written.type === 'integer' || written.type === 'float' || written.type === 'unary_operator';
  return { value, range: nodeRange(written), editable: literal && value !== undefined };
}

/** A Python route: `Route(traffic_percentage=...)` or a dict with a `traffic_percentage` key. */
function pythonRoute(model: SemanticModel, element: Node): { percentage: TrafficPercentage; named: boolean; carries: boolean } {
  const value = model.resolveValue(element);
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    if (callee && isServingClass(model, callee, 'Route') && !hasSplatArguments(value)) {
      const percentage = keywordArgument(value, 'traffic_percentage');
      const named = SERVED_NAME_KEYS.some((key) => keywordArgument(value, key));
      return { percentage: percentageOf(model, percentage, element), named, carries: !!percentage };
    }
  }
  const dict = dictEntries(model, value);
  if (dict) {
    const percentage = dict.entries.get('traffic_percentage');
    const named = SERVED_NAME_KEYS.some((key) => dict.entries.has(key));
    // Without the key (or behind `**defaults`) the percentage is unknown.
    return { percentage: percentageOf(model, percentage, element), named, carries: !!percentage };
  }
  return { percentage: { range: nodeRange(element), editable: false }, named: false, carries: false };
}

/**
 * A Python list of routes or served models. Routes lists count when an entry carries a
 * percentage and names a served model (so an unrelated `routes` list is left alone); served
 * model lists when an entry carries a percentage.
 */
function pythonSplit(model: SemanticModel, listNode: Node, key: string, fromTrafficConfig: boolean): TrafficSplit | undefined {
  const sequence = sequenceElements(model, listNode);
  if (!sequence || sequence.elements.length === 0 || sequence.literals.length !== 1 || sequence.literals[0].hasError) return undefined;
  const routes = sequence.elements.map((element) => pythonRoute(model, element));
  if (!routes.some((route) => route.carries)) return undefined;
  if (key === 'routes' && !fromTrafficConfig && !routes.some((route) => route.named)) return undefined;
  const percentages = routes.map((route) => route.percentage);
  // An unknown entry (a splat, a comprehension) makes the sum unknown.
  if (!sequence.complete) percentages.push({ range: nodeRange(sequence.literals[0]), editable: false });
  return { range: nodeRange(sequence.literals[0]), percentages };
}

function jsonRoute(decoded: DecodedString, entry: JsonValue): { percentage: TrafficPercentage; named: boolean; carries: boolean } {
  const fallback = sourceRangeOf(decoded, entry.range.start, entry.range.start + 1) ?? { start: decoded.sourceOffsets[entry.range.start], end: decoded.sourceOffsets[entry.range.start] + 1 };
  const percentage = jsonEntry(entry, 'traffic_percentage');
  const named = SERVED_NAME_KEYS.some((key) => jsonEntry(entry, key));
  if (!percentage || percentage.kind !== 'number') return { percentage: { range: fallback, editable: false }, named, carries: !!percentage };
  const range = sourceRangeOf(decoded, percentage.range.start, percentage.range.end);
  return { percentage: { value: percentage.value, range: range ?? fallback, editable: !!range }, named, carries: true };
}

function jsonSplits(decoded: DecodedString, value: JsonValue, splits: TrafficSplit[], depth = 0): void {
  if (depth > 32) return;
  if (value.kind === 'array') {
    for (const item of value.items) jsonSplits(decoded, item, splits, depth + 1);
    return;
  }
  if (value.kind !== 'object') return;
  for (const { key, value: child } of value.entries) {
    if (ROUTE_LIST_KEYS.includes(key) && child.kind === 'array' && child.items.length > 0) {
      const routes = child.items.map((item) => jsonRoute(decoded, item));
      const counts = routes.some((route) => route.carries) && (key !== 'routes' || routes.some((route) => route.named));
      if (counts) {
        const start = decoded.sourceOffsets[child.range.start];
        const end = decoded.sourceOffsets[child.range.end - 1] + 1;
        splits.push({ range: { start, end }, percentages: routes.map((route) => route.percentage) });
        continue;
      }
    }
    jsonSplits(decoded, child, splits, depth + 1);
  }
}

/** Whether a string is a statement of its own (a docstring, a commented-out block): never sent anywhere. */
function isBareStringStatement(node: Node): boolean {
  return node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;
}

/** Every traffic split the file writes down, once each. */
export function trafficSplits(model: SemanticModel): TrafficSplit[] {
  const splits = new Map<number, TrafficSplit>();
  const add = (split: TrafficSplit | undefined) => {
    if (split && !splits.has(split.range.start)) splits.set(split.range.start, split);
  };

  for (const site of model.callsNamed('TrafficConfig')) {
    if (!isServingClass(model, site.callee, 'TrafficConfig')) continue;
    const routes = argument(site, 'routes', 0);
    if (routes) add(pythonSplit(model, routes, 'routes', true));
  }

  for (const dictionary of model.nodesAroundText(ROUTE_LIST_KEYS, 'dictionary')) {
    const dict = dictEntries(model, dictionary);
    if (!dict) continue;
    for (const key of ROUTE_LIST_KEYS) {
      const list = dict.entries.get(key);
      if (list) add(pythonSplit(model, list, key, false));
    }
  }

  for (const string of model.nodesAroundText(['traffic_percentage'], 'string')) {
    if (!string.text.includes('traffic_percentage') || isBareStringStatement(string)) continue;
    const decoded = decodeStringLiteral(string);
    if (!decoded) continue;
    const found: TrafficSplit[] = [];
    for (const object of jsonObjectsIn(decoded.text)) jsonSplits(decoded, object, found);
    found.forEach(add);
  }

  return [...splits.values()].sort((a, b) => a.range.start - b.range.start);
}

