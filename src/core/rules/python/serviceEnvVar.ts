import type { RuleFinding } from '../../model/types';
import type { PyStringToken, PyToken } from '../../parsers/python';
import type { Rule } from '../rule';
import { pythonSources } from './pythonSources';

const SERVICES: Readonly<Record<string, { readonly type: 'redis' | 'postgres'; readonly label: string }>> = {
  REDIS_URL: { type: 'redis', label: 'Redis' },
  DATABASE_URL: { type: 'postgres', label: 'Postgres' },
};

/**
 * Whether the string at `i` is the key of an environment lookup: `environ["X"]`, `environ.get("X")`,
 * `getenv("X")`, `environ.setdefault/pop("X")`, or `"X" in environ`.
 */
function isEnvLookup(tokens: readonly PyToken[], i: number): boolean {
  const p1 = tokens[i - 1]?.text;
  const p2 = tokens[i - 2]?.text;
  if (p1 === '[' && p2 === 'environ') {
    return true;
  }
  if (p1 === '(') {
    if (p2 === 'getenv') {
      return true;
    }
    if ((p2 === 'get' || p2 === 'setdefault' || p2 === 'pop') && tokens[i - 3]?.text === '.' && tokens[i - 4]?.text === 'environ') {
      return true;
    }
  }
  if (tokens[i + 1]?.text === 'in') {
    let j = i + 2;
    while (tokens[j]?.kind === 'name' && tokens[j + 1]?.text === '.') {
      j += 2;
    }
    return tokens[j]?.text === 'environ';
  }
  return false;
}

export const serviceEnvVarRule: Rule = {
  id: 'service-env-var',
  defaultSeverity: 'info',
  title: 'Code reads REDIS_URL or DATABASE_URL: DE5 services and their data are per app',
  check(app) {
    const out: RuleFinding[] = [];
    for (const src of pythonSources(app)) {
      const tokens = src.module.tokens;
      tokens.forEach((t, i) => {
        if (t.kind !== 'string') {
          return;
        }
        const s = t as PyStringToken;
        const service = Object.hasOwn(SERVICES, s.body) ? SERVICES[s.body] : undefined;
        if (!service || !s.isClosed || !['', 'r', 'u'].includes(s.prefix) || !isEnvLookup(tokens, i)) {
          return;
        }
        out.push({
          file: src.file.path,
          range: src.module.index.rangeOf(t.start, t.end),
          message:
            `This code reads \`${s.body}\`. On DE5 services belong to one app and their data is not migrated: create the ${service.label} service ` +
            `for this app (\`de services create --app-name <app> --type ${service.type}\`) and move the data yourself ` +
            `(from DE4: \`ssh dokku@<de4-host> -p 3022 ${service.type}:export <service> > ${service.type}.dump\`).`,
        });
      });
    }
    return out;
  },
};
