import { FILE_PARSERS } from '../../parsers/registry';
import type { RuleFinding } from '../../model/types';
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

const REASONS = {
  binary: 'it looks binary (it contains NUL bytes)',
  encoding: 'it is not valid UTF-8',
  'too-large': 'it is larger than the size limit for checked files',
} as const;

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
          message: `${f.path} was not checked because ${REASONS[f.skipped]}. Save it as UTF-8 text if it is a project file.`,
        });
      }
    }
    return out;
  },
};
