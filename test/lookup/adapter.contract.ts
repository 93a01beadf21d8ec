/**
 * The adapter contract, now exported as `runAdapterContract` from
 * `screenpop/testing` (src/testing/contract.ts): this file runs it with
 * vitest's describe/it for the repo's own adapter tests.
 */
import { describe, it } from 'vitest';
import { runAdapterContract as run, type AdapterContract } from '../../src/testing/index.js';

export type { AdapterContract, ContractCase } from '../../src/testing/index.js';

export function runAdapterContract(contract: AdapterContract): void {
  run(contract, { describe, it });
}
