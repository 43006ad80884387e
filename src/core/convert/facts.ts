import { LineIndex } from '../model/text';
import type { Finding, ProjectSnapshot } from '../model/types';
import { parseAppJson } from '../parsers/appJson';
import { parseAptfile, parseAptPackages, parseAptRepositories } from '../parsers/aptFiles';
import { parseBuildpacks } from '../parsers/buildpacks';
import { parseChecksFile } from '../parsers/checksFile';
import { parseCondaRequirements } from '../parsers/condaRequirements';
import { parseCondaRuntime } from '../parsers/condaRuntime';
import { parseDokkuScale } from '../parsers/dokkuScale';
import { parseEnvironmentYml } from '../parsers/environmentYml';
import { parseProcfile } from '../parsers/procfile';
import { isRequirementsFile, parseRequirements } from '../parsers/requirements';
import { parseRuntimeTxt } from '../parsers/runtimeTxt';

export type FactKind =
  | 'requirement'
  | 'conda-spec'
  | 'apt-package'
  | 'apt-source'
  | 'deploy-command'
  | 'python-version'
  | 'conda-runtime'
  | 'process'
  | 'scale'
  | 'check'
  | 'check-setting'
  | 'healthcheck'
  | 'formation'
  | 'cron'
  | 'app-json-key'
  | 'env-var'
  | 'buildpack';

/** One thing a DE4 file says that the converted app must still say (or a finding must name). */
export interface Fact {
  readonly kind: FactKind;
  /** The name, command or version to look for. */
  readonly value: string;
  readonly file: string;
  /** Zero-based line in `file`. */
  readonly line: number;
  /**
   * `name`: matched as a normalised package name; `text`: matched as written (URLs, paths, commands);
   * `setting`: a `key=count` pair (`web=2`, `WAIT=5`), spaces around `=` and leading zeros aside.
   */
  readonly match: 'name' | 'version' | 'text' | 'setting';
}

/**
 * The facts of an app's DE4 files: every requirement (by name, or URL when it has none), conda spec,
 * apt package and source, deploy-script command, Python version and conda runtime, Procfile process,
 * DOKKU_SCALE count, CHECKS check and setting, app.json health check, formation entry, cron job,
 * top-level key and env var name, and buildpack. Files that do not parse give what parses.
 */
export function collectFacts(snapshot: ProjectSnapshot): Fact[] {
  const facts: Fact[] = [];
  const text = (file: string): string | undefined => {
    const f = snapshot.files.get(file);
    return f && !f.skipped ? f.text : undefined;
  };
  for (const [file, f] of snapshot.files) {
    if (f.skipped || !isRequirementsFile(file)) {
      continue;
    }
    for (const r of parseRequirements(f.text).value.requirements) {
      // A URL or archive path is kept as written; its file name is no package name to look for.
      if (r.kind === 'name' && r.rawName) {
        facts.push({ kind: 'requirement', value: r.rawName, file, line: r.firstLine, match: 'name' });
      } else if (r.url) {
        facts.push({ kind: 'requirement', value: r.url, file, line: r.firstLine, match: 'text' });
      }
    }
  }
  const conda = text('conda-requirements.txt');
  if (conda !== undefined) {
    for (const r of parseCondaRequirements(conda).value.requirements) {
      facts.push({ kind: 'conda-spec', value: r.spec.name, file: 'conda-requirements.txt', line: r.line, match: 'name' });
    }
  }
  const env = text('environment.yml');
  if (env !== undefined) {
    const parsed = parseEnvironmentYml(env).value;
    for (const d of parsed.dependencies) {
      if (d.spec && d.spec.name !== 'python') {
        facts.push({ kind: 'conda-spec', value: d.spec.name, file: 'environment.yml', line: d.range.start.line, match: 'name' });
      }
    }
  }
  for (const file of ['apt', 'apt-packages']) {
    const t = text(file);
    if (t !== undefined) {
      for (const p of parseAptPackages(t).value.packages) {
        facts.push({ kind: 'apt-package', value: p.name, file, line: p.line, match: 'name' });
      }
    }
  }
  const appJson = text('app.json');
  if (appJson !== undefined) {
    const parsed = parseAppJson(appJson).value;
    for (const s of [...parsed.dokkuScripts, ...parsed.otherScripts]) {
      facts.push(...commandFacts(s.command, s.range.start.line));
    }
  }
  const runtime = text('runtime.txt');
  const python = runtime === undefined ? undefined : parseRuntimeTxt(runtime).value.python;
  if (python) {
    facts.push({ kind: 'python-version', value: python.minorVersion, file: 'runtime.txt', line: python.line, match: 'version' });
  }
  facts.push(...processFacts(text), ...appJsonFacts(text('app.json')), ...otherDe4Facts(text));
  return facts;
}

