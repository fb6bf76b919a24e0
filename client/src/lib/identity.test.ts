import { beforeEach, describe, expect, it } from 'vitest';
import {
  chooseDisplayName,
  endTabIdentity,
  getBrowserIdentity,
  getIdentity,
  newUserId,
  renameIdentity,
  startTabIdentity,
  validateDisplayName,
} from './identity';

describe('identity', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('has none until a display name is chosen, then a stable id every tab shares', () => {
    expect(getIdentity()).toBeNull();
    chooseDisplayName('Ada');
    const first = getIdentity();
    expect(first).toMatchObject({ displayName: 'Ada', scope: 'browser' });
    expect(first?.id).toMatch(/^user-[0-9a-z]{12}$/);
    expect(getIdentity()).toBe(first);

    renameIdentity('Ada L.');
    expect(getIdentity()).toMatchObject({ id: first?.id, displayName: 'Ada L.' });
    expect(JSON.parse(localStorage.getItem('favorited.identity') ?? '')).toEqual({ id: first?.id, displayName: 'Ada L.' });
  });

  it('keeps the id the original client generated', () => {
    localStorage.setItem('favorited_user_id', 'user-abc123xyz');
    chooseDisplayName('Ada');
    expect(getIdentity()?.id).toBe('user-abc123xyz');
  });

  it('lets this tab be someone else, in sessionStorage, and go back', () => {
    chooseDisplayName('Ada');
    const shared = getIdentity();
    startTabIdentity('Bob');
    const tab = getIdentity();
    expect(tab).toMatchObject({ displayName: 'Bob', scope: 'tab' });
    expect(tab?.id).not.toBe(shared?.id);
    expect(getBrowserIdentity()?.id).toBe(shared?.id);

    renameIdentity('Bobby');
    expect(getIdentity()).toMatchObject({ id: tab?.id, displayName: 'Bobby' });
    expect(getBrowserIdentity()?.displayName).toBe('Ada');

    endTabIdentity();
    expect(getIdentity()).toMatchObject({ id: shared?.id, displayName: 'Ada', scope: 'browser' });
  });

  it('treats damaged storage as no identity', () => {
    localStorage.setItem('favorited.identity', '{not json');
    expect(getIdentity()).toBeNull();
    localStorage.setItem('favorited.identity', JSON.stringify({ id: 'x', displayName: '  ' }));
    expect(getIdentity()).toBeNull();
  });

  it('makes different ids', () => {
    expect(new Set(Array.from({ length: 50 }, newUserId)).size).toBe(50);
  });

  it('holds display names to the Api’s join limits', () => {
    expect(validateDisplayName(' ')).toBe('Pick a display name');
    expect(validateDisplayName('a'.repeat(100))).toBeNull();
    expect(validateDisplayName('a'.repeat(101))).toBe('At most 100 characters');
    // 86 four-byte characters are 172 UTF-16 units: over 100 characters either way; 64 emoji are 256 bytes.
    expect(validateDisplayName('😀'.repeat(64))).not.toBeNull();
  });
});
