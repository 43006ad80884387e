import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { collectFacts, droppedFacts, factHaystack, type Fact } from '../../../../src/core/convert/facts';
import { planConversion } from '../../../../src/core/convert/planConversion';
import { discoverApps } from '../../../../src/core/discovery/discoverApps';
import { loadSnapshot } from '../../../../src/core/discovery/loadSnapshot';
import { DEFAULT_ENGINE_CONFIG } from '../../../../src/core/engine/config';
import type { ProjectSnapshot } from '../../../../src/core/model/types';
import { ALL_RULES } from '../../../../src/core/rules';
import { NodeFileSystem } from '../../../../src/node/nodeFileSystem';
import { snapshotOf } from '../../../support/snapshotBuilder';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');
const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'workspaces');

/**
 * The applied rules without whose fixes the fact survives: who to ask about a drop. A rule's unsafe
 * fixes are left out first (its finding, which may name the fact, stays), then the whole rule.
 */
function culprits(snapshot: ProjectSnapshot, applied: readonly { rule: string }[], fact: Fact, includeUnsafe: boolean): string {
  const rules = [...new Set(applied.map((a) => a.rule))];
  const survives = (p: ReturnType<typeof planConversion>): boolean =>
    droppedFacts([fact], factHaystack(p.converted, p.remaining, p.applied)).length === 0;
  const withoutUnsafe = includeUnsafe
    ? rules.filter((rule) =>
        survives(planConversion(snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe, acceptUnsafe: (r) => r !== rule })),
      )
    : [];
  const found =
    withoutUnsafe.length > 0
      ? withoutUnsafe
      : rules.filter((rule) => {
          const config = { ...DEFAULT_ENGINE_CONFIG, severities: { [rule]: 'off' as const } };
          return survives(planConversion(snapshot, ALL_RULES, config, { includeUnsafe }));
        });
  return found.length > 0 ? found.join(' + ') : `(the fixes of ${rules.join(', ')} together)`;
}

const values = (facts: readonly Fact[]): string[] => facts.map((f) => `${f.kind}:${f.value}`);

