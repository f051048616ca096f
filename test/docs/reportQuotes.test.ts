import { describe, expect, it } from 'vitest';
import { flowSendsWords } from '../../src/report/keysPressed';
import { shippedFlow } from '../support/shippedFlow';
import { codeBlocks, projectPages } from './markdown';

// docs/cli.md quotes `ivr report`'s words in its prose, where no text block holds them: where this flow sends a
// key, and the warning of calls that went elsewhere. They went stale when the flow's information keys came (the
// offer then went on to goodbye). Each is checked against what the report says of the shipped flow.

const page = projectPages().find((p) => p.name === 'docs/cli.md')!;
const prose = page.text.replace(/\s+/g, ' ');

describe("docs/cli.md's quotes of ivr report", () => {
  it.each([
    ['consumer-menu', '2'],
    ['consumer-menu', '7'],
    ['chat-link-sms', '1'],
  ])('where this flow sends a key: at %s, %s', (menu, key) => {
    const words = flowSendsWords(shippedFlow(), menu, key, false, (value) => value);
    expect(prose, `docs/cli.md (Keys pressed at each menu) should quote what the report says of key ${key} at ${menu}: \`${words}\``).toContain(`\`${words}\``);
  });

  it('of the calls that went elsewhere are lines of the sample records\' warning', () => {
    const warning = codeBlocks(page).find((block) => block.lang === 'text' && block.code.startsWith('ivr report: 3 calls did not go'));
    expect(warning, 'docs/cli.md no longer shows the sample records\' warning (test/docs/outputBlocks.test.ts checks it)').toBeDefined();
    const quotes = [...prose.matchAll(/`(\d+ calls? went on from [^`]+)`/g)].map((m) => m[1]!);
    expect(quotes.length, 'docs/cli.md no longer quotes a call that went on elsewhere').toBeGreaterThan(0);
    for (const quote of quotes) expect(warning!.code, `docs/cli.md quotes \`${quote}\`: quote the warning above it as printed`).toContain(quote);
  });
});
