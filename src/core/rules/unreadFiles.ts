import type { AppContext } from '../model/appContext';
import type { RuleFinding } from '../model/types';
import type { Rule } from './rule';

/** The app holds the file, but the checker has no text of it (skipped as binary, badly encoded or too large, or unreadable). */
function isUnread(app: AppContext, file: string): boolean {
  return app.has(file) && !app.file(file);
}

/**
 * Keeps a rule away from files the checker could not read. `unreadable-file` alone reports a skipped
 * file: what another rule says about it is a guess from an empty text ("lists no packages"). And a fix
 * that deletes such a file, or "creates" it (a no-op on an existing file while the rest of the fix goes
 * ahead), would lose what the file holds, so fixes touching one are dropped.
 */
export function sparingUnreadFiles(rule: Rule): Rule {
  return {
    id: rule.id,
    defaultSeverity: rule.defaultSeverity,
    title: rule.title,
    check(app, options) {
      const found = rule.check(app, options);
      const skipped = new Set([...app.snapshot.files.values()].filter((f) => f.skipped).map((f) => f.path));
      const out: RuleFinding[] = [];
      for (const f of found) {
        if (skipped.has(f.file)) {
          continue;
        }
        const fixes = f.fixes?.filter((x) => !x.edits.some((e) => isUnread(app, e.file)));
        out.push(fixes === undefined || fixes.length === f.fixes?.length ? f : { ...f, fixes });
      }
      return out;
    },
  };
}
