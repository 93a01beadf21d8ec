/** untilAborted: the race of a promise that cannot be cancelled against an AbortSignal, shared by the Dataverse adapter and the in-host lookups. */
import { describe, expect, it } from 'vitest';
import { untilAborted } from '../../src/lookup/abort.js';
import { abortable } from '../../src/hosts/shared/odata.js';

/** Rejections nobody handled while `fn` ran and a few ticks after. */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const on = (e: unknown): void => void seen.push(e);
  process.on('unhandledRejection', on);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('unhandledRejection', on);
  }
  return seen;
}

describe('untilAborted', () => {
  it('settles as the promise does while the signal stays quiet', async () => {
    await expect(untilAborted(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('no')), new AbortController().signal)).rejects.toThrow('no');
  });

  it('rejects with the signal reason, or the given one, at once when it aborts; the abandoned promise never rejects unhandled', async () => {
    const seen = await unhandledDuring(async () => {
      const before = new AbortController();
      before.abort('stop');
      const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 5));
      await expect(untilAborted(late, before.signal)).rejects.toBe('stop');
      const during = new AbortController();
      const later = new Promise((_, reject) => setTimeout(() => reject(new Error('later')), 5));
      const raced = untilAborted(later, during.signal, () => 'mine');
      during.abort('theirs');
      await expect(raced).rejects.toBe('mine');
    });
    expect(seen).toEqual([]);
  });

  it('abortable (the host lookups) rejects with lookup_aborted naming the entity', async () => {
    const c = new AbortController();
    c.abort('user');
    await expect(abortable(new Promise(() => undefined), c.signal, 'contact')).rejects.toMatchObject({ code: 'lookup_aborted', entity: 'contact' });
  });
});
