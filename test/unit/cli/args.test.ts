import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../../src/cli/args';

describe('cli/args parseArgs', () => {
  it('defaults to checking the current folder as text, failing on warnings', () => {
    assert.deepEqual(parseArgs(['check']), {
      command: 'check',
      paths: ['.'],
      format: 'text',
      minSeverity: 'warning',
      exclude: [],
      rules: {},
      verbose: false,
    });
  });

  it('reads every option, in both `--name value` and `--name=value` form', () => {
    assert.deepEqual(
      parseArgs([
        'check',
        'a',
        '--format',
        'json',
        'b',
        '--min-severity=error',
        '--de5-host',
        'de5.example.com',
        '--exclude',
        'legacy/**',
        '--exclude=old/**',
        '--rule',
        'runtime-txt=off',
        '--rule=parse-error=info',
        '--verbose',
      ]),
      {
        command: 'check',
        paths: ['a', 'b'],
        format: 'json',
        minSeverity: 'error',
        de5Host: 'de5.example.com',
        exclude: ['legacy/**', 'old/**'],
        rules: { 'runtime-txt': 'off', 'parse-error': 'info' },
        verbose: true,
      },
    );
  });

  it('accepts sarif and every severity', () => {
    assert.equal((parseArgs(['check', '--format', 'sarif']) as { format: string }).format, 'sarif');
    for (const s of ['error', 'warning', 'info', 'hint']) {
      assert.equal((parseArgs(['check', '--min-severity', s]) as { minSeverity: string }).minSeverity, s);
    }
  });

  it('answers help and version', () => {
    assert.deepEqual(parseArgs([]), { command: 'help' });
    assert.deepEqual(parseArgs(['--help']), { command: 'help' });
    assert.deepEqual(parseArgs(['check', '-h']), { command: 'help' });
    assert.deepEqual(parseArgs(['--version']), { command: 'version' });
  });

  const usageErrors: [string[], RegExp][] = [
    [['lint'], /Unknown command "lint"/],
    [['check', '--fromat', 'json'], /Unknown option "--fromat"/],
    [['check', '-x'], /Unknown option "-x"/],
    [['check', '--format', 'xml'], /--format must be text, json or sarif \(got "xml"\)/],
    [['check', '--format=yaml'], /--format must be/],
    [['check', '--format'], /--format needs a value/],
    [['check', '--format', '--verbose'], /--format needs a value/],
    [['check', '--min-severity', 'fatal'], /--min-severity must be one of error, warning, info, hint/],
    [['check', '--rule', 'runtime-txt'], /--rule takes <rule-id>=/],
    [['check', '--rule', 'runtime-txt=loud'], /--rule takes <rule-id>=/],
    [['check', '--exclude'], /--exclude needs a value/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`rejects ${argv.join(' ')}`, () => {
      assert.throws(
        () => parseArgs(argv),
        (err: unknown) => err instanceof UsageError && message.test(err.message),
      );
    });
  }
});
