// The host's message gate under arbitrary input: whatever a (compromised or buggy) webview posts,
// the gate never throws, passes on only messages the parser accepts, drops everything else with
// exactly one warning, and that warning never repeats the message's values.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { acceptWebviewMessage, describeDropped, parseWebviewMessage } from '../../../src/shared/protocol';

const RUNS = 10_000;
const SECRET = 'S3CRET-in-a-webview-message';

/** Objects shaped like requests (right keys, wrong or right values) plus anything at all. */
const messages = fc.oneof(
  fc.anything(),
  fc.record(
    {
      type: fc.constantFrom('ready', 'openFile', 'fixApp', 'retryStep', 'export', 'init', 'reply', SECRET),
      id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(SECRET)),
      app: fc.oneof(fc.string(), fc.constant(SECRET), fc.constant('sales-dash')),
      file: fc.oneof(fc.string(), fc.constantFrom('app.py', '../x', '/etc/passwd', `${SECRET}/app.py`)),
      line: fc.oneof(fc.integer(), fc.double()),
      format: fc.constantFrom('html', 'md', 'json', 'pdf', SECRET),
    },
    { requiredKeys: [] },
  ),
);

describe('shared protocol: the host drops and logs malformed webview messages', () => {
  it(`never throws, accepts only what parses, and warns once per dropped message (${RUNS} messages)`, () => {
    let dropped = 0;
    fc.assert(
      fc.property(messages, (m) => {
        const warnings: string[] = [];
        const accepted = acceptWebviewMessage(m, { warn: (w) => warnings.push(w) });
        assert.deepEqual(accepted, parseWebviewMessage(m));
        assert.equal(warnings.length, accepted === undefined ? 1 : 0);
        for (const w of warnings) {
          assert.ok(!w.includes(SECRET), `the warning repeated a value: ${w}`);
          assert.match(w, /dropped a malformed message/);
        }
        dropped += accepted === undefined ? 1 : 0;
      }),
      { numRuns: RUNS, seed: 7 },
    );
    assert.ok(dropped > RUNS / 2, `only ${dropped} of ${RUNS} were malformed: the generator is too tame`);
  });

  it('describes a dropped message by its shape only', () => {
    assert.equal(describeDropped(null), 'null');
    assert.equal(describeDropped([1]), 'an array');
    assert.equal(describeDropped('x'), 'a string');
    assert.equal(describeDropped({ type: 'openFile', file: SECRET }), 'type openFile, fields type, file');
    assert.equal(describeDropped({ type: SECRET, [SECRET]: 1 }), 'type ?, fields type, ?');
  });
});
