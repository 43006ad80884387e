import { replaceEdit } from '../../model/text';
import type { CheckOptions, Fix, Range, RuleFinding } from '../../model/types';
import type { PipOption } from '../../parsers/requirements';
import { packageIndexUrl } from '../../profile/de5Profile';
import type { Rule } from '../rule';
import { deleteLineRanges, linesOf, requirementSet, type RequirementFileView } from './requirementFiles';

const INDEX_OPTIONS = new Set(['--index-url', '--extra-index-url']);

/** DE4's package index: `<scheme>://<host>/Docs/packages`, scheme and trailing slash optional. */
const DE4_INDEX = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/)?[^\s/]+(?:\/\S*)?\/Docs\/packages\/?$/i;

export function isDe4PackageIndex(url: string): boolean {
  return DE4_INDEX.test(url.trim());
}

export const de4PackageIndexRule: Rule = {
  id: 'de4-package-index',
  defaultSeverity: 'warning',
  title: 'A package index points at DE4 (/Docs/packages)',
  check(app, options): RuleFinding[] {
    const set = requirementSet(app);
    const out: RuleFinding[] = [];
    for (const file of set?.files ?? []) {
      for (const opt of file.parsed.options) {
        if (INDEX_OPTIONS.has(opt.name) && opt.value !== undefined && opt.valueRange && isDe4PackageIndex(opt.value)) {
          out.push({
            file: file.path,
            range: opt.range,
            message: message(opt, options),
            fixes: [fixFor(file, opt, opt.valueRange, options)],
          });
        }
      }
    }
    return out;
  },
};

function message(opt: PipOption, options: CheckOptions): string {
  const de5 = packageIndexUrl(options.profile, options.de5Host);
  const base = `\`${opt.spelling}\` points at the DE4 package index (${opt.value ?? ''}); DE5 serves Dash Enterprise packages at ${de5}.`;
  return options.de5Host ? base : `${base} Set \`deMigrate.de5.host\` to get a fix that rewrites the URL, or remove the line.`;
}

function fixFor(file: RequirementFileView, opt: PipOption, valueRange: Range, options: CheckOptions): Fix {
  if (options.de5Host) {
    const url = packageIndexUrl(options.profile, options.de5Host);
    return { title: `Use the DE5 package index (${url})`, safety: 'safe', edits: [replaceEdit(file.path, valueRange, url)] };
  }
  return { title: 'Remove the DE4 package index line', safety: 'unsafe', edits: [replaceEdit(file.path, removalRange(file, opt), '')] };
}

/** The whole line when the option is alone on it, else just the option and the blanks after it. */
function removalRange(file: RequirementFileView, opt: PipOption): Range {
  const sharesLine =
    file.parsed.options.some((o) => o !== opt && o.firstLine === opt.firstLine) ||
    file.parsed.requirements.some((r) => r.firstLine <= opt.lastLine && r.lastLine >= opt.firstLine);
  if (!sharesLine) {
    const [whole] = deleteLineRanges(file.index, linesOf(opt));
    if (whole) {
      return whole;
    }
  }
  const end = file.index.offsetAt(opt.range.end);
  const blanks = /^[ \t]*/.exec(file.source.text.slice(end))?.[0].length ?? 0;
  return { start: opt.range.start, end: file.index.positionAt(end + blanks) };
}
