import type { AppContext } from '../../model/appContext';
import { LineIndex } from '../../model/text';
import type { Range, RuleFinding } from '../../model/types';
import { parseAptRepositories } from '../../parsers/aptFiles';
import { trimmedRange } from '../../parsers/lineTokens';
import type { Rule } from '../rule';
import { fileHead } from './fileHead';

/** dokku-apt files with no known Aptfile equivalent (reference §3.4), what each did, and whether entries are stanzas. */
const MANUAL_FILES: readonly (readonly [string, string, 'line' | 'stanza'])[] = [
  ['apt-conf', 'apt configuration', 'stanza'],
  ['apt-env', 'environment for apt', 'line'],
  ['apt-keys', 'a repository signing key', 'line'],
  ['apt-preferences', 'apt pinning preferences', 'stanza'],
  ['apt-sources-list', 'a sources.list entry', 'line'],
  ['apt-debconf', 'a debconf answer', 'line'],
];

const DEB_FILE = /^dpkg-packages\/[^/]+\.deb$/;

/**
 * DE4 apt entries the Aptfile cannot express: PPAs, keys, apt configuration, debconf answers and local
 * .deb files. One finding per entry, so each one is handled by a person; the DE5 conversion leaves
 * the files that hold them in place.
 */
export const aptUnsupportedEntryRule: Rule = {
  id: 'apt-unsupported-entry',
  defaultSeverity: 'warning',
  title: 'DE4 apt entry with no Aptfile equivalent',
  check(app) {
    const out: RuleFinding[] = [];
    for (const r of app.parse('apt-repositories', parseAptRepositories)?.value.repositories ?? []) {
      if (r.kind === 'ppa') {
        out.push({
          file: 'apt-repositories',
          range: r.range,
          message: `The Aptfile has no form for PPAs, so \`${r.text}\` must be migrated by hand: add the PPA's \`deb\` line as a \`:repo:\` line in the Aptfile (its signing key cannot be declared) or install the packages another way.`,
        });
      }
    }
    for (const [name, what, unit] of MANUAL_FILES) {
      if (!app.has(name)) {
        continue;
      }
      const ranges = entryRanges(app.file(name)?.text, unit);
      for (const range of ranges.length > 0 ? ranges : [fileHead(app.file(name)?.text)]) {
        out.push({
          file: name,
          range,
          message: `This ${name} entry (${what}) has no Aptfile equivalent, so DE5 will not apply it; handle it by hand, e.g. in the app's build steps, then delete ${name}.`,
        });
      }
    }
    for (const deb of debFiles(app)) {
      out.push({
        file: deb,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message:
          'DE5 does not install local .deb files from dpkg-packages/; publish the package at a URL and list that URL in the Aptfile, or install it another way.',
      });
    }
    return out;
  },
};

/** Whether the app holds any apt entry this rule reports: the apt-file conversion is then partial. */
export function hasUnsupportedAptEntries(app: AppContext): boolean {
  return (
    MANUAL_FILES.some(([name]) => app.has(name)) ||
    debFiles(app).length > 0 ||
    (app.parse('apt-repositories', parseAptRepositories)?.value.repositories ?? []).some((r) => r.kind === 'ppa')
  );
}

function debFiles(app: AppContext): string[] {
  return [...app.snapshot.sizes.keys()].filter((p) => DEB_FILE.test(p)).sort();
}

/** Each non-comment line, or each blank-line-separated stanza (from its first to its last line). */
function entryRanges(text: string | undefined, unit: 'line' | 'stanza'): Range[] {
  const index = new LineIndex(text ?? '');
  const out: Range[] = [];
  let stanza: Range | undefined;
  for (let line = 0; line < index.lineCount; line++) {
    const raw = index.lineText(line);
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('//')) {
      if (t === '' && stanza) {
        out.push(stanza);
        stanza = undefined;
      }
      continue;
    }
    const r = trimmedRange(raw, line);
    if (unit === 'line') {
      out.push(r);
    } else {
      stanza = stanza ? { start: stanza.start, end: r.end } : r;
    }
  }
  if (stanza) {
    out.push(stanza);
  }
  return out;
}
