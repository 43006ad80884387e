// The JSON schemas under media/schemas, contributed to other extensions (tomlValidation,
// yamlValidation, jsonValidation) for offline validation: well-formed, and true to the real files in
// the shared corpus. No JSON-schema validator is a dependency, so test/support/schemaSubset checks
// the small keyword subset these schemas use and refuses any other keyword.
import { parse as parseToml } from '@iarna/toml';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { serializeDe4Metadata } from '../../src/core/de4/appMetadata';
import { de4Metadata } from '../support/de4AppBuilder';
import { schemaProblems, validate } from '../support/schemaSubset';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');

interface SchemaCase {
  readonly schema: string;
  readonly file: string;
  readonly parse: (text: string) => unknown;
  /** The corpus holds at least this many such files. */
  readonly minCorpusFiles: number;
  /** Hand-written documents the schema must accept / reject. */
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
}

const CASES: readonly SchemaCase[] = [
  {
    schema: 'project-toml.schema.json',
    file: 'project.toml',
    parse: (t) => parseToml(t),
    minCorpusFiles: 1,
    valid: [
      '[_]\nschema-version = "0.2"\n\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = "3.9"\n',
      '[_]\nschema-version = "0.2"\nid = "com.example.app"\nauthors = ["A"]\n[[_.licenses]]\ntype = "MIT"\n[_.metadata]\nx = 1\n' +
        '[io.buildpacks]\nexclude = ["data/"]\n[[io.buildpacks.pre.group]]\nid = "x/y"\n[io.buildpacks.pre.group.script]\napi = "0.10"\ninline = "echo hi"\n' +
        '[com.example]\nanything = true\n',
    ],
    invalid: [
      '[_]\nid = "no schema version"\n',
      '[_]\nschema-version = "0.3"\n',
      '[_]\nschema-version = "0.2"\n[io.buildpacks]\ninclude = ["a"]\nexclude = ["b"]\n',
      '[_]\nschema-version = "0.2"\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\n',
      '[_]\nschema-version = "0.2"\n[[io.buildpacks.build.env]]\nname = "BP_CPYTHON_VERSION"\nvalue = 3.9\n',
    ],
  },
  {
    schema: 'environment-yml.schema.json',
    file: 'environment.yml',
    parse: (t) => loadYaml(t),
    minCorpusFiles: 1,
    valid: [
      'name: app\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n      - dash==2.17.1\n      - --extra-index-url https://de5.example.com/packages\nvariables:\n  MODE: prod\n',
    ],
    invalid: [
      'dependencies: numpy\n',
      'dependencies:\n  - pip: dash\n',
      'channels: conda-forge\n',
      'dependencies:\n  - pip: [dash]\n    conda: [x]\n',
    ],
  },
  {
    schema: 'app-json.schema.json',
    file: 'app.json',
    parse: (t) => JSON.parse(t) as unknown,
    minCorpusFiles: 10,
    valid: [
      '{"scripts":{"dokku":{"predeploy":"cd /app && bash setup.sh","postdeploy":"python migrate.py"}},"formation":{"web":{"quantity":2}},' +
        '"cron":[{"command":"python job.py","schedule":"@daily"}],"env":{"A":"1","B":{"value":"x","required":true}}}',
    ],
    invalid: [
      '{"scripts":{"dokku":{"predeploy":["bash", "x.sh"]}}}',
      '{"healthchecks":{"web":{"readiness":{"httpGet":{"path":"/"}}}}}',
      '{"healthchecks":{"web":{"liveness":{"exec":{"command":["x"]},"periodSeconds":"5"}}}}',
      '{"formation":{"web":{"quantity":-1}}}',
      '{"cron":[{"command":"x"}]}',
    ],
  },
  {
    schema: 'de4-app.schema.json',
    file: '.de-migrate/de4-app.json',
    parse: (t) => JSON.parse(t) as unknown,
    // DE Migrate writes this file; the corpus of DE4 apps has none.
    minCorpusFiles: 0,
    valid: [
      serializeDe4Metadata(de4Metadata()),
      serializeDe4Metadata(de4Metadata({ owner: null, hasWorkspace: null, mounts: [], linkedServices: [], metadata: {}, analytics: {} })),
      '{"schemaVersion":1,"source":{"server":"https://de4.example.com","app":"a"},"savedAt":"2024-01-01T00:00:00.000Z","futureField":1}',
    ],
    invalid: [
      '{"source":{"server":"https://de4.example.com","app":"a"},"savedAt":"x"}',
      '{"schemaVersion":0,"source":{"server":"https://de4.example.com","app":"a"},"savedAt":"x"}',
      '{"schemaVersion":1,"source":{"server":"https://de4.example.com"},"savedAt":"x"}',
      '{"schemaVersion":1,"source":{"server":"s","app":"a"},"savedAt":"x","linkedServices":[{"name":"r"}]}',
      '{"schemaVersion":1,"source":{"server":"s","app":"a"},"savedAt":"x","mounts":{"hostDir":"/a","targetDir":"/b"}}',
      '{"schemaVersion":1,"source":{"server":"s","app":"a"},"savedAt":"x","hasWorkspace":"yes"}',
      '{"schemaVersion":1,"source":{"server":"s","app":"a"},"savedAt":"x","processes":[{"type":"web","count":-1}]}',
      '{"schemaVersion":1,"source":{"server":"s","app":"a"},"savedAt":"x","environmentVariables":[{"name":"A","value":1,"readonly":"no"}]}',
    ],
  },
];

