import { schemaChangesMeaning, schemaVersionEdit } from '../../convert/projectTomlWriter';
import type { CheckOptions, Fix, Range, RuleFinding, Severity } from '../../model/types';
import { locateToml, parseProjectToml, valueAt, type ProjectToml, type TomlPath } from '../../parsers/projectToml';
import { nearestSupportedMinor } from '../pythonVersion';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

const FILE = 'project.toml';
const KNOWN_SCHEMAS: readonly string[] = ['0.1', '0.2', '0.3'];
const PROJECT_KEYS: readonly string[] = [
  'schema-version',
  'id',
  'name',
  'version',
  'authors',
  'documentation-url',
  'source-url',
  'licenses',
  'metadata',
];
const IO_BUILDPACKS_KEYS: readonly string[] = ['builder', 'include', 'exclude', 'group', 'pre', 'post', 'build', 'env'];
/** Tables of the deprecated schema 0.1, ignored by a 0.2 reader. */
const SCHEMA_01_TABLES: readonly string[] = ['project', 'build', 'metadata'];

type Table = Readonly<Record<string, unknown>>;

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Collects findings with ranges looked up from the document's written locations. */
class Report {
  readonly out: RuleFinding[] = [];
  constructor(
    private readonly toml: ProjectToml,
    private readonly fallback: Range,
  ) {}

  at(path: TomlPath): Range {
    return locateToml(this.toml.locations, path) ?? this.fallback;
  }

  add(severity: Severity, path: TomlPath, message: string, fixes?: Fix[]): void {
    this.out.push({ file: FILE, range: this.at(path), severity, message, ...(fixes ? { fixes } : {}) });
  }
}

/**
 * project.toml against the Cloud Native Buildpacks project descriptor, schema 0.2 (reference §3.3):
 * errors for what pack rejects or silently ignores, warnings for what looks unintended, and the
 * Python version against what DE5 offers.
 */
export const projectTomlSchemaRule: Rule = {
  id: 'project-toml-schema',
  defaultSeverity: 'error',
  title: 'project.toml does not follow the project descriptor schema',
  check(app, options) {
    const file = app.file(FILE);
    const toml = file ? app.parse(FILE, parseProjectToml)?.value : undefined;
    if (!file || !toml?.data) {
      return [];
    }
    // Findings about something absent go on the first table or key, not on a leading comment.
    const report = new Report(toml, toml.locations[0]?.range ?? fileHead(file.text));
    const data = toml.data;
    const io = valueAt(data, ['io', 'buildpacks']);
    checkSchemaVersion(report, toml, file.text, options);
    checkProjectTable(report, data['_']);
    if (io !== undefined) {
      checkIoBuildpacks(report, io);
    }
    checkBuildEnv(report, toml, options);
    checkOtherTables(report, data, toml.schemaVersion);
    return report.out;
  },
};

function checkSchemaVersion(report: Report, toml: ProjectToml, text: string, options: CheckOptions): void {
  const sv = toml.schemaVersion;
  const want = options.profile.schemaVersion.value;
  const hasIo = valueAt(toml.data, ['io', 'buildpacks']) !== undefined;
  const ignoredIo = 'ignore its `io.buildpacks` tables, build env included';
  if (sv === undefined) {
    const fix: Fix = {
      title: `Add \`[_] schema-version = "${want}"\``,
      // Safe only when no table changes meaning: no io.buildpacks tables to switch on, no 0.1 tables to switch off.
      safety: schemaChangesMeaning(toml) ? 'unsafe' : 'safe',
      edits: [schemaVersionEdit(toml, text, options.profile)],
    };
    report.add(
      hasIo ? 'error' : 'warning',
      ['_'],
      hasIo
        ? `project.toml has no \`[_] schema-version\`, so buildpacks read it as the deprecated schema 0.1 and ${ignoredIo}. Add \`[_]\` with \`schema-version = "${want}"\`.`
        : `project.toml has no \`[_] schema-version\`; add \`[_]\` with \`schema-version = "${want}"\` so buildpacks do not fall back to the deprecated schema 0.1.`,
      [fix],
    );
    return;
  }
  const where: TomlPath = ['_', 'schema-version'];
  if (typeof sv !== 'string') {
    report.add(
      'error',
      where,
      `\`schema-version\` must be a string such as \`"${want}"\`; buildpacks cannot read this project.toml otherwise.`,
    );
  } else if (!KNOWN_SCHEMAS.includes(sv)) {
    report.add('error', where, `Schema version \`${sv}\` is unknown, so buildpacks reject this project.toml; use \`"${want}"\`.`);
  } else if (sv === '0.1') {
    report.add(
      hasIo ? 'error' : 'warning',
      where,
      `Schema 0.1 is deprecated${hasIo ? `, and under it buildpacks ${ignoredIo}` : ''}; use \`"${want}"\`.`,
    );
  }
}

