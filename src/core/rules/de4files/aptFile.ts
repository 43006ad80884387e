import { writeAptfile, type AptSource } from '../../convert/aptfileWriter';
import type { AppContext } from '../../model/appContext';
import { LineIndex } from '../../model/text';
import type { FileEdit, Fix, Range, RuleFinding } from '../../model/types';
import { parseAptPackages, parseAptRepositories } from '../../parsers/aptFiles';
import type { Rule } from '../rule';
import { hasUnsupportedAptEntries } from './aptUnsupportedEntry';
import { fileHead } from './fileHead';

const PACKAGE_FILES = ['apt-packages', 'apt'];

/**
 * DE5 installs system packages from one Aptfile. DE4's apt-packages / apt / apt-repositories
 * (dokku-apt) move there; entries the Aptfile cannot express are `apt-unsupported-entry` findings.
 */
export const aptFileRule: Rule = {
  id: 'apt-file',
  defaultSeverity: 'warning',
  title: 'DE4 apt files must become one Aptfile',
  check(app) {
    const out: RuleFinding[] = [];
    const hasAptfile = app.has('Aptfile');
    const into = hasAptfile ? 'into the existing Aptfile' : 'to an Aptfile';
    for (const name of PACKAGE_FILES) {
      if (!app.has(name)) {
        continue;
      }
      const packages = app.parse(name, parseAptPackages)?.value.packages ?? [];
      const first = packages[0];
      const what = packages.length === 0 ? 'its packages' : packages.length === 1 ? 'its package' : `its ${packages.length} packages`;
      out.push({
        file: name,
        range: first?.range ?? fileHead(app.file(name)?.text),
        message: `DE5 installs APT packages only from an Aptfile and ignores ${name}: move ${what} ${into}, one per line. The DE5 conversion will do this.`,
      });
    }
    out.push(...repositoryFindings(app));
    if (out.length === 0) {
      return out;
    }
    const fix = conversionFix(app);
    return fix ? out.map((f) => ({ ...f, fixes: [fix] })) : out;
  },
};

function repositoryFindings(app: AppContext): RuleFinding[] {
  if (!app.has('apt-repositories')) {
    return [];
  }
  const repos = app.parse('apt-repositories', parseAptRepositories)?.value.repositories ?? [];
  if (repos.length === 0) {
    return [
      {
        file: 'apt-repositories',
        range: fileHead(app.file('apt-repositories')?.text),
        message: 'DE5 ignores apt-repositories; declare repositories in the Aptfile as `:repo:deb <url> <distribution> <component>` lines.',
      },
    ];
  }
  // PPAs are `apt-unsupported-entry` findings.
  return repos.flatMap((r): RuleFinding[] =>
    r.kind === 'deb'
      ? [
          {
            file: 'apt-repositories',
            range: r.range,
            message: `DE5 ignores apt-repositories: this repository becomes \`:repo:${r.text}\` in the Aptfile. The DE5 conversion will do this.`,
          },
        ]
      : [],
  );
}

/**
 * Writes the Aptfile and deletes the converted DE4 files; apt-repositories stays (without its
 * converted lines) when it holds PPAs. Safe only when the app has no apt entry the Aptfile cannot
 * express: otherwise the packages may need a PPA, key or setting that DE5 will not apply.
 */
function conversionFix(app: AppContext): Fix | undefined {
  const names = [...PACKAGE_FILES, 'apt-repositories', 'Aptfile'].filter((n) => app.has(n));
  if (names.some((n) => !app.file(n))) {
    return undefined; // An unreadable file cannot be converted or merged without loss.
  }
  const source = (file: string): AptSource | undefined => {
    const f = app.file(file);
    return f ? { file, text: f.text } : undefined;
  };
  const packageFiles = PACKAGE_FILES.map(source).filter((s): s is AptSource => s !== undefined);
  const repositories = source('apt-repositories');
  const existing = app.file('Aptfile')?.text;
  const written = writeAptfile({
    ...(existing === undefined ? {} : { aptfile: existing }),
    packageFiles,
    ...(repositories ? { repositories } : {}),
  });
  const edits: FileEdit[] = written.edit ? [written.edit] : [];
  edits.push(...packageFiles.map((s): FileEdit => ({ kind: 'delete', file: s.file })));
  const repoResult = repositories ? app.parse('apt-repositories', parseAptRepositories) : undefined;
  if (repositories && repoResult) {
    if (repoResult.value.repositories.some((r) => r.kind === 'ppa')) {
      const index = new LineIndex(repositories.text);
      for (const r of deletedLineRanges(index, written.convertedRepositoryLines)) {
        edits.push({ kind: 'replace', file: 'apt-repositories', range: r, newText: '' });
      }
    } else {
      edits.push({ kind: 'delete', file: 'apt-repositories' });
    }
  }
  const lossless = written.notConverted.length === 0 && (repoResult?.issues.length ?? 0) === 0;
  return {
    title: existing === undefined ? 'Convert the DE4 apt files to an Aptfile' : 'Merge the DE4 apt files into the Aptfile',
    safety: lossless && !hasUnsupportedAptEntries(app) ? 'safe' : 'unsafe',
    edits,
  };
}

/** Ranges deleting the given lines with their line breaks; runs of adjacent lines become one range. */
function deletedLineRanges(index: LineIndex, lines: readonly number[]): Range[] {
  const out: Range[] = [];
  const sorted = [...lines].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length;) {
    const first = sorted[i] ?? 0;
    let last = first;
    while (sorted[i + 1] === last + 1) {
      last++;
      i++;
    }
    i++;
    if (last + 1 < index.lineCount) {
      out.push({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
    } else {
      const start = first > 0 ? { line: first - 1, character: index.lineLength(first - 1) } : { line: 0, character: 0 };
      out.push({ start, end: { line: last, character: index.lineLength(last) } });
    }
  }
  return out;
}
