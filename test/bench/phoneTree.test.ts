import { describe, expect, it } from 'vitest';
import { phoneTree } from '../../bench/phoneTree';
import { readSettings } from '../../src/config/settings';
import { exploreFlow } from '../../src/explore';
import { parseFlow } from '../../src/flow/validate';

// The phone trees `npm run bench` explores to see how `ivr explore` grows:
// they must be flows the app accepts (what `ivr lint` checks), of about the
// size asked, with every kind of node a real menu has, and sound menus
// (explore finds no defect), or the bench would time the wrong thing.

describe('generated phone trees for the bench', () => {
  it.each([50, 200, 800])('about %i nodes, accepted as a flow, with menus, says, hours, dials and hangups', (size) => {
    const tree = phoneTree(size);
    const flow = parseFlow(JSON.stringify(tree.flow), `phone-tree-${size}.json`);
    const count = Object.keys(flow.nodes).length;
    expect(count).toBe(tree.nodes);
    expect(Math.abs(count - size)).toBeLessThanOrEqual(2);
    expect(new Set(Object.values(flow.nodes).map((node) => node.type))).toEqual(new Set(['menu', 'say', 'hours', 'dial', 'hangup']));
  });

  it('is a sound menu: exploring the small tree finds no defect', async () => {
    const flow = parseFlow(JSON.stringify(phoneTree(50).flow));
    const report = await exploreFlow({ flow, settings: readSettings({ TWILIO_SIGNATURE_VALIDATION: 'off' }) });
    expect(report.defects).toEqual([]);
    expect(report.calls).toBeGreaterThan(500);
  }, 60_000);

  it('is the same tree for the same size', () => {
    expect(JSON.stringify(phoneTree(200).flow)).toBe(JSON.stringify(phoneTree(200).flow));
  });
});
