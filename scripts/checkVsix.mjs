#!/usr/bin/env node
// `node scripts/checkVsix.mjs [file.vsix]`: the VSIX holds exactly the allowed files
// (scripts/vsixAllowList.json) and every required one. Default file: dist-vsix/de-migrate.vsix.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import { REPO_ROOT } from './lib/paths.mjs';
import { zipEntries } from './lib/zipEntries.mjs';

export const DEFAULT_VSIX = path.join(REPO_ROOT, 'dist-vsix', 'de-migrate.vsix');

function matcher(glob) {
  // Literal names like "[Content_Types].xml" contain glob syntax; compare those exactly.
  return /[*?]/.test(glob) ? picomatch(glob, { dot: true, nocase: true }) : (name) => name.toLowerCase() === glob.toLowerCase();
}

/** Returns `{ entries, problems }` for the VSIX at `file`. */
export function checkVsix(file) {
  const list = JSON.parse(readFileSync(new URL('./vsixAllowList.json', import.meta.url), 'utf8'));
  const allowed = list.allow.map(matcher);
  const forbidden = Object.entries(list.forbid).map(([glob, why]) => ({ glob, why, test: matcher(glob) }));
  const entries = zipEntries(readFileSync(file));
  const problems = [];
  for (const { name } of entries) {
    const banned = forbidden.find((f) => f.test(name));
    if (banned) {
      problems.push(`${name} must not ship: ${banned.why}`);
    } else if (!allowed.some((test) => test(name))) {
      problems.push(`${name} is not in scripts/vsixAllowList.json (fix .vscodeignore, or allow it there)`);
    }
  }
  for (const required of list.require) {
    if (!entries.some((e) => e.name.toLowerCase() === required.toLowerCase())) {
      problems.push(`${required} is missing`);
    }
  }
  return { entries, problems };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(process.argv[2] ?? DEFAULT_VSIX);
  const { entries, problems } = checkVsix(file);
  for (const e of entries) {
    process.stdout.write(`  ${e.name} (${(e.size / 1024).toFixed(1)} KB)\n`);
  }
  for (const p of problems) {
    process.stdout.write(`error: ${p}\n`);
  }
  const total = entries.reduce((sum, e) => sum + e.size, 0);
  process.stdout.write(
    `vsix: ${entries.length} files, ${(total / 1024).toFixed(0)} KB unpacked, ${problems.length} problem(s): ${path.relative(REPO_ROOT, file)}\n`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
