import assert from 'node:assert/strict';
import { parseAppJson } from '../../../../src/core/parsers/appJson';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseAppJson', () => {
  it('models scripts.dokku predeploy/postdeploy with exact ranges', () => {
    const text =
      '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "bash /app/setup",\n      "postdeploy": "python x.py"\n    }\n  },\n  "name": "x"\n}\n';
    const r = parseAppJson(text);
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.predeploy?.command, 'bash /app/setup');
    assert.deepEqual(r.value.predeploy?.range, range(3, 19, 3, 36));
    assert.deepEqual(r.value.predeploy?.keyRange, range(3, 6, 3, 17));
    assert.deepEqual(r.value.predeploy?.propertyRange, range(3, 6, 3, 36));
    assert.equal(r.value.postdeploy?.command, 'python x.py');
    assert.deepEqual(r.value.postdeploy?.range, range(4, 20, 4, 33));
    assert.deepEqual(
      r.value.otherKeys.map((k) => [k.key, k.keyRange]),
      [['name', range(7, 2, 7, 8)]],
    );
    assert.equal(r.value.healthchecks, undefined);
  });

  it('models tab-indented healthchecks probes', () => {
    const text =
      '{\n\t"healthchecks": {\n\t\t"web": {\n\t\t\t"readiness": {\n\t\t\t\t"httpGet": {"path": "/x", "port": 5000}\n\t\t\t}\n\t\t}\n\t}\n}';
    const r = parseAppJson(text);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.value.healthchecks?.keyRange, range(1, 1, 1, 15));
    assert.deepEqual(r.value.healthchecks?.probes, [
      { process: 'web', probe: 'readiness', httpPath: '/x', port: 5000, keyRange: range(3, 3, 3, 14) },
    ]);
    assert.equal(r.value.predeploy, undefined);
  });

  it('reports a syntax error at its offset and keeps what parsed', () => {
    const r = parseAppJson('{\n  "scripts": {\n    "dokku": {"predeploy": "a"},\n  }\n}\n');
    assert.equal(r.value.predeploy?.command, 'a');
    assert.deepEqual(r.issues, [{ range: range(2, 31, 2, 32), message: 'app.json is not valid JSON: a trailing comma is not allowed.' }]);
    const missingComma = parseAppJson('{\n\t"a": 1\n\t"b": 2\n}');
    assert.deepEqual(
      missingComma.issues.map((i) => i.range),
      [range(2, 1, 2, 4)],
    );
    assert.match(missingComma.issues[0]?.message ?? '', /comma is expected/);
  });

  it('reports non-object documents and non-string scripts', () => {
    assert.equal(parseAppJson('[1]').issues.length, 1);
    assert.equal(parseAppJson('').issues.length, 1);
    const r = parseAppJson('{"scripts": {"dokku": {"predeploy": ["a"]}}}');
    assert.equal(r.value.predeploy, undefined);
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(0, 36, 0, 41)],
    );
    assert.doesNotThrow(() => parseAppJson('{"scripts": '));
  });

  it('reports nesting too deep for the JSON parser instead of overflowing the stack (issue #7)', () => {
    const r = parseAppJson(`{"a": ${'['.repeat(10_000)}`);
    assert.deepEqual(r.issues, [
      { range: range(0, 205, 0, 206), message: 'app.json nests arrays or objects more than 200 levels deep; it was not read.' },
    ]);
    assert.equal(r.value.value, undefined);
    // Brackets inside strings and comments are not nesting; 200 levels still parse.
    assert.deepEqual(parseAppJson(`{"a": "${'['.repeat(10_000)}"}`).issues, []);
    assert.deepEqual(parseAppJson(`{"a": ${'['.repeat(199)}${']'.repeat(199)}}`).issues, []);
    assert.equal(parseAppJson(`{/* ${'['.repeat(10_000)} */}`).issues.length, 1);
    assert.match(parseAppJson(`{/* ${'['.repeat(10_000)} */}`).issues[0]?.message ?? '', /comments are not allowed/);
  });

  it('parses every corpus app.json without issues', () => {
    const files = corpusFiles('app.json');
    for (const f of files) {
      const r = parseAppJson(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(r.value.predeploy || r.value.healthchecks, f.app);
    }
  });
});
