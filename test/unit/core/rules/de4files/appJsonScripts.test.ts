import assert from 'node:assert/strict';
import { range } from '../../../../../src/core/model/text';
import { appJsonScriptsRule } from '../../../../../src/core/rules/de4files/appJsonScripts';
import { collectFacts, droppedFacts } from '../../../../../src/core/convert/facts';
import { planConversion } from '../../../../../src/core/convert/planConversion';
import { checkApp } from '../../../../../src/core/engine/checkApp';
import { DEFAULT_ENGINE_CONFIG, normaliseEngineSettings } from '../../../../../src/core/engine/config';
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../../../../../src/core/model/types';
import { parseProjectToml } from '../../../../../src/core/parsers/projectToml';
import { aptInstallPackages } from '../../../../../src/core/rules/de4files/aptInstall';
import { ALL_RULES } from '../../../../../src/core/rules';
import { snapshotOf } from '../../../../support/snapshotBuilder';
import { run } from './de4RuleHarness';
import { applyFix } from './fixApplier';

function convertFirst(files: Record<string, string>, options: CheckOptions = DEFAULT_CHECK_OPTIONS) {
  const fix = run(appJsonScriptsRule, files, {}, options)[0]?.fixes?.[0];
  return { fix, after: applyFix(files, fix) };
}

