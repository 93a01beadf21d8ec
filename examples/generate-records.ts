/**
 * Generates examples/records.json: a few hundred synthetic contacts, leads,
 * accounts and sales orders with phone numbers stored in messy formats, as
 * real CRMs hold them. Deterministic (seeded), so the committed file is
 * reproducible: `npx tsx examples/generate-records.ts`.
 */
import { writeFileSync } from 'node:fs';

let seed = 20261124;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

const first = ['Aoife', 'Seán', 'Niamh', 'Ciarán', 'Emma', 'Jack', 'Sophie', 'Liam', 'Νεκταρία', 'Γιώργος', 'Mary', 'John', 'Olivia', 'Noah', 'Zoë', "Siobhán", 'Patrick', 'Chloe'];
const last = ['Byrne', 'Murphy', 'Kelly', "O'Brien", 'Walsh', 'Smith', 'Jones', 'Κεφαλονίτη', 'Παπαδόπουλος', 'Taylor', 'Brown', 'Doyle', 'Ryan', 'Nolan'];

/** A number in one of several stored formats for a region. */
function phone(region: 'IE' | 'GB' | 'US' | 'GR'): string {
  const d = (n: number) => Array.from({ length: n }, () => rnd(10)).join('');
  switch (region) {
    case 'IE': {
      const n = `8${pick(['3', '5', '6', '7'])}${d(7)}`;
      return pick([`+353${n}`, `0${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5)}`, `00353 ${n}`, `+353 (0)${n.slice(0, 2)} ${n.slice(2)}`, `0${n}`]);
    }
    case 'GB': {
      const n = `7${pick(['4', '7', '9'])}${d(8)}`;
      return pick([`+44 ${n.slice(0, 4)} ${n.slice(4)}`, `0${n.slice(0, 4)} ${n.slice(4)}`, `+44${n}`, `(0${n.slice(0, 4)}) ${n.slice(4)}`]);
    }
    case 'US': {
      const n = `${pick(['212', '415', '617'])}555${d(4)}`;
      return pick([`(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, `+1 ${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, `1${n}`, `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)} x${d(3)}`]);
    }
    case 'GR': {
      const n = `69${d(8)}`;
      return pick([n, `+30 ${n}`, `0030${n}`, `+30 ${n.slice(0, 3)} ${n.slice(3)}`]);
    }
  }
}

const regions = ['IE', 'IE', 'IE', 'GB', 'US', 'GR'] as const;
const guid = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}-0000-4000-8000-${String(i * 7919).padStart(12, '0')}`.slice(0, 36);
const date = (i: number) => new Date(Date.UTC(2026, rnd(11), 1 + rnd(28), rnd(24), rnd(60))).toISOString().replace(/\.\d+Z$/, 'Z') + (i < 0 ? '' : '');

const contact = Array.from({ length: 180 }, (_, i) => {
  const r = pick(regions);
  return { id: guid('c0', i), fullname: `${pick(first)} ${pick(last)}`, telephone1: phone(r), mobilephone: rnd(3) === 0 ? phone(r) : '', modifiedon: date(i) };
});
const lead = Array.from({ length: 90 }, (_, i) => {
  const r = pick(regions);
  return { id: guid('1e', i), fullname: `${pick(first)} ${pick(last)}`, telephone1: rnd(2) ? phone(r) : '', mobilephone: phone(r), modifiedon: date(i) };
});
const account = Array.from({ length: 40 }, (_, i) => ({ id: guid('a0', i), name: `${pick(last)} ${pick(['Ltd', 'Holdings', 'Logistics', 'Foods'])}`, telephone1: phone(pick(regions)), modifiedon: date(i) }));
// Orders: many share their customer's phone (the seed's multi-match story); statecode 0 = open.
const salesorder = Array.from({ length: 120 }, (_, i) => {
  const c = contact[rnd(contact.length)]!;
  return { id: guid('50', i), name: `ORD-${String(10000 + i)} ${c.fullname}`, new_phone1: rnd(4) === 0 ? phone('IE') : c.telephone1, statecode: rnd(3) === 0 ? 1 : 0, modifiedon: date(i) };
});

// Fixed records the demo and the pop-spec rely on.
contact.unshift(
  { id: 'e79beb12-998b-e911-a825-000d3ab70627', fullname: 'ΝΕΚΤΑΡΙΑ ΚΕΦΑΛΟΝΙΚΑ', telephone1: '0030 6946186715', mobilephone: '', modifiedon: '2026-10-01T09:00:00Z' },
  { id: 'c0ffee00-0000-4000-8000-000000000001', fullname: 'Aoife Byrne', telephone1: '086 856 1713', mobilephone: '', modifiedon: '2026-09-01T09:00:00Z' },
  { id: 'c0ffee00-0000-4000-8000-000000000002', fullname: 'Seán Murphy', telephone1: '+353 1 555 0101', mobilephone: '', modifiedon: '2026-09-02T09:00:00Z' },
);
salesorder.unshift(
  { id: '0dde0000-0000-4000-8000-000000000001', name: 'ORD-00001 Seán Murphy', new_phone1: '(01) 555 0101', statecode: 0, modifiedon: '2026-11-20T09:00:00Z' },
  { id: '0dde0000-0000-4000-8000-000000000002', name: 'ORD-00002 Aoife Byrne (closed)', new_phone1: '+353868561713', statecode: 1, modifiedon: '2026-11-21T09:00:00Z' },
);
lead.unshift({ id: '1eadbeef-0000-4000-8000-000000000001', fullname: 'Zoë Walsh', telephone1: '+44 20 7946 0018', mobilephone: '', modifiedon: '2026-08-01T09:00:00Z' });
const systemuser = [{ id: '5e000000-0000-4000-8000-000000000042', fullname: 'Dyn Crm06', address1_telephone1: '4042', address1_telephone2: '', address1_telephone3: '' }];

writeFileSync(new URL('./records.json', import.meta.url), `${JSON.stringify({ contact, lead, account, salesorder, systemuser }, null, 1)}\n`);
console.log(`records.json: ${contact.length} contacts, ${lead.length} leads, ${account.length} accounts, ${salesorder.length} orders`);
