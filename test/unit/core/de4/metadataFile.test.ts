import * as assert from 'node:assert/strict';
import { serializeDe4Metadata } from '../../../../src/core/de4/appMetadata';
import { de4MetadataLocator, readDe4MetadataFile } from '../../../../src/core/de4/metadataFile';
import { de4Metadata } from '../../../support/de4AppBuilder';
import { textAt } from '../rules/python/ruleHarness';

const GOOD = serializeDe4Metadata(
  de4Metadata({
    linkedServices: [
      { name: 'sales-dash-redis', serviceType: 'redis' },
      { name: 'sales-db', serviceType: 'POSTGRES' },
    ],
    mounts: [
      { hostDir: '/srv/a', targetDir: '/data' },
      { hostDir: '/srv/b', targetDir: '/models' },
    ],
  }),
);

/** GOOD with one exact piece of text replaced (it must occur once). */
function edited(from: string, to: string): string {
  assert.equal(GOOD.split(from).length, 2, `"${from}" occurs once`);
  return GOOD.replace(from, to);
}

/** The one issue of a bad file: the text its range covers and the message. */
function issueOf(text: string): { at: string; line: number; message: string } {
  const r = readDe4MetadataFile(text);
  assert.equal(r.value.meta, undefined);
  assert.ok(r.value.error);
  assert.equal(r.issues.length, 1, JSON.stringify(r.issues));
  const issue = r.issues[0];
  assert.ok(issue);
  return { at: textAt(text, issue.range), line: issue.range.start.line, message: issue.message };
}

describe('readDe4MetadataFile / de4MetadataLocator', () => {
  it('reads a good file without issues', () => {
    const r = readDe4MetadataFile(GOOD);
    assert.deepEqual(r.issues, []);
    assert.equal(r.value.error, undefined);
    assert.equal(r.value.meta?.linkedServices[1]?.type, 'postgres');
  });

  it('puts a wrong value on the value itself and a missing field on its parent key', () => {
    const wrongType = issueOf(edited('"targetDir": "/models"', '"targetDir": 7'));
    assert.equal(wrongType.at, '7');
    assert.match(wrongType.message, /mounts\[1\]\.targetDir should be a non-empty string\. Save it again/);

    const missingInEntry = issueOf(edited('"name": "sales-db",', ''));
    assert.match(missingInEntry.at, /^\{\s+"type": "postgres"\s+\}$/);
    assert.match(missingInEntry.message, /linkedServices\[1\]\.name/);

    const missingApp = issueOf(edited('"app": "sales-dash",', ''));
    assert.equal(missingApp.at, '"source"');

    const missingTop = issueOf(edited('"savedAt": "2024-05-06T07:08:09.000Z",', ''));
    assert.deepEqual([missingTop.at, missingTop.line], ['{', 0]);

    const newer = issueOf(edited('"schemaVersion": 1', '"schemaVersion": 9'));
    assert.equal(newer.at, '9');
    assert.match(newer.message, /newer version of de-migrate \(schema 9\)\. Update the extension/);
  });

  it('puts a syntax error where the JSON breaks', () => {
    const text = edited('"hasWorkspace": true', '"hasWorkspace": true,,');
    const issue = issueOf(text);
    assert.equal(
      issue.line,
      text.split('\n').findIndex((l) => l.includes(',,')),
    );
    assert.match(issue.message, /is not JSON/);
    assert.deepEqual(issueOf('').line, 0);
    assert.deepEqual(issueOf('{"schemaVersion": 1} // note').message.includes('is not JSON'), true);
  });

  it('locates whole list entries and the hasWorkspace property', () => {
    const locate = de4MetadataLocator(GOOD);
    assert.match(textAt(GOOD, locate({ section: 'linkedServices', index: 1 })), /^\{\s+"name": "sales-db",\s+"type": "postgres"\s+\}$/);
    assert.match(textAt(GOOD, locate({ section: 'mounts', index: 0 })), /^\{\s+"hostDir": "\/srv\/a",\s+"targetDir": "\/data"\s+\}$/);
    assert.equal(textAt(GOOD, locate({ section: 'hasWorkspace' })), '"hasWorkspace": true');
    assert.deepEqual(locate({ section: 'mounts', index: 5 }), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.deepEqual(de4MetadataLocator('not json')({ section: 'hasWorkspace' }).start, { line: 0, character: 0 });
  });
});
