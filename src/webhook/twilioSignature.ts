import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/**
 * Whether X-Twilio-Signature matches, computed the way Twilio does over the
 * URL it called. Behind a proxy the function sees another origin, so the
 * configured public base URL replaces it.
 */
export function hasValidSignature(
  request: Request,
  params: Record<string, string>,
  authToken: string,
  publicBaseUrl: string | undefined,
): boolean {
  const signature = request.headers.get('x-twilio-signature');
  if (!signature) return false;
  const seen = new URL(request.url);
  const signedUrl = publicBaseUrl ? `${publicBaseUrl}${seen.pathname}${seen.search}` : seen.toString();
  // Twilio signs a GET's URL alone; its query parameters are not added again.
  const signedParams = request.method === 'POST' ? params : {};
  return validateRequest(authToken, signature, signedUrl, signedParams);
}