type TextOf = (file: string) => string | undefined;

/** Procfile processes (each line as written), DOKKU_SCALE counts and CHECKS settings and checks. */
function processFacts(text: TextOf): Fact[] {
  const facts: Fact[] = [];
  const procfile = text('Procfile');
  if (procfile !== undefined) {
    const index = new LineIndex(procfile);
    for (const e of parseProcfile(procfile).value.entries) {
      facts.push({ kind: 'process', value: index.lineText(e.line).trim(), file: 'Procfile', line: e.line, match: 'text' });
    }
  }
  const scale = text('DOKKU_SCALE');
  if (scale !== undefined) {
    for (const e of parseDokkuScale(scale).value.entries) {
      facts.push({ kind: 'scale', value: `${e.process}=${e.count}`, file: 'DOKKU_SCALE', line: e.line, match: 'setting' });
    }
  }
  const checks = text('CHECKS');
  if (checks !== undefined) {
    const parsed = parseChecksFile(checks).value;
    for (const s of parsed.settings) {
      facts.push({ kind: 'check-setting', value: `${s.name}=${s.value}`, file: 'CHECKS', line: s.line, match: 'setting' });
    }
    for (const c of parsed.checks) {
      facts.push({ kind: 'check', value: c.path, file: 'CHECKS', line: c.line, match: 'text' });
      if (c.expected !== undefined) {
        facts.push({ kind: 'check', value: c.expected, file: 'CHECKS', line: c.line, match: 'text' });
      }
    }
  }
  return facts;
}

/**
 * app.json health checks (process and probe, and the path probed), formation counts and sizes, cron
 * commands and schedules, top-level keys and `env` names.
 */
function appJsonFacts(appJson: string | undefined): Fact[] {
  if (appJson === undefined) {
    return [];
  }
  const facts: Fact[] = [];
  const parsed = parseAppJson(appJson).value;
  for (const p of parsed.healthchecks?.probes ?? []) {
    const line = p.keyRange.start.line;
    facts.push({ kind: 'healthcheck', value: `${p.process} ${p.probe}`, file: 'app.json', line, match: 'text' });
    if (p.httpPath !== undefined) {
      facts.push({ kind: 'healthcheck', value: p.httpPath, file: 'app.json', line, match: 'text' });
    }
  }
  for (const f of parsed.formation) {
    const line = f.keyRange.start.line;
    if (f.quantity !== undefined) {
      facts.push({ kind: 'formation', value: `${f.process}=${String(f.quantity)}`, file: 'app.json', line, match: 'setting' });
    }
    if (f.size !== undefined) {
      facts.push({ kind: 'formation', value: f.size, file: 'app.json', line, match: 'text' });
    }
  }
  for (const j of parsed.cron) {
    const line = j.range.start.line;
    facts.push({ kind: 'cron', value: j.command, file: 'app.json', line, match: 'text' });
    if (j.schedule !== undefined) {
      facts.push({ kind: 'cron', value: j.schedule, file: 'app.json', line, match: 'text' });
    }
  }
  for (const k of parsed.otherKeys) {
    facts.push({ kind: 'app-json-key', value: k.key, file: 'app.json', line: k.keyRange.start.line, match: 'name' });
  }
  const env = isRecord(parsed.value) ? parsed.value['env'] : undefined;
  if (isRecord(env)) {
    const line = parsed.otherKeys.find((k) => k.key === 'env')?.keyRange.start.line ?? 0;
    for (const name of Object.keys(env)) {
      facts.push({ kind: 'env-var', value: name, file: 'app.json', line, match: 'name' });
    }
  }
  return facts;
}

