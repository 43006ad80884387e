import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents: string[];
}

describe('Getting started walkthrough (package.json contributes.walkthroughs)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: {
      walkthroughs: { steps: Step[] }[];
      commands: { command: string }[];
      configuration: { properties: Record<string, unknown> }[];
    };
  };
  const nls = JSON.parse(fs.readFileSync(path.join(REPO, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const settings = new Set(manifest.contributes.configuration.flatMap((g) => Object.keys(g.properties)));
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);

  it('goes connect DE4 → app → review → convert → connect DE5 → push', () => {
    assert.deepEqual(
      steps.map((s) => s.id),
      ['connectDe4', 'getApp', 'review', 'convert', 'connectDe5', 'push'],
    );
  });

  it('has its strings in package.nls.json and its pages in media/', () => {
    for (const s of steps) {
      for (const key of [s.title, s.description]) {
        const m = /^%(.+)%$/.exec(key);
        assert.ok(m?.[1] && nls[m[1]], `${s.id}: ${key} is not in package.nls.json`);
      }
      assert.ok(s.media.markdown && fs.existsSync(path.join(REPO, s.media.markdown)), `${s.id}: missing ${s.media.markdown}`);
    }
  });

  it('completes each step through commands and settings that exist', () => {
    for (const s of steps) {
      assert.ok(s.completionEvents.length > 0, s.id);
      for (const e of s.completionEvents) {
        const [kind, target] = e.split(':') as [string, string];
        if (kind === 'onCommand') {
          assert.ok(commands.has(target), `${s.id}: ${target} is not a declared command`);
        } else if (kind === 'onSettingChanged') {
          assert.ok(settings.has(target), `${s.id}: ${target} is not a declared setting`);
        }
      }
      for (const m of nls[s.description.slice(1, -1)]?.matchAll(/\(command:([A-Za-z0-9.]+)/g) ?? []) {
        const id = m[1] ?? '';
        assert.ok(commands.has(id) || id.startsWith('workbench.'), `${s.id}: link to unknown command ${id}`);
      }
    }
  });
});
