import * as assert from 'node:assert/strict';
import { range } from '../../../../src/core/model/text';
import { gunicornTarget, parseProcfile, runsGunicorn } from '../../../../src/core/parsers/procfile';

function target(line: string) {
  const entry = parseProcfile(line).value.entries[0];
  assert.ok(entry);
  return gunicornTarget(entry);
}

describe('parseProcfile', () => {
  it('reads process types and commands with exact ranges, CRLF included', () => {
    const r = parseProcfile('# comment\r\nweb: gunicorn app:server --workers 4\r\n\r\nworker:  celery -A tasks worker  \r\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual(
      r.value.entries.map((e) => [e.type, e.command, e.line]),
      [
        ['web', 'gunicorn app:server --workers 4', 1],
        ['worker', 'celery -A tasks worker', 3],
      ],
    );
    assert.deepEqual(r.value.entries[1]?.commandRange, range(3, 9, 3, 31));
    assert.equal(runsGunicorn(r.value), true);
  });

  it('reports malformed, empty and duplicate lines on their line', () => {
    const r = parseProcfile('just text\nweb:\nweb: a\n');
    assert.deepEqual(
      r.issues.map((i) => i.range.start.line),
      [0, 1, 2],
    );
  });

  it('trims a command with a long run of blanks in linear time (issue #7)', () => {
    const started = Date.now();
    const r = parseProcfile(`web: a${' '.repeat(100_000)}b${'\t '.repeat(50_000)}\n`);
    assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.entries[0]?.command, `a${' '.repeat(100_000)}b`);
    assert.deepEqual(r.value.entries[0]?.commandRange, range(0, 5, 0, 100_007));
  });
});

describe('gunicornTarget', () => {
  it('finds module:variable after options, with its range', () => {
    const t = target('web: gunicorn --workers 4 -b :8050 src.app:server --timeout 90');
    assert.deepEqual([t?.module, t?.variable, t?.isFactory], ['src.app', 'server', undefined]);
    assert.deepEqual(t?.range, range(0, 35, 0, 49));
  });

  it('reads a quoted factory call without the quotes', () => {
    const t = target(`web: gunicorn "app:create_app()"`);
    assert.deepEqual([t?.module, t?.variable, t?.isFactory], ['app', 'create_app', true]);
    assert.deepEqual(t?.range, range(0, 15, 0, 31));
    assert.equal(target(`web: gunicorn 'app:server'`)?.variable, 'server');
  });

  it('is undefined without gunicorn, without a target, or after a shell separator', () => {
    assert.equal(target('web: python app.py'), undefined);
    assert.equal(target('web: gunicorn --workers 4'), undefined);
    assert.equal(target('web: gunicorn -w 4 && echo app:server'), undefined);
    assert.equal(target(`web: gunicorn "app:server'`), undefined);
  });
});
