import type { Node, Tree } from 'web-tree-sitter';
import { carriedFact, type OffsetShift } from '../engine/carriedFacts';
import { detached } from '../engine/detachedText';
import type { OffsetRange } from '../engine/sourceDocument';
import { unparenthesize } from '../engine/syntax';
import { argument, hasSplatArguments, keywordArgument } from './calls';
import { type DecodedString, decodeStringLiteral, isBareStringStatement, jsonEntry, jsonObjectsIn, type JsonValue, sourceRangeOf } from './embeddedJson';
import type { SemanticModel } from './semanticModel';
import { dictEntries, numberValue, sequenceElements, stringValue } from './values';

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

/** A percentage written as a number in a string (`"90"`, as the REST API docs write them). */
function numericString(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*-?\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

function percentageOf(model: SemanticModel, node: Node | undefined, fallback: Node): TrafficPercentage {
  if (!node) return { range: nodeRange(fallback), editable: false };
  const written = unparenthesize(node);
  const number = numberValue(model, written);
  const value = number ?? numericString(stringValue(model, written));
  const literal = written.type === 'integer' || written.type === 'float' || written.type === 'unary_operator';
  return { value, range: nodeRange(written), editable: literal && number !== undefined };
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
  const fromString = percentage?.kind === 'string' ? numericString(percentage.value) : undefined;
  if (percentage && fromString !== undefined) {
    return { percentage: { value: fromString, range: sourceRangeOf(decoded, percentage.range.start, percentage.range.end) ?? fallback, editable: false }, named, carries: true };
  }
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


const SPLIT_WORDS = [...ROUTE_LIST_KEYS, 'traffic_percentage'];

/**
 * Every traffic split the file writes down, once each. Found cell by cell: in the server, the
 * splits of a cell are carried from one version of the document to the next while the edit
 * touched nothing their reading read (engine/carriedFacts), so a keystroke in one endpoint's
 * cell reads that cell's splits only.
 */
/**
 * Whether a split's routes list is changed in place after it is written (a route appended, a
 * percentage set by index: SemanticModel.isChangedInPlace): the sum the endpoint gets is then
 * not the one written. Asked only where a finding would be reported: asked of every literal of
 * every cell, it cost a keystroke in a 10,000-line notebook a third more allocation.
 */
export function splitChangedInPlace(model: SemanticModel, split: TrafficSplit): boolean {
  const node = model.document.nodeAt(split.range.start, split.range.end);
  return !!node && node.startIndex === split.range.start && node.endIndex === split.range.end && model.isChangedInPlace(node);
}

/**
 * Whether the endpoint config a route is written in (the dict or call holding `traffic_config`)
 * is changed in place after it is written: a served entity appended, the routes changed.
 */
export function routeConfigChangedInPlace(model: SemanticModel, route: RouteTarget): boolean {
  for (let node = model.document.nodeAt(route.range.start, route.range.end); node; node = node.parent) {
    const holdsConfig = node.type === 'dictionary' ? /["']traffic_config["']\s*:/.test(node.text) : node.type === 'call' && /\btraffic_config\s*=/.test(node.text);
    if (holdsConfig) return model.isChangedInPlace(node);
  }
  return false;
}

export function trafficSplits(model: SemanticModel): TrafficSplit[] {
  const splits = new Map<number, TrafficSplit>();
  for (const tree of model.treesHolding(SPLIT_WORDS, ['TrafficConfig'])) {
    for (const split of carriedFact(model.document, tree, 'trafficSplits', () => splitsIn(model, tree), moveSplits)) {
      if (!splits.has(split.range.start)) splits.set(split.range.start, split);
    }
  }
  return [...splits.values()].sort((a, b) => a.range.start - b.range.start);
}

/** The traffic splits one cell writes down. */
function splitsIn(model: SemanticModel, tree: Tree): TrafficSplit[] {
  const splits = new Map<number, TrafficSplit>();
  const add = (split: TrafficSplit | undefined) => {
    if (split && !splits.has(split.range.start)) splits.set(split.range.start, split);
  };

  for (const site of model.callsNamedIn(tree, 'TrafficConfig')) {
    if (!isServingClass(model, site.callee, 'TrafficConfig')) continue;
    const routes = argument(site, 'routes', 0);
    if (routes) add(pythonSplit(model, routes, 'routes', true));
  }

  for (const dictionary of model.nodesAroundTextIn(tree, ROUTE_LIST_KEYS, 'dictionary')) {
    const dict = dictEntries(model, dictionary);
    if (!dict) continue;
    for (const key of ROUTE_LIST_KEYS) {
      const list = dict.entries.get(key);
      if (list) add(pythonSplit(model, list, key, false));
    }
  }

  for (const string of model.nodesAroundTextIn(tree, ['traffic_percentage'], 'string')) {
    if (!string.text.includes('traffic_percentage') || isBareStringStatement(string)) continue;
    const decoded = decodeStringLiteral(string);
    if (!decoded) continue;
    const found: TrafficSplit[] = [];
    for (const object of jsonObjectsIn(decoded.text)) jsonSplits(decoded, object, found);
    found.forEach(add);
  }

  return [...splits.values()];
}

/** Splits with their offsets moved with the text; undefined when one lies in the edit. */
function moveSplits(splits: TrafficSplit[], shift: OffsetShift): TrafficSplit[] | undefined {
  const moved: TrafficSplit[] = [];
  for (const split of splits) {
    const range = moveRange(split.range, shift);
    if (!range) return undefined;
    const percentages: TrafficPercentage[] = [];
    for (const percentage of split.percentages) {
      const at = moveRange(percentage.range, shift);
      if (!at) return undefined;
      percentages.push({ ...percentage, range: at });
    }
    moved.push({ range, percentages });
  }
  return moved;
}

function moveRange(range: OffsetRange, shift: OffsetShift): OffsetRange | undefined {
  const start = shift(range.start);
  const end = shift(range.end);
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** A route's target, as written: `Route(served_model_name="a")`, `{"served_entity_name": "a"}`, or the same in JSON. */
export interface RouteTarget {
  name: string;
  /** The string as written (with its quotes). */
  range: OffsetRange;
  /** The characters of the name inside the quotes, when they are written literally right there (a fix may replace them). */
  nameRange?: OffsetRange;
}

/** One endpoint config's served names and the routes that point at them. */
export interface ServedNameConfig {
  /** The names of every served entity/model (explicit, or Databricks' default `<entity_name>-<version>`). */
  servedNames: string[];
  routes: RouteTarget[];
}

const SERVED_LIST_KEYS = ['served_entities', 'served_models'];
const SERVED_CLASSES = ['ServedEntityInput', 'ServedModelInput', 'ServedEntityOutput', 'ServedModelOutput'];

/**
 * The name a served entity gets: its `name`, else `<entity_name>-<entity_version>` (legacy:
 * `<model_name>-<model_version>`). Only for workspace-registry names: how Databricks names an
 * entity from a dotted Unity Catalog name, or an external model, is left unknown.
 */
function defaultServedName(entity: string | undefined, version: string | undefined, external: boolean): string | undefined {
  if (external || entity === undefined || version === undefined || entity.includes('.')) return undefined;
  return `${entity}-${version}`;
}

/** A served entity's name in Python (an SDK class or a dict); undefined when unknown. */
function pythonServedName(model: SemanticModel, element: Node): string | undefined {
  const value = model.resolveValue(element);
  const scalar = (node: Node | undefined) => {
    if (!node) return undefined;
    const number = numberValue(model, node);
    return number !== undefined ? String(number) : stringValue(model, node);
  };
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    if (!callee || !SERVED_CLASSES.some((name) => isServingClass(model, callee, name)) || hasSplatArguments(value)) return undefined;
    const name = keywordArgument(value, 'name');
    if (name) return stringValue(model, name);
    return defaultServedName(
      scalar(keywordArgument(value, 'entity_name') ?? keywordArgument(value, 'model_name')),
      scalar(keywordArgument(value, 'entity_version') ?? keywordArgument(value, 'model_version')),
      !!keywordArgument(value, 'external_model'),
    );
  }
  const dict = dictEntries(model, value);
  if (!dict || !dict.complete) return undefined;
  const name = dict.entries.get('name');
  if (name) return stringValue(model, name);
  return defaultServedName(
    scalar(dict.entries.get('entity_name') ?? dict.entries.get('model_name')),
    scalar(dict.entries.get('entity_version') ?? dict.entries.get('model_version')),
    dict.entries.has('external_model'),
  );
}

/** The served names of Python lists, or undefined when one of them is unknown. */
function pythonServedNames(model: SemanticModel, lists: Node[]): string[] | undefined {
  const names: string[] = [];
  for (const list of lists) {
    const sequence = sequenceElements(model, list);
    if (!sequence || !sequence.complete) return undefined;
    for (const element of sequence.elements) {
      const name = pythonServedName(model, element);
      if (name === undefined) return undefined;
      names.push(name);
    }
  }
  return names;
}

function pythonRouteTarget(model: SemanticModel, element: Node): RouteTarget | undefined {
  const value = model.resolveValue(element);
  let written: Node | undefined;
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    if (!callee || !isServingClass(model, callee, 'Route')) return undefined;
    written = SERVED_NAME_KEYS.map((key) => keywordArgument(value, key)).find((node) => node);
  } else {
    const dict = dictEntries(model, value);
    written = dict ? SERVED_NAME_KEYS.map((key) => dict.entries.get(key)).find((node) => node) : undefined;
  }
  if (!written) return undefined;
  const name = stringValue(model, written);
  if (name === undefined) return undefined;
  const literal = unparenthesize(written);
  const start = literal.firstChild;
  const end = literal.lastChild;
  const inner =
    literal.type === 'string' && start?.type === 'string_start' && end?.type === 'string_end' && literal.text.slice(start.text.length, literal.text.length - end.text.length) === name
      ? { start: start.endIndex, end: end.startIndex }
      : undefined;
  return { name, range: nodeRange(literal), nameRange: inner };
}

/** The routes of a `traffic_config` value: `TrafficConfig(routes=[...])` or `{"routes": [...]}`; undefined when unknown. */
function pythonRouteTargets(model: SemanticModel, trafficConfig: Node): RouteTarget[] | undefined {
  const value = model.resolveValue(trafficConfig);
  let routes: Node | undefined;
  if (value.type === 'call') {
    const callee = value.childForFieldName('function');
    if (!callee || !isServingClass(model, callee, 'TrafficConfig')) return undefined;
    routes = argument(value, 'routes', 0);
  } else routes = dictEntries(model, value)?.entries.get('routes');
  const sequence = routes ? sequenceElements(model, routes) : undefined;
  if (!sequence) return undefined;
  return sequence.elements.flatMap((element) => pythonRouteTarget(model, element) ?? []);
}

function jsonServedNames(served: JsonValue[]): string[] | undefined {
  const names: string[] = [];
  for (const list of served) {
    if (list.kind !== 'array') return undefined;
    for (const entity of list.items) {
      const text = (key: string) => {
        const value = jsonEntry(entity, key);
        return value?.kind === 'string' ? value.value : value?.kind === 'number' ? value.text : undefined;
      };
      if (entity.kind !== 'object') return undefined;
      const explicit = jsonEntry(entity, 'name');
      const name = explicit
        ? text('name')
        : defaultServedName(text('entity_name') ?? text('model_name'), text('entity_version') ?? text('model_version'), !!jsonEntry(entity, 'external_model'));
      if (name === undefined) return undefined;
      names.push(name);
    }
  }
  return names;
}

function jsonRouteTargets(decoded: DecodedString, routes: JsonValue): RouteTarget[] {
  if (routes.kind !== 'array') return [];
  return routes.items.flatMap((route) => {
    const written = SERVED_NAME_KEYS.map((key) => jsonEntry(route, key)).find((value) => value);
    if (!written || written.kind !== 'string') return [];
    const start = decoded.sourceOffsets[written.range.start];
    const end = decoded.sourceOffsets[written.range.end - 1] + 1;
    const inner = sourceRangeOf(decoded, written.range.start + 1, written.range.end - 1);
    const exact = inner && decoded.text.slice(written.range.start + 1, written.range.end - 1) === written.value;
    return [{ name: written.value, range: { start, end }, nameRange: exact ? inner : undefined }];
  });
}

function jsonConfigs(decoded: DecodedString, value: JsonValue, configs: ServedNameConfig[], depth = 0): void {
  if (depth > 32) return;
  if (value.kind === 'array') {
    for (const item of value.items) jsonConfigs(decoded, item, configs, depth + 1);
    return;
  }
  if (value.kind !== 'object') return;
  const traffic = jsonEntry(value, 'traffic_config');
  const served = SERVED_LIST_KEYS.flatMap((key) => jsonEntry(value, key) ?? []);
  if (traffic && served.length > 0) {
    const servedNames = jsonServedNames(served);
    const routes = jsonEntry(traffic, 'routes');
    if (servedNames && routes) configs.push({ servedNames, routes: jsonRouteTargets(decoded, routes) });
    return;
  }
  for (const { value: child } of value.entries) jsonConfigs(decoded, child, configs, depth + 1);
}

/**
 * The endpoint configs of the file that name both their served entities and their routes:
 * SDK calls with `served_entities=` and `traffic_config=` (EndpointCoreConfigInput,
 * update_config...), REST dicts, and JSON inside strings. Configs with an entity whose name
 * is unknown are left out. Found cell by cell, each cell's carried between versions in the
 * server as the traffic splits are.
 */
export function servedNameConfigs(model: SemanticModel): ServedNameConfig[] {
  const byTree = model.treesHolding(['traffic_config'], []).map((tree) =>
    carriedFact(model.document, tree, 'servedNameConfigs', () => servedNameConfigsIn(model, tree).map((configs) => configs.map(detachedConfig)), moveConfigs),
  );
  // SDK calls first, then dicts, then JSON strings, each kind in document order.
  return [0, 1, 2].flatMap((kind) => byTree.flatMap((configs) => configs[kind]));
}

/** One cell's configs: those of SDK calls, of dicts, of JSON strings. */
function servedNameConfigsIn(model: SemanticModel, tree: Tree): ServedNameConfig[][] {
  const configs: ServedNameConfig[] = [];
  const byKind = [configs];
  const seen = new Set<number>();
  for (const call of model.nodesAroundTextIn(tree, ['traffic_config'], 'call')) {
    const traffic = keywordArgument(call, 'traffic_config');
    const lists = SERVED_LIST_KEYS.flatMap((key) => keywordArgument(call, key) ?? []);
    if (!traffic || lists.length === 0 || hasSplatArguments(call) || seen.has(call.id)) continue;
    seen.add(call.id);
    const servedNames = pythonServedNames(model, lists);
    const routes = servedNames && pythonRouteTargets(model, traffic);
    if (servedNames && routes) configs.push({ servedNames, routes });
  }
  const fromDicts: ServedNameConfig[] = [];
  byKind.push(fromDicts);
  for (const dictionary of model.nodesAroundTextIn(tree, ['traffic_config'], 'dictionary')) {
    const dict = dictEntries(model, dictionary);
    const traffic = dict?.entries.get('traffic_config');
    const lists = SERVED_LIST_KEYS.flatMap((key) => dict?.entries.get(key) ?? []);
    if (!dict || !dict.complete || !traffic || lists.length === 0) continue;
    const servedNames = pythonServedNames(model, lists);
    const routes = servedNames && pythonRouteTargets(model, traffic);
    if (servedNames && routes) fromDicts.push({ servedNames, routes });
  }
  const fromStrings: ServedNameConfig[] = [];
  byKind.push(fromStrings);
  for (const string of model.nodesAroundTextIn(tree, ['traffic_config'], 'string')) {
    if (!string.text.includes('traffic_config') || isBareStringStatement(string)) continue;
    const decoded = decodeStringLiteral(string);
    if (!decoded) continue;
    for (const object of jsonObjectsIn(decoded.text)) jsonConfigs(decoded, object, fromStrings);
  }
  return byKind;
}

/** Carried past this version: names cut from its text would keep the whole text alive. */
function detachedConfig(config: ServedNameConfig): ServedNameConfig {
  return { servedNames: config.servedNames.map(detached), routes: config.routes.map((route) => ({ ...route, name: detached(route.name) })) };
}

/** Configs (by kind) with their routes' offsets moved with the text; undefined when one lies in the edit. */
function moveConfigs(byKind: ServedNameConfig[][], shift: OffsetShift): ServedNameConfig[][] | undefined {
  const moved: ServedNameConfig[][] = [];
  for (const configs of byKind) {
    const movedConfigs = moveConfigsOfKind(configs, shift);
    if (!movedConfigs) return undefined;
    moved.push(movedConfigs);
  }
  return moved;
}

function moveConfigsOfKind(configs: ServedNameConfig[], shift: OffsetShift): ServedNameConfig[] | undefined {
  const moved: ServedNameConfig[] = [];
  for (const config of configs) {
    const routes: RouteTarget[] = [];
    for (const route of config.routes) {
      const range = moveRange(route.range, shift);
      const nameRange = route.nameRange && moveRange(route.nameRange, shift);
      if (!range || (route.nameRange && !nameRange)) return undefined;
      routes.push({ ...route, range, ...(nameRange ? { nameRange } : {}) });
    }
    moved.push({ servedNames: config.servedNames, routes });
  }
  return moved;
}
