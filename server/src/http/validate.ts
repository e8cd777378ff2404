/** Parse a request part with a zod schema, or fail with a 400 that names the field. */
import type { z } from 'zod';
import { badRequest } from '../errors.js';

export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? ` field "${issue.path.join('.')}"` : '';
  throw badRequest(`invalid ${what}${field}: ${issue?.message ?? 'invalid'}`);
}
