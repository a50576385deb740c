import * as assert from 'node:assert/strict';
import { type EmscriptenRuntime, loadPythonParser, readWordsDirectly, withLineFeeds } from '../../rules/engine/parser';

describe('parser: 32-bit words read and written directly in wasm memory', () => {
  it('writes and reads i32 words in HEAP32, and hands every other type to the module\'s own methods', () => {
    const calls: string[] = [];
    const runtime: EmscriptenRuntime = {
      locateFile: () => '',
      HEAP32: new Int32Array(8),
      setValue: (pointer, value, type) => void calls.push(`set ${pointer} ${value} ${type}`),
      getValue: (pointer, type) => (calls.push(`get ${pointer} ${type}`), 7),
    };
    readWordsDirectly(runtime);
    runtime.setValue!(8, -5, 'i32');
    assert.equal(runtime.HEAP32![2], -5);
    assert.equal(runtime.getValue!(8, 'i32'), -5);
    runtime.setValue!(4, 1, 'i16');
    assert.equal(runtime.getValue!(4, 'i16'), 7);
    assert.deepEqual(calls, ['set 4 1 i16', 'get 4 i16']);
    // The module replaces its array when its memory grows: the new one is used.
    runtime.HEAP32 = new Int32Array(16);
    runtime.setValue!(40, 3, 'i32');
    assert.equal(runtime.HEAP32[10], 3);
  });

  it('leaves a module that does not look as expected as it is', () => {
    const setValue = () => {};
    const runtime: EmscriptenRuntime = { locateFile: () => '', setValue, getValue: () => 0 };
    readWordsDirectly(runtime);
    assert.equal(runtime.setValue, setValue);
  });

  it('reads nodes right after the wasm memory grew (a 3 MB text)', async () => {
    const parser = await loadPythonParser();
    const text = `${'values = [1, 2, 3]\n'.repeat(150_000)}last = train(frame, label="y")\n`;
    const tree = parser.parse(text);
    try {
      const last = tree.rootNode.lastNamedChild!.firstNamedChild!;
      assert.equal(last.type, 'assignment');
      assert.equal(last.childForFieldName('right')!.childForFieldName('arguments')!.namedChildren[1]!.text, 'label="y"');
      assert.equal(last.startIndex, text.length - 'last = train(frame, label="y")\n'.length);
      assert.deepEqual(last.startPosition, { row: 150_000, column: 0 });
    } finally {
      tree.delete();
    }
  });
});

describe('parser: lone CR line ends', () => {
  it('reads a lone CR as a line feed, converting a text once for all the cells parsed from it', () => {
    const text = '# Databricks notebook source\rx = 1\r\r# COMMAND ----------\r\ry = 2\r\n';
    const converted = withLineFeeds(text);
    assert.equal(converted, '# Databricks notebook source\nx = 1\n\n# COMMAND ----------\n\ny = 2\r\n');
    // The same text again (the next cell): the string kept from the first call, not a new conversion.
    assert.ok(Object.is(withLineFeeds(text), converted));
    const replace = String.prototype.replace;
    let replaced = 0;
    String.prototype.replace = function (this: string, ...args: Parameters<typeof replace>) {
      replaced++;
      return replace.apply(this, args);
    } as typeof replace;
    try {
      for (let i = 0; i < 5; i++) withLineFeeds(text);
    } finally {
      String.prototype.replace = replace;
    }
    assert.equal(replaced, 0);
    assert.equal(withLineFeeds('a = 1\nb = 2\n'), 'a = 1\nb = 2\n');
  });
});
