import { defineCatalogue, rule } from '../catalogue.ts';

/** The release and rule publication the iJw tables follow. */
export const IJW_RELEASE = 'iJw 3.2, validatieregels "TR-CD-CS regels JW 3.2.xsl" (XSLTVersie 2.10.5)';

/**
 * Every rule of iJw 3.2 that the official validation module names (the rule texts of its
 * stylesheet, template `getDetails`), checked here or not: the tables say which, and why not.
 * Texts are verbatim; retourcodes come from `rule` in catalogue.ts.
 * They differ from iWmo in CS050, TR302, TR321, TR361, TR386 and TR410; iJw adds CS318, TR377
 * and TR409 (Woonplaatsbeginsel).
 */
export const IJW_RULES = defineCatalogue([
  rule('CD005', 'Als Postcode gevuld is, dan verplicht vullen, anders leeg laten.'),
  rule('CD007', 'Als Communicatie / Vorm de waarde 1 (tolk taal) heeft, dan verplicht vullen, anders leeglaten.'),
  rule('CD009', 'Alleen als Soort adres de waarde 04 (tijdelijk adres) heeft, is vullen toegestaan.'),
  rule('CD025', 'Als Adres / LandCode de waarde NL (Nederland) heeft, dan verplicht vullen.'),
  rule('CD034', 'Als Soort adres de waarde 1 (BRP-adres) of 3 (verblijfadres) heeft, dan verplicht vullen.'),
  rule('CD041', 'Indien Code in Product gevuld is, verplicht vullen.'),
  rule('CD043', 'Indien Beschikkingnummer gevuld is, verplicht vullen, anders leeg laten.'),
  rule(
    'CD060',
    'Verplicht vullen indien DebetCredit bij het ingediende bedrag de waarde C (credit) heeft, anders leeg laten.',
  ),
  rule(
    'CD066',
    'Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is gevuld, dan is Naamverwijzer leeg.',
  ),
  rule(
    'CD067',
    'Als type verwijzer gelijk is aan 02, 03, 04 of 05 en ZorgverlenerCode is leeg, dan is Naamverwijzer gevuld.',
  ),
  rule('CD068', 'Als type verwijzer ongelijk is aan 02, 03, 04 of 05, dan is ZorgverlenerCode leeg.'),
  rule('CD075', 'Verplicht vullen indien Budget gevuld is'),
  rule('CD076', 'Verplicht vullen indien Frequentie waarde 2 (per week)'),
  rule('CD077', 'Indien Budget gevuld is, dan leeg laten'),
  rule('CD078', 'Indien Omvang gevuld is, dan leeg laten'),
  rule('CD079', 'Indien Budget leeg is, dan verplicht vullen'),
  rule(
    'CD080',
    'Indien Code in Product leeg is en Einddatum van het ToegewezenProduct groter dan 31-12-2020 of leeg is, dan leeg laten',
  ),
  rule('CD085', 'Als VerzoekAntwoord de waarde 1 (Verzoek afgewezen) heeft, dan vullen'),
  rule('CD086', 'Als VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek) heeft, dan leeg laten'),
  rule('CD087', "Als eenheid ongelijk is aan 83 (euro's) dan verplicht vullen, anders leeg laten."),
  rule(
    'CD095',
    'Indien Code in AangevraagdProduct leeg is en ToewijzingEinddatum van het AangevraagdProduct groter dan 31-12-2020 of leeg is, dan leeg laten',
  ),
  rule('CD096', 'Indien Code in NieuwProduct leeg is en Einddatum groter dan 31-12-2020 of leeg is, dan leeg laten'),
  rule('CS002', 'De waarde moet voldoen aan de 11-proef.'),
  rule(
    'CS003',
    'Indien van toepassing vullen met een waarde die groter is dan, of gelijk is aan de Begindatum (of Ingangsdatum) van de aangeduide periode.',
  ),
  rule('CS015', 'BerichtSubversie vullen met 2.'),
  rule('CS025', 'BerichtVersie vullen met 3.'),
  rule(
    'CS050',
    'Als Partnernaam gevuld is, dan NaamGebruik vullen met waarde 1, 2, 3 of 4. Anders waarde 1 of 6 vullen.',
  ),
  rule('CS058', '1 (eerste aanlevering) of 3 (verwijderen aanlevering) vullen.'),
  rule(
    'CS089',
    'Als LandCode de waarde NL (Nederland) heeft, dan moet het formaat overeenkomen met dat van een Nederlandse postcode.',
  ),
  rule('CS100', 'Vullen met een datum die groter dan of gelijk is aan 01-01-2021'),
  rule('CS139', 'Voor Geboortedatum geldt dat DatumGebruik en Datum met elkaar in overeenstemming moeten zijn.'),
  rule('CS318', 'NaamGebruik 6 (Niet-natuurlijk persoon) niet vullen.'),
  rule('CS319', 'Aaneengesloten vullen met cijfers en/of letters'),
  rule('CS325', 'Indien (Totaal)Bedrag de waarde 0 heeft, dan DebetCredit vullen met D (Debet).'),
  rule(
    'CS335',
    'RedenWijziging 13 (verwijderd) mag alleen gebruikt worden indien de ingangsdatum gelijk is aan de einddatum',
  ),
  rule('CS336', '01 (Administratieve correctie (vervallen)) niet gebruiken'),
  rule(
    'CS337',
    'Einddatum in de ProductPeriode vullen met een datum die valt in dezelfde kalendermaand en jaar als de Begindatum van de ProductPeriode',
  ),
  rule(
    'CS338',
    'Indien eenheid de waarde 14, 16, 83 of 84 heeft en Einddatum groter dan 31-12-2020 of leeg is, dan Frequentie vullen met de waarde 2 , 4 of 6',
  ),
  rule('CS339', "Indien Eenheid de waarde 83 (euro's) heeft, moet IngediendBedrag gelijk zijn aan GeleverdVolume."),
  rule('CS340', 'De periode is exact gelijk aan 1 hele kalendermaand'),
  rule(
    'CS343',
    'Indien eenheid de waarde 14, 16, 83 of 84 heeft en ToewijzingEinddatum is groter dan 31-12-2020 of leeg, dan Frequentie vullen met waarde 2, 4 of 6',
  ),
  rule(
    'TR002',
    'Geboortedatum mag niet meer dan 120 jaar voor de Dagtekening liggen, tenzij Geboortedatum onbekend is.',
  ),
  rule(
    'TR006',
    'De berichtklasse Contact moet een berichtelement Telefoon, en/of de combinatie Huis en Postcode bevatten.',
  ),
  rule('TR018', 'Einddatum moet groter dan of gelijk zijn aan Begindatum.'),
  rule(
    'TR019',
    'Bij een output- of inspanningsgerichte werkwijze moet de melding van de start of de stop van de ondersteuning gerelateerd zijn aan een toewijzing op basis van het ToewijzingNummer',
  ),
  rule('TR056', 'Identificatie moet per berichtsoort uniek zijn voor de verzendende partij.'),
  rule(
    'TR061',
    "Bij een Client moet minimaal één Adres voorkomen waarvan Soort de waarde '01' (BRP-adres), '02' (Correspondentie-adres) of '03' (Verblijfadres) heeft.",
  ),
  rule(
    'TR063',
    'Indien StatusAanlevering de waarde 3 (aanlevering verwijderen) bevat, dan moet voor de betreffende Client een eerdere aanlevering met dezelfde logische sleutel verstuurd zijn.',
  ),
  rule(
    'TR071',
    "StatusAanlevering mag niet de waarde '3' bevatten als er voor de betreffende melding start zorg al een stop zorg is verstuurd.",
  ),
  rule(
    'TR074',
    "Indien StatusAanlevering de waarde '1' bevat, dan moet de sleutel van de betreffende aanlevering niet alleen uniek zijn binnen het bericht zelf, maar ook in combinatie met alle reeds ontvangen berichten.",
  ),
  rule('TR101', 'Binnen een bericht zijn dubbele regels niet toegestaan.'),
  rule('TR134', 'Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht.'),
  rule('TR135', 'Vullen met een bestaande datum die niet in de toekomst ligt.'),
  rule(
    'TR137',
    'Vullen met een waarde die groter is dan, of gelijk is aan de Begindatum van de aangeduide periode én die niet groter is dan de Dagtekening van het bericht.',
  ),
  rule(
    'TR302',
    'Een Product mag alleen vaker in een toewijzingsbericht voorkomen indien de zorgperiodes elkaar niet overlappen',
  ),
  rule('TR304', 'Bsn moet overeenkomen met Bsn van een Client.'),
  rule(
    'TR307',
    'Begindatum in ProductPeriode in Prestatie moet groter dan of gelijk zijn aan Ingangsdatum in ToegewezenProduct.',
  ),
  rule(
    'TR308',
    'Einddatum in ProductPeriode in Prestatie moet kleiner dan of gelijk zijn aan Einddatum in ToegewezenProduct, indien die gevuld is.',
  ),
  rule(
    'TR314',
    'ReferentieNummer van de Prestatie moet uniek zijn voor de aanbieder binnen het wettelijk domein waarop de Prestatie betrekking heeft, zowel binnen één bericht als berichtoverstijgend.',
  ),
  rule('TR315', 'VorigReferentieNummer van de Prestatie moet uniek zijn in het bericht.'),
  rule('TR316', 'Debetregels mogen niet in hetzelfde bericht gecrediteerd worden.'),
  rule(
    'TR318',
    'Indien iedere DeclaratiePeriode zorg is geleverd, moet DeclaratiePeriode de kalendermaand volgend op voorgaande DeclaratiePeriode zijn.',
  ),
  rule(
    'TR319',
    'Een declaratiebericht bevat alleen prestaties waarvan de ProductPeriode valt binnen de huidige, of een voorgaande declaratieperiode.',
  ),
  rule(
    'TR321',
    'Indien in het ToegewezenProduct een Omvang is meegegeven, moet GeleverdVolume in de Prestatie passen binnen Volume in het ToegewezenProduct.',
  ),
  rule(
    'TR322',
    'Indien in het ToegewezenProduct een Omvang is meegegeven, moet de som van GeleverdVolume in alle ingediende Prestaties die betrekking hebben op dat ToegewezenProduct passen binnen de toegewezen Omvang.',
  ),
  rule(
    'TR323',
    'Een credit Prestatie moet gerelateerd zijn aan een eerder verzonden (goedgekeurde) debet Prestatie op basis van sleutelvelden.',
  ),
  rule('TR326', 'Een Startbericht mag pas verstuurd worden als er géén actueel Startbericht bij ToegewezenProduct is.'),
  rule('TR332', 'Ieder ToegewezenProduct binnen één gemeente heeft een uniek nummer per wettelijk domein.'),
  rule(
    'TR333',
    'DeclaratieNummer van de Declaratie moet uniek zijn voor de aanbieder binnen het wettelijk domein waarop de Declaratie betrekking heeft.',
  ),
  rule('TR335', 'Einddatum mag niet meer dan 5 jaar voor DeclaratieDagtekening liggen.'),
  rule(
    'TR337',
    'De DeclaratieIdentificatie dient overeen te komen met de BerichtIdentificatie van een eerder ontvangen Declaratiebericht.',
  ),
  rule('TR338', 'De Prestatie is gerelateerd aan een ToegewezenProduct op basis van het Toewijzingnummer.'),
  rule(
    'TR339',
    'ProductCategorie in Prestatie moet gelijk zijn aan ProductCategorie in het ToegewezenProduct indien deze opgenomen is.',
  ),
  rule(
    'TR340',
    'ProductCode in Prestatie moet gelijk zijn aan ProductCode in het ToegewezenProduct, indien deze opgenomen is.',
  ),
  rule('TR341', 'Eenheid in Prestatie moet passen bij Eenheid in het ToegewezenProduct.'),
  rule(
    'TR342',
    'Alleen afgewezen Prestaties dienen meegestuurd te worden in het declaratie-antwoordbericht op een declaratie.',
  ),
  rule(
    'TR346',
    'Indien Eenheid ongelijk is aan waarde 83 (Euro’s), moet IngediendBedrag gelijk zijn aan GeleverdVolume vermenigvuldigd met ProductTarief',
  ),
  rule('TR347', 'ReferentieAanbieder is uniek voor de aanbieder binnen het wettelijk domein'),
  rule('TR349', 'Het verzoek om wijziging bericht bevat alle actuele ToegewezenProducten van de client'),
  rule(
    'TR350',
    'Ieder OngewijzigdProduct in een verzoek om wijziging bericht is gerelateerd aan een actueel toegewezen product op basis van het ToewijzingNummer.',
  ),
  rule(
    'TR351',
    'Ieder TeWijzigenProduct in een verzoek om wijziging is gerelateerd aan een actueel ToegewezenProduct op basis van ToewijzingNummer.',
  ),
  rule('TR352', 'Bij een verzoek om wijziging komt minstens 1 OngewijzigdProduct of TeWijzigenProduct voor.'),
  rule('TR353', 'Bij een verzoek om wijziging komt minstens 1 TeWijzigenProduct of NieuwProduct voor.'),
  rule(
    'TR355',
    'ReferentieAanbieder in het antwoordbericht komt voor in een eerder verzoek om toewijzing of verzoek om wijziging',
  ),
  rule(
    'TR357',
    'Als GewensteIngangsdatum kleiner dan of gelijk is aan de dagtekening, dan is GewensteIngangsdatum gelijk aan ingangsdatum van het originele ToegewezenProduct.',
  ),
  rule(
    'TR358',
    'De waarde van TotaalBedrag in TotaalIngediendBedrag  moet gelijk zijn aan de SOM van de waarden van Bedrag in Ingediendbedrag in alle onderliggende Prestaties, rekening houdend met indicatie debet/credit.',
  ),
  rule(
    'TR359',
    'Als een antwoordbericht wordt verstuurd, mag er niet al eerder een toewijzingsbericht gestuurd zijn met dezelfde ReferentieAanbieder',
  ),
  rule(
    'TR360',
    'Een antwoordbericht met in VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek), mag alleen gestuurd worden indien er nog geen antwoordbericht is met deze ReferentieAanbieder',
  ),
  rule(
    'TR361',
    'Een Product mag alleen vaker in verzoek om wijziging voorkomen als de zorgperiodes elkaar niet overlappen',
  ),
  rule(
    'TR365',
    'Als er al een antwoordbericht is met dezelfde ReferentieAanbieder dan moet VerzoekAntwoord daar de waarde 2 (Aanvraag in onderzoek) hebben.',
  ),
  rule(
    'TR366',
    'Iedere Prestatie in een declaratieantwoord is gerelateerd aan een declaratiebericht op basis van ProductReferentie.',
  ),
  rule(
    'TR367',
    'Waarde moet overeenkomen met waarde uit het declaratiebericht dat gerelateerd is op basis van ProductReferentie',
  ),
  rule(
    'TR369',
    'Indien in het ToegewezenProduct een Budget is meegegeven, moet de som van GeleverdVolume in alle ingediende Prestaties die betrekking hebben op dat ToegewezenProduct passen binnen het toegewezen Budget.',
  ),
  rule(
    'TR371',
    'Waarde moet overeenkomen met waarde van XsdVersie uit het declaratiebericht dat gerelateerd is op basis van DeclaratieIdentificatie.',
  ),
  rule(
    'TR373',
    'Indien in een TeWijzigenProduct het Budget of het totaal over toewijzingsperiode wordt gewijzigd, dient GewensteIngangsdatum gelijk te zijn aan de actuele toewijzing',
  ),
  rule(
    'TR374',
    'Een verzoek mag alleen worden verstuurd als er geen onderhanden verzoek is voor de betreffende client van dezelfde aanbieder.',
  ),
  rule(
    'TR375',
    'Indien Product in de toewijzing met ToewijzingNummer leeg is en Einddatum groter dan 31-12-2020 of leeg is, dan leeg laten.',
  ),
  rule(
    'TR376',
    'Het DeclaratieNummer dient overeen te komen met het DeclaratieNummer van een eerder ontvangen Declaratie.',
  ),
  rule(
    'TR377',
    'Indien RedenAfwijzingVerzoek de waarde 8 (Woonplaatsbeginsel) heeft, dan berichtklasse Woonplaatsbeginsel opnemen',
  ),
  rule(
    'TR378',
    'Vullen met een bestaande gemeentecode uit het overzicht van CBS dat actueel is op Ingangsdatum of ToewijzingIngangsdatum.',
  ),
  rule(
    'TR379',
    'Indien ToegewezenProduct wordt verstuurd ter honorering van een VOT of VOW, dient ReferentieAanbieder te worden gevuld met ReferentieAanbieder uit die VOT of VOW, anders leeglaten',
  ),
  rule('TR380', 'Vullen met een datum die groter is dan de dagtekening van het bericht.'),
  rule(
    'TR381',
    'ProductCode vullen met een code die, volgens de gehanteerde productcodelijst, past bij de ProductCategorie.',
  ),
  rule(
    'TR382',
    'De sleutelelementen uit het startbericht moeten in het stopbericht, waarin wordt aangegeven dat de betreffende levering (tijdelijk) beeindigd wordt, ongewijzigd worden overgenomen.',
  ),
  rule('TR383', 'ReferentieAanbieder is uniek voor elk AangevraagdProduct binnen het bericht'),
  rule('TR384', 'Het is niet toegestaan te declareren op een toewijzing met RedenWijziging waarde "13" (Verwijderd)'),
  rule(
    'TR385',
    'Indien de toewijzing goedgekeurde (niet gecrediteerde) prestatiesregels met gelijk ToewijzingNummer heeft, is het niet toegestaan deze toewijzing te verwijderen met RedenWijziging waarde 13 (verwijderd)',
  ),
  rule(
    'TR386',
    'Een Product mag alleen vaker in een verzoek om toewijzing voorkomen indien de zorgperiodes elkaar niet overlappen',
  ),
  rule(
    'TR387',
    'De Begindatum van een ProductPeriode is altijd de eerste dag van de kalendermaand waarop de ProductPeriode betrekking heeft tenzij de Ingangsdatum van de toewijzing later in de betreffende maand ligt',
  ),
  rule(
    'TR388',
    'De Einddatum van een ProductPeriode is altijd de laatste dag van de kalendermaand waarop de ProductPeriode betrekking heeft tenzij de Einddatum van de toewijzing eerder in de betreffende maand ligt',
  ),
  rule(
    'TR389',
    'Prestatie met DebetCredit in IngediendBedrag waarde Debet mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk ToewijzingNummer als er niet al eerder een debetprestatie is verzonden.',
  ),
  rule(
    'TR390',
    'DebetCredit mag alleen waarde Credit hebben indien voor Prestatie met gelijk ProductReferentie niet een Prestatie met Credit bestaat',
  ),
  rule(
    'TR409',
    'Als RedenAfwijzingVerzoek ongelijk is aan 8 (Woonplaatsbeginsel), dan berichtklasse Woonplaatsbeginsel weglaten',
  ),
  rule(
    'TR410',
    'Een Product mag alleen vaker in de berichtklassen NieuwProduct voorkomen als de zorgperiodes elkaar niet overlappen.',
  ),
  rule('TR411', 'Indien Code in Product bij de toewijzing met ToewijzingNummer gevuld is, dan Omvang verplicht vullen'),
  rule(
    'TR412',
    'Indien Code in Product bij de toewijzing met ToewijzingNummer leeg is en einddatum groter dan 31-12-2020 of leeg is, dan leeg laten',
  ),
  rule(
    'TR413',
    'Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer, Begindatum en met RedenBeeindiging waarde 20 is, dan moet RedenBeeindiging <> aan waarde 20 zijn, indien StatusAanlevering waarde 1 of 2 heeft.',
  ),
  rule(
    'TR414',
    'Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer en Begindatum is, dan moet Einddatum >= zijn aan Einddatum uit actuele StopProduct.',
  ),
  rule(
    'TR415',
    'Er mag geen StopProduct zijn met gelijk Bsn, ToewijzingNummer, Begindatum en RedenBeeindiging <> waarde 20, indien StatusAanlevering waarde 1 of 2 heeft',
  ),
  rule(
    'TR416',
    'Prestatie met DebetCredit in IngediendBedrag waarde Debet mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk ToewijzingNummer als er niet al een Prestatie met waarde Debet is.',
  ),
  rule('TR418', 'ProductTarief in Prestatie dient overeen te komen met het contractuele tarief van ProductCode.'),
]);
