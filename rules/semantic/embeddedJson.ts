import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { namedChildren } from '../engine/syntax';

/**
 * JSON written inside Python string literals (a curl command, a request body), parsed with
 * the source offsets of every value so that findings point into the string and fixes can
 * edit a number in place.
 */

export type JsonValue =
  | { kind: 'object'; range: OffsetRange; entries: Array<{ key: string; value: JsonValue }> }
  | { kind: 'array'; range: OffsetRange; items: JsonValue[] }
  | { kind: 'number'; range: OffsetRange; value: number; text: string }
  | { kind: 'string'; range: OffsetRange; value: string }
  | { kind: 'literal'; range: OffsetRange; value: boolean | null };

/** A string literal's value, with the source offset of each character of the value. */
export interface DecodedString {
  text: string;
  /** sourceOffsets[i]: where text[i] comes from in the document. */
  sourceOffsets: number[];
  /** fromEscape[i]: text[i] was written as an escape sequence (not editable in place). */
  fromEscape: boolean[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

function decodeEscape(escape: string): string {
  const body = escape.slice(1);
  if (body.startsWith('\n') || body.startsWith('\r')) return '';
  if (/^x[0-9a-fA-F]{2}$/.test(body) || /^u[0-9a-fA-F]{4}$/.test(body) || /^U[0-9a-fA-F]{8}$/.test(body)) {
    return String.fromCodePoint(parseInt(body.slice(1), 16));
  }
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  return SIMPLE_ESCAPES[body] ?? body;
}

/**
 * Decode a plain (not f-, not bytes) string literal keeping offsets; undefined for f-strings
 * and bytes, whose text is not what is sent.
 */
export function decodeStringLiteral(node: Node): DecodedString | undefined {
  if (node.type !== 'string') return undefined;
  const start = node.firstChild;
  const prefix = start?.type === 'string_start' ? start.text.replace(/["']/g, '') : '';
  if (/[fFbBtT]/.test(prefix)) return undefined;
  const raw = /[rR]/.test(prefix);
  const result: DecodedString = { text: '', sourceOffsets: [], fromEscape: [] };
  for (const content of namedChildren(node)) {
    if (content.type === 'interpolation') return undefined;
    if (content.type !== 'string_content') continue;
    const escapes = raw ? [] : namedChildren(content).filter((child) => child.type === 'escape_sequence');
    let offset = content.startIndex;
    const push = (text: string, source: number, escaped: boolean) => {
      for (const char of text) {
        result.text += char;
        for (let unit = 0; unit < char.length; unit++) {
          result.sourceOffsets.push(source);
          result.fromEscape.push(escaped);
        }
      }
    };
    for (const escape of escapes) {
      for (; offset < escape.startIndex; offset++) push(content.text[offset - content.startIndex] ?? '', offset, false);
      push(decodeEscape(escape.text), escape.startIndex, true);
      offset = escape.endIndex;
    }
    const rest = content.text.slice(offset - content.startIndex);
    for (let index = 0; index < rest.length; index++) push(rest[index], offset + index, false);
  }
  return result;
}

/** The source range of `text[start, end)` when every character was written literally, in one run. */
export function sourceRangeOf(decoded: DecodedString, start: number, end: number): OffsetRange | undefined {
  if (end <= start || end > decoded.text.length) return undefined;
  for (let index = start; index < end; index++) {
    if (decoded.fromEscape[index]) return undefined;
    if (index > start && decoded.sourceOffsets[index] !== decoded.sourceOffsets[index - 1] + 1) return undefined;
  }
  return { start: decoded.sourceOffsets[start], end: decoded.sourceOffsets[end - 1] + 1 };
}

class JsonReader {
  index: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.index = start;
  }

  private skipSpace(): void {
    while (this.index < this.text.length && /[ \t\r\n]/.test(this.text[this.index])) this.index++;
  }

  value(depth = 0): JsonValue | undefined {
    if (depth > 64) return undefined;
    this.skipSpace();
    const start = this.index;
    const char = this.text[start];
    if (char === '{') return this.object(start, depth);
    if (char === '[') return this.array(start, depth);
    if (char === '"') {
      const value = this.string();
      return value === undefined ? undefined : { kind: 'string', range: { start, end: this.index }, value };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(start, start + 64));
    if (number) {
      this.index += number[0].length;
      return { kind: 'number', range: { start, end: this.index }, value: Number(number[0]), text: number[0] };
    }
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, start)) {
        this.index += word.length;
        return { kind: 'literal', range: { start, end: this.index }, value };
      }
    }
    return undefined;
  }

  private object(start: number, depth: number): JsonValue | undefined {
    this.index++;
    const entries: Array<{ key: string; value: JsonValue }> = [];
    this.skipSpace();
    if (this.text[this.index] === '}') {
      this.index++;
      return { kind: 'object', range: { start, end: this.index }, entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.index] !== '"') return undefined;
      const key = this.string();
      if (key === undefined) return undefined;
      this.skipSpace();
      if (this.text[this.index] !== ':') return undefined;
      this.index++;
      const value = this.value(depth + 1);
      if (!value) return undefined;
      entries.push({ key, value });
      this.skipSpace();
      const separator = this.text[this.index++];
      if (separator === '}') return { kind: 'object', range: { start, end: this.index }, entries };
      if (separator !== ',') return undefined;
    }
  }

  private array(start: number, depth: number): JsonValue | undefined {
    this.index++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.index] === ']') {
      this.index++;
      return { kind: 'array', range: { start, end: this.index }, items };
    }
    for (;;) {
      const value = this.value(depth + 1);
      if (!value) return undefined;
      items.push(value);
      this.skipSpace();
      const separator = this.text[this.index++];
      if (separator === ']') return { kind: 'array', range: { start, end: this.index }, items };
      if (separator !== ',') return undefined;
    }
  }

  private string(): string | undefined {
    let value = '';
    for (this.index++; this.index < this.text.length; this.index++) {
      const char = this.text[this.index];
      if (char === '"') {
        this.index++;
        return value;
      }
      if (char === '\n') return undefined;
      if (char === '\\') {
        const next = this.text[++this.index];
        if (next === 'u') {
          const hex = this.text.slice(this.index + 1, this.index + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          value += String.fromCharCode(parseInt(hex, 16));
          this.index += 4;
        } else value += { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' }[next] ?? next;
      } else value += char;
    }
    return undefined;
  }
}

/**
 * The JSON objects written in a text with other words around them (`curl ... -d '{...}'`):
 * each `{` that starts a well-formed object, outermost only. Offsets index into `text`.
 */
export function jsonObjectsIn(text: string, limit = 8): JsonValue[] {
  const objects: JsonValue[] = [];
  let from = 0;
  // Bounded: a long text full of stray braces must not make the lint slow.
  for (let attempts = 0; objects.length < limit && attempts < 64; attempts++) {
    const open = text.indexOf('{', from);
    if (open < 0) break;
    const reader = new JsonReader(text, open);
    const value = reader.value();
    if (value) {
      objects.push(value);
      from = reader.index;
    } else from = open + 1;
  }
  return objects;
}

export function jsonEntry(object: JsonValue, key: string): JsonValue | undefined {
  return object.kind === 'object' ? object.entries.find((entry) => entry.key === key)?.value : undefined;
}

/** A string that is a statement of its own (a docstring, a commented-out block): never sent anywhere. */
export function isBareStringStatement(node: Node): boolean {
  return node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1;
}
