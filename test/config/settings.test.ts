import { describe, expect, it } from 'vitest';
import {
  SETTING_SCHEMAS,
  SettingsError,
  SpellcheckDictionariesSchema,
  applySettingChange,
  makeGlobal,
  settingsFor,
  type KvRow,
} from '../../src/config/index.js';
import { isScreenpopError } from '../../src/errors/index.js';

const g = (name: string, key: string, value: string, extra: Partial<KvRow> = {}): KvRow => ({ scope: 'global', name, key, value, ...extra });
const u = (user: string, name: string, key: string, value: string, extra: Partial<KvRow> = {}): KvRow => ({ scope: user, name, key, value, ...extra });

/** The seed's procedure: one user set up with TAPI 2.1. */
const TAPI: KvRow[] = [
  g('telephony', 'provider', 'Skype for Business'),
  u('Test Agent06', 'telephony', 'provider', 'TAPI', { owner: 'Admin' }),
  u('Test Agent06', 'telephony', 'version', '2.1', { owner: 'Admin' }),
  g('colors', 'background', '#202020'),
];

describe('settingsFor: precedence', () => {
  it('user rows replace global rows with the same Name, Parent and Key; others apply to everyone', () => {
    const s = settingsFor(TAPI, 'test agent06');
    expect(s.settings.map((x) => [x.name, x.key, x.value, x.source, x.inForce])).toEqual([
      ['telephony', 'provider', 'TAPI', 'user', true],
      ['telephony', 'version', '2.1', 'user', true],
      ['colors', 'background', '#202020', 'global', true],
    ]);
    expect(s.known).toEqual({ telephonyProvider: 'TAPI', telephonyVersion: '2.1' });
    expect(s.settings.map((x) => x.index)).toEqual([1, 2, 3]);
  });

  it('another user gets the global rows only', () => {
    const s = settingsFor(TAPI, 'bob');
    expect(s.settings.map((x) => [x.name, x.key, x.value, x.source])).toEqual([
      ['telephony', 'provider', 'Skype for Business', 'global'],
      ['colors', 'background', '#202020', 'global'],
    ]);
    expect(s.known).toEqual({ telephonyProvider: 'Skype for Business' });
  });

  it('Parent is part of the identity: a user row with another Parent does not replace the global one', () => {
    const other = settingsFor([g('colors', 'bg', 'blue', { parent: 'Theme' }), u('ann', 'colors', 'bg', 'red', { parent: 'Dark' })], 'ann');
    expect(other.settings.map((x) => [x.parent, x.value, x.source, x.inForce])).toEqual([
      ['Theme', 'blue', 'global', true],
      ['Dark', 'red', 'user', true],
    ]);
  });

  it('entityPrimaryNames: as the lookup reads them, the first row per entity is in force whatever its Parent', () => {
    const rows = [g('entityPrimaryNames', 'salesorder', 'name', { parent: 'AppSettings' }), u('ann', 'entityPrimaryNames', 'salesorder', 'new_title', { parent: 'Other' })];
    const s = settingsFor(rows, 'ann');
    expect(s.settings.map((x) => [x.parent, x.value, x.source, x.inForce])).toEqual([
      ['AppSettings', 'name', 'global', true],
      ['Other', 'new_title', 'user', false],
    ]);
    expect(s.known.entityPrimaryNames).toEqual({ salesorder: 'name' });
  });

  it('settings whose Key is ignored: the user row wins over a global one with another Key, as the lookup reads them', () => {
    const rows = [g('internalExtensionLength', '', '4'), u('ann', 'internalExtensionLength', 'x', '5'), g('lookupLimit', '', '20'), g('lookupLimit', 'b', '30')];
    const s = settingsFor(rows, 'ann');
    expect(s.settings.map((x) => [x.name, x.value, x.source, x.inForce])).toEqual([
      ['internalExtensionLength', 4, 'global', false],
      ['internalExtensionLength', 5, 'user', true],
      ['lookupLimit', 20, 'global', true],
      ['lookupLimit', 30, 'global', false],
    ]);
    expect(s.known).toEqual({ internalExtensionLength: 5, lookupLimit: 20 });
  });

  it('duplicates of one identity: the first in table order is in force', () => {
    const rows = [g('colors', 'bg', 'blue'), g('colors', 'BG', 'red')];
    expect(settingsFor(rows, 'ann').settings.map((x) => [x.value, x.inForce])).toEqual([
      ['blue', true],
      ['red', false],
    ]);
  });

  it('keeps unknown settings as text and rules/lookup rows as text, never dropping any', () => {
    const rows = [g('customURL_Rule', '01', 'lookupCount=0=>default'), g('incomingLookup_salesorder', '1', 'new_phone1', { type: 'phone' }), g('myHostSetting', 'k', '42')];
    const s = settingsFor(rows, 'ann');
    expect(s.settings.map((x) => [x.id, x.value])).toEqual([
      ['customURL_Rule', 'lookupCount=0=>default'],
      ['incomingLookup', 'new_phone1'],
      [undefined, '42'],
    ]);
    expect(s.known).toEqual({});
  });

  it('knows the stored-format and pop rows (kept as text for the lookup and pop modules), user rows over global ones', () => {
    const rows = [
      g('storedPhoneFormats', '1', '+CC NN NNN NNNN'),
      g('newRecordField', 'contact.description', 'Called {dnisName}'),
      g('hostCustomerFirst', '', 'true'),
      g('popTrigger', '', 'ring'),
      { scope: 'ann', name: 'popTrigger', key: '', value: 'answer' },
    ];
    const s = settingsFor(rows, 'ann');
    expect(s.settings.map((x) => [x.id, x.value, x.inForce, x.notes])).toEqual([
      ['storedPhoneFormats', '+CC NN NNN NNNN', true, []],
      ['newRecordField', 'Called {dnisName}', true, []],
      ['hostCustomerFirst', 'true', true, []],
      ['popTrigger', 'answer', true, []],
    ]);
    expect(s.known).toEqual({});
  });

  it('notes a Name that differs from a known one only by case', () => {
    const s = settingsFor([g('LookupEntities', 'inbound', 'contact')], 'ann');
    expect(s.settings[0]?.id).toBeUndefined();
    expect(s.settings[0]?.notes).toEqual(['not a setting screenpop knows; did you mean lookupEntities? (Names are case-sensitive)']);
  });
});

