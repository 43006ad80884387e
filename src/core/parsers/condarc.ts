import { parsed, type ParseIssue, type ParseResult } from '../model/parseResult';
import { LineIndex } from '../model/text';
import type { Range } from '../model/types';
import { loadYaml, locateItems, topLevelBlock } from './yamlBlocks';

export interface CondaChannel {
  readonly name: string;
  readonly range: Range;
}

export interface Condarc {
  /** The loaded YAML document, for settings beyond channels. */
  readonly value: unknown;
  readonly channels: readonly CondaChannel[];
  /** Top-level settings other than `channels`, e.g. `channel_priority`. */
  readonly otherKeys: readonly string[];
}

/** `.condarc`: conda's YAML config; DE4 read its `channels:` list. */
export function parseCondarc(text: string): ParseResult<Condarc> {
  const index = new LineIndex(text);
  const { value, issues } = loadYaml(text, index, '.condarc');
  const out: ParseIssue[] = [...issues];
  if (value === undefined || value === null) {
    return parsed({ value, channels: [], otherKeys: [] }, out);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.push({ range: index.lineRange(0), message: '.condarc must be a YAML mapping of settings, e.g. `channels:`.' });
    return parsed({ value, channels: [], otherKeys: [] }, out);
  }
  const map = value as Record<string, unknown>;
  const block = topLevelBlock(index, 'channels');
  const fallback = block?.keyRange ?? index.lineRange(0);
  const raw = map['channels'];
  const names: string[] = [];
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw) || raw.some((c) => typeof c !== 'string')) {
      out.push({ range: fallback, message: '`channels` in .condarc must be a list of channel names.' });
    } else {
      names.push(...(raw as string[]));
    }
  }
  const ranges = locateItems(names, block?.items ?? [], fallback);
  const channels = names.map((name, i) => ({ name, range: ranges[i] ?? fallback }));
  return parsed({ value, channels, otherKeys: Object.keys(map).filter((k) => k !== 'channels') }, out);
}
