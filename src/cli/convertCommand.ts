import * as path from 'node:path';
import { backupApp, gitPrefixOf, restoreApp, uncommittedChanges, type Backup, type BackupPorts } from '../core/backup/backupApp';
import { planConversion, type ConversionPlan } from '../core/convert/planConversion';
import { unifiedDiff } from '../core/convert/unifiedDiff';
import { writeConversion, type WrittenFile } from '../core/convert/writeConversion';
import { loadSnapshot } from '../core/discovery/loadSnapshot';
import { normaliseEngineSettings } from '../core/engine/config';
import { CoreError } from '../core/errors';
import type { FileSystem, FileWriter, GitRunner, Logger } from '../core/ports';
import { ALL_RULES } from '../core/rules';
import { UsageError, type ConvertArgs, type RestoreArgs } from './args';
import { displayPath } from './formatters';

/** What convert and restore touch the world with; tests replace the writer or git. */
export interface ConvertPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly git: GitRunner;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

interface AppResult {
  readonly root: string;
  readonly plan: ConversionPlan;
  readonly backup?: Backup;
  readonly written: readonly WrittenFile[];
}

async function appRoot(ports: ConvertPorts, cwd: string, p: string): Promise<string> {
  const abs = path.resolve(cwd, p);
  const st = await ports.fs.stat(abs);
  if (!st || st.type !== 'directory') {
    throw new UsageError(`${p} is not a folder.`);
  }
  return abs;
}

function backupPorts(ports: ConvertPorts): BackupPorts {
  return { ...ports, ...(ports.signal ? { signal: ports.signal } : {}) };
}

/**
 * `de-migrate convert`: plans every app first, refuses dirty git trees (unless --force) before touching
 * any app, then per app makes the backup and writes the files. Exit 1 when errors remain.
 */
export async function runConvert(args: ConvertArgs, cwd: string, out: (t: string) => void, ports: ConvertPorts): Promise<number> {
  const config = normaliseEngineSettings({ de5Host: args.de5Host, rules: args.rules });
  if (args.de5Host !== undefined && config.options.de5Host === undefined) {
    throw new UsageError(`--de5-host "${args.de5Host}" is not a host name.`);
  }
  const roots: string[] = [];
  for (const p of args.paths) {
    roots.push(await appRoot(ports, cwd, p));
  }
  const plans: ConversionPlan[] = [];
  for (const root of roots) {
    const snapshot = await loadSnapshot(ports.fs, root, { log: ports.log, ...(ports.signal ? { signal: ports.signal } : {}) });
    plans.push(
      planConversion(snapshot, ALL_RULES, config, { includeUnsafe: args.unsafe, ...(ports.signal ? { signal: ports.signal } : {}) }),
    );
  }
  if (args.dryRun) {
    const diffs = plans.map((p) => planDiff(p, cwd)).join('');
    if (args.format === 'json') {
      out(
        formatConvertJson(
          plans.map((plan) => ({ root: plan.original.root, plan, written: [] })),
          cwd,
          true,
          diffs,
        ) + '\n',
      );
    } else {
      out(
        diffs +
          formatConvertText(
            plans.map((plan) => ({ root: plan.original.root, plan, written: [] })),
            cwd,
            true,
          ) +
          '\n',
      );
    }
    return exitCode(plans);
  }
  if (!args.force) {
    for (const plan of plans) {
      if (plan.edits.length === 0) {
        continue;
      }
      const root = plan.original.root;
      if ((await gitPrefixOf(root, ports)) !== undefined) {
        const dirty = await uncommittedChanges(root, ports);
        if (dirty.length > 0) {
          throw new CoreError(
            'invalid-input',
            `${displayPath(cwd, root)} has uncommitted changes (${dirty.length} file(s)); nothing was converted.`,
            {
              hint: 'Commit or stash them first, or run again with --force (the backup tag then keeps them too).',
            },
          );
        }
      }
    }
  }
  const results: AppResult[] = [];
  for (const plan of plans) {
    const root = plan.original.root;
    if (plan.edits.length === 0) {
      results.push({ root, plan, written: [] });
      continue;
    }
    const backup = await backupApp(root, plan.created, backupPorts(ports));
    let written: WrittenFile[];
    try {
      written = await writeConversion(plan, ports);
    } catch (err) {
      const where = backup.kind === 'git-tag' ? `tag ${backup.name}` : backup.path;
      throw new CoreError(
        'io-failed',
        `Converting ${displayPath(cwd, root)} failed part-way: ${err instanceof Error ? err.message : String(err)}`,
        {
          hint: `The original is kept in ${where}; run \`de-migrate restore ${displayPath(cwd, root)}\` to bring it back.`,
          cause: err,
        },
      );
    }
    results.push({ root, plan, backup, written });
  }
  out((args.format === 'json' ? formatConvertJson(results, cwd, false) : formatConvertText(results, cwd, false)) + '\n');
  return exitCode(plans);
}