/** Corpus files of one name, BOM removed (the corpus keeps the bytes as published). */
function corpusFiles(name: string): { file: string; text: string }[] {
  return fs
    .readdirSync(CORPUS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(CORPUS, d.name, name)))
    .map((d) => ({ file: `${d.name}/${name}`, text: fs.readFileSync(path.join(CORPUS, d.name, name), 'utf8').replace(/^\uFEFF/, '') }));
}

describe('bundled JSON schemas', () => {
  for (const c of CASES) {
    describe(c.schema, () => {
      const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'media', 'schemas', c.schema), 'utf8')) as Record<string, unknown>;

      it('is a draft-07 object schema that says what the file means on DE5 and DE4', () => {
        assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
        assert.equal(schema['type'], 'object');
        assert.ok(typeof schema['properties'] === 'object' && Object.keys(schema['properties'] ?? {}).length > 0);
        assert.match(String(schema['description']), /DE5/);
        assert.match(String(schema['description']), /DE4/);
        assert.deepEqual(schemaProblems(schema), []);
      });

      it('is contributed in package.json for its file', () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
          contributes: Record<string, { fileMatch: string | string[]; url: string }[] | undefined>;
        };
        const entries = ['jsonValidation', 'yamlValidation', 'tomlValidation'].flatMap((k) => pkg.contributes[k] ?? []);
        const entry = entries.find((e) => e.url === `./media/schemas/${c.schema}`);
        assert.ok(entry, `no *Validation entry for ${c.schema}`);
        const matches = [entry.fileMatch].flat();
        assert.ok(
          matches.some((m) => m === c.file || m === `**/${c.file}`),
          `${JSON.stringify(matches)} should match ${c.file}`,
        );
      });

      it(`accepts every ${c.file} in the corpus`, () => {
        const files = corpusFiles(c.file);
        assert.ok(files.length >= c.minCorpusFiles, `found ${files.length} corpus ${c.file} files`);
        for (const f of files) {
          assert.deepEqual(validate(schema, c.parse(f.text)), [], f.file);
        }
      });

      it('accepts the documented forms and rejects broken ones', () => {
        for (const doc of c.valid) {
          assert.deepEqual(validate(schema, c.parse(doc)), [], doc);
        }
        for (const doc of c.invalid) {
          assert.notDeepEqual(validate(schema, c.parse(doc)), [], `should be rejected: ${doc}`);
        }
      });
    });
  }

  it('the checker refuses keywords it does not implement', () => {
    assert.deepEqual(schemaProblems({ type: 'object', properties: { a: { pattern: '^x$' } } }), [
      '#/properties/a: keyword pattern is not supported by this checker',
    ]);
    assert.deepEqual(schemaProblems({ properties: { a: { $ref: '#/definitions/missing' } } }), [
      '#/properties/a/$ref: #/definitions/missing does not resolve',
    ]);
  });
});
