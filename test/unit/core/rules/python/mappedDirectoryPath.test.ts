import * as assert from 'node:assert/strict';
import { DE4_METADATA_FILE, serializeDe4Metadata } from '../../../../../src/core/de4/appMetadata';
import { mappedDirectoryPathRule } from '../../../../../src/core/rules/python/mappedDirectoryPath';
import { de4Metadata } from '../../../../support/de4AppBuilder';
import { applyFix, run, textAt } from './ruleHarness';

/** `.de-migrate/de4-app.json` for an app with these DE4 mounts. */
function savedMounts(...targetDirs: string[]): string {
  return serializeDe4Metadata(de4Metadata({ mounts: targetDirs.map((t, i) => ({ hostDir: `/srv/m${i}`, targetDir: t })) }));
}

describe('mapped-directory-path', () => {
  it('reports absolute paths under the common DE4 mount roots, in calls and plain assignments', () => {
    const code = [
      'import os, glob',
      'import pandas as pd',
      'from pathlib import Path',
      'df = pd.read_csv("/data/sales.csv")',
      "with open('/srv/app-data/notes.txt') as f: pass",
      'p = os.path.join("/mnt", "x.csv")',
      'q = Path(r"/media/share/x.parquet")',
      'names = os.listdir("/shared/")',
      'DATA_DIR = "/data"',
      'files = glob.glob(f"/data/{year}/*.csv")',
      '',
    ].join('\n');
    const findings = run(mappedDirectoryPathRule, { 'app.py': code });
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, textAt(code, f.range)]),
      [
        [3, '"/data/sales.csv"'],
        [4, "'/srv/app-data/notes.txt'"],
        [5, '"/mnt"'],
        [6, 'r"/media/share/x.parquet"'],
        [7, '"/shared/"'],
        [8, '"/data"'],
        [9, 'f"/data/{year}/*.csv"'],
      ],
    );
    assert.ok(findings.every((f) => f.fixes?.length === 1 && f.fixes[0]?.safety === 'unsafe' && f.severity === undefined));
    const message = findings[0]?.message ?? '';
    assert.match(message, /`\/data`, a usual DE4 mounted directory/);
    assert.match(message, /no directory mappings/);
    assert.match(message, /de apps update -n <app> --persistent-filesystem/);
    assert.match(message, /App Manager/);
    assert.match(message, /copy the data from DE4/);
    assert.match(message, /os\.path\.join\(os\.path\.dirname\(__file__\), "\.\.", "mount", …\)/);
  });

  it('rewrites the root part to ../mount, keeping quotes, prefixes and the rest of the path', () => {
    const code = [
      'a = pd.read_csv("/data/sales.csv")',
      "b = open('/data/x/y.csv')",
      'c = Path(r"/data")',
      'd = f"/data/{name}.csv"',
      'e = b"""/data/raw.bin"""',
      '',
    ].join('\r\n');
    const files = { 'app.py': code };
    let fixed: Record<string, string> = files;
    for (const f of run(mappedDirectoryPathRule, files)) {
      fixed = applyFix(fixed, f.fixes?.[0]);
    }
    assert.equal(
      fixed['app.py'],
      [
        'a = pd.read_csv("../mount/sales.csv")',
        "b = open('../mount/x/y.csv')",
        'c = Path(r"../mount")',
        'd = f"../mount/{name}.csv"',
        'e = b"""../mount/raw.bin"""',
        '',
      ].join('\r\n'),
    );
    assert.equal(run(mappedDirectoryPathRule, files)[1]?.fixes?.[0]?.title, 'Use `../mount/x/y.csv` on the DE5 persistent filesystem');
  });

  it('ignores comments, docstrings, other roots, relative paths, URL routes and links', () => {
    const code = [
      '# df = pd.read_csv("/data/sales.csv")',
      '"""Reads /data/sales.csv."""',
      'a = open("/app/assets/x.csv")',
      'b = open("/tmp/cache")',
      'c = "/usr/share/fonts/x.ttf"',
      'd = "/opt/microsoft/msodbcsql17/lib64"',
      'e = open("data/sales.csv")',
      'f = "/database/x"',
      'g = "/srvx"',
      '@server.route("/data/<path:name>")',
      'def serve(name): pass',
      'link = dcc.Link("Data", href="/data/overview")',
      'if pathname == "/data": pass',
      'dash.register_page(__name__, path="/data")',
      'server = Flask(__name__, static_url_path="/data")',
      'h = "https://example.com/data/x.csv"',
      'i = t"/data/{x}"',
      'j = "/data/\\',
      'x.csv"',
      '',
    ].join('\n');
    assert.deepEqual(run(mappedDirectoryPathRule, { 'app.py': code }), []);
  });

  it('uses only the mount targets known from the DE4 server when it has them, longest first', () => {
    const code = ['a = open("/data/x.csv")', 'b = open("/models/v1/m.pkl")', 'c = open("/models/x.pkl")', ''].join('\n');
    const files = { 'pages/load.py': code };
    const findings = run(mappedDirectoryPathRule, files, undefined, { mountTargets: ['/models/', '/models/v1'] });
    assert.deepEqual(
      findings.map((f) => textAt(code, f.range)),
      ['"/models/v1/m.pkl"', '"/models/x.pkl"'],
    );
    assert.match(findings[0]?.message ?? '', /the DE4 mounted directory `\/models\/v1` of this app/);
    // The file sits one folder down, so the __file__-based path climbs twice.
    assert.match(findings[0]?.message ?? '', /os\.path\.dirname\(__file__\), "\.\.", "\.\.", "mount"/);
    assert.equal(applyFix(files, findings[0]?.fixes?.[0])['pages/load.py']?.split('\n')[1], 'b = open("../mount/m.pkl")');
    assert.deepEqual(run(mappedDirectoryPathRule, files, undefined, { mountTargets: [] }), []);
  });

  it("uses the app's saved DE4 mounts over the caller's targets and the guessed roots", () => {
    const code = ['a = open("/data/x.csv")', 'b = open("/models/m.pkl")', 'c = open("/reports/r.pdf")', ''].join('\n');
    const files = { 'app.py': code, [DE4_METADATA_FILE]: savedMounts('/reports/') };
    const findings = run(mappedDirectoryPathRule, files, undefined, { mountTargets: ['/models'] });
    assert.deepEqual(
      findings.map((f) => textAt(code, f.range)),
      ['"/reports/r.pdf"'],
    );
    assert.match(findings[0]?.message ?? '', /the DE4 mounted directory `\/reports` of this app/);
    // Without the file the caller's targets still apply.
    assert.deepEqual(
      run(mappedDirectoryPathRule, { 'app.py': code }, undefined, { mountTargets: ['/models'] }).map((f) => textAt(code, f.range)),
      ['"/models/m.pkl"'],
    );
  });

  it('reports nothing for an app whose saved metadata has no mounts, even code already using ../mount', () => {
    const files = { 'app.py': 'a = open("/data/x.csv")\nm = os.path.join(HERE, "..", "mount")\n', [DE4_METADATA_FILE]: savedMounts() };
    assert.deepEqual(run(mappedDirectoryPathRule, files), []);
    assert.deepEqual(run(mappedDirectoryPathRule, files, undefined, { mountTargets: ['/data'] }), []);
  });

  it('falls back to the usual behaviour when the saved metadata does not read', () => {
    const files = { 'app.py': 'a = open("/data/x.csv")\n', [DE4_METADATA_FILE]: '{"schemaVersion": 1}' };
    assert.deepEqual(
      run(mappedDirectoryPathRule, files).map((f) => f.range.start.line),
      [0],
    );
  });

  it('after conversion names the remaining data-copy step once, without a fix, and offers nothing new', () => {
    const files = { 'app.py': 'df = pd.read_csv("/data/sales.csv")\nm = os.path.join(HERE, "..", "mount")\n' };
    const before = run(mappedDirectoryPathRule, files);
    assert.equal(before.length, 1, 'no step finding while paths still need converting');
    const after = run(mappedDirectoryPathRule, applyFix(files, before[0]?.fixes?.[0]));
    assert.deepEqual(
      after.map((f) => [f.range.start.line, f.severity, f.fixes]),
      [[0, 'info', undefined]],
    );
    assert.match(after[0]?.message ?? '', /copy the data from the DE4 mounted directory/);
    assert.match(after[0]?.message ?? '', /--persistent-filesystem/);
    assert.deepEqual(
      run(mappedDirectoryPathRule, { 'app.py': 'x = os.path.join(HERE, "..", "mount", "a.csv")\n' }).map((f) => f.range.start),
      [{ line: 0, character: 29 }],
    );
    assert.deepEqual(run(mappedDirectoryPathRule, { 'app.py': 'x = "mount"\n' }), []);
  });

  it('does not throw on broken code and still reports later lines', () => {
    const code = 'df = pd.read_csv("/data/a.csv\nx = (open("/mnt/b.csv"\n';
    const findings = run(mappedDirectoryPathRule, { 'app.py': code });
    assert.deepEqual(
      findings.map((f) => [f.range.start.line, textAt(code, f.range)]),
      [[1, '"/mnt/b.csv"']],
    );
  });
});
