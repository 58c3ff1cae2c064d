import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  formatCode,
  isWellFormedCode,
  normalizeCode,
} from '../../domain/verification-code.ts';
import { generateCode, hashCode, newSalt } from '../../usecases/code-crypto.ts';

describe('verification code format', () => {
  it('uses Crockford base32: 32 symbols without I, L, O and U', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    for (const letter of 'ILOU') expect(CODE_ALPHABET).not.toContain(letter);
  });

  it('normalises what a person types: case, spaces, dashes and the look-alikes O, I and L', () => {
    expect(normalizeCode('abcde-12345')).toBe('ABCDE12345');
    expect(normalizeCode(' ab cd e - 1 2 3 4 5 ')).toBe('ABCDE12345');
    expect(normalizeCode('oOiIlL')).toBe('001111');
    expect(normalizeCode('\tABCDE\n12345')).toBe('ABCDE12345');
  });

  it('accepts exactly ten symbols of the alphabet, nothing else', () => {
    expect(isWellFormedCode('ABCDE12345')).toBe(true);
    expect(isWellFormedCode('ABCDE1234')).toBe(false);
    expect(isWellFormedCode('ABCDE123456')).toBe(false);
    expect(isWellFormedCode('ABCDE1234U')).toBe(false);
    expect(isWellFormedCode('abcde12345')).toBe(false);
    expect(isWellFormedCode('ABCDE-1234')).toBe(false);
    expect(isWellFormedCode(normalizeCode('abcde-1234o'))).toBe(true);
    expect(isWellFormedCode(normalizeCode('abcde-1234u'))).toBe(false);
  });

  it('shows a code as two groups of five', () => {
    expect(formatCode('ABCDE12345')).toBe('ABCDE-12345');
    expect(formatCode('abcde-12345')).toBe('ABCDE-12345');
  });
});

describe('verification code generation and hashing', () => {
  it('generates well-formed codes that differ and use the whole alphabet', () => {
    const codes = Array.from({ length: 400 }, generateCode);
    expect(codes.every((c) => c.length === CODE_LENGTH && isWellFormedCode(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(codes.join('')).size).toBe(32);
  });

  it('gives a new random salt each time', () => {
    const salts = Array.from({ length: 20 }, newSalt);
    expect(new Set(salts).size).toBe(20);
    expect(salts.every((s) => /^[0-9a-f]{32}$/.test(s))).toBe(true);
  });

  it('hashes deterministically per salt, differently per salt and per code, as 64 hex characters', async () => {
    const salt = newSalt();
    const a = await hashCode('ABCDE12345', salt);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashCode('ABCDE12345', salt)).toBe(a);
    expect(await hashCode('ABCDE12345', newSalt())).not.toBe(a);
    expect(await hashCode('ABCDE12346', salt)).not.toBe(a);
    expect(a).not.toContain('ABCDE12345'.toLowerCase());
  });
});
