/**
 * What a database (or driver) error says, found along its `cause` chain: for code that must not pass the error's text
 * on.
 */

/** SQLSTATE (postgres.js) or a driver code (nodemailer), searched along the `cause` chain. */
export function errorCode(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The unique constraint an error violated (SQLSTATE 23505), if any. */
export function violatedConstraint(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, constraint_name: constraint } = e as { code?: unknown; constraint_name?: unknown };
    if (code === '23505' && typeof constraint === 'string') return constraint;
  }
  return undefined;
}

/** The DETAIL of a unique violation, e.g. `Key (gemeentecode, claim)=(0363, uit:WMO301:X) already exists.` */
export function violationDetail(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, detail } = e as { code?: unknown; detail?: unknown };
    if (code === '23505' && typeof detail === 'string') return detail;
  }
  return undefined;
}
