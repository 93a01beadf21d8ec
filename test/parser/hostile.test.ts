/**
 * Hostile rule text (issue #13 items 1 and 7): nesting that would exhaust the
 * stack, control characters, Values at the length limit; and the properties
 * that no string makes parse/compile/lint throw anything but our own error,
 * and that printing what parsed parses back to the same AST.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_NESTING,
  MAX_RULE_LENGTH,
  RuleSyntaxError,
  parseCondition,
  parseRule,
  printCondition,
  printRule,
  safeParseCondition,
  safeParseRule,
} from '../../src/parser/index.js';
import { compileRules } from '../../src/rules/compile.js';
import { lintConfig } from '../../src/lint/lint.js';
import { resolveScreenPop } from '../../src/pop/resolve.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { ScreenpopError } from '../../src/errors/index.js';

const RUNS = 10_000;

const deepRules = [
  '('.repeat(500) + 'dnis=1=>default',
  '!'.repeat(1400) + 'dnis=1=>default',
  '!('.repeat(300) + 'dnis=1' + ')'.repeat(300) + '=>default',
  'not '.repeat(600) + 'dnis=1=>default',
];

describe('nesting depth (too_deep)', () => {
  for (const value of deepRules) {
    it(`${JSON.stringify(value.slice(0, 12))}… is a too_deep error from every entry`, () => {
      const r = safeParseRule(value);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors.map((e) => e.code)).toEqual(['too_deep']);
        expect(r.errors[0]).toBeInstanceOf(RuleSyntaxError);
        expect(r.errors[0]!.message).toContain('docs/errors.md#too_deep');
      }
      expect(() => parseRule(value)).toThrow(RuleSyntaxError);
      const cond = value.slice(0, value.indexOf('=>'));
      expect(safeParseCondition(cond, { anyField: true }).ok).toBe(false);
      const compiled = compileRules([
        { key: '01', value },
        { key: '02', value: 'dnis=1=>/WebResources/ok.html' },
      ]);
      expect(compiled.errors.map((e) => [e.key, e.code])).toEqual([['01', 'too_deep']]);
      // The bad row is skipped; the others still decide.
      expect(compiled.evaluate({ dnis: '1' }).target).toEqual({ kind: 'url', url: '/WebResources/ok.html' });
      expect(compiled.explain({ dnis: '1' }).rules[0]!.status).toBe('invalid');
      const findings = lintConfig([{ scope: 'global', name: 'customURL_Rule', key: '01', value }]);
      expect(findings.map((f) => f.code)).toContain('invalid_rule');
    });
  }

  it('one such global row does not stop resolveScreenPop: it warns and the other rules decide', async () => {
    const rows = [
      { scope: 'global', name: 'customURL_Rule', key: '01', value: deepRules[0]! },
      { scope: 'global', name: 'customURL_Rule', key: '02', value: 'lookupCount=0=>/WebResources/unknown.html' },
    ];
    const pop = await resolveScreenPop(
      { telephoneNo: '+353 1 234 5678', direction: 'inbound' },
      { rows, user: '', adapter: createMemoryLookup({}), crmUrl: 'https://crm.example.com' },
    );
    expect(pop.kind).toBe('url');
    if (pop.kind === 'url') expect(pop.url).toContain('/WebResources/unknown.html?Data=');
    expect(pop.warnings.some((w) => w.includes('"01"') && w.includes('too_deep'))).toBe(true);
  });

  it('accepts exactly MAX_NESTING levels, in every spelling, and refuses one more', () => {
    const n = MAX_NESTING;
    const shapes: Array<(k: number) => string> = [
      (k) => '('.repeat(k) + 'dnis=1' + ')'.repeat(k),
      (k) => '!'.repeat(k) + 'dnis=1',
      (k) => '!('.repeat(k) + 'dnis=1' + ')'.repeat(k),
      (k) => 'not ('.repeat(k) + 'dnis=1' + ')'.repeat(k),
      (k) => '(dnis=2 || '.repeat(k) + 'dnis=1' + ')'.repeat(k),
    ];
    for (const shape of shapes) {
      const ok = safeParseRule(`${shape(n)}=>default`);
      expect(ok.ok).toBe(true);
      if (ok.ok) expect(parseRule(printRule(ok.rule))).toEqual(ok.rule);
      const deep = safeParseRule(`${shape(n + 1)}=>default`);
      expect(deep.ok ? 'ok' : deep.errors[0]!.code).toBe('too_deep');
    }
    // Negations in sequence do not nest: a connector ends them.
    expect(safeParseRule(`${Array.from({ length: 200 }, () => '!dnis=1').join(' && ')}=>default`).ok).toBe(true);
  });
});

describe('many problems in one Value', () => {
  it.each([
    ['unknown fields', `${'ab=1&'.repeat(800)}a=1=>default`, 'unknown_field'],
    ['bad days', `${'day=xyz&'.repeat(500)}day=mon=>default`, 'bad_day'],
    ['unknown placeholders', `*=>/x.html?${'{zzzz}'.repeat(600)}`, 'unknown_placeholder'],
    ['stray characters', `dnis=1 ${'| '.repeat(1500)}=>default`, 'unexpected_character'],
  ])('%s: at most 20 are reported (the Value is refused either way)', (_name, value, code) => {
    expect(value.length).toBeLessThanOrEqual(MAX_RULE_LENGTH);
    const r = safeParseRule(value);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.length).toBe(20);
      expect(r.errors.every((e) => e.code === code)).toBe(true);
    }
  });
});

describe('printer round trip (examples)', () => {
  const controls = [
    ...Array.from({ length: 9 }, (_, i) => String.fromCharCode(i)),
    ...Array.from({ length: 18 }, (_, i) => String.fromCharCode(0x0e + i)),
    '\u007f',
    '\uffff',
    '\ud800',
  ];
  for (const c of controls) {
    it(`a value holding U+${c.charCodeAt(0).toString(16).padStart(4, '0')} prints to text that parses again`, () => {
      const ast = parseRule(`dnis="${c}x"=>default`);
      expect(parseRule(printRule(ast))).toEqual(ast);
      const bare = safeParseRule(`dnis=${c}x=>default`);
      expect(bare.ok).toBe(true);
    });
  }

  it("keeps a text literal that looks like a number text (statecode='0')", () => {
    const filter = parseCondition("statecode='0'", { anyField: true });
    expect(printCondition(filter)).toBe('statecode="0"');
    expect(parseCondition(printCondition(filter), { anyField: true })).toEqual(filter);
    // A built-in text field stays bare; with anyField, it is quoted too.
    expect(printCondition(parseCondition('dnis=1234'))).toBe('dnis=1234');
    const subject = parseCondition("subject='0'", { anyField: true });
    expect(parseCondition(printCondition(subject, { anyField: true }), { anyField: true })).toEqual(subject);
    const number = parseCondition('statecode=0', { anyField: true });
    expect(printCondition(number, { anyField: true })).toBe('statecode=0');
  });

  /** `unit` repeated as often as fits before `tail` within the limit. */
  const fill = (unit: string, tail = 'dnis=1=>default'): string =>
    unit.repeat(Math.floor((MAX_RULE_LENGTH - tail.length) / unit.length)) + tail;
  const atLimit: Array<[string, string]> = [
    ['& between comparisons', fill('dnis=1&')],
    ['!x without parentheses', fill('!dnis=1;')],
    ['short numbers', fill('lookupCount=1e5&')],
    ['.5', fill('lookupCount!=.5&')],
    ['unpadded times', fill('time>9:30&')],
    ['single quotes', fill(`subject='"a"'&`)],
    ['lists', `dnis=${'1,'.repeat((MAX_RULE_LENGTH - 16) / 2)}2=>default`],
    ['raw line breaks in quotes', fill('subject="a\nb"&')],
    ['bare braces and backslashes', fill('dnis=a{b}\\c&')],
  ];
  for (const [name, value] of atLimit) {
    it(`a Value within the limit prints within the limit (${name})`, () => {
      expect(value.length).toBeLessThanOrEqual(MAX_RULE_LENGTH);
      expect(value.length).toBeGreaterThan(MAX_RULE_LENGTH - 20);
      const ast = parseRule(value);
      const printed = printRule(ast);
      expect(printed.length).toBeLessThanOrEqual(value.length);
      expect(parseRule(printed)).toEqual(ast);
    });
  }

  it('prints the canonical form whenever it fits', () => {
    expect(printRule(parseRule('!dnis=1 & lookupCount=1e3 & time>9:30=>default'))).toBe('!(dnis=1) && lookupCount=1000 && time>09:30 => default');
  });
});