describe('app-json-scripts', () => {
  it('reports predeploy and postdeploy on their command, with their DE4 semantics', () => {
    const json =
      '{\n  "scripts": {\n    "dokku": {\n      "predeploy": "bash /app/setup",\n      "postdeploy": "python warm.py"\n    }\n  }\n}\n';
    const out = run(appJsonScriptsRule, { 'app.json': json });
    assert.deepEqual(
      out.map((f) => f.range),
      [range(3, 19, 3, 36), range(4, 20, 4, 36)],
    );
    assert.match(out[0]?.message ?? '', /move this predeploy command to project\.toml \(it ran once while the image was built/);
    assert.match(out[1]?.message ?? '', /postdeploy.*file changes were not kept/);
    assert.ok(out.every((f) => /TODO comment/.test(f.message) && /DE5 conversion/.test(f.message) && !f.severity));
  });

  it('suggests the Aptfile for a predeploy that installs system packages, and reads Heroku scripts.postdeploy', () => {
    const out = run(appJsonScriptsRule, {
      'app.json': '{"scripts": {"dokku": {"predeploy": "apt-get install -y libpq-dev"}, "postdeploy": "x"}}',
    });
    assert.equal(out.length, 2);
    assert.match(out[0]?.message ?? '', /list them in the Aptfile/);
    assert.match(out[1]?.message ?? '', /postdeploy/);
  });

  it('reports healthchecks as info', () => {
    const json = '{\n\t"healthchecks": {\n\t\t"web": {"readiness": {"httpGet": {"path": "/", "port": 5000}}}\n\t}\n}';
    const [f, ...rest] = run(appJsonScriptsRule, { 'app.json': json });
    assert.equal(rest.length, 0);
    assert.equal(f?.severity, 'info');
    assert.deepEqual(f?.range, range(1, 1, 1, 15));
    assert.match(f?.message ?? '', /no equivalent of app\.json `healthchecks` \(web readiness\)/);
    assert.equal(f?.fixes?.[0]?.safety, 'unsafe');
    assert.equal(f?.fixes?.[0]?.title, 'Remove `healthchecks` from app.json (probes no longer run: web readiness on /)');
    assert.deepEqual(f?.fixes?.[0]?.edits, [{ kind: 'delete', file: 'app.json' }]);
  });

  it('names every health check probe and path in the removal title', () => {
    const json = '{"healthchecks": {"web": {"startup": {"httpGet": {"path": "/_dash-layout"}}, "liveness": {"exec": {}}}, "*": {}}}';
    const [f] = run(appJsonScriptsRule, { 'app.json': json });
    assert.equal(
      f?.fixes?.[0]?.title,
      'Remove `healthchecks` from app.json (probes no longer run: web startup on /_dash-layout, web liveness)',
    );
    const [empty] = run(appJsonScriptsRule, { 'app.json': '{"healthchecks": {}, "name": "x"}' });
    assert.equal(empty?.fixes?.[0]?.title, 'Remove `healthchecks` from app.json');
  });

  it('is silent without app.json or without scripts and health checks', () => {
    assert.deepEqual(run(appJsonScriptsRule, { Procfile: 'web: x\n' }), []);
    assert.deepEqual(run(appJsonScriptsRule, { 'app.json': '{"name": "x", "scripts": {"dokku": {"other": "y"}}}' }), []);
  });

  it('still reports what parses in a broken app.json, without throwing', () => {
    const out = run(appJsonScriptsRule, { 'app.json': '{\n  "scripts": {"dokku": {"predeploy": "a",}}\n' });
    assert.deepEqual(
      out.map((f) => f.range),
      [range(1, 37, 1, 40)],
    );
    assert.deepEqual(run(appJsonScriptsRule, { 'app.json': '[' }), []);
  });

  describe('conversion', () => {
    const PRE = '{\n    "scripts": {\n        "dokku": {\n            "predeploy": "python predeploy.py"\n        }\n    }\n}\n';

    it('moves a predeploy command verbatim into a TODO block in a new project.toml and deletes the emptied app.json (safe)', () => {
      const { fix, after } = convertFirst({ 'app.json': PRE });
      assert.equal(fix?.safety, 'safe');
      assert.equal(after['app.json'], undefined);
      assert.equal(
        after['project.toml'],
        '[_]\nschema-version = "0.2"\n\n' +
          '# TODO(de-migrate): DE4 predeploy command from app.json. DE5 runs deploy scripts from project.toml,\n' +
          '# but their keys are not public: wire this command up per your DE5 docs, then delete this block.\n' +
          '# On DE4 it ran once while the image was built, keeping its file changes.\n' +
          '# predeploy command (verbatim):\n' +
          '#   python predeploy.py\n',
      );
      assert.equal(parseProjectToml(after['project.toml'] ?? '').value.schemaVersion, '0.2');
    });

    it('keeps the rest of app.json and its CRLF when other keys remain, and merges into an existing project.toml', () => {
      const json =
        '{\r\n  "healthchecks": {},\r\n  "scripts": {\r\n    "dokku": {\r\n      "predeploy": "a",\r\n      "postdeploy": "b \\"q\\""\r\n    }\r\n  }\r\n}\r\n';
      const toml = '[_]\r\nschema-version = "0.2"\r\n';
      const { after } = convertFirst({ 'app.json': json, 'project.toml': toml });
      assert.equal(
        after['app.json'],
        '{\r\n  "healthchecks": {},\r\n  "scripts": {\r\n    "dokku": {\r\n      "postdeploy": "b \\"q\\""\r\n    }\r\n  }\r\n}\r\n',
      );
      assert.ok(after['project.toml']?.startsWith(`${toml}\r\n# TODO(de-migrate): DE4 predeploy`));
      assert.match(after['project.toml'] ?? '', /\r\n# {3}a\r\n$/);
      const second = convertFirst(after);
      assert.match(
        second.after['project.toml'] ?? '',
        /# On DE4 it ran late in the deploy, and its file changes were not kept\.\r\n# postdeploy command \(verbatim\):\r\n# {3}b "q"\r\n$/,
      );
      assert.equal(second.after['app.json'], '{\r\n  "healthchecks": {}\r\n}\r\n');
    });

    it('adds the packages of apt-get install commands to the Aptfile, de-duplicated against it', () => {
      const json =
        '{"scripts": {"dokku": {"predeploy": "apt-get update && sudo apt-get install -y --no-install-recommends libpq-dev unixodbc"}}}';
      const { fix, after } = convertFirst({ 'app.json': json, Aptfile: '# system\nunixodbc' });
      assert.equal(fix?.safety, 'safe');
      assert.equal(after['Aptfile'], '# system\nunixodbc\nlibpq-dev\n');
      assert.match(after['project.toml'] ?? '', /# Its apt packages were added to the Aptfile: libpq-dev unixodbc\.\n/);
      assert.match(
        after['project.toml'] ?? '',
        /# {3}apt-get update && sudo apt-get install -y --no-install-recommends libpq-dev unixodbc\n/,
      );
      assert.equal(convertFirst({ 'app.json': json }).after['Aptfile'], 'libpq-dev\nunixodbc\n');
    });

    it('offers no move when the Aptfile exists but was not read (issue #7: its packages were dropped)', () => {
      const json = '{"scripts": {"dokku": {"predeploy": "apt-get install -y libpq-dev"}}}';
      for (const skipped of ['binary', 'encoding', 'too-large'] as const) {
        const out = run(appJsonScriptsRule, { 'app.json': json, Aptfile: '' }, { skipped: { Aptfile: skipped } });
        assert.equal(out.length, 1);
        assert.deepEqual(out[0]?.fixes ?? [], [], skipped);
      }
    });

    it('finds apt packages only where apt installs them', () => {
      assert.deepEqual(
        aptInstallPackages('DEBIAN_FRONTEND=noninteractive apt install -t bullseye-backports -y git curl=7.1 $X; apt-get remove vim'),
        ['git'],
      );
      assert.deepEqual(aptInstallPackages('bash predeploy.sh'), []);
    });

    it('writes real keys when the profile names the DE5 table', () => {
      const { options } = normaliseEngineSettings({ profile: { deployScripts: { mode: 'table', table: 'scripts' } } });
      const { after } = convertFirst({ 'app.json': PRE }, options);
      assert.equal(
        after['project.toml'],
        '[_]\nschema-version = "0.2"\n\n# DE4 predeploy from app.json; on DE4 it ran once while the image was built, keeping its file changes.\n[scripts]\npredeploy = "python predeploy.py"\n',
      );
      assert.equal(parseProjectToml(after['project.toml'] ?? '').value.data?.['scripts'] !== undefined, true);
    });

    it('reports formation and cron, which are not converted', () => {
      const out = run(appJsonScriptsRule, { 'app.json': '{"formation": {"web": {"quantity": 2}}, "cron": [], "name": "x"}' });
      assert.deepEqual(
        out.map((f) => f.message.slice(0, 40)),
        ['DE5 does not read app.json `formation`; ', 'DE5 does not read app.json `cron`; these'],
      );
    });

    it('names every formation entry and cron job in the removal title and message', () => {
      const json = JSON.stringify({
        formation: { web: { quantity: 2, size: 'standard-1x' }, worker: { quantity: 1 }, beat: { size: 'free' }, idle: {} },
        cron: [{ command: 'python job.py', schedule: '*/10 * * * *' }, { command: 'python\n  nightly.py' }, { schedule: '@daily' }],
      });
      const [formation, cron, ...rest] = run(appJsonScriptsRule, { 'app.json': json });
      assert.equal(rest.length, 0);
      assert.deepEqual(
        [formation?.fixes?.[0]?.title, cron?.fixes?.[0]?.title],
        [
          'Remove `formation` from app.json (set in the DE5 App Manager: web=2 size=standard-1x, worker=1, beat size=free)',
          'Remove `cron` from app.json (no longer scheduled: "*/10 * * * *" python job.py, python nightly.py)',
        ],
      );
      assert.equal(
        cron?.message,
        'DE5 does not read app.json `cron`; these scheduled commands need another scheduler on DE5 ("*/10 * * * *" python job.py, python nightly.py).',
      );
      assert.ok(formation?.message.endsWith('App Manager (web=2 size=standard-1x, worker=1, beat size=free).'));
      const facts = collectFacts(snapshotOf({ 'app.json': json })).filter((f) => f.kind === 'formation' || f.kind === 'cron');
      assert.equal(facts.length, 7);
      assert.deepEqual(droppedFacts(facts, [formation?.fixes?.[0]?.title ?? '', cron?.fixes?.[0]?.title ?? '']), []);
      assert.deepEqual(droppedFacts(facts, [formation?.message ?? '', cron?.message ?? '']), []);
    });

    it('keeps the plain removal title when formation or cron names nothing', () => {
      for (const json of [
        '{"formation": {"web": {"quantity": "2"}}, "cron": [{"command": 3}]}',
        '{"formation": [], "cron": {"command": "x"}}',
        '{"formation": {}, "cron": []}',
      ]) {
        const out = run(appJsonScriptsRule, { 'app.json': json });
        assert.deepEqual(
          out.map((f) => [f.fixes?.[0]?.title, f.message.endsWith(')')]),
          [
            ['Remove `formation` from app.json', false],
            ['Remove `cron` from app.json', false],
          ],
          json,
        );
      }
    });

    it('offers no rewrite of an app.json with syntax errors', () => {
      const [f] = run(appJsonScriptsRule, { 'app.json': '{"scripts": {"dokku": {"predeploy": "a",}}}' });
      assert.equal(f?.fixes, undefined);
    });

    it('is idempotent: after converting every hook, no app-json-scripts fix is offered again', () => {
      let files: Record<string, string> = {
        'app.json': '{"scripts": {"dokku": {"predeploy": "a", "postdeploy": "b"}}}',
        'runtime.txt': 'python-3.9.1\n',
      };
      for (let i = 0; i < 5; i++) {
        const next = convertFirst(files);
        if (!next.fix) {
          break;
        }
        files = next.after;
      }
      assert.equal(files['app.json'], undefined);
      const report = checkApp(snapshotOf(files), ALL_RULES, DEFAULT_ENGINE_CONFIG);
      assert.deepEqual(
        report.findings.filter((f) => f.rule === 'project-toml-schema'),
        [],
      );
      // What is left is the manual step for each hook, with nothing to apply.
      assert.deepEqual(
        report.findings
          .filter((f) => f.rule === 'app-json-scripts')
          .map((f) => [f.file, f.severity, f.fixes.length, /`(.*)`/.exec(f.message)?.[1]]),
        [
          ['project.toml', 'warning', 0, 'a'],
          ['project.toml', 'warning', 0, 'b'],
        ],
      );
      assert.match(files['project.toml'] ?? '', /# {3}a\n[\s\S]*# {3}b\n$/);
    });

    it('leaves the TODO findings after a whole conversion, and converting twice changes nothing', () => {
      const app = snapshotOf({
        'app.json': '{"scripts": {"dokku": {"predeploy": "a", "postdeploy": "b"}}}',
        'runtime.txt': 'python-3.9.1\n',
      });
      const plan = planConversion(app, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
      assert.deepEqual(
        plan.remaining.filter((f) => f.rule === 'app-json-scripts').map((f) => [f.file, f.range.start.line]),
        [
          ['project.toml', 3],
          ['project.toml', 9],
        ],
      );
      const again = planConversion(plan.converted, ALL_RULES, DEFAULT_ENGINE_CONFIG, { includeUnsafe: true });
      assert.deepEqual(again.edits, [], 'converting twice changes nothing');
      assert.deepEqual(again.remaining, plan.remaining);
    });
  });

  describe('TODO blocks left in project.toml', () => {
    const PRE = '{"scripts": {"dokku": {"predeploy": "python prepare_data.py && echo ok"}}}';

    it('reports each converted deploy command as a manual step on the first line of its block, without a fix', () => {
      const { after } = convertFirst({ 'app.json': PRE });
      const out = run(appJsonScriptsRule, after);
      assert.equal(out.length, 1);
      const [f] = out;
      assert.equal(f?.file, 'project.toml');
      const header = after['project.toml']?.split('\n')[3] ?? '';
      assert.match(header, /^# TODO\(de-migrate\): DE4 predeploy command/);
      assert.deepEqual(f?.range, range(3, 0, 3, header.length));
      assert.equal(f?.severity, undefined, 'a warning, the rule default');
      assert.equal(f?.fixes, undefined);
      assert.equal(
        f?.message,
        'DE5 does not run the DE4 predeploy command `python prepare_data.py && echo ok` yet: project.toml keeps it only as a comment. ' +
          'Wire it up as a DE5 predeploy script per your DE5 docs, then delete this TODO block.',
      );
    });

    it('reports every block, in CRLF files and beside an app.json that still has hooks', () => {
      const toml =
        '[_]\r\nschema-version = "0.2"\r\n\r\n  # TODO(de-migrate): DE4 postdeploy command from app.json. x\r\n# postdeploy command (verbatim):\r\n#   line one\r\n#   \r\n#   line two\r\n\r\n' +
        '# TODO(de-migrate): DE4 predeploy command from app.json.\r\n# edited by hand\r\n';
      const out = run(appJsonScriptsRule, { 'project.toml': toml, 'app.json': '{"scripts": {"dokku": {"predeploy": "b"}}}' });
      assert.deepEqual(
        out.map((f) => [f.file, f.range]),
        [
          ['app.json', range(0, 36, 0, 39)],
          ['project.toml', range(3, 2, 3, 61)],
          ['project.toml', range(9, 0, 9, 56)],
        ],
      );
      assert.match(out[1]?.message ?? '', /postdeploy command `line one; line two` yet/);
      assert.match(out[2]?.message ?? '', /predeploy command in this block yet/, 'a block whose command was edited away is still reported');
    });

    it('is silent once the block is gone, and for other comments or keys', () => {
      for (const toml of [
        '[_]\nschema-version = "0.2"\n',
        '# TODO: wire predeploy\n[scripts]\npredeploy = "python prepare_data.py"\n',
        'x = "# TODO(de-migrate): DE4 predeploy command from app.json."\n',
      ]) {
        assert.deepEqual(run(appJsonScriptsRule, { 'project.toml': toml }), [], toml);
      }
    });
  });
});
