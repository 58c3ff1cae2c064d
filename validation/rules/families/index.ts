import { CD } from './cd.ts';
import { CS } from './cs.ts';
import type { RuleFamily } from './family.ts';
import { TR1 } from './tr1.ts';
import { TR1_DECLARATIE } from './tr1-declaratie.ts';
import { TR1_NOT_CHECKED } from './tr1-not-checked.ts';
import { TR2 } from './tr2.ts';
import { TR3 } from './tr3.ts';

/** Every rule family, in the order of the official stylesheet (CD, CS, TR). */
export const FAMILIES: readonly RuleFamily[] = [CD, CS, TR1, TR1_DECLARATIE, TR1_NOT_CHECKED, TR2, TR3];
