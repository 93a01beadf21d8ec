/**
 * A Salesforce Open CTI softphone (Lightning Experience; docs/hosts.md): the
 * lookup through searchAndScreenPop (deferred: nothing pops), the pop through
 * screenPop, URLs on the org popped as the relative URLs Open CTI needs.
 * test/docs/hosts-examples.test.ts runs it against the fakes. In your
 * project, import from 'screenpop' and 'screenpop/salesforce', and pass
 * sforce.opencti.
 */
import { resolveScreenPop, type CallEvent, type KvRow } from '../../../src/index.js';
import { createOpenCtiLookup, createPopGate, openInOpenCti, type OpenCti, type Opened } from '../../../src/hosts/salesforce/index.js';

export function softphone(opencti: OpenCti, rows: readonly KvRow[], agent: string, orgUrl: string) {
  const adapter = createOpenCtiLookup(opencti);
  const gate = createPopGate();
  return async function onCallEvent(call: CallEvent): Promise<Opened> {
    if (gate.popped(call)) return { opened: 'nothing', reason: 'duplicate' };
    const pop = await resolveScreenPop(call, { rows, user: agent, adapter, crmUrl: orgUrl, defaultRegion: 'IE' });
    return openInOpenCti(pop, opencti, { gate, crmUrl: orgUrl, objectNames: { contact: 'Contact' }, fieldNames: { phone: 'Phone' } });
  };
}
