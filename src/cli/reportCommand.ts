import * as path from 'node:path';
import { normaliseEngineSettings } from '../core/engine/config';
import type { FileSystem, FileWriter, Logger } from '../core/ports';
import { buildReport } from '../core/report/buildReport';
import { collectApps } from '../core/report/collectApps';
import { exportReport } from '../core/report/exportReport';
import { readStateForReport } from '../core/report/readState';
import type { MigrationStateFile } from '../shared/migrationState';
import { UsageError } from './args';
import { displayPath } from './formatters';
import type { ReportArgs } from './reportArgs';

/** What `de-migrate report` touches the world with (a subset of the convert ports). */
export interface ReportPorts {
  readonly fs: FileSystem;
  readonly writer: FileWriter;
  readonly log: Logger;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
}

/** The state file's default place, relative to the current folder. */
export const DEFAULT_STATE_FILE = '.de-migrate/state.json';

async function readState(
  args: ReportArgs,
  cwd: string,
  ports: ReportPorts,
): Promise<{ state: MigrationStateFile; base: string } | undefined> {
  const file = path.resolve(cwd, args.state ?? DEFAULT_STATE_FILE);
  const st = await ports.fs.stat(file);
  if (!st || st.type !== 'file') {
    if (args.state !== undefined) {
      throw new UsageError(`--state ${args.state} is not a file.`);
    }
    return undefined;
  }
  const state = readStateForReport(new TextDecoder().decode(await ports.fs.readFile(file)), displayPath(cwd, file));
  // The file lives in <workdir>/.de-migrate/; app folders in it are relative to <workdir>.
  const dir = path.dirname(file);
  return { state, base: path.basename(dir) === '.de-migrate' ? path.dirname(dir) : dir };
}

/**
 * `de-migrate report [paths…]`: checks the apps below the folders, plans their conversions without
 * writing, adds their DE4 metadata and the migration state, and prints or writes the report.
 * Exit 1 when an app has error findings or a failed step, else 0.
 */
export async function runReport(args: ReportArgs, cwd: string, stdout: (t: string) => void, ports: ReportPorts): Promise<number> {
  const roots: string[] = [];
  for (const p of args.paths) {
    const abs = path.resolve(cwd, p);
    const st = await ports.fs.stat(abs);
    if (!st || st.type !== 'directory') {
      throw new UsageError(`${p} is not a folder.`);
    }
    roots.push(abs);
  }
  const stateRead = await readState(args, cwd, ports);
  const collected = await collectApps(ports.fs, roots, {
    config: normaliseEngineSettings({}),
    exclude: args.exclude,
    log: ports.log,
    ...(ports.signal ? { signal: ports.signal } : {}),
    onApp: (root, done, total) => ports.log.info(`[report] ${done}/${total} ${displayPath(cwd, root)}`),
  });
  const report = buildReport({
    generatedAt: (ports.now ?? (() => new Date()))(),
    base: cwd,
    ...collected,
    ...(stateRead ? { state: stateRead.state, stateBase: stateRead.base } : {}),
  });
  const text = exportReport(report, args.format);
  if (args.out === undefined) {
    stdout(text);
  } else {
    const file = path.resolve(cwd, args.out);
    await ports.writer.mkdir(path.dirname(file));
    await ports.writer.writeFileAtomic(file, new TextEncoder().encode(text));
    stdout(`report: ${displayPath(cwd, file)} (${report.counts.apps} app${report.counts.apps === 1 ? '' : 's'})\n`);
  }
  return report.counts.errors > 0 || report.counts.failed > 0 ? 1 : 0;
}
