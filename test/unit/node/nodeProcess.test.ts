import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { CoreError } from '../../../src/core/errors';
import { NodeNetProbe } from '../../../src/node/nodeNetProbe';
import { NodeProcessRunner } from '../../../src/node/nodeProcessRunner';

describe('node/NodeProcessRunner (argv only, bounded)', function () {
  this.timeout(20_000);
  const runner = new NodeProcessRunner();

  it('passes arguments verbatim, with no shell, and returns the exit code and output', async () => {
    const r = await runner.run(
      process.execPath,
      ['-e', 'console.log(process.argv[1]); console.error(process.env.X); process.exit(3)', '$(echo hi); rm -rf /'],
      { env: { X: 'from-env' } },
    );
    assert.deepEqual(r, { code: 3, stdout: '$(echo hi); rm -rf /\n', stderr: 'from-env\n' });
  });

  it('reports a missing program, a timeout and a cancellation as CoreErrors', async () => {
    await assert.rejects(runner.run('de-migrate-no-such-program', []), (e: unknown) => e instanceof CoreError && e.code === 'not-found');
    await assert.rejects(
      runner.run(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { timeoutMs: 200 }),
      (e: unknown) => e instanceof CoreError && e.code === 'timeout',
    );
    const controller = new AbortController();
    const pending = runner.run(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, (e: unknown) => e instanceof CoreError && e.code === 'cancelled');
  });
});

describe('node/NodeNetProbe (TCP reachability)', () => {
  it('tells an open port from a closed one', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const probe = new NodeNetProbe();
    assert.equal(await probe.canConnect('127.0.0.1', port, { timeoutMs: 2000 }), true);
    await new Promise<void>((r) => server.close(() => r()));
    assert.equal(await probe.canConnect('127.0.0.1', port, { timeoutMs: 2000 }), false);
  });
});