describe('settingsFor: typed known settings', () => {
  it('types the lookup entity lists by direction', () => {
    const s = settingsFor([g('lookupEntities', 'inbound', 'contact, SalesOrder'), g('lookupEntities', 'outbound', 'account;contact;account')], 'ann');
    expect(s.known.lookupEntities).toEqual({ inbound: ['contact', 'salesorder'], outbound: ['account', 'contact'] });
    expect(s.settings[1]?.notes).toEqual(['a duplicate was dropped; read as ["account","contact"]']);
  });

  it.each([
    ['lookupEntities', 'sideways', 'contact', /Key must be "inbound" or "outbound"/],
    ['lookupEntities', 'inbound', ' , ', /names no entity/],
    ['lookupEntities', 'inbound', 'contact, sales order', /"sales order" is not an entity logical name/],
    ['internalExtensionLength', '', 'five', /must be a whole number from 1 to 10/],
    ['internalExtensionLength', '', '11', /must be a whole number from 1 to 10/],
    ['lookupLastDigits', '', '3', /from 4 to 15/],
    ['telephony', 'version', 'two', /must be a version such as 2.1/],
    ['telephony', 'provider', '  ', /must name the provider/],
    ['entityPrimaryNames', 'salesorder', 'name – *', /logical name/],
  ])('%s %s = %j is kept as text with a problem', (name, key, value, problem) => {
    const s = settingsFor([g(name, key, value)], 'ann');
    expect(s.settings[0]?.value).toBe(value);
    expect(s.settings[0]?.problem).toMatch(problem);
    expect(s.known).toEqual({});
  });

  it('the telephony rows are Name telephony with Key provider / version (Key case-insensitive)', () => {
    expect(settingsFor([g('telephony', 'Provider', 'TAPI'), g('telephony', 'VERSION', '2.1'), g('telephony', 'server', 'pbx1')], 'a').settings.map((x) => x.id)).toEqual([
      'telephonyProvider',
      'telephonyVersion',
      undefined,
    ]);
  });
});

