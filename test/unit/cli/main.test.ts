import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleCatalog } from '../../../src/core/rules';
import { runCliCaptured, type CliRun as Run } from '../../support/cliRun';

// Rules land independently of these tests, so the apps here rely on one stable finding: a Procfile line
// that does not parse (`parse-error`, an error). Tests that need an exact output switch every other rule off.

function run(argv: readonly string[], cwd: string, signal?: AbortSignal): Promise<Run> {
  return runCliCaptured(argv, { cwd, ...(signal ? { signal } : {}) });
}

/** `--rule <id>=off` for every rule except the ones named, so output does not depend on rules still landing. */
function onlyRules(...keep: string[]): string[] {
  return ruleCatalog()
    .filter((r) => !keep.includes(r.id))
    .flatMap((r) => ['--rule', `${r.id}=off`]);
}

interface JsonOutput {
  version: number;
  apps: {
    root: string;
    kind: string;
    findings: {
      rule: string;
      severity: string;
      file: string;
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      message: string;
      fixes: { title: string; safety: string }[];
    }[];
  }[];
  summary: { apps: number; errors: number; warnings: number; infos: number };
}

const BAD_PROCFILE = 'web: gunicorn app:server\nthis line is not a process\n';

describe('cli/main runCli', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-cli-'));
    fs.mkdirSync(path.join(tmp, 'broken'));
    fs.writeFileSync(path.join(tmp, 'broken', 'Procfile'), BAD_PROCFILE);
    fs.mkdirSync(path.join(tmp, 'fine'));
    fs.writeFileSync(path.join(tmp, 'fine', 'Procfile'), 'web: gunicorn app:server --workers 4\n');
    fs.mkdirSync(path.join(tmp, 'empty'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('exit codes', () => {
    it('is 1 when a finding is at or above the threshold', async () => {
      const r = await run(['check', 'broken'], tmp);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /broken\/Procfile:2:1 {2}error .* parse-error/);
    });

    it('is 0 when nothing is at or above the threshold', async () => {
      const r = await run(['check', 'fine', ...onlyRules('parse-error')], tmp);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /no problems/);
    });

    it('is 0 for a folder without apps', async () => {
      const r = await run(['check', 'empty', '--format', 'json'], tmp);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { version: 1, apps: [], summary: { apps: 0, errors: 0, warnings: 0, infos: 0 } });
    });

    it('is 0 for help and version, on stdout', async () => {
      const help = await run(['--help'], tmp);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: de-migrate/);
      const version = await run(['--version'], tmp);
      assert.equal(version.code, 0);
      assert.match(version.stdout, /^\d+\.\d+\.\d+/);
    });
  });

  describe('usage errors exit 2 with the message on stderr and nothing on stdout', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown option', ['check', '--frmat', 'json'], /Unknown option "--frmat"/],
      ['bad value', ['check', '--format', 'xml'], /--format must be text, json or sarif/],
      ['bad severity', ['check', '--min-severity', 'loud'], /--min-severity must be one of/],
      ['missing value', ['check', '--format'], /--format needs a value/],
      ['unknown command', ['fix'], /Unknown command "fix"/],
      ['missing path', ['check', 'no-such-folder'], /no-such-folder is not a folder/],
      ['a file instead of a folder', ['check', 'broken/Procfile'], /broken\/Procfile is not a folder/],
      ['unusable DE5 host', ['check', 'broken', '--de5-host', 'not a host!'], /is not a host name/],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const r = await run(argv, tmp);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.match(r.stderr, /^de-migrate: /);
      });
    }
  });

  describe('--format json', () => {
    it('prints the documented shape with cwd-relative paths and zero-based lines', async () => {
      const r = await run(['check', 'broken', '--format', 'json', ...onlyRules('parse-error')], tmp);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        version: 1,
        apps: [
          {
            root: 'broken',
            kind: 'unknown',
            findings: [
              {
                rule: 'parse-error',
                severity: 'error',
                file: 'broken/Procfile',
                range: { start: { line: 1, character: 0 }, end: { line: 1, character: 26 } },
                message: 'Procfile lines must look like `<process type>: <command>`.',
                fixes: [],
              },
            ],
          },
        ],
        summary: { apps: 1, errors: 1, warnings: 0, infos: 0 },
      });
    });

    it('keeps the shape with every rule on (whatever rules exist now)', async () => {
      const r = await run(['check', '.', '--format', 'json', '--min-severity', 'hint'], tmp);
      const out = JSON.parse(r.stdout) as JsonOutput;
      assert.deepEqual(Object.keys(out), ['version', 'apps', 'summary']);
      assert.deepEqual(
        out.apps.map((a) => a.root),
        ['broken', 'fine'],
      );
      for (const app of out.apps) {
        assert.deepEqual(Object.keys(app), ['root', 'kind', 'findings']);
        assert.ok(['pip', 'conda', 'unknown'].includes(app.kind));
        for (const f of app.findings) {
          assert.deepEqual(Object.keys(f), ['rule', 'severity', 'file', 'range', 'message', 'fixes']);
          assert.match(f.rule, /^[a-z0-9]+(-[a-z0-9]+)*$/);
          assert.notEqual(f.rule, 'rule-failed', f.message);
          assert.ok(f.file.startsWith(`${app.root}/`), `${f.file} is under ${app.root}`);
          assert.ok(Number.isInteger(f.range.start.line) && f.range.start.line >= 0);
          for (const x of f.fixes) {
            assert.deepEqual(Object.keys(x), ['title', 'safety']);
            assert.ok(x.safety === 'safe' || x.safety === 'unsafe');
          }
        }
      }
      const all = out.apps.flatMap((a) => a.findings);
      assert.ok(all.some((f) => f.rule === 'parse-error' && f.file === 'broken/Procfile' && f.range.start.line === 1));
      assert.deepEqual(out.summary, {
        apps: 2,
        errors: all.filter((f) => f.severity === 'error').length,
        warnings: all.filter((f) => f.severity === 'warning').length,
        infos: all.filter((f) => f.severity === 'info' || f.severity === 'hint').length,
      });
      assert.equal(r.code, all.length > 0 ? 1 : 0);
    });

    it('shows paths relative to the current folder, also for absolute arguments and from inside the app', async () => {
      const abs = await run(['check', path.join(tmp, 'broken'), '--format', 'json'], tmp);
      const fromAbs = JSON.parse(abs.stdout) as JsonOutput;
      assert.equal(fromAbs.apps[0]?.root, 'broken');
      const inside = await run(['check', '--format', 'json'], path.join(tmp, 'broken'));
      const fromInside = JSON.parse(inside.stdout) as JsonOutput;
      assert.equal(fromInside.apps[0]?.root, '.');
      assert.ok(fromInside.apps[0]?.findings.some((f) => f.file === 'Procfile'));
      const above = await run(['check', '../broken', '--format', 'json'], path.join(tmp, 'fine'));
      assert.equal((JSON.parse(above.stdout) as JsonOutput).apps[0]?.root, '../broken');
    });
  });

  describe('--min-severity', () => {
    it('hides and stops failing on findings below the threshold', async () => {
      const args = ['check', 'broken', '--format', 'json', '--rule', 'parse-error=info', ...onlyRules('parse-error')];
      const hidden = await run([...args, '--min-severity', 'warning'], tmp);
      assert.equal(hidden.code, 0, hidden.stderr);
      assert.deepEqual((JSON.parse(hidden.stdout) as JsonOutput).apps[0]?.findings, []);
      const shown = await run([...args, '--min-severity', 'info'], tmp);
      assert.equal(shown.code, 1);
      const findings = (JSON.parse(shown.stdout) as JsonOutput).apps[0]?.findings ?? [];
      assert.deepEqual(
        findings.map((f) => [f.rule, f.severity]),
        [['parse-error', 'info']],
      );
    });

    it('never shows a finding below the threshold, whatever rules exist', async () => {
      const r = await run(['check', '.', '--format', 'json', '--min-severity', 'error'], tmp);
      const out = JSON.parse(r.stdout) as JsonOutput;
      assert.ok(out.apps.flatMap((a) => a.findings).every((f) => f.severity === 'error'));
      assert.equal(out.summary.warnings + out.summary.infos, 0);
    });
  });

  describe('--format sarif', () => {
    it('prints valid SARIF 2.1.0 with one-based regions', async () => {
      const r = await run(['check', 'broken', '--format', 'sarif', ...onlyRules('parse-error')], tmp);
      assert.equal(r.code, 1, r.stderr);
      const sarif = JSON.parse(r.stdout) as {
        version: string;
        runs: {
          tool: { driver: { name: string; rules: { id: string }[] } };
          results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            message: { text: string };
            locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
          }[];
        }[];
      };
      assert.equal(sarif.version, '2.1.0');
      const runObj = sarif.runs[0];
      assert.ok(runObj);
      assert.equal(runObj.tool.driver.name, 'de-migrate');
      assert.deepEqual(runObj.results.length, 1);
      const result = runObj.results[0];
      assert.equal(result?.ruleId, 'parse-error');
      assert.equal(runObj.tool.driver.rules[result?.ruleIndex ?? -1]?.id, 'parse-error');
      assert.equal(result?.level, 'error');
      assert.equal(result?.message.text, 'Procfile lines must look like `<process type>: <command>`.');
      assert.deepEqual(result?.locations[0]?.physicalLocation, {
        artifactLocation: { uri: 'broken/Procfile', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 27 },
      });
    });
  });

  describe('cancellation', () => {
    it('exits 2 with "cancelled" when aborted before it starts', async () => {
      const controller = new AbortController();
      controller.abort();
      const r = await run(['check', '.'], tmp, controller.signal);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /cancelled/);
    });

    it('exits 2 with "cancelled" when aborted while it runs (Ctrl-C)', async () => {
      for (let i = 0; i < 40; i++) {
        fs.mkdirSync(path.join(tmp, 'many', `app${i}`), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'many', `app${i}`, 'Procfile'), BAD_PROCFILE);
      }
      const controller = new AbortController();
      const pending = run(['check', 'many'], tmp, controller.signal);
      // Abort once the CLI has started its asynchronous work, as SIGINT would.
      setImmediate(() => controller.abort());
      const r = await pending;
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^de-migrate: cancelled$/m);
    });
  });
});

