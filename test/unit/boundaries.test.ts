import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as ts from 'typescript';

// The module boundaries of STYLE §3, checked on the sources themselves (lint checks them too, but lint
// does not see `require()` or `import()`, and a test fails in every CI step that runs unit tests).

const REPO = path.resolve(__dirname, '..', '..', '..');
const SRC = path.join(REPO, 'src');

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
/** The pure Node modules the core may use. */
const CORE_BUILTINS = new Set(['path', 'url', 'crypto']);

type Folder = 'core' | 'node' | 'cli';

/** Every module specifier of a TypeScript source: imports, `export … from`, `require()` and `import()`. */
export function specifiersOf(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The specifiers of `text` (a file at `file`, absolute) that break the rules of `folder`, with the reason. */
export function violations(folder: Folder, file: string, text: string): string[] {
  const out: string[] = [];
  for (const spec of specifiersOf(text)) {
    const reason = violation(folder, file, spec);
    if (reason) {
      out.push(`${path.relative(REPO, file)}: '${spec}' — ${reason}`);
    }
  }
  return out;
}

function violation(folder: Folder, file: string, spec: string): string | undefined {
  if (spec === 'vscode' || spec.startsWith('vscode/')) {
    return 'only src/extension may import vscode';
  }
  if (spec.startsWith('.')) {
    const target = path.resolve(path.dirname(file), spec);
    const inside = (dir: string) => target === dir || target.startsWith(dir + path.sep);
    switch (folder) {
      case 'core':
        return inside(path.join(SRC, 'core')) || inside(path.join(SRC, 'shared'))
          ? undefined
          : 'src/core may import only src/core and src/shared';
      case 'node':
        return inside(path.join(SRC, 'extension')) || inside(path.join(SRC, 'cli')) ? 'src/node must not import the adapters' : undefined;
      case 'cli':
        return inside(path.join(SRC, 'extension')) ? 'src/cli must not import src/extension' : undefined;
    }
  }
  const bare = spec.replace(/^node:/, '');
  const top = bare.split('/')[0] ?? bare;
  if (folder === 'core' && (spec.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(top)) && !CORE_BUILTINS.has(bare)) {
    return 'src/core does no I/O; only node:path, node:url and node:crypto are allowed';
  }
  return undefined;
}

function tsFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.ts'))
    .map((rel) => path.join(dir, rel))
    .sort();
}

function checkFolder(folder: Folder): { files: number; problems: string[] } {
  const files = tsFilesUnder(path.join(SRC, folder));
  return { files: files.length, problems: files.flatMap((f) => violations(folder, f, fs.readFileSync(f, 'utf8'))) };
}

describe('module boundaries (STYLE §3)', () => {
  it('src/core imports no vscode, no I/O built-ins and nothing outside src/core and src/shared', () => {
    const { files, problems } = checkFolder('core');
    assert.ok(files > 10, `expected to scan the core sources, found ${files} files`);
    assert.deepEqual(problems, []);
  });

  it('src/node imports neither vscode nor the adapters', () => {
    const { files, problems } = checkFolder('node');
    assert.ok(files > 0);
    assert.deepEqual(problems, []);
  });

  it('src/cli imports neither vscode nor src/extension', () => {
    const { files, problems } = checkFolder('cli');
    assert.ok(files > 0);
    assert.deepEqual(problems, []);
  });

  describe('the checker itself', () => {
    const coreFile = path.join(SRC, 'core', 'rules', 'app', 'example.ts');

    it('catches an fs import in the core', () => {
      const found = violations('core', coreFile, "import * as fs from 'fs';\nexport const x = fs;\n");
      assert.equal(found.length, 1);
      assert.match(found[0] ?? '', /'fs'/);
    });

    it('catches every other way of reaching a forbidden module', () => {
      const text = [
        "import { readFile } from 'node:fs/promises';",
        "import type { ExtensionContext } from 'vscode';",
        "export { spawn } from 'child_process';",
        "const net = require('net');",
        "const https = await import('node:https');",
        "import { http } from 'http';",
        "import { worker } from 'node:worker_threads';",
        "import { cfg } from '../../../extension/config';",
        "import { args } from '../../../cli/args';",
        "import { fsPort } from '../../../node/nodeFileSystem';",
      ].join('\n');
      assert.equal(violations('core', coreFile, text).length, 10);
    });

    it('allows the pure modules, core-internal paths, src/shared and npm packages', () => {
      const text = [
        "import * as path from 'node:path';",
        "import { URL } from 'node:url';",
        "import { createHash } from 'node:crypto';",
        "import * as p2 from 'path';",
        "import { AppContext } from '../../model/appContext';",
        "import { Msg } from '../../../shared/protocol';",
        "import picomatch from 'picomatch';",
        "import { parse } from '@iarna/toml';",
        "// import * as fs from 'fs';  (a comment is not an import)",
        'const s = "require(\'fs\')";',
      ].join('\n');
      assert.deepEqual(violations('core', coreFile, text), []);
    });

    it('applies the node and cli rules', () => {
      const nodeFile = path.join(SRC, 'node', 'x.ts');
      const cliFile = path.join(SRC, 'cli', 'x.ts');
      assert.equal(violations('node', nodeFile, "import * as fs from 'node:fs';\nimport { a } from '../core/ports';").length, 0);
      assert.equal(violations('node', nodeFile, "import * as vscode from 'vscode';\nimport { b } from '../cli/main';").length, 2);
      assert.equal(violations('cli', cliFile, "import { c } from '../extension/main';").length, 1);
      assert.equal(violations('cli', cliFile, "import { d } from '../node/nodeFileSystem';").length, 0);
    });
  });
});
