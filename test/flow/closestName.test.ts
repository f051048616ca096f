import { describe, expect, it } from 'vitest';
import { closestNames } from '../../src/flow/closestName';

// The "use X (the closest name)" of a flow error's fix: what an editor most
// likely meant when a name does not exist (lintFixtures shows it in context).

const NODES = ['consumer-welcome', 'consumer-menu', 'consumer-operator', 'merchant-operator', 'operator-unavailable', 'closed', 'goodbye'];

describe('closestNames', () => {
  it('names the node a typo was meant to be', () => {
    expect(closestNames('goodbey', NODES)).toEqual(['goodbye']);
    expect(closestNames('Consumer-Menu', NODES)).toEqual(['consumer-menu']);
  });

  it('counts two swapped letters as one slip, so a short name typed "form" is still "from"', () => {
    expect(closestNames('form', ['to', 'from', 'at', 'sms'])).toEqual(['from']);
    expect(closestNames('tiemout', ['timeout', 'language'])).toEqual(['timeout']);
  });

  it('names every node a half-name could be, so the editor picks', () => {
    expect(closestNames('operator', NODES)).toEqual(['consumer-operator', 'merchant-operator', 'operator-unavailable']);
    expect(closestNames('welcome', NODES)).toEqual(['consumer-welcome']);
  });

  it('names none when nothing is close, rather than a wrong guess', () => {
    expect(closestNames('front-desk', NODES)).toEqual([]);
    expect(closestNames('en', ['it', 'de'])).toEqual([]);
    expect(closestNames('x', ['closed'])).toEqual([]);
  });
});
