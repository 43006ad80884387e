import * as assert from 'node:assert/strict';
import { serviceEnvVarRule } from '../../../../../src/core/rules/python/serviceEnvVar';
import { run, textAt } from './ruleHarness';

describe('service-env-var', () => {
  it('reports every environment lookup of REDIS_URL and DATABASE_URL on the string literal', () => {
    const code = [
      'import os',
      'r = os.environ["REDIS_URL"]',
      "d = os.environ.get('DATABASE_URL', 'sqlite://')",
      'x = os.getenv(r"REDIS_URL")',
      'from os import environ, getenv',
      'y = environ[u"DATABASE_URL"]',
      'z = getenv("REDIS_URL")',
      'if "DATABASE_URL" in os.environ: pass',
      "os.environ.setdefault('REDIS_URL', 'redis://localhost')",
      '',
    ].join('\r\n');
    const findings = run(serviceEnvVarRule, { 'tasks.py': code });
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, textAt(code, f.range)]),
      [
        [1, '"REDIS_URL"'],
        [2, "'DATABASE_URL'"],
        [3, 'r"REDIS_URL"'],
        [5, 'u"DATABASE_URL"'],
        [6, '"REDIS_URL"'],
        [7, '"DATABASE_URL"'],
        [8, "'REDIS_URL'"],
      ],
    );
    assert.ok(findings.every((f) => f.fixes === undefined && f.file === 'tasks.py'));
    assert.match(findings[0]?.message ?? '', /de services create --app-name <app> --type redis/);
    assert.match(findings[0]?.message ?? '', /redis:export/);
    assert.match(findings[1]?.message ?? '', /--type postgres/);
  });

  it('ignores other names, bare strings, f-strings, bytes, comments and docstrings', () => {
    const code = [
      '# os.environ["REDIS_URL"]',
      '"""os.getenv("DATABASE_URL")"""',
      'name = "REDIS_URL"',
      'a = os.environ["REDIS_URL_2"]',
      'b = os.environ.get(f"REDIS_URL")',
      'c = os.environ[b"DATABASE_URL"]',
      'd = config.get("DATABASE_URL")',
      'e = os.environ[name]',
      '',
    ].join('\n');
    assert.deepEqual(run(serviceEnvVarRule, { 'app.py': code }), []);
  });

  it('does not throw on broken code', () => {
    assert.deepEqual(run(serviceEnvVarRule, { 'app.py': 'os.environ["REDIS_URL\nos.getenv(' }), []);
  });
});
