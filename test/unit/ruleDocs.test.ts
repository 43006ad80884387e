// Every rule id is documented where diagnostic.code links to (README section) and completes in
// settings.json (deMigrate.rules properties), so ids, docs and manifest never drift apart.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_FAILED } from '../../src/core/engine/checkApp';
import { ruleCatalog } from '../../src/core/rules';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface RulesSetting {
  properties?: Record<string, { enum?: string[]; default?: string; markdownDescription?: string }>;
}

function rulesSetting(): RulesSetting {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, RulesSetting> }[] };
  };
  const setting = pkg.contributes.configuration.map((c) => c.properties['deMigrate.rules']).find((s) => s !== undefined);
  assert.ok(setting, 'package.json declares deMigrate.rules');
  return setting;
}

/** GitHub's anchor for a heading like "### `rule-id`". */
function anchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{2,4} `([a-z0-9-]+)`\s*$/gm)].map((m) => m[1] ?? ''));
}

describe('rule documentation and manifest', () => {
  const catalog = ruleCatalog();
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');

  it('has unique, kebab-case rule ids', () => {
    const ids = catalog.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('documents every rule (and rule-failed) under its own README heading', () => {
    const documented = anchors(readme);
    const missing = [...catalog.map((r) => r.id), RULE_FAILED].filter((id) => !documented.has(id));
    assert.deepEqual(missing, [], 'add a "### `<id>`" section to the README Rules section');
    const unknown = [...documented].filter((id) => id !== RULE_FAILED && !catalog.some((r) => r.id === id));
    assert.deepEqual(unknown, [], 'README documents rules that do not exist');
  });

  it('declares every rule id under deMigrate.rules with the severities the engine accepts', () => {
    const props = rulesSetting().properties ?? {};
    assert.deepEqual(Object.keys(props).sort(), catalog.map((r) => r.id).sort());
    for (const rule of catalog) {
      const p = props[rule.id];
      assert.deepEqual(p?.enum, ['error', 'warning', 'info', 'hint', 'off'], rule.id);
      assert.equal(p?.default, rule.defaultSeverity, `${rule.id}: the manifest default matches the rule's`);
    }
  });
});