/** Text of a random condition in varied surface syntax (case, spacing, quotes, keywords, number forms). */
function conditionText(): fc.Arbitrary<string> {
  const sp = fc.constantFrom('', '', ' ', '  ', '\t');
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0x3f }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
    fc.constantFrom('and', 'OR', 'not', '0', '1.50', '-0', '=>', '=\\>', 'a"b\'c', '\\', '*', '{x}', '\uffff', '\u0001'),
  );
  const quoted = fc.tuple(fc.constantFrom('"', "'"), anyText).map(([q, s]) => {
    const body = s.replace(/\\/g, '\\\\').replace(q === '"' ? /"/g : /'/g, `\\${q}`).replace(/=>/g, '=\\>');
    return `${q}${body}${q}`;
  });
  const bare = fc.string({ unit: fc.constantFrom(...'abcXYZ019_.-:/*{}~é\u0001\uffff'.split('')), minLength: 1, maxLength: 6 });
  const textValue = fc.oneof(quoted, bare);
  const numberValue = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
    fc.constantFrom('1e5', '.5', '+1', '1.50', '-0', '1E-7', '0.000001', '100000', '12e1'),
  );
  const timeValue = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.boolean()).map(
    ([h, m, pad]) => `${pad && h < 10 ? '0' : ''}${h}:${String(m).padStart(2, '0')}`,
  );
  const dayValue = fc.constantFrom('mon', 'Sunday', 'THU', 'thurs', 'sat');
  const list = (v: fc.Arbitrary<string>, max: number) =>
    fc.tuple(fc.array(v, { minLength: 1, maxLength: max }), sp).map(([vs, s]) => vs.join(`${s},${s}`));
  const comparison = fc.oneof(
    fc.tuple(fc.constantFrom('dnis', 'DNIS', 'fromParty.Key', 'subject', 'fullname', 'direction'), fc.constantFrom('=', '==', '!=', '<>'), list(textValue, 3)),
    fc.tuple(fc.constantFrom('lookupCount', 'LOOKUPCOUNT'), fc.constantFrom('=', '!=', '<>'), list(numberValue, 3)),
    fc.tuple(fc.constantFrom('lookupCount'), fc.constantFrom('<', '<=', '>', '>='), numberValue),
    fc.tuple(fc.constantFrom('time', 'Time'), fc.constantFrom('=', '<', '>=', '!='), timeValue),
    fc.tuple(fc.constantFrom('day'), fc.constantFrom('=', '!='), list(dayValue, 2)),
  ).chain(([f, op, v]) => sp.map((s) => `${f}${s}${op}${s}${v}`));
  const { cond } = fc.letrec<{ cond: string }>((tie) => ({
    cond: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      comparison,
      fc.tuple(tie('cond'), fc.constantFrom('&&', '&', ';', ' and ', '||', ' or ', ' OR '), sp, tie('cond')).map(([a, c, s, b]) => `${a}${s}${c}${s}${b}`),
      fc.tuple(fc.constantFrom('!', 'not ', 'NOT ', '! '), tie('cond')).map(([n, c]) => `${n}(${c})`),
      fc.tuple(fc.constantFrom('!', 'not '), comparison).map(([n, c]) => `${n}${c}`),
      tie('cond').map((c) => `(${c})`),
    ),
  }));
  return cond;
}

