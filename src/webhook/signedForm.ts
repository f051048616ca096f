import type { Settings } from '../config/settings';
import { emptyResponse, textResponse, type PlainRequest, type PlainResponse } from '../http/plainHttp';
import { readForm, type FormParams } from './readForm';
import { acceptedAuthTokens, signatureMatchOf, signatureRefusal, signedUrlOf } from './twilioSignature';
import { signatureLogOf } from './signatureLog';
import type { Logger } from '../app/logger';

/**
 * `url`: the URL Twilio signed (with checking off, the one the request tells:
 * signedUrlOf); its origin is where Twilio reached the app.
 */
export type SignedForm = { ok: true; params: FormParams; url: string } | { ok: false; response: PlainResponse; tooLarge: boolean };

/**
 * Reads the form of a request Twilio made to one of our routes, checked as
 * every route checks it: a body over the limit gets 413; with checking on, a
 * signature that matches no accepted token gets 403, and the app's signature
 * log a refusal (the first in full, naming the URL checked; signatureLog.ts)
 * and each acceptance (which token made it, during a rotation). The tokens are read once, when the route is made: nothing in a
 * request can turn signature checking off.
 */
export function signedFormReader(settings: Settings, logger: Logger): (request: PlainRequest) => SignedForm {
  const authTokens = acceptedAuthTokens(settings);
  const checkSignatures = settings.validateSignatures && authTokens.length > 0;
  const log = signatureLogOf(logger);
  return (request) => {
    const form = readForm(request);
    if (!form.ok) return { ok: false, tooLarge: true, response: textResponse(form.status, 'Request body too large') };
    if (!checkSignatures) return { ok: true, params: form.params, url: signedUrlOf(request, settings.publicBaseUrl) };
    const match = signatureMatchOf(request, form.params, authTokens, settings.publicBaseUrl);
    if (match === undefined) {
      log.refused(signatureRefusal(request, form.params, settings.publicBaseUrl));
      return { ok: false, tooLarge: false, response: textResponse(403, 'Forbidden: X-Twilio-Signature does not match') };
    }
    // acceptedAuthTokens leaves out an unset TWILIO_AUTH_TOKEN: then the only token is the secondary.
    log.accepted(settings.authToken && match.token === 0 ? 'primary' : 'secondary');
    return { ok: true, params: form.params, url: match.url };
  };
}

/**
 * A route Twilio posts events to (a call's or a message's status): the signed
 * form goes to `onEvent`, and Twilio gets 204 whatever it does with it, or the
 * refusal; never a 500, which Twilio would record as error 11200 against the
 * number. Twilio needs no TwiML here.
 */
export function twilioCallbackRoute(
  settings: Settings,
  logger: Logger,
  name: string,
  onEvent: (params: FormParams, request: PlainRequest) => void | Promise<void>,
): (request: PlainRequest) => Promise<PlainResponse> {
  const readSigned = signedFormReader(settings, logger);
  return async (request) => {
    try {
      const form = readSigned(request);
      if (!form.ok) return form.response;
      await onEvent(form.params, request);
    } catch (err) {
      logger.error(`${name} failed: ${(err as Error).stack ?? String(err)}`);
    }
    return emptyResponse(204);
  };
}
