import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { hoverCard, ruleCatalogue } from '../rules/engine/ruleDocs';
import { generatedRulePages, README, readmeWithGeneratedSections, RULE_CATALOGUE, RULE_PAGES_FOLDER } from '../scripts/generate-docs';

const STALE = 'stale generated docs: run npm run docs';

describe('generated docs', () => {
  it('README rule table and configuration reference are current', () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.equal(readme, readmeWithGeneratedSections(readme), STALE);
  });

  it("README's introduction counts the current rules", () => {
    assert.match(fs.readFileSync(README, 'utf8').split('\n## ')[0], new RegExp(`It flags the ${allRules.length} traps`));
  });

  it('docs/rules/index.json lists the current rules', () => {
    assert.equal(fs.readFileSync(RULE_CATALOGUE, 'utf8'), ruleCatalogue(allRules), STALE);
  });

  it('docs/rules holds exactly the current rule pages', () => {
    const pages = generatedRulePages();
    const committed = fs.existsSync(RULE_PAGES_FOLDER) ? fs.readdirSync(RULE_PAGES_FOLDER).filter((name) => name.endsWith('.md')) : [];
    assert.deepEqual([...committed].sort(), [...pages.keys()].sort(), STALE);
    for (const [fileName, content] of pages) {
      assert.equal(fs.readFileSync(path.join(RULE_PAGES_FOLDER, fileName), 'utf8'), content, `${fileName}: ${STALE}`);
    }
  });
});

describe('rule metadata and docs', () => {
  it('ids are MLT followed by three digits, unique, in id order', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    for (const id of ids) assert.match(id, /^MLT\d{3}$/);
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    assert.deepEqual(ids, [...ids].sort(), 'allRules is not in id order');
  });

  it('names are kebab-case and unique', () => {
    const names = allRules.map((rule) => rule.meta.name);
    for (const name of names) assert.match(name, /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
    assert.equal(new Set(names).size, names.length, 'duplicate rule name');
  });

  const OFFICIAL = /^https:\/\/(?:www\.)?(?:mlflow\.org|spark\.apache\.org|docs\.databricks\.com|kb\.databricks\.com|learn\.microsoft\.com\/[^/]+\/azure\/databricks)\//;

  for (const rule of allRules) {
    it(`${rule.meta.id} names its exam domain, its exam fact and official references`, () => {
      assert.ok(['Model Development', 'MLOps', 'Model Deployment'].includes(rule.meta.domain), `${rule.meta.id} domain`);
      assert.ok(rule.docs.examFact.trim().length > 10, `${rule.meta.id} exam fact`);
      assert.ok((rule.docs.references ?? []).length > 0, `${rule.meta.id} has no references`);
      for (const reference of rule.docs.references ?? []) {
        assert.match(reference.url, OFFICIAL, `${rule.meta.id}: ${reference.url} is not an official MLflow / Spark / Databricks page`);
        assert.ok(reference.title.trim() !== '', `${rule.meta.id}: a reference without a title`);
      }
      if (rule.docs.studyMaterial) assert.match(rule.docs.studyMaterial, /^The study material says .+; in fact /, `${rule.meta.id} study-material line`);
      const page = fs.readFileSync(path.join(RULE_PAGES_FOLDER, `${rule.meta.id}-${rule.meta.name}.md`), 'utf8');
      assert.ok(page.includes(`Exam fact: ${rule.docs.examFact}`), `${rule.meta.id} page lacks its Exam fact line`);
      assert.ok(page.includes(`Exam domain: ${rule.meta.domain}`), `${rule.meta.id} page lacks its exam domain`);
      assert.ok(page.includes('## References'), `${rule.meta.id} page lacks References`);
      if (rule.meta.legacy) assert.ok(page.includes(`**Legacy:** ${rule.meta.legacy}`), `${rule.meta.id} page lacks its legacy label`);
    });

    it(`${rule.meta.id} has every docs section filled in`, () => {
      const { meta, docs } = rule;
      for (const [section, text] of Object.entries({ title: meta.title, trap: docs.trap, reality: docs.reality, example: docs.example, useInstead: docs.useInstead, fix: docs.fix })) {
        assert.ok(text.trim() !== '' && !/^TODO\b/.test(text.trim()), `${meta.id} ${section} is empty`);
      }
    });
  }
});

describe('hover cards', () => {
  it('show the first sentences of a long Reality, point at the rest, and keep a short one whole', () => {
    for (const rule of allRules) {
      const card = hoverCard(rule);
      const reality = card.split('\n').find((line) => line.startsWith('**Reality:** '))!.slice('**Reality:** '.length);
      if (rule.docs.reality.length <= 900) {
        assert.equal(reality, rule.docs.reality, rule.meta.id);
        continue;
      }
      const pointer = ` *(More in \`mltraps explain ${rule.meta.id}\` and on the rule page.)*`;
      assert.ok(reality.endsWith(pointer), `${rule.meta.id}: ${reality}`);
      const shown = reality.slice(0, -pointer.length);
      assert.ok(rule.docs.reality.startsWith(shown) && /\.$/.test(shown), `${rule.meta.id} shows whole sentences from the start: ${shown}`);
      assert.ok(shown.length < rule.docs.reality.length, rule.meta.id);
    }
    assert.ok(allRules.some((rule) => rule.docs.reality.length > 900), 'some rule has a long Reality');
  });
});
