import * as assert from 'node:assert/strict';
import { allRules } from '../../rules';
import { findingsOf } from '../support/ruleTester';

// A learner who pastes a card's example into a notebook should see the finding the card is
// about, and none on the card's correct pattern: the examples are whole code, imports included.
describe('rule cards: the trap example is flagged and the correct pattern is not', () => {
  for (const rule of allRules) {
    it(`${rule.meta.id} ${rule.meta.name}`, async () => {
      const onExample = await findingsOf(rule, rule.docs.example);
      assert.ok(onExample.length > 0, `${rule.meta.id}'s example gives no finding:\n${rule.docs.example}`);
      const onPattern = await findingsOf(rule, rule.docs.useInstead);
      assert.deepEqual(onPattern.map((finding) => finding.message), [], `${rule.meta.id}'s correct pattern is flagged`);
    });
  }
});
