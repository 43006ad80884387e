import { FILE_PARSERS } from '../../parsers/registry';
import type { RuleFinding, SourceFile } from '../../model/types';
import type { Rule } from '../rule';

/** Problems the parsers found: a file that does not parse gets a finding on the offending line. */
export const parseErrorRule: Rule = {
  id: 'parse-error',
  defaultSeverity: 'error',
  title: 'A DE4/DE5 project file does not parse',
  check(app) {
    const out: RuleFinding[] = [];
    for (const f of app.snapshot.files.values()) {
      for (const p of FILE_PARSERS) {
        if (!p.matches(f.path)) {
          continue;
        }
        const r = app.parse(f.path, p.parse);
        for (const issue of r?.issues ?? []) {
          out.push({ file: f.path, range: issue.range, message: issue.message });
        }
      }
    }
    return out;
  },
};

const SAVE_AS_UTF8 = 'Save it as UTF-8 text if it is a project file.';

/** Why a file was skipped, and what the user can do about it. */
function skipReason(skipped: NonNullable<SourceFile['skipped']>, size: number): string {
  switch (skipped) {
    case 'binary':
      return `it looks binary (it contains NUL bytes, as UTF-16 without a byte-order mark does too). ${SAVE_AS_UTF8}`;
    case 'encoding':
      return `it is neither UTF-8 nor UTF-16 with a byte-order mark. ${SAVE_AS_UTF8}`;
    case 'too-large':
      return (
        `it is ${(size / (1024 * 1024)).toFixed(1)} MB, over the size limit for checked files. ` +
        'If it is a project file, make it smaller; otherwise exclude it (setting `deMigrate.exclude`, or `--exclude`).'
      );
  }
}

/** A project file the checker could not read is said so, instead of silently passing. */
export const unreadableFileRule: Rule = {
  id: 'unreadable-file',
  defaultSeverity: 'info',
  title: 'A project file could not be checked',
  check(app) {
    const out: RuleFinding[] = [];
    for (const f of app.snapshot.files.values()) {
      if (f.skipped) {
        out.push({
          file: f.path,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          message: `${f.path} was not checked because ${skipReason(f.skipped, f.size)}`,
        });
      }
    }
    return out;
  },
};
