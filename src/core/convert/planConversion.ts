import { checkApp } from '../engine/checkApp';
import { combineFixes } from '../engine/combineFixes';
import type { EngineConfig } from '../engine/config';
import { throwIfAborted } from '../errors';
import type { FileEdit, Finding, Fix, FixSafety, ProjectSnapshot } from '../model/types';
import type { Rule } from '../rules/rule';
import { applyToSnapshot } from './applyToSnapshot';
import { editsBetween } from './editsBetween';

export interface PlanOptions {
  /** Take unsafe fixes too (the user ticked them); safe fixes are always taken. */
  readonly includeUnsafe: boolean;
  /** With includeUnsafe, takes only the unsafe fixes this accepts (the editor lets the user tick each one). */
  readonly acceptUnsafe?: (rule: string, title: string) => boolean;
  readonly signal?: AbortSignal;
  /** Rounds of check → fix before giving up; fixes unlock others (a created file gets its own findings). */
  readonly maxRounds?: number;
}

export interface AppliedFix {
  readonly rule: string;
  readonly title: string;
  readonly safety: FixSafety;
  /** 1-based round in which the fix was applied. */
  readonly round: number;
}

export interface ConversionPlan {
  /** The original snapshot the edits refer to. */
  readonly original: ProjectSnapshot;
  /** The app as it will be after the edits. */
  readonly converted: ProjectSnapshot;
  /** Edits against the original: delete, create, and minimal replace edits per changed file. */
  readonly edits: readonly FileEdit[];
  /** Files the conversion creates (not in the original), for restore to remove. */
  readonly created: readonly string[];
  readonly applied: readonly AppliedFix[];
  /** Findings of a fresh check of the converted app: the manual steps that remain. */
  readonly remaining: readonly Finding[];
  /** False when fixes were still offered after the last round (a rule whose fix never settles). */
  readonly converged: boolean;
  readonly rounds: number;
  /** Fixes left out because their edits could not apply (a bug in the rule, reported rather than thrown). */
  readonly rejected: readonly { readonly rule: string; readonly title: string; readonly reason: string }[];
}

const DEFAULT_MAX_ROUNDS = 10;

interface Rejected {
  readonly rule: string;
  readonly title: string;
  readonly reason: string;
  readonly key: string;
}

interface RuleFix {
  readonly rule: string;
  readonly fix: Fix;
}

/**
 * Plans the conversion of one app: checks it, applies every offered safe fix (and unsafe ones when
 * asked) to an in-memory copy, re-checks, and repeats until no fix is offered. Pure and deterministic;
 * applying `edits` to the original gives `converted`, and planning `converted` again gives no edits.
 */
export function planConversion(snapshot: ProjectSnapshot, rules: readonly Rule[], config: EngineConfig, opts: PlanOptions): ConversionPlan {
  const maxRounds = opts.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const applied: AppliedFix[] = [];
  const rejected: Rejected[] = [];
  let current = snapshot;
  let converged = false;
  let rounds = 0;
  let findings = checkApp(current, rules, config).findings;
  while (rounds < maxRounds) {
    throwIfAborted(opts.signal);
    const offered = inPlaceFirst(
      offeredFixes(findings, opts.includeUnsafe)
        .filter((o) => o.fix.safety === 'safe' || !opts.acceptUnsafe || opts.acceptUnsafe(o.rule, o.fix.title))
        .filter((o) => !rejected.some((r) => r.key === fixKey(o))),
    );
    if (offered.length === 0) {
      converged = true;
      break;
    }
    rounds++;
    const { skipped } = combineFixes(offered.map((o) => o.fix));
    const skippedSet = new Set(skipped);
    const taken: RuleFix[] = [];
    const seen = new Set<string>();
    for (const o of offered) {
      const key = JSON.stringify(o.fix.edits);
      if (!skippedSet.has(o.fix) && !seen.has(key)) {
        seen.add(key);
        taken.push(o);
      }
    }
    const next = applyTaken(current, taken, rejected);
    if (sameFiles(current, next)) {
      // Fixes are offered but change nothing: applying them again would not either.
      break;
    }
    for (const t of taken.filter((x) => !rejected.some((r) => r.key === fixKey(x)))) {
      applied.push({ rule: t.rule, title: t.fix.title, safety: t.fix.safety, round: rounds });
    }
    current = next;
    findings = checkApp(current, rules, config).findings;
  }
  const edits = editsBetween(snapshot, current);
  const created = edits.flatMap((e) => (e.kind === 'create' && !snapshot.sizes.has(e.file) && !snapshot.files.has(e.file) ? [e.file] : []));
  return {
    original: snapshot,
    converted: current,
    edits,
    created,
    applied,
    remaining: findings,
    converged,
    rounds,
    rejected: rejected.map(({ rule, title, reason }) => ({ rule, title, reason })),
  };
}

/**
 * In-place text fixes before fixes that create or delete files: a conversion that moves a file's lines
 * elsewhere (requirements.txt into environment.yml) then carries lines already fixed, instead of
 * winning the collision and taking a DE5-incompatible pin along where no rule looks. Stable otherwise.
 */
function inPlaceFirst(offered: readonly RuleFix[]): RuleFix[] {
  const structural = (o: RuleFix): boolean => o.fix.edits.some((e) => e.kind !== 'replace');
  return [...offered.filter((o) => !structural(o)), ...offered.filter(structural)];
}

/** Fixes the plan takes from these findings, in finding order (the engine sorts findings by file and position). */
export function offeredFixes(findings: readonly Finding[], includeUnsafe: boolean): RuleFix[] {
  return findings.flatMap((f) => f.fixes.filter((x) => includeUnsafe || x.safety === 'safe').map((fix) => ({ rule: f.rule, fix })));
}

/**
 * Applies the taken fixes together. When that fails, each fix is tried alone on the same text to find
 * the broken ones; those are rejected (and not offered again) and the rest applied.
 */
function applyTaken(current: ProjectSnapshot, taken: readonly RuleFix[], rejected: Rejected[]): ProjectSnapshot {
  const together = tryApply(current, taken);
  if (!(together instanceof Error)) {
    return together;
  }
  const good: RuleFix[] = [];
  for (const t of taken) {
    const alone = tryApply(current, [t]);
    if (alone instanceof Error) {
      rejected.push({ rule: t.rule, title: t.fix.title, reason: alone.message, key: fixKey(t) });
    } else {
      good.push(t);
    }
  }
  return applyToSnapshot(
    current,
    good.flatMap((t) => t.fix.edits),
  );
}

function tryApply(current: ProjectSnapshot, fixes: readonly RuleFix[]): ProjectSnapshot | Error {
  try {
    return applyToSnapshot(
      current,
      fixes.flatMap((t) => t.fix.edits),
    );
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function fixKey(t: RuleFix): string {
  return `${t.rule}\u0000${t.fix.title}\u0000${JSON.stringify(t.fix.edits)}`;
}

function sameFiles(a: ProjectSnapshot, b: ProjectSnapshot): boolean {
  if (a.files.size !== b.files.size || a.sizes.size !== b.sizes.size) {
    return false;
  }
  for (const [path, f] of a.files) {
    const g = b.files.get(path);
    if (!g || g.text !== f.text || g.skipped !== f.skipped) {
      return false;
    }
  }
  for (const path of a.sizes.keys()) {
    if (!b.sizes.has(path)) {
      return false;
    }
  }
  return true;
}