describe('cli/main masks credentials in URLs in everything it prints', () => {
  it('check, convert --dry-run and error messages show a password from a project file or a flag as ***', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'de-migrate-cli-mask-'));
    try {
      fs.mkdirSync(path.join(tmp, 'app'));
      fs.writeFileSync(path.join(tmp, 'app', 'Procfile'), 'web: gunicorn app:server\n');
      fs.writeFileSync(
        path.join(tmp, 'app', 'requirements.txt'),
        'dash==2.16.1\n--extra-index-url https://alice:S3CRET-pw@de4.example.com/Docs/packages\n',
      );
      const check = await run(['check', 'app', '--format', 'json'], tmp);
      const diff = await run(['convert', 'app', '--dry-run', '--unsafe'], tmp);
      const push = await run(
        [
          'push',
          'app',
          '--de5',
          'de5.example.com',
          '--remote-url',
          'https://git:S3CRET-pw@de5.example.com/app.git',
          '--force-errors',
          '--verbose',
        ],
        tmp,
      );
      assert.equal(push.code, 2);
      for (const r of [check, diff, push]) {
        assert.ok(!(r.stdout + r.stderr).includes('S3CRET-pw'), r.stdout + r.stderr);
      }
      assert.match(check.stdout, /https:\/\/alice:\*\*\*@de4\.example\.com/);
      assert.match(diff.stdout, /^---extra-index-url https:\/\/alice:\*\*\*@de4\.example\.com/m);
      assert.match(push.stderr, /https:\/\/git:\*\*\*@de5\.example\.com\/app\.git is not an SSH git URL/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
