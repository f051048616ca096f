import VoiceResponse = require('twilio/lib/twiml/VoiceResponse');
import type { Plan, Speech } from '../engine/plan';
import type { CallState } from '../engine/callState';

// Only the TwiML builder is loaded, not the whole twilio package: the root
// module pulls in the REST client and costs ~140 ms of cold start.

type SayAttributes = VoiceResponse.SayAttributes;

/**
 * The plan as TwiML, built with twilio's VoiceResponse: the reference for
 * correct TwiML. It costs tens of microseconds a document, so requests get
 * its output through `renderPlan`, which builds each distinct answer once.
 */
export function buildTwiml(plan: Plan, urlFor: (state: CallState) => string): string {
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
        response.dial({ action: urlFor(action.next), method: 'POST', timeout: action.timeoutSeconds }, action.number);
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
