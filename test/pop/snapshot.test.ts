/**
 * resolveScreenPop reads the call once: each of the 19 fields by its own
 * property read, in CALL_PARAM_NAMES order, inherited fields included, and a
 * field that is not text is a bad_call naming it.
 */
import { describe, expect, it } from 'vitest';
import type { KvRow } from '../../src/config/row.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { CALL_PARAM_NAMES } from '../../src/params/names.js';
import { PopError, resolveScreenPop, type CallEvent } from '../../src/pop/index.js';

const rows: KvRow[] = [{ scope: 'global', name: 'customURL_Rule', key: '01', value: '* => /WebResources/new_a.html?n={fullName}' }];
const opts = { rows, user: 'agent', adapter: createMemoryLookup({ contact: [] }), crmUrl: 'https://contoso.crm4.dynamics.com', defaultRegion: 'IE' };

describe('resolveScreenPop reads the call once', () => {
  it('reads the 19 fields once each, in CALL_PARAM_NAMES order, from the prototype too', async () => {
    const reads: string[] = [];
    const proto: Record<string, unknown> = {};
    for (const name of CALL_PARAM_NAMES) {
      Object.defineProperty(proto, name, {
        get() {
          reads.push(name);
          return name === 'fullName' ? 'Ann Lee' : name === 'telephoneNo' ? '+353868561713' : undefined;
        },
      });
    }
    const pop = await resolveScreenPop(Object.create(proto) as CallEvent, opts);
    expect(reads).toEqual([...CALL_PARAM_NAMES]);
    expect(pop.params.fullName).toBe('Ann Lee');
    expect(pop.kind === 'url' && pop.url.startsWith('https://contoso.crm4.dynamics.com/WebResources/new_a.html?n=Ann%20Lee&Data=')).toBe(true);
  });

  it('takes numbers and booleans as text and null as absent', async () => {
    const pop = await resolveScreenPop({ dnis: 1234 as unknown as string, agentId: true as unknown as string, subject: null as unknown as string }, opts);
    expect([pop.params.dnis, pop.params.agentId, pop.params.subject]).toEqual(['1234', 'true', '']);
  });

  it('names the field that is not text, for call fields and host fields', async () => {
    for (const name of CALL_PARAM_NAMES) {
      const e = await resolveScreenPop({ [name]: { x: 1 } } as unknown as CallEvent, opts).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(PopError);
      expect((e as PopError).code).toBe('bad_call');
      expect((e as PopError).detail).toBe(`call.${name} must be text, got object`);
    }
    const e = await resolveScreenPop({ extra: { queue: [1] } } as unknown as CallEvent, opts).catch((x: unknown) => x);
    expect((e as PopError).detail).toMatch(/^call\.extra\.queue must be text, got /);
  });
});