/** Aptfile entries, apt-repositories, the conda runtime and `.buildpacks` URLs. */
function otherDe4Facts(text: TextOf): Fact[] {
  const facts: Fact[] = [];
  const aptfile = text('Aptfile');
  if (aptfile !== undefined) {
    for (const e of parseAptfile(aptfile).value.entries) {
      facts.push(
        e.kind === 'package'
          ? { kind: 'apt-package', value: e.name, file: 'Aptfile', line: e.line, match: 'name' }
          : { kind: 'apt-source', value: e.kind === 'repo' ? e.repo : e.url, file: 'Aptfile', line: e.line, match: 'text' },
      );
    }
  }
  const repositories = text('apt-repositories');
  if (repositories !== undefined) {
    for (const r of parseAptRepositories(repositories).value.repositories) {
      facts.push({ kind: 'apt-source', value: r.text, file: 'apt-repositories', line: r.line, match: 'text' });
    }
  }
  const condaRuntime = text('conda-runtime.txt');
  const conda = condaRuntime === undefined ? undefined : parseCondaRuntime(condaRuntime).value.runtime;
  if (conda) {
    facts.push({ kind: 'conda-runtime', value: conda.text, file: 'conda-runtime.txt', line: conda.line, match: 'text' });
  }
  const buildpacks = text('.buildpacks');
  if (buildpacks !== undefined) {
    for (const b of parseBuildpacks(buildpacks).value.entries) {
      facts.push({ kind: 'buildpack', value: b.url, file: '.buildpacks', line: b.line, match: 'text' });
    }
  }
  return facts;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const APT_INSTALL = /^(?:sudo\s+)?apt(?:-get)?\s+(?:-\S+\s+)*install\s+(.*)$/;
const APT_UPDATE = /^(?:sudo\s+)?apt(?:-get)?\s+(?:-\S+\s+)*update\b/;

/**
 * A deploy command is kept part by part (`a && b; c`): `apt-get install` parts as their packages (they
 * move to the Aptfile), `apt-get update` not at all (the Aptfile buildpack runs it), others as text.
 */
function commandFacts(command: string, line: number): Fact[] {
  const out: Fact[] = [];
  for (const raw of command.split(/&&|\|\||;/)) {
    const part = raw.trim().replace(/\s+/g, ' ');
    if (part === '' || APT_UPDATE.test(part)) {
      continue;
    }
    const install = APT_INSTALL.exec(part);
    if (install) {
      for (const word of (install[1] ?? '').split(' ')) {
        if (word !== '' && !word.startsWith('-')) {
          out.push({ kind: 'apt-package', value: word, file: 'app.json', line, match: 'name' });
        }
      }
      continue;
    }
    out.push({ kind: 'deploy-command', value: part, file: 'app.json', line, match: 'text' });
  }
  return out;
}

/**
 * Where a fact may still be found: the converted app's non-Python files, the remaining findings'
 * messages and the titles of the applied fixes (the conversion's report shows both).
 */
export function factHaystack(
  converted: ProjectSnapshot,
  remaining: readonly Finding[],
  applied: readonly { readonly title: string }[] = [],
): string[] {
  const texts: string[] = [];
  for (const [file, f] of converted.files) {
    if (!f.skipped && !file.endsWith('.py')) {
      texts.push(f.text);
    }
  }
  texts.push(...remaining.map((f) => f.message), ...applied.map((a) => a.title));
  return texts;
}

/** Facts of the original that appear in none of the haystack texts: what the conversion silently dropped. */
export function droppedFacts(facts: readonly Fact[], haystack: readonly string[]): Fact[] {
  const normalised = haystack.map(normaliseName);
  // Text is compared with spaces collapsed, unescaped (it may be quoted in its new home, a TOML or
  // YAML string) and as written (a fix title names a check's expected text holding `\"` as it is).
  const collapsed = haystack.flatMap((t) => [t.replace(/\\(["\\])/g, '$1'), t].map((v) => v.replace(/\s+/g, ' ')));
  return facts.filter((fact) => {
    switch (fact.match) {
      case 'name': {
        const re = new RegExp(`(?<![a-z0-9-])${escapeRegExp(normaliseName(fact.value))}(?![a-z0-9-])`);
        return !normalised.some((t) => re.test(t));
      }
      case 'version': {
        const re = new RegExp(`(?<![\\d.])${escapeRegExp(fact.value)}(?!\\d)`);
        return !haystack.some((t) => re.test(t));
      }
      case 'setting': {
        const [key = '', count = ''] = fact.value.split('=');
        const re = new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(key)}\\s*=\\s*0*${escapeRegExp(count)}(?!\\d)`);
        return !haystack.some((t) => re.test(t));
      }
      case 'text': {
        const wanted = fact.value.replace(/\s+/g, ' ');
        return !collapsed.some((t) => t.includes(wanted));
      }
    }
    return true;
  });
}

/** PEP 503-style: lowercase, runs of `-`, `_` and `.` become one `-` (so `Flask_Caching` matches `flask-caching`). */
function normaliseName(text: string): string {
  return text.toLowerCase().replace(/[-_.]+/g, '-');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