describe('properties (fast-check, 10,000 runs each)', () => {
  const target = fc.constantFrom('default', 'DEFAULT', '/WebResources/new_cp.html?tel={telephoneNo}', 'https://x.example/p?a=1#f', 'CP.html');
  const ruleText = fc.tuple(conditionText(), fc.constantFrom('=>', ' => ', '=> '), target).map(([c, a, t]) => `${c}${a}${t}`);
  /** Long Values near the limit, written densely, so the compact printer is exercised. */
  const denseText = fc
    .tuple(conditionText(), fc.boolean())
    .map(([c, parens]) => {
      const unit = parens ? `(${c})` : c;
      // As many copies as fit: Values at the limit, where the canonical form is often too long.
      const n = Math.max(1, Math.floor((MAX_RULE_LENGTH - 9) / (unit.length + 1)));
      return `${Array.from({ length: n }, () => unit).join('&')}=>default`;
    })
    .filter((v) => v.length <= MAX_RULE_LENGTH);
  const hostile = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: fc.constantFrom(...'()!&|=<>,;"\'\\ dnis=1notand*{}'.split('')), maxLength: 600 }),
    fc.tuple(fc.constantFrom('(', '!', '!(', 'not ', '(('), fc.integer({ min: 0, max: 400 }), ruleText).map(([p, n, t]) => p.repeat(n) + t),
    ruleText,
  );

  const ownErrorsOnly = (f: () => unknown): void => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof ScreenpopError)) throw e;
    }
  };

  it('no string makes parse, compile or lint throw anything but a ScreenpopError', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        ownErrorsOnly(() => parseRule(text));
        ownErrorsOnly(() => parseCondition(text, { anyField: true }));
        const r = safeParseRule(text);
        if (!r.ok) for (const e of r.errors) expect(e).toBeInstanceOf(RuleSyntaxError);
        const compiled = compileRules([{ key: '01', value: text }]);
        compiled.evaluate({ dnis: '1', lookupCount: 1 });
        compiled.explain({ dnis: '1' });
        // The text as a rule, a lookup filter, a setting value, a Key and a Name.
        lintConfig([
          { scope: 'global', name: 'customURL_Rule', key: '01', value: text },
          { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact' },
          { scope: 'global', name: 'incomingLookup_contact', key: '1', value: 'telephone1', type: 'phone' },
          { scope: 'global', name: 'incomingLookup_contact', key: '2', value: text, type: 'filter' },
          { scope: 'global', name: 'lookupLimit', key: '', value: text },
          { scope: 'global', name: 'customURL_Rule', key: text, value: 'dnis=1=>default' },
          { scope: 'global', name: text.slice(0, 40) || 'x', key: '1', value: text },
        ]);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('print∘parse is the identity on every Value that parses', () => {
    let parsed = 0;
    let compact = 0;
    fc.assert(
      fc.property(fc.oneof(ruleText, denseText, fc.string({ unit: 'binary' })), (text) => {
        const r = safeParseRule(text);
        if (!r.ok) return;
        parsed++;
        const printed = printRule(r.rule);
        expect(printed.length).toBeLessThanOrEqual(MAX_RULE_LENGTH);
        // The compact form (no " => ") is never longer than the text it was read from.
        if (!printed.includes(' => ')) {
          compact++;
          expect(printed.length).toBeLessThanOrEqual(text.length);
        }
        expect(parseRule(printed)).toEqual(r.rule);
        // Printing is stable: the printed text is a fixed point.
        expect(printRule(parseRule(printed))).toBe(printed);
      }),
      { numRuns: RUNS },
    );
    expect(parsed).toBeGreaterThan(RUNS / 3);
    expect(compact).toBeGreaterThan(RUNS / 50);
  }, 180_000);

  it('print∘parse is the identity on conditions, with anyField too', () => {
    fc.assert(
      fc.property(conditionText(), fc.boolean(), (text, anyField) => {
        const r = safeParseCondition(text, { anyField });
        if (!r.ok) return;
        expect(parseCondition(printCondition(r.condition, { anyField }), { anyField })).toEqual(r.condition);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);
});
