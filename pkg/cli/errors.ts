/** Joins every validation problem into one error, so a user sees them all at once. */
export function aggregateError(errs: readonly string[]): Error | undefined {
  if (errs.length === 0) return undefined;
  if (errs.length === 1) return new Error(errs[0]);
  return new Error(`[${errs.join(', ')}]`);
}
