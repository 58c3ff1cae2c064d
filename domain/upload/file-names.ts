import { MAX_NAME_LENGTH } from './limits.ts';
import { uploadProblem, type UploadProblem } from './problems.ts';

/**
 * Rules on file names: the upload's own name and the names inside a ZIP. A name is only ever
 * shown, never used as a path, but a ZIP with folders or `../` is refused anyway: the GGk takes
 * flat ZIPs, and a name that tries to climb out of a folder is a sign of a crafted file.
 */

// Control and format characters (bidi overrides among them) could disguise a name on screen.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** A name safe to show: without invisible characters, cut to a sane length. */
export function displayName(name: string): string {
  const visible = name.replace(INVISIBLE, '').trim();
  if (visible === '') return '(bestand zonder naam)';
  return visible.length > MAX_NAME_LENGTH ? `${visible.slice(0, MAX_NAME_LENGTH)}…` : visible;
}

export const isXmlName = (name: string): boolean => /\.xml$/i.test(name.trim());
export const isZipName = (name: string): boolean => /\.zip$/i.test(name.trim());

/**
 * Why a name inside a ZIP is not a plain file name, or undefined when it is. Both slashes count
 * (Windows tools write `map\bestand.xml`), and so does a drive letter or a bare `.`/`..`.
 */
export function zipEntryNameProblem(name: string): UploadProblem | undefined {
  if (name.endsWith('/') || name.endsWith('\\')) return uploadProblem('PZ-PATH', 'Dit is een map, geen bestand.');
  if (/[/\\]/.test(name) || /^[A-Za-z]:/.test(name)) {
    const climbs = name.split(/[/\\]/).includes('..');
    return uploadProblem(
      'PZ-PATH',
      climbs ? 'De naam verwijst naar een map buiten het ZIP-bestand (../).' : 'De naam bevat een map.',
    );
  }
  if (name === '.' || name === '..' || name.trim() === '')
    return uploadProblem('PZ-PATH', 'Dit is geen geldige bestandsnaam.');
  return undefined;
}
