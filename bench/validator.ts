/**
 * Benchmark of the message exchange, validator: the payload validator on a generated ~25 MB WMO301 (the
 * GGk's maximum file size), throughput and peak resident memory, against `xmllint --noout
 * --schema` on the same file in the same run. Both run as their own process, so each peak RSS
 * (VmHWM, polled from /proc) is that process's alone. Ours is a Node process started the way
 * `npm run validate` starts (tsx), running the same Validator the command uses; its wall time
 * includes that start, and it also reports the time spent in validate() itself.
 *
 * iWmo 3.2 allows one Client per WMO301 (the XSD's Root is Header + Client), so "thousands of
 * clients" would not be a valid 301: the file is one client (with a valid BSN) with thousands of
 * Relaties and ToegewezenProducten, each with its own number so TR101 stays quiet.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sharedDir } from '../test/helpers/shared-dir.ts';
import type { MessageCheck } from '../validation/check-message.ts';
import { createValidator } from '../validation/validator.ts';
import { report } from './lib/stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

const relatie = (n: number): string => `			<wmo301:Relatie>
				<wmo301:Nummer>${n}</wmo301:Nummer>
				<wmo301:Soort>03</wmo301:Soort>
				<wmo301:Naam>
					<iwmo:Geslachtsnaam>
						<iwmo:Achternaam>Jansen</iwmo:Achternaam>
						<iwmo:Voorvoegsel>van</iwmo:Voorvoegsel>
					</iwmo:Geslachtsnaam>
					<iwmo:Voorletters>J</iwmo:Voorletters>
					<iwmo:NaamGebruik>1</iwmo:NaamGebruik>
				</wmo301:Naam>
				<wmo301:Contact>
					<wmo301:Soort>01</wmo301:Soort>
					<wmo301:Adres>
						<iwmo:Huis>
							<iwmo:Huisnummer>${(n % 999) + 1}</iwmo:Huisnummer>
						</iwmo:Huis>
						<iwmo:Postcode>9999XX</iwmo:Postcode>
						<iwmo:Straatnaam>Straatweg</iwmo:Straatnaam>
						<iwmo:Plaatsnaam>Plaats</iwmo:Plaatsnaam>
						<iwmo:LandCode>NL</iwmo:LandCode>
					</wmo301:Adres>
					<wmo301:Emailadres>relatie${n}@example.nl</wmo301:Emailadres>
				</wmo301:Contact>
			</wmo301:Relatie>
`;

/**
 * Day n after 1960-01-01: every ToegewezenProduct is the same product on a day of its own, so
 * none overlaps (TR302) and the overlap check has all 20,000 in one product to compare.
 */
const day = (n: number): string => new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

const product = (n: number): string => `			<wmo301:ToegewezenProduct>
				<wmo301:ToewijzingNummer>${100000 + n}</wmo301:ToewijzingNummer>
				<wmo301:Product>
					<iwmo:Categorie>01</iwmo:Categorie>
					<iwmo:Code>01A01</iwmo:Code>
				</wmo301:Product>
				<wmo301:Toewijzingsdatum>2023-08-13</wmo301:Toewijzingsdatum>
				<wmo301:Toewijzingstijd>12:34:56</wmo301:Toewijzingstijd>
				<wmo301:Ingangsdatum>${day(n)}</wmo301:Ingangsdatum>
				<wmo301:Einddatum>${day(n)}</wmo301:Einddatum>
				<wmo301:Omvang>
					<iwmo:Volume>10</iwmo:Volume>
					<iwmo:Eenheid>01</iwmo:Eenheid>
					<iwmo:Frequentie>1</iwmo:Frequentie>
				</wmo301:Omvang>
				<wmo301:Commentaar>Toegewezen product ${n}</wmo301:Commentaar>
			</wmo301:ToegewezenProduct>
`;

