import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Application Insights' adaptive sampling keeps a share of each telemetry type
// except those listed in samplingSettings.excludedTypes, a semicolon-separated
// list of Dependency, Event, Exception, PageView, Request and Trace
// (https://learn.microsoft.com/azure/azure-functions/functions-host-json#applicationinsightssamplingsettings).
// The app's console lines reach it as traces, the ivr.call record of each call
// among them: sampled, a busy hour would lose whole calls from every count,
// `ivr report` and `ivr replay`.

const hostJson = JSON.parse(readFileSync(path.join(__dirname, '../../host.json'), 'utf8'));

describe('host.json', () => {
  it('keeps every trace, so no call record is sampled away', () => {
    const sampling = hostJson.logging.applicationInsights.samplingSettings;
    const excluded = String(sampling.excludedTypes ?? '').split(';').map((type: string) => type.trim());
    expect(sampling.isEnabled === false || excluded.includes('Trace')).toBe(true);
  });

  it('serves the functions under /api, where Twilio numbers are pointed', () => {
    expect(hostJson.extensions.http.routePrefix).toBe('api');
  });
});
