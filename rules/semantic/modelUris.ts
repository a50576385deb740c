import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { field, namedChildren, unparenthesize } from '../engine/syntax';
import { argument } from './calls';
import { decodeStringLiteral, isBareStringStatement } from './embeddedJson';
import { canonicalStage, type ModelStage } from './modelRegistry';
import type { CallSite, SemanticModel } from './semanticModel';
import { dictEntries } from './values';

/**
 * MLflow model URIs written in string literals and f-strings: `models:/<name>/<version>`,
 * `models:/<name>/<stage>`, `models:/<name>/latest`, `models:/<name>@<alias>`. Only the
 * literal parts of an f-string are read; the parts computed at run time stay unknown.
 */

/** Stands for a character computed at run time (an f-string's `{...}`) or written as an escape. */
const UNKNOWN = '\u0000';

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
  /** The string literal that holds the URI. */
  string: Node;
  target: ModelUriTarget;
  /** The model name as written in the source (`{MODEL_NAME}` for an f-string part). */
  name: string;
  /** The segment after the name (`Production`, `3`, `latest`); empty for an alias URI. */
  segment: string;
  /** Where `/<segment>` is written, when every character of it is literal: a fix may replace it. */
  segmentRange?: OffsetRange;
}

const SCHEME = 'models:/';

function literalRange(text: LiteralText, start: number, end: number): OffsetRange | undefined {
  for (let index = start; index < end; index++) {
    const offset = text.offsets[index];
    if (offset === undefined || (index > start && offset !== text.offsets[index - 1]! + 1)) return undefined;
  }
  return end > start ? { start: text.offsets[start]!, end: text.offsets[end - 1]! + 1 } : undefined;
}

/** The URI a string literal holds (the whole string), as MLflow parses `models:/` URIs. */
export function readModelUri(string: Node, source: string): ModelUri | undefined {
  if (string.type !== 'string') return undefined;
  const text = literalText(string);
  if (!text || !text.text.startsWith(SCHEME)) return undefined;
  const path = text.text.slice(SCHEME.length);
  const parts = path.split('/');
  if (parts.length > 2 || parts[0].trim() === '') return undefined;
  const nameStart = SCHEME.length;
  const nameEnd = nameStart + parts[0].length;
  // An f-string's name is shown as written (`{MODEL_NAME}`); a plain string's is its value.
  const name = text.spans ? source.slice(text.spans[nameStart].start, text.spans[nameEnd - 1].end) : parts[0];
  if (parts.length === 1) {
    const at = parts[0].lastIndexOf('@');
    if (at <= 0 || parts[0].slice(at + 1).trim() === '') return undefined;
    return { string, target: { kind: 'alias' }, name, segment: '' };
  }
  const segment = parts[1];
  if (segment.trim() === '' || segment.includes(UNKNOWN)) return undefined;
  const stage = canonicalStage(segment);
  const target: ModelUriTarget = /^\d+$/.test(segment)
    ? { kind: 'version' }
    : segment.toLowerCase() === 'latest'
      ? { kind: 'latest' }
      : stage
        ? { kind: 'stage', stage }
        : { kind: 'unknown' };
  return { string, target, name, segment, segmentRange: literalRange(text, nameEnd, text.text.length) };
}

/** Calls that load or deploy a model from a URI, with the URI's position. */
const URI_POSITIONS: Record<string, number> = { load_model: 0, spark_udf: 1, score_batch: 0, get_model_info: 0, predict: 0 };

function isModelLoader(site: CallSite): boolean {
  const qualifiedName = site.qualifiedName;
  if (!qualifiedName || !(qualifiedName.startsWith('mlflow.') || qualifiedName.startsWith('databricks.'))) return false;
  // `model.predict(df)` on a loaded model takes data, not a URI: only `mlflow.models.predict`.
  return site.name !== 'predict' || qualifiedName === 'mlflow.models.predict';
}


/**
 * The model URIs the file hands to MLflow: the URI argument of load_model / spark_udf /
 * score_batch / get_model_info, any `model_uri=` argument, and `"model_uri"` entries of
 * dicts (job and serving configs), followed through names bound to the string.
 */
export function modelUrisInUse(model: SemanticModel): ModelUri[] {
  const strings = new Map<number, Node>();
  const add = (node: Node | undefined) => {
    if (!node) return;
    const value = model.resolveValue(node);
    if (value.type === 'string' && !isBareStringStatement(value)) strings.set(value.id, value);
  };
  for (const site of model.callsNamed(...Object.keys(URI_POSITIONS))) {
    if (isModelLoader(site)) add(argument(site, 'model_uri', URI_POSITIONS[site.name ?? '']));
  }
  for (const keyword of model.nodesAroundText(['model_uri'], 'keyword_argument')) {
    if (field(keyword, 'name')?.text === 'model_uri') add(field(keyword, 'value'));
  }
  for (const dictionary of model.nodesAroundText(['model_uri'], 'dictionary')) {
    add(dictEntries(model, dictionary)?.entries.get('model_uri'));
  }
  const uris: ModelUri[] = [];
  for (const string of strings.values()) {
    const uri = readModelUri(unparenthesize(string), model.document.text);
    if (uri) uris.push(uri);
  }
  return uris.sort((a, b) => a.string.startIndex - b.string.startIndex);
}
