import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { samePath } from '../../src/config/samePath';

// Whether the flow named is the one the app serves (ivr lint, npm start's build, the "not the served
// flow" note) is asked with samePath. On Windows one file has many spellings: the drive letter in
// either case (cmd gives C:, VS Code's terminal c:), and any folder's case (Flows\ typed for flows\),
// since NTFS ignores case; as strings they differ, and the served flow read as "another flow in
// flows/". path.win32 is Node's Windows path rules, on any platform:
// https://nodejs.org/api/path.html#windows-vs-posix

describe('samePath', () => {
  it('on Windows: a drive letter or folder in the other case, and / for \\, name the same file', () => {
    expect(samePath('c:\\app\\flows\\klarna-italia.json', 'C:\\app\\flows\\klarna-italia.json', path.win32)).toBe(true);
    expect(samePath('C:\\app\\Flows\\Klarna-Italia.json', 'C:\\app\\flows\\klarna-italia.json', path.win32)).toBe(true);
    expect(samePath('C:/app/flows/', 'C:\\app\\flows', path.win32)).toBe(true);
    expect(samePath('C:\\app\\flows\\draft.json', 'C:\\app\\flows\\klarna-italia.json', path.win32)).toBe(false);
    expect(samePath('D:\\app\\flows', 'C:\\app\\flows', path.win32)).toBe(false);
  });

  it('with POSIX rules (Linux): case tells files apart; dots and a trailing / do not', () => {
    expect(samePath('/app/Flows/menu.json', '/app/flows/menu.json', path.posix)).toBe(false);
    expect(samePath('/app/flows/../flows/./menu.json', '/app/flows/menu.json', path.posix)).toBe(true);
    expect(samePath('/app/flows/', '/app/flows', path.posix)).toBe(true);
  });
});
