import assert from 'node:assert/strict';
import { locateToml, parseProjectToml } from '../../../../src/core/parsers/projectToml';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

const TOML = [
  '[_]',
  'schema-version = "0.2"',
  'id = "demo"',
  '',
  '[io.buildpacks]',
  'exclude = [',
  '  "data/",',
  '  "x = 1",',
  ']',
  '',
  '[[io.buildpacks.build.env]]',
  'name = "BP_CPYTHON_VERSION"',
  'value = "3.10"',
  '',
  '[[io.buildpacks.build.env]]',
  'name = "OTHER"',
  'value = "1"',
  '',
  '[[io.buildpacks.env.build]]',
  'name = "OLD"',
  '',
].join('\n');

describe('parseProjectToml', () => {
  it('loads the document and locates tables, keys and env entries', () => {
    const r = parseProjectToml(TOML);
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.schemaVersion, '0.2');
    assert.deepEqual(
      r.value.buildEnv.map((e) => [e.table, e.index, e.name, e.value, e.range]),
      [
        ['io.buildpacks.build.env', 0, 'BP_CPYTHON_VERSION', '3.10', range(10, 0, 10, 27)],
        ['io.buildpacks.build.env', 1, 'OTHER', '1', range(14, 0, 14, 27)],
        ['io.buildpacks.env.build', 0, 'OLD', undefined, range(18, 0, 18, 27)],
      ],
    );
    const locs = r.value.locations;
    assert.deepEqual(locateToml(locs, ['_', 'schema-version']), range(1, 0, 1, 22));
    assert.deepEqual(locateToml(locs, ['io', 'buildpacks', 'exclude']), range(5, 0, 5, 11));
    assert.deepEqual(locateToml(locs, ['io', 'buildpacks', 'build', 'env', 1, 'value']), range(16, 0, 16, 11));
    // The `x = 1` inside the multi-line array is not a key.
    assert.ok(!locs.some((l) => l.path.includes('x')));
    assert.equal(locateToml(locs, ['nothing']), undefined);
  });

  it('handles quoted and dotted keys', () => {
    const r = parseProjectToml('[_]\n"schema-version" = "0.2"\n[io]\nbuildpacks.builder = "b"\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(locateToml(r.value.locations, ['io', 'buildpacks', 'builder']), range(3, 0, 3, 24));
    assert.deepEqual(locateToml(r.value.locations, ['_', 'schema-version']), range(1, 0, 1, 24));
  });

  it('reads CRLF files, comments included', () => {
    const r = parseProjectToml('# app\r\n[_]\r\nschema-version = "0.2" # pinned\r\n');
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.schemaVersion, '0.2');
  });

  it('reports TOML syntax errors at their line and column', () => {
    const r = parseProjectToml('[_]\nschema-version = "0.2"\nname = \n');
    assert.equal(r.value.data, undefined);
    assert.equal(r.issues.length, 1);
    assert.equal(r.issues[0]?.range.start.line, 2);
    assert.match(r.issues[0]?.message ?? '', /^project\.toml is not valid TOML: /);
    assert.doesNotMatch(r.issues[0]?.message ?? '', /row \d+/);
    const dup = parseProjectToml('[a]\nx = 1\n[a]\n');
    assert.equal(dup.issues[0]?.range.start.line, 2);
  });

  it('parses every corpus project.toml without issues', () => {
    for (const f of corpusFiles('project.toml')) {
      const r = parseProjectToml(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.ok(r.value.data, f.app);
    }
  });
});