function exitCode(plans: readonly ConversionPlan[]): number {
  return plans.some((p) => p.remaining.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** The unified diff of one app's conversion, file by file, paths relative to the current folder. */
export function planDiff(plan: ConversionPlan, cwd: string): string {
  const files = [...new Set(plan.edits.map((e) => e.file))].sort();
  return files
    .map((f) => {
      const name = displayPath(cwd, path.join(plan.original.root, ...f.split('/')));
      const before = plan.original.files.get(f)?.text ?? (plan.original.sizes.has(f) ? '' : undefined);
      const after = plan.converted.files.get(f)?.text ?? (plan.converted.sizes.has(f) ? '' : undefined);
      return unifiedDiff(name, before, after);
    })
    .join('');
}

function formatConvertText(results: readonly AppResult[], cwd: string, dryRun: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    const { plan } = r;
    lines.push(`${displayPath(cwd, r.root)}${dryRun ? ' (dry run: nothing changed)' : ''}`);
    if (plan.edits.length === 0) {
      lines.push('  nothing to convert');
    }
    if (r.backup) {
      lines.push(`  backup: ${r.backup.kind === 'git-tag' ? `git tag ${r.backup.name}` : r.backup.path}`);
    }
    for (const a of plan.applied) {
      lines.push(`  ${dryRun ? 'would apply' : 'applied'}: ${a.title}${a.safety === 'unsafe' ? ' (unsafe)' : ''}  ${a.rule}`);
    }
    for (const w of r.written) {
      lines.push(`  ${w.action} ${w.file}`);
    }
    for (const x of plan.rejected) {
      lines.push(`  skipped broken fix: ${x.title} (${x.rule}): ${x.reason}`);
    }
    if (!plan.converged) {
      lines.push(`  warning: fixes were still offered after ${plan.rounds} rounds; please report this app`);
    }
    const steps = plan.remaining.filter((f) => f.severity !== 'hint');
    if (steps.length > 0) {
      lines.push('  manual steps left:');
      for (const f of steps) {
        lines.push(`    ${f.file}:${f.range.start.line + 1}  ${f.severity}  ${f.message}  ${f.rule}`);
      }
    }
  }
  return lines.join('\n');
}

function formatConvertJson(results: readonly AppResult[], cwd: string, dryRun: boolean, diff?: string): string {
  return JSON.stringify(
    {
      version: 1,
      dryRun,
      apps: results.map((r) => ({
        root: displayPath(cwd, r.root),
        converged: r.plan.converged,
        backup: r.backup ?? null,
        applied: r.plan.applied.map((a) => ({ rule: a.rule, title: a.title, safety: a.safety })),
        edits: [...new Set(r.plan.edits.map((e) => e.file))].sort(),
        written: r.written,
        rejected: r.plan.rejected,
        remaining: r.plan.remaining.map((f) => ({ rule: f.rule, severity: f.severity, file: f.file, range: f.range, message: f.message })),
      })),
      ...(diff !== undefined ? { diff } : {}),
    },
    null,
    2,
  );
}

/** `de-migrate restore`: `--from` names a backup folder when one exists at that path, else a tag. */
export async function runRestore(args: RestoreArgs, cwd: string, out: (t: string) => void, ports: ConvertPorts): Promise<number> {
  const root = await appRoot(ports, cwd, args.path);
  let from: { tag: string } | { folder: string } | undefined;
  if (args.from !== undefined) {
    const candidates = [path.resolve(cwd, args.from), path.resolve(root, args.from)];
    let folder: string | undefined;
    for (const c of candidates) {
      if ((await ports.fs.stat(c))?.type === 'directory') {
        folder = c;
        break;
      }
    }
    from = folder ? { folder } : { tag: args.from };
  }
  const result = await restoreApp(root, from, backupPorts(ports));
  const source = result.from.kind === 'git-tag' ? `git tag ${result.from.name}` : result.from.path;
  out(`${displayPath(cwd, root)}: restored from ${source}`);
  for (const f of result.deleted) {
    out(`\n  deleted ${f} (created by the conversion)`);
  }
  out('\n');
  return 0;
}
