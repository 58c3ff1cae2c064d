/** Findings of one code beyond this many are counted, not listed: a 25 MB file can break a rule 100,000 times. */
export const MAX_FINDINGS_PER_CODE = 1000;
