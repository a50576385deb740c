import * as assert from 'node:assert/strict';
import { cliFlags } from '../bin/v8Flags';
import { SERVER_NODE_FLAGS, serverRuntimeFlags } from '../server/nodeFlags';

describe('the V8 flags the server sets on itself', () => {
  it('bounds only the heap\'s growth when its young generation was bounded at start (as the VS Code extension starts it)', () => {
    assert.deepEqual(serverRuntimeFlags(SERVER_NODE_FLAGS), ['--heap-growing-percent=50']);
    assert.deepEqual(serverRuntimeFlags(['--max-semi-space-size', '2']), ['--heap-growing-percent=50']);
    assert.deepEqual(serverRuntimeFlags([], '--max_semi_space_size=1 --enable-source-maps'), ['--heap-growing-percent=50']);
  });

  it('keeps V8\'s memory-saving mode as plain node (mltraps-server), where the young generation has its default size', () => {
    assert.deepEqual(serverRuntimeFlags([]), ['--optimize-for-size']);
    assert.deepEqual(serverRuntimeFlags(['--enable-source-maps'], '--max-old-space-size=512'), ['--optimize-for-size']);
    assert.deepEqual(serverRuntimeFlags(['--max-semi-space-sizes=1']), ['--optimize-for-size']);
  });
});

describe('the V8 flags the CLI sets on itself', () => {
  it('tunes the optimizing compiler on the V8 it was measured with (Node 20)', () => {
    assert.deepEqual(cliFlags('11.3.244.8-node.38'), ['--interrupt-budget=600000', '--max-inlined-bytecode-size-cumulative=300']);
  });

  it('leaves another V8 as it is: it may not know the flags, and would print an error for them', () => {
    assert.deepEqual(cliFlags('11.8.172.17-node.19'), [], "Node 21's V8 was not measured");
    assert.deepEqual(cliFlags('12.4.254.21-node.33'), []);
    assert.deepEqual(cliFlags('13.6.233.10-node.27'), []);
    assert.deepEqual(cliFlags('1.3'), []);
  });
});
