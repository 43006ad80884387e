import { eolOf, LineIndex } from '../model/text';
import type { FileEdit } from '../model/types';
import { parseAptfile, parseAptPackages } from '../parsers/aptFiles';
import { lineTokens } from '../parsers/lineTokens';

/** A DE4 apt file's name and text. */
export interface AptSource {
  readonly file: string;
  readonly text: string;
}

export interface AptfileInput {
  /** The existing Aptfile's text, when there is one: its lines are kept as they are. */
  readonly aptfile?: string;
  /** `apt-packages` and `apt`, in that order: package words, several per line. */
  readonly packageFiles: readonly AptSource[];
  /** `apt-repositories`: its `deb …` lines become `:repo:deb …`; `ppa:` lines are left out. */
  readonly repositories?: AptSource;
}

export interface AptfileOutput {
  /** Creates the Aptfile, or appends to the existing one; undefined when nothing is to be added. */
  readonly edit?: FileEdit;
  /** Words that are not apt packages, written to the Aptfile as comments so they are not lost. */
  readonly notConverted: readonly string[];
  /** Lines of apt-repositories that were converted (the others are PPAs, comments or blank). */
  readonly convertedRepositoryLines: readonly number[];
}

const NOT_CONVERTED = 'de-migrate: not an apt package, not converted:';

/**
 * The Aptfile DE5 reads, from DE4's apt files: repositories first as `:repo:` lines, then one
 * package per line, de-duplicated against each other and the existing Aptfile; comments kept.
 */
export function writeAptfile(input: AptfileInput): AptfileOutput {
  const existing = input.aptfile;
  const seen = new Set<string>();
  for (const e of existing === undefined ? [] : parseAptfile(existing).value.entries) {
    seen.add(e.kind === 'package' ? e.name : e.kind === 'repo' ? `:repo:${e.repo}` : e.url);
  }
  const lines: string[] = [];
  const notConverted: string[] = [];
  const convertedRepositoryLines: number[] = [];
  const addOnce = (key: string): void => {
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(key);
    }
  };

  if (input.repositories) {
    const index = new LineIndex(input.repositories.text);
    for (let line = 0; line < index.lineCount; line++) {
      const t = index.lineText(line).trim();
      if (t.startsWith('#')) {
        lines.push(t);
      } else if (/^deb(-src)?\s+\S+\s+\S+/.test(t)) {
        addOnce(`:repo:${t.replace(/\s+/g, ' ')}`);
        convertedRepositoryLines.push(line);
      }
    }
  }
  for (const source of input.packageFiles) {
    const packages = new Set(parseAptPackages(source.text).value.packages.map((p) => `${p.line}:${p.range.start.character}`));
    const index = new LineIndex(source.text);
    for (let line = 0; line < index.lineCount; line++) {
      const raw = index.lineText(line);
      if (/^\s*deb(-src)?\s/.test(raw)) {
        // A repository in a package list never worked on DE4 either; keep it visible, unconverted.
        notConverted.push(raw.trim());
        lines.push(`# ${NOT_CONVERTED} ${raw.trim()}`);
        continue;
      }
      const comment = /(^|\s)(#.*)$/.exec(raw)?.[2];
      if (comment) {
        lines.push(comment.trim());
      }
      for (const t of lineTokens(raw, line)) {
        if (packages.has(`${line}:${t.range.start.character}`)) {
          addOnce(t.text);
        } else {
          notConverted.push(t.text);
          lines.push(`# ${NOT_CONVERTED} ${t.text}`);
        }
      }
    }
  }

  if (lines.every((l) => l.startsWith('#')) && notConverted.length === 0) {
    // Nothing to install: comments alone do not make an Aptfile worth writing.
    return { notConverted, convertedRepositoryLines };
  }
  const eol = eolOf(existing ?? input.packageFiles[0]?.text ?? input.repositories?.text ?? '');
  if (existing === undefined) {
    return { edit: { kind: 'create', file: 'Aptfile', content: lines.join(eol) + eol }, notConverted, convertedRepositoryLines };
  }
  const index = new LineIndex(existing);
  const end = index.positionAt(existing.length);
  const lead = existing === '' || /[\r\n]$/.test(existing) ? '' : eol;
  return {
    edit: { kind: 'replace', file: 'Aptfile', range: { start: end, end }, newText: lead + lines.join(eol) + eol },
    notConverted,
    convertedRepositoryLines,
  };
}
