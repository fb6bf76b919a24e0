import { describe, expect, it } from 'vitest';
import { fieldOfAccountMessage, missingFromPassword, validateAccountForm } from './account-rules';

describe('missingFromPassword', () => {
  it.each([
    ['Passw0rd!', []],
    ['short1!A', []],
    ['Sh0rt!', ['at least 8 characters']],
    ['password', ['an uppercase letter', 'a digit', 'a symbol']],
    ['PASSWORD1!', ['a lowercase letter']],
    // Identity counts ASCII letters only: "é" is a symbol, not a lowercase letter.
    ['ÉCOLE1234é', ['a lowercase letter']],
  ])('%j lacks %j', (password, missing) => {
    expect(missingFromPassword(password)).toEqual(missing);
  });
});

describe('validateAccountForm', () => {
  it('checks every rule of a new account at once', () => {
    expect(validateAccountForm('sign-up', { displayName: ' ', email: 'ada', password: 'password' })).toEqual({
      displayName: 'Pick a display name',
      email: 'Enter an email address, like ada@example.com',
      password: 'Password needs an uppercase letter, a digit and a symbol',
    });
    expect(validateAccountForm('sign-up', { displayName: 'Ada', email: 'ada@example.com', password: 'Passw0rd!' })).toEqual({});
    expect(validateAccountForm('sign-up', { displayName: 'Ada', email: 'a@b@c', password: 'Passw0rd!' }).email).toBeDefined();
  });

  it('only asks for something in each field when signing in (the Api judges the rest)', () => {
    expect(validateAccountForm('sign-in', { displayName: '', email: '', password: '' })).toEqual({
      email: 'Email is required',
      password: 'Password is required',
    });
    expect(validateAccountForm('sign-in', { displayName: '', email: 'ada', password: 'x' })).toEqual({});
  });
});

describe('fieldOfAccountMessage', () => {
  it.each([
    ['An account with this email already exists', 'email'],
    ["Username 'a b' is invalid, can only contain letters or digits.", 'email'],
    ['Email is required', 'email'],
    ['Passwords must have at least one digit (\'0\'-\'9\').', 'password'],
    ['Display name must be at most 100 characters (256 bytes)', 'displayName'],
    ['Too many sign-in attempts from this IP, please try again later', undefined],
  ])('puts %j next to %s', (message, field) => {
    expect(fieldOfAccountMessage(message)).toBe(field);
  });
});
