import { AppContext } from '../model/appContext';
import { comparePositions, LineIndex } from '../model/text';
import type { AppKind, Finding, ProjectSnapshot, SourceFile } from '../model/types';
import { maskUrlCredentials } from '../report/maskCredentials';
import type { Rule } from '../rules/rule';
import type { EngineConfig } from './config';
import { isSuppressed, SUPPRESSION_MARK } from './suppression';

export interface AppReport {
  readonly root: string;
  readonly kind: AppKind;
  readonly findings: readonly Finding[];
}

/** Id of the finding the engine emits when a rule itself fails: a bug of ours, shown rather than thrown. */
export const RULE_FAILED = 'rule-failed';

/**
 * Runs every enabled rule over one app and returns its findings, sorted by file and position.
 * A rule that throws becomes a `rule-failed` finding so one bug never hides the other rules' results.
 */
export function checkApp(snapshot: ProjectSnapshot, rules: readonly Rule[], config: EngineConfig): AppReport {
  const app = new AppContext(snapshot);
  const findings: Finding[] = [];
  const lineCache = new Map<string, readonly string[]>();
  const lines = (f: SourceFile): readonly string[] => {
    let l = lineCache.get(f.path);
    if (!l) {
      // Most files hold no suppression comment at all; those need no line split.
      l = f.text.includes(SUPPRESSION_MARK) ? new LineIndex(f.text).lines() : [];
      lineCache.set(f.path, l);
    }
    return l;
  };
  for (const rule of rules) {
    const setting = config.severities[rule.id];
    if (setting === 'off') {
      continue;
    }
    let produced: readonly ReturnType<Rule['check']>[number][];
    try {
      produced = rule.check(app, config.options);
    } catch (err) {
      findings.push({
        rule: RULE_FAILED,
        severity: 'warning',
        file: firstFile(snapshot),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: `Rule ${rule.id} failed on this app (${err instanceof Error ? err.message : String(err)}). Please report it; other rules ran normally.`,
        fixes: [],
      });
      continue;
    }
    for (const f of produced) {
      const finding: Finding = {
        rule: rule.id,
        severity: setting ?? f.severity ?? rule.defaultSeverity,
        file: f.file,
        range: f.range,
        // Rules quote lines of the user's files; a URL there may carry a password or token.
        message: maskUrlCredentials(f.message),
        fixes: (f.fixes ?? []).map((fix) => (fix.title.includes('://') ? { ...fix, title: maskUrlCredentials(fix.title) } : fix)),
      };
      if (!isSuppressed(finding, snapshot.files.get(finding.file), lines)) {
        findings.push(finding);
      }
    }
  }
  findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      comparePositions(a.range.start, b.range.start) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  return { root: snapshot.root, kind: app.kind, findings };
}

function firstFile(snapshot: ProjectSnapshot): string {
  return snapshot.files.keys().next().value ?? 'Procfile';
}
