import * as assert from 'node:assert/strict';
import { Emitter } from '../../../../src/core/de4/emitter';

describe('Emitter', () => {
  it('calls every subscribed listener in order until its subscription is disposed', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.event((n) => seen.push(`first ${n}`));
    emitter.event((n) => seen.push(`second ${n}`));
    emitter.fire(1);
    first.dispose();
    first.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['first 1', 'second 1', 'second 2']);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const listener = (n: number): void => {
      seen.push(n);
    };
    const one = emitter.event(listener);
    emitter.event(listener);
    one.dispose();
    emitter.fire(7);
    assert.deepEqual(seen, [7]);
  });

  it('skips a listener unsubscribed during a fire and reports a throwing one without stopping the rest', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((err) => errors.push(err));
    const seen: string[] = [];
    emitter.event(() => {
      throw new Error('broken');
    });
    emitter.event(() => later.dispose());
    const later = emitter.event((s) => seen.push(`later ${s}`));
    emitter.event((s) => seen.push(`last ${s}`));
    emitter.fire('x');
    assert.deepEqual(seen, ['last x']);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /broken/);
  });

  it('is silent after dispose and ignores new subscriptions', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event((n) => seen.push(n));
    emitter.dispose();
    const sub = emitter.event((n) => seen.push(n * 10));
    emitter.fire(1);
    sub.dispose();
    assert.deepEqual(seen, []);
  });
});