/** A valid WMO301 of about `targetBytes`: half Relaties, half ToegewezenProducten. */
export function generateWmo301(targetBytes: number): { xml: string; relaties: number; producten: number } {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<wmo301:Bericht xmlns:iwmo="http://www.istandaarden.nl/iwmo/3_2/basisschema/schema" xmlns:wmo301="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema">
	<wmo301:Header>
		<wmo301:BerichtCode>414</wmo301:BerichtCode>
		<wmo301:BerichtVersie>3</wmo301:BerichtVersie>
		<wmo301:BerichtSubversie>2</wmo301:BerichtSubversie>
		<wmo301:Afzender>0384</wmo301:Afzender>
		<wmo301:Ontvanger>42420001</wmo301:Ontvanger>
		<wmo301:BerichtIdentificatie>
			<iwmo:Identificatie>BENCH0001</iwmo:Identificatie>
			<iwmo:Dagtekening>2023-08-13</iwmo:Dagtekening>
		</wmo301:BerichtIdentificatie>
		<wmo301:XsdVersie>
			<iwmo:BasisschemaXsdVersie>1.0.0</iwmo:BasisschemaXsdVersie>
			<iwmo:BerichtXsdVersie>1.0.0</iwmo:BerichtXsdVersie>
		</wmo301:XsdVersie>
	</wmo301:Header>
	<wmo301:Client>
		<wmo301:Bsn>999900006</wmo301:Bsn>
		<wmo301:Geboortedatum>
			<iwmo:Datum>1967-08-13</iwmo:Datum>
		</wmo301:Geboortedatum>
		<wmo301:Geslacht>1</wmo301:Geslacht>
		<wmo301:Naam>
			<iwmo:Geslachtsnaam>
				<iwmo:Achternaam>Wit</iwmo:Achternaam>
			</iwmo:Geslachtsnaam>
			<iwmo:Voorletters>T</iwmo:Voorletters>
			<iwmo:NaamGebruik>1</iwmo:NaamGebruik>
		</wmo301:Naam>
`;
  const contact = `		<wmo301:Contactgegevens>
			<wmo301:Contact>
				<wmo301:Soort>01</wmo301:Soort>
				<wmo301:Adres>
					<iwmo:Huis>
						<iwmo:Huisnummer>100</iwmo:Huisnummer>
					</iwmo:Huis>
					<iwmo:Postcode>9999XX</iwmo:Postcode>
					<iwmo:Straatnaam>Straatweg</iwmo:Straatnaam>
					<iwmo:Plaatsnaam>Plaats</iwmo:Plaatsnaam>
					<iwmo:LandCode>NL</iwmo:LandCode>
				</wmo301:Adres>
			</wmo301:Contact>
		</wmo301:Contactgegevens>
`;
  // OP192: CR/LF line ends. Sizes are taken after the conversion, so the file stays under the target.
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
  const half = (targetBytes - crlf(head + contact).length - 200) / 2;
  const relaties = Math.max(1, Math.floor(half / crlf(relatie(99999)).length));
  const producten = Math.max(1, Math.floor(half / crlf(product(99999)).length));
  const parts = [head, '\t\t<wmo301:Relaties>\n'];
  for (let n = 1; n <= relaties; n++) parts.push(relatie(n));
  parts.push('\t\t</wmo301:Relaties>\n', contact, '\t\t<wmo301:ToegewezenProducten>\n');
  for (let n = 1; n <= producten; n++) parts.push(product(n));
  parts.push('\t\t</wmo301:ToegewezenProducten>\n\t</wmo301:Client>\n</wmo301:Bericht>\n');
  return { xml: crlf(parts.join('')), relaties, producten };
}

type Run = { ms: number; cpuMs: number; peakMiB: number; stdout: string; stderr: string; exitCode: number | null };

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** User plus system time of a running process so far, in ms (0 once it is gone). */
function cpuSoFar(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * Runs a command, polling its VmHWM (peak resident set) and its CPU time until it exits. The CPU
 * time is what a loaded box distorts least: other processes lengthen the wall time, not the work.
 */
function measure(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKiB = 0;
    let cpuMs = 0;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Keep only the start: an invalid file makes xmllint print a line per error.
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, 2000)));
    const poll = setInterval(() => {
      try {
        const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKiB = Math.max(peakKiB, kib);
        cpuMs = Math.max(cpuMs, cpuSoFar(child.pid));
      } catch {
        // exited between polls; the peak so far stands (it is a high-water mark)
      }
    }, 2);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - started, cpuMs, peakMiB: peakKiB / 1024, stdout, stderr, exitCode });
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchValidator(options: { targetBytes: number; schemaDir?: string }): Promise<void> {
  const schemaDir = options.schemaDir ?? process.env.ISTANDAARDEN_SCHEMA_DIR ?? join(sharedDir(), 'istandaarden');
  const xsd = join(schemaDir, 'wmo/xsd/WMO301.xsd');
  if (!existsSync(xsd))
    throw new Error(`bench validator: no ${xsd}; set ISTANDAARDEN_SCHEMA_DIR to the iWmo/iJw XSD directory`);
  const dir = mkdtempSync(join(tmpdir(), 'pz-bench-validator-'));
  try {
    const file = join(dir, 'WMO301-25MB.xml');
    const generated = generateWmo301(options.targetBytes);
    writeFileSync(file, generated.xml);
    const mb = statSync(file).size / 1_000_000;
    const xmllint: Run[] = [];
    const ours: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      xmllint.push(await measure('xmllint', ['--noout', '--schema', xsd, file]));
      ours.push(
        await measure(process.execPath, [
          '--import',
          'tsx',
          join(root, 'bench/validator.ts'),
          '--child',
          schemaDir,
          file,
        ]),
      );
    }
    const steadyRuns: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await measure(process.execPath, [
        '--import',
        'tsx',
        join(root, 'bench/validator.ts'),
        '--steady',
        schemaDir,
        file,
      ]);
      if (run.exitCode !== 0) throw new Error(`bench validator: the steady-state run failed: ${run.stderr}`);
      steadyRuns.push(JSON.parse(run.stdout) as { ms: number; cpuMs: number });
    }
    const parts = await measure(process.execPath, [
      '--import',
      'tsx',
      join(root, 'bench/validator.ts'),
      '--parts',
      schemaDir,
      file,
    ]);
    if (parts.exitCode !== 0) throw new Error(`bench validator: the breakdown failed: ${parts.stderr}`);
    const split = JSON.parse(parts.stdout) as { xsdMs: number; rulesMs: number };
    const invalid = xmllint.find((r) => r.exitCode !== 0);
    if (invalid) throw new Error(`bench validator: xmllint says the generated WMO301 is not valid: ${invalid.stderr}`);
    const inside = ours.map(
      (r) => JSON.parse(r.stdout) as { valid: boolean; validateMs: number; validateCpuMs: number; findings: unknown[] },
    );
    if (inside.some((r) => !r.valid))
      throw new Error(
        `bench validator: our validator rejects the generated WMO301: ${JSON.stringify(inside[0]?.findings).slice(0, 500)}`,
      );
    const [baseMs, ourMs, ourInsideMs] = [
      median(xmllint.map((r) => r.ms)),
      median(ours.map((r) => r.ms)),
      median(inside.map((r) => r.validateMs)),
    ];
    const [baseCpu, ourCpu, ourInsideCpu] = [
      median(xmllint.map((r) => r.cpuMs)),
      median(ours.map((r) => r.cpuMs)),
      median(inside.map((r) => r.validateCpuMs)),
    ];
    const [nextMs, nextCpu] = [median(steadyRuns.map((r) => r.ms)), median(steadyRuns.map((r) => r.cpuMs))];
    const [basePeak, ourPeak] = [Math.max(...xmllint.map((r) => r.peakMiB)), Math.max(...ours.map((r) => r.peakMiB))];
    const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
    report(
      `payload validator on a generated ${mb.toFixed(1)} MB WMO301 (1 client, ${generated.relaties} Relaties, ${generated.producten} ToegewezenProducten), median of ${RUNS} runs`,
      [
        `xmllint --noout --schema (baseline, native libxml2): ${(baseMs / 1000).toFixed(2)} s, ${rate(baseMs)}, peak RSS ${basePeak.toFixed(0)} MiB`,
        `our validator, own process (Node + tsx start, thread start and schema compilation on a first small file, then the 25 MB file; one validation thread): ${(ourMs / 1000).toFixed(2)} s, ${rate(ourMs)}, peak RSS ${ourPeak.toFixed(0)} MiB`,
        `  of which validate() of the 25 MB file in the running validator, as in the portal: ${(ourInsideMs / 1000).toFixed(2)} s, ${rate(ourInsideMs)}`,
        `  a next 25 MB file in the same validator (the portal's steady state, the thread's code compiled): ${(nextMs / 1000).toFixed(2)} s wall, ${(nextCpu / 1000).toFixed(2)} s CPU; ratio xmllint ÷ ours ${(baseMs / nextMs).toFixed(2)} wall, ${(baseCpu / nextCpu).toFixed(2)} CPU`,
        `ratio ours ÷ xmllint: time ${(ourMs / baseMs).toFixed(2)} (validate() alone ${(ourInsideMs / baseMs).toFixed(2)}), peak RSS ${(ourPeak / basePeak).toFixed(2)}`,
        `CPU time (user + system, all threads; what other load on the box changes least): xmllint ${(baseCpu / 1000).toFixed(2)} s, our process ${(ourCpu / 1000).toFixed(2)} s, of which validate() ${(ourInsideCpu / 1000).toFixed(2)} s; ratio ours ÷ xmllint ${(ourCpu / baseCpu).toFixed(2)} (validate() alone ${(ourInsideCpu / baseCpu).toFixed(2)})`,
        `where validate() spends it (each part alone on one thread, warm, median of ${RUNS}): the XSD (decode, safe read, streaming schema) ${(split.xsdMs / 1000).toFixed(2)} s, ratio to xmllint ${(split.xsdMs / baseMs).toFixed(2)}; the single-message rules (decode, safe read, rules) ${(split.rulesMs / 1000).toFixed(2)} s. xmllint checks only the XSD.`,
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Steady-state mode: the portal's validator lives as long as the process, so a next large file
 * finds the thread's code compiled by the JIT. Checks the file twice and prints the second.
 * Its own process, so the first child's peak RSS stays that of one `npm run validate`.
 */
async function steady(schemaDir: string, file: string): Promise<void> {
  const bytes = readFileSync(file);
  const validator = createValidator(schemaDir, { threads: 1 });
  const [first] = await validator.validate([{ name: file, bytes }]);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const [next] = await validator.validate([{ name: file, bytes }]);
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  await validator.close();
  if (!first!.valid || !next!.valid) throw new Error('bench validator: the generated WMO301 is not valid');
  process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
}

/** Child mode: validate one file in this process and print the time validate() took. */
async function child(schemaDir: string, file: string): Promise<void> {
  const bytes = readFileSync(file);
  const validator = createValidator(schemaDir, { threads: 1 });
  // As in the portal, the validation thread is running and the WMO301 schema compiled before the
  // upload comes: a first, small WMO301 does that. The process's own wall time includes it.
  const [warm] = await validator.validate([
    { name: 'WMO301.xml', bytes: readFileSync(join(schemaDir, 'wmo/examples/WMO301.xml')) },
  ]);
  if (!warm!.valid)
    throw new Error(
      `bench validator: the official WMO301 example is not valid: ${JSON.stringify(warm!.findings).slice(0, 300)}`,
    );
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const [result] = await validator.validate([{ name: file, bytes }]);
  const validateMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const validateCpuMs = (cpu.user + cpu.system) / 1000;
  await validator.close();
  process.stdout.write(
    `${JSON.stringify({ valid: result!.valid, validateMs, validateCpuMs, findings: result!.findings.slice(0, 5) })}\n`,
  );
}

/** Breakdown mode: the XSD part and the rules part of checkMessage, each alone and warm, in this thread. */
async function parts(schemaDir: string, file: string): Promise<void> {
  // Loaded here, not at the top: the child that times a validation loads what `npm run validate`
  // loads in its main thread, and the check itself with its rule tables lives in the thread.
  const { checkMessage } = await import('../validation/check-message.ts');
  const { SchemaStore } = await import('../validation/schemas.ts');
  const { StreamSchemas } = await import('../validation/xsd/stream-schemas.ts');
  const bytes = readFileSync(file);
  const streamSchemas = new StreamSchemas(new SchemaStore(schemaDir));
  const timed = (run: () => MessageCheck): number => {
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const started = performance.now();
      const check = run();
      if (check.findings.length > 0)
        throw new Error(`bench validator: findings on the generated WMO301: ${JSON.stringify(check.findings[0])}`);
      if (i > 0) samples.push(performance.now() - started); // the first run warms the JIT
    }
    return median(samples);
  };
  const xsdMs = timed(() => checkMessage(bytes, streamSchemas.lookup, { rules: false }));
  const rulesMs = timed(() => checkMessage(bytes));
  process.stdout.write(`${JSON.stringify({ xsdMs, rulesMs })}\n`);
}

/** Also runnable on its own: `npx tsx bench/validator.ts` (BENCH_VALIDATOR_BYTES, ISTANDAARDEN_SCHEMA_DIR). */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const work =
    process.argv[2] === '--child'
      ? child(process.argv[3]!, process.argv[4]!)
      : process.argv[2] === '--steady'
        ? steady(process.argv[3]!, process.argv[4]!)
        : process.argv[2] === '--parts'
          ? parts(process.argv[3]!, process.argv[4]!)
          : benchValidator({ targetBytes: Number(process.env.BENCH_VALIDATOR_BYTES ?? 24_900_000) });
  work.then(
    () => (process.exitCode = 0),
    (err: unknown) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
