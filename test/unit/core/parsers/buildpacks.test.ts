import assert from 'node:assert/strict';
import { parseBuildpacks } from '../../../../src/core/parsers/buildpacks';
import { range } from '../../../../src/core/model/text';
import { corpusFiles } from './corpusFiles';

describe('parseBuildpacks', () => {
  it('reads URLs with an optional #ref', () => {
    const r = parseBuildpacks(
      'https://github.com/plotly/heroku-buildpack-python#v1.2.3\n\nhttps://github.com/plotly/conda-buildpack.git\n',
    );
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.entries.map((e) => [e.url, e.ref, e.range]),
      [
        ['https://github.com/plotly/heroku-buildpack-python', 'v1.2.3', range(0, 0, 0, 56)],
        ['https://github.com/plotly/conda-buildpack.git', undefined, range(2, 0, 2, 45)],
      ],
    );
  });

  it('reports lines that are not URLs', () => {
    const r = parseBuildpacks('heroku/python\nhttps://x.org/bp');
    assert.equal(r.value.entries.length, 1);
    assert.deepEqual(
      r.issues.map((i) => i.range),
      [range(0, 0, 0, 13)],
    );
  });

  it('parses every corpus .buildpacks without issues', () => {
    for (const f of corpusFiles('.buildpacks')) {
      const r = parseBuildpacks(f.text);
      assert.deepEqual(r.issues, [], f.app);
      assert.equal(r.value.entries.length, 1, f.app);
    }
  });
});
