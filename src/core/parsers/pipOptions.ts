/**
 * The pip options a requirements file may hold (pip's `req_file.py` SUPPORTED_OPTIONS and
 * SUPPORTED_OPTIONS_REQ), keyed by their long spelling. `takesValue` follows optparse: such an option
 * reads `--name=value`, `--name value`, `-xvalue` or `-x value`.
 */
export interface PipOptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  /** Applies to the requirement on the same line rather than to the whole file. */
  readonly perRequirement?: boolean;
}

export const PIP_OPTIONS: readonly PipOptionSpec[] = Object.freeze([
  { long: '--index-url', short: '-i', takesValue: true },
  { long: '--extra-index-url', takesValue: true },
  { long: '--no-index', takesValue: false },
  { long: '--find-links', short: '-f', takesValue: true },
  { long: '--trusted-host', takesValue: true },
  { long: '--requirement', short: '-r', takesValue: true },
  { long: '--constraint', short: '-c', takesValue: true },
  { long: '--editable', short: '-e', takesValue: true },
  { long: '--pre', takesValue: false },
  { long: '--prefer-binary', takesValue: false },
  { long: '--only-binary', takesValue: true },
  { long: '--no-binary', takesValue: true },
  { long: '--require-hashes', takesValue: false },
  { long: '--use-feature', takesValue: true },
  { long: '--process-dependency-links', takesValue: false },
  { long: '--hash', takesValue: true, perRequirement: true },
  { long: '--global-option', takesValue: true, perRequirement: true },
  { long: '--install-option', takesValue: true, perRequirement: true },
  { long: '--config-settings', takesValue: true, perRequirement: true },
]);

/**
 * The option a token names: exact long or short spelling, or (as optparse allows) an unambiguous
 * prefix of a long option such as `--extra-index`.
 */
export function lookupPipOption(spelling: string): PipOptionSpec | undefined {
  if (spelling.startsWith('--')) {
    const exact = PIP_OPTIONS.find((o) => o.long === spelling);
    if (exact) {
      return exact;
    }
    const prefixed = PIP_OPTIONS.filter((o) => o.long.startsWith(spelling));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }
  return PIP_OPTIONS.find((o) => o.short === spelling);
}

/** A whitespace-separated token of a logical line, with its offset in that line. */
export interface Token {
  readonly text: string;
  readonly start: number;
}

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    out.push({ text: text.slice(m.index, end), start: m.index });
  }
  return out;
}

/** One option as read from tokens, offsets relative to the logical line. */
export interface RawOption {
  readonly spec: PipOptionSpec;
  readonly spelling: string;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly value?: string;
  readonly valueStart?: number;
  readonly valueEnd?: number;
}

export interface RawOptionsResult {
  readonly options: RawOption[];
  /** Problems with offsets relative to the logical line. */
  readonly problems: { start: number; end: number; message: string }[];
}

/** Reads pip options from tokens the way optparse would; unknown options are problems, not errors. */
export function readOptions(tokens: readonly Token[]): RawOptionsResult {
  const options: RawOption[] = [];
  const problems: RawOptionsResult['problems'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok) {
      break;
    }
    const t = tok.text;
    const end = tok.start + t.length;
    if (!t.startsWith('-') || t === '-' || t === '--') {
      problems.push({ start: tok.start, end, message: `\`${t}\` is not a pip option; requirements go before options on a line.` });
      continue;
    }
    const isLong = t.startsWith('--');
    const eq = isLong ? t.indexOf('=') : -1;
    const spelling = isLong ? (eq < 0 ? t : t.slice(0, eq)) : t.slice(0, 2);
    const spec = lookupPipOption(spelling);
    if (!spec) {
      problems.push({ start: tok.start, end, message: `\`${spelling}\` is not an option pip accepts in a requirements file.` });
      continue;
    }
    const nameEnd = tok.start + spelling.length;
    if (!spec.takesValue) {
      if (eq >= 0 || (!isLong && t.length > 2)) {
        problems.push({ start: tok.start, end, message: `\`${spelling}\` takes no value.` });
      }
      options.push({ spec, spelling, nameStart: tok.start, nameEnd });
      continue;
    }
    // The value is attached (`--x=v`, `-xv`) or is the next token.
    const attached = isLong ? (eq < 0 ? undefined : t.slice(eq + 1)) : t.length > 2 ? t.slice(2) : undefined;
    if (attached !== undefined && attached !== '') {
      const valueStart = end - attached.length;
      options.push({ spec, spelling, nameStart: tok.start, nameEnd, ...unquote(attached, valueStart) });
      continue;
    }
    const next = tokens[i + 1];
    if (attached === undefined && next) {
      i++;
      options.push({ spec, spelling, nameStart: tok.start, nameEnd, ...unquote(next.text, next.start) });
      continue;
    }
    problems.push({ start: tok.start, end, message: `\`${spelling}\` needs a value.` });
  }
  return { options, problems };
}

/** pip reads options through shlex, so a quoted value loses its quotes; the range keeps them. */
function unquote(text: string, start: number): { value: string; valueStart: number; valueEnd: number } {
  const q = text[0];
  const value = (q === '"' || q === "'") && text.length >= 2 && text.endsWith(q) ? text.slice(1, -1) : text;
  return { value, valueStart: start, valueEnd: start + text.length };
}