describe('convert/facts', () => {
  it('enumerates requirements, conda specs, apt packages, deploy commands and the Python version', () => {
    const snap = snapshotOf({
      'requirements.txt': '# c\nDash_Core-Components==1.0\nhttps://example.com/pkg.tar.gz\n',
      'conda-requirements.txt': 'numpy=1.21.0=py39h\n',
      apt: 'libpq-dev  unixodbc\n',
      'app.json':
        '{"scripts":{"dokku":{"predeploy":"apt-get update && apt-get install -y gdal-bin; python manage.py migrate","postdeploy":"echo done"}}}',
      'runtime.txt': 'python-3.9.7\n',
    });
    assert.deepEqual(values(collectFacts(snap)).sort(), [
      'apt-package:gdal-bin',
      'apt-package:libpq-dev',
      'apt-package:unixodbc',
      'conda-spec:numpy',
      'deploy-command:echo done',
      'deploy-command:python manage.py migrate',
      'python-version:3.9',
      'requirement:Dash_Core-Components',
      'requirement:https://example.com/pkg.tar.gz',
    ]);
  });

  it('finds facts by normalised name, in quoted commands and in finding messages; reports the rest', () => {
    const facts: Fact[] = [
      { kind: 'requirement', value: 'Dash_Core-Components', file: 'r', line: 0, match: 'name' },
      { kind: 'requirement', value: 'dash', file: 'r', line: 1, match: 'name' },
      { kind: 'python-version', value: '3.9', file: 'runtime.txt', line: 0, match: 'version' },
      { kind: 'deploy-command', value: 'python -c "print(1)"', file: 'app.json', line: 0, match: 'text' },
      { kind: 'apt-package', value: 'libpq-dev', file: 'apt', line: 0, match: 'name' },
    ];
    const kept = ['dash-core-components==1.0\n', 'cmd = "python  -c \\"print(1)\\""\n', 'Install libpq-dev by hand.'];
    assert.deepEqual(values(droppedFacts(facts, kept)), ['requirement:dash', 'python-version:3.9']);
    assert.deepEqual(
      values(droppedFacts(facts.slice(2, 3), ['numpy==1.23.9'])),
      ['python-version:3.9'],
      '3.9 inside 1.23.9 is not the Python version',
    );
    assert.deepEqual(droppedFacts(facts.slice(2, 3), ['BP_CPYTHON_VERSION = "3.9"']), []);
    assert.deepEqual(droppedFacts(facts.slice(2, 3), ['python=3.9.7']), []);
  });

  it('enumerates processes, scale counts, CHECKS, app.json health checks, keys and env names, apt sources, conda runtime, buildpacks', () => {
    const snap = snapshotOf({
      Procfile: 'web:  gunicorn app:server --workers 2\r\n# worker: off\r\nworker: celery -A tasks worker\r\n',
      DOKKU_SCALE: 'web = 1\nworker=02\n',
      CHECKS: 'WAIT=5\n# /app/_dash-layout off\n/app/_dash-layout  My App\n',
      'app.json':
        '{"healthchecks":{"web":{"readiness":{"httpGet":{"path":"/app/_dash-layout","port":5000}}}},"env":{"SECRET_KEY":{"required":true}},"formation":{"web":{"quantity":1}}}',
      Aptfile: 'libpq-dev\nhttps://example.com/x.deb\n:repo:deb http://archive.example.com/ubuntu focal main\n',
      'apt-repositories': 'ppa:owner/name\n',
      'conda-runtime.txt': 'Miniconda3-4.5.12\n',
      '.buildpacks': 'https://github.com/plotly/conda-buildpack.git#v1\n',
    });
    assert.deepEqual(values(collectFacts(snap)).sort(), [
      'app-json-key:env',
      'app-json-key:formation',
      'apt-package:libpq-dev',
      'apt-source:deb http://archive.example.com/ubuntu focal main',
      'apt-source:https://example.com/x.deb',
      'apt-source:ppa:owner/name',
      'buildpack:https://github.com/plotly/conda-buildpack.git',
      'check-setting:WAIT=5',
      'check:/app/_dash-layout',
      'check:My App',
      'conda-runtime:Miniconda3-4.5.12',
      'env-var:SECRET_KEY',
      'formation:web=1',
      'healthcheck:/app/_dash-layout',
      'healthcheck:web readiness',
      'process:web:  gunicorn app:server --workers 2',
      'process:worker: celery -A tasks worker',
      'scale:web=1',
      'scale:worker=2',
    ]);
  });

  it('enumerates app.json formation counts and sizes and cron commands and schedules, on their lines', () => {
    const json =
      '{\n  "formation": {\n    "web": {"quantity": 2, "size": "standard-1x"},\n    "worker": {"quantity": 0},\n    "x": {"quantity": "3"}\n  },\n' +
      '  "cron": [\n    {"command": "python job.py", "schedule": "*/10 * * * *"},\n    {"command": "true"},\n    {"schedule": "@daily"}\n  ]\n}\n';
    const facts = collectFacts(snapshotOf({ 'app.json': json })).filter((f) => f.kind === 'formation' || f.kind === 'cron');
    assert.deepEqual(
      facts.map((f) => `${f.kind}:${f.value}:${f.match}:${f.line}`),
      [
        'formation:web=2:setting:2',
        'formation:standard-1x:text:2',
        'formation:worker=0:setting:3',
        'cron:python job.py:text:7',
        'cron:*/10 * * * *:text:7',
        'cron:true:text:8',
      ],
    );
    assert.deepEqual(values(droppedFacts(facts.slice(0, 1), ['web=20', 'big-web=2'])), ['formation:web=2']);
  });

  it('finds `key=count` settings with spaces and leading zeros, but not inside other keys or counts', () => {
    const fact = (value: string): Fact => ({ kind: 'scale', value, file: 'DOKKU_SCALE', line: 0, match: 'setting' });
    assert.deepEqual(droppedFacts([fact('web=1')], ['web = 01\n']), []);
    assert.deepEqual(droppedFacts([fact('web=1')], ['sets `web=1`, `worker=2`.']), []);
    assert.deepEqual(values(droppedFacts([fact('web=1')], ['web=12\n', 'big-web=1\n'])), ['scale:web=1']);
  });

  it('counts the titles of applied fixes as reported', () => {
    const fact: Fact = { kind: 'scale', value: 'web=1', file: 'DOKKU_SCALE', line: 0, match: 'setting' };
    const empty = snapshotOf({});
    assert.equal(droppedFacts([fact], factHaystack(empty, [])).length, 1);
    assert.deepEqual(droppedFacts([fact], factHaystack(empty, [], [{ title: 'Delete DOKKU_SCALE (set web=1 in the App Manager)' }])), []);
  });

  it('finds text as written too, when it holds a backslash-escaped quote itself', () => {
    const fact: Fact = { kind: 'check', value: 'say \\"hi\\"', file: 'CHECKS', line: 0, match: 'text' };
    assert.deepEqual(droppedFacts([fact], ['Delete CHECKS (no longer run: / "say \\"hi\\"")']), []);
    assert.deepEqual(droppedFacts([fact], ['cmd = "say \\\\\\"hi\\\\\\""']), [], 'and quoted in TOML');
    assert.deepEqual(values(droppedFacts([fact], ['say "hi"'])), ['check:say \\"hi\\"'], 'not the unescaped text');
  });

  describe('nothing lost: every corpus app and fixture, converted', () => {
    const apps: { name: string; snapshot: ProjectSnapshot }[] = [];
    before(async function () {
      this.timeout(60000);
      const fs = new NodeFileSystem();
      for (const base of [CORPUS, FIXTURES]) {
        for (const root of await discoverApps(fs, [base])) {
          apps.push({ name: path.relative(path.dirname(base), root).split(path.sep).join('/'), snapshot: await loadSnapshot(fs, root) });
        }
      }
    });

    it('finds the corpus and the fixtures', () => {
      assert.ok(apps.filter((a) => a.name.startsWith('corpus/')).length >= 40, `only ${apps.length} apps found`);
      assert.ok(apps.some((a) => a.name.startsWith('workspaces/')));
    });

    for (const includeUnsafe of [false, true]) {
      it(`keeps every fact, converges, is idempotent and leaves only manual steps (unsafe fixes ${includeUnsafe ? 'on' : 'off'})`, () => {
        const problems: string[] = [];
        const unsafeTitles: string[] = [];
        for (const app of apps) {
          const plan = planConversion(app.snapshot, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe });
          unsafeTitles.push(...plan.applied.filter((a) => a.safety === 'unsafe').map((a) => a.title));
          const facts = collectFacts(app.snapshot);
          for (const f of droppedFacts(facts, factHaystack(plan.converted, plan.remaining, plan.applied))) {
            const by = culprits(app.snapshot, plan.applied, f, includeUnsafe);
            problems.push(`${app.name}: dropped ${f.kind} \`${f.value}\` (${f.file}:${f.line + 1}) by ${by}`);
          }
          if (!plan.converged) {
            problems.push(`${app.name}: did not converge in ${plan.rounds} rounds`);
          }
          for (const r of plan.rejected) {
            problems.push(`${app.name}: fix "${r.title}" of ${r.rule} could not apply: ${r.reason}`);
          }
          const again = planConversion(plan.converted, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe });
          if (again.edits.length > 0) {
            problems.push(`${app.name}: converting twice changes ${[...new Set(again.edits.map((e) => e.file))].join(', ')}`);
          }
          for (const f of plan.remaining.filter((x) => x.severity === 'error')) {
            const takeable = f.fixes.filter((x) => includeUnsafe || x.safety === 'safe');
            if (f.message.trim() === '' || takeable.length > 0) {
              problems.push(`${app.name}: error ${f.rule} in ${f.file} is left without a manual step`);
            }
          }
        }
        assert.deepEqual(problems, []);
        if (includeUnsafe) {
          // The unsafe deletions that once dropped facts silently ran, so "nothing dropped" covers them.
          for (const title of [
            'Delete DOKKU_SCALE (',
            'Delete CHECKS (',
            'Remove `healthchecks` from app.json (',
            'Delete .buildpacks (',
          ]) {
            assert.ok(
              unsafeTitles.some((t) => t.startsWith(title)),
              `no "${title}…" was applied`,
            );
          }
        }
      });
    }
  });
});
