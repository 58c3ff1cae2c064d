import type { El } from '../element.ts';
import type { ElementCheck } from '../types.ts';

/**
 * The amount rules of the declaratie messages: an amount of 0 is debet (CS325), and a Prestatie
 * in euro's declares as its amount exactly the volume it delivered (CS339). Numbers are read as
 * XPath `number()` reads them; text that is no number makes the comparison false, as in the XSLT.
 */

/** XPath number(): surrounding whitespace allowed, decimal notation only; anything else is NaN. */
export function xpathNumber(text: string | undefined): number {
  const t = text?.trim() ?? '';
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

const first = (a: El, b: El): El => (a.pos <= b.pos ? a : b);

/**
 * CS325 on a bedrag class (IngediendBedrag, TotaalIngediendBedrag …): when its `amount` child is 0,
 * DebetCredit is not C (the XSLT also takes a lower-case c). Reported at the amount, which comes
 * before DebetCredit.
 */
export function zeroIsDebet(code: string, context: string, amount: string): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      const [bedrag, debetCredit] = [el.child(amount), el.child('DebetCredit')];
      if (!bedrag || xpathNumber(bedrag.text) !== 0) return undefined;
      const dc = debetCredit?.value();
      if (!debetCredit || (dc !== 'C' && dc !== 'c')) return undefined;
      return {
        at: first(bedrag, debetCredit),
        detail: `${amount} is 0 met DebetCredit ${dc}; een bedrag van 0 is debet (D).`,
      };
    },
  };
}

/**
 * CS339 on a Prestatie whose Eenheid is 83 (euro's): GeleverdVolume equals IngediendBedrag/Bedrag.
 * The XSLT tests `<` both ways, so nothing is reported when either is missing or no number.
 * Reported at GeleverdVolume, which comes first.
 */
export function euroVolumeIsAmount(code: string, context = 'Prestatie'): ElementCheck {
  return {
    kind: 'element',
    code,
    context,
    check(el) {
      if (el.child('Eenheid')?.text !== '83') return undefined;
      const [volume, bedrag] = [el.child('GeleverdVolume'), el.at('IngediendBedrag/Bedrag')];
      if (!volume || !bedrag) return undefined;
      const [v, b] = [xpathNumber(volume.text), xpathNumber(bedrag.text)];
      if (!(v < b || b < v)) return undefined;
      return {
        at: first(volume, bedrag),
        detail: `Bij Eenheid 83 (euro's) is GeleverdVolume ${volume.value()} niet gelijk aan Bedrag ${bedrag.value()}.`,
      };
    },
  };
}
