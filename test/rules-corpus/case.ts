import type { Mutable } from '../helpers/mutate.ts';

/**
 * One corpus case: an official example message with one edit, and what it proves. A `breaks` case
 * must be XSD-valid and give findings of exactly its code; a `satisfies` case must be valid
 * while it exercises the rule (its condition applies and holds).
 */
export type CorpusCase = {
  code: string;
  /** The example it starts from: `WMO301`, `JW315`. */
  example: string;
  expect: 'breaks' | 'satisfies';
  /** What the edit does, in a few words (printed in the test's overview). */
  what: string;
  edit: (message: Mutable) => unknown;
  /**
   * Codes a `breaks` case may (and must) also give, for rules that are one condition seen from two
   * sides (CD077 and CD078): no XSD-valid message breaks one without the other.
   */
  also?: readonly string[];
};

export const breaks = (
  code: string,
  example: string,
  what: string,
  edit: CorpusCase['edit'],
  also?: readonly string[],
): CorpusCase => ({
  code,
  example,
  expect: 'breaks',
  what,
  edit,
  ...(also ? { also } : {}),
});
export const satisfies = (
  code: string,
  example: string,
  what: string,
  edit: CorpusCase['edit'] = () => {},
): CorpusCase => ({ code, example, expect: 'satisfies', what, edit });

/** The cases of `make` for the iWmo and the iJw example, as most rules read the same in both. */
export const both = (make: (prefix: 'WMO' | 'JW') => CorpusCase[]): CorpusCase[] => [...make('WMO'), ...make('JW')];

/** The text of the first element at `path`. */
export const text = (m: Mutable, path: string): string => m.all(path)[0]!.textContent!;
