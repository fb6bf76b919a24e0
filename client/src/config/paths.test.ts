import { describe, expect, it } from 'vitest';
import { paths, safeNext } from './paths';

describe('paths', () => {
  it('carries where to go afterwards', () => {
    expect(paths.signIn('/streams/1')).toBe('/sign-in?next=%2Fstreams%2F1');
    expect(paths.signUp('/new')).toBe('/sign-up?next=%2Fnew');
    expect(paths.signIn('/')).toBe('/sign-in');
    expect(paths.signUp()).toBe('/sign-up');
  });

  it.each([
    ['/new', '/new'],
    ['/?status=LIVE', '/?status=LIVE'],
    [null, '/'],
    ['https://evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
  ])('goes on to %j as %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
