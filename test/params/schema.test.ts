import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { partial } from 'zod/mini';
import { parseDataParam, type CallParams } from '../../src/params/index.js';
import { CallParamsSchema } from '../../src/params/schema.js';
import { SEED_URL } from '../fixtures/params.cases.js';

describe('CallParamsSchema', () => {
  it('infers CallParams', () => {
    expectTypeOf<z.infer<typeof CallParamsSchema>>().toEqualTypeOf<CallParams>();
  });

  it('accepts what parseDataParam returns', () => {
    const p = parseDataParam(SEED_URL);
    expect(CallParamsSchema.parse(p)).toEqual(p);
  });

  it('refuses missing names, non-strings and unknown keys', () => {
    const p = parseDataParam(SEED_URL);
    expect(CallParamsSchema.safeParse({ state: 'start' }).success).toBe(false);
    expect(CallParamsSchema.safeParse({ ...p, dnis: 1 }).success).toBe(false);
    expect(CallParamsSchema.safeParse({ ...p, customerId: 'x' }).success).toBe(false);
    expect(CallParamsSchema.safeParse({ ...p, extra: { a: 1 } }).success).toBe(false);
    expect(partial(CallParamsSchema).safeParse({ state: 'start' }).success).toBe(true);
  });
});
