import { describe, expect, it } from 'vitest';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { LookupError } from '../../src/lookup/errors.js';
import { phoneVariants } from '../../src/lookup/phone.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { runAdapterContract } from './adapter.contract.js';

runAdapterContract({ name: 'memory', make: (records) => createMemoryLookup(records) });

const query = (variants: readonly string[], over: Partial<LookupQuery> = {}): LookupQuery => ({
  entity: 'contact',
  phoneFields: ['telephone1'],
  variants,
  displayField: 'fullname',
  limit: 10,
  ...over,
});

describe('createMemoryLookup', () => {
  it('matches stored numbers in any punctuation, with (0), 00 and extensions', async () => {
    const stored = ['+44 (0)20 7946 0958', '020-7946-0958', '(020) 7946 0958 x12', '0044 20 7946 0958', '+44.20.7946.0958 ext. 3', ' 02079460958 '];
    const adapter = createMemoryLookup({ contact: stored.map((telephone1, i) => ({ id: `c${i}`, fullname: `N${i}`, telephone1 })) });
    const found = await adapter.find(query(phoneVariants('+442079460958')));
    expect(found.map((r) => r.id)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    expect(found.map((r) => r.phone)).toEqual(stored);
  });

  it('does not match numbers that only share trailing digits', async () => {
    const adapter = createMemoryLookup({
      contact: [
        { id: 'ie', fullname: 'IE', telephone1: '+353 20 7946 0958' },
        { id: 'us', fullname: 'US', telephone1: '+1 (207) 946-0958' },
        { id: 'short', fullname: 'short', telephone1: '79460958' },
        { id: 'longer', fullname: 'longer', telephone1: '0202079460958' },
        { id: 'gb', fullname: 'GB', telephone1: '02079460958' },
      ],
    });
    const found = await adapter.find(query(phoneVariants('+442079460958')));
    expect(found.map((r) => r.id)).toEqual(['gb']);
  });

  it('reads numeric ids, <entity>id, numeric phone values and Date modifiedon', async () => {
    const adapter = createMemoryLookup({
      contact: [
        { id: 7, fullname: 'Seven', telephone1: 2079460958, modifiedon: new Date('2024-01-02T03:04:05Z') },
        { contactid: 'abc', fullname: 42, telephone1: '02079460958' },
      ],
    });
    const found = await adapter.find(query(phoneVariants('+442079460958')));
    expect(found).toEqual([
      { entity: 'contact', id: 'abc', name: '42', phone: '02079460958', field: 'telephone1' },
      { entity: 'contact', id: '7', name: 'Seven', phone: '2079460958', field: 'telephone1', modifiedOn: '2024-01-02T03:04:05.000Z' },
    ]);
  });

  it('builds each field index once, on first use or up front', async () => {
    const adapter = createMemoryLookup(
      { contact: [{ id: 'c1', fullname: 'A', telephone1: '+442079460958', mobilephone: '+447911123456' }] },
      { index: { contact: ['telephone1'] } },
    );
    expect(adapter.indexCount).toBe(1);
    await adapter.find(query(phoneVariants('+442079460958')));
    await adapter.find(query(phoneVariants('+442079460958')));
    expect(adapter.indexCount).toBe(1);
    await adapter.find(query(phoneVariants('+447911123456'), { phoneFields: ['telephone1', 'mobilephone'] }));
    expect(adapter.indexCount).toBe(2);
    expect(adapter.buildIndex('contact', 'mobilephone')).toBe(1);
    expect(adapter.indexCount).toBe(2);
    // lastDigits below the key length needs its own index.
    const found = await adapter.find(query(phoneVariants('+442079460958'), { lastDigits: 6, e164: '+442079460958' }));
    expect(found.map((r) => r.id)).toEqual(['c1']);
    expect(adapter.indexCount).toBe(3);
  });

  it('keeps many records that share trailing digits apart', async () => {
    const contact = Array.from({ length: 50 }, (_, i) => ({
      id: `c${i}`,
      fullname: `N${String(i).padStart(2, '0')}`,
      telephone1: i % 2 === 0 ? `+${i + 1} 207946 0958` : '+44 20 7946 0958',
    }));
    const adapter = createMemoryLookup({ contact });
    const found = await adapter.find(query(phoneVariants('+442079460958'), { limit: 100 }));
    expect(found.map((r) => r.id)).toEqual(contact.filter((_, i) => i % 2 === 1).map((c) => c.id));
  });

  it('refuses rows without an id with lookup_bad_record', () => {
    expect(() => createMemoryLookup({ contact: [{ id: 'a' }, { fullname: 'no id' }] })).toThrowError(LookupError);
    try {
      createMemoryLookup({ lead: [{ id: '' }] });
    } catch (e) {
      expect(e).toMatchObject({ code: 'lookup_bad_record', entity: 'lead' });
    }
    expect(() => createMemoryLookup({ contact: 'nope' as unknown as [] })).toThrowError(/not an array/);
  });

  it('rejects (not throws) when the signal is already aborted', async () => {
    const adapter = createMemoryLookup({ contact: [] });
    const controller = new AbortController();
    controller.abort();
    await expect(adapter.find(query(['1']), controller.signal)).rejects.toMatchObject({ code: 'lookup_aborted' });
  });

  it('reduces a variants array again when the next query differs only in lastDigits', () => {
    const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '2079460958' }] });
    // A hand-built query whose variants do not include the E.164 number: only lastDigits probes for it.
    const variants = ['020 7946 0000'];
    const base = { entity: 'contact', phoneFields: ['telephone1'], variants, displayField: 'fullname', limit: 10, e164: '+442079460958' };
    expect(adapter.findSync(base)).toEqual([]);
    // Same array, lastDigits 10: the stored national number now matches on its last 10 digits.
    expect(adapter.findSync({ ...base, lastDigits: 10 }).map((r) => r.id)).toEqual(['c1']);
    expect(adapter.findSync(base)).toEqual([]);
  });
});