describe('spellcheck.dictionaries', () => {
  it.each([
    ['["es-ES", "en-US"]', ['es-ES', 'en-US']],
    ['[“es-ES”, “en-US”]', ['es-ES', 'en-US']],
    ['[“es-ES”, “en-US”];', ['es-ES', 'en-US']],
    ['spellcheck.dictionaries=[“es-ES”, “en-US”];', ['es-ES', 'en-US']],
    ["['en-GB']", ['en-GB']],
    ['["en-GB"]', ['en-GB']],
    ['en-GB', ['en-GB']],
    ['es-ES, en-US', ['es-ES', 'en-US']],
    ['["en-us", "EN-US"]', ['en-US']],
    ['["zh-hant-tw"]', ['zh-Hant-TW']],
  ])('%s reads as %j', (text, tags) => {
    expect(SpellcheckDictionariesSchema.parse(text)).toEqual(tags);
    const s = settingsFor([g('spellcheck.dictionaries', '', text)], 'ann');
    expect(s.known.spellcheckDictionaries).toEqual(tags);
  });

  it.each([
    ['["en_US"]', '"en_US" is not a language tag such as "en-US" (write "en-US": tags use hyphens)'],
    ['["english"]', '"english" is not a language tag such as "en-US"'],
    ['["es-ES", 42]', 'must list text items in quotes'],
    ['[“es-ES” “en-US”]', 'is not a list such as ["es-ES", "en-US"] (check the brackets, quotes and commas)'],
    ['["es-ES"', 'is not a list such as'],
    ['[]', 'the list is empty'],
    ['', 'the list is empty'],
    ['en-GB"', 'check the brackets and quotes'],
    ['["en-US", ""]', '"" is not a language tag'],
  ])('%j is refused: %s', (text, message) => {
    const parsed = SpellcheckDictionariesSchema.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
    const s = settingsFor([g('spellcheck.dictionaries', '', text)], 'ann');
    expect(s.settings[0]?.value).toBe(text);
    expect(s.settings[0]?.problem).toContain(message);
    expect(s.known.spellcheckDictionaries).toBeUndefined();
  });

  it('notes tags it made canonical', () => {
    const s = settingsFor([g('spellcheck.dictionaries', '', '["en-us"]')], 'ann');
    expect(s.settings[0]?.notes).toEqual(['"en-us" read in canonical form: ["en-US"]']);
  });

  it('a user row replaces the global list', () => {
    const rows = [g('spellcheck.dictionaries', '', '["en-US"]'), u('ann', 'spellcheck.dictionaries', '', '[“es-ES”, “en-US”]')];
    expect(settingsFor(rows, 'ann').known.spellcheckDictionaries).toEqual(['es-ES', 'en-US']);
    expect(settingsFor(rows, 'bob').known.spellcheckDictionaries).toEqual(['en-US']);
  });

  it('is one of the published schemas', () => {
    expect(SETTING_SCHEMAS.spellcheckDictionaries).toBe(SpellcheckDictionariesSchema);
    expect(SETTING_SCHEMAS.internalExtensionLength.parse(' 4 ')).toBe(4);
  });
});

