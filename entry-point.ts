import { pathToFileURL } from 'node:url';

/** True when the module with this `import.meta.url` is the file Node was asked to run. */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return Boolean(script) && pathToFileURL(script!).href === moduleUrl;
}

/** Runs an entry point's main; a start-up failure is catastrophic: print it and exit 1. */
export function runEntryPoint(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(
      `${name} failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
