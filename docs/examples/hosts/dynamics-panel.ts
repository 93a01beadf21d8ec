/**
 * A Dynamics 365 web resource softphone panel (docs/hosts.md): the agent's
 * own session looks the caller up (Xrm.WebApi) and opens the pop
 * (Xrm.Navigation), once per call. test/docs/hosts-examples.test.ts runs it
 * against the fakes. In your project, import from 'screenpop' and
 * 'screenpop/dynamics', and pass parent.Xrm.
 */
import { resolveScreenPop, type CallEvent, type KvRow } from '../../../src/index.js';
import { createPopGate, createXrmLookup, openInXrm, type Opened, type XrmLookupDialog, type XrmNavigation, type XrmWebApi } from '../../../src/hosts/dynamics/index.js';

export function softphonePanel(xrm: { Navigation: XrmNavigation; WebApi: XrmWebApi; Utility: XrmLookupDialog }, rows: readonly KvRow[], agent: string, crmUrl: string) {
  const adapter = createXrmLookup(xrm.WebApi); // the agent's session: no token
  const gate = createPopGate(); // one pop per call
  return async function onCallEvent(call: CallEvent): Promise<Opened> {
    if (gate.popped(call)) return { opened: 'nothing', reason: 'duplicate' }; // spare the lookup
    const pop = await resolveScreenPop(call, { rows, user: agent, adapter, crmUrl, defaultRegion: 'IE', now: new Date() });
    return openInXrm(pop, xrm.Navigation, { gate, lookupDialog: xrm.Utility });
  };
}