function checkProjectTable(report: Report, project: unknown): void {
  if (project === undefined) {
    return;
  }
  if (!isTable(project)) {
    report.add('error', ['_'], '`_` must be a table (`[_]`) holding `schema-version` and the project metadata.');
    return;
  }
  for (const key of Object.keys(project)) {
    if (!PROJECT_KEYS.includes(key)) {
      report.add(
        'warning',
        ['_', key],
        `\`${key}\` is not a project descriptor field, so buildpacks ignore it; custom data belongs in \`[_.metadata]\`.`,
      );
    }
  }
  const licenses = project['licenses'];
  if (licenses !== undefined) {
    const list = Array.isArray(licenses) ? (licenses as unknown[]) : [];
    if (!Array.isArray(licenses)) {
      report.add('error', ['_', 'licenses'], '`licenses` must be an array of tables (`[[_.licenses]]`) with a `type` or `uri`.');
    }
    list.forEach((l, i) => {
      if (!isTable(l) || (typeof l['type'] !== 'string' && typeof l['uri'] !== 'string')) {
        report.add(
          'error',
          ['_', 'licenses', i],
          'Each `[[_.licenses]]` entry needs a `type` or a `uri`; pack rejects the file otherwise.',
        );
      }
    });
  }
}

function checkIoBuildpacks(report: Report, io: unknown): void {
  const base = ['io', 'buildpacks'];
  if (!isTable(io)) {
    report.add('error', base, '`io.buildpacks` must be a table.');
    return;
  }
  for (const key of Object.keys(io)) {
    if (!IO_BUILDPACKS_KEYS.includes(key)) {
      report.add('warning', [...base, key], `\`io.buildpacks.${key}\` is not a project descriptor key, so buildpacks ignore it.`);
    }
  }
  for (const key of ['include', 'exclude']) {
    const v = io[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) {
      report.add('error', [...base, key], `\`${key}\` must be an array of path patterns (strings).`);
    }
  }
  if (io['include'] !== undefined && io['exclude'] !== undefined) {
    report.add(
      'error',
      [...base, 'exclude'],
      'project.toml may set `include` or `exclude`, never both; the build fails. Keep one of them.',
    );
  }
  checkGroup(report, [...base, 'group'], io['group']);
  for (const phase of ['pre', 'post']) {
    const t = io[phase];
    if (t === undefined) {
      continue;
    }
    if (!isTable(t)) {
      report.add('error', [...base, phase], `\`io.buildpacks.${phase}\` must be a table holding \`[[io.buildpacks.${phase}.group]]\`.`);
      continue;
    }
    for (const key of Object.keys(t).filter((k) => k !== 'group')) {
      report.add(
        'warning',
        [...base, phase, key],
        `\`io.buildpacks.${phase}.${key}\` is not a project descriptor key, so buildpacks ignore it.`,
      );
    }
    checkGroup(report, [...base, phase, 'group'], t['group']);
  }
  const build = io['build'];
  if (isTable(build)) {
    for (const key of Object.keys(build).filter((k) => k !== 'env')) {
      report.add(
        'warning',
        [...base, 'build', key],
        `\`io.buildpacks.build.${key}\` is not a project descriptor key, so buildpacks ignore it.`,
      );
    }
  }
  const env = io['env'];
  if (isTable(env)) {
    for (const key of Object.keys(env).filter((k) => k !== 'build')) {
      report.add(
        'warning',
        [...base, 'env', key],
        `\`io.buildpacks.env.${key}\` is not a project descriptor key; build-time variables go in \`[[io.buildpacks.build.env]]\`.`,
      );
    }
  }
}

function checkGroup(report: Report, path: TomlPath, group: unknown): void {
  if (group === undefined) {
    return;
  }
  if (!Array.isArray(group)) {
    report.add('error', path, `\`${path.join('.')}\` must be an array of tables (\`[[${path.join('.')}]]\`).`);
    return;
  }
  (group as unknown[]).forEach((g, i) => {
    const at = [...path, i];
    if (!isTable(g) || (typeof g['id'] !== 'string' && typeof g['uri'] !== 'string' && !isTable(g['script']))) {
      report.add('error', at, `Each \`[[${path.join('.')}]]\` entry needs an \`id\` or a \`uri\`; pack rejects the file otherwise.`);
    } else if (g['uri'] !== undefined && g['version'] !== undefined) {
      report.add(
        'error',
        at,
        'A buildpack entry cannot have both `uri` and `version`; pack rejects the file. Keep the `uri`, or use `id` with `version`.',
      );
    }
  });
}

