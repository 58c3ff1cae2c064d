import type { Request } from 'express';

/** Reading an urlencoded form without casts: absent or repeated fields never throw. */
function body(req: Request): Record<string, unknown> {
  const value: unknown = req.body;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** A text field, trimmed; '' when absent (or sent more than once, which no form of ours does). */
export function formText(req: Request, name: string): string {
  const value = body(req)[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox: present = true. */
export function formFlag(req: Request, name: string): boolean {
  return body(req)[name] !== undefined;
}

/** Every value of a field that may repeat (a group of checkboxes). */
export function formValues(req: Request, name: string): string[] {
  const value = body(req)[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A query parameter as a single string ('' when absent or repeated). */
export function queryText(req: Request, name: string): string {
  const value = req.query[name];
  return typeof value === 'string' ? value.trim() : '';
}
