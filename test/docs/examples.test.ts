/**
 * The examples under docs/examples/ run here, so they cannot rot: each one is
 * imported (which type-checks it through vitest's transform and `npm run
 * typecheck`) and its results asserted.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as integration from '../../docs/examples/integration.js';
import * as lint from '../../docs/examples/lint.js';
import * as rules from '../../docs/examples/rules.js';
import * as webResource from '../../docs/examples/web-resource.js';

const TESTED = ['integration.ts', 'lint.ts', 'rules.ts', 'web-resource.ts'];

describe('docs/examples', () => {
  it('are all run by this file', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'docs', 'examples')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(TESTED);
  });

  describe('integration.ts (the five-line integration)', () => {
    it('pops the sales page for a known contact on the sales line, with Data= the web resource reads back', async () => {
      const pop = await integration.popForCall('+353 86 856 1713', '1234');
      expect(pop.kind).toBe('url');
      if (pop.kind !== 'url') return;
      expect(pop.rule.key).toBe('02');
      expect(pop.url.startsWith('https://contoso.crm4.dynamics.com/WebResources/new_sales_cp.html?Data=')).toBe(true);
      expect(pop.warnings).toEqual([]);
      const call = integration.readCall(new URL(pop.url).search);
      expect(call).toMatchObject({ fullName: 'Νεκταρία Κεφαλονίκα', customerType: 'contact', customerID: 'c1', telephoneNo: '+353 86 856 1713', dnis: '1234', direction: 'inbound' });
    });

    it('pops the unknown-caller page for an unknown number, and the contact form on another line', async () => {
      const unknown = await integration.popForCall('+353 87 000 0000', '1234');
      expect(unknown.kind === 'url' && unknown.rule.key).toBe('01');
      const other = await integration.popForCall('086 856 1713', '5555');
      expect(other.kind).toBe('record');
      expect(other.kind === 'record' && other.url).toBe('https://contoso.crm4.dynamics.com/main.aspx?etn=contact&id=c1&pagetype=entityrecord');
    });
  });

  describe('rules.ts', () => {
    it('orders Keys as text and decides', () => {
      expect(rules.order).toEqual(['02', '1', '10']);
      expect(rules.decide('1234')).toEqual({
        rule: { key: '1', value: 'dnis=1234 && fromParty.Key=contact => /WebResources/new_sales_cp.html' },
        target: { kind: 'url', url: '/WebResources/new_sales_cp.html' },
      });
      expect(rules.decide('5555').target).toEqual({ kind: 'default' });
    });

    it('explains every rule', () => {
      expect(rules.why('5555').rules.map((r) => [r.key, r.status, r.chosen])).toEqual([
        ['02', 'not_matched', false],
        ['1', 'not_matched', false],
        ['10', 'matched', true],
      ]);
    });

    it('describes an error with a caret under its position', () => {
      expect(rules.describeRuleError('lookupCount=0 dnis=1 => /x')).toEqual(['unexpected_token at column 15\n  lookupCount=0 dnis=1 => /x\n                ^^^^']);
      expect(rules.describeRuleError('lookupCount=0 && dnis=1 => /x')).toEqual([]);
    });
  });

  it('lint.ts finds the key-sort trap and the subsumed rule', () => {
    expect(lint.lint().map((f) => [f.code, f.row?.key])).toEqual([
      ['key_sort_trap', '10'],
      ['subsumed_rule', '10'],
    ]);
  });

  it('web-resource.ts round-trips Greek text, + and & in both modes', () => {
    for (const mode of ['legacy', 'strict'] as const) {
      const url = webResource.popUrl(mode);
      expect(url.startsWith('/WebResources/new_campaign.html?Data=')).toBe(true);
      expect(webResource.readBack(url)).toMatchObject(webResource.CALL);
    }
  });
});