function checkBuildEnv(report: Report, toml: ProjectToml, options: CheckOptions): void {
  const hasCurrent = toml.buildEnv.some((e) => e.table === 'io.buildpacks.build.env');
  for (const table of ['io.buildpacks.build.env', 'io.buildpacks.env.build']) {
    const raw = valueAt(toml.data, table.split('.'));
    if (raw !== undefined && !Array.isArray(raw)) {
      report.add('error', table.split('.'), `\`${table}\` must be an array of tables: \`[[${table}]]\` with \`name\` and \`value\`.`);
    }
  }
  const deprecated = toml.buildEnv.find((e) => e.table === 'io.buildpacks.env.build');
  if (deprecated) {
    report.add(
      'warning',
      ['io', 'buildpacks', 'env', 'build', 0],
      hasCurrent
        ? '`[[io.buildpacks.env.build]]` is ignored because `[[io.buildpacks.build.env]]` is also present; move these variables there.'
        : '`[[io.buildpacks.env.build]]` is the deprecated spelling; rename it to `[[io.buildpacks.build.env]]`.',
    );
  }
  for (const e of toml.buildEnv) {
    const at = [...e.table.split('.'), e.index];
    if (typeof e.name !== 'string' || e.name === '') {
      report.add('error', at, 'This build env entry has no `name`; every entry needs a `name` and a `value` (strings).');
      continue;
    }
    if (typeof e.value !== 'string') {
      report.add(
        'error',
        e.value === undefined ? at : [...at, 'value'],
        `Build env \`${e.name}\` needs a string \`value\`, e.g. \`value = "1"\`.`,
      );
      continue;
    }
    if (e.name === options.profile.pythonVersionEnv.value) {
      checkPythonValue(report, [...at, 'value'], e.value, options);
    }
  }
}

function checkPythonValue(report: Report, path: TomlPath, value: string, options: CheckOptions): void {
  const env = options.profile.pythonVersionEnv.value;
  const m = /^\D{0,2}(\d+)\.(\d+)(\.[\d*x]+)?/.exec(value.trim());
  const first = options.de5PythonSupported[0] ?? options.de5PythonDefault;
  const last = options.de5PythonSupported[options.de5PythonSupported.length - 1] ?? options.de5PythonDefault;
  if (!m) {
    report.add(
      'error',
      path,
      `\`${env} = "${value}"\` is not a Python version; write a minor version such as \`"${options.de5PythonDefault}"\`.`,
    );
    return;
  }
  const minor = `${m[1]}.${m[2]}`;
  const nearest = nearestSupportedMinor(minor, options.de5PythonSupported);
  if (nearest !== minor) {
    report.add(
      'warning',
      path,
      `DE5 supports Python ${first} to ${last}, not ${minor}; use \`"${nearest}"\`, the nearest supported version.`,
    );
  } else if (value.trim() !== minor) {
    report.add(
      'warning',
      path,
      `DE5 lets apps choose only a minor version and picks the patch itself; write \`"${minor}"\` instead of \`"${value}"\`.`,
    );
  }
}

function checkOtherTables(report: Report, data: Table, schemaVersion: unknown): void {
  for (const [key, v] of Object.entries(data)) {
    if (key === '_' || key === 'io') {
      continue;
    }
    if (SCHEMA_01_TABLES.includes(key) && schemaVersion !== undefined && schemaVersion !== '0.1') {
      report.add(
        'warning',
        [key],
        `\`[${key}]\` is a schema 0.1 table; under a newer schema-version buildpacks ignore it. Move its settings to \`[_]\` or \`[io.buildpacks]\`.`,
      );
      continue;
    }
    // Extension tables use reverse-domain names (`[com.example.tool]`): a table of tables at the top.
    const reverseDomain = isTable(v) && Object.values(v).length > 0 && Object.values(v).every(isTable);
    if (reverseDomain || (schemaVersion === undefined && SCHEMA_01_TABLES.includes(key))) {
      continue;
    }
    if (key === 'scripts') {
      // Some DE5-era apps carry `[scripts]`; DE5's deploy-script keys are not public, so only note it.
      report.add(
        'info',
        [key],
        '`[scripts]` is not part of the Cloud Native Buildpacks project descriptor; check in your DE5 docs that DE5 reads it, or the scripts will not run.',
      );
      continue;
    }
    report.add(
      'warning',
      [key],
      `\`${key}\` is not part of the project descriptor, so buildpacks ignore it; extension tables use reverse-domain names such as \`[com.example]\`.`,
    );
  }
}
