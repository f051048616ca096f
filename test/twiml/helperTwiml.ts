import VoiceResponse = require('twilio/lib/twiml/VoiceResponse');
import type { CallState } from '../../src/engine/callState';
import type { Plan, Speech } from '../../src/engine/plan';

// The reference for correct TwiML: the plan built with twilio's own helper,
// as the app did before it wrote the XML itself (src/twiml/buildTwiml.ts).
// Tests hold what the app serves to this, byte for byte.

type SayAttributes = VoiceResponse.SayAttributes;

export function helperTwiml(plan: Plan, urlFor: (state: CallState) => string): string {
  const response = new VoiceResponse();
  for (const action of plan) {
    switch (action.kind) {
      case 'say':
        response.say(sayAttributes(action.speech), action.speech.text);
        break;
      case 'gather': {
        const gather = response.gather({
          input: ['dtmf'],
          numDigits: 1,
          finishOnKey: '',
          timeout: action.timeoutSeconds,
          action: urlFor(action.next),
          method: 'POST',
        });
        for (const speech of action.prompts) gather.say(sayAttributes(speech), speech.text);
        break;
      }
      case 'redirect':
        response.redirect({ method: 'POST' }, urlFor(action.next));
        break;
      case 'dial':
        response.dial({ action: urlFor(action.next), method: 'POST', timeout: action.timeoutSeconds, ...(action.callerId ? { callerId: action.callerId } : {}) }, action.number);
        break;
      case 'hangup':
        response.hangup();
        break;
    }
  }
  return response.toString();
}

function sayAttributes(speech: Speech): SayAttributes {
  return { language: speech.language as SayAttributes['language'], voice: speech.voice as SayAttributes['voice'] };
}