describe('makeGlobal', () => {
  it('turns the user row global (the seed: change Scope to global); new users then default to TAPI 2.1', () => {
    const rows = TAPI.filter((r) => r.name !== 'telephony' || r.scope !== 'global');
    let after = rows;
    for (const key of ['provider', 'version']) {
      const change = makeGlobal(after, { user: 'Test Agent06', name: 'telephony', key });
      expect(change.changes).toHaveLength(1);
      expect(change.changes[0]).toMatchObject({ op: 'update', to: { scope: 'global', owner: 'Admin', name: 'telephony', key } });
      expect(change.notes).toEqual([]);
      after = applySettingChange(after, change);
    }
    expect(rows).toHaveLength(3); // not mutated
    expect(settingsFor(after, 'new user').known).toEqual({ telephonyProvider: 'TAPI', telephonyVersion: '2.1' });
    expect(settingsFor(after, 'Test Agent06').settings.map((s) => s.source)).toEqual(['global', 'global', 'global']);
  });

  it('refuses when a global row with the same identity exists, naming it and offering the replace change', () => {
    let caught: unknown;
    try {
      makeGlobal(TAPI, { user: 'Test Agent06', name: 'telephony', key: 'provider' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect(isScreenpopError(caught)).toBe(true);
    const e = caught as SettingsError;
    expect(e.code).toBe('global_exists');
    expect(e.detail).toContain('row 1 (Scope "global", Name "telephony", Key "provider", Value "Skype for Business")');
    expect(e.existing).toEqual([{ row: TAPI[0], index: 0 }]);
    expect(e.replace?.changes.map((c) => [c.op, c.index])).toEqual([
      ['delete', 0],
      ['update', 1],
    ]);
    expect(e.replace).toEqual(makeGlobal(TAPI, { user: 'Test Agent06', name: 'telephony', key: 'provider', replace: true }));
    const after = applySettingChange(TAPI, e.replace!);
    expect(after.filter((r) => r.name === 'telephony' && r.key === 'provider')).toEqual([{ ...TAPI[1], scope: 'global' }]);
    expect(settingsFor(after, 'bob').known.telephonyProvider).toBe('TAPI');
  });

  it('matches Parent, Key and user like scope does (case-insensitive), Name case-sensitively', () => {
    const rows = [u('Ann', 'entityPrimaryNames', 'SalesOrder', 'title', { parent: 'AppSettings' })];
    expect(makeGlobal(rows, { user: ' ann ', name: 'entityPrimaryNames', key: 'salesorder', parent: 'appsettings' }).changes).toHaveLength(1);
    expect(() => makeGlobal(rows, { user: 'ann', name: 'EntityPrimaryNames', key: 'salesorder' })).toThrow(/Did you mean entityPrimaryNames\?/);
  });

  it.each<[string, KvRow[], Parameters<typeof makeGlobal>[1], string, RegExp]>([
    ['no such user row', TAPI, { user: 'bob', name: 'telephony', key: 'provider' }, 'no_user_row', /Users with such a row: Test Agent06/],
    ['global is not a user', TAPI, { user: 'global', name: 'telephony', key: 'provider' }, 'no_user_row', /Pass the name of the user/],
    ['nobody has it', TAPI, { user: 'Test Agent06', name: 'telephony', key: 'server' }, 'no_user_row', /Set the setting up for one user first/],
    [
      'several Parents',
      [u('ann', 'x', 'k', '1', { parent: 'A' }), u('ann', 'x', 'k', '2', { parent: 'B' })],
      { user: 'ann', name: 'x', key: 'k' },
      'ambiguous_user_row',
      /Pass the Parent too/,
    ],
    ['duplicates', [u('ann', 'x', 'k', '1'), u('ann', 'x', 'k', '2')], { user: 'ann', name: 'x', key: 'k' }, 'ambiguous_user_row', /Delete the duplicate user rows/],
  ])('refuses: %s', (_name, rows, options, code, hint) => {
    let caught: unknown;
    try {
      makeGlobal(rows, options);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect((caught as SettingsError).code).toBe(code);
    expect((caught as SettingsError).hint).toMatch(hint);
    expect((caught as SettingsError).message).toContain(`docs/errors.md#${code}`);
  });

  it('notes other users who keep their own row, and an invalid Value', () => {
    const rows = [u('ann', 'spellcheck.dictionaries', '', '["en_GB"]'), u('bob', 'spellcheck.dictionaries', '', '["en-US"]')];
    const change = makeGlobal(rows, { user: 'ann', name: 'spellcheck.dictionaries', key: '' });
    expect(change.notes).toEqual([
      'bob has a row of their own and keeps it.',
      'Its Value "[\\"en_GB\\"]" is not valid: "en_GB" is not a language tag such as "en-US" (write "en-GB": tags use hyphens).',
    ]);
  });

  it('refuses to apply a change to rows that changed since', () => {
    const change = makeGlobal(TAPI, { user: 'Test Agent06', name: 'telephony', key: 'version' });
    const edited = TAPI.map((r, i) => (i === 2 ? { ...r, value: '3.0' } : r));
    expect(() => applySettingChange(edited, change)).toThrow(/not the row the change was made for/);
  });
});
