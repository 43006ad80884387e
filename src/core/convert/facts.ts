import type { Finding, ProjectSnapshot } from '../model/types';
import { parseAppJson } from '../parsers/appJson';
import { parseAptPackages } from '../parsers/aptFiles';
import { parseCondaRequirements } from '../parsers/condaRequirements';
import { parseEnvironmentYml } from '../parsers/environmentYml';
import { isRequirementsFile, parseRequirements } from '../parsers/requirements';
import { parseRuntimeTxt } from '../parsers/runtimeTxt';

export type FactKind = 'requirement' | 'conda-spec' | 'apt-package' | 'deploy-command' | 'python-version';

/** One thing a DE4 file says that the converted app must still say (or a finding must name). */
export interface Fact {
  readonly kind: FactKind;
  /** The name, command or version to look for. */
  readonly value: string;
  readonly file: string;
  /** Zero-based line in `file`. */
  readonly line: number;
  /** `name`: matched as a normalised package name; `text`: matched as written (URLs, paths, commands). */
  readonly match: 'name' | 'version' | 'text';
}

/**
 * The facts of an app's DE4 files: every requirement (by name, or URL when it has none), conda spec,
 * apt package, deploy-script command and Python version. Files that do not parse give what parses.
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
  return facts;
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

/** Where a fact may still be found: the converted app's non-Python files and the remaining findings' messages. */
export function factHaystack(converted: ProjectSnapshot, remaining: readonly Finding[]): string[] {
  const texts: string[] = [];
  for (const [file, f] of converted.files) {
    if (!f.skipped && !file.endsWith('.py')) {
      texts.push(f.text);
    }
  }
  texts.push(...remaining.map((f) => f.message));
  return texts;
}

/** Facts of the original that appear in none of the haystack texts: what the conversion silently dropped. */
export function droppedFacts(facts: readonly Fact[], haystack: readonly string[]): Fact[] {
  const normalised = haystack.map(normaliseName);
  const collapsed = haystack.map((t) => t.replace(/\\(["\\])/g, '$1').replace(/\s+/g, ' '));
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
      case 'text': {
        // Text may be quoted in its new home (TOML or YAML strings): compare unescaped, spaces collapsed.
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
