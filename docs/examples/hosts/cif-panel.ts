/**
 * A Channel Integration Framework panel (docs/hosts.md): the lookup through
 * Microsoft.CIFramework.searchAndOpenRecords (search only), the pop through
 * openForm / renderSearchPage, each call bounded by CIF's 10 s.
 * test/docs/hosts-examples.test.ts runs it against the fakes. In your
 * project, import from 'screenpop' and 'screenpop/dynamics', and pass
 * Microsoft.CIFramework.
 */
import { resolveScreenPop, type CallEvent, type KvRow } from '../../../src/index.js';
import { createCifLookup, createPopGate, openInCif, type CifFramework, type Opened } from '../../../src/hosts/dynamics/index.js';

export function cifPanel(cif: CifFramework, rows: readonly KvRow[], agent: string, crmUrl: string, openUrl: (url: string) => unknown) {
  const adapter = createCifLookup(cif, { version: 2 });
  const gate = createPopGate({ trigger: 'answer' }); // pop when the agent answers
  return async function onCallEvent(call: CallEvent): Promise<Opened> {
    if (gate.popped(call)) return { opened: 'nothing', reason: 'duplicate' };
    const pop = await resolveScreenPop(call, { rows, user: agent, adapter, crmUrl, defaultRegion: 'IE' });
    return openInCif(pop, cif, { version: 2, gate, openUrl });
  };
}
